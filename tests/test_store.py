"""The event store: idempotent, deduplicated, queryable during an ingest, crash-safe."""
import datetime as dt
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyad.cli import app
from dyad.ingest.files import InputError
from dyad.record import Article
from dyad.store import date_window, event_key, ingest
from dyad.store.queries import EventFilter, counts, query_events
from dyad.store.schema import connect

runner = CliRunner()
COUNTRIES = ["Iran", "Israel", "Japan", "India", "China", "Russia", "France", "Germany", "Egypt",
             "Turkey"]
TEMPLATES = ["{a} accused {b} of sabotage on Monday.", "{a} praised {b} for its support.",
             "{a} condemned {b} over the attack.", "{a} threatened {b} with sanctions.",
             "Officials from {a} met {b} officials in Geneva on Tuesday."]


def synthetic(n: int, seed: int = 7) -> list[dict]:
    """Short articles with many repeated dyads, so deduplication has work to do."""
    rng = random.Random(seed)
    start = dt.date(2021, 3, 1)
    out = []
    for i in range(n):
        a, b = rng.sample(COUNTRIES, 2)
        c, d = rng.sample(COUNTRIES, 2)
        text = " ".join([rng.choice(TEMPLATES).format(a=a, b=b), rng.choice(TEMPLATES).format(a=c, b=d)])
        out.append({"id": f"syn-{i}", "text": text,
                    "published": (start + dt.timedelta(days=rng.randrange(60))).isoformat(),
                    "outlet": f"outlet-{rng.randrange(5)}"})
    return out


