"""Stores written directly, without the coder: events given as plain dicts (for tests with
hand-computed expectations) or drawn at random (for ``dyad bench --analytics``). Rows have the
store's own schema (``dyad.store.schema``), so every analysis reads them as it reads an ingest.
"""
from __future__ import annotations

import random
import sqlite3
from functools import lru_cache
from typing import Iterable

from dyad import ontology
from dyad.store.dedup import date_window, event_key

_EVENT = ("INSERT INTO events (event_key, date_window, date, date_precision, source_code, "
          "source_country, source_sector, source_name, target_code, target_country, target_sector, "
          "target_name, cameo, cameo_root, goldstein, quad_class, plover, plover_mode, contexts, "
          "negated, location, num_mentions, num_sources, num_articles, confidence, first_mention, "
          "source_url, is_root, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
          "?,?,?,?,?)")
_MENTION = ("INSERT INTO mentions (mention_id, event_key, article_id, sentence_index, sentence, "
            "source_code, source_country, source_sector, target_code, target_country, target_sector, "
            "cameo, cameo_root, goldstein, quad_class, plover, negated, date, date_precision, "
            "confidence, record) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
_ARTICLE = ("INSERT OR IGNORE INTO articles (id, url, title, outlet, published, text, text_sha1, "
            "sentences, events, run_id, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,0,?)")
_PRECISION = {10: "day", 7: "month", 4: "year"}


def _split(code: str | None) -> tuple:
    if not code:
        return None, None, None
    return code, code[:3], code[3:] or None


@lru_cache(maxsize=None)
def _code_info(cameo: str) -> tuple:
    info = ontology.cameo(cameo)
    plover = ontology.to_plover(cameo)
    return info.root, info.goldstein, info.quad_class, plover.type if plover else None


def _rows(ev: dict) -> tuple[tuple, list[tuple], list[tuple]]:
    cameo = ev["cameo"]
    root, goldstein, quad, plover = _code_info(cameo)
    date = ev.get("date")
    negated = int(bool(ev.get("negated")))
    key = ev.get("id") or event_key(ev.get("source"), ev.get("target"), cameo, bool(negated), date)
    src, tgt = _split(ev.get("source")), _split(ev.get("target"))
    articles = list(ev.get("articles") or [f"art-{key}"])
    mentions = int(ev.get("mentions") or len(articles))
    precision = _PRECISION.get(len(date or ""), None)
    event = (key, date_window(date), date, precision, *src, None, *tgt, None, cameo, root,
             goldstein, quad, plover, None, "[]", negated,
             None, mentions, len(set(articles)), len(set(articles)), 0.9, f"{key}-m0", None, 1,
             "2026-01-01T00:00:00+00:00")
    ment = []
    for i in range(mentions):
        art = articles[i % len(articles)]
        ment.append((f"{key}-m{i}", key, art, i, "synthetic sentence", *src, *tgt, cameo, root,
                     goldstein, quad, plover, negated, date, precision, 0.9, "{}"))
    arts = [(a, None, None, None, date if date and len(date) == 10 else None, "synthetic", a, 1, 1,
             "2026-01-01T00:00:00+00:00") for a in set(articles)]
    return event, ment, arts


def insert_events(conn: sqlite3.Connection, events: Iterable[dict]) -> int:
    """Write events (dicts: ``source``, ``target`` codes, ``cameo``, ``date`` ISO of any
    precision, optional ``negated``, ``mentions`` count, ``articles`` ids, ``id``) with their
    mentions and articles, in one transaction. Quad, Goldstein and PLOVER come from the CAMEO
    code as the coder would set them. Returns the number of events written."""
    rows_e, rows_m, rows_a = [], [], []
    for ev in events:
        event, ment, arts = _rows(ev)
        rows_e.append(event)
        rows_m += ment
        rows_a += arts
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.executemany(_ARTICLE, rows_a)
        conn.executemany(_EVENT, rows_e)
        conn.executemany(_MENTION, rows_m)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return len(rows_e)


# --- a large random store for the benchmark ----------------------------------------------------
def actor_codes(n: int, seed: int = 7) -> list[str]:
    """``n`` distinct synthetic actor codes: three-letter countries, some with a sector."""
    rng = random.Random(seed)
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    countries = sorted({"".join(rng.choice(letters) for _ in range(3)) for _ in range(n)})[: max(1, n // 2)]
    codes = list(countries)
    sectors = ("GOV", "MIL", "REB", "OPP", "BUS")
    while len(codes) < n:
        code = rng.choice(countries) + rng.choice(sectors)
        if code not in codes:
            codes.append(code)
    return codes


def random_events(n: int, actors: list[str], years: int = 10, start_year: int = 2015,
                  seed: int = 11):
    """``n`` random events over ``years`` years among ``actors``: actor activity is skewed
    (Zipf-like weights, as in real news), dates uniform, CAMEO codes drawn from the table."""
    import datetime as dt

    rng = random.Random(seed)
    cum, total = [], 0.0
    for i in range(len(actors)):
        total += 1.0 / (i + 1)
        cum.append(total)
    codes = [c for c in ontology.cameo_codes() if len(c) == 3]
    first = dt.date(start_year, 1, 1).toordinal()
    span = dt.date(start_year + years, 1, 1).toordinal() - first
    for i in range(n):
        s, t = rng.choices(actors, cum_weights=cum, k=2)
        day = dt.date.fromordinal(first + rng.randrange(span)).isoformat()
        arts = [f"a{rng.randrange(n // 4 + 1)}" for _ in range(rng.choice((1, 1, 1, 2, 3)))]
        yield {"id": f"e{i:07d}", "source": s, "target": t if t != s else None,
               "cameo": rng.choice(codes), "date": day, "negated": rng.random() < 0.03,
               "articles": arts, "mentions": len(arts)}


def build_store(conn: sqlite3.Connection, n: int, actors: int = 200, years: int = 10,
                chunk: int = 50_000) -> int:
    """Fill an empty store with ``n`` random events (see ``random_events``), in chunks. The
    connection gets a large page cache and no fsync (the store is a throwaway), and the
    ``event_totals`` triggers are off while it fills: the table is then rebuilt from the events,
    as ``dyad reindex`` does, and the triggers put back (the same rows, several times faster)."""
    from dyad.store.aggregates import AGGREGATES, rebuild_totals

    conn.execute("PRAGMA cache_size = -400000")
    conn.execute("PRAGMA synchronous = OFF")
    for kind in ("insert", "delete", "update"):
        conn.execute(f"DROP TRIGGER IF EXISTS event_totals_{kind}")
    events = random_events(n, actor_codes(actors), years)
    total = 0
    while True:
        batch = [ev for _, ev in zip(range(chunk), events)]
        if not batch:
            break
        total += insert_events(conn, batch)
    rebuild_totals(conn)
    conn.executescript(AGGREGATES)
    return total
