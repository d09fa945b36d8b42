"""Dyad time series: per period, how much A did to B, of which kind, and how hostile.

For each period of the interval and each dyad of the filter (rows ordered by dyad, then period):
counts of acts by QuadClass (1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
4 material conflict) or by PLOVER type; their shares of *all* events stored in that period
(GDELT's codebook: raw counts grow with the volume of news, so normalise by the period's total);
the Goldstein sums Σg (net), Σg⁺ (cooperation: positive scores) and Σg⁻ (conflict: negative
scores) kept apart, the mean Goldstein Σg / n; mentions and distinct articles. Periods without
events are present with zeros. Acts are counted once at the level asked (``dyad.analytics.filters``).
"""
from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field

from dyad.analytics import periods
from dyad.analytics.filters import ActorFilter, acts_sql
from dyad.analytics.totals import period_totals

BYS = ("quad", "plover")
WEIGHTS = ("events", "mentions")
QUADS = ("1", "2", "3", "4")
COUNTING = ("one act = events with the same rolled-up source and target, CAMEO code, negation "
            "and date window, at the level asked")


def check_choice(value: str, options: tuple[str, ...], name: str) -> str:
    if value not in options:
        raise ValueError(f"bad {name} '{value}': choose one of {', '.join(options)}")
    return value


@dataclass
class _Cell:
    events: int = 0
    weighted: float = 0.0
    counts: dict = field(default_factory=lambda: defaultdict(float))
    g_net: float = 0.0
    g_pos: float = 0.0
    g_neg: float = 0.0
    g_weight: float = 0.0
    mentions: int = 0
    ids: list = field(default_factory=list)
    articles: set = field(default_factory=set)

    def add(self, act, weight: float, key: str) -> None:
        self.events += 1
        self.weighted += weight
        self.counts[key] += weight
        self.mentions += act["mentions"] or 0
        self.ids.extend(act["ids"].split(","))
        g = act["goldstein"]
        if g is not None:
            self.g_net += g * weight
            self.g_weight += weight
            if g > 0:
                self.g_pos += g * weight
            elif g < 0:
                self.g_neg += g * weight


def _labels(values: tuple[str, ...]) -> list[str]:
    return list(values) if values else ["*"]


def _collect(conn, flt: ActorFilter, interval: str, by: str, weight: str):
    """Cells per (source label, target label, period key), and how many events were too
    coarsely dated for the interval — all in one pass over the filter's events and mentions."""
    sql, params = acts_sql(flt, 0, articles=True)
    need = periods.MIN_DATE_LEN[interval]
    cells: dict[tuple, _Cell] = defaultdict(_Cell)
    too_coarse = 0
    for act in conn.execute(sql, params):
        if len(act["date"]) < need:
            too_coarse += act["n_events"]
            continue
        s = act["sk"] if flt.source else "*"
        t = act["tk"] if flt.target else "*"
        cell = cells[(s, t, periods.key(interval, act["date"]))]
        if by == "quad":
            key = str(act["quad"]) if act["quad"] else "none"
        else:
            key = act["plover"] or "none"
        cell.add(act, float(act["mentions"] or 0) if weight == "mentions" else 1.0, key)
        if act["arts"]:
            cell.articles.update(act["arts"].split(","))
    return cells, too_coarse


def _row(interval: str, k: str, s: str, t: str, cell: _Cell, total: int, keys: list[str],
         evidence: bool) -> dict:
    start, end = periods.bounds(interval, k)
    share = (lambda x: round(x / total, 6) if total else None)
    row = {"period": periods.label(interval, k), "start": start, "end": end, "source": s,
           "target": t, "events": cell.events, "total": total, "share": share(cell.weighted),
           "counts": {q: _num(cell.counts.get(q, 0)) for q in keys},
           "shares": {q: share(cell.counts.get(q, 0)) for q in keys},
           "goldstein_net": round(cell.g_net, 3), "goldstein_pos": round(cell.g_pos, 3),
           "goldstein_neg": round(cell.g_neg, 3),
           "goldstein_mean": round(cell.g_net / cell.g_weight, 3) if cell.g_weight else None,
           "mentions": cell.mentions, "articles": len(cell.articles)}
    if evidence:
        row["event_ids"] = sorted(cell.ids)
    return row


def _num(x: float):
    return int(x) if float(x).is_integer() else round(x, 3)


def series(conn: sqlite3.Connection, flt: ActorFilter = ActorFilter(), interval: str = "month",
           by: str = "quad", both: bool = False, weight: str = "events",
           evidence: bool = False) -> dict:
    """The dyad series of ``flt`` as ``{"data": [row, ...], "meta": {...}}``.

    Each row: ``period`` (``2017-08``, ``2017-W32``, ``2017-08-09``, ``2017``), ``start``/``end``
    (its first and last day), ``source``/``target`` (the dyad at ``flt.level``; ``*`` for a side
    the filter leaves open), ``events`` (acts), ``total`` (all events — or mentions — stored in
    the period), ``share`` (the dyad's weighted count / total), ``counts`` and ``shares`` by
    QuadClass ``"1"``–``"4"`` or PLOVER type (``"none"``: no type), ``goldstein_net`` Σg,
    ``goldstein_pos`` Σg⁺, ``goldstein_neg`` Σg⁻, ``goldstein_mean`` Σg/n (None without events),
    ``mentions``, ``articles`` (distinct) and with ``evidence`` the ``event_ids``. With
    ``weight="mentions"`` counts, shares and Goldstein sums weight each act by its mentions.
    ``both`` adds the reverse dyad B→A. Shares are None when the store has nothing in a period.
    """
    periods.check_interval(interval)
    check_choice(by, BYS, "by")
    check_choice(weight, WEIGHTS, "weight")
    totals, span = period_totals(conn, interval, flt.include_negated, weight, flt.since, flt.until)
    first = periods.key(interval, flt.since) if flt.since else span["first"]
    last = periods.key(interval, flt.until, end=True) if flt.until else span["last"]
    keys_all = periods.between(interval, first, last) if first and last else []
    directions = [flt] + ([flt.replace(source=flt.target, target=flt.source)] if both else [])
    collected, too_coarse = [], 0
    for f in directions:
        cells, coarse = _collect(conn, f, interval, by, weight)
        too_coarse += coarse
        expected = {(s, t) for s in _labels(f.source) for t in _labels(f.target)} \
            if f.level == "country" or not cells else set()
        dyads = sorted(expected | {(s, t) for s, t, _ in cells})
        collected.append((dyads, cells))
    breakdown = list(QUADS) if by == "quad" else sorted(
        {q for _, cells in collected for c in cells.values() for q in c.counts})
    if by == "quad" and any("none" in c.counts for _, cells in collected for c in cells.values()):
        breakdown.append("none")
    data = []
    for dyads, cells in collected:
        for s, t in dyads:
            for k in keys_all:
                data.append(_row(interval, k, s, t, cells.get((s, t, k), _Cell()), totals.get(k, 0),
                                 breakdown, evidence))
    meta = {"interval": interval, "by": by, "weight": weight, "both": both, "filter": flt.to_dict(),
            "periods": len(keys_all),
            "first": periods.label(interval, first) if first else None,
            "last": periods.label(interval, last) if last else None,
            "too_coarse": too_coarse,
            "totals_from": span["read_from"], "counting": COUNTING}
    return {"data": data, "meta": meta}
