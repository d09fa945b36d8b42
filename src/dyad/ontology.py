"""CAMEO and PLOVER ontology tables (package data in ``dyad/data``) with a validating loader.

# Mapping decisions (reference: the CAMEO->PLOVER table of PLOVER draft 0.8, 2021):
# - 01 MAKE PUBLIC STATEMENT has no PLOVER equivalent (the manual drops it: comments are not
#   events), so ``to_plover`` returns None for "01" and every code below it.
# - 02 APPEAL, also dropped by the manual, maps to REQUEST ("all requests, demands and orders")
#   with the modes/contexts of the matching DEMAND (10) rows.
# - 08 YIELD: 080-083 CONCEDE (also 0813/0814, which the table had put under RETREAT, against
#   the manual), 084-087 RETREAT; the root is CONCEDE. 20 is ASSAULT (the manual says "FIGHT").
# - Codes follow GDELT's CAMEO numbering, the table CAMEO 1.1b3's; where they differ, rows were
#   matched by meaning (0354-0357, 105, 108, 124-126, 128, 163, 164, 1641-1643) or, with no
#   matching row, by analogy (0353 AGREE; 101, 121, 127 no mode; 106/107/1211 yield; 1212
#   assist; 1213 meet). Table codes missing from GDELT's list were added with their parent's
#   Goldstein value (0313-0314, 1011-1014, 1031-1034, 1051-1056, 116, 1214, 1221-1224,
#   1241-1246); 129 and 1661-1663 duplicate existing codes and were left out.
# - Fixes: 085 drops the retired mode "ease"; 166 (sanctions) is SANCTION discontinue as the
#   manual says, not COERCE; 175 had a context as its mode; 1712 (destroy property) is ASSAULT
#   "destroy", not "seize"; context "democracy" is the manual's "pro_democracy"; SANCTION is
#   quad 4 (its own section) although one summary table lists it under verbal conflict.
# - A type's modes are the manual's plus those the table uses (legacy: return, ban, political,
#   assassinate, massacre, cleansing); context "humanitarian" comes from the table only.

Nothing is read at import time: the first call loads and validates all four tables once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from dyad.errors import DyadError

PLOVER_TYPES = tuple("AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT "
                     "THREATEN PROTEST SANCTION MOBILIZE COERCE ASSAULT".split())
ROOTS = tuple(f"{i:02d}" for i in range(1, 21))
UNMAPPED_ROOTS = frozenset({"01"})  # roots deliberately without a PLOVER type (see above)

_CODE_RE = re.compile(r"[0-9]{2,4}")
_NAME_RE = re.compile(r"[a-z][a-z0-9_-]*")

Row = tuple[int, tuple[str, ...]]  # (1-based line number in the file, fields)


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    root: str
    quad_class: int


@dataclass(frozen=True)
class PloverType:
    name: str
    quad_class: int
    modes: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class PloverCoding:
    type: str
    mode: str | None
    contexts: tuple[str, ...]


class OntologyError(DyadError, ValueError):
    """A data table is malformed or inconsistent; the message names file, line and problem."""


class UnknownCameoCode(DyadError, KeyError):
    """Raised for a CAMEO code that is not in the codebook."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown CAMEO code"


def _fail(filename: str, line: int | None, problem: str) -> OntologyError:
    where = f"{filename}:{line}" if line is not None else filename
    return OntologyError(f"{where}: {problem}")


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(";") if v.strip())


def parent(code: str) -> str | None:
    """Parent of a CAMEO code: "0231" -> "023", "023" -> "02", "02" -> None."""
    if not _CODE_RE.fullmatch(code):
        raise ValueError(f"not a CAMEO code: {code!r} (expected 2-4 digits, e.g. '02', '023')")
    return None if len(code) == 2 else code[:-1]


def _parse_table(text: str, filename: str, header: tuple[str, ...]) -> list[Row]:
    lines = text.splitlines()
    if not lines or tuple(lines[0].split("\t")) != header:
        raise _fail(filename, 1, f"header must be {'<TAB>'.join(header)!r}")
    rows: list[Row] = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = tuple(f.strip() for f in line.split("\t"))
        if len(fields) != len(header):
            raise _fail(filename, number, f"expected {len(header)} fields, found {len(fields)}")
        rows.append((number, fields))
    return rows


def _check_cameo(rows: list[Row], filename: str = "cameo_codes.tsv") -> dict[str, CameoCode]:
    codes: dict[str, CameoCode] = {}
    for line, (code, name, gold) in rows:
        if not _CODE_RE.fullmatch(code):
            raise _fail(filename, line, f"code {code!r} is not 2-4 digits")
        if code in codes:
            raise _fail(filename, line, f"duplicate code {code!r}")
        if code[:2] not in ROOTS:
            raise _fail(filename, line, f"code {code!r} has no CAMEO root (01-20)")
        if not name:
            raise _fail(filename, line, f"code {code!r} has an empty name")
        try:
            goldstein = float(gold)
        except ValueError:
            raise _fail(filename, line, f"Goldstein value {gold!r} is not a number") from None
        if not -10.0 <= goldstein <= 10.0:
            raise _fail(filename, line, f"Goldstein value {gold} of {code!r} is outside [-10, 10]")
        n = int(code[:2])  # QuadClass by root: 01-05, 06-09, 10-13, 14-20
        quad = 1 if n <= 5 else 2 if n <= 9 else 3 if n <= 13 else 4
        codes[code] = CameoCode(code, name, goldstein, code[:2], quad)
    missing = [r for r in ROOTS if r not in codes]
    if missing:
        raise _fail(filename, None, f"missing root codes: {', '.join(missing)}")
    for line, (code, _, _) in rows:
        up = parent(code)
        if up is not None and up not in codes:
            raise _fail(filename, line, f"parent {up!r} of code {code!r} is missing")
    return codes


