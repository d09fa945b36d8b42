"""Temporal expressions: finding, resolving against the publication date, parsing that date."""
from __future__ import annotations

import datetime as dt

import pytest

from dyad.dates import (DateMention, ResolvedDate, find_dates, parse_published, publication_date,
                        resolve)

TUE = dt.date(2021, 10, 12)  # a Tuesday
MON = dt.date(2021, 10, 11)
MARCH = dt.date(2021, 3, 1)

# (sentence, published, expected mention text, value, precision): the sentence holds one date.
CASES = [
    # weekdays
    ("Police said on Monday that", TUE, "Monday", "2021-10-11", "day"),
    ("Police said on Monday that", MON, "Monday", "2021-10-11", "day"),
    ("Monday", TUE, "Monday", "2021-10-11", "day"),
    ("talks held on Wednesday", TUE, "Wednesday", "2021-10-06", "day"),
    ("They met last Monday.", MON, "last Monday", "2021-10-04", "day"),
    ("They met last Monday.", TUE, "last Monday", "2021-10-11", "day"),
    ("talks resume next Monday", TUE, "next Monday", "2021-10-18", "day"),
    ("talks resume next Tuesday", TUE, "next Tuesday", "2021-10-19", "day"),
    # days relative to P
    ("Today the army", TUE, "Today", "2021-10-12", "day"),
    ("clashes this morning", TUE, "this morning", "2021-10-12", "day"),
    ("speaking tonight", TUE, "tonight", "2021-10-12", "day"),
    ("announced earlier today", TUE, "earlier today", "2021-10-12", "day"),
    ("yesterday's raid", TUE, "yesterday", "2021-10-11", "day"),
    ("shelling last night", TUE, "last night", "2021-10-11", "day"),
    ("the vote tomorrow", TUE, "tomorrow", "2021-10-13", "day"),
    ("arrested the day before yesterday", TUE, "the day before yesterday", "2021-10-10", "day"),
    # weeks, months, years relative to P
    ("Last week, rebels", TUE, "Last week", "2021-10-04", "week"),
    ("this week", TUE, "this week", "2021-10-11", "week"),
    ("said earlier this week", TUE, "earlier this week", "2021-10-11", "week"),
    ("due next week", TUE, "next week", "2021-10-18", "week"),
    ("last month", TUE, "last month", "2021-09", "month"),
    ("last month", dt.date(2021, 1, 5), "last month", "2020-12", "month"),
    ("earlier this month", TUE, "earlier this month", "2021-10", "month"),
    ("next month", dt.date(2021, 12, 5), "next month", "2022-01", "month"),
    ("last year", TUE, "last year", "2020", "year"),
    ("earlier this year", TUE, "earlier this year", "2021", "year"),
    ("next year", TUE, "next year", "2022", "year"),
    # ... ago
    ("three years ago", TUE, "three years ago", "2018", "year"),
    ("signed 3 years ago", TUE, "3 years ago", "2018", "year"),
    ("two days ago", TUE, "two days ago", "2021-10-10", "day"),
    ("a week ago", TUE, "a week ago", "2021-10-04", "week"),
    ("six months ago", TUE, "six months ago", "2021-04", "month"),
    ("a decade ago", TUE, "a decade ago", "2011", "year"),
    ("an hour or twenty years ago", TUE, "twenty years ago", "2001", "year"),
    ("10, five or three years ago", TUE, "three years ago", "2018", "year"),
    # months
    ("in September", TUE, "September", "2021-09", "month"),
    ("in September", MARCH, "September", "2020-09", "month"),
    ("in October", TUE, "October", "2021-10", "month"),
    ("in less than a month in September", TUE, "September", "2021-09", "month"),
    ("in late September", TUE, "late September", "2021-09", "month"),
    ("early September", TUE, "early September", "2021-09", "month"),
    ("by mid-September", TUE, "mid-September", "2021-09", "month"),
    ("in november", TUE, "november", "2020-11", "month"),
    ("last October", TUE, "last October", "2020-10", "month"),
    ("next March", TUE, "next March", "2022-03", "month"),
    ("September 2021", MARCH, "September 2021", "2021-09", "month"),
    ("in September 2019", TUE, "September 2019", "2019-09", "month"),
    ("Sept. 2019", TUE, "Sept. 2019", "2019-09", "month"),
    ("Oct 2019", TUE, "Oct 2019", "2019-10", "month"),
    ("in May", TUE, "May", "2021-05", "month"),
    ("since May", TUE, "May", "2021-05", "month"),
    ("early May", TUE, "early May", "2021-05", "month"),
    ("May 2020", TUE, "May 2020", "2020-05", "month"),
    # days of the month
    ("on 11 October", TUE, "11 October", "2021-10-11", "day"),
    ("October 11", TUE, "October 11", "2021-10-11", "day"),
    ("Oct. 11", TUE, "Oct. 11", "2021-10-11", "day"),
    ("11th October", TUE, "11th October", "2021-10-11", "day"),
    ("the 11th of October", TUE, "the 11th of October", "2021-10-11", "day"),
    ("13 October", TUE, "13 October", "2020-10-13", "day"),
    ("May 5", TUE, "May 5", "2021-05-05", "day"),
    ("11 October 2021", MARCH, "11 October 2021", "2021-10-11", "day"),
    ("October 11, 2021", MARCH, "October 11, 2021", "2021-10-11", "day"),
    ("Monday, 11 October 2021", TUE, "Monday, 11 October 2021", "2021-10-11", "day"),
    ("on 2021-10-11", TUE, "2021-10-11", "2021-10-11", "day"),
    ("Sept 3 2019", TUE, "Sept 3 2019", "2019-09-03", "day"),
    ("29 February", MARCH, "29 February", "2020-02-29", "day"),
    # years
    ("in 2019", TUE, "2019", "2019", "year"),
    ("the 2019 elections", TUE, "2019", "2019", "year"),
    ("between 1999 and", TUE, "1999", "1999", "year"),
]


