"""Store faults: a foreign, truncated or read-only store is one line naming the file and
the fix, exit code 2, and what was committed stays intact (a full disk: test_full_disk.py); `dyad check` runs quick_check; runs
killed earlier are marked interrupted; a second ingest of the same input reports skips."""
import datetime as dt
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyad.cli import app
from dyad.record import Article
from dyad.store import ingest
from dyad.store.faults import StoreError

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
ARTS = [Article(f"a{i}", f"Japan praised India for its support in report {i}.", dt.date(2021, 5, 3))
        for i in range(6)]


@pytest.fixture(scope="module")
def good(tmp_path_factory, coder):
    db = tmp_path_factory.mktemp("faults") / "good.db"
    ingest([], db, coder=coder, articles=ARTS)
    return db


def _count(db):
    return sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0]


def _one_line(result, *words):
    text = result.output.strip()
    assert result.exit_code == 2, text
    assert "Traceback" not in text and text.count("\n") == 0, text
    for w in words:
        assert w in text


def test_not_a_database(tmp_path, coder):
    bad = tmp_path / "random.db"
    bad.write_bytes(os.urandom(8192))
    before = bad.read_bytes()
    for cmd in (["events"], ["export", "-f", "jsonl"], ["check"]):
        _one_line(runner.invoke(app, [*cmd, "--db", str(bad)]), str(bad), "not a dyad event store")
    with pytest.raises(StoreError, match="not a dyad event store"):
        ingest([], bad, coder=coder, articles=ARTS[:1])
    assert bad.read_bytes() == before


def test_truncated_store_is_named_damaged_or_foreign(good, tmp_path):
    cut = tmp_path / "cut.db"
    data = good.read_bytes()
    cut.write_bytes(data[: len(data) // 3])
    got = runner.invoke(app, ["check", "--db", str(cut)])
    assert got.exit_code == 2 and "Traceback" not in got.output and str(cut) in got.output
    got = runner.invoke(app, ["events", "--db", str(cut), "-f", "jsonl"])
    assert got.exit_code in (0, 2) and "Traceback" not in got.output


def test_check_passes_a_sound_store_and_finds_corrupt_pages(good, tmp_path):
    got = runner.invoke(app, ["check", "--db", str(good)])
    assert got.exit_code == 0 and "quick_check" in got.output
    broken = tmp_path / "broken.db"
    src = sqlite3.connect(good)
    src.execute(f"VACUUM INTO '{broken}'")
    data = bytearray(broken.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for p in range(1, len(data) // page):  # scribble over the b-tree header of every page but the first
        data[p * page: p * page + 8] = b"\x07" * 8
    broken.write_bytes(bytes(data))
    got = runner.invoke(app, ["check", "--db", str(broken)])
    assert got.exit_code == 2 and "Traceback" not in got.output
    assert "quick_check" in got.output or "damaged" in got.output or "not a dyad" in got.output


def _child(args, **kw):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-c", "from dyad.cli import app; app()", *args], capture_output=True, text=True,
                          env=env, timeout=300, **kw)


def test_read_only_store_is_explained(good, tmp_path):
    from dyad.store.faults import explain

    conn = sqlite3.connect(f"file:{good}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as exc:
        conn.execute("DELETE FROM articles")
    line = explain(exc.value, good)
    assert str(good) in line and "read-only" in line and "writable" in line
    assert _count(good) == len(ARTS)


def _nobody_can_run_python() -> bool:
    return all(os.stat(p).st_mode & 0o001 for p in Path(sys.executable).resolve().parents)


@pytest.mark.skipif(not hasattr(os, "setuid") or os.geteuid() != 0 or not _nobody_can_run_python(),
                    reason="needs root, and a Python another user may run, to make a store "
                           "read-only for the child (root ignores permissions)")
def test_read_only_store_on_ingest(good, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    store = folder / "s.db"
    store.write_bytes(good.read_bytes())
    os.chmod(folder, 0o755)
    os.chmod(store, 0o644)
    os.chmod(tmp_path, 0o755)
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "n1", "text": "Russia rejected the proposal."}\n')
    os.chmod(src, 0o644)
    got = _child(["ingest", str(src), "--db", str(store), "-q"],
                 preexec_fn=lambda: os.setuid(65534), cwd="/")
    assert got.returncode == 2, got.stderr
    assert "Traceback" not in got.stderr and str(store) in got.stderr
    assert "read-only" in got.stderr or "cannot open" in got.stderr
    assert _count(store) == len(ARTS)


def test_killed_run_is_marked_interrupted_and_rerun_reports_skips(good, tmp_path, coder):
    store = tmp_path / "k.db"
    store.write_bytes(good.read_bytes())
    conn = sqlite3.connect(store)
    conn.execute("INSERT INTO ingest_runs (started_at, status, inputs, pid) "
                 "VALUES ('2021', 'running', '[]', 999999999)")
    conn.commit()
    summary = ingest([], store, coder=coder, articles=ARTS[:3])
    statuses = [r[0] for r in conn.execute("SELECT status FROM ingest_runs ORDER BY run_id")]
    assert statuses[-2:] == ["interrupted", "done"]
    assert summary.skipped == 3 and summary.coded == 0


def test_symlinks_in_a_folder_are_not_followed_unless_asked(tmp_path):
    from dyad.ingest.folders import IngestOptions, read_sources
    from dyad.ingest.records import InputError

    outside = tmp_path / "outside.txt"
    outside.write_text("Iran accused Israel of sabotage.")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "own.txt").write_text("Japan praised India.")
    (folder / "link.txt").symlink_to(outside)
    got = list(read_sources([str(folder)]))
    errs = [g for g in got if isinstance(g, InputError)]
    assert len(got) == 2 and len(errs) == 1 and "--follow-symlinks" in errs[0].message
    assert len(list(read_sources([str(folder)], IngestOptions(follow_symlinks=True)))) == 2
