import json

import pytest
from typer.testing import CliRunner

from analytics_fixtures import STORE_A, make_store
from dyad.analytics import ActorFilter, series
from dyad.analytics.synthetic import insert_events
from dyad.cli import app
from dyad.store import connect
from dyad.store.aggregates import check_totals, rebuild_totals
from dyad.store.dedup import recompute

runner = CliRunner()


@pytest.fixture
def store(tmp_path):
    return make_store(tmp_path / "a.db", STORE_A)


def rows_by_period(result, source="PRK", target="USA"):
    return {r["period"]: r for r in result["data"] if (r["source"], r["target"]) == (source, target)}


def test_monthly_series_counts_one_act_once_and_fills_gaps(store):
    r = series(store, ActorFilter(source="PRK", target="USA"), "month", evidence=True)
    rows = rows_by_period(r)
    # span of the store's non-negated dated events: 2017-07-01 .. 2017-10
    assert list(rows) == ["2017-07", "2017-08", "2017-09", "2017-10"]
    assert rows["2017-07"]["events"] == 0 and rows["2017-07"]["total"] == 1
    assert rows["2017-07"]["share"] == 0.0 and rows["2017-07"]["goldstein_mean"] is None
    aug = rows["2017-08"]
    # e1 (PRK) and e2 (PRKGOV) are one act at country level; e8 is another; e7 is USA->PRK
    assert aug["events"] == 2 and aug["counts"] == {"1": 1, "2": 0, "3": 1, "4": 0}
    assert aug["total"] == 4 and aug["share"] == 0.5 and aug["shares"]["3"] == 0.25
    assert (aug["goldstein_net"], aug["goldstein_pos"], aug["goldstein_neg"]) == (1.0, 8.0, -7.0)
    assert aug["goldstein_mean"] == 0.5
    assert aug["mentions"] == 3 and aug["articles"] == 3
    assert aug["event_ids"] == ["e1", "e2", "e8"]
    assert (aug["start"], aug["end"]) == ("2017-08-01", "2017-08-31")
    sep = rows["2017-09"]
    assert sep["counts"]["4"] == 1 and sep["share"] == 1.0 and sep["mentions"] == 2 and sep["articles"] == 2
    assert rows["2017-10"]["counts"]["3"] == 1  # a month-precision date counts in a month
    assert r["meta"]["too_coarse"] == 0 and r["meta"]["totals_from"] == "event_totals"


def test_sector_level_keeps_sectors_apart(store):
    r = series(store, ActorFilter(source="PRK", target="USA", level="sector"), "month")
    assert rows_by_period(r)["2017-08"]["events"] == 2
    assert rows_by_period(r, "PRKGOV")["2017-08"]["events"] == 1
    only = series(store, ActorFilter(source="PRKGOV", target="USA"), "month")
    assert {(x["source"], x["target"]) for x in only["data"]} == {("PRKGOV", "USA")}
    assert sum(x["events"] for x in only["data"]) == 1


def test_weekly_series_drops_coarse_dates_and_labels_iso_weeks(store):
    r = series(store, ActorFilter(source="PRK", target="USA"), "week")
    rows = rows_by_period(r)
    assert r["data"][0]["period"] == "2017-W26" and r["data"][0]["start"] == "2017-06-26"
    assert list(rows)[-1] == "2017-W35"  # the last day-precision date is Sunday 2017-09-03
    assert rows["2017-W32"]["events"] == 1 and rows["2017-W32"]["mentions"] == 2
    assert rows["2017-W35"]["events"] == 2 and rows["2017-W35"]["goldstein_net"] == -2.0
    assert rows["2017-W33"]["events"] == 0
    assert r["meta"]["too_coarse"] == 1  # e6 is dated only to the month


def test_negated_mentions_weight_both_directions_and_plover(store):
    neg = rows_by_period(series(store, ActorFilter(source="PRK", target="USA", include_negated=True)))
    assert neg["2017-06"]["counts"]["1"] == 1 and neg["2017-06"]["total"] == 1
    w = rows_by_period(series(store, ActorFilter(source="PRK", target="USA"), weight="mentions"))
    aug = w["2017-08"]
    assert aug["counts"] == {"1": 1, "2": 0, "3": 2, "4": 0} and aug["total"] == 4
    assert aug["share"] == 0.75 and aug["goldstein_net"] == -6.0 and aug["goldstein_mean"] == -2.0
    assert w["2017-09"]["goldstein_net"] == -20.0
    both = series(store, ActorFilter(source="PRK", target="USA"), both=True)
    back = rows_by_period(both, "USA", "PRK")
    assert back["2017-08"]["counts"]["4"] == 1 and back["2017-08"]["goldstein_net"] == -5.0
    pl = rows_by_period(series(store, ActorFilter(source="PRK", target="USA"), by="plover"))
    assert pl["2017-08"]["counts"]["THREATEN"] == 1 and pl["2017-08"]["counts"]["SUPPORT"] == 1
    assert pl["2017-07"]["counts"]["THREATEN"] == 0


def test_several_values_and_a_dyad_with_no_history(store):
    r = series(store, ActorFilter(source="PRK,KOR", target=("USA", "JPN")))
    assert {(x["source"], x["target"]) for x in r["data"]} == {
        ("PRK", "USA"), ("PRK", "JPN"), ("KOR", "USA"), ("KOR", "JPN")}
    assert rows_by_period(r, "KOR", "JPN")["2017-07"]["counts"]["1"] == 1
    none = series(store, ActorFilter(source="FRA", target="DEU"))
    assert len(none["data"]) == 4 and all(x["events"] == 0 for x in none["data"])
    assert [x["total"] for x in none["data"]] == [1, 4, 1, 1]