def _check_plover_types(rows: list[Row], filename: str = "plover_types.tsv") -> dict[str, PloverType]:
    types: dict[str, PloverType] = {}
    for line, (name, quad, modes, description) in rows:
        if name not in PLOVER_TYPES:
            raise _fail(filename, line, f"unknown PLOVER type {name!r}")
        if name in types:
            raise _fail(filename, line, f"duplicate PLOVER type {name!r}")
        if quad not in {"1", "2", "3", "4"}:
            raise _fail(filename, line, f"quad_class {quad!r} of {name} must be 1-4")
        mode_list = _split(modes)
        bad = [m for m in mode_list if not _NAME_RE.fullmatch(m)]
        if bad or len(set(mode_list)) != len(mode_list):
            raise _fail(filename, line, f"bad or repeated modes for {name}: {modes!r}")
        types[name] = PloverType(name, int(quad), mode_list, description)
    missing = [t for t in PLOVER_TYPES if t not in types]
    if missing:
        raise _fail(filename, None, f"missing PLOVER types: {', '.join(missing)}")
    return types


def _check_contexts(lines: list[str], filename: str = "plover_contexts.txt") -> frozenset[str]:
    seen: set[str] = set()
    for number, raw in enumerate(lines, start=1):
        name = raw.strip()
        if not name:
            continue
        if not _NAME_RE.fullmatch(name):
            raise _fail(filename, number, f"bad context name {name!r}")
        if name in seen:
            raise _fail(filename, number, f"duplicate context {name!r}")
        seen.add(name)
    return frozenset(seen)


def _check_mapping(rows: list[Row], codes: dict[str, CameoCode], types: dict[str, PloverType],
                   contexts: frozenset[str], filename: str = "cameo_plover.tsv") -> dict[str, PloverCoding]:
    mapping: dict[str, PloverCoding] = {}
    for line, (code, kind, mode, ctx) in rows:
        if code not in codes:
            raise _fail(filename, line, f"CAMEO code {code!r} is not in cameo_codes.tsv")
        if code in mapping:
            raise _fail(filename, line, f"duplicate CAMEO code {code!r}")
        if code[:2] in UNMAPPED_ROOTS:
            raise _fail(filename, line, f"code {code!r} is under unmapped root {code[:2]}")
        if kind not in types:
            raise _fail(filename, line, f"unknown PLOVER type {kind!r} for code {code!r}")
        if mode and mode not in types[kind].modes:
            raise _fail(filename, line, f"mode {mode!r} is not a mode of {kind} (code {code!r})")
        context_list = _split(ctx)
        unknown = [c for c in context_list if c not in contexts]
        if unknown:
            raise _fail(filename, line, f"unknown context(s) {', '.join(unknown)} for {code!r}")
        mapping[code] = PloverCoding(kind, mode or None, context_list)
    for code in codes:
        if code[:2] not in UNMAPPED_ROOTS and _resolve(code, mapping) is None:
            raise _fail(filename, None, f"CAMEO code {code!r} reaches no PLOVER type")
    return mapping


def _resolve(code: str, mapping: dict[str, PloverCoding]) -> PloverCoding | None:
    ancestors = (code[:k] for k in range(len(code), 1, -1))  # "0231", "023", "02"
    return next((mapping[c] for c in ancestors if c in mapping), None)


@dataclass(frozen=True)
class _Tables:
    codes: dict[str, CameoCode]
    types: dict[str, PloverType]
    contexts: frozenset[str]
    mapping: dict[str, PloverCoding]


def _rows(filename: str, *header: str) -> list[Row]:
    text = (resources.files("dyad") / "data" / filename).read_text(encoding="utf-8")
    return _parse_table(text, filename, header)


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    codes = _check_cameo(_rows("cameo_codes.tsv", "code", "name", "goldstein"))
    types = _check_plover_types(_rows("plover_types.tsv", "type", "quad_class", "modes", "description"))
    context_file = resources.files("dyad") / "data" / "plover_contexts.txt"
    contexts = _check_contexts(context_file.read_text(encoding="utf-8").splitlines())
    mapping_rows = _rows("cameo_plover.tsv", "cameo", "plover", "mode", "contexts")
    return _Tables(codes, types, contexts, _check_mapping(mapping_rows, codes, types, contexts))


def validate() -> None:
    """Re-read all tables from disk and check them; raise OntologyError on any problem."""
    _tables.__wrapped__()


def cameo_codes() -> dict[str, CameoCode]:
    return dict(_tables().codes)


def plover_types() -> dict[str, PloverType]:
    return dict(_tables().types)


def plover_contexts() -> frozenset[str]:
    return _tables().contexts


def cameo(code: str) -> CameoCode:
    """Look up a CAMEO code (a string with leading zeros, e.g. "023", not 23)."""
    found = _tables().codes.get(code.strip()) if isinstance(code, str) else None
    if found is None:
        raise UnknownCameoCode(
            f"unknown CAMEO code {code!r}: valid codes are strings of 2-4 digits with leading "
            "zeros, a root '01'-'20' optionally followed by 1-2 digits (e.g. '02', '023', '0231')")
    return found


def to_plover(code: str) -> PloverCoding | None:
    """PLOVER coding of a CAMEO code or its nearest mapped ancestor; None under root 01."""
    known = cameo(code)
    return _resolve(known.code, _tables().mapping)
