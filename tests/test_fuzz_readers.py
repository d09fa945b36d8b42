"""Fuzzing the readers: hostile and careless inputs in every format, mixed with valid articles.

Two kinds of test: a seeded corpus of known-bad inputs (tests/nasty.py: over 2,000 malformed
records and files) whose outcome is known exactly, and Hypothesis properties over generated
lines, rows and bytes. Each asserts that nothing raises, every valid article comes through
whole, nothing that was not an article comes through as one (no fragments), every bad input is
an error with a reason, and whatever a reader yields can be written to the store.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.coder import CodedArticle
from dyad.ingest.csvfile import read_csv
from dyad.ingest.feeds import parse_feed
from dyad.ingest.files import read_stream
from dyad.ingest.folders import IngestOptions, read_sources
from dyad.ingest.html import parse_html
from dyad.ingest.records import InputError
from dyad.record import Article
from dyad.store.writer import Store
from nasty import make_corpus

FUZZ = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _split(items):
    arts = [i for i in items if isinstance(i, Article)]
    errs = [i for i in items if isinstance(i, InputError)]
    assert len(arts) + len(errs) == len(items), "a reader yielded something else"
    assert all(e.where and e.message for e in errs)
    return arts, errs


def _storable(store: Store, run: int, arts: list[Article]) -> None:
    """What a reader yields must never make the store raise (the bug was a traceback there)."""
    store.write_batch(run, [CodedArticle(a, []) for a in arts])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nasty")
    expected = make_corpus(folder / "in")
    got = list(read_sources([str(folder / "in")], IngestOptions()))
    return folder, expected, got


def test_corpus_every_valid_article_and_no_fragment(corpus):
    _, expected, got = corpus
    arts, errs = _split(got)
    assert expected.bad >= 2000, "the corpus must hold at least 2,000 malformed inputs"
    ids = [a.id for a in arts]
    assert len(ids) == len(set(ids))
    assert set(ids) == expected.valid_ids  # all the valid ones, and nothing else


def test_corpus_every_bad_input_is_an_error_naming_its_place(corpus):
    _, expected, got = corpus
    _, errs = _split(got)
    places = {e.where.split(" (")[0].split(" entry ")[0] for e in errs}
    missing = [w for w in expected.bad_where if w not in places]
    assert not missing, f"bad inputs with no error: {missing[:5]}"
    assert len(errs) == expected.bad  # one error each, none for a valid line


def test_corpus_articles_all_go_into_the_store(corpus):
    folder, expected, got = corpus
    arts, errs = _split(got)
    with Store(folder / "fuzz.db") as store:
        run = store.start_run(["corpus"])
        for start in range(0, len(arts), 200):
            _storable(store, run, arts[start:start + 200])
        store.write_batch(run, [], errs)
    conn = sqlite3.connect(folder / "fuzz.db")
    assert {r[0] for r in conn.execute("SELECT id FROM articles")} == expected.valid_ids
    assert conn.execute("SELECT count(*) FROM errors").fetchone()[0] == expected.bad


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory):
    with Store(tmp_path_factory.mktemp("fuzz") / "s.db") as store:
        yield store, store.start_run(["fuzz"])


# --- properties ------------------------------------------------------------------------------
WORDS = st.text(st.characters(categories=("L", "N", "P", "Zs")), min_size=1, max_size=40).filter(lambda s: s.strip() and s[0].isalpha())
JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
                           lambda kids: st.lists(kids, max_size=3)
                           | st.dictionaries(st.text(max_size=5), kids, max_size=3), max_leaves=8)
ARTICLE_KEYS = st.sampled_from(["id", "text", "published", "date", "title", "url", "source",
                                "outlet", "article_id"])
GARBAGE_LINE = st.one_of(
    st.dictionaries(ARTICLE_KEYS, JSON_VALUES, max_size=6).map(json.dumps),
    JSON_VALUES.map(json.dumps),
    st.text(max_size=60).map(lambda s: json.dumps({"text": s, "id": s})),
    st.binary(max_size=60),
).map(lambda v: (v if isinstance(v, bytes) else v.encode("utf-8", "surrogatepass"))
      .replace(b"\r", b"").replace(b"\n", b""))


@FUZZ
@given(st.lists(st.one_of(WORDS.map(lambda w: ("ok", w)), GARBAGE_LINE.map(lambda g: ("bad", g))),
                max_size=12),
       st.sampled_from([b"\n", b"\r\n", b"\r"]))
def test_jsonl_valid_lines_survive_any_neighbours(fuzz_store, lines, eol):
    data, valid = [], {}
    for n, (kind, value) in enumerate(lines):
        if kind == "ok":
            valid[f"ok{n}"] = value
            data.append(json.dumps({"id": f"ok{n}", "text": value}).encode())
        else:
            data.append(value)
    items = list(read_stream(io.BytesIO(eol.join(data)), "f.jsonl", fmt="jsonl"))
    arts, errs = _split(items)
    assert len(items) == sum(1 for d in data if d.strip())  # one outcome per line
    got = {a.id: a.text for a in arts if a.id in valid}
    assert got == valid
    store, run = fuzz_store
    _storable(store, run, arts)


CSV_GARBAGE = st.text(st.sampled_from('ab ,;\t"\xe9\x00'), min_size=1, max_size=30)


@FUZZ
@given(st.lists(st.tuples(WORDS, st.booleans()), min_size=1, max_size=8),
       st.one_of(st.none(), CSV_GARBAGE), st.integers(0, 8))
def test_csv_valid_rows_survive_one_broken_row(rows, garbage, at):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["id", "text", "published"])
    lines = []
    for n, (text, multi) in enumerate(rows):
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerow(
            [f"r{n}", text + ("\nsecond line" if multi else ""), "2021-10-12"])
        lines.append(buf.getvalue())
    if garbage is not None:
        lines.insert(min(at, len(lines)), f"g,{garbage},2021-10-12\r\n")
    data = (out.getvalue() + "".join(lines)).encode("utf-8")
    arts, errs = _split(list(read_csv(io.BytesIO(data), "f.csv")))
    want = {f"r{n}": text + ("\nsecond line" if multi else "") for n, (text, multi) in enumerate(rows)}
    got = {a.id: a.text for a in arts if a.id != "g"}
    assert got == want
    assert all(a.published == dt.date(2021, 10, 12) for a in arts)


@FUZZ
@given(st.binary(max_size=400), st.sampled_from(["jsonl", "text"]))
def test_any_bytes_as_text_or_jsonl(data, fmt):
    _split(list(read_stream(io.BytesIO(data), "x", fmt=fmt)))


@FUZZ
@given(st.binary(max_size=400))
def test_any_bytes_as_csv(data):
    _split(list(read_csv(io.BytesIO(b"id,text\n" + data), "x.csv")))


XMLISH = st.lists(st.sampled_from([b"<rss>", b"<channel>", b"<item>", b"<title>", b"</title>",
                                   b"<description>", b"</description>", b"</item>", b"&#xD800;",
                                   b"&amp;", b"&bogus;", b"<![CDATA[", b"]]>", b"Iran accused Israel.",
                                   b'<?xml version="1.0" encoding="', b'utf-8"?>', b'utf-9"?>',
                                   b"\xff", b"\x00", b"<link>", b"file:///etc/passwd", b"</link>",
                                   b"<!DOCTYPE x [", b"<!ENTITY e 'x'>", b"]>"]), max_size=30)


@FUZZ
@given(XMLISH.map(b"".join))
def test_any_feedish_bytes(data):
    _split(list(parse_feed(data, "x.rss")))


@settings(FUZZ, max_examples=60)
@given(st.lists(st.sampled_from([b"<html>", b"<body>", b"<p>", b"</p>", b"<div>", b"</div>",
                                 b"Iran accused Israel of sabotage. ", b"\xff", b"<meta charset='x-9'>",
                                 b"<script>", b"</script>", b"&#xD800;", b"<title>", b"</title>"]),
                max_size=40).map(b"".join))
def test_any_htmlish_bytes(data):
    got = parse_html(data, "x.html")
    _split([got])
