"""``dyad import-parquet DIR --db FILE``: load the output of ``dyad spark`` into the store.

Articles and their mentions are read back from ``DIR/articles`` and ``DIR/mentions`` (pyarrow,
no Spark needed), rebuilt into coded articles and written through the store's one batch writer,
so deduplication is exactly that of ``dyad ingest``: an article already stored is skipped, and
mentions group into events in the store's date windows with counts recomputed. A cluster run
therefore ends in the same analyses and dashboard as a local ingest.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Iterator

from dyad.coder import CodedArticle
from dyad.dates import parse_published
from dyad.errors import DyadError
from dyad.quotes import Quote
from dyad.record import Actor, Article, Event, Span
from dyad.store.writer import Store

class ParquetImportError(DyadError, ValueError):
    """The folder is not the output of ``dyad spark``."""


_EVENT_FIELDS = {f.name for f in fields(Event)}
_ACTOR_FIELDS = {f.name for f in fields(Actor)}


@dataclass
class ImportSummary:
    run_id: int
    imported: int = 0
    skipped: int = 0
    mentions: int = 0

    def to_dict(self) -> dict:
        return {"run_id": self.run_id, "imported": self.imported, "skipped": self.skipped,
                "mentions": self.mentions}


def _actor(d: dict | None) -> Actor | None:
    return Actor(**{k: v for k, v in d.items() if k in _ACTOR_FIELDS}) if d else None


def _span(d: dict | None) -> Span | None:
    return Span(d["text"], d["start_char"], d["end_char"]) if d else None


def event_from_record(record: dict) -> Event:
    """The ``Event`` whose ``to_dict()`` is ``record`` (fields the record has beyond the event
    record's own — the detector's view, the second opinion — go back into ``extras``)."""
    known = {k: v for k, v in record.items() if k in _EVENT_FIELDS}
    extras = {k: v for k, v in record.items() if k not in _EVENT_FIELDS}
    known.update(source=_actor(record.get("source")), target=_actor(record.get("target")),
                 trigger=_span(record["trigger"]), extras=extras)
    return Event(**known)


def quote_from_dict(d: dict) -> Quote:
    return Quote(quote_id=d["quote_id"], content=_span(d["content"]), speaker=_actor(d.get("speaker")),
                 cue=_span(d.get("cue")), kind=d["kind"], speaker_span=_span(d.get("speaker_span")),
                 parts=[_span(p) for p in d.get("parts") or []])


def read_coded(folder: Path, batch_rows: int = 2048) -> Iterator[CodedArticle]:
    """The coded articles of a ``dyad spark`` output folder, in article id order, each with its
    events in (sentence, mention id) order — the order the coder emitted them in."""
    import pyarrow.dataset as ds

    for name in ("articles", "mentions"):
        if not (folder / name).is_dir():
            raise ParquetImportError(f"{folder}: no '{name}' folder",
                                     "give the --output folder of dyad spark")
    by_article: dict[str, list[tuple[int, str, Event]]] = defaultdict(list)
    mentions = ds.dataset(folder / "mentions", format="parquet", partitioning="hive")
    for batch in mentions.to_batches(columns=["article_id", "sentence_index", "record"],
                                     batch_size=batch_rows):
        for row in batch.to_pylist():
            record = json.loads(row["record"])
            by_article[row["article_id"]].append(
                (row["sentence_index"], record["trigger"]["start_char"], event_from_record(record)))
    articles = ds.dataset(folder / "articles", format="parquet", partitioning="hive")
    rows = [r for b in articles.to_batches(batch_size=batch_rows) for r in b.to_pylist()]
    for row in sorted(rows, key=lambda r: r["id"]):
        events = [e for _, _, e in sorted(by_article.pop(row["id"], []), key=lambda t: t[:2])]
        article = Article(row["id"], row["text"], parse_published(row["published"]),
                          row["title"], row["url"], row["outlet"])
        quotes = [quote_from_dict(q) for q in json.loads(row["quotes"] or "[]")]
        yield CodedArticle(article, events, quotes, row["sentences"])


def import_parquet(folder: str | Path, db: str | Path, batch_size: int = 64) -> ImportSummary:
    """Load a ``dyad spark`` output folder into the store at ``db`` (one transaction per
    ``batch_size`` articles; articles already stored are left alone)."""
    folder = Path(folder)
    with Store(db) as store:
        run_id = store.start_run([str(folder)])
        summary = ImportSummary(run_id)
        batch: list[CodedArticle] = []
        skipped = 0

        def flush() -> None:
            nonlocal skipped
            summary.imported += store.write_batch(run_id, batch, (), skipped)
            batch.clear()
            skipped = 0

        try:
            for coded in read_coded(folder):
                if store.has_article(coded.article.id):
                    summary.skipped += 1
                    skipped += 1
                    continue
                batch.append(coded)
                summary.mentions += len(coded.events)
                if len(batch) >= batch_size:
                    flush()
            flush()
        except BaseException:
            store.finish_run(run_id, "interrupted")
            raise
        store.finish_run(run_id)
    return summary
