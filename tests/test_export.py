"""Exports from the store: JSONL, GDELT-like CSV, month-partitioned Parquet, PLOVER JSON."""
import csv
import datetime as dt
import io
import json

import pytest
from typer.testing import CliRunner

from dyad.cli import app
from dyad.record import Article
from dyad.store import ingest
from dyad.store.exports import GDELT_COLUMNS, export
from dyad.store.schema import connect

runner = CliRunner()
ARTICLES = [
    Article("a1", "Iran accused Israel of sabotage at its nuclear plant.", dt.date(2021, 4, 12),
            title="Sabotage", url="https://wire.example.org/a1", outlet="Wire A"),
    Article("a2", "On Monday Iran accused Israel of sabotage.", dt.date(2021, 4, 13), outlet="Wire B"),
    Article("a3", "Japan praised India for its support.", dt.date(2021, 5, 3), outlet="Wire A"),
    Article("a4", "China said the talks were useful.", dt.date(2021, 5, 4)),
    Article("a5", "Kenya and Uganda signed a trade agreement.", dt.date(2021, 5, 5)),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory, coder):
    db = tmp_path_factory.mktemp("export") / "s.db"
    ingest([], db, coder=coder, articles=ARTICLES)
    return db


def test_jsonl_export_has_events_with_mentions(store):
    out = io.StringIO()
    n = export(connect(store), "jsonl", out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert n == len(rows) >= 2
    accuse = next(r for r in rows if r["plover"] == "ACCUSE")
    assert accuse["num_articles"] == 2 and len(accuse["mentions"]) == 2


def test_csv_export_has_gdelt_columns(store):
    out = io.StringIO()
    export(connect(store), "csv", out)
    reader = csv.DictReader(io.StringIO(out.getvalue()))
    assert reader.fieldnames == GDELT_COLUMNS
    rows = list(reader)
    accuse = next(r for r in rows if r["EventCode"] == "112")
    assert accuse["SQLDATE"] == "20210412" and accuse["MonthYear"] == "202104"
    assert accuse["Actor1CountryCode"] == "IRN" and accuse["Actor2CountryCode"] == "ISR"
    assert accuse["EventRootCode"] == "11" and accuse["QuadClass"] == "3"
    assert (accuse["NumMentions"], accuse["NumArticles"], accuse["NumSources"]) == ("2", "2", "2")
    assert accuse["SOURCEURL"] == "https://wire.example.org/a1" and accuse["IsRootEvent"] == "1"


def test_parquet_export_is_partitioned_by_month(store, tmp_path):
    import pyarrow.dataset as ds

    folder = tmp_path / "pq"
    n = export(connect(store), "parquet", folder)
    months = sorted(p.name for p in folder.iterdir())
    assert months == ["month=2021-04", "month=2021-05"]
    table = ds.dataset(folder, format="parquet", partitioning="hive").to_table()
    assert table.num_rows == n
    rows = table.to_pylist()
    accuse = next(r for r in rows if r["cameo"] == "112")
    assert accuse["month"] == "2021-04" and accuse["source"]["code"] == "IRN"
    assert {m["article_id"] for m in accuse["mentions"]} == {"a1", "a2"}
    with pytest.raises(ValueError, match="not empty"):
        export(connect(store), "parquet", folder)


def test_plover_export_uses_the_manuals_fields(store):
    out = io.StringIO()
    export(connect(store), "plover", out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert rows and all(r["event"] and r["event"][0] for r in rows)  # statements (no type) left out
    rec = next(r for r in rows if r["event"] == ["ACCUSE"])
    for name in ("id", "date", "actor", "recipient", "event", "mode", "context", "event_text",
                 "quad_code", "event_scale", "text_info", "cite_info", "coder", "coded_date"):
        assert name in rec
    assert rec["actor"][0]["code"] == "IRN" and rec["recipient"][0]["code"] == "ISR"
    assert rec["date"] == "2021-04-12" and rec["quad_code"] == 3 and rec["event_scale"] == -2.0
    assert rec["actor"][0]["entity_text"] == "Iran" and len(rec["event_text"]) == 2
    assert rec["cite_info"]["publication"] == "Wire A"
    # a reciprocal pair is one PLOVER record: both as the actor, no recipient
    joint = [r for r in rows if r["event"] == ["SUPPORT"] and "KEN" in str(r["actor"] + r["recipient"])]
    assert len(joint) == 1 and joint[0]["recipient"] == []
    assert sorted(a["code"] for a in joint[0]["actor"]) == ["KEN", "UGA"]


def test_export_command(store, tmp_path):
    for fmt in ("jsonl", "csv", "plover"):
        out = tmp_path / f"e.{fmt}"
        result = runner.invoke(app, ["export", "--db", str(store), "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.read_text().strip() and "exported" in result.stderr
    result = runner.invoke(app, ["export", "--db", str(store), "--format", "parquet"])
    assert result.exit_code == 2 and "--output" in result.stderr
    result = runner.invoke(app, ["export", "--db", str(store), "-f", "parquet", "-o", str(tmp_path / "p")])
    assert result.exit_code == 0 and (tmp_path / "p" / "month=2021-04").is_dir()
    result = runner.invoke(app, ["export", "--db", str(store), "-f", "jsonl", "--since", "2021-05-01"])
    assert all(json.loads(line)["date"] >= "2021-05-01" for line in result.stdout.splitlines())
