"""The event rebuild in SQL (dyad.store.dedup.recompute) writes, value for value and type for
type, the event rows of the Python loop over mentions it replaced (tests/dedup_reference.py):
on an ingest, and on mentions mutated to reach every rule — the first mention's fields, the
first location, the first URL, unknown outlets, realis, NaN in a record, a key with no mentions."""
import datetime as dt
import json
import random
import shutil
import sqlite3

import pytest

import dedup_reference
from dyad.record import Article
from dyad.store import ingest
from dyad.store.dedup import recompute
from test_store import synthetic

EXTRA = [
    Article("loc-1", "Russian troops shelled Kharkiv on Monday.", dt.date(2021, 3, 8), url="", outlet=""),
    Article("loc-2", "Russia shelled Kharkiv in Ukraine.", dt.date(2021, 3, 9), url="https://w.example/2"),
    Article("hyp-1", "In 2009, Egypt had condemned Sudan for a similar raid.", dt.date(2021, 3, 10)),
    Article("hyp-2", "Egypt condemned Sudan on Monday over the raid.", dt.date(2021, 3, 10),
            outlet="wire"),
    Article("undated-1", "Iran accused Israel of sabotage.", None),
    Article("undated-2", "Iran accused Israel of sabotage at the plant.", None, outlet="wire"),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory, coder):
    db = tmp_path_factory.mktemp("dedup") / "s.db"
    arts = [Article(r["id"], r["text"], dt.date.fromisoformat(r["published"]), outlet=r["outlet"])
            for r in synthetic(80)] + EXTRA
    ingest([], db, coder=coder, articles=arts)
    return db


def _events(db) -> list[tuple]:
    conn = sqlite3.connect(db)
    cols = [r[1] for r in conn.execute("PRAGMA table_info(events)")]
    rows = conn.execute(f"SELECT {', '.join(f'quote({c})' for c in cols)} FROM events "
                        "ORDER BY event_key").fetchall()
    conn.close()
    return rows


def _rebuild(db, how, keys=None) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    conn.row_factory = sqlite3.Row
    keys = keys or [r[0] for r in conn.execute("SELECT event_key FROM mentions")]
    conn.execute("BEGIN")
    how(conn, keys, "2030-01-01T00:00:00+00:00")
    conn.execute("COMMIT")
    conn.close()


def test_an_ingest_stores_what_the_python_loop_would(store, tmp_path):
    again = tmp_path / "again.db"
    shutil.copy(store, again)
    _rebuild(again, dedup_reference.recompute)
    got = _events(store)
    assert got == _events(again)
    assert len(got) > 30
    conn = sqlite3.connect(store)
    assert conn.execute("SELECT max(num_mentions) FROM events").fetchone()[0] > 1
    assert conn.execute("SELECT count(*) FROM events WHERE realis <> 'asserted'").fetchone()[0]


def _mutate(db, seed: int) -> None:
    """Scatter locations ({} and null too), NaN, realis values, empty and missing URLs and
    outlets over the mentions and articles; drop one event's mentions."""
    rng = random.Random(seed)
    conn = sqlite3.connect(db)
    places = [None, {}, {"name": "Kharkiv", "country": "UKR", "lat": 49.99, "lon": 36.23},
              {"name": "Geneva", "country": "CHE", "lat": 46.2, "lon": 6.15}]
    for mention_id, record in conn.execute("SELECT mention_id, record FROM mentions").fetchall():
        rec = json.loads(record)
        rec["location"] = rng.choice(places)
        if rng.random() < 0.1:
            rec["confidence"] = float("nan")  # SQLite's JSON functions cannot read it
        conn.execute("UPDATE mentions SET record = ?, realis = ?, confidence = ? WHERE mention_id = ?",
                     (json.dumps(rec), rng.choice(["asserted", "hypothetical", "future", "denied"]),
                      rng.choice([None, 0.0, 0.3, 0.9]), mention_id))
    for (art,) in conn.execute("SELECT id FROM articles").fetchall():
        conn.execute("UPDATE articles SET url = ?, outlet = ? WHERE id = ?",
                     (rng.choice([None, "", f"https://n.example/{art}"]),
                      rng.choice([None, "", "wire", "daily"]), art))
    key = conn.execute("SELECT event_key FROM events ORDER BY event_key LIMIT 1").fetchone()[0]
    conn.execute("DELETE FROM mentions WHERE event_key = ?", (key,))
    conn.commit()
    conn.close()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_rule_matches_the_python_loop_on_mutated_mentions(store, tmp_path, seed):
    base = tmp_path / "base.db"
    shutil.copy(store, base)
    _mutate(base, seed)
    keys = [r[0] for r in sqlite3.connect(base).execute("SELECT event_key FROM events")]
    old, new = tmp_path / "old.db", tmp_path / "new.db"
    shutil.copy(base, old)
    shutil.copy(base, new)
    _rebuild(old, dedup_reference.recompute, keys)
    _rebuild(new, recompute, keys)
    assert _events(new) == _events(old)
    assert _events(new) != _events(base)  # the mutations changed what the events say
    assert len(_events(new)) == len(_events(base)) - 1  # the event left without mentions
