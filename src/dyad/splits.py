"""The one-time tune/validation split of each development gold set.

The split is a function of the gold file itself — seeded, stratified by the label the set is scored
on — so no ids are copied out of ../shared: each half is recomputed from the file being scored. The
digest of each validation half is pinned here; a gold file whose split no longer gives it (the file
changed) is an error rather than a silently different split. Read errors only on *tune*; report
*validation*: ``dyad eval GOLD --split validation``.
"""
from __future__ import annotations

import hashlib
import json
import random
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from dyad.errors import DyadError

SPLITS = ("tune", "validation")
SEED = 20261202


class SplitError(DyadError, ValueError):
    """No tune/validation split can be given: an unknown split name, a gold file without one, or a
    gold file that changed."""


@dataclass(frozen=True)
class SplitRule:
    share: float  # of each stratum that goes to validation
    stratum: Callable[[dict[str, Any]], Any]
    ident: Callable[[dict[str, Any]], Any]
    digest: str  # sha1 of the sorted validation ids, one per line


RULES = {
    "plover_gsr_dev": SplitRule(0.5, lambda o: (o.get("events") or [{}])[0].get("plover"),
                                lambda o: o["article_id"], "f1f4e84731ed61053d4313e9f1c42f127f40b3f7"),
    "cameo_quadclass_spans_train": SplitRule(0.3, lambda o: o["labels"].get("pentaclass"),
                                             lambda o: o["id"], "8e50d942d93d19eba045a86d51f302bc3bb98368"),
    "petrarch2_unit_records": SplitRule(0.5, lambda o: o.get("category"), lambda o: o["id"],
                                        "e4231c82c3d3630c4f76d7975e2cfda013d81260"),
}


def divide(rows: list[dict[str, Any]], rule: SplitRule) -> dict[str, frozenset[str]]:
    """Tune and validation ids of ``rows``: per stratum, sorted ids shuffled with the seed, the first
    ``share`` to validation. An id listed twice goes where its first line goes."""
    rng = random.Random(SEED)
    groups: dict[str, list[str]] = defaultdict(list)
    seen: set[str] = set()
    for row in rows:
        ident = str(rule.ident(row))
        if ident not in seen:
            seen.add(ident)
            groups[str(rule.stratum(row))].append(ident)
    out: dict[str, list[str]] = {"tune": [], "validation": []}
    for key in sorted(groups):
        ids = sorted(groups[key])
        rng.shuffle(ids)
        k = round(len(ids) * rule.share)
        out["validation"] += ids[:k]
        out["tune"] += ids[k:]
    return {name: frozenset(ids) for name, ids in out.items()}


def digest(ids: frozenset[str]) -> str:
    return hashlib.sha1("\n".join(sorted(ids)).encode("utf-8")).hexdigest()


@lru_cache(maxsize=None)
def _parts(path: str, mtime: float) -> dict[str, frozenset[str]]:
    rule = RULES[Path(path).stem]
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    parts = divide(rows, rule)
    if digest(parts["validation"]) != rule.digest:
        raise SplitError(f"{path}: its tune/validation split no longer matches the one fixed for "
                         f"{Path(path).stem} (the file changed); score it without --split")
    return parts


def split_ids(gold: Path, split: str) -> frozenset[str]:
    """The ids of ``split`` ('tune' or 'validation') of the gold file ``gold``; a ValueError names
    the valid splits, or the gold files that have one."""
    if split not in SPLITS:
        raise SplitError(f"unknown split {split!r}: use one of {', '.join(SPLITS)} (or 'all')")
    if Path(gold).stem not in RULES:
        raise SplitError(f"{Path(gold).name} has no tune/validation split; gold files with one: "
                         f"{', '.join(sorted(RULES))}")
    return _parts(str(gold), Path(gold).stat().st_mtime)[split]
