#!/usr/bin/env python3
"""Kill -9 ``dyad ingest`` and ``dyad export`` at seeded random points; check nothing is lost.

Ingest: for each kill a fresh store; ``dyad ingest CORPUS`` is killed (SIGKILL) once a seeded
number of articles is committed, after a seeded extra delay. Then the store must pass SQLite's
quick_check, and an uninterrupted rerun must leave exactly the rows of a run never killed
(articles, mentions, events, quotes, event totals; the recorded errors as a set), with the killed
run marked ``interrupted``.

Export: ``dyad export -o OUT`` is killed after a seeded delay. OUT must then be missing or still
the old file — never a partial one — with at most the killed writer's pid-named temporary beside
it; the next export must write the whole export and remove that temporary.

The commands run in processes forked from this one once the coder is loaded, so a kill costs
milliseconds rather than the ~5 s a cold ``dyad`` spends loading spaCy before it writes anything.
Each child runs the CLI itself (``dyad.cli.app``) with its own stdout/stderr, as ``dyad`` does.

    python scripts/kill_suite.py [--kills 10] [--seed 12] [--articles 40] [--events 5000] [--json]

Exit 0 when every check held, 1 otherwise (the failures are listed).
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import signal
import sqlite3
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

INGEST = ["ingest", "-q", "--workers", "1", "--batch-size", "2"]
EXPORT = ["export", "-f", "jsonl", "--realis", "all"]
SENTENCES = (
    "Japan praised India for its support.",
    "Russia accused Ukraine of shelling the border town.",
    "Iran threatened Israel with retaliation.",
    "China rejected the proposal made by the United States.",
    "Germany pledged aid to Turkey after the earthquake.",
    "North Korea condemned South Korea over the military drills.",
)
BAD_LINES = (
    '{"id": "bad-number", "text": 5}',
    'not json at all',
    '{"id": "bad-surrogate", "text": "Japan praised India \\ud800."}',
    '{"id": "bad-title", "title": ["a", "list"], "text": "Japan praised India."}',
    '{"id": "bad-date", "published": 20210503, "text": "Japan praised India."}',
)
IGNORED_COLUMNS = {"run_id", "ingested_at", "added_at", "at"}  # which run, and when
SERIAL = {"errors": "id"}  # numbered in the order written


def write_corpus(path: Path, articles: int) -> int:
    """``articles`` valid JSONL articles (events repeat across them, so they deduplicate into
    multi-mention events) with the bad lines spread among them. Returns the line count."""
    lines = []
    for i in range(articles):
        text = f"{SENTENCES[i % len(SENTENCES)]} {SENTENCES[(i * 7 + 3) % len(SENTENCES)]}"
        day = 3 + i % 4
        lines.append(json.dumps({"id": f"k{i}", "text": f"{text} Report {i}.",
                                 "published": f"2021-05-{day:02d}", "outlet": f"wire{i % 3}"}))
    for n, bad in enumerate(BAD_LINES):
        lines.insert((n + 1) * len(lines) // (len(BAD_LINES) + 1), bad)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


class Child:
    """A ``dyad`` command in a forked process, its output in ``log``."""

    def __init__(self, args: list[str], log: Path):
        self.args, self.log, self.status = args, log, None
        sys.stdout.flush()
        sys.stderr.flush()
        self.pid = os.fork()
        if self.pid == 0:
            _run_in_child(args, log)

    def running(self) -> bool:
        if self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = status
        return self.status is None

    def wait(self) -> "Child":
        if self.status is None:
            self.status = os.waitpid(self.pid, 0)[1]
        return self

    def kill(self) -> "Child":
        if self.running():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        return self.wait()

    @property
    def killed(self) -> bool:
        return os.WIFSIGNALED(self.status) and os.WTERMSIG(self.status) == signal.SIGKILL

    @property
    def code(self) -> int:
        return os.waitstatus_to_exitcode(self.status)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def _run_in_child(args: list[str], log: Path) -> None:
    code = 99
    try:
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        sys.stdout = sys.stderr = open(fd, "w", encoding="utf-8", buffering=1)
        from dyad.cli import app

        try:
            app(args, prog_name="dyad")
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # the harness's own failure: shown in the log, never hidden
        traceback.print_exc()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
        os._exit(code)


def committed(db: Path) -> int:
    """Articles committed in ``db`` so far, read without disturbing the writer."""
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:  # not created yet, or mid-creation
        return 0


def contents(db: Path) -> dict:
    """Every table's rows, without run ids and timestamps; errors as a set of (where, why)."""
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT IN ('ingest_runs', 'meta') ORDER BY name")]
        out = {}
        for table in tables:
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")
                    if r[1] not in IGNORED_COLUMNS and r[1] != SERIAL.get(table)]
            rows = {tuple(r) for r in conn.execute(f"SELECT {', '.join(cols)} FROM {table}")}
            out[table] = sorted(rows, key=repr)
        return out
    finally:
        conn.close()


