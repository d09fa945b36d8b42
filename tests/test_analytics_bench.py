import json

from typer.testing import CliRunner

from analytics_fixtures import STORE_A, make_store
from dyad.analytics.synthetic import build_store
from dyad.cli import app
from dyad.store import connect
from dyad.store.aggregates import check_totals

runner = CliRunner()


def test_synthetic_store_has_consistent_totals_and_working_triggers(tmp_path):
    conn = connect(tmp_path / "s.db")
    assert build_store(conn, 3000, actors=20, years=2, chunk=1000) == 3000
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 3000
    assert check_totals(conn) == []
    conn.execute("DELETE FROM events WHERE event_key IN (SELECT event_key FROM events LIMIT 10)")
    assert check_totals(conn) == []  # the triggers are back after the fill


def test_bench_analytics_command_reports_every_task_with_its_ratio():
    res = runner.invoke(app, ["bench", "--analytics", "--events", "2000", "--rounds", "1", "--json"])
    assert res.exit_code == 0, res.output
    body = json.loads(res.stdout)
    assert body["events"] == 2000 and len(body["tasks"]) == 5
    for task in body["tasks"]:
        assert task["seconds"] > 0 and task["group_by_seconds"] > 0 and task["ratio_to_group_by"] > 0
    assert body["tasks"][0]["task"].startswith("series") and body["tasks"][0]["results"] > 0


def test_bench_without_corpus_or_analytics_is_an_error():
    res = runner.invoke(app, ["bench"])
    assert res.exit_code == 2 and "CORPUS" in res.stderr


def test_reindex_repairs_drifted_totals(tmp_path):
    path = tmp_path / "a.db"
    conn = make_store(path, STORE_A)
    conn.execute("UPDATE event_totals SET events = events + 5")
    res = runner.invoke(app, ["reindex", "--db", str(path)])
    assert res.exit_code == 0 and "had drifted" in res.stderr
    assert check_totals(conn) == []
    res = runner.invoke(app, ["reindex", "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 2 and "no event store" in res.stderr
