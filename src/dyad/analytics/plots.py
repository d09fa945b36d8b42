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
        ax.set_ylabel(f"events ({result['meta'].get('weight', 'events')})")
        ax.set_title(f"{s} → {t} by {result['meta'].get('interval')}")
        line = ax.twinx()
        line.plot(x, [r["goldstein_net"] for r in mine], color="black", marker=".", linewidth=1.2,
                  label="net Goldstein Σg")
        line.axhline(0, color="grey", linewidth=0.6, linestyle=":")
        line.set_ylabel("net Goldstein Σg")
        _ticks(ax, labels)
        bars, names = ax.get_legend_handles_labels()
        lines, lnames = line.get_legend_handles_labels()
        ax.legend(bars + lines, names + lnames, fontsize=7, loc="upper left")
    fig.tight_layout()
    write_atomically(Path(out), lambda tmp: fig.savefig(tmp, dpi=110, format=Path(out).suffix[1:].lower()))
    plt.close(fig)
