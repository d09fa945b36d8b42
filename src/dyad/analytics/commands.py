"""The analysis CLI commands — ``dyad trends``, ``dyad alerts``, ``dyad mixed``, ``dyad network``,
``dyad reindex`` — thin wrappers over ``dyad.analytics``; ``register(app)`` adds them."""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from dyad.analytics.output import render, write_text
from dyad.store.queries import REALIS_HELP

err = Console(stderr=True)
DB_HELP = "Event store file (SQLite). Default: $DYAD_DB, else ./dyad.db."


class OutFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class Level(str, Enum):
    country = "country"
    sector = "sector"


class Interval(str, Enum):
    day = "day"
    week = "week"
    month = "month"
    year = "year"


DB = typer.Option(None, "--db", help=DB_HELP)
SOURCE = typer.Option(None, "--source", "-s", help="Source actor(s), rolled up: PRK = PRK, PRKGOV, PRKMIL…; PRKGOV only that sector; several as PRK,KOR.")
TARGET = typer.Option(None, "--target", "-t", help="Target actor(s), rolled up like --source.")
ACTOR = typer.Option(None, "--actor", "-a", help="Actor(s) on either side.")
PLOVER = typer.Option(None, "--plover", help="PLOVER type(s), e.g. ACCUSE,THREATEN.")
ROOT = typer.Option(None, "--root", help="CAMEO root code(s), 01-20.")
QUAD = typer.Option(None, "--quad", help="QuadClass(es) 1-4.")
SINCE = typer.Option(None, "--since", help="Events dated on or after (YYYY[-MM[-DD]]).")
UNTIL = typer.Option(None, "--until", help="Events dated on or before (YYYY[-MM[-DD]], inclusive).")
LEVEL = typer.Option(Level.country, "--level", help="Count and name actors by country (PRKGOV counts as PRK) or by full sector code.")
NEGATED = typer.Option(False, "--include-negated", help="Also count negated events ('did not attack'); left out by default.")
REALIS = typer.Option("asserted", "--realis", help=REALIS_HELP)
FORMAT = typer.Option(OutFormat.table, "--format", "-f", help="table, json ({\"data\": [...], \"meta\": {...}}) or csv.")
OUTPUT = typer.Option(None, "--output", "-o", help="Write to this file (atomically) instead of stdout.")


def fail(message: str, code: int = 2) -> None:
    err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def open_store(db: Optional[Path]):
    from dyad.store.schema import connect, default_db

    path = db or Path(default_db())
    try:
        return connect(path, create=False)
    except FileNotFoundError as exc:
        fail(str(exc))


def make_filter(source, target, actor, plover, root, quad, since, until, level, negated,
                realis="asserted"):
    from dyad.analytics.filters import ActorFilter

    try:
        return ActorFilter(source=source, target=target, actor=actor, plover=plover, root=root,
                           quad=quad, since=since, until=until, level=level.value,
                           include_negated=negated, realis=realis)
    except ValueError as exc:
        fail(str(exc))


def reason(exc: Exception) -> str:
    """An error's cause without Python's ``[Errno N] ...: 'path'`` wrapping."""
    return getattr(exc, "strerror", None) or str(exc)


def emit(result: dict, fmt: OutFormat, records: list[dict], table, output: Optional[Path]) -> None:
    try:
        write_text(render(result, fmt.value, records, table), output)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
    if output is not None:
        err.print(f"wrote {len(records)} record(s) as {fmt.value} to {output}", highlight=False)


def _trend_table(result: dict) -> str:
    from dyad.analytics.output import to_table

    rows = result["data"]
    keys = list(rows[0]["counts"]) if rows else []
    if result["meta"]["by"] == "plover":
        keys = [k for k in keys if any(r["counts"][k] for r in rows)]
    body = [[r["period"], f"{r['source']}→{r['target']}", r["events"], *[r["counts"][k] for k in keys],
             r["share"], r["goldstein_net"], r["goldstein_pos"], r["goldstein_neg"],
             r["goldstein_mean"], r["mentions"], r["articles"]] for r in rows]
    heads = [f"Q{k}" if result["meta"]["by"] == "quad" else k for k in keys]
    m = result["meta"]
    title = (f"dyad trends by {m['interval']} ({m['weight']}; share = of all stored events in the "
             f"period; Q1-Q4 = QuadClass)")
    return to_table(title, ["period", "dyad", "events", *heads, "share", "Σg", "Σg+", "Σg-",
                            "mean g", "mentions", "articles"], body)


