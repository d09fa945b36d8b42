"""``dyad bench --api``: a bounded loopback load on ``dyad serve`` while an ingest writes to the
same store.

1. **Store.** A sample of the corpus is coded once; copies of those coded articles, each moved
   ``k`` weeks later (new article ids, event ids and dates, so they deduplicate into new events),
   are written through the store's own batch writer until the store holds ``--events`` events.
2. **Server.** ``dyad serve`` in its own process on a free 127.0.0.1 port.
3. **Load.** ``--clients`` concurrent clients for ``--seconds``, each sending a mix of
   ``/events`` (filters by actors seen in the store, following ``next`` now and then),
   ``/dyads/{s}/{t}/series`` and ``/alerts`` requests; every answer other than 200 is an error.
   It runs twice in the same run: idle (the baseline) and while ``dyad ingest`` codes fresh
   copies of the corpus into the same store in another process. Reported: requests/s, p50, p95
   and p99 latency, errors, per endpoint and overall, and the ratio to the baseline.
"""
from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from dyad.errors import DyadError

Progress = Callable[[str], None]


def _shift(coded, copy: int):
    """A coded article moved ``copy`` weeks later, with new ids."""
    days = dt.timedelta(weeks=copy)

    def move(date: str | None) -> str | None:
        if not date or len(date) < 10:
            return date
        return (dt.date.fromisoformat(date[:10]) + days).isoformat()

    art = coded.article
    new_id = f"{art.id}~{copy}"
    article = dataclasses.replace(art, id=new_id,
                                  published=art.published + days if art.published else None)
    events = [dataclasses.replace(ev, article_id=new_id, event_id=f"{ev.event_id}~{copy}",
                                  date=move(ev.date)) for ev in coded.events]
    quotes = list(coded.quotes) if copy == 0 else []
    return dataclasses.replace(coded, article=article, events=events, quotes=quotes)