def write_jsonl(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def _rows(conn, sql):
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.row_factory = None


def snapshot(db: Path) -> dict:
    """Everything that must be identical between runs (timestamps and run ids aside)."""
    conn = sqlite3.connect(db)
    out = {
        "articles": conn.execute("SELECT id, url, title, outlet, published, text_sha1, sentences, events "
                                 "FROM articles ORDER BY id").fetchall(),
        "mentions": conn.execute("SELECT * FROM mentions ORDER BY mention_id").fetchall(),
        "events": [tuple(v for k, v in zip(r.keys(), r) if k != "added_at") for r in _rows(
            conn, "SELECT * FROM events ORDER BY event_key")],
    }
    conn.close()
    return out


# --- dedup rules ---------------------------------------------------------------------------------
def test_date_windows():
    assert date_window("2021-10-11") == date_window("2021-10-17") == "W2021-41"
    assert date_window("2021-10-18") == "W2021-42"
    assert date_window("2021-09") == "M2021-09" and date_window("2021") == "Y2021"
    assert date_window(None) == "undated"
    same = event_key("IRN", "ISR", "112", False, "2021-10-11")
    assert same == event_key("IRN", "ISR", "112", False, "2021-10-15")
    assert same != event_key("IRN", "ISR", "112", True, "2021-10-11")
    assert same != event_key("IRN", "ISR", "111", False, "2021-10-11")


def test_same_event_from_several_articles_is_one_event_with_counts(tmp_path, coder):
    db = tmp_path / "s.db"
    arts = [Article("a1", "Iran accused Israel of sabotage at its nuclear plant.", dt.date(2021, 4, 12), outlet="Wire A"),
            Article("a2", "On Monday Iran accused Israel of sabotage. Iran accused Israel of lying.",
                    dt.date(2021, 4, 13), outlet="Wire B"),
            Article("a3", "Iran accused Israel of sabotage.", dt.date(2021, 4, 14), outlet="Wire A"),
            Article("a4", "Iran accused Israel of sabotage.", dt.date(2021, 6, 1), outlet="Wire A")]
    ingest([], db, coder=coder, articles=arts)
    conn = connect(db)
    (ev,) = [e for e in query_events(conn, EventFilter(source="IRN", target="ISR", until="2021-04-30"))]
    assert (ev["num_mentions"], ev["num_articles"], ev["num_sources"]) == (4, 3, 2)
    assert ev["date"] == "2021-04-12" and ev["plover"] == "ACCUSE"
    assert sorted({(m["article_id"], m["sentence_index"]) for m in ev["mentions"]}) == \
        [("a1", 0), ("a2", 0), ("a2", 1), ("a3", 0)]
    text = {a.id: a.text for a in arts}
    for m in ev["mentions"]:  # offsets slice the stored article text
        t = m["trigger"]
        assert text[m["article_id"]][t["start_char"]:t["end_char"]] == t["text"]
        assert text[m["article_id"]][m["source"]["start_char"]:m["source"]["end_char"]] == m["source"]["text"]
    later = list(query_events(conn, EventFilter(source="IRN", since="2021-05-01")))
    assert len(later) == 1 and later[0]["num_articles"] == 1


def test_ingest_twice_changes_nothing_and_records_errors(tmp_path, coder):
    corpus = write_jsonl(tmp_path / "c.jsonl", synthetic(40))
    with (tmp_path / "c.jsonl").open("a") as fh:
        fh.write("{broken\n")
    (tmp_path / "bad.txt").write_bytes(b"caf\xe9")
    db = tmp_path / "s.db"
    first = ingest([str(corpus), str(tmp_path / "bad.txt")], db, coder=coder, batch_size=8)
    before = snapshot(db)
    assert (first.coded, first.skipped, first.failed) == (40, 0, 2)
    second = ingest([str(corpus), str(tmp_path / "bad.txt")], db, coder=coder, batch_size=8)
    assert (second.coded, second.skipped, second.failed) == (0, 40, 2)
    assert snapshot(db) == before
    conn = connect(db)
    runs = conn.execute("SELECT run_id, status, coded, skipped, failed FROM ingest_runs").fetchall()
    assert [tuple(r) for r in runs] == [(1, "done", 40, 0, 2), (2, "done", 0, 40, 2)]
    reasons = [r["reason"] for r in conn.execute("SELECT reason FROM errors WHERE run_id = 1")]
    assert any("invalid JSON" in r for r in reasons) and any("UTF-8" in r for r in reasons)


def test_duplicate_ids_within_one_run_are_coded_once(tmp_path, coder):
    rows = synthetic(5)
    db = tmp_path / "s.db"
    got = ingest([], db, coder=coder, articles=[Article(r["id"], r["text"]) for r in rows + rows])
    assert (got.coded, got.skipped) == (5, 5)


def test_bad_input_never_touches_what_is_stored(tmp_path, coder):
    db = tmp_path / "s.db"
    ingest([], db, coder=coder, articles=[Article("ok", "Japan praised India for its support.")])
    before = snapshot(db)
    got = ingest([], db, coder=coder, articles=[InputError("x.html", "malformed HTML"),
                                                InputError("y.rss", "XML bomb")])
    assert got.failed == 2 and snapshot(db) == before


def test_cli_ingest_summary_and_events_query(tmp_path):
    corpus = write_jsonl(tmp_path / "c.jsonl", [
        {"id": "k1", "text": "North Korea accused the United States of hostility.", "published": "2021-10-12"},
        {"id": "k2", "text": "On Monday, North Korea accused the United States of hostility, state media said.",
         "published": "2021-10-13"}])
    (tmp_path / "bomb.rss").write_bytes(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><rss/>')
    db = tmp_path / "s.db"
    result = runner.invoke(app, ["ingest", str(corpus), str(tmp_path / "bomb.rss"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "coded 2 article(s)" in result.stderr and "failed 1" in result.stderr
    assert "XML bomb" in result.stderr
    again = runner.invoke(app, ["ingest", str(corpus), "--db", str(db)])
    assert "coded 0 article(s)" in again.stderr and "skipped 2 already stored" in again.stderr
    out = runner.invoke(app, ["events", "--db", str(db), "--source", "PRK", "--target", "USA", "-f", "jsonl"])
    events = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(events) == 1 and events[0]["num_articles"] == 2 and events[0]["num_mentions"] == 2
    assert events[0]["mentions"][0]["sentence"].startswith(("North Korea", "On Monday"))
    for args, n in ((["--actor", "usa"], 1), (["--plover", "accuse"], 1), (["--root", "11"], 1),
                    (["--root", "4"], 0), (["--text", "state media"], 1), (["--text", "sanctions"], 0), (["--since", "2022-01-01"], 0)):
        got = runner.invoke(app, ["events", "--db", str(db), "-f", "jsonl", *args])
        assert len(got.stdout.splitlines()) == n, args
    table = runner.invoke(app, ["events", "--db", str(db)])
    assert table.exit_code == 0 and "PRK" in table.stdout
    missing = runner.invoke(app, ["events", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and "dyad ingest" in missing.stderr
    bad = runner.invoke(app, ["events", "--db", str(db), "--root", "99"])
    assert bad.exit_code == 2 and "CAMEO root" in bad.stderr


# --- concurrency and crashes (real processes) ---------------------------------------------------
INGEST = [sys.executable, "-c", "from dyad.cli import app; app()", "ingest"]


def _count(db: Path, table: str = "articles") -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0


@pytest.mark.slow
def test_killed_ingest_resumes_to_the_same_store_and_others_can_query_meanwhile(tmp_path):
    corpus = write_jsonl(tmp_path / "c.jsonl", synthetic(2000))
    clean, crashed = tmp_path / "clean.db", tmp_path / "crashed.db"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}

    # an ingest that is killed midway; a second process queries while it runs
    proc = subprocess.Popen([*INGEST, str(corpus), "--db", str(crashed), "--batch-size", "50", "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = time.time() + 180
    while _count(crashed) < 400 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.1)
    query = subprocess.run([sys.executable, "-c", "from dyad.cli import app; app()", "events",
                            "--db", str(crashed), "-f", "jsonl", "--limit", "5"],
                           capture_output=True, text=True, timeout=120, env=env)
    assert query.returncode == 0 and len(query.stdout.splitlines()) == 5, query.stderr
    assert proc.poll() is None, "the ingest finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stored = _count(crashed)
    assert 400 <= stored < 2000 and stored % 50 == 0  # whole batches only

    # run again: it finishes the job
    again = subprocess.run([*INGEST, str(corpus), "--db", str(crashed), "--batch-size", "50", "-q",
                            "--json"], capture_output=True, text=True, timeout=600, env=env)
    assert again.returncode == 0, again.stderr
    summary = json.loads(again.stdout)
    assert summary["skipped"] == stored and summary["coded"] == 2000 - stored

    # an uninterrupted run with other batch boundaries gives exactly the same rows
    full = subprocess.run([*INGEST, str(corpus), "--db", str(clean), "--batch-size", "64", "-q"],
                          capture_output=True, text=True, timeout=600, env=env)
    assert full.returncode == 0, full.stderr
    a, b = snapshot(clean), snapshot(crashed)
    assert len(a["articles"]) == 2000 and len(a["mentions"]) > 2000
    assert len(a["events"]) < len(a["mentions"])  # deduplication merged reports
    assert a == b
    runs = sqlite3.connect(crashed).execute("SELECT status FROM ingest_runs ORDER BY run_id").fetchall()
    assert [r[0] for r in runs] == ["interrupted", "done"]  # marked by the next run


def test_bench_ingest_stream_repeats_the_corpus_lazily_with_new_ids(tmp_path):
    import types

    from dyad.bench import _stream

    corpus = write_jsonl(tmp_path / "c.jsonl", synthetic(3))
    stream = _stream(str(corpus), None, 3)
    assert isinstance(stream, types.GeneratorType)
    ids = [a.id for a in stream]
    assert len(ids) == len(set(ids)) == 9 and ids[:3] == ["syn-0", "syn-1", "syn-2"]
    assert [a.id for a in _stream(str(corpus), 2, 2)] == ["syn-0", "syn-1", "syn-0#copy1", "syn-1#copy1"]


def test_quotes_are_stored_with_their_article(tmp_path, coder):
    db = tmp_path / "q.db"
    text = ("Kim Jong-un spoke on Monday.\n\n“We are not the enemy of the South,” he said.\n\n"
            "US State Department spokesperson Ned Price offered talks “anywhere and at any time”.")
    article = Article("k1", text, dt.date(2021, 10, 12))
    ingest([], db, coder=coder, articles=[article])
    ingest([], db, coder=coder, articles=[article])  # idempotent
    from dyad.store.queries import quotes_of

    conn = connect(db)
    rows = quotes_of(conn, "k1")
    assert counts(conn)["quotes"] == len(rows) >= 2
    direct = [r for r in rows if r["kind"] == "direct"]
    assert direct[0]["speaker_code"] == "PRKGOV"
    assert text[direct[0]["content_start"]:direct[0]["content_end"]] == direct[0]["content"]
    assert any(r["speaker_code"] == "USAGOV" and "anywhere" in r["content"] for r in rows)