def trends_cmd(
    db: Optional[Path] = DB, source: Optional[str] = SOURCE, target: Optional[str] = TARGET,
    actor: Optional[str] = ACTOR, plover: Optional[str] = PLOVER, root: Optional[str] = ROOT,
    quad: Optional[str] = QUAD, since: Optional[str] = SINCE, until: Optional[str] = UNTIL,
    level: Level = LEVEL, include_negated: bool = NEGATED, realis: str = REALIS,
    interval: Interval = typer.Option(Interval.month, "--interval", "-i", help="Period length."),
    by: str = typer.Option("quad", "--by", help="Break counts down by quad (QuadClass 1-4) or plover (PLOVER type)."),
    both: bool = typer.Option(False, "--both", help="Also the reverse dyad (target→source)."),
    weight: str = typer.Option("events", "--weight", help="events (each act once) or mentions (each act weighted by its mentions)."),
    ids: bool = typer.Option(False, "--ids", help="List the event ids behind each period (json/csv)."),
    plot: Optional[Path] = typer.Option(None, "--plot", help="Also draw the series to this PNG/SVG/PDF: stacked QuadClass bars and the net Goldstein line."),
    fmt: OutFormat = FORMAT, output: Optional[Path] = OUTPUT,
) -> None:
    """A dyad's time series: events per period by QuadClass or PLOVER type, shares of all stored
    events, Goldstein sums (net, cooperation, conflict) and mean, mentions and articles."""
    from dyad.analytics.series import series

    flt = make_filter(source, target, actor, plover, root, quad, since, until, level, include_negated,
                      realis)
    conn = open_store(db)
    try:
        result = series(conn, flt, interval.value, by, both, weight, evidence=ids)
    except ValueError as exc:
        fail(str(exc))
    if plot is not None:
        from dyad.analytics.plots import plot_series

        try:
            plot_series(result, plot)
        except (ValueError, OSError) as exc:
            fail(f"cannot draw {plot}: {reason(exc)}")
        err.print(f"drew {plot}", highlight=False)
    emit(result, fmt, result["data"], lambda: _trend_table(result), output)


def _alert_table(result: dict) -> str:
    from dyad.analytics.output import to_table

    m = result["meta"]
    z = m["method"] == "z"
    body = [[f"{r['source']}→{r['target']}", r["measure"], r["period"], r["current"],
             r["baseline_periods"], r["baseline_mean"], r.get("z") if z else r.get("pct_change"),
             r["change"], _ids(r["event_ids"])] for r in result["data"]]
    title = (f"dyad alerts: {m['interval']} {m['current']} against the previous "
             f"{m['baseline']} {m['interval']}s ({'z-score' if z else 'ACLED % change'})")
    return to_table(title, ["dyad", "measure", "period", "now", "periods", "mean",
                            "z" if z else "% change", "change", "evidence (event ids)"], body)


def _ids(ids: list[str], show: int = 3) -> str:
    return ",".join(ids[:show]) + (f" +{len(ids) - show}" if len(ids) > show else "")