def build_store(db: Path, coded: list, events: int, progress: Progress) -> dict:
    from dyad.store.writer import Store

    per_copy = max(1, sum(len(c.events) for c in coded))
    t0 = time.perf_counter()
    with Store(db) as store:
        run = store.start_run(["dyad bench --api: shifted copies"])
        copy, stored = 0, 0
        while stored < events:
            batch = [_shift(c, copy) for c in coded]
            store.write_batch(run, batch)
            copy += 1
            if copy % 20 == 0:
                stored = store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
                progress(f"  store: {stored} events after {copy} copies")
            if copy * per_copy > events * 20:  # the corpus codes (almost) nothing
                break
        store.finish_run(run)
        stored = store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
    return {"events": stored, "copies": copy, "seconds": round(time.perf_counter() - t0, 1)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


DYAD = [sys.executable, "-c", "import sys; from dyad.cli import app; sys.argv[0] = 'dyad'; app()"]


def start_server(db: Path, port: int) -> subprocess.Popen:
    cmd = [*DYAD, "serve", "--db", str(db), "--port", str(port),
           "--log-level", "warning"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("dyad serve exited: " + proc.stderr.read().decode()[-500:])
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("dyad serve did not start within 60 s")


def _dyads(db: Path, n: int = 30) -> list[tuple[str, str]]:
    from dyad.store.schema import connect

    conn = connect(db, create=False)
    rows = conn.execute("SELECT source_country, target_country, count(*) AS n FROM events "
                        "WHERE source_country IS NOT NULL AND target_country IS NOT NULL "
                        "AND source_country != target_country GROUP BY 1, 2 ORDER BY n DESC "
                        "LIMIT ?", (n,)).fetchall()
    conn.close()
    return [(r[0], r[1]) for r in rows] or [("USA", "CHN")]


def _requests(dyads: list[tuple[str, str]], rnd: random.Random) -> tuple[str, str]:
    """(endpoint name, path) of one request of the mix."""
    s, t = rnd.choice(dyads)
    pick = rnd.random()
    if pick < 0.25:
        return "events", f"/events?actor={s}&limit=50&order=desc"
    if pick < 0.45:
        return "events", f"/events?source={s}&target={t}|{s}&limit=20&count=true"
    if pick < 0.55:
        return "events", "/events?quad=4&limit=50&fields=event_id,date,source,target,cameo"
    if pick < 0.80:
        return "series", f"/dyads/{s}/{t}/series?interval=month"
    return "alerts", f"/alerts?source={s}&interval=week"


async def _client(base: str, until: float, dyads, seed: int, samples: list) -> None:
    import httpx

    rnd = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=30.0) as http:
        while time.perf_counter() < until:
            name, path = _requests(dyads, rnd)
            t0 = time.perf_counter()
            try:
                r = await http.get(path)
                status = r.status_code
                nxt = r.json().get("next") if status == 200 and name == "events" else None
            except (httpx.HTTPError, ValueError) as exc:
                status, nxt = type(exc).__name__, None
            samples.append((name, time.perf_counter() - t0, status))
            if nxt and rnd.random() < 0.5:  # follow one page on
                t0 = time.perf_counter()
                try:
                    status = (await http.get(nxt)).status_code
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                samples.append(("events (next page)", time.perf_counter() - t0, status))


def _quantile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def summarise(samples: list, seconds: float) -> dict:
    def stats(rows) -> dict:
        lat = [r[1] * 1000 for r in rows]
        errors = sum(1 for r in rows if r[2] != 200)
        return {"requests": len(rows), "rps": round(len(rows) / seconds, 1), "errors": errors,
                "p50_ms": round(_quantile(lat, 0.50), 1), "p95_ms": round(_quantile(lat, 0.95), 1),
                "p99_ms": round(_quantile(lat, 0.99), 1)}

    out = {"all": stats(samples)}
    for name in sorted({r[0] for r in samples}):
        out[name] = stats([r for r in samples if r[0] == name])
    codes = sorted({str(r[2]) for r in samples if r[2] != 200})
    out["all"]["error_statuses"] = codes
    return out


def run_load(base: str, clients: int, seconds: float, dyads) -> dict:
    samples: list = []

    async def main():
        until = time.perf_counter() + seconds
        await asyncio.gather(*(_client(base, until, dyads, i, samples) for i in range(clients)))

    t0 = time.perf_counter()
    asyncio.run(main())
    return summarise(samples, time.perf_counter() - t0)


def _fresh_corpus(articles: list, folder: Path, copies: int) -> Path:
    path = folder / "ingest_while_loaded.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for copy in range(copies):
            for a in articles:
                out.write(json.dumps({"id": f"{a.id}~live{copy}", "text": a.text,
                                      "published": a.published.isoformat() if a.published else None,
                                      "title": a.title, "url": None, "outlet": a.outlet}) + "\n")
    return path


def _read_articles(corpus: Path, limit: int | None, sample: int) -> list:
    from dyad.ingest import InputError, read_path

    items = [a for a in read_path(str(corpus)) if not isinstance(a, InputError)]
    if limit:
        items = items[:limit]
    if sample and len(items) > sample:
        step = len(items) / sample
        items = [items[int(i * step)] for i in range(sample)]
    return items


def run(corpus: Path, events: int = 100_000, clients: int = 20, seconds: float = 30.0,
        sample: int = 40, limit: int | None = None, progress: Progress = print) -> dict:
    from dyad.coder import Coder

    articles = _read_articles(corpus, limit, sample)
    if not articles:
        raise ValueError(f"{corpus}: no readable articles")
    progress(f"coding {len(articles)} articles of {corpus.name} once ...")
    coded = list(Coder().pipe(articles))
    with tempfile.TemporaryDirectory(prefix="dyad-bench-api-") as tmp:
        db = Path(tmp) / "bench.db"
        progress(f"building a store of {events} events from shifted copies ...")
        built = build_store(db, coded, events, progress)
        dyads = _dyads(db)
        port = _free_port()
        server = start_server(db, port)
        base = f"http://127.0.0.1:{port}"
        try:
            run_load(base, 2, 2.0, dyads)  # warm-up: imports, caches, first queries
            progress(f"load: {clients} clients x {seconds:.0f} s, idle store (baseline) ...")
            idle = run_load(base, clients, seconds, dyads)
            fresh = _fresh_corpus(articles, Path(tmp), copies=20)
            log = Path(tmp) / "ingest.err"
            ingest = subprocess.Popen([*DYAD, "ingest", str(fresh),
                                       "--db", str(db), "--quiet", "--json", "--batch-size", "2"],
                                      stdout=subprocess.DEVNULL, stderr=log.open("wb"),
                                      env={**os.environ})
            before = _wait_for_writes(db, ingest, log, progress)
            progress(f"load: {clients} clients x {seconds:.0f} s, while dyad ingest writes ...")
            busy = run_load(base, clients, seconds, dyads)
            written = _count(db) - before
            ingest.terminate()
            ingest.wait(30)
        finally:
            server.terminate()
            server.wait(30)
    ratio = (busy["all"]["rps"] / idle["all"]["rps"]) if idle["all"]["rps"] else None
    return {"store": built, "clients": clients, "seconds": seconds, "idle": idle,
            "while_ingesting": busy, "articles_written_during_load": written,
            "rps_vs_idle": round(ratio, 3) if ratio else None}


class BenchError(DyadError, RuntimeError):
    """The load-while-writing phase could not run; the message says why."""


def _wait_for_writes(db: Path, ingest: subprocess.Popen, log: Path, progress: Progress,
                     patience: float = 600.0) -> int:
    """Block until the ingest has committed its first batch (its model loads first), so that
    the second phase really runs beside a writer; the article count then. Articles, not events:
    the fresh articles retell stored ones, so their events merge into stored events."""
    start = _count(db)
    progress("waiting for dyad ingest to commit its first batch ...")
    deadline = time.time() + patience
    while time.time() < deadline and ingest.poll() is None:
        now = _count(db)
        if now > start:
            return now
        time.sleep(0.5)
    if ingest.poll() is not None:
        tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:]
        raise BenchError(f"dyad ingest exited with code {ingest.returncode} before writing: "
                         + (" | ".join(tail) or "no message"))
    raise BenchError(f"dyad ingest committed nothing within {patience:.0f} s (a loaded machine?): "
                     "no load-while-writing figure; rerun when the machine is quieter")


