"""Pre-aggregated totals kept consistent by the store itself.

``event_totals`` holds, per stored event date and negation, how many deduplicated events there
are and how many mentions they have. It is the denominator of every share in ``dyad trends``
(GDELT's advice: divide a count by the period's total, because the volume of news grows), and
reading a few thousand rows of it is much faster than counting a million events.

SQLite triggers on ``events`` keep it exact whoever writes: an insert adds, a delete subtracts,
an update moves the counts. (``INSERT OR REPLACE`` on ``events`` would bypass the delete trigger
unless ``recursive_triggers`` is on, so the store updates events with an upsert instead.)
``rebuild_totals`` recomputes it from ``events``; ``dyad reindex`` runs it, and a store created
before the table existed is filled on first open.
"""
from __future__ import annotations

import sqlite3

TOTALS_META = "event_totals"

AGGREGATES = """
CREATE TABLE IF NOT EXISTS event_totals (
    date     TEXT NOT NULL,            -- the events' date as stored ('' when undated)
    negated  INTEGER NOT NULL,
    events   INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (date, negated)
) WITHOUT ROWID;

CREATE TRIGGER IF NOT EXISTS event_totals_insert AFTER INSERT ON events BEGIN
    INSERT INTO event_totals (date, negated, events, mentions)
    VALUES (COALESCE(NEW.date, ''), NEW.negated, 1, NEW.num_mentions)
    ON CONFLICT (date, negated) DO UPDATE SET events = events + 1,
                                              mentions = mentions + excluded.mentions;
END;

CREATE TRIGGER IF NOT EXISTS event_totals_delete AFTER DELETE ON events BEGIN
    UPDATE event_totals SET events = events - 1, mentions = mentions - OLD.num_mentions
    WHERE date = COALESCE(OLD.date, '') AND negated = OLD.negated;
END;

CREATE TRIGGER IF NOT EXISTS event_totals_update AFTER UPDATE OF date, negated, num_mentions ON events
BEGIN
    UPDATE event_totals SET events = events - 1, mentions = mentions - OLD.num_mentions
    WHERE date = COALESCE(OLD.date, '') AND negated = OLD.negated;
    INSERT INTO event_totals (date, negated, events, mentions)
    VALUES (COALESCE(NEW.date, ''), NEW.negated, 1, NEW.num_mentions)
    ON CONFLICT (date, negated) DO UPDATE SET events = events + 1,
                                              mentions = mentions + excluded.mentions;
END;
"""

_FILL = """
INSERT INTO event_totals (date, negated, events, mentions)
SELECT COALESCE(date, ''), negated, count(*), sum(num_mentions) FROM events
GROUP BY COALESCE(date, ''), negated
"""


def rebuild_totals(conn: sqlite3.Connection) -> int:
    """Recompute ``event_totals`` from ``events`` in one transaction; returns its row count."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("DELETE FROM event_totals")
        conn.execute(_FILL)
        conn.execute("INSERT OR REPLACE INTO meta VALUES (?, '1')", (TOTALS_META,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return conn.execute("SELECT count(*) FROM event_totals").fetchone()[0]


def ensure_totals(conn: sqlite3.Connection) -> None:
    """Fill ``event_totals`` once for a store that had events before the table existed."""
    if conn.execute("SELECT 1 FROM meta WHERE key = ?", (TOTALS_META,)).fetchone() is None:
        rebuild_totals(conn)


def totals_ready(conn: sqlite3.Connection) -> bool:
    """Whether ``event_totals`` exists and is maintained (a store opened read-only and created
    by an older dyad may not have it yet: readers then count ``events`` directly)."""
    try:
        return conn.execute("SELECT 1 FROM meta WHERE key = ?", (TOTALS_META,)).fetchone() is not None
    except sqlite3.OperationalError:
        return False


def check_totals(conn: sqlite3.Connection) -> list[tuple]:
    """Rows where ``event_totals`` disagrees with ``events`` (empty when consistent)."""
    sql = f"""
    SELECT d, n, sum(a), sum(b), sum(c), sum(x) FROM (
        SELECT date AS d, negated AS n, events AS a, mentions AS b, 0 AS c, 0 AS x FROM event_totals
        UNION ALL
        SELECT COALESCE(date, ''), negated, 0, 0, count(*), sum(num_mentions) FROM events
        GROUP BY COALESCE(date, ''), negated)
    GROUP BY d, n HAVING sum(a) != sum(c) OR sum(b) != sum(x)
    """
    return [tuple(r) for r in conn.execute(sql)]
