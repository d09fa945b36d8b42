"""Charts without a browser (matplotlib, Agg backend): a dyad series as stacked QuadClass bars
with the net Goldstein line on a second axis; the actor network as a directed graph whose edge
colour is the mean Goldstein score (red conflict, blue cooperation) and width the event count."""
from __future__ import annotations

from pathlib import Path

from dyad.analytics.output import write_atomically

QUAD_NAMES = {"1": "1 verbal cooperation", "2": "2 material cooperation",
              "3": "3 verbal conflict", "4": "4 material conflict"}
QUAD_COLOURS = {"1": "#9ecae1", "2": "#3182bd", "3": "#fdae6b", "4": "#d62728"}
SUFFIXES = (".png", ".svg", ".pdf")


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _check(out: Path) -> None:
    if Path(out).suffix.lower() not in SUFFIXES:
        raise ValueError(f"the file name must end in {', '.join(SUFFIXES)}")


def _ticks(ax, labels: list[str]) -> None:
    step = max(1, len(labels) // 16)
    ax.set_xticks(range(0, len(labels), step))
    ax.set_xticklabels(labels[::step], rotation=45, ha="right", fontsize=8)


def plot_series(result: dict, out: Path) -> None:
    """Draw ``series(...)`` (by quad) to ``out``; one panel per dyad (at most six)."""
    _check(out)
    plt = _pyplot()
    rows = result["data"]
    dyads = list(dict.fromkeys((r["source"], r["target"]) for r in rows))[:6] or [("*", "*")]
    fig, axes = plt.subplots(len(dyads), 1, figsize=(11, 3.6 * len(dyads)), squeeze=False)
    by_quad = result["meta"].get("by") == "quad"
    for ax, (s, t) in zip(axes[:, 0], dyads):
        mine = [r for r in rows if (r["source"], r["target"]) == (s, t)]
        labels = [r["period"] for r in mine]
        x = list(range(len(mine)))
        bottom = [0.0] * len(mine)
        keys = list(QUAD_NAMES) if by_quad else sorted({k for r in mine for k in r["counts"]})
        for k in keys:
            values = [float(r["counts"].get(k, 0)) for r in mine]
            ax.bar(x, values, bottom=bottom, label=QUAD_NAMES.get(k, k),
                   color=QUAD_COLOURS.get(k) if by_quad else None, width=0.85)
            bottom = [b + v for b, v in zip(bottom, values)]
        ax.set_ylabel("acts" if result["meta"].get("weight") != "mentions" else "mentions")
        ax.set_title(f"{s} → {t} by {result['meta'].get('interval')}")
        line = ax.twinx()
        line.plot(x, [r["goldstein_net"] for r in mine], color="black", marker=".", linewidth=1.2,
                  label="net Goldstein Σg")
        reach = max([abs(r["goldstein_net"]) for r in mine] + [1.0]) * 1.15
        line.set_ylim(-reach, reach)  # symmetric: above the dotted zero line is cooperation
        line.axhline(0, color="grey", linewidth=0.6, linestyle=":")
        line.set_ylabel("net Goldstein Σg")
        _ticks(ax, labels)
        bars, names = ax.get_legend_handles_labels()
        lines, lnames = line.get_legend_handles_labels()
        ax.legend(bars + lines, names + lnames, fontsize=7, loc="upper left")
    fig.tight_layout()
    write_atomically(Path(out), lambda tmp: fig.savefig(tmp, dpi=110, format=Path(out).suffix[1:].lower()))
    plt.close(fig)


def plot_network(graph, out: Path, top: int = 40) -> None:
    """Draw the ``top`` actors by events (and the edges among them): node size by events, edge
    width by acts, edge colour by mean Goldstein (red conflict … blue cooperation). Self-loops
    (domestic events at country level) are not drawn; they count in the node size."""
    import networkx as nx

    _check(out)
    plt = _pyplot()
    keep = sorted(graph.nodes, key=lambda n: (-graph.nodes[n]["events"], n))[:top]
    sub = graph.subgraph(keep).copy()
    sub.remove_edges_from(list(nx.selfloop_edges(sub)))  # domestic events: in the node size only
    fig, ax = plt.subplots(figsize=(11, 9))
    if sub.number_of_nodes():
        pos = nx.spring_layout(sub, seed=3, k=2.5 / max(1, sub.number_of_nodes()) ** 0.5)
        most = max(d["events"] for _, d in sub.nodes(data=True)) or 1
        sizes = [150 + 1800 * d["events"] / most for _, d in sub.nodes(data=True)]
        nx.draw_networkx_nodes(sub, pos, ax=ax, node_size=sizes, node_color="#dddddd",
                               edgecolors="#555555")
        nx.draw_networkx_labels(sub, pos, ax=ax, font_size=8)
        edges = list(sub.edges(data=True))
        top_edge = max((d["events"] for _, _, d in edges), default=1)
        drawn = nx.draw_networkx_edges(
            sub, pos, ax=ax, edgelist=[(s, t) for s, t, _ in edges], arrows=True,
            width=[0.6 + 4 * d["events"] / top_edge for _, _, d in edges],
            edge_color=[d["goldstein_mean"] for _, _, d in edges], edge_cmap=plt.cm.RdBu,
            edge_vmin=-10, edge_vmax=10, connectionstyle="arc3,rad=0.08", node_size=sizes)
        if edges:
            bar = fig.colorbar(plt.cm.ScalarMappable(cmap=plt.cm.RdBu, norm=plt.Normalize(-10, 10)),
                               ax=ax, shrink=0.6)
            bar.set_label("mean Goldstein of the edge (−10 conflict … +10 cooperation)")
        del drawn
    else:
        ax.text(0.5, 0.5, "no edges", ha="center", va="center")
    ax.set_title(f"actor network: {sub.number_of_nodes()} of {graph.number_of_nodes()} actors "
                 f"(most events first), {sub.number_of_edges()} edges between them, self-loops not drawn")
    ax.axis("off")
    fig.tight_layout()
    write_atomically(Path(out), lambda tmp: fig.savefig(tmp, dpi=110, format=Path(out).suffix[1:].lower()))
    plt.close(fig)
