"""Write the one-time tune/validation split of each development gold set (ids only) to
src/dyad/data/splits/<gold file stem>.json. Run once; rerunning with the same seed rewrites the
same files. Stratified by the label a set is scored on, seeded, so the halves are alike.

    python scripts/make_splits.py ../shared/data/gold
"""
from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path

SEED = 20261202
OUT = Path(__file__).resolve().parents[1] / "src" / "dyad" / "data" / "splits"
# file stem -> (share that goes to validation, stratum of a record, id of a record)
SETS = {
    "plover_gsr_dev": (0.5, lambda o: (o.get("events") or [{}])[0].get("plover"),
                       lambda o: o["article_id"]),
    "cameo_quadclass_spans_train": (0.3, lambda o: o["labels"].get("pentaclass"), lambda o: o["id"]),
    "petrarch2_unit_records": (0.5, lambda o: o.get("category"), lambda o: o["id"]),
}


def split(rows: list[dict], share: float, stratum, ident, rng: random.Random) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    seen: set[str] = set()
    for row in rows:  # an id listed twice (PETRARCH2 has two) goes where its first line goes
        if str(ident(row)) not in seen:
            seen.add(str(ident(row)))
            groups[str(stratum(row))].append(str(ident(row)))
    out: dict[str, list[str]] = {"tune": [], "validation": []}
    for key in sorted(groups):
        ids = sorted(groups[key])
        rng.shuffle(ids)
        k = round(len(ids) * share)
        out["validation"] += ids[:k]
        out["tune"] += ids[k:]
    return {name: sorted(ids) for name, ids in out.items()}


def main(gold_dir: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for stem, (share, stratum, ident) in SETS.items():
        rows = [json.loads(line) for line in (Path(gold_dir) / f"{stem}.jsonl").open(encoding="utf-8")
                if line.strip()]
        parts = split(rows, share, stratum, ident, random.Random(SEED))
        doc = {"about": f"One-time split of {stem}.jsonl: read errors only on 'tune'; report "
                        f"'validation' figures. Seed {SEED}, stratified, {share:.0%} validation.",
               "seed": SEED, **parts}
        (OUT / f"{stem}.json").write_text(json.dumps(doc, indent=0) + "\n", encoding="utf-8")
        print(stem, {k: len(v) for k, v in parts.items()})


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/gold")
