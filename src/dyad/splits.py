"""The one-time tune/validation split of each development gold set (ids in
``data/splits/<gold file stem>.json``, written by ``scripts/make_splits.py``).

Read errors only on *tune*; report *validation*. ``dyad eval GOLD --split validation`` scores only
the validation ids of that gold file.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

SPLITS = ("tune", "validation")


@lru_cache(maxsize=None)
def _load(stem: str) -> dict[str, frozenset[str]] | None:
    ref = resources.files("dyad") / "data" / "splits" / f"{stem}.json"
    if not ref.is_file():
        return None
    doc = json.loads(ref.read_text(encoding="utf-8"))
    return {name: frozenset(doc[name]) for name in SPLITS}


def split_ids(gold: Path, split: str) -> frozenset[str]:
    """The ids of ``split`` ('tune' or 'validation') of the gold file ``gold``; a ValueError names
    the valid splits, or the files that have one, when there is none."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}: use one of {', '.join(SPLITS)} (or 'all')")
    parts = _load(Path(gold).stem)
    if parts is None:
        have = sorted(p.name.removesuffix(".json") for p in
                      (resources.files("dyad") / "data" / "splits").iterdir() if p.name.endswith(".json"))
        raise ValueError(f"{Path(gold).name} has no tune/validation split; gold files with one: "
                         f"{', '.join(have)} (add it with scripts/make_splits.py)")
    return parts[split]