def _count(db: Path) -> int:
    """Articles stored (each committed batch adds some)."""
    from dyad.store.schema import connect

    conn = connect(db, create=False)
    try:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        conn.close()


def print_report(result: dict, as_json: bool) -> None:
    """The table for ``dyad bench CORPUS --api``."""
    from rich.console import Console
    from rich.table import Table

    if as_json:
        print(json.dumps(result, indent=2))
        return
    store = result["store"]
    table = Table(title=f"dyad bench --api: {result['clients']} clients x {result['seconds']:.0f} s "
                        f"on a store of {store['events']} events (loopback)")
    for col in ("phase", "endpoint", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors"):
        table.add_column(col, justify="right")
    for phase, key in (("idle", "idle"), ("ingesting", "while_ingesting")):
        for name, r in result[key].items():
            table.add_row(phase, name, str(r["requests"]), f"{r['rps']:.1f}", f"{r['p50_ms']:.0f}",
                          f"{r['p95_ms']:.0f}", f"{r['p99_ms']:.0f}", str(r["errors"]))
    Console(width=160).print(table)
    err = Console(stderr=True)
    err.print(f"while ingesting: {result['rps_vs_idle']} x the idle requests/s (same run); "
              f"{result['articles_written_during_load']} articles stored by dyad ingest during the "
              f"load; store built in {store['seconds']} s from {store['copies']} shifted copies",
              highlight=False)
