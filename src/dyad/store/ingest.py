"""``ingest``: read sources, code what is new, store it — streaming, one transaction per batch.

Memory stays flat however large the input: articles flow reader → coder → batch → store, and
the only state kept across batches is a handful of counters (ids "in flight" are held only until
their batch commits; after that the store itself answers "already present?").
"""
from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from dyad.coder import Coder, Options
from dyad.ingest.records import InputError, check_article
from dyad.ingest.folders import IngestOptions, read_sources
from dyad.record import Article
from dyad.store.faults import store_errors
from dyad.store.writer import Store

DEFAULT_BATCH = 64
ERROR_FLUSH = 500


@dataclass
class IngestSummary:
    run_id: int
    coded: int = 0
    skipped: int = 0
    failed: int = 0
    events: int = 0
    errors: list[InputError] = field(default_factory=list)  # the first few, for the closing note

    def to_dict(self) -> dict:
        return {"run_id": self.run_id, "coded": self.coded, "skipped": self.skipped,
                "failed": self.failed, "events": self.events,
                "errors": [{"where": e.where, "reason": e.message} for e in self.errors]}


Progress = Callable[[str, object], None]  # ("coded"|"skipped"|"failed", item)
KEEP_ERRORS = 50


def ingest(sources: Iterable[str], db: str | Path, options: IngestOptions = IngestOptions(),
           coder: Coder | None = None, coder_options: Options | None = None,
           batch_size: int = DEFAULT_BATCH, progress: Progress | None = None,
           articles: Iterable[Article | InputError] | None = None) -> IngestSummary:
    """Ingest ``sources`` (paths, folders, URLs) — or an iterable of ``articles`` — into the
    store at ``db``. Articles whose id is already stored are skipped without coding. A
    ``KeyboardInterrupt`` (Ctrl-C; SIGTERM under ``stop_on_sigterm``) leaves with ``.summary``:
    what the run had committed."""
    sources = list(sources)
    coder = coder or Coder(coder_options or Options())
    with store_errors(db):
        return _ingest(sources, db, options, coder, batch_size, progress or (lambda k, i: None),
                       articles)


def _ingest(sources: list[str], db, options: IngestOptions, coder: Coder, batch_size: int,
            notify: Progress, articles) -> IngestSummary:
    with Store(db) as store:
        run = _Run(store, store.start_run(sources), notify)
        stream = articles if articles is not None else read_sources(sources, options)
        try:
            run.code(coder, run.fresh(stream, checked=articles is not None), batch_size)
        except BaseException as exc:
            with contextlib.suppress(sqlite3.Error):  # a full or read-only disk: keep the cause
                store.finish_run(run.run_id, "interrupted")
            if isinstance(exc, KeyboardInterrupt):  # Ctrl-C, SIGTERM: say what is stored
                exc.summary = _committed(store, run.summary)
            raise
        store.finish_run(run.run_id)
    return run.summary


class _Run:
    """One ingest run's counters and what waits for the next commit: the errors and skips since
    the last batch, and the ids coded but not yet stored ("in flight")."""

    def __init__(self, store: Store, run_id: int, notify: Progress):
        self.store, self.run_id, self.notify = store, run_id, notify
        self.summary = IngestSummary(run_id)
        self.pending_errors: list[InputError] = []
        self.pending_skips = 0
        self.in_flight: set[str] = set()

    def fresh(self, stream, checked: bool) -> Iterator[Article]:
        """The articles of ``stream`` not yet stored nor in flight; ``checked``: made by the
        caller, so given the same checks as a reader's."""
        for item in stream:
            if isinstance(item, Article) and checked:
                item = check_article(item)
            if isinstance(item, InputError):
                self.failed(item)
                continue
            if item.id in self.in_flight or self.store.has_article(item.id):
                self.summary.skipped += 1
                self.pending_skips += 1
                self.notify("skipped", item)
                continue
            self.in_flight.add(item.id)
            yield item

    def failed(self, item: InputError) -> None:
        self.summary.failed += 1
        self.pending_errors.append(item)
        if len(self.summary.errors) < KEEP_ERRORS:
            self.summary.errors.append(item)
        self.notify("failed", item)
        if len(self.pending_errors) >= ERROR_FLUSH:
            self.flush([])

    def flush(self, batch) -> None:
        added = self.store.write_batch(self.run_id, batch, self.pending_errors, self.pending_skips)
        # stored meanwhile by another ingest of the same input: skipped, not coded
        self.summary.coded -= len(batch) - added
        self.summary.skipped += len(batch) - added
        self.pending_errors.clear()
        self.pending_skips = 0
        for done in batch:
            self.in_flight.discard(done.article.id)

    def code(self, coder: Coder, articles: Iterator[Article], batch_size: int) -> None:
        """Code ``articles`` and store them a batch of ``batch_size`` at a time."""
        batch = []
        for coded in coder.pipe(articles):
            if coded.error:  # a worker died on it twice (dyad.workers): an error, not stored
                self.failed(InputError(str(coded.article.id), coded.error))
                self.in_flight.discard(coded.article.id)
                continue
            batch.append(coded)
            self.summary.coded += 1
            self.summary.events += len(coded.events)
            self.notify("coded", coded)
            if len(batch) >= batch_size:
                self.flush(batch)
                batch = []
        self.flush(batch)


def _committed(store: Store, summary: IngestSummary) -> IngestSummary:
    """What run ``summary.run_id`` has committed, read back from the store (the counters in
    ``summary`` include the batch in flight)."""
    done = IngestSummary(summary.run_id, errors=summary.errors)
    with contextlib.suppress(sqlite3.Error):
        row = store.conn.execute("SELECT coded, skipped, failed FROM ingest_runs WHERE run_id = ?",
                                 (summary.run_id,)).fetchone()
        done.coded, done.skipped, done.failed = row
        done.events = store.conn.execute("SELECT coalesce(sum(events), 0) FROM articles "
                                         "WHERE run_id = ?", (summary.run_id,)).fetchone()[0]
    return done
