import json

import pytest
from typer.testing import CliRunner

from analytics_fixtures import make_store
from dyad.analytics import ActorFilter, mixed
from dyad.cli import app
from dyad.store import connect

runner = CliRunner()

# 036 +4.0 (Q1), 042 +1.9 (Q1), 138 -7.0 (Q3), 190 -10.0 (Q4); all in ISO week 2017-W32
STORE_M = [
    {"id": "m1", "source": "PRK", "target": "USA", "cameo": "036", "date": "2017-08-09", "articles": ["x1"]},
    {"id": "m2", "source": "PRK", "target": "USA", "cameo": "138", "date": "2017-08-09", "articles": ["x1"]},
    {"id": "m3", "source": "PRKGOV", "target": "USA", "cameo": "138", "date": "2017-08-09", "articles": ["x1"]},
    {"id": "m4", "source": "PRK", "target": "USA", "cameo": "042", "date": "2017-08-10", "articles": ["x2"]},
    {"id": "m5", "source": "KOR", "target": "JPN", "cameo": "036", "date": "2017-08-10", "articles": ["x3"]},
    {"id": "m6", "source": "JPN", "target": "KOR", "cameo": "138", "date": "2017-08-10", "articles": ["x3"]},
    {"id": "m7", "source": "PRK", "target": "USA", "cameo": "190", "date": "2017-08-11", "articles": ["x4"]},
    {"id": "m8", "source": "PRK", "target": "CHN", "cameo": "036", "date": "2017-08-12", "articles": ["x5"], "negated": True},
    {"id": "m9", "source": "PRK", "target": "CHN", "cameo": "138", "date": "2017-08-12", "articles": ["x5"]},
    {"id": "m10", "source": "PRK", "cameo": "036", "date": "2017-08-12", "articles": ["x5"]},
]


@pytest.fixture
def store_m(tmp_path):
    return make_store(tmp_path / "m.db", STORE_M)


def test_article_window_flags_an_offer_and_a_threat_in_one_report(store_m):
    r = mixed(store_m, ActorFilter(), "article")
    assert r["meta"]["k"] == 1 and len(r["data"]) == 1
    f = r["data"][0]
    assert (f["source"], f["target"], f["article_id"]) == ("PRK", "USA", "x1")
    # m2 (PRK) and m3 (PRKGOV) are one threat at country level
    assert (f["cooperative_events"], f["conflictual_events"]) == (1, 1)
    assert (f["cooperative_goldstein"], f["conflictual_goldstein"]) == (4.0, -7.0)
    assert f["cooperative_ids"] == ["m1"] and f["conflictual_ids"] == ["m2", "m3"]
    sector = mixed(store_m, ActorFilter(level="sector"), "article")["data"]
    assert [(x["source"], x["conflictual_ids"]) for x in sector] == [("PRK", ["m2"])]
    negated = mixed(store_m, ActorFilter(include_negated=True), "article")["data"]
    assert {(x["target"], x["article_id"]) for x in negated} == {("USA", "x1"), ("CHN", "x5")}


def test_week_window_counts_across_articles_with_k(store_m):
    r = mixed(store_m, ActorFilter(), "week")
    assert r["meta"]["k"] == 2 and len(r["data"]) == 1
    f = r["data"][0]
    assert (f["period"], f["start"], f["end"]) == ("2017-W32", "2017-08-07", "2017-08-13")
    assert (f["cooperative_events"], f["conflictual_events"]) == (2, 2)
    assert f["cooperative_goldstein"] == 5.9 and f["conflictual_goldstein"] == -17.0
    assert f["conflictual_ids"] == ["m2", "m3", "m7"]
    assert mixed(store_m, ActorFilter(), "week", k=3)["data"] == []
    assert len(mixed(store_m, ActorFilter(source="KOR,JPN"), "week", k=1)["data"]) == 0  # opposite directions


def test_empty_store_and_bad_arguments(tmp_path):
    empty = connect(tmp_path / "e.db")
    assert mixed(empty)["data"] == [] and mixed(empty, window="week")["data"] == []
    with pytest.raises(ValueError, match="window"):
        mixed(empty, window="month")
    with pytest.raises(ValueError, match="k"):
        mixed(empty, k=0)


def test_mixed_command(store_m, tmp_path):
    db = str(tmp_path / "m.db")
    res = runner.invoke(app, ["mixed", "--db", db, "-f", "json"])
    assert res.exit_code == 0, res.output
    flag = json.loads(res.stdout)["data"][0]
    ids = flag["cooperative_ids"] + flag["conflictual_ids"]
    shown = runner.invoke(app, ["events", "--db", db, "--id", ",".join(ids), "-f", "jsonl"])
    assert sorted(json.loads(x)["event_id"] for x in shown.stdout.splitlines()) == sorted(ids)
    res = runner.invoke(app, ["mixed", "--db", db, "--window", "week"])
    assert res.exit_code == 0 and "2017-W32" in res.stdout
    res = runner.invoke(app, ["mixed", "--db", db, "--window", "year"])
    assert res.exit_code == 2 and "bad window" in res.stderr