def quick_check(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return "; ".join(r[0] for r in conn.execute("PRAGMA quick_check"))
    finally:
        conn.close()


def run_statuses(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute("SELECT status FROM ingest_runs ORDER BY run_id")]
    finally:
        conn.close()


@dataclass
class Report:
    kind: str
    kills: int = 0
    mid_run: int = 0  # killed with some but not all of the work done
    finished_first: int = 0  # the command ended before the kill landed
    temporaries_left: int = 0
    temporaries_cleaned: int = 0
    tracebacks: int = 0
    failures: list[str] = field(default_factory=list)

    def check(self, ok: bool, what: str) -> None:
        if not ok:
            self.failures.append(what)

    def scan(self, *children: Child) -> None:
        for child in children:
            if "Traceback" in child.output():
                self.tracebacks += 1
                self.failures.append(f"traceback in `dyad {' '.join(child.args)}`:\n"
                                     + child.output()[-2000:])


def ingest_kills(work: Path, corpus: Path, valid: int, kills: int, rng: random.Random) -> Report:
    report = Report("ingest")
    reference = work / "reference.db"
    ref = Child(INGEST + [str(corpus), "--db", str(reference)], work / "reference.log").wait()
    report.scan(ref)
    report.check(ref.code == 0, f"the uninterrupted ingest exited {ref.code}: {ref.output()[-500:]}")
    expected = contents(reference)
    report.check(len(expected.get("articles", [])) == valid,
                 f"the uninterrupted ingest stored {len(expected.get('articles', []))} of {valid}")
    for i in range(kills):
        _one_ingest_kill(work, corpus, i, valid, rng, expected, report)
    return report


def _one_ingest_kill(work, corpus, i, valid, rng, expected, report) -> None:
    db = work / f"ingest{i}.db"
    at, delay = rng.randrange(0, valid), rng.uniform(0.0, 0.05)
    child = Child(INGEST + [str(corpus), "--db", str(db)], work / f"ingest{i}.log")
    deadline = time.monotonic() + 120
    while child.running() and committed(db) < at and time.monotonic() < deadline:
        time.sleep(0.003)
    time.sleep(delay)
    child.kill()
    report.kills += 1
    done = committed(db)
    report.finished_first += not child.killed
    report.mid_run += child.killed and 0 < done < valid
    where = f"ingest kill {i} (after {at} committed + {delay * 1000:.0f} ms; {done} stored)"
    if db.exists():
        check = quick_check(db)
        report.check(check == "ok", f"{where}: quick_check says {check}")
    rerun = Child(INGEST + [str(corpus), "--db", str(db)], work / f"ingest{i}.rerun.log").wait()
    report.scan(child, rerun)
    report.check(rerun.code == 0, f"{where}: the rerun exited {rerun.code}")
    got = contents(db)
    for table, rows in expected.items():
        report.check(got.get(table) == rows, f"{where}: table {table} differs from an "
                     f"uninterrupted run ({len(got.get(table, []))} rows, want {len(rows)})")
    statuses = run_statuses(db)  # the killed run, if it got as far as starting, then the rerun
    report.check(len(statuses) <= 2 and statuses[-1:] == ["done"] and "running" not in statuses,
                 f"{where}: runs are {statuses}")
    if child.killed and done < valid and len(statuses) == 2:
        report.check(statuses[0] == "interrupted", f"{where}: the killed run is {statuses[0]}")


def export_kills(work: Path, events: int, kills: int, rng: random.Random) -> Report:
    from dyad.analytics.synthetic import build_store
    from dyad.store.schema import connect

    report = Report("export")
    store = work / "export.db"
    conn = connect(store)
    build_store(conn, events)
    conn.close()
    folder = work / "exports"
    folder.mkdir()
    reference = folder / "reference.jsonl"
    started = time.monotonic()
    ref = Child(EXPORT + ["--db", str(store), "-o", str(reference)], work / "export.log").wait()
    seconds = time.monotonic() - started
    report.scan(ref)
    report.check(ref.code == 0 and reference.exists(), f"the export exited {ref.code}")
    whole = reference.read_bytes() if reference.exists() else b""
    for i in range(kills):
        _one_export_kill(work, store, folder, i, rng.uniform(0.0, seconds * 1.1), whole, report)
    return report


def _one_export_kill(work, store, folder, i, delay, whole, report) -> None:
    out = folder / f"e{i}.jsonl"
    old = b"an old export\n" if i % 2 else None
    if old:
        out.write_bytes(old)
    args = EXPORT + ["--db", str(store), "-o", str(out)]
    child = Child(args, work / f"export{i}.log")
    time.sleep(delay)
    child.kill()
    report.kills += 1
    where = f"export kill {i} (after {delay * 1000:.0f} ms, {'over an old file' if old else 'new file'})"
    now = out.read_bytes() if out.exists() else None
    temps = [p for p in folder.iterdir() if p.name.startswith(f".{out.name}.")]
    if child.killed:
        report.check(now == old, f"{where}: {out.name} is {len(now or b'')} bytes, not the "
                     f"{'old file' if old else 'missing file'}")
        report.mid_run += bool(temps)
    else:
        report.finished_first += 1
        report.check(now == whole, f"{where}: the finished export is not the whole export")
    report.temporaries_left += len(temps)
    report.check(all(p.name.startswith(f".{out.name}.{child.pid}.") for p in temps),
                 f"{where}: temporaries not named with the writer's pid: {temps}")
    rerun = Child(args, work / f"export{i}.rerun.log").wait()
    report.scan(child, rerun)
    report.check(rerun.code == 0 and out.exists() and out.read_bytes() == whole,
                 f"{where}: the next export (exit {rerun.code}) did not write the whole export")
    after = [p for p in temps if p.exists()]
    report.temporaries_cleaned += len(temps) - len(after)
    report.check(not after, f"{where}: stale temporaries kept: {after}")


def warm_up(work: Path) -> None:
    """Run both commands once in this process, so every forked one starts with the coder
    loaded and the modules imported."""
    import io

    from dyad.cli import app

    corpus = work / "warm-up.jsonl"
    write_corpus(corpus, 2)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        for args in (INGEST + [str(corpus), "--db", str(work / "warm-up.db")],
                     EXPORT + ["--db", str(work / "warm-up.db"), "-o", str(work / "warm-up.out")]):
            with contextlib.suppress(SystemExit):
                app(args, prog_name="dyad", standalone_mode=False)


def run(kills: int = 10, seed: int = 12, articles: int = 40, events: int = 5_000,
        work: Path | None = None) -> dict:
    """Run both suites; returns the figures and the failures (empty when all held)."""
    rng = random.Random(seed)
    with contextlib.ExitStack() as stack:
        if work is None:
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="dyad-kill-")))
        warm_up(work)
        corpus = work / "corpus.jsonl"
        lines = write_corpus(corpus, articles)
        started = time.monotonic()
        reports = [ingest_kills(work, corpus, articles, kills, rng),
                   export_kills(work, events, kills, rng)]
    return {"seed": seed, "inputs": lines, "valid": articles, "errors": len(BAD_LINES),
            "seconds": round(time.monotonic() - started, 1),
            **{r.kind: {k: v for k, v in vars(r).items() if k != "kind"} for r in reports}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=10, help="kills of each command")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--articles", type=int, default=40, help="valid articles in the corpus")
    parser.add_argument("--events", type=int, default=5_000, help="events in the export store")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    opts = parser.parse_args(argv)
    result = run(opts.kills, opts.seed, opts.articles, opts.events)
    failures = result["ingest"]["failures"] + result["export"]["failures"]
    if opts.json:
        print(json.dumps(result, indent=2))
    else:
        for kind in ("ingest", "export"):
            r = result[kind]
            print(f"{kind}: {r['kills']} kills ({r['mid_run']} mid-run, {r['finished_first']} "
                  f"finished first), temporaries left {r['temporaries_left']} / cleaned "
                  f"{r['temporaries_cleaned']}, tracebacks {r['tracebacks']}")
        print(f"corpus: {result['inputs']} inputs, {result['valid']} valid, {result['errors']} "
              f"bad; seed {result['seed']}; {result['seconds']} s")
        for f in failures:
            print(f"FAILED: {f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
