"""Mixed signals: one actor both courting and threatening the same target at once.

dyad's own definition (the seed report's theme: "the leader gave mixed signals" — an offer and
a threat to the same target in one speech). A **flag** is a (source → target, window) where both
the cooperative count (acts of QuadClass 1–2) and the conflictual count (QuadClass 3–4) reach
``k``:

* ``window="article"`` — within one article (acts mentioned in it, wherever they are dated);
  ``k`` defaults to 1: one offer and one threat in the same report;
* ``window="week"`` — within one ISO week, across articles (acts by their date; day-precision
  dates only); ``k`` defaults to 2, so a single report of each kind is not enough.

Acts are counted once at the level asked (``dyad.analytics.filters``); both sides must be named.
Each flag reports both counts, their Goldstein sums and the event ids of each side.
"""
from __future__ import annotations

import sqlite3
from collections import defaultdict

from dyad.analytics import periods
from dyad.analytics.filters import ActorFilter, acts_sql, side_key, where
from dyad.analytics.series import check_choice

WINDOWS = ("article", "week")
DEFAULT_K = {"article": 1, "week": 2}
COOPERATIVE, CONFLICTUAL = (1, 2), (3, 4)


def _article_acts(conn, flt: ActorFilter):
    """Acts per article: (article id, source, target, quad, goldstein, event ids)."""
    sk, sp = side_key("source", flt.source or flt.actor, flt.level)
    tk, tp = side_key("target", flt.target or flt.actor, flt.level)
    cond, cp = where(flt, 0)
    sql = (f"SELECT m.article_id AS art, {sk} AS sk, {tk} AS tk, max(e.quad_class) AS quad, "
           "max(e.goldstein) AS goldstein, group_concat(DISTINCT e.event_key) AS ids "
           f"FROM events e JOIN mentions m ON m.event_key = e.event_key{cond} "
           "AND e.target_code IS NOT NULL "
           "GROUP BY art, sk, tk, e.cameo, e.negated, e.date_window")
    for row in conn.execute(sql, sp + tp + cp):
        yield row["art"], row


def _week_acts(conn, flt: ActorFilter):
    sql, params = acts_sql(flt, periods.MIN_DATE_LEN["week"])
    for row in conn.execute(sql, params):
        if row["tk"]:
            yield periods.key("week", row["date"]), row


def _flag(window: str, where_key: str, s: str, t: str, cell: dict) -> dict:
    flag = {"source": s, "target": t, "window": window}
    if window == "article":
        flag["article_id"] = where_key
    else:
        start, end = periods.bounds("week", where_key)
        flag.update({"period": periods.label("week", where_key), "start": start, "end": end})
    for side in ("cooperative", "conflictual"):
        flag[f"{side}_events"] = len(cell[side])
        flag[f"{side}_goldstein"] = round(sum(g for g, _ in cell[side]), 3)
    for side in ("cooperative", "conflictual"):
        flag[f"{side}_ids"] = sorted(i for _, ids in cell[side] for i in ids.split(","))
    return flag


def _article_info(conn, flags: list[dict]) -> None:
    for flag in flags:
        row = conn.execute("SELECT title, url, published FROM articles WHERE id = ?",
                           (flag["article_id"],)).fetchone()
        flag.update({"title": row["title"], "url": row["url"], "published": row["published"]}
                    if row else {"title": None, "url": None, "published": None})


def mixed(conn: sqlite3.Connection, flt: ActorFilter = ActorFilter(), window: str = "article",
          k: int | None = None) -> dict:
    """Mixed-signal flags as ``{"data": [flag, ...], "meta": {...}}``, most acts first.

    Each flag: ``source``, ``target``, ``window``; ``article_id``, ``title``, ``url``,
    ``published`` (article window) or ``period``, ``start``, ``end`` (week window);
    ``cooperative_events``/``conflictual_events`` (acts of QuadClass 1–2 / 3–4),
    ``cooperative_goldstein``/``conflictual_goldstein`` (their Goldstein sums) and
    ``cooperative_ids``/``conflictual_ids`` (event ids, for ``dyad events --id``).
    """
    check_choice(window, WINDOWS, "window")
    if k is None:
        k = DEFAULT_K[window]
    if not isinstance(k, int) or k < 1:
        raise ValueError(f"bad k '{k}': the number of acts each side needs, ≥ 1")
    cells: dict = defaultdict(lambda: {"cooperative": [], "conflictual": []})
    source = _article_acts(conn, flt) if window == "article" else _week_acts(conn, flt)
    for place, act in source:
        side = ("cooperative" if act["quad"] in COOPERATIVE else
                "conflictual" if act["quad"] in CONFLICTUAL else None)
        if side:
            cells[(place, act["sk"], act["tk"])][side].append((act["goldstein"] or 0.0, act["ids"]))
    data = [_flag(window, place, s, t, cell) for (place, s, t), cell in cells.items()
            if len(cell["cooperative"]) >= k and len(cell["conflictual"]) >= k]
    if window == "article":
        _article_info(conn, data)
    data.sort(key=lambda f: (-(f["cooperative_events"] + f["conflictual_events"]),
                             f.get("published") or f.get("period") or "", f["source"], f["target"],
                             f.get("article_id", "")))
    meta = {"window": window, "k": k, "filter": flt.to_dict(), "flags": len(data),
            "candidates": len(cells)}
    return {"data": data, "meta": meta}
