"""Record dyad's outputs on fixed inputs, or compare them with a recording (refactors keep them byte-identical).

    python scripts/golden_outputs.py record DIR [--quick]
    python scripts/golden_outputs.py compare DIR [--quick]

Runs the ``dyad`` command of the current environment (so set PYTHONPATH to the checkout under test) on:
the bundled examples and ../shared/examples (``dyad code``, JSONL; with and without the detector;
``dyad quotes``), the news corpora in ../shared/data/news (``dyad code``), and ``dyad eval --json
--details`` on the PLOVER GSR, ConfliBERT span and PETRARCH2 gold files. ``--quick`` leaves out the news
corpora and scores the tune half of the span gold only. ``record`` writes one file per run into DIR;
``compare`` runs again into a temporary folder and names every file that differs (exit 1), or says all
are identical (exit 0). Inputs that are absent (no ../shared) are skipped and said so.
"""
from __future__ import annotations

import filecmp
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "data" / "gold"
NEWS = SHARED / "data" / "news"
ME_ACTORS = ROOT / "examples" / "middle_earth_actors.tsv"


def runs(quick: bool) -> list[tuple[str, list[str], list[Path]]]:
    """(name, dyad arguments, inputs that must exist) for every recorded run."""
    wire = ROOT / "examples" / "wire_report.txt"
    kim = SHARED / "examples" / "kim_self_defence_2021.txt"
    out: list[tuple[str, list[str], list[Path]]] = []
    for tag, path, day in (("wire", wire, "2023-10-10"), ("kim", kim, "2021-10-12")):
        out.append((f"code_{tag}", ["code", str(path), "-p", day], [path]))
        out.append((f"code_{tag}_nodetector", ["code", str(path), "-p", day, "--no-detector"], [path]))
        out.append((f"quotes_{tag}", ["quotes", str(path), "-p", day], [path]))
    if not quick:
        for path in sorted(NEWS.glob("*.jsonl")):
            out.append((f"news_{path.stem}", ["code", str(path)], [path]))
    span_split = ["--split", "tune"] if quick else []
    evals = (("plover_gsr_dev", [], []), ("cameo_quadclass_spans_train", span_split, []),
             ("petrarch2_unit_records", [], ["--actors", str(ME_ACTORS)]))
    for stem, split, extra in evals:
        gold = GOLD / f"{stem}.jsonl"
        out.append((f"eval_{stem}", ["eval", str(gold), "--json", *split, *extra, "--details", "{details}"],
                    [gold]))
    plover = GOLD / "plover_gsr_dev.jsonl"
    out.append(("eval_plover_nodetector", ["eval", str(plover), "--json", "--no-detector",
                                           "--details", "{details}"], [plover]))
    return out


def record(folder: Path, quick: bool) -> list[str]:
    """Run every run into ``folder``; return the names skipped for want of input."""
    folder.mkdir(parents=True, exist_ok=True)
    skipped = []
    for name, args, needs in runs(quick):
        if not all(p.exists() for p in needs):
            skipped.append(name)
            continue
        details = folder / f"{name}.details.jsonl"
        args = [a.replace("{details}", str(details)) for a in args]
        done = subprocess.run(["dyad", *args], capture_output=True, text=True)
        (folder / f"{name}.out").write_text(done.stdout, encoding="utf-8")
        (folder / f"{name}.rc").write_text(f"{done.returncode}\n{done.stderr}", encoding="utf-8")
        print(f"{name}: exit {done.returncode}, {len(done.stdout)} chars", file=sys.stderr)
    return skipped


def compare(folder: Path, quick: bool) -> int:
    """Run again and compare with ``folder`` file by file; 0 when all are identical."""
    with tempfile.TemporaryDirectory() as tmp:
        skipped = record(Path(tmp), quick)
        names = sorted(p.name for p in Path(tmp).iterdir())
        differ = [n for n in names if not (folder / n).exists() or not filecmp.cmp(folder / n, Path(tmp) / n,
                                                                                   shallow=False)]
    for name in skipped:
        print(f"skipped {name}: its input is absent")
    for name in differ:
        print(f"DIFFERS {name}")
    print(f"{len(names) - len(differ)} of {len(names)} files identical")
    return 1 if differ else 0


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in ("record", "compare"):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    folder, quick = Path(argv[1]), "--quick" in argv[2:]
    if argv[0] == "record":
        for name in record(folder, quick):
            print(f"skipped {name}: its input is absent")
        return 0
    return compare(folder, quick)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
