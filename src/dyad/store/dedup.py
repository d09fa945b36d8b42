"""Deduplication: the same event reported by several articles is one event.

Two mentions are the same event when they have the same source actor code, target actor code,
CAMEO code and negation, and their dates fall in the same **date window**:

* day- and week-precision dates (and publication-date fallbacks): the same ISO week, Monday to
  Sunday (``W2019-14``) — reports of one event a day or two apart usually agree on the week;
* month- or year-precision dates ("in September", "last year"): the same month (``M2019-09``) or
  year (``Y2019``), kept apart from day-precision mentions;
* no date at all (no publication date): one ``undated`` window.

The windows are fixed calendar buckets, not sliding windows, so the event a mention joins never
depends on which articles came first or on batch boundaries; and every count on an event is
recomputed from its mentions, so re-running or resuming an ingest converges on the same rows.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from typing import Iterable


def date_window(date: str | None) -> str:
    if not date:
        return "undated"
    if len(date) == 4:
        return f"Y{date}"
    if len(date) == 7:
        return f"M{date}"
    try:
        year, week, _ = dt.date.fromisoformat(date[:10]).isocalendar()
    except ValueError:
        return "undated"
    return f"W{year}-{week:02d}"


def event_key(source_code: str | None, target_code: str | None, cameo: str, negated: bool,
              date: str | None) -> str:
    parts = (source_code or "-", target_code or "-", cameo, "neg" if negated else "pos",
             date_window(date))
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:16]


_FROM = """
FROM mentions m JOIN articles a ON a.id = m.article_id
WHERE m.event_key = ?"""
MENTION_ORDER = " ORDER BY m.date IS NULL, m.date, m.article_id, m.sentence_index, m.mention_id"
# an event's counts, computed by SQLite over its mentions: no mention row reaches Python
# (an unknown outlet: the article is its own source)
_TOTALS = ("SELECT count(*), count(DISTINCT a.id), count(DISTINCT coalesce(nullif(a.outlet, ''), "
           "a.id)), max(coalesce(m.confidence, 0)), coalesce(max(m.sentence_index = 0), 0), "
           "coalesce(max(m.realis = 'asserted'), 0)" + _FROM)
_FIRST = "SELECT m.*" + _FROM + MENTION_ORDER + " LIMIT 1"
_URL = "SELECT a.url" + _FROM + " AND a.url IS NOT NULL AND a.url <> ''" + MENTION_ORDER + " LIMIT 1"
# the mentions that may carry a location, in order (a record SQLite cannot parse — NaN — too)
_LOCATIONS = ("SELECT m.record" + _FROM + " AND CASE WHEN json_valid(m.record) THEN "
              "coalesce(json_type(m.record, '$.location'), 'null') <> 'null' ELSE 1 END"
              + MENTION_ORDER)

_EVENT_COLUMNS = (
    "event_key", "date_window", "date", "date_precision",
    "source_code", "source_country", "source_sector", "source_name",
    "target_code", "target_country", "target_sector", "target_name",
    "cameo", "cameo_root", "goldstein", "quad_class", "plover", "plover_mode", "contexts", "negated",
    "location", "num_mentions", "num_sources", "num_articles", "confidence", "first_mention",
    "source_url", "is_root", "added_at", "realis")

# an upsert, not INSERT OR REPLACE: a replace deletes without firing the delete trigger that
# keeps event_totals exact (see dyad.store.aggregates)
_UPSERT = (
    f"INSERT INTO events ({', '.join(_EVENT_COLUMNS)}) VALUES ({', '.join('?' * len(_EVENT_COLUMNS))}) "
    "ON CONFLICT (event_key) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _EVENT_COLUMNS[1:]))


def recompute(conn: sqlite3.Connection, keys: Iterable[str], now: str) -> None:
    """Rebuild the event rows for ``keys`` from their mentions (inside the caller's transaction).
    Mentions are taken in date order (undated last), then article, sentence and mention id: the
    first one gives the event's fields, the first with a location its location, the first whose
    article has a URL its URL. An event is asserted when any report of it asserts it (one
    article tells it as news, another recalls it); else it has its first mention's realis.
    ``added_at`` keeps the time the event was first stored."""
    for key in sorted(set(keys)):
        first = conn.execute(_FIRST, (key,)).fetchone()
        if first is None:
            conn.execute("DELETE FROM events WHERE event_key = ?", (key,))
            continue
        mentions, articles, sources, confidence, is_root, asserted = \
            conn.execute(_TOTALS, (key,)).fetchone()
        url = conn.execute(_URL, (key,)).fetchone()
        location = _first_location(conn, key)
        record = json.loads(first["record"])
        old = conn.execute("SELECT added_at FROM events WHERE event_key = ?", (key,)).fetchone()
        conn.execute(_UPSERT, (
            key, date_window(first["date"]), first["date"], first["date_precision"],
            first["source_code"], first["source_country"], first["source_sector"], first["source_name"],
            first["target_code"], first["target_country"], first["target_sector"], first["target_name"],
            first["cameo"], first["cameo_root"], first["goldstein"], first["quad_class"],
            first["plover"], first["plover_mode"], json.dumps(record.get("contexts") or []),
            first["negated"], json.dumps(location) if location else None,
            mentions, sources, articles, confidence, first["mention_id"], url and url[0],
            is_root, old["added_at"] if old else now,
            "asserted" if asserted else first["realis"]))


def _first_location(conn: sqlite3.Connection, key: str):
    cursor = conn.execute(_LOCATIONS, (key,))
    try:
        for (text,) in cursor:
            location = json.loads(text).get("location")
            if location:
                return location
        return None
    finally:
        cursor.close()
