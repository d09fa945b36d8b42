"""Stage 6 — store: an embedded SQLite event database (WAL mode) that fills from any reader,
skips articles it already has, merges the same event reported by several articles into one
event with its mentions, and survives a killed ingest.

``ingest(sources, db)`` fills it; ``query_events(db, ...)`` reads it; ``export(db, fmt, out)``
writes JSONL, GDELT-like CSV, month-partitioned Parquet or PLOVER JSON.
"""
from dyad.store.dedup import date_window, event_key
from dyad.store.exports import EXPORT_FORMATS, export
from dyad.store.ingest import IngestSummary, ingest
from dyad.store.queries import EventFilter, query_events
from dyad.store.schema import DEFAULT_DB, connect, default_db
from dyad.store.writer import Store

__all__ = ["DEFAULT_DB", "EXPORT_FORMATS", "EventFilter", "IngestSummary", "Store", "connect",
           "date_window", "default_db", "event_key", "export", "ingest", "query_events"]
