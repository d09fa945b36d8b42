"""Realis in the store: every mention and event carries it; `dyad events`, exports, the API and
the analyses read asserted events unless asked for `--realis all` (or one realis); a store made
before the column existed is upgraded on open, from each mention's JSON record."""
import csv
import datetime as dt
import io
import json
import sqlite3

import pytest
from typer.testing import CliRunner

from dyad.analytics import ActorFilter
from dyad.analytics.network import network
from dyad.cli import app
from dyad.record import Article
from dyad.store import ingest
from dyad.store.queries import EventFilter, query_events, realis_value
from dyad.store.schema import connect

TEXT = ("Egypt condemned Libya on Monday over the border raid. "
        "In 2009, Egypt had condemned Sudan for a similar raid.")


@pytest.fixture(scope="module")
def store(tmp_path_factory, coder):
    db = tmp_path_factory.mktemp("realis") / "r.db"
    ingest([], db, coder=coder, articles=[Article("a1", TEXT, dt.date(2021, 3, 10))])
    return db


def _targets(events) -> set:
    return {e["target"]["code"] for e in events if e["target"]}


def test_mentions_and_events_carry_realis(store):
    conn = connect(store, create=False)
    got = {(r["target_code"], r["realis"]) for r in conn.execute("SELECT * FROM mentions")}
    assert ("LBY", "asserted") in got and ("SDN", "background") in got
    events = {r["target_code"]: r["realis"] for r in conn.execute("SELECT * FROM events")}
    assert events == {"LBY": "asserted", "SDN": "background"}


def test_queries_default_to_asserted(store):
    conn = connect(store, create=False)
    assert _targets(query_events(conn, EventFilter())) == {"LBY"}
    assert _targets(query_events(conn, EventFilter(realis="all"))) == {"LBY", "SDN"}
    assert _targets(query_events(conn, EventFilter(realis="background"))) == {"SDN"}
    with pytest.raises(ValueError, match="bad realis 'maybe'"):
        realis_value("maybe")


def test_cli_events_and_export_follow_realis(store):
    runner = CliRunner()
    out = runner.invoke(app, ["events", "--db", str(store), "-f", "jsonl"])
    assert out.exit_code == 0 and _targets(json.loads(l) for l in out.stdout.splitlines()) == {"LBY"}
    out = runner.invoke(app, ["export", "--db", str(store), "-f", "csv", "--realis", "all"])
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert {(r["Actor2Code"], r["Realis"]) for r in rows} == {("LBY", "asserted"), ("SDN", "background")}
    bad = runner.invoke(app, ["events", "--db", str(store), "--realis", "maybe"])
    assert bad.exit_code == 2 and "bad realis" in bad.output


def test_analyses_count_asserted_events(store):
    conn = connect(store, create=False)
    assert set(network(conn, ActorFilter()).edges) == {("EGY", "LBY")}
    assert set(network(conn, ActorFilter(realis="all")).edges) == {("EGY", "LBY"), ("EGY", "SDN")}


def test_api_events_realis_parameter(store):
    from fastapi.testclient import TestClient

    from dyad.api.app import create_app
    from dyad.api.deps import Settings

    client = TestClient(create_app(Settings(db=store)))
    assert _targets(client.get("/events").json()["data"]) == {"LBY"}
    assert _targets(client.get("/events", params={"realis": "all"}).json()["data"]) == {"LBY", "SDN"}
    bad = client.get("/events", params={"realis": "maybe"})
    assert bad.status_code == 400 and bad.json()["error"]["detail"]["parameter"] == "realis"


def _schema_1_copy(store, path):
    src = sqlite3.connect(store)
    src.execute(f"VACUUM INTO '{path}'")
    src.close()
    conn = sqlite3.connect(path)  # back to schema 1: no realis columns
    conn.execute("ALTER TABLE mentions DROP COLUMN realis")
    conn.execute("ALTER TABLE events DROP COLUMN realis")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("create", [True, False], ids=["writer", "reader"])
def test_a_store_made_before_realis_is_upgraded_on_open(store, tmp_path, create):
    old = _schema_1_copy(store, tmp_path / "old.db")
    conn = connect(old, create=create)
    assert {r["target_code"]: r["realis"] for r in conn.execute("SELECT * FROM events")} == \
        {"LBY": "asserted", "SDN": "background"}
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "2"
    assert _targets(query_events(conn, EventFilter())) == {"LBY"}


def test_dyad_events_on_an_old_store_upgrades_it(store, tmp_path):
    old = _schema_1_copy(store, tmp_path / "old.db")
    out = CliRunner().invoke(app, ["events", "--db", str(old), "-f", "jsonl"])
    assert out.exit_code == 0, out.output
    assert _targets(json.loads(line) for line in out.stdout.splitlines()) == {"LBY"}
