"""SIGINT (Ctrl-C) and SIGTERM during `dyad ingest` of many tiny JSONL lines: exit code 130,
one line with what the run stored so far, no traceback, the committed rows intact and
consistent, the run marked interrupted."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINES = 20_000


def _start(tmp_path: Path, name: str, *extra: str) -> tuple[subprocess.Popen, Path]:
    src = tmp_path / f"{name}.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for i in range(LINES):
            fh.write(json.dumps({"id": f"{name}{i}", "text": f"Japan praised India {i}.",
                                 "published": "2021-05-03"}) + "\n")
    db = tmp_path / f"{name}.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-c", "from dyad.cli import app; app()", "ingest", str(src), "--db",
         str(db), "-q", "--workers", "1", "--batch-size", "16", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # not ignored, as in a shell
    return proc, db


def _stored(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _wait_for_commits(proc, db: Path, rows: int = 48) -> None:
    deadline = time.monotonic() + 120
    while _stored(db) < rows:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the ingest committed nothing in 120 s"
        time.sleep(0.05)


@pytest.fixture(scope="module")
def interrupted(tmp_path_factory):
    """Both ingests run at once (each spends seconds loading spaCy), then get their signal."""
    tmp = tmp_path_factory.mktemp("signals")
    runs = {sig: _start(tmp, sig.name.lower(), *(["--json"] if sig is signal.SIGTERM else []))
            for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig, (proc, db) in runs.items():
        _wait_for_commits(proc, db)
        before = _stored(db)
        proc.send_signal(sig)
        out, errors = proc.communicate(timeout=60)
        runs[sig] = (proc.returncode, out, errors, db, before)
    return runs


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_ends_ingest_with_the_summary_so_far(interrupted, sig):
    code, out, errors, db, before = interrupted[sig]
    assert code == 130, errors
    assert "Traceback" not in errors
    lines = [ln for ln in errors.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("interrupted"), errors
    conn = sqlite3.connect(db)
    stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert before <= stored < LINES
    assert f"stored {stored} article(s)" in " ".join(errors.split())
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    run = conn.execute("SELECT status, coded FROM ingest_runs").fetchall()
    assert [tuple(r) for r in run] == [("interrupted", stored)]
    mentions = conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
    assert mentions >= stored  # every stored article is coded, its events stored with it
    assert conn.execute("SELECT sum(num_mentions) FROM events").fetchone()[0] == mentions
    assert conn.execute("SELECT count(*) FROM mentions WHERE article_id NOT IN "
                        "(SELECT id FROM articles)").fetchone()[0] == 0
    if sig is signal.SIGTERM:  # --json: the same figures on stdout
        summary = json.loads(out)
        assert summary["interrupted"] is True and summary["coded"] == stored
