import json

import pytest
from typer.testing import CliRunner

from analytics_fixtures import acts, make_store
from dyad.analytics import ActorFilter, alerts
from dyad.analytics.alerts import acled_change, z_score
from dyad.cli import app
from dyad.store import connect

runner = CliRunner()
# ISO weeks of 2018: W01 starts Monday 1 January
WEEKS = ["2018-01-01", "2018-01-08", "2018-01-15", "2018-01-22"]
NOW = "2018-01-31"  # W05, the store's latest week


def _store_b():
    ev = []
    for dyad, before, now in ((("PRK", "USA"), 2, 3), (("KOR", "JPN"), 4, 5), (("CHN", "TWN"), 8, 9),
                              (("RUS", "UKR"), 8, 8)):
        for day in WEEKS:
            ev += acts(*dyad, day, before)
        ev += acts(*dyad, NOW, now)
    ev += acts("KOR", "JPN", NOW, 1, quad=4)           # KOR->JPN: 6 conflict acts now, 1 material
    ev += acts("SYR", "TUR", NOW, 7, quad=4)           # no history at all
    # the same act as SYR->TUR's first, coded at sector level: counted once
    ev.append({**acts("SYR", "TUR", NOW, 1, quad=4)[0], "id": "dup", "source": "SYRMIL"})
    ev += acts("FRA", "DEU", NOW, 3, quad=1)           # cooperation only: never an alert
    return ev


@pytest.fixture
def store_b(tmp_path):
    return make_store(tmp_path / "b.db", _store_b())


def by_dyad(result):
    return {(r["source"], r["target"], r["measure"]): r for r in result["data"]}


def test_acled_change_levels():
    assert acled_change(6, 4) == (50.0, "large increase")
    assert acled_change(9, 8) == (12.5, "moderate increase")
    assert acled_change(8, 8) == (0.0, "limited change")
    assert acled_change(5, 8) == (-37.5, "large decrease")
    assert acled_change(3, 2)[1] == "limited change"      # low baseline, low count
    assert acled_change(7, 0) == (None, "large increase")
    assert acled_change(3, None) == (None, "no history")


def test_pct_alerts_on_hand_built_store(store_b):
    r = alerts(store_b, ActorFilter(), "week", baseline=4, method="pct")
    found = by_dyad(r)
    assert r["meta"]["current"] == "2018-W05" and r["meta"]["baseline_periods"] == 4
    assert set(found) == {("KOR", "JPN", "conflict"), ("CHN", "TWN", "conflict"),
                          ("SYR", "TUR", "conflict"), ("SYR", "TUR", "material_conflict")}
    kor = found[("KOR", "JPN", "conflict")]
    assert (kor["current"], kor["baseline_mean"], kor["pct_change"], kor["change"]) == (6, 4.0, 50.0, "large increase")
    assert len(kor["event_ids"]) == 6 and all(i.startswith("KOR-JPN-2018-01-31") for i in kor["event_ids"])
    assert found[("CHN", "TWN", "conflict")]["change"] == "moderate increase"
    syr = found[("SYR", "TUR", "conflict")]
    assert syr["current"] == 7 and syr["pct_change"] is None and "dup" in syr["event_ids"]
    assert r["data"][0]["source"] != "CHN"  # strongest first: large increases before moderate
    everything = by_dyad(alerts(store_b, ActorFilter(), "week", 4, "pct", all_dyads=True))
    assert everything[("PRK", "USA", "conflict")]["change"] == "limited change"
    assert everything[("RUS", "UKR", "conflict")]["pct_change"] == 0.0
    assert everything[("KOR", "JPN", "material_conflict")]["change"] == "limited change"
    assert not any(s == "FRA" for s, _, _ in everything)


def test_baseline_52_uses_only_the_periods_the_store_covers(store_b):
    r = alerts(store_b, ActorFilter(), "week", baseline=52)
    assert r["meta"]["baseline_periods"] == 4 and by_dyad(r)[("KOR", "JPN", "conflict")]["pct_change"] == 50.0


