"""``dyad bench --analytics``: the analysis functions on a large synthetic store, each beside a
plain ``SELECT count(*) … GROUP BY`` over the same rows, timed in the same run.

The store (default 1,000,000 events over 10 years among 200 actors; see
``dyad.analytics.synthetic``) is written to a temporary folder with the store's own schema,
indexes and triggers. Three tasks, each run ``repeats`` times (median reported):

* ``series`` — the busiest dyad's monthly series (countries rolled up), against
  ``GROUP BY month`` of that dyad's rows;
* ``alerts pct 4``, ``alerts pct 52``, ``alerts z`` — weekly alerts for every dyad, against a
  ``GROUP BY source, target, week`` of the conflict rows in the same window;
* ``network`` — the actor network of one year, against ``GROUP BY source, target`` of that
  year's rows.

The ratio (task seconds / GROUP BY seconds) says what the analysis adds to the bare scan SQLite
must do anyway: acts merged across granularity, zero-filled periods, evidence ids, shares.
"""
from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Callable

from dyad.analytics import periods
from dyad.analytics.alerts import alerts
from dyad.analytics.filters import ActorFilter
from dyad.analytics.network import network
from dyad.analytics.series import series
from dyad.analytics.synthetic import build_store
from dyad.store.schema import connect

WEEK = periods.sql_key("week")


def _median_seconds(fn: Callable[[], object], repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _busiest_dyad(conn) -> tuple[str, str]:
    row = conn.execute("SELECT substr(source_code, 1, 3) AS s, substr(target_code, 1, 3) AS t, "
                       "count(*) AS n FROM events WHERE target_code IS NOT NULL "
                       "GROUP BY s, t ORDER BY n DESC LIMIT 1").fetchone()
    return row["s"], row["t"]


def _tasks(conn) -> list[tuple[str, Callable, str, list]]:
    s, t = _busiest_dyad(conn)
    last = conn.execute("SELECT max(date) FROM events").fetchone()[0]
    current = periods.key("week", last)
    year = str(int(last[:4]) - 1)
    dyad = ("SELECT substr(date, 1, 7), count(*) FROM events WHERE source_code GLOB ? AND "
            "target_code GLOB ? AND negated = 0 GROUP BY 1", [s + "*", t + "*"])
    tasks = [(f"series {s}->{t} monthly", lambda: series(conn, ActorFilter(source=s, target=t), "month"),
              *dyad)]
    for label, method, base in (("alerts pct 4", "pct", 4), ("alerts pct 52", "pct", 52),
                                ("alerts z (28)", "z", 28)):
        start, _ = periods.bounds("week", periods.preceding("week", current, base))
        sql = (f"SELECT source_code, target_code, {WEEK}, count(*) FROM events WHERE date >= ? "
               "AND quad_class >= 3 AND negated = 0 AND target_code IS NOT NULL GROUP BY 1, 2, 3")
        tasks.append((f"{label}, all dyads weekly",
                      lambda m=method, b=base: alerts(conn, ActorFilter(), "week", b, m), sql, [start]))
    tasks.append((f"network {year}", lambda: network(conn, ActorFilter(since=year, until=year)),
                  "SELECT source_code, target_code, count(*) FROM events WHERE date >= ? AND "
                  "substr(date, 1, 4) <= ? AND negated = 0 AND target_code IS NOT NULL GROUP BY 1, 2",
                  [year, year]))
    return tasks


def _rows_read(conn, sql: str, params: list) -> int:
    return sum(r[-1] for r in conn.execute(sql, params))


def run(events: int = 1_000_000, actors: int = 200, years: int = 10, repeats: int = 3,
        folder: Path | None = None, progress: Callable[[str], None] = lambda _m: None) -> dict:
    """Build the synthetic store, time every task and its GROUP BY; returns the figures."""
    with tempfile.TemporaryDirectory(prefix="dyad-bench-", dir=folder) as tmp:
        path = Path(tmp) / "bench.db"
        conn = connect(path)
        progress(f"writing {events:,} synthetic events ({actors} actors, {years} years) to {path} …")
        start = time.perf_counter()
        build_store(conn, events, actors, years)
        conn.execute("ANALYZE")
        built = time.perf_counter() - start
        rows = []
        for name, fn, sql, params in _tasks(conn):
            progress(f"timing {name} …")
            base, _ = _median_seconds(lambda: conn.execute(sql, params).fetchall(), repeats)
            secs, result = _median_seconds(fn, repeats)
            out = result.number_of_edges() if hasattr(result, "number_of_edges") else len(result["data"])
            rows.append({"task": name, "rows_scanned": _rows_read(conn, sql, params),
                         "results": out, "seconds": round(secs, 4),
                         "group_by_seconds": round(base, 4),
                         "ratio_to_group_by": round(secs / base, 2) if base else None})
        size = path.stat().st_size / 1e6
        conn.close()
    return {"events": events, "actors": actors, "years": years, "repeats": repeats,
            "build_seconds": round(built, 1), "store_mb": round(size, 1), "tasks": rows}
