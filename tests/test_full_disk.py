"""A full disk and unwritable outputs: a file-size limit (RLIMIT_FSIZE, set in a child process)
reached during `dyad ingest` or `dyad export` is one clear line and exit code 2, with the
committed rows and the old output intact; an output path that is a folder, in a missing folder
or /dev/full is one line and exit code 2 in every command that writes a file."""
import os
import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyad.analytics.synthetic import build_store
from dyad.cli import app
from dyad.store.schema import connect

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
FULL = Path("/dev/full")


def _child(args, limit: int):
    def cap():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-c", "from dyad.cli import app; app()", *args],
                          capture_output=True, text=True, env=env, timeout=300, preexec_fn=cap)


def _one_line(stderr: str) -> str:
    lines = [ln for ln in stderr.strip().splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return " ".join(lines[0].split())


@pytest.fixture(scope="module")
def events_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("full") / "events.db"
    conn = connect(db)
    build_store(conn, 3000)
    conn.close()
    return db


def _counts(db: Path) -> tuple:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("articles", "mentions", "events"))
    finally:
        conn.close()


def test_full_disk_during_ingest_is_one_line_and_committed_rows_stay(tmp_path, coder):
    from dyad.record import Article
    from dyad.store import ingest

    import datetime as dt

    store = tmp_path / "full.db"
    first = [Article(f"a{i}", f"Japan praised India in report {i}.", dt.date(2021, 5, 3))
             for i in range(6)]
    ingest([], store, coder=coder, articles=first)
    src = tmp_path / "many.jsonl"
    text = "Japan praised India. " * 100
    src.write_text("".join(f'{{"id": "m{i}", "text": "{text} {i}"}}\n' for i in range(60)))
    got = _child(["ingest", str(src), "--db", str(store), "-q", "--workers", "1",
                  "--batch-size", "4"], store.stat().st_size + 30_000)
    assert got.returncode == 2, got.stderr
    line = _one_line(got.stderr)
    assert "disk is full" in line and str(store) in line
    ids = {r[0] for r in sqlite3.connect(store).execute("SELECT id FROM articles")}
    assert {a.id for a in first} <= ids and len(ids) < 66
    assert _counts(store)[0] == len(ids)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "plover"])
def test_full_disk_during_export_keeps_the_old_file(events_db, tmp_path, fmt):
    out = tmp_path / f"events.{fmt}"
    out.write_text("the old export\n")
    before = _counts(events_db)
    got = _child(["export", "-f", fmt, "--realis", "all", "--db", str(events_db), "-o", str(out)],
                 64_000)  # above SQLite's 32 KB shared-memory file, below the export
    assert got.returncode == 2, got.stderr
    line = _one_line(got.stderr)
    assert str(out) in line and "file too large" in line and "ulimit" in line
    assert "nothing was written" in line
    assert out.read_text() == "the old export\n"
    assert os.listdir(tmp_path) == [out.name]  # the temporary is removed
    assert _counts(events_db) == before


def _commands(db: Path, target: Path) -> dict:
    t, d = str(target), str(db)
    return {
        "export jsonl": ["export", "-f", "jsonl", "--db", d, "-o", t],
        "export csv": ["export", "-f", "csv", "--db", d, "-o", t],
        "export plover": ["export", "-f", "plover", "--db", d, "-o", t],
        "export parquet": ["export", "-f", "parquet", "--db", d, "-o", t],
        "trends -o": ["trends", "--db", d, "-f", "csv", "-o", t],
        "trends --plot": ["trends", "--db", d, "--plot", t if target == FULL else t + ".png"],
        "network gexf": ["network", "--db", d, "-f", "gexf", "-o", t],
        "alerts -o": ["alerts", "--db", d, "-f", "json", "-o", t],
    }


@pytest.mark.parametrize("where", ["folder", "missing folder", "/dev/full"])
@pytest.mark.parametrize("command", list(_commands(Path("db"), Path("x"))))
def test_unwritable_outputs_are_one_line(events_db, tmp_path, where, command):
    if where == "/dev/full" and not FULL.exists():
        pytest.skip("no /dev/full on this system")
    target = {"folder": tmp_path / "a-folder", "missing folder": tmp_path / "nope" / "out",
              "/dev/full": FULL}[where]
    if where == "folder":
        target.mkdir()
        (target / "kept").write_text("x")
        if command == "trends --plot":
            target = target.rename(tmp_path / "a-folder.png").with_suffix("")
    args = _commands(events_db, target)[command]
    got = runner.invoke(app, args)
    assert got.exception is None or isinstance(got.exception, SystemExit), repr(got.exception)
    assert got.exit_code == 2, got.output
    text = got.output.strip()
    assert "Traceback" not in text and "Errno" not in text
    lines = [ln for ln in text.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1, text
    assert str(target.name if where != "/dev/full" else FULL) in lines[0]
    assert not list(tmp_path.glob(".*.partial")) and not list(tmp_path.glob(".*.png"))


def test_outputs_get_the_usual_permissions(events_db, tmp_path):
    """Temporary files and folders are private while written; the finished output is not."""
    old = os.umask(0o022)
    try:
        runner.invoke(app, ["export", "-f", "jsonl", "--db", str(events_db), "-o", str(tmp_path / "e.jsonl")])
        runner.invoke(app, ["export", "-f", "parquet", "--db", str(events_db), "-o", str(tmp_path / "pq")])
        runner.invoke(app, ["trends", "--db", str(events_db), "--plot", str(tmp_path / "t.png"),
                            "-f", "csv", "-o", str(tmp_path / "t.csv")])
    finally:
        os.umask(old)
    modes = {p.name: p.stat().st_mode & 0o777 for p in tmp_path.iterdir()}
    assert modes == {"e.jsonl": 0o644, "pq": 0o755, "t.png": 0o644, "t.csv": 0o644}
