"""Per-period totals of the whole store: the denominator of every share.

Read from the store's ``event_totals`` table (kept exact by triggers, see
``dyad.store.aggregates``); a store without it (created by an older dyad and opened read-only)
is counted from ``events`` directly, with the same result.
"""
from __future__ import annotations

import sqlite3
from collections import defaultdict

from dyad.analytics import periods
from dyad.store.aggregates import totals_ready

_FROM_EVENTS = ("SELECT COALESCE(date, '') AS date, negated, count(*) AS events, "
                "sum(num_mentions) AS mentions FROM events GROUP BY COALESCE(date, ''), negated")


def _rows(conn: sqlite3.Connection):
    if totals_ready(conn):
        return conn.execute("SELECT date, negated, events, mentions FROM event_totals "
                            "WHERE events > 0").fetchall(), "event_totals"
    return conn.execute(_FROM_EVENTS).fetchall(), "events"


def period_totals(conn: sqlite3.Connection, interval: str, include_negated: bool = False,
                  weight: str = "events", since: str | None = None, until: str | None = None
                  ) -> tuple[dict[str, int], dict]:
    """``{period key: events (or mentions) in the store}`` over dates precise enough for the
    interval, and facts about the store's span: ``first``/``last`` (period keys, None when the
    store has no such dates), ``too_coarse`` (events too coarse for the interval) and
    ``undated``; ``read_from`` names the table read."""
    need = periods.MIN_DATE_LEN[interval]
    out: dict[str, int] = defaultdict(int)
    too_coarse = undated = 0
    first = last = None
    rows, source = _rows(conn)
    column = "mentions" if weight == "mentions" else "events"
    for row in rows:
        date, count = row["date"], row[column]
        if row["negated"] and not include_negated:
            continue
        if not date:
            undated += row["events"]
            continue
        if since and date < since or until and date[:len(until)] > until:
            continue
        if len(date) < need:
            too_coarse += row["events"]
            continue
        k = periods.key(interval, date)
        out[k] += count
        first = k if first is None or k < first else first
        last = k if last is None or k > last else last
    return dict(out), {"first": first, "last": last, "too_coarse": too_coarse,
                       "undated": undated, "read_from": source}
