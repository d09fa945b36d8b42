"""Calendar periods: day, ISO week (Monday–Sunday, labelled ``2017-W32``), month, year.

An event is placed in a period only when its date is at least that precise: a month-precision
date ("in September 2017") counts in monthly and yearly series, never in a week or a day;
a year-precision date only in yearly series. Such events are counted in the result's
``meta.too_coarse`` instead.
"""
from __future__ import annotations

import datetime as dt

INTERVALS = ("day", "week", "month", "year")
#: characters of an ISO date an event needs to be placed in a period of that interval
MIN_DATE_LEN = {"day": 10, "week": 10, "month": 7, "year": 4}


def check_interval(interval: str, name: str = "interval") -> str:
    if interval not in INTERVALS:
        raise ValueError(f"bad {name} '{interval}': choose one of {', '.join(INTERVALS)}")
    return interval


def _day(text: str, end: bool = False) -> dt.date:
    """An ISO date of any precision as a day: its first (or with ``end`` its last) day."""
    if len(text) >= 10:
        return dt.date.fromisoformat(text[:10])
    if len(text) == 7:
        first = dt.date.fromisoformat(text + "-01")
        if not end:
            return first
        return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return dt.date(int(text[:4]), 12, 31) if end else dt.date(int(text[:4]), 1, 1)


def key(interval: str, date: str, end: bool = False) -> str:
    """The period key of an ISO date: ``YYYY-MM-DD`` (day; the Monday for a week), ``YYYY-MM``
    or ``YYYY``. A coarse date stands for its first day (or its last with ``end``)."""
    if interval == "year":
        return date[:4]
    if interval == "month":
        return date[:7] if len(date) >= 7 else (f"{date[:4]}-12" if end else f"{date[:4]}-01")
    day = _day(date, end)
    if interval == "week":
        day -= dt.timedelta(days=day.weekday())
    return day.isoformat()


def label(interval: str, k: str) -> str:
    if interval != "week":
        return k
    year, week, _ = dt.date.fromisoformat(k).isocalendar()
    return f"{year}-W{week:02d}"


def bounds(interval: str, k: str) -> tuple[str, str]:
    """First and last day of the period with key ``k``."""
    if interval == "day":
        return k, k
    if interval == "week":
        start = dt.date.fromisoformat(k)
        return k, (start + dt.timedelta(days=6)).isoformat()
    return _day(k).isoformat(), _day(k, end=True).isoformat()


def following(interval: str, k: str) -> str:
    if interval == "year":
        return str(int(k) + 1)
    if interval == "month":
        y, m = int(k[:4]), int(k[5:7])
        return f"{y + m // 12}-{m % 12 + 1:02d}"
    step = 7 if interval == "week" else 1
    return (dt.date.fromisoformat(k) + dt.timedelta(days=step)).isoformat()


def preceding(interval: str, k: str, n: int = 1) -> str:
    """The key ``n`` periods before ``k``."""
    if interval == "year":
        return str(int(k) - n)
    if interval == "month":
        total = int(k[:4]) * 12 + int(k[5:7]) - 1 - n
        return f"{total // 12}-{total % 12 + 1:02d}"
    step = 7 if interval == "week" else 1
    return (dt.date.fromisoformat(k) - dt.timedelta(days=step * n)).isoformat()


def between(interval: str, first: str, last: str, cap: int = 200_000) -> list[str]:
    """Every period key from ``first`` to ``last`` inclusive (empty when first > last)."""
    out: list[str] = []
    k = first
    while k <= last:
        out.append(k)
        if len(out) > cap:
            raise ValueError(f"too many periods from {first} to {last} at interval {interval}: "
                             "choose a coarser interval or narrow --since/--until")
        k = following(interval, k)
    return out


def sql_key(interval: str, column: str = "date") -> str:
    """SQL expression for the period key of an ISO date column (same keys as ``key``)."""
    if interval == "year":
        return f"substr({column}, 1, 4)"
    if interval == "month":
        return f"substr({column}, 1, 7)"
    if interval == "day":
        return f"substr({column}, 1, 10)"
    # 'weekday 0' moves to the next Sunday (or stays on one); six days back is that ISO week's Monday
    return f"date(substr({column}, 1, 10), 'weekday 0', '-6 days')"
