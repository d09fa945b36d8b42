"""dyad.spark on local[2]: the same events as `dyad code`, Parquet partitioned by year/month,
a rerun that replaces instead of duplicating, and `dyad import-parquet` giving the store that
`dyad ingest` gives."""
import json
import os
import shutil
import sqlite3
import sys

import pytest

pytest.importorskip("pyspark", reason="pyspark is not installed (pip install dyad[spark])")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Spark needs Java (17) and none is installed", allow_module_level=True)

from dyad.coder import Options  # noqa: E402
from dyad.ingest import read_path  # noqa: E402
from dyad.store.ingest import ingest  # noqa: E402
from dyad.store.parquet_import import import_parquet  # noqa: E402

ROWS = [
    {"id": "s1", "text": "Iran accused Israel of sabotage on Monday. Israel denied it.",
     "published": "2021-04-14", "outlet": "Wire"},
    {"id": "s2", "text": "Russia and Ukraine signed a ceasefire in Minsk on Tuesday.",
     "published": "2021-04-14", "outlet": "Post"},
    {"id": "s3", "text": "“We will not talk,” the North Korean foreign minister said on Friday. "
                         "China urged restraint.", "published": "2019-08-03"},
    {"id": "s4", "text": "Iran accused Israel of sabotage. Tehran vowed revenge.",
     "published": "2021-04-15", "outlet": "Post"},
    {"id": "s5", "text": "Pakistan expelled an Indian diplomat.", "published": None},
]


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (SparkSession.builder.master("local[2]").appName("dyad-test")
               .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
               .getOrCreate())
    yield session
    session.stop()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("spark")
    a, b = root / "a.jsonl", root / "b.jsonl"
    a.write_text("".join(json.dumps(r) + "\n" for r in ROWS[:3]))
    b.write_text("".join(json.dumps(r) + "\n" for r in ROWS[3:]) + "{not json\n")
    manifest = root / "paths.txt"
    manifest.write_text("# the corpus\na.jsonl\nb.jsonl\n")
    return root, manifest


def test_spark_codes_what_dyad_code_codes_and_a_rerun_replaces(spark, corpus, coder):
    from dyad import spark as job

    root, manifest = corpus
    out = root / "out"
    counts = job.run([str(manifest)], str(out), spark=spark)
    assert counts["paths"] == 2 and counts["articles"] == 5 and counts["bad_records"] == 1
    mentions = spark.read.parquet(str(out / "mentions"))
    got = sorted(json.loads(r.record)["event_id"] + r.record for r in mentions.collect())
    articles = [a for p in ("a.jsonl", "b.jsonl") for a in read_path(str(root / p))
                if not hasattr(a, "message")]
    want = sorted(e.event_id + json.dumps(e.to_dict(), ensure_ascii=False, sort_keys=True)
                  for c in coder.pipe(articles) for e in c.events)
    assert got and got == want
    assert counts["mentions"] == len(want)
    # partitioned by the mention's year and month; undated rows in Spark's default partition
    years = {p.name for p in (out / "mentions").iterdir() if p.name.startswith("year=")}
    dates = [json.loads(w[16:])["date"] for w in want]
    assert years == {f"year={d[:4]}" if d else "year=__HIVE_DEFAULT_PARTITION__" for d in dates}
    assert (out / "mentions" / "year=2021" / "month=4").is_dir()
    # events group mentions as the store does: the two Iran→Israel accusations of one week
    events = spark.read.parquet(str(out / "events"))
    irn = [r for r in events.collect() if r.source_code == "IRN" and r.target_code == "ISR"
           and r.cameo.startswith("11")]
    assert irn and max(r.num_articles for r in irn) == 2
    # a rerun over the same input replaces its partitions: nothing doubles
    job.run([str(manifest)], str(out), spark=spark)
    assert spark.read.parquet(str(out / "mentions")).count() == len(want)
    assert spark.read.parquet(str(out / "events")).count() == counts["events"]


def _table(db, sql):
    conn = sqlite3.connect(db)
    try:
        return sorted(conn.execute(sql).fetchall(), key=repr)
    finally:
        conn.close()


def test_import_parquet_gives_the_store_ingest_gives(spark, corpus, coder, tmp_path):
    from dyad import spark as job

    root, manifest = corpus
    out = root / "out2"
    job.run([str(manifest)], str(out), spark=spark)
    summary = import_parquet(out, tmp_path / "spark.db")
    assert (summary.imported, summary.skipped) == (5, 0)
    ingest([str(root / "a.jsonl"), str(root / "b.jsonl")], tmp_path / "local.db", coder=coder)
    for sql in ("SELECT event_key, date, source_code, target_code, cameo, negated, num_mentions,"
                " num_sources, num_articles, confidence, first_mention FROM events",
                "SELECT mention_id, event_key, article_id, record FROM mentions",
                "SELECT id, url, title, outlet, published, text, sentences, events FROM articles",
                "SELECT article_id, quote_id, kind, content, speaker_code FROM quotes"):
        assert _table(tmp_path / "spark.db", sql) == _table(tmp_path / "local.db", sql), sql
    again = import_parquet(out, tmp_path / "spark.db")  # deduplicated as ingest does
    assert (again.imported, again.skipped) == (0, 5)


def test_python_m_dyad_spark_refuses_a_missing_manifest(tmp_path, capsys):
    from dyad.spark import main

    assert main([str(tmp_path / "none.txt"), "--output", str(tmp_path / "o")]) == 2
    assert "manifest not found" in capsys.readouterr().err
