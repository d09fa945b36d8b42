"""The actor network: who acts on whom, how often and how hostilely, as a ``networkx.DiGraph``.

Nodes are actors at the level asked (countries, or full sector codes); a directed edge A→B
carries the acts of A towards B (counted once at the level asked, see ``dyad.analytics.filters``):
``events``, ``mentions``, ``goldstein_mean`` (Σg / n), ``goldstein_sum``, ``cooperation``
(QuadClass 1–2) and ``conflict`` (QuadClass 3–4) counts. Edges with fewer than ``min_events``
acts are dropped, and nodes left without edges with them. Each node carries ``in_degree``,
``out_degree`` and ``degree`` (their sum, as networkx counts: a self-loop in both), ``events_out``, ``events_in`` and
``events`` (their sum) over the kept edges. Self-loops (PRKGOV→PRKMIL at country level is
PRK→PRK: domestic events) are kept. Undated events count unless ``since``/``until`` is given.

``write_graph`` writes GEXF (Gephi) or GraphML with networkx's own writers.
"""
from __future__ import annotations

import io
import sqlite3
from collections import defaultdict
from pathlib import Path

from dyad.analytics.filters import ActorFilter, side_key, where
from dyad.analytics.output import write_atomically

GRAPH_FORMATS = ("gexf", "graphml")


def _acts(conn, flt: ActorFilter):
    sk, sp = side_key("source", flt.source or flt.actor, flt.level)
    tk, tp = side_key("target", flt.target or flt.actor, flt.level)
    cond, cp = where(flt, dated=bool(flt.since or flt.until))
    sql = (f"SELECT {sk} AS sk, {tk} AS tk, max(e.quad_class) AS quad, max(e.goldstein) AS g, "
           f"sum(e.num_mentions) AS mentions FROM events e{cond} AND e.target_code IS NOT NULL "
           "AND e.source_code IS NOT NULL GROUP BY sk, tk, e.cameo, e.negated, e.date_window")
    return conn.execute(sql, sp + tp + cp)


def network(conn: sqlite3.Connection, flt: ActorFilter = ActorFilter(), min_events: int = 1):
    """The directed actor graph of ``flt`` (see the module docstring for its attributes)."""
    import networkx as nx

    if not isinstance(min_events, int) or min_events < 1:
        raise ValueError(f"bad min_events '{min_events}': a number of acts ≥ 1")
    edges: dict = defaultdict(lambda: {"events": 0, "mentions": 0, "goldstein_sum": 0.0,
                                       "cooperation": 0, "conflict": 0})
    for act in _acts(conn, flt):
        e = edges[(act["sk"], act["tk"])]
        e["events"] += 1
        e["mentions"] += act["mentions"] or 0
        e["goldstein_sum"] += act["g"] or 0.0
        e["cooperation"] += act["quad"] in (1, 2)
        e["conflict"] += act["quad"] in (3, 4)
    graph = nx.DiGraph(level=flt.level, min_events=min_events, since=flt.since or "",
                       until=flt.until or "")
    for (s, t), e in sorted(edges.items()):
        if e["events"] < min_events:
            continue
        e["goldstein_sum"] = round(e["goldstein_sum"], 3)
        e["goldstein_mean"] = round(e["goldstein_sum"] / e["events"], 3)
        graph.add_edge(s, t, **e)
    for node in graph.nodes:
        out_ev = sum(d["events"] for _, _, d in graph.out_edges(node, data=True))
        in_ev = sum(d["events"] for _, _, d in graph.in_edges(node, data=True))
        graph.nodes[node].update({"label": node, "in_degree": graph.in_degree(node),
                                  "out_degree": graph.out_degree(node),
                                  "degree": graph.degree(node), "events_out": out_ev,
                                  "events_in": in_ev, "events": out_ev + in_ev})
    return graph


def network_json(graph) -> dict:
    """``{"data": {"nodes": [{id, ...}], "edges": [{source, target, ...}]}, "meta": {...}}``;
    nodes by events (most first), edges by events."""
    nodes = sorted(({"id": n, **{k: v for k, v in d.items() if k != "label"}}
                    for n, d in graph.nodes(data=True)), key=lambda n: (-n["events"], n["id"]))
    edges = sorted(({"source": s, "target": t, **d} for s, t, d in graph.edges(data=True)),
                   key=lambda e: (-e["events"], e["source"], e["target"]))
    meta = {**dict(graph.graph), "nodes": len(nodes), "edges": len(edges),
            "events": sum(e["events"] for e in edges)}
    return {"data": {"nodes": nodes, "edges": edges}, "meta": meta}


def graph_text(graph, fmt: str) -> str:
    """The graph as GEXF or GraphML text (networkx's writers)."""
    import networkx as nx

    if fmt not in GRAPH_FORMATS:
        raise ValueError(f"bad format '{fmt}': choose one of {', '.join(GRAPH_FORMATS)}")
    if fmt == "gexf":
        return "\n".join(nx.generate_gexf(graph)) + "\n"
    buf = io.BytesIO()
    nx.write_graphml(graph, buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


def write_graph(graph, fmt: str, out: Path) -> None:
    import networkx as nx

    writer = {"gexf": nx.write_gexf, "graphml": nx.write_graphml}.get(fmt)
    if writer is None:
        raise ValueError(f"bad format '{fmt}': choose one of {', '.join(GRAPH_FORMATS)}")
    write_atomically(Path(out), lambda tmp: writer(graph, tmp))
