"""Reading the training data from ../shared/data/gold (never copied into the project).

``gold_sentences()`` gives the CAMEO five-way sentences (rows whose class is missing are
skipped); ``synthetic_stories()`` gives the PLOVER-typed synthetic stories mapped to QuadClass
through dyad's own PLOVER table.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from dyad.errors import DyadError

GOLD_FILE = "cameo_quadclass_spans_train.jsonl"
SYNTHETIC_FILE = "plover_synthetic_stories.jsonl"


class DataNotFound(DyadError, FileNotFoundError):
    pass


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    label: int


def gold_dir() -> Path:
    """``$DYAD_SHARED/data/gold``, else ``../shared/data/gold`` beside the checkout or the
    working directory."""
    candidates = []
    if os.environ.get("DYAD_SHARED"):
        candidates.append(Path(os.environ["DYAD_SHARED"]))
    here = Path(__file__).resolve()
    candidates += [here.parents[3].parent / "shared", Path.cwd().parent / "shared",
                   Path.cwd() / "shared"]
    for c in candidates:
        if (c / "data" / "gold").is_dir():
            return c / "data" / "gold"
    raise DataNotFound(
        "the gold data folder was not found (looked in: "
        + ", ".join(str(c / "data" / "gold") for c in candidates)
        + "). Put the project's shared/ folder beside the checkout, or set DYAD_SHARED to it.")


def _read(path: Path) -> list[dict]:
    if not path.exists():
        raise DataNotFound(f"{path} not found: ../shared data is not beside this checkout")
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def gold_sentences(path: Path | None = None) -> list[Example]:
    """Sentences with a CAMEO five-way class (0 statement … 4 material conflict)."""
    rows = _read(path or gold_dir() / GOLD_FILE)
    out = []
    for r in rows:
        label = (r.get("labels") or {}).get("pentaclass")
        if label is None:
            continue
        out.append(Example(r["id"], r["text"], int(label)))
    return out


def synthetic_stories(path: Path | None = None, first_sentence: bool = True) -> list[Example]:
    """Synthetic stories with their PLOVER type mapped to QuadClass (pseudo-labels, 1–4)."""
    from dyad.ontology import plover_types

    types = plover_types()
    out = []
    for r in _read(path or gold_dir() / SYNTHETIC_FILE):
        ptype = types.get((r.get("labels") or {}).get("event"))
        if ptype is None:
            continue
        text = r["text"].strip().split("\n")[0] if first_sentence else r["text"]
        out.append(Example(r["id"], text, int(ptype.quad_class)))
    return out
