"""Temporal expressions: find them in news text and resolve them against the publication date.

Stdlib only (``re``, ``datetime``, ``calendar``) and built for speed: one precompiled pattern,
one ``finditer`` pass per text, behind a cheap keyword pre-check.

Resolution follows news convention against the publication date P:

* weekdays: "Monday"/"on Monday"/"this Monday" -> latest Monday on or before P (P itself if P is a
  Monday); "last/past Monday" -> latest Monday strictly before P; "next Monday" -> first after P.
* "today", "tonight", "this morning", "earlier/later today" -> P; "yesterday", "last night" -> P-1;
  "tomorrow" -> P+1; "the day before yesterday" -> P-2; "the day after tomorrow" -> P+2.
* "last/this/next week|month|year" (also "earlier/later this ...") -> the previous/current/next
  ISO week (value = its Monday), month ("2021-09") or year ("2021").
* "N days|weeks|months|years|decades ago" (N = digits, one..twenty, a/an) -> P minus N units, at
  the unit's precision (decades -> year).
* bare months ("September", "early/late/mid-September") -> latest such month on or before P's
  month; "last September" -> strictly before, "next September" -> strictly after, "this
  September" -> P's year.  "May", and any
  bare month written in lower case ("march", "august"), needs context to count: a qualifier
  (early/late/mid/last/next/this) or a preceding preposition ("in May", "since May", "end of May").
  Abbreviations ("Sept.", "Oct") only count with a day or a year attached.
* day + month without year ("11 October", "Oct. 11", "Monday, 11th of October") -> latest such
  date on or before P; with a year, or ISO/``YYYY/MM/DD``, -> that day.  ``11/10/2021`` is skipped.
* a standalone year 1900-2099 -> year precision, unless it is part of a number ("2019.5",
  "$2019", "1,2019", "2019%") or counts something ("2000 troops", "2000 people").

Mention spans exclude a leading preposition ("on Monday" -> "Monday") but include qualifiers
("last week", "early September", "three years ago").  With no publication date, relative
expressions are still found but resolve to ``value=None`` at their precision.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from dyad.errors import DyadError

__all__ = ["ResolvedDate", "DateMention", "find_dates", "resolve", "publication_date",
           "parse_published", "DateError"]


class DateError(DyadError, ValueError):
    """A publication date that is not a date (``--published``, a JSONL ``published`` field)."""


@dataclass(frozen=True)
class ResolvedDate:
    value: str | None  # "2021-10-11" | "2021-10-04" (week Monday) | "2021-09" | "2021" | None
    precision: str  # "day" | "week" | "month" | "year" | "publication"


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    date: ResolvedDate


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_MONTH_NUM = {name: i for i, name in enumerate(_MONTHS, 1)}
_MONTH_NUM.update({name[:3]: i for name, i in _MONTH_NUM.items()})
_MONTH_NUM["sept"] = 9
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBERS = {w: i for i, w in enumerate(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split(), 1)}
_NUMBERS.update(a=1, an=1)

_FULL = "|".join(_MONTHS)
_MON = rf"(?:{_FULL}|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?"
_WD = "|".join(_WEEKDAYS)
_WDPRE = rf"(?:(?:{_WD}),?\s+)?"
_DAY = r"[0-3]?\d(?:st|nd|rd|th)?\b"
_UNITS = (r"(?:people|persons|troops|soldiers|officers|police(?:men)?|civilians|refugees|"
          r"migrants|protesters|demonstrators|fighters|militants|rebels|members|workers|"
          r"residents|families|children|men|women|deaths|casualties|victims|votes|voters|cases|"
          r"homes|houses|jobs|years|months|days|hours|km|kilometres|kilometers|miles|metres|"
          r"meters|feet|kg|tonnes|tons|barrels|dollars|euros|pounds|rupees|yuan|yen|rounds|"
          r"rockets|missiles|shells|tanks|vehicles|aircraft|seats|delegates|prisoners|"
          r"detainees|hostages|arrests|units|others|of)\b")
_YEAR = rf"(?:19|20)\d\d\b(?![.,]\d|\s*%|/\d|\s+{_UNITS})"


def _y(name: str) -> str:
    return rf"(?P<{name}>{_YEAR})"


_PATTERN = re.compile(r"(?<!\w)(?:" + "|".join([
    r"(?P<iso>(?<![\w$€£¥#/.-])(?P<iso_y>(?:19|20)\d\d)(?P<iso_s>[-/])(?P<iso_m>[01]?\d)"
    r"(?P=iso_s)(?P<iso_d>[0-3]?\d)(?![\w/-]|[.,]\d))",
    rf"(?P<dmy>{_WDPRE}(?:the\s+)?(?<![\d/.,])(?P<dmy_d>{_DAY})\s+(?:of\s+)?(?P<dmy_m>{_MON})"
    rf"(?:,?\s+{_y('dmy_y')})?)",
    rf"(?P<mdy>{_WDPRE}(?P<mdy_m>{_MON})\s+(?:the\s+)?(?P<mdy_d>{_DAY})(?![.,:/]?\d)"
    rf"(?:,?\s+{_y('mdy_y')})?)",
    rf"(?P<my>(?:(?:early|late|mid)[\s-]*)?(?P<my_m>{_MON})(?:\s+of)?,?\s+{_y('my_y')})",
    r"(?P<dby>the\s+day\s+(?P<dby_w>before\s+yesterday|after\s+tomorrow))",
    r"(?P<rday>(?:(?:earlier|later)\s+)?today|tonight|this\s+(?:morning|afternoon|evening)|"
    r"yesterday|last\s+night|tomorrow)\b",
    r"(?P<rper>(?:(?:earlier|later)\s+(?=this))?(?P<rper_r>last|this|next)\s+"
    r"(?P<rper_u>week|month|year)\b)",
    rf"(?P<ago>(?P<ago_n>\d{{1,3}}|{'|'.join(_NUMBERS)})\s+(?P<ago_u>day|week|month|year|decade)s?"
    r"\s+ago\b)",
    rf"(?P<wd>(?:(?P<wd_r>last|past|next|this)\s+)?(?P<wd_d>{_WD})\b)",
    rf"(?P<bm>(?:(?P<bm_r>last|next|this)\s+)?(?:(?P<bm_q>early|late|mid)[\s-]*)?"
    rf"(?P<bm_m>{_FULL})\b)",
    rf"(?P<yr>(?<![\w$€£¥#/])(?<!\d[.,]){_y('yr_y')}(?![-/]\d))",
]) + ")")  # matched against lower-cased text: much faster than IGNORECASE
# Mentions need one of these; it rejects most sentences far faster than _PATTERN can.
_HINT = re.compile(r"\d|day\b|week|month|year|\bago\b|night|morning|afternoon|evening|tomorrow|"
                   r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)")
_CONTEXT = re.compile(r"\b(?:in|since|until|till|by|during|from|of|before|after|through|"
                      r"throughout|early|late|mid|last|next|this)[\s-]+$")


def publication_date(published: dt.date | None) -> ResolvedDate:
    """The fallback date of an event: the publication date itself."""
    return ResolvedDate(published.isoformat() if published else None, "publication")


def _day(d: dt.date | None) -> ResolvedDate:
    return ResolvedDate(d.isoformat() if d else None, "day")


def _week(d: dt.date | None) -> ResolvedDate:
    monday = d - dt.timedelta(days=d.weekday()) if d else None
    return ResolvedDate(monday.isoformat() if monday else None, "week")


def _month(year: int, month: int) -> ResolvedDate:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return ResolvedDate(f"{year:04d}-{month:02d}" if year > 0 else None, "month")


def _year(year: int) -> ResolvedDate:
    return ResolvedDate(f"{year:04d}" if year > 0 else None, "year")


def _date_or_none(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _day_month(day: int, month: int, year: str | None, p: dt.date | None) -> ResolvedDate | None:
    if not 1 <= day <= calendar.monthrange(2000, month)[1]:  # 2000 is a leap year
        return None
    if year:
        d = _date_or_none(int(year), month, day)
        return _day(d) if d else None
    if p is None:
        return ResolvedDate(None, "day")
    for y in range(p.year, p.year - 9, -1):  # latest on or before P (Feb 29 may need a few years)
        d = _date_or_none(y, month, day)
        if d and d <= p:
            return _day(d)
    return None


def _resolve_match(m: re.Match[str], text: str, low: str, p: dt.date | None,
                   lenient: bool) -> ResolvedDate | None:
    kind, g = m.lastgroup, m.group
    if kind == "iso":
        d = _date_or_none(int(g("iso_y")), int(g("iso_m")), int(g("iso_d")))
        return _day(d) if d else None
    if kind in ("dmy", "mdy"):
        day, month = int(g(kind + "_d").rstrip("stndrh")), _MONTH_NUM[g(kind + "_m").rstrip(".")]
        return _day_month(day, month, g(kind + "_y"), p)
    if kind == "my":
        return _month(int(g("my_y")), _MONTH_NUM[g("my_m").rstrip(".")])
    if kind == "yr":
        return _year(int(g("yr_y")))
    if kind == "bm":
        return _bare_month(m, text, low, p, lenient)
    if p is None:
        unit = {"rday": "day", "dby": "day", "wd": "day"}.get(kind or "")
        unit = unit or (g("rper_u") if kind == "rper" else g("ago_u"))
        return ResolvedDate(None, "year" if unit == "decade" else unit)
    if kind == "rday":
        word = g("rday")
        offset = -1 if word.startswith(("yesterday", "last")) else int(word == "tomorrow")
        return _day(p + dt.timedelta(days=offset))
    if kind == "dby":
        return _day(p + dt.timedelta(days=-2 if g("dby_w").startswith("b") else 2))
    if kind == "wd":
        wd, rel = _WEEKDAYS.index(g("wd_d")), g("wd_r")
        if rel == "next":
            return _day(p + dt.timedelta(days=(wd - p.weekday() - 1) % 7 + 1))
        delta = (p.weekday() - wd - 1) % 7 + 1 if rel in ("last", "past") else (p.weekday() - wd) % 7
        return _day(p - dt.timedelta(days=delta))
    if kind == "rper":
        step = {"last": -1, "this": 0, "next": 1}[g("rper_r")]
        unit = g("rper_u")
        if unit == "week":
            return _week(p + dt.timedelta(weeks=step))
        return _month(p.year, p.month + step) if unit == "month" else _year(p.year + step)
    if kind == "ago":
        return _ago(g("ago_n"), g("ago_u"), p)
    return None


def _bare_month(m: re.Match[str], text: str, low: str, p: dt.date | None,
                lenient: bool) -> ResolvedDate | None:
    """A month without a year ("in March", "next May"): the latest such month on or before the
    publication date unless "next"/"this" says otherwise; None for a lower-case or "may" word
    with no date context ("they may leave", "a march on the capital")."""
    g = m.group
    name = text[m.start("bm_m"):m.end("bm_m")]  # original case
    if (not lenient and not g("bm_r") and not g("bm_q")
            and (name.lower() == "may" or name[0].islower())
            and not _CONTEXT.search(low, max(0, m.start() - 12), m.start())):
        return None
    if p is None:
        return ResolvedDate(None, "month")
    month, rel = _MONTH_NUM[g("bm_m")], g("bm_r")
    if rel == "next":
        return _month(p.year + (month <= p.month), month)
    if rel == "this":
        return _month(p.year, month)
    return _month(p.year - (month > p.month or (rel == "last" and month == p.month)), month)


def _ago(raw: str, unit: str, p: dt.date) -> ResolvedDate | None:
    """"three days ago", "two decades ago" before the publication date ``p``."""
    n = int(raw) if raw.isdigit() else _NUMBERS[raw]
    if unit in ("day", "week"):
        try:
            d = p - dt.timedelta(days=n * (7 if unit == "week" else 1))
        except OverflowError:
            return None
        return _day(d) if unit == "day" else _week(d)
    if unit == "month":
        return _month(p.year, p.month - n)
    return _year(p.year - n * (10 if unit == "decade" else 1))


def _scan(text: str, published: dt.date | None, lenient: bool) -> list[DateMention]:
    low = text.lower()
    if len(low) != len(text):  # a few characters ("İ") grow when lower-cased; keep offsets
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    if not _HINT.search(low):
        return []
    out = []
    for m in _PATTERN.finditer(low):
        date = _resolve_match(m, text, low, published, lenient)
        if date is not None:
            out.append(DateMention(m.start(), m.end(), text[m.start():m.end()], date))
    return out


def find_dates(text: str, published: dt.date | None) -> list[DateMention]:
    """All temporal expressions in ``text``, left to right, non-overlapping, resolved against
    ``published``; ``start``/``end`` index ``text`` exactly."""
    return _scan(text, published, lenient=False)


def resolve(expression: str, published: dt.date | None) -> ResolvedDate | None:
    """Resolve one expression (e.g. a spaCy DATE entity: "on Monday", "less than a month in
    September"); the longest temporal expression inside it wins.  None when there is none.
    A bare "May" counts here: the caller already says this is a date expression."""
    mentions = _scan(expression, published, lenient=True)
    if not mentions:
        return None
    return max(mentions, key=lambda mn: mn.end - mn.start).date


_PUB_DMY = re.compile(rf"^(?:(?:{_WD}|mon|tue|wed|thu|fri|sat|sun)\.?,?\s+)?(?P<d>\d{{1,2}})"
                      rf"(?:st|nd|rd|th)?\s+(?P<m>{_MON}),?\s+(?P<y>\d{{4}})\b", re.IGNORECASE)
_PUB_MDY = re.compile(rf"^(?:(?:{_WD}|mon|tue|wed|thu|fri|sat|sun)\.?,?\s+)?(?P<m>{_MON})\s+"
                      rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b", re.IGNORECASE)
_PUB_YMD = re.compile(r"^(?P<y>\d{4})[/.](?P<m>\d{1,2})[/.](?P<d>\d{1,2})\b")


def parse_published(value: str | dt.date | dt.datetime | None) -> dt.date | None:
    """Normalise a publication date.  Datetimes keep their own (local) calendar date; an empty
    string counts as missing.  Raises ValueError for anything unparseable."""
    if value is None or isinstance(value, dt.datetime):
        return value.date() if value is not None else None
    if isinstance(value, dt.date):
        return value
    text = value.strip()
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    for pattern in (_PUB_DMY, _PUB_MDY, _PUB_YMD):
        m = pattern.match(text)
        if m:
            raw = m.group("m").rstrip(".").lower()
            month = int(raw) if raw.isdigit() else _MONTH_NUM[raw]
            d = _date_or_none(int(m.group("y")), month, int(m.group("d")))
            if d:
                return d
    raise DateError(f"unparseable publication date '{value}': expected ISO 8601 like 2021-10-12")
