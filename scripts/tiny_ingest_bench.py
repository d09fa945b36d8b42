#!/usr/bin/env python3
"""Tiny-line ingest: lines/s of the store side with the event rebuild before (a Python loop
over every mention, tests/dedup_reference.py) and now (SQL aggregates, dyad.store.dedup), in the
same run on the same coded articles, and the events tables of both compared value for value.

The lines are coded once (the coder's rate is reported too); both stores are then filled from
those results, so the ratio is the store's alone. Tiny lines repeat a few dyads, so every event
gathers many mentions — the case where the rebuild dominated.

    python scripts/tiny_ingest_bench.py [--lines 3000] [--batch-size 64] [--json]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
COUNTRIES = ("Japan", "India", "France", "Egypt", "Brazil")


class Precoded:
    """A coder that hands back results computed earlier, in the order asked."""

    def __init__(self, results: dict):
        self.results = results

    def pipe(self, articles):
        for article in articles:
            yield self.results[article.id]


def tiny_articles(n: int) -> list:
    from dyad.record import Article

    pairs = [(a, b) for a in COUNTRIES for b in COUNTRIES if a != b]
    return [Article(f"t{i}", f"{pairs[i % len(pairs)][0]} praised {pairs[i % len(pairs)][1]} {i}.",
                    dt.date(2021, 5, 3)) for i in range(n)]


def fill(db: Path, articles: list, coder: Precoded, batch_size: int) -> float:
    from dyad.store import ingest

    started = time.perf_counter()
    ingest([], db, coder=coder, articles=articles, batch_size=batch_size)
    return time.perf_counter() - started


def events(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        cols = [r[1] for r in conn.execute("PRAGMA table_info(events)") if r[1] != "added_at"]
        return conn.execute(f"SELECT {', '.join(f'quote({c})' for c in cols)} FROM events "
                            "ORDER BY event_key").fetchall()
    finally:
        conn.close()


def run(lines: int, batch_size: int) -> dict:
    from dyad.coder import Coder

    sys.path.insert(0, str(ROOT / "tests"))
    import dedup_reference

    articles = tiny_articles(lines)
    coder = Coder()
    coder.code("Japan praised India.", dt.date(2021, 5, 3), "warm-up")
    started = time.perf_counter()
    coded = Precoded({c.article.id: c for c in coder.pipe(articles)})
    coding = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="dyad-tiny-") as tmp:
        with mock.patch("dyad.store.writer.recompute", dedup_reference.recompute):
            before = fill(Path(tmp) / "before.db", articles, coded, batch_size)
        now = fill(Path(tmp) / "now.db", articles, coded, batch_size)
        same = events(Path(tmp) / "before.db") == events(Path(tmp) / "now.db")
    return {"lines": lines, "batch_size": batch_size, "coder_lines_per_s": round(lines / coding, 1),
            "store_lines_per_s_before": round(lines / before, 1),
            "store_lines_per_s_now": round(lines / now, 1),
            "store_ratio": round(before / now, 2),
            "ingest_lines_per_s_before": round(lines / (coding + before), 1),
            "ingest_lines_per_s_now": round(lines / (coding + now), 1),
            "events_identical": same}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=3000)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--json", action="store_true")
    opts = parser.parse_args(argv)
    result = run(opts.lines, opts.batch_size)
    if opts.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:28} {value}")
    return 0 if result["events_identical"] else 1


if __name__ == "__main__":
    sys.exit(main())
