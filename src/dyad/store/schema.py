"""The event store's file: SQLite in WAL mode.

Why SQLite: it is embedded (a single file, nothing to start), ships with Python, and in WAL
(write-ahead log) mode readers never block the one writer and the writer never blocks readers —
so ``dyad events`` can query while ``dyad ingest`` is filling the same file. Each batch of
articles is one transaction, so a killed ingest leaves the file at the last committed batch.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from dyad.store.aggregates import AGGREGATES, ensure_totals

DEFAULT_DB = "dyad.db"
DB_ENV = "DYAD_DB"
SCHEMA_VERSION = 2  # 2: mentions.realis and events.realis (dyad.events.realis)

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);

CREATE TABLE IF NOT EXISTS articles (
    id          TEXT PRIMARY KEY,
    url         TEXT,
    title       TEXT,
    outlet      TEXT,
    published   TEXT,          -- ISO date or NULL
    text        TEXT NOT NULL, -- as given: every offset in mentions indexes it
    text_sha1   TEXT NOT NULL,
    sentences   INTEGER NOT NULL,
    events      INTEGER NOT NULL,
    run_id      INTEGER NOT NULL,
    ingested_at TEXT NOT NULL
);

-- one row per event as coded in one sentence of one article (GDELT's mentions table)
CREATE TABLE IF NOT EXISTS mentions (
    mention_id     TEXT PRIMARY KEY,   -- the coder's event_id (article, trigger offset, actors, code)
    event_key      TEXT NOT NULL,      -- the deduplicated event it belongs to
    article_id     TEXT NOT NULL,
    sentence_index INTEGER NOT NULL,
    sentence       TEXT NOT NULL,
    source_code TEXT, source_country TEXT, source_sector TEXT, source_name TEXT,
    source_text TEXT, source_start INTEGER, source_end INTEGER,
    target_code TEXT, target_country TEXT, target_sector TEXT, target_name TEXT,
    target_text TEXT, target_start INTEGER, target_end INTEGER,
    cameo TEXT NOT NULL, cameo_root TEXT NOT NULL, goldstein REAL, quad_class INTEGER,
    plover TEXT, plover_mode TEXT, negated INTEGER NOT NULL,
    trigger_text TEXT, trigger_start INTEGER, trigger_end INTEGER,
    date TEXT, date_precision TEXT, confidence REAL, rule TEXT, quote_id TEXT,
    record TEXT NOT NULL,             -- the full event record as JSON
    realis TEXT NOT NULL DEFAULT 'asserted'  -- asserted | hypothetical | future | background | denied
);
CREATE INDEX IF NOT EXISTS mentions_event ON mentions(event_key);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id);

-- one row per deduplicated event (GDELT's events table); counts are recomputed from mentions
CREATE TABLE IF NOT EXISTS events (
    event_key     TEXT PRIMARY KEY,
    date_window   TEXT NOT NULL,       -- W2019-14 (ISO week), M2019-09, Y2019 or undated
    date          TEXT,                -- earliest mention date
    date_precision TEXT,
    source_code TEXT, source_country TEXT, source_sector TEXT, source_name TEXT,
    target_code TEXT, target_country TEXT, target_sector TEXT, target_name TEXT,
    cameo TEXT NOT NULL, cameo_root TEXT NOT NULL, goldstein REAL, quad_class INTEGER,
    plover TEXT, plover_mode TEXT, contexts TEXT, negated INTEGER NOT NULL,
    location TEXT,
    num_mentions INTEGER NOT NULL, num_sources INTEGER NOT NULL, num_articles INTEGER NOT NULL,
    confidence REAL,                   -- highest mention confidence
    first_mention TEXT NOT NULL,       -- mention_id of the earliest mention
    source_url TEXT,                   -- URL of the first article that has one
    is_root INTEGER NOT NULL,          -- some mention is in an article's first sentence
    added_at TEXT NOT NULL,
    realis TEXT NOT NULL DEFAULT 'asserted'  -- asserted when any mention is, else the first mention's
);
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE INDEX IF NOT EXISTS events_source ON events(source_code);
CREATE INDEX IF NOT EXISTS events_target ON events(target_code);
CREATE INDEX IF NOT EXISTS events_plover ON events(plover);
CREATE INDEX IF NOT EXISTS events_root ON events(cameo_root);
-- no index on realis: nearly every event is asserted, and an index would lure the planner away
-- from the page-order indexes below into sorting every match
-- the API's page orders (dyad.api.query.order_by): date with undated events last, then key
CREATE INDEX IF NOT EXISTS events_page_asc ON events(coalesce(date, '~'), event_key);
CREATE INDEX IF NOT EXISTS events_page_desc ON events(coalesce(date, ''), event_key);

-- direct and reported quotes of each article, with their speakers (see dyad.quotes)
CREATE TABLE IF NOT EXISTS quotes (
    article_id   TEXT NOT NULL,
    quote_id     TEXT NOT NULL,       -- the id events inside the quote carry as quote_id
    kind         TEXT NOT NULL,       -- direct | reported | attributed
    content      TEXT NOT NULL, content_start INTEGER NOT NULL, content_end INTEGER NOT NULL,
    speaker_text TEXT, speaker_start INTEGER, speaker_end INTEGER,
    speaker_code TEXT, speaker_name TEXT,
    cue_text     TEXT, cue_start INTEGER, cue_end INTEGER,
    PRIMARY KEY (article_id, quote_id)
);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker_code);

CREATE TABLE IF NOT EXISTS ingest_runs (
    run_id      INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    status      TEXT NOT NULL,         -- running | done | interrupted (a killed run is marked at the next run)
    inputs      TEXT NOT NULL,         -- JSON list of paths/URLs
    coded       INTEGER NOT NULL DEFAULT 0,
    skipped     INTEGER NOT NULL DEFAULT 0,
    failed      INTEGER NOT NULL DEFAULT 0,
    version     TEXT
);

CREATE TABLE IF NOT EXISTS errors (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id   INTEGER NOT NULL,
    location TEXT NOT NULL,            -- file, file:line, URL, archive record
    reason   TEXT NOT NULL,
    at       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS errors_run ON errors(run_id);
"""