def test_filter_until_and_level(store_b):
    r = alerts(store_b, ActorFilter(source="KOR,CHN"), "week", 4, all_dyads=True)
    assert {s for s, _, _ in by_dyad(r)} == {"KOR", "CHN"}
    earlier = by_dyad(alerts(store_b, ActorFilter(until="2018-01-28"), "week", 4, all_dyads=True))
    kor = earlier[("KOR", "JPN", "conflict")]
    assert kor["period"] == "2018-W04" and kor["baseline_periods"] == 3 and kor["change"] == "limited change"
    sector = by_dyad(alerts(store_b, ActorFilter(level="sector"), "week", 4, all_dyads=True))
    assert sector[("SYR", "TUR", "conflict")]["current"] == 7
    assert sector[("SYRMIL", "TUR", "conflict")]["current"] == 1  # its own dyad at sector level


def test_z_scores(tmp_path):
    assert z_score(4, [1, 2] * 5)[0] == pytest.approx(2.5)   # sd 0.53 floored at 1
    assert z_score(4, [1, 2, 1])[0] is None
    import datetime as dt

    monday = dt.date(2018, 1, 1)
    ev = []
    for i, n in enumerate([1, 2] * 5):
        ev += acts("PRK", "USA", (monday + dt.timedelta(weeks=i)).isoformat(), n)
    now = (monday + dt.timedelta(weeks=10, days=2)).isoformat()
    ev += acts("PRK", "USA", now, 4) + acts("IRN", "ISR", now, 2) + acts("IRQ", "SYR", now, 1)
    conn = make_store(tmp_path / "z.db", ev)
    r = by_dyad(alerts(conn, ActorFilter(), "week", method="z", all_dyads=True))
    prk = r[("PRK", "USA", "conflict")]
    assert prk["z"] == 2.5 and prk["alert"] and prk["baseline_periods"] == 10 and prk["baseline_mean"] == 1.5
    assert r[("IRN", "ISR", "conflict")]["z"] == 2.0 and r[("IRN", "ISR", "conflict")]["alert"]
    assert r[("IRQ", "SYR", "conflict")]["alert"] is False
    short = make_store(tmp_path / "short.db", acts("PRK", "USA", "2018-01-01", 1) + acts("PRK", "USA", "2018-01-17", 5))
    only = alerts(short, ActorFilter(), "week", method="z", all_dyads=True)["data"][0]
    assert only["z"] is None and only["change"] == "insufficient history" and not only["alert"]


def test_empty_store_one_event_and_bad_arguments(tmp_path):
    empty = connect(tmp_path / "e.db")
    r = alerts(empty)
    assert r["data"] == [] and r["meta"]["current"] is None
    one = make_store(tmp_path / "one.db", acts("PRK", "USA", "2018-01-03", 1))
    row = alerts(one, all_dyads=True)["data"][0]
    assert row["current"] == 1 and row["baseline_periods"] == 0 and row["change"] == "no history"
    with pytest.raises(ValueError, match="method"):
        alerts(empty, method="cusum")
    with pytest.raises(ValueError, match="baseline"):
        alerts(empty, baseline=0)


def test_alerts_command(store_b, tmp_path):
    db = str(tmp_path / "b.db")
    res = runner.invoke(app, ["alerts", "--db", db, "-f", "json"])
    assert res.exit_code == 0, res.output
    body = json.loads(res.stdout)
    assert len(body["data"]) == 4 and body["meta"]["method"] == "pct"
    ids = body["data"][0]["event_ids"]
    shown = runner.invoke(app, ["events", "--db", db, "--id", ",".join(ids), "-f", "jsonl"])
    assert len(shown.stdout.splitlines()) == len(ids)
    res = runner.invoke(app, ["alerts", "--db", db, "--method", "z"])
    assert res.exit_code == 0 and "no alerts" in res.stderr
    res = runner.invoke(app, ["alerts", "--db", db, "--all", "-f", "csv"])
    assert res.exit_code == 0 and res.stdout.splitlines()[0].startswith("source,target,measure")
    res = runner.invoke(app, ["alerts", "--db", db])
    assert res.exit_code == 0 and "large increase" in res.stdout