def alerts_cmd(
    db: Optional[Path] = DB, source: Optional[str] = SOURCE, target: Optional[str] = TARGET,
    actor: Optional[str] = ACTOR, plover: Optional[str] = PLOVER, root: Optional[str] = ROOT,
    quad: Optional[str] = QUAD, since: Optional[str] = SINCE,
    until: Optional[str] = typer.Option(None, "--until", help="The current period is the one holding this date (default: the store's latest)."),
    level: Level = LEVEL, include_negated: bool = NEGATED, realis: str = REALIS,
    interval: Interval = typer.Option(Interval.week, "--interval", "-i", help="Period length."),
    baseline: int = typer.Option(4, "--baseline", help="pct: compare with the mean of this many previous periods (ACLED: 4 or 52)."),
    method: str = typer.Option("pct", "--method", help="pct (ACLED change levels) or z (z-score against the previous 28 periods)."),
    all_dyads: bool = typer.Option(False, "--all", help="List every dyad with conflict in the window, not only the alerts."),
    fmt: OutFormat = FORMAT, output: Optional[Path] = OUTPUT,
) -> None:
    """Escalation alerts: dyads whose conflict (QuadClass 3+4, and 4 alone) in the latest period
    rose against their baseline, with the event ids behind the current period."""
    from dyad.analytics.alerts import alerts

    flt = make_filter(source, target, actor, plover, root, quad, since, until, level, include_negated,
                      realis)
    conn = open_store(db)
    try:
        result = alerts(conn, flt, interval.value, baseline, method, all_dyads)
    except ValueError as exc:
        fail(str(exc))
    if not result["data"]:
        err.print(f"no alerts: {result['meta']['dyads']} dyad(s) with conflict in the window "
                  f"(current period {result['meta']['current']})", highlight=False)
    emit(result, fmt, result["data"], lambda: _alert_table(result), output)


def _mixed_table(result: dict) -> str:
    from dyad.analytics.output import to_table

    m = result["meta"]
    body = [[f"{r['source']}→{r['target']}",
             r.get("period") or f"{(r.get('published') or '')[:10]} {(r.get('title') or r['article_id'])[:40]}",
             r["cooperative_events"], r["cooperative_goldstein"], r["conflictual_events"],
             r["conflictual_goldstein"], _ids(r["cooperative_ids"], 2) + " / " + _ids(r["conflictual_ids"], 2)]
            for r in result["data"]]
    title = f"dyad mixed: cooperation (Q1-2) and conflict (Q3-4) ≥ {m['k']} each within one {m['window']}"
    return to_table(title, ["dyad", m["window"], "coop", "coop Σg", "conflict", "conflict Σg",
                            "evidence: coop / conflict ids"], body)


def mixed_cmd(
    db: Optional[Path] = DB, source: Optional[str] = SOURCE, target: Optional[str] = TARGET,
    actor: Optional[str] = ACTOR, plover: Optional[str] = PLOVER, root: Optional[str] = ROOT,
    since: Optional[str] = SINCE, until: Optional[str] = UNTIL,
    level: Level = LEVEL, include_negated: bool = NEGATED, realis: str = REALIS,
    window: str = typer.Option("article", "--window", "-w", help="article (within one report) or week (one ISO week, across reports)."),
    k: Optional[int] = typer.Option(None, "-k", help="Acts each side needs (default 1 per article, 2 per week)."),
    fmt: OutFormat = FORMAT, output: Optional[Path] = OUTPUT,
) -> None:
    """Mixed signals: a source both cooperating (QuadClass 1-2) with and threatening or
    attacking (3-4) the same target within one article or one week."""
    from dyad.analytics.mixed import mixed

    flt = make_filter(source, target, actor, plover, root, None, since, until, level, include_negated,
                      realis)
    conn = open_store(db)
    try:
        result = mixed(conn, flt, window, k)
    except ValueError as exc:
        fail(str(exc))
    if not result["data"]:
        err.print(f"no mixed signals ({result['meta']['candidates']} dyad-{window}s looked at)",
                  highlight=False)
    emit(result, fmt, result["data"], lambda: _mixed_table(result), output)


class NetFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    gexf = "gexf"
    graphml = "graphml"


def _network_table(result: dict) -> str:
    from dyad.analytics.output import to_table

    body = [[f"{e['source']}→{e['target']}", e["events"], e["cooperation"], e["conflict"],
             e["goldstein_mean"], e["mentions"]] for e in result["data"]["edges"]]
    m = result["meta"]
    return to_table(f"dyad network: {m['nodes']} actors, {m['edges']} edges, {m['events']} acts",
                    ["edge", "acts", "coop", "conflict", "mean g", "mentions"], body)


