"""Escalation alerts: has a dyad's conflict risen in the latest period against its own past?

For every dyad (both sides named; those of the filter) and two measures — ``conflict`` (acts
of QuadClass 3 and 4) and ``material_conflict`` (QuadClass 4 alone) — the count in the
**current period** (the one holding the store's latest date, or ``until``) is compared with the
periods before it, by one of two methods:

* ``pct`` — ACLED Trendfinder's change levels: percent change of the current count against the
  mean of the previous ``baseline`` periods (4 = "previous month", 52 = "previous year" in
  weeks). > 25 % is a *large increase*, 10–25 % a *moderate increase*, −25 % to 10 % *limited
  change*, below −25 % a *large decrease*; a baseline mean ≤ 2 with a current count ≤ 5 is
  *limited change* whatever the percentage (low activity). A zero baseline with more than five
  acts now is a large increase (no percentage). Alerts: large and moderate increases.
* ``z`` — z = (current − mean) / sd over the previous 28 periods (sample standard deviation,
  floored at one act: counts move in whole acts, and a flat history would divide by zero);
  it needs at least 8 periods of history; alert at z ≥ 2.

History counts only periods the store covers (from its first dated event): baseline periods
before that are not zeros, they are unknown. Each alert carries the event ids of its measure in
the current period (the evidence, for ``dyad events --id``). Acts are counted once at the level
asked (``dyad.analytics.filters``).
"""
from __future__ import annotations

import sqlite3
import statistics
from collections import defaultdict

from dyad.analytics import periods
from dyad.analytics.filters import ActorFilter, acts_sql
from dyad.analytics.series import check_choice
from dyad.analytics.totals import period_totals

METHODS = ("pct", "z")
Z_PERIODS = 28
Z_MIN_HISTORY = 8
Z_ALERT = 2.0
MEASURES = {"conflict": (3, 4), "material_conflict": (4,)}
INCREASES = ("large increase", "moderate increase")


def acled_change(current: float, mean: float | None) -> tuple[float | None, str]:
    """Percent change and ACLED's change level (see the module docstring)."""
    if mean is None:
        return None, "no history"
    if mean <= 2 and current <= 5:
        pct = (current - mean) / mean * 100 if mean else None
        return pct, "limited change"
    if mean == 0:
        return None, "large increase"
    pct = (current - mean) / mean * 100
    if pct > 25:
        return pct, "large increase"
    if pct > 10:
        return pct, "moderate increase"
    if pct >= -25:
        return pct, "limited change"
    return pct, "large decrease"


def z_score(current: float, history: list[float]) -> tuple[float | None, float | None, float | None]:
    """(z, mean, sd) over ``history``; z is None with fewer than 8 periods."""
    if len(history) < Z_MIN_HISTORY:
        return None, (statistics.fmean(history) if history else None), None
    mean = statistics.fmean(history)
    sd = max(statistics.stdev(history), 1.0)
    return (current - mean) / sd, mean, sd


def _window(conn, flt: ActorFilter, interval: str, history: int):
    """Current period key, the keys of the baseline periods the store covers, and the
    store's first period."""
    _, span = period_totals(conn, interval, flt.include_negated)
    if flt.until:
        current = periods.key(interval, flt.until, end=True)
    else:
        current = span["last"]
    if current is None or span["first"] is None:
        return None, [], None
    first = max(periods.preceding(interval, current, history), span["first"])
    if flt.since:
        first = max(first, periods.key(interval, flt.since))
    baseline = [k for k in periods.between(interval, first, current) if k != current]
    return current, baseline, span["first"]


