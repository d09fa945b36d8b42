"""Writing to the store: runs, per-document errors, and batches of coded articles — each batch
in one transaction, so a killed ingest loses at most the batch in flight and never half of one."""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sqlite3
from pathlib import Path
from typing import Iterable, Sequence

from dyad.coder import CodedArticle
from dyad.ingest.files import InputError
from dyad.store.dedup import event_key, recompute
from dyad.store.outputs import pid_alive
from dyad.store.schema import connect


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


class Store:
    """One open store file. ``with Store(path) as store: ...`` closes it."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.conn: sqlite3.Connection = connect(self.path)

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # --- runs and errors -----------------------------------------------------------------------
    def start_run(self, inputs: Sequence[str]) -> int:
        """A new run; runs left 'running' by a process that is gone (killed) become
        'interrupted' first."""
        from dyad import __version__

        self.mark_interrupted()
        cur = self.conn.execute(
            "INSERT INTO ingest_runs (started_at, status, inputs, version, pid) "
            "VALUES (?, 'running', ?, ?, ?)", (_now(), json.dumps(list(inputs)), __version__,
                                               os.getpid()))
        return int(cur.lastrowid)

    def mark_interrupted(self) -> int:
        stale = [r[0] for r in self.conn.execute(
            "SELECT run_id, pid FROM ingest_runs WHERE status = 'running'") if not pid_alive(r[1])]
        for run_id in stale:
            self.conn.execute("UPDATE ingest_runs SET status = 'interrupted' WHERE run_id = ? "
                              "AND status = 'running'", (run_id,))
        return len(stale)

    def finish_run(self, run_id: int, status: str = "done") -> None:
        self.conn.execute("UPDATE ingest_runs SET finished_at = ?, status = ? WHERE run_id = ?",
                          (_now(), status, run_id))

    def has_article(self, article_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() \
            is not None

    # --- one batch -----------------------------------------------------------------------------
    def write_batch(self, run_id: int, coded: Iterable[CodedArticle],
                    errors: Iterable[InputError] = (), skipped: int = 0) -> int:
        """Store coded articles (those already present are left alone), their mentions, the
        events they touch, the errors and the run's counters — all in one transaction. Returns
        the number of articles actually added."""
        now = _now()
        added = 0
        keys: set[str] = set()
        errors = list(errors)
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            for item in coded:
                a = item.article
                cur = conn.execute(
                    "INSERT OR IGNORE INTO articles (id, url, title, outlet, published, text, text_sha1,"
                    " sentences, events, run_id, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (a.id, a.url, a.title, a.outlet, a.published.isoformat() if a.published else None,
                     a.text, hashlib.sha1(a.text.encode("utf-8")).hexdigest(), item.sentences,
                     len(item.events), run_id, now))
                if cur.rowcount == 0:  # stored meanwhile (another ingest of the same file)
                    skipped += 1
                    continue
                added += 1
                for ev in item.events:
                    key = event_key(ev.source and ev.source.code, ev.target and ev.target.code,
                                    ev.cameo, ev.negated, ev.date)
                    keys.add(key)
                    conn.execute(_INSERT_MENTION, _mention_row(ev, key))
                conn.executemany(_INSERT_QUOTE, [_quote_row(a.id, q) for q in item.quotes])
            conn.executemany("INSERT INTO errors (run_id, location, reason, at) VALUES (?,?,?,?)",
                             [(run_id, e.where, e.message, now) for e in errors])
            recompute(conn, keys, now)
            conn.execute("UPDATE ingest_runs SET coded = coded + ?, skipped = skipped + ?, "
                         "failed = failed + ? WHERE run_id = ?", (added, skipped, len(errors), run_id))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # a full disk may already have ended it
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            raise
        return added


_INSERT_MENTION = """
INSERT OR IGNORE INTO mentions (
    mention_id, event_key, article_id, sentence_index, sentence,
    source_code, source_country, source_sector, source_name, source_text, source_start, source_end,
    target_code, target_country, target_sector, target_name, target_text, target_start, target_end,
    cameo, cameo_root, goldstein, quad_class, plover, plover_mode, negated,
    trigger_text, trigger_start, trigger_end, date, date_precision, confidence, rule, quote_id, record,
    realis)
VALUES (?,?,?,?,?, ?,?,?,?,?,?,?, ?,?,?,?,?,?,?, ?,?,?,?,?,?,?, ?,?,?,?,?,?,?,?,?, ?)
"""


_INSERT_QUOTE = """
INSERT OR IGNORE INTO quotes (article_id, quote_id, kind, content, content_start, content_end,
    speaker_text, speaker_start, speaker_end, speaker_code, speaker_name, cue_text, cue_start, cue_end)
VALUES (?,?,?,?,?,?, ?,?,?,?,?, ?,?,?)
"""


def _quote_row(article_id: str, q) -> tuple:
    who, cue = q.speaker_span, q.cue
    return (article_id, q.quote_id, q.kind, q.content.text, q.content.start_char, q.content.end_char,
            who.text if who else None, who.start_char if who else None, who.end_char if who else None,
            q.speaker.code if q.speaker else None, q.speaker.name if q.speaker else None,
            cue.text if cue else None, cue.start_char if cue else None, cue.end_char if cue else None)


def _actor(actor) -> tuple:
    if actor is None:
        return (None,) * 7
    return (actor.code, actor.country, actor.sector, actor.name, actor.text, actor.start_char,
            actor.end_char)


def _mention_row(ev, key: str) -> tuple:
    record = ev.to_dict()
    return (ev.event_id, key, ev.article_id, ev.sentence_index, ev.sentence,
            *_actor(ev.source), *_actor(ev.target),
            ev.cameo, ev.cameo_root, ev.goldstein, ev.quad_class, ev.plover, ev.plover_mode,
            int(ev.negated), ev.trigger.text, ev.trigger.start_char, ev.trigger.end_char,
            ev.date, ev.date_precision, record["confidence"], ev.rule, ev.quote_id,
            json.dumps(record, ensure_ascii=False, sort_keys=True), ev.realis)