def test_empty_store_and_one_event(tmp_path):
    empty = connect(tmp_path / "e.db")
    assert series(empty, ActorFilter(source="PRK"))["data"] == []
    bounded = series(empty, ActorFilter(source="PRK", since="2017-01", until="2017-03"))
    assert [x["period"] for x in bounded["data"]] == ["2017-01", "2017-02", "2017-03"]
    assert all(x["share"] is None and x["events"] == 0 for x in bounded["data"])
    one = make_store(tmp_path / "one.db", [STORE_A[0]])
    r = series(one, ActorFilter(source="PRK", target="USA"), "day")
    assert len(r["data"]) == 1 and r["data"][0]["period"] == "2017-08-09"
    assert r["data"][0]["share"] == 1.0 and r["data"][0]["goldstein_net"] == -7.0


def test_bad_arguments_name_the_parameter(store):
    for kwargs, word in (({"interval": "fortnight"}, "interval"), ({"by": "cameo"}, "by"),
                         ({"weight": "sources"}, "weight")):
        with pytest.raises(ValueError, match=word):
            series(store, ActorFilter(), **kwargs)
    for kwargs, word in (({"level": "region"}, "level"), ({"root": "25"}, "root"),
                         ({"source": "PR-K"}, "source"), ({"quad": "5"}, "quad"),
                         ({"since": "August"}, "since")):
        with pytest.raises(ValueError, match=word):
            ActorFilter(**kwargs)


def test_totals_stay_exact_through_upserts_and_deletes(tmp_path):
    conn = make_store(tmp_path / "t.db", STORE_A)
    assert check_totals(conn) == []
    conn.execute("INSERT INTO mentions (mention_id, event_key, article_id, sentence_index, sentence,"
                 " cameo, cameo_root, negated, date, record) VALUES "
                 "('extra', 'e1', 'a9', 0, 's', '138', '13', 0, '2017-08-09', '{}')")
    conn.execute("INSERT INTO articles (id, text, text_sha1, sentences, events, run_id, ingested_at)"
                 " VALUES ('a9', 't', 'x', 1, 1, 0, 'now')")
    recompute(conn, ["e1"], "now")  # the store's own upsert of an event row
    assert conn.execute("SELECT num_mentions FROM events WHERE event_key='e1'").fetchone()[0] == 2
    assert check_totals(conn) == []
    conn.execute("DELETE FROM mentions WHERE event_key = 'e3'")
    recompute(conn, ["e3"], "now")  # no mentions left: the event goes
    assert check_totals(conn) == []
    r = rows_by_period(series(conn, ActorFilter(source="PRK", target="USA"), weight="mentions"))
    assert r["2017-08"]["total"] == 5 and r["2017-09"]["total"] == 0
    conn.execute("UPDATE event_totals SET events = 99")  # drift, then repair
    assert check_totals(conn) != []
    rebuild_totals(conn)
    assert check_totals(conn) == []


def test_a_store_without_totals_is_filled_on_open_and_readable_without(tmp_path):
    path = tmp_path / "old.db"
    conn = make_store(path, STORE_A)
    conn.execute("DELETE FROM event_totals")
    conn.execute("DELETE FROM meta WHERE key = 'event_totals'")
    conn.close()
    ro = connect(path, create=False)  # read-only open: counts events directly
    r = series(ro, ActorFilter(source="PRK", target="USA"))
    assert r["meta"]["totals_from"] == "events" and rows_by_period(r)["2017-08"]["total"] == 4
    ro.close()
    assert check_totals(connect(path)) == []


def test_trends_command_formats_and_output(store, tmp_path):
    db = str(tmp_path / "a.db")
    res = runner.invoke(app, ["trends", "--db", db, "-s", "PRK", "-t", "USA", "-f", "json"])
    assert res.exit_code == 0, res.output
    body = json.loads(res.stdout)
    assert body["meta"]["interval"] == "month" and len(body["data"]) == 4
    out = tmp_path / "t.csv"
    res = runner.invoke(app, ["trends", "--db", db, "-s", "PRK", "-t", "USA", "-f", "csv", "--ids",
                              "-o", str(out)])
    assert res.exit_code == 0, res.output
    lines = out.read_text().splitlines()
    assert lines[0].startswith("period,start,end,source,target,events") and "counts_3" in lines[0]
    assert "e1;e2;e8" in lines[2]
    res = runner.invoke(app, ["trends", "--db", db, "-s", "PRK", "-t", "USA", "-i", "week"])
    assert res.exit_code == 0 and "2017-W32" in res.stdout and "PRK→USA" in res.stdout
    png = tmp_path / "t.png"
    res = runner.invoke(app, ["trends", "--db", db, "-s", "PRK", "-t", "USA", "--plot", str(png)])
    assert res.exit_code == 0 and png.read_bytes()[:4] == b"\x89PNG"


def test_trends_command_errors_are_clear(tmp_path, store):
    res = runner.invoke(app, ["trends", "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 2 and "no event store" in res.stderr
    res = runner.invoke(app, ["trends", "--db", str(tmp_path / "a.db"), "--by", "cameo"])
    assert res.exit_code == 2 and "bad by 'cameo'" in res.stderr
    res = runner.invoke(app, ["trends", "--db", str(tmp_path / "a.db"), "--plot", str(tmp_path / "x.gif")])
    assert res.exit_code == 2 and ".png" in res.stderr and "Traceback" not in res.output


def test_events_command_shows_the_evidence_ids(store, tmp_path):
    res = runner.invoke(app, ["events", "--db", str(tmp_path / "a.db"), "--id", "e1,e8", "--id", "e3",
                              "-f", "jsonl"])
    assert res.exit_code == 0, res.output
    assert sorted(json.loads(line)["event_id"] for line in res.stdout.splitlines()) == ["e1", "e3", "e8"]