def network_cmd(
    db: Optional[Path] = DB, source: Optional[str] = SOURCE, target: Optional[str] = TARGET,
    actor: Optional[str] = ACTOR, plover: Optional[str] = PLOVER, root: Optional[str] = ROOT,
    quad: Optional[str] = QUAD, since: Optional[str] = SINCE, until: Optional[str] = UNTIL,
    level: Level = LEVEL, include_negated: bool = NEGATED, realis: str = REALIS,
    min_events: int = typer.Option(1, "--min-events", help="Leave out edges with fewer acts."),
    plot: Optional[Path] = typer.Option(None, "--plot", help="Also draw the network to this PNG/SVG/PDF."),
    top: int = typer.Option(40, "--top", help="With --plot: draw this many actors (most events first)."),
    fmt: NetFormat = typer.Option(NetFormat.table, "--format", "-f", help="table (edges), json (nodes and edges), csv (edges), gexf (Gephi) or graphml."),
    output: Optional[Path] = OUTPUT,
) -> None:
    """The directed actor network: edges with acts, mean Goldstein, cooperation and conflict
    counts; nodes with degree and event totals. GEXF and GraphML open in Gephi and networkx."""
    from dyad.analytics.network import graph_text, network, network_json

    flt = make_filter(source, target, actor, plover, root, quad, since, until, level, include_negated,
                      realis)
    conn = open_store(db)
    try:
        graph = network(conn, flt, min_events)
    except ValueError as exc:
        fail(str(exc))
    if plot is not None:
        from dyad.analytics.plots import plot_network

        try:
            plot_network(graph, plot, top)
        except (ValueError, OSError) as exc:
            fail(f"cannot draw {plot}: {reason(exc)}")
        err.print(f"drew {plot}", highlight=False)
    result = network_json(graph)
    if fmt in (NetFormat.gexf, NetFormat.graphml):
        try:
            write_text(graph_text(graph, fmt.value), output)
        except OSError as exc:
            fail(f"cannot write {output}: {exc.strerror or exc}")
        if output is not None:
            err.print(f"wrote {result['meta']['nodes']} node(s), {result['meta']['edges']} edge(s) "
                      f"as {fmt.value} to {output}", highlight=False)
        return
    emit(result, OutFormat(fmt.value), result["data"]["edges"], lambda: _network_table(result), output)


def reindex_cmd(db: Optional[Path] = DB) -> None:
    """Rebuild the store's pre-aggregated tables (per-date totals) and analysis indexes from
    its events, and refresh SQLite's statistics."""
    from dyad.store.aggregates import check_totals, rebuild_totals
    from dyad.store.schema import connect, default_db

    path = db or Path(default_db())
    if not path.exists():
        fail(f"no event store at {path}: run `dyad ingest` first, or pass --db")
    conn = connect(path)
    stale = len(check_totals(conn))
    rows = rebuild_totals(conn)
    conn.execute("ANALYZE")
    err.print(f"{path}: rebuilt event_totals ({rows} row(s); {stale} had drifted) and analysed "
              "the indexes", highlight=False)


def run_analytics_bench(events: int, actors: int, years: int, repeats: int, as_json: bool) -> None:
    """``dyad bench --analytics``: build the synthetic store, time the tasks, print the table."""
    import json

    from dyad.analytics.bench import run
    from dyad.analytics.output import to_table

    result = run(events, actors, years, repeats, progress=lambda m: err.print(m, highlight=False))
    if as_json:
        print(json.dumps(result, indent=2))
        return
    body = [[t["task"], t["rows_scanned"], t["results"], f"{t['seconds']:.3f}",
             f"{t['group_by_seconds']:.3f}", t["ratio_to_group_by"]] for t in result["tasks"]]
    print(to_table(f"dyad bench --analytics: {result['events']:,} events, {result['actors']} actors, "
                   f"{result['years']} years (median of {repeats})",
                   ["task", "rows", "results", "seconds", "GROUP BY s", "× GROUP BY"], body), end="")
    err.print(f"store built in {result['build_seconds']} s ({result['store_mb']} MB); rows = rows the "
              "plain GROUP BY counts; × GROUP BY = task seconds / GROUP BY seconds, same run",
              highlight=False)


def register(app: typer.Typer) -> None:
    app.command("trends")(trends_cmd)
    app.command("alerts")(alerts_cmd)
    app.command("mixed")(mixed_cmd)
    app.command("network")(network_cmd)
    app.command("reindex")(reindex_cmd)
