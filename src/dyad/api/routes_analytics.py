"""Analysis endpoints — ``/dyads/{source}/{target}/series``, ``/alerts``, ``/mixed``,
``/network`` — thin wrappers over ``dyad.analytics``: the parameters are checked here (a 400
naming the bad one), the numbers come from the library, whose ``{"data", "meta"}`` result is
returned as it is. The result fields are documented in the functions' docstrings
(``dyad.analytics.series`` …)."""
from __future__ import annotations

import re
import sqlite3
from typing import Optional

from fastapi import APIRouter, Depends, Query

from dyad.api import codes
from dyad.api.deps import read_conn
from dyad.api.errors import ApiError
from dyad.api.params import Actor, Plover, Quad, Realis, Root, Since, Source, Target, Until
from dyad.api.query import split

router = APIRouter()
_NAMED = re.compile(r"^bad (\w+) '")


async def actor_filter(
    conn: sqlite3.Connection = Depends(read_conn),
    actor: Actor = None, plover: Plover = None, root: Root = None, quad: Quad = None,
    since: Since = None, until: Until = None,
    level: str = Query("country", description="Count acts by country (PRK) or by full code (PRKGOV)"),
    negated: bool = Query(False, description="Include negated events"),
    realis: Realis = "asserted",
) -> dict:
    """The filter parameters every analysis shares (``source``/``target`` are added by each
    route: in the path for a series, as parameters elsewhere)."""
    return {"conn": conn, "actor": codes.actor_codes(conn, "actor", split(actor)),
            "plover": codes.plover_types("plover", split(plover)),
            "root": codes.cameo_roots("root", split(root)),
            "quad": codes.quad_classes("quad", split(quad)),
            "since": codes.date_prefix("since", since), "until": codes.date_prefix("until", until),
            "level": level, "include_negated": negated, "realis": realis}


def _flt(shared: dict, source: str = "", target: str = ""):
    from dyad.analytics import ActorFilter

    conn = shared["conn"]
    args = {k: v for k, v in shared.items() if k != "conn"}
    try:
        return ActorFilter(source=codes.actor_codes(conn, "source", split(source)),
                           target=codes.actor_codes(conn, "target", split(target)), **args)
    except ValueError as exc:
        raise _bad(exc) from None


def _bad(exc: ValueError) -> ApiError:
    message = str(exc)
    named = _NAMED.match(message)
    return ApiError(400, "bad_parameter", message,
                    {"parameter": named.group(1) if named else None})


def _call(fn, *args, **kwargs) -> dict:
    try:
        return fn(*args, **kwargs)
    except ValueError as exc:
        raise _bad(exc) from None


@router.get("/dyads/{source}/{target}/series", summary="A dyad's time series by QuadClass or PLOVER type")
def dyad_series(
    source: str, target: str,
    shared: dict = Depends(actor_filter),
    interval: str = Query("month", description="day, week (ISO), month or year"),
    by: str = Query("quad", description="Break counts down by quad or plover"),
    both: bool = Query(False, description="Add the reverse dyad target → source"),
    weight: str = Query("events", description="Count events, or weight them by mentions"),
    evidence: bool = Query(False, description="List each period's event_ids"),
):
    """Per period: counts and shares by QuadClass (or PLOVER type), net, positive and negative
    Goldstein sums, the mean, mentions and articles (``dyad.analytics.series``). Source and
    target take ``a|b`` like the filters."""
    from dyad.analytics import series

    flt = _flt(shared, source, target)
    return _call(series, shared["conn"], flt, interval=interval, by=by, both=both, weight=weight,
                 evidence=evidence)


@router.get("/alerts", summary="Escalation alerts against each dyad's baseline")
def get_alerts(
    shared: dict = Depends(actor_filter),
    source: Source = None, target: Target = None,
    interval: str = Query("week", description="day, week, month or year"),
    baseline: int = Query(4, description="Previous periods compared (pct; ACLED uses 4 or 52)"),
    method: str = Query("pct", description="pct (ACLED change levels) or z (z-score)"),
    all: bool = Query(False, description="Every dyad assessed, alert or not"),
):
    """``dyad.analytics.alerts``: conflict and material conflict in the latest period against
    the baseline, strongest first, with the current period's event ids."""
    from dyad.analytics import alerts

    return _call(alerts, shared["conn"], _flt(shared, source or "", target or ""),
                 interval=interval, baseline=baseline, method=method, all_dyads=all)


@router.get("/mixed", summary="Mixed signals: cooperative and hostile toward one target")
def get_mixed(
    shared: dict = Depends(actor_filter),
    source: Source = None, target: Target = None,
    window: str = Query("article", description="article or week"),
    k: Optional[int] = Query(None, description="Acts each side needs (default 1 for article, 2 for week)"),
):
    """``dyad.analytics.mixed``: source → target pairs with both cooperation (QuadClass 1-2)
    and conflict (3-4) in one article or one ISO week, with both sides' event ids."""
    from dyad.analytics import mixed

    return _call(mixed, shared["conn"], _flt(shared, source or "", target or ""), window=window,
                 k=k)


@router.get("/network", summary="The directed actor network")
def get_network(
    shared: dict = Depends(actor_filter),
    source: Source = None, target: Target = None,
    min_events: int = Query(1, description="Leave out edges with fewer acts"),
):
    """``dyad.analytics.network_json``: nodes (actors, with event and degree totals) and
    directed edges (acts, mentions, Goldstein sum and mean, cooperation and conflict counts)."""
    from dyad.analytics import network, network_json

    graph = _call(network, shared["conn"], _flt(shared, source or "", target or ""),
                  min_events=min_events)
    return network_json(graph)