def _counts(conn, flt: ActorFilter, interval: str, since_key: str, current: str):
    """``{(source, target): {measure: {period key: [acts]}}}`` of conflict acts in the window."""
    start, _ = periods.bounds(interval, since_key)
    _, end = periods.bounds(interval, current)
    f = flt.replace(since=start, until=end, quad=tuple(q for q in flt.quad if q >= 3) or (3, 4))
    sql, params = acts_sql(f, periods.MIN_DATE_LEN[interval])
    out: dict = defaultdict(lambda: {m: defaultdict(list) for m in MEASURES})
    for act in conn.execute(sql, params):
        if not act["tk"] or not act["sk"]:
            continue
        k = periods.key(interval, act["date"])
        for measure, quads in MEASURES.items():
            if act["quad"] in quads:
                out[(act["sk"], act["tk"])][measure][k].append(act["ids"])
    return out


def _assess(method: str, cur: int, base: list[int]) -> dict:
    if method == "pct":
        mean = statistics.fmean(base) if base else None
        pct, change = acled_change(cur, mean)
        return {"baseline_mean": _r(mean), "pct_change": _r(pct, 1), "change": change,
                "alert": change in INCREASES}
    z, mean, sd = z_score(cur, base)
    change = "insufficient history" if z is None else ("escalation" if z >= Z_ALERT else "within range")
    return {"baseline_mean": _r(mean), "sd": _r(sd), "z": _r(z, 2), "change": change,
            "alert": z is not None and z >= Z_ALERT}


def _r(x, digits: int = 3):
    return None if x is None else round(x, digits)


def alerts(conn: sqlite3.Connection, flt: ActorFilter = ActorFilter(), interval: str = "week",
           baseline: int = 4, method: str = "pct", all_dyads: bool = False) -> dict:
    """Escalation alerts as ``{"data": [alert, ...], "meta": {...}}``, strongest first.

    Each alert: ``source``, ``target``, ``measure`` (``conflict`` Q3+Q4 or
    ``material_conflict`` Q4), ``period`` (label), ``start``/``end``, ``current`` (acts now),
    ``baseline_periods`` (how many previous periods were compared), ``baseline_mean``, and for
    ``pct`` the ``pct_change`` (None when the baseline is 0) or for ``z`` the ``z`` and ``sd``;
    ``change`` (ACLED's level, or escalation / within range / insufficient history), ``alert``
    and ``event_ids`` (the current period's acts of that measure). With ``all_dyads`` every dyad
    with a conflict act in the window is assessed, alert or not. ``baseline`` (periods) is used
    by ``pct``; ``z`` always looks back 28 periods.
    """
    periods.check_interval(interval)
    check_choice(method, METHODS, "method")
    if not isinstance(baseline, int) or baseline < 1:
        raise ValueError(f"bad baseline '{baseline}': a number of periods ≥ 1 (ACLED: 4 or 52)")
    history = baseline if method == "pct" else Z_PERIODS
    current, base_keys, store_first = _window(conn, flt, interval, history)
    meta = {"interval": interval, "method": method, "baseline": history, "filter": flt.to_dict(),
            "current": periods.label(interval, current) if current else None,
            "history_from": periods.label(interval, store_first) if store_first else None,
            "baseline_periods": len(base_keys), "dyads": 0}
    if current is None:
        return {"data": [], "meta": meta}
    counts = _counts(conn, flt, interval, base_keys[0] if base_keys else current, current)
    start, end = periods.bounds(interval, current)
    data = []
    for (s, t), measures in counts.items():
        for measure, by_period in measures.items():
            now = by_period.get(current, [])
            base = [len(by_period.get(k, [])) for k in base_keys]
            if not now and not any(base):
                continue
            row = {"source": s, "target": t, "measure": measure,
                   "period": periods.label(interval, current), "start": start, "end": end,
                   "current": len(now), "baseline_periods": len(base)}
            row.update(_assess(method, len(now), base))
            row["event_ids"] = sorted(i for ids in now for i in ids.split(","))
            if row["alert"] or all_dyads:
                data.append(row)
    data.sort(key=lambda r: (-r["alert"], -(r.get("z") or r.get("pct_change") or 0),
                             -r["current"], r["source"], r["target"], r["measure"]))
    meta["dyads"] = len(counts)
    return {"data": data, "meta": meta}