def default_db() -> str:
    """``$DYAD_DB`` if set, else ``dyad.db`` in the current folder."""
    return os.environ.get(DB_ENV) or DEFAULT_DB


def connect(path: str | Path, create: bool = True, timeout: float = 60.0) -> sqlite3.Connection:
    """Open the store (creating it unless ``create`` is False) in WAL mode, autocommit; callers
    wrap writes in ``BEGIN IMMEDIATE`` … ``COMMIT``."""
    from dyad.store.faults import store_errors

    path = Path(path)
    if not create and not path.exists():
        raise FileNotFoundError(f"no event store at {path}: run `dyad ingest` first, or pass --db")
    if path.is_dir():
        from dyad.store.faults import StoreError

        raise StoreError(f"{path} is a folder, not an event store file; pass --db FILE")
    with store_errors(path):
        return _connect(path, create, timeout)


def _connect(path: Path, create: bool, timeout: float) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None,
                           check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA busy_timeout = %d" % int(timeout * 1000))
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # "file is not a database"
    if not create:  # a reader of a store made by an older dyad upgrades it too (schema 2)
        _upgrade_for_reading(conn, path)
    if create:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":  # pragma: no cover — e.g. a network filesystem
            raise RuntimeError(f"could not put {path} in WAL mode (got {mode}); use a local disk")
        # NORMAL is durable across a killed process in WAL mode (only power loss can drop the
        # last commits), and much faster than FULL.
        conn.execute("PRAGMA synchronous = NORMAL")
        add_realis(conn)
        conn.executescript(SCHEMA)
        conn.executescript(AGGREGATES)
        conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        ensure_totals(conn)
        if "pid" not in {r[1] for r in conn.execute("PRAGMA table_info(ingest_runs)")}:
            conn.execute("ALTER TABLE ingest_runs ADD COLUMN pid INTEGER")  # who runs it
    return conn


_REALIS_OF_EVENTS = """
UPDATE events SET realis = CASE
    WHEN EXISTS (SELECT 1 FROM mentions m WHERE m.event_key = events.event_key
                 AND m.realis = 'asserted') THEN 'asserted'
    ELSE coalesce((SELECT m.realis FROM mentions m WHERE m.mention_id = events.first_mention),
                  'asserted') END
"""


def add_realis(conn: sqlite3.Connection) -> None:
    """Upgrade a store made before schema 2: a ``realis`` column on mentions (read from each
    mention's JSON record, 'asserted' when the record has none) and on events, in one
    transaction. A store without the tables yet (new) is left to ``SCHEMA``."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "mentions" not in tables or "realis" in {r[1] for r in conn.execute("PRAGMA table_info(mentions)")}:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("ALTER TABLE mentions ADD COLUMN realis TEXT NOT NULL DEFAULT 'asserted'")
        conn.execute("UPDATE mentions SET realis = coalesce(json_extract(record, '$.realis'), 'asserted')")
        conn.execute("ALTER TABLE events ADD COLUMN realis TEXT NOT NULL DEFAULT 'asserted'")
        conn.execute(_REALIS_OF_EVENTS)
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _upgrade_for_reading(conn: sqlite3.Connection, path: Path) -> None:
    try:
        add_realis(conn)
    except sqlite3.OperationalError as exc:
        if "readonly" not in str(exc) and "read-only" not in str(exc):
            raise
        from dyad.store.faults import StoreError

        raise StoreError(f"{path} was made by an older dyad (no realis column) and is read-only "
                         "here; open it once where it can be written (dyad reindex --db FILE) "
                         "to upgrade it") from None