@pytest.mark.parametrize("sentence,published,text,value,precision", CASES)
def test_find_dates(sentence: str, published: dt.date, text: str, value: str,
                    precision: str) -> None:
    mentions = find_dates(sentence, published)
    assert [(m.text, m.date) for m in mentions] == [(text, ResolvedDate(value, precision))]
    assert sentence[mentions[0].start:mentions[0].end] == text


@pytest.mark.parametrize("sentence,published,text,value,precision", CASES)
def test_resolve(sentence: str, published: dt.date, text: str, value: str,
                 precision: str) -> None:
    assert resolve(sentence, published) == ResolvedDate(value, precision)
    assert resolve(text, published) == ResolvedDate(value, precision)


@pytest.mark.parametrize("sentence", [
    "They may leave the country.",
    "May God protect us, he said.",
    "Thousands march on the capital",
    "2000 troops were deployed",
    "some 2019 people fled",
    "4,000 soldiers",
    "growth of 2019.5 units",
    "a bill of $2019",
    "inflation hit 2019%",
    "issued on 11/10/2021",
    "protests on Mondays and Fridays",  # plural weekdays are habits, not dates
    "a few years ago",
    "someone said days ago",
    "31 September",
    "Sept. was busy",
    "",
    "The ministry said nothing.",
])
def test_not_dates(sentence: str) -> None:
    assert find_dates(sentence, TUE) == []


def test_may_needs_context_but_resolve_is_lenient() -> None:
    assert find_dates("they may leave", TUE) == []
    assert resolve("they may leave", TUE) == ResolvedDate("2021-05", "month")  # caller vouches
    assert resolve("May", TUE) == ResolvedDate("2021-05", "month")
    assert resolve("nothing here", TUE) is None
    assert resolve("", TUE) is None


def test_paragraph_offsets_slice_exactly() -> None:
    text = ("On Monday, 11 October 2021, İstanbul police said that last week some 2000 troops "
            "arrived; three years ago, in September, and again in May 2020 and on Oct. 3, they "
            "may have fled.\nYesterday the ministry, citing 2019 figures, said earlier this "
            "month that talks would resume next Tuesday and in 2022.")
    mentions = find_dates(text, TUE)
    for m in mentions:
        assert isinstance(m, DateMention)
        assert text[m.start:m.end] == m.text
    assert [(m.text, m.date.value, m.date.precision) for m in mentions] == [
        ("Monday, 11 October 2021", "2021-10-11", "day"),
        ("last week", "2021-10-04", "week"),
        ("three years ago", "2018", "year"),
        ("September", "2021-09", "month"),
        ("May 2020", "2020-05", "month"),
        ("Oct. 3", "2021-10-03", "day"),
        ("Yesterday", "2021-10-11", "day"),
        ("2019", "2019", "year"),
        ("earlier this month", "2021-10", "month"),
        ("next Tuesday", "2021-10-19", "day"),
        ("2022", "2022", "year"),
    ]
    starts = [m.start for m in mentions]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))


def test_offsets_survive_characters_that_grow_when_lowercased() -> None:
    text = "İİİ said on Monday"
    (m,) = find_dates(text, TUE)
    assert (m.text, text[m.start:m.end]) == ("Monday", "Monday")


def test_no_publication_date() -> None:
    text = "On Monday, last week, in September, three years ago, 11 October, in 2019, 2021-10-11"
    assert [(m.text, m.date) for m in find_dates(text, None)] == [
        ("Monday", ResolvedDate(None, "day")),
        ("last week", ResolvedDate(None, "week")),
        ("September", ResolvedDate(None, "month")),
        ("three years ago", ResolvedDate(None, "year")),
        ("11 October", ResolvedDate(None, "day")),
        ("2019", ResolvedDate("2019", "year")),
        ("2021-10-11", ResolvedDate("2021-10-11", "day")),
    ]
    assert resolve("October 11, 2021", None) == ResolvedDate("2021-10-11", "day")
    assert resolve("a decade ago", None) == ResolvedDate(None, "year")


def test_publication_date() -> None:
    assert publication_date(TUE) == ResolvedDate("2021-10-12", "publication")
    assert publication_date(None) == ResolvedDate(None, "publication")


@pytest.mark.parametrize("value", [
    "2021-10-12", "2021-10-12T08:00:00Z", "2021-10-12T08:00:00+02:00", "2021-10-12 08:00:00",
    "12 October 2021", "Oct 12, 2021", "October 12, 2021", "2021/10/12",
    "Tue, 12 Oct 2021 08:00:00 GMT", "  2021-10-12  ", TUE,
    dt.datetime(2021, 10, 12, 23, 59),
])
def test_parse_published(value: object) -> None:
    assert parse_published(value) == TUE  # type: ignore[arg-type]


def test_parse_published_missing() -> None:
    assert parse_published(None) is None
    assert parse_published("") is None


@pytest.mark.parametrize("value", ["yesterday", "12/10/2021", "2021-13-45", "31 February 2021"])
def test_parse_published_rejects(value: str) -> None:
    with pytest.raises(ValueError) as err:
        parse_published(value)
    assert str(err.value) == (
        f"unparseable publication date '{value}': expected ISO 8601 like 2021-10-12")
