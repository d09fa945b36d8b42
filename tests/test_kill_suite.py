"""The kill suite (scripts/kill_suite.py): `dyad ingest` and `dyad export` killed with SIGKILL at
seeded random points, 10 times each. After every kill the store passes quick_check, a rerun
gives exactly the rows of an uninterrupted ingest, and a killed export leaves no file under its
final name (only its pid-named temporary, which the next export removes)."""
import contextlib
import importlib.util
import os
import sqlite3
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "kill_suite.py"
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the kill suite forks")


@pytest.fixture(scope="module")
def suite():
    spec = importlib.util.spec_from_file_location("kill_suite", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["kill_suite"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("kill_suite", None)


def test_ten_kills_of_each_lose_nothing(suite, tmp_path, coder):
    result = suite.run(kills=10, seed=12, articles=24, events=3000, work=tmp_path)
    ingest, export = result["ingest"], result["export"]
    assert ingest["failures"] == [] and export["failures"] == []
    assert ingest["kills"] == 10 and export["kills"] == 10
    assert ingest["tracebacks"] == 0 and export["tracebacks"] == 0
    assert ingest["mid_run"] >= 3, ingest  # kills landed between the first and last commit
    assert export["mid_run"] >= 1, export  # ... and while an export was being written
    assert export["temporaries_left"] == export["temporaries_cleaned"] >= 1
    ref = sqlite3.connect(tmp_path / "reference.db")
    assert ref.execute("SELECT count(*) FROM articles").fetchone()[0] == 24
    assert ref.execute("SELECT count(*) FROM errors").fetchone()[0] == len(suite.BAD_LINES)
    assert ref.execute("SELECT max(num_mentions) FROM events").fetchone()[0] > 1


def test_the_suite_catches_a_lost_row(suite, tmp_path):
    db = tmp_path / "s.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE articles (id TEXT, run_id INTEGER, ingested_at TEXT)")
    conn.executemany("INSERT INTO articles VALUES (?, ?, ?)", [("a", 1, "t1"), ("b", 2, "t2")])
    conn.commit()
    before = suite.contents(db)
    conn.execute("UPDATE articles SET run_id = 9, ingested_at = 't9'")  # not content: ignored
    conn.commit()
    assert suite.contents(db) == before
    conn.execute("DELETE FROM articles WHERE id = 'b'")
    conn.commit()
    assert suite.contents(db) != before


def test_the_suite_catches_an_export_written_in_place(suite, tmp_path, monkeypatch, coder):
    """With the atomic writer replaced by one that writes straight to the final name, killed
    exports leave partial or emptied files, and the suite says so."""
    import dyad.store.exports as exports

    @contextlib.contextmanager
    def in_place(path, store=None):
        with open(path, "w", encoding="utf-8") as fh:
            yield fh

    monkeypatch.setattr(exports, "atomic_text", in_place)
    suite.warm_up(tmp_path)
    report = suite.export_kills(tmp_path, 3000, 6, suite.random.Random(3))
    assert any("not the" in f for f in report.failures), report
