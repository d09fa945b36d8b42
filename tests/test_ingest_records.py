"""The reader contract, item by item: each probe from issue 12 is one error naming the place
and the cause, and the valid records beside it are kept."""
import datetime as dt
import io
import json

import pytest

from dyad.ingest.csvfile import read_csv
from dyad.ingest.feeds import parse_feed
from dyad.ingest.files import read_stream
from dyad.ingest.lines import TooLong, split_lines
from dyad.ingest.records import InputError, Raw, build, check_article
from dyad.record import Article

OK = {"id": "ok", "text": "Iran accused Israel of sabotage."}


def _jsonl(lines, eol=b"\n"):
    data = eol.join(x if isinstance(x, bytes) else json.dumps(x).encode() for x in lines)
    return list(read_stream(io.BytesIO(data), "f.jsonl", fmt="jsonl"))


@pytest.mark.parametrize("bad, reason", [
    ({"id": "s", "text": "bad \ud800 text"}, "'text' contains a lone surrogate (U+D800)"),
    ({"id": "s", "text": "a b", "title": "x\udc80"}, "'title' contains a lone surrogate"),
    ({"id": "s", "text": "a b", "url": "\ud800"}, "'url' contains a lone surrogate"),
    ({"id": "s", "text": "a b", "title": ["a", "list"]}, "'title' must be a string, got list"),
    ({"id": "s", "text": "a b", "url": {"a": 1}}, "'url' must be a string, got dict"),
    ({"id": "s", "text": "a b", "source": ["x"]}, "'source' must be a string, got list"),
    ({"id": "s", "text": "a b", "published": 20210101}, "'published' must be a date string"),
    ({"id": "s", "text": "a b", "date": 1.5}, "'published' must be a date string"),
    ({"id": ["x"], "text": "a b"}, "'id' must be a string or an integer"),
    ({"id": "s", "text": 7}, "missing 'text' (a string; got int)"),
])
def test_bad_field_is_one_error_and_the_neighbours_stay(bad, reason):
    first, second, third = _jsonl([OK, json.dumps(bad, ensure_ascii=True).encode(), {**OK, "id": "ok2"}])
    assert isinstance(second, InputError) and second.where.startswith("f.jsonl:2")
    assert reason in second.message
    assert (first.id, third.id) == ("ok", "ok2")


def test_deep_nesting_and_huge_numbers_are_line_errors():
    got = _jsonl([b"[" * 100_000 + b"]" * 100_000, b'{"id": ' + b"9" * 5000 + b', "text": "a"}', OK])
    assert "nested too deeply" in got[0].message and got[0].where == "f.jsonl:1"
    assert "invalid JSON" in got[1].message
    assert got[2].id == "ok"


@pytest.mark.parametrize("eol", [b"\n", b"\r\n", b"\r"])
def test_jsonl_any_line_end(eol):
    got = _jsonl([OK, {**OK, "id": "b"}, {**OK, "id": "c"}], eol)
    assert [a.id for a in got] == ["ok", "b", "c"]


def test_integer_ids_become_strings_and_datetimes_dates():
    art = build(Raw("x", {"id": 12, "text": "Japan praised India.",
                          "published": dt.datetime(2021, 5, 3, 9, 30)}))
    assert art.id == "12" and art.published == dt.date(2021, 5, 3)
    assert isinstance(check_article(Article(id="a", text="x \ud800")), InputError)


def test_split_lines_cap_and_chunk_boundaries():
    data = b"ab\r\ncd\ref\n" + b"x" * 50 + b"\nlast"
    assert list(split_lines(io.BytesIO(data), chunk=3)) == [b"ab\r\n", b"cd\r", b"ef\n",
                                                             b"x" * 50 + b"\n", b"last"]
    assert list(split_lines(io.BytesIO(data), max_len=10, chunk=4))[3] == TooLong(51)


CSV_HEAD = b"id,text,published\n"


def test_csv_unclosed_quote_loses_only_its_row():
    data = CSV_HEAD + (b'a,"Iran accused Israel.,2021-01-01\n'
                       b"b,Japan praised India.,2021-01-02\n"
                       b'c,"Quoted, ""fine""",2021-01-03\n'
                       b'd,"two\nlines",2021-01-04\n')
    got = list(read_csv(io.BytesIO(data), "a.csv"))
    assert isinstance(got[0], InputError) and got[0].where == "a.csv:2"
    assert "broken quote" in got[0].message
    assert [(a.id, a.text) for a in got[1:]] == [("b", "Japan praised India."),
                                                 ("c", 'Quoted, "fine"'), ("d", "two\nlines")]


def test_csv_stray_quote_extra_fields_and_bad_bytes_are_row_errors():
    data = CSV_HEAD + (b'a,"He said "no" then",2021-01-01\n'
                       b"b,one, two,2021-01-02\n"
                       b"c,caf\xe9,2021-01-03\n"
                       b"d,fine,2021-01-04\n")
    got = list(read_csv(io.BytesIO(data), "a.csv"))
    errors = [g for g in got if isinstance(g, InputError)]
    assert [e.where.split(" ")[0] for e in errors] == ["a.csv:2", "a.csv:3", "a.csv:4"]
    assert "row has 4 field(s)" in errors[1].message and "UTF-8" in errors[2].message
    assert [a.id for a in got if not isinstance(a, InputError)] == ["d"]


def test_csv_unclosed_quote_at_the_end_keeps_earlier_rows():
    got = list(read_csv(io.BytesIO(CSV_HEAD + b'a,fine,2021-01-01\nb,"never closed\n'), "a.csv"))
    assert got[0].id == "a" and isinstance(got[1], InputError) and got[1].where == "a.csv:3"


@pytest.mark.parametrize("decl", [b"utf-9", b"x-\xff", b""])
def test_feed_with_an_unknown_xml_encoding_is_refused_plainly(decl):
    data = (b'<?xml version="1.0" encoding="' + decl + b'"?><rss><channel><item><title>t</title>'
            b"<description>Iran accused Israel.</description></item></channel></rss>")
    (got,) = parse_feed(data, "f.rss")
    assert isinstance(got, InputError) and "encoding" in got.message


def test_feed_char_refs_to_surrogates_do_not_crash():
    data = (b"<rss><channel><item><title>&#xD800;</title><description>Iran &#xDFFF; accused "
            b"Israel.</description></item></channel></rss>")
    (art,) = parse_feed(data, "f.rss")
    assert art.text == "Iran \ufffd accused Israel." and art.title == "\ufffd"
