"""Outputs: atomic, never onto the store, one clear line for a bad path, formulas defused."""
import csv
import datetime as dt
import io
import os
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyad.cli import app
from dyad.record import Article
from dyad.store import ingest
from dyad.store.exports import export, gdelt_row
from dyad.store.outputs import OutputError, atomic_text, csv_safe
from dyad.store.schema import connect

runner = CliRunner()
ARTICLES = [
    Article("a1", "Iran accused Israel of sabotage at its nuclear plant.", dt.date(2021, 4, 12),
            url="=HYPERLINK(\"http://evil.example\",\"x\")"),
    Article("a2", "Japan praised India for its support.", dt.date(2021, 5, 3),
            url="https://wire.example.org/a2"),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory, coder):
    db = tmp_path_factory.mktemp("outputs") / "s.db"
    ingest([], db, coder=coder, articles=ARTICLES)
    return db


def _rows(db: Path) -> int:
    return sqlite3.connect(db).execute("SELECT count(*) FROM mentions").fetchone()[0]


def test_export_onto_the_store_is_refused_and_the_store_kept(store):
    before = _rows(store)
    for target in (store, Path(f"{store}-wal")):
        got = runner.invoke(app, ["export", "-f", "jsonl", "--db", str(store), "-o", str(target)])
        assert got.exit_code == 2 and "event store itself" in got.output
    assert _rows(store) == before > 0


def test_export_onto_another_sqlite_file_is_refused(store, tmp_path):
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    got = runner.invoke(app, ["export", "-f", "csv", "--db", str(store), "-o", str(other)])
    assert got.exit_code == 2 and "SQLite database" in got.output


@pytest.mark.parametrize("where, says", [("folder", "is a folder"), ("missing", "does not exist"),
                                         ("full", "could not write")])
def test_bad_output_paths_give_one_line(store, tmp_path, where, says):
    if where == "full" and not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    target = {"folder": tmp_path, "missing": tmp_path / "nope" / "x.csv", "full": Path("/dev/full")}[where]
    got = runner.invoke(app, ["export", "-f", "csv", "--db", str(store), "-o", str(target)])
    assert got.exit_code == 2 and says in got.output and "Traceback" not in got.output
    assert got.output.strip().count("\n") == 0


def test_a_failed_export_leaves_the_old_file_and_no_partial(tmp_path):
    out = tmp_path / "events.jsonl"
    out.write_text("old\n")
    with pytest.raises(RuntimeError):
        with atomic_text(out) as fh:
            fh.write("half a line")
            raise RuntimeError("killed")
    assert out.read_text() == "old\n" and os.listdir(tmp_path) == ["events.jsonl"]
    with atomic_text(out) as fh:
        fh.write("new\n")
    assert out.read_text() == "new\n" and os.listdir(tmp_path) == ["events.jsonl"]


def test_csv_cells_that_look_like_formulas_are_defused(store, tmp_path):
    assert [csv_safe(v) for v in ("=1+1", "+x", "-x", "@x", "\tx", "\rx", "ok", -2.0, 3)] == \
        ["'=1+1", "'+x", "'-x", "'@x", "'\tx", "'\rx", "ok", -2.0, 3]
    out = io.StringIO()
    export(connect(store), "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    urls = {r["SOURCEURL"] for r in rows}
    assert "'=HYPERLINK(\"http://evil.example\",\"x\")" in urls
    assert not any(v.startswith(("=", "+", "@")) for r in rows for v in r.values())
    assert any(r["GoldsteinScale"].startswith("-") for r in rows)  # numbers stay numbers
    got = runner.invoke(app, ["events", "--db", str(store), "-f", "csv"])
    assert "'=HYPERLINK" in got.output


def test_parquet_export_appears_only_when_complete(store, tmp_path):
    target = tmp_path / "pq"
    assert export(connect(store), "parquet", target) > 0
    assert any(target.rglob("*.parquet")) and not list(tmp_path.glob(".pq.*"))
    with pytest.raises(OutputError, match="not empty"):
        export(connect(store), "parquet", target)


def test_gdelt_row_escapes_first_sentence():
    ev = {"date": None, "source": None, "target": None, "location": None, "is_root": True,
          "cameo": "112", "cameo_root": "11", "quad_class": 3, "goldstein": -2.0,
          "num_mentions": 1, "num_sources": 1, "num_articles": 1, "event_id": "e",
          "source_url": None, "date_precision": None, "plover": None, "plover_mode": None,
          "negated": False, "confidence": 0.5, "mentions": [{"sentence": "@SUM(A1) said"}]}
    assert gdelt_row(ev)["FirstSentence"] == "'@SUM(A1) said"


def _dead_pid() -> int:
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_temporaries_carry_the_pid_and_stale_ones_are_removed(tmp_path):
    from dyad.store.outputs import remove_stale

    out = tmp_path / "events.jsonl"
    dead, alive = _dead_pid(), os.getppid()
    stale = tmp_path / f".events.jsonl.{dead}.k3j_x9qa.partial"
    live = tmp_path / f".events.jsonl.{alive}.abcdefgh.partial"
    other = tmp_path / f".events.jsonl.7.{dead}.abcdefgh.partial"  # a temp of 'events.jsonl.7'
    notes = tmp_path / ".events.jsonl.notes"
    for f in (stale, live, other, notes):
        f.write_text("x")
    with atomic_text(out) as fh:
        fh.write("new\n")
        mine = [p.name for p in tmp_path.iterdir() if p.name.startswith(f".events.jsonl.{os.getpid()}.")]
        assert len(mine) == 1 and mine[0].endswith(".partial")
    assert out.read_text() == "new\n"
    assert not stale.exists() and live.exists() and other.exists() and notes.exists()
    (tmp_path / f".events.jsonl.{dead}.aaaa1111.partial").mkdir()  # a killed Parquet export
    assert remove_stale(out) == 1 and remove_stale(out) == 0


def test_parquet_and_analysis_outputs_remove_stale_temporaries(store, tmp_path):
    from dyad.analytics.output import write_text

    dead = _dead_pid()
    left = tmp_path / f".pq.{dead}.zzzz0000.partial"
    left.mkdir()
    (left / "part.parquet").write_bytes(b"half")
    assert export(connect(store), "parquet", tmp_path / "pq") > 0
    assert not left.exists()
    plot_tmp = tmp_path / f".t.csv.{dead}.yyyy0000.csv"
    plot_tmp.write_text("half")
    write_text("a,b\n", tmp_path / "t.csv")
    assert not plot_tmp.exists() and (tmp_path / "t.csv").read_text() == "a,b\n"
