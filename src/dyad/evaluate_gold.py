"""The gold formats ``dyad eval`` scores, and their readers.

PLOVER-GSR lines look like ../shared/data/gold/plover_gsr_dev.jsonl: ``{article_id, published,
text, events: [{source: {country: [..]}, target: {country: [..]}, plover}]}``; the unit scored is
the distinct (source country, target country, PLOVER type) triple per article, and compound
actors (lists of countries) expand to one triple per pair.

Country codes are compared after two documented normalisations: legacy CAMEO codes in older
gold (JAP, VTN, ROM, ZAR, TMP) become their ISO 3166-1 alpha-3 codes, and the
intergovernmental codes UNO and EUR count as IGO, because older gold codes every
intergovernmental body as IGO.

Two more event formats are detected line by line (``line_format``, ``gold_format``):

* PETRARCH2 unit records ``{id, text, date: "YYYYMMDD", category, labels: [{sourcecode,
  targetcode, eventcode}]}`` (``petrarch_gold``): countries are the first three letters of a
  code, event codes CAMEO codes.
* ConfliBERT span records ``{id, text, labels: {pentaclass, spans, bio}}`` (``gold_spans``):
  source and target spans as character offsets.

Quote gold (PolNeAR attributions, ``read_quote_gold``) is scored with ``dyad eval --quotes``.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

from dyad import ontology
from dyad.dates import parse_published
from dyad.errors import DyadError
from dyad.ingest.jsonlines import numbered_json
from dyad.record import Article

T = TypeVar("T")

Triple = tuple[str | None, str | None, str]

LEGACY = {"JAP": "JPN", "VTN": "VNM", "ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "UNO": "IGO",
          "EUR": "IGO"}


def norm(code: str | None) -> str | None:
    return LEGACY.get(code, code) if code else None


def _codes(value: Any) -> list[str | None]:
    if value is None:
        return [None]
    if isinstance(value, dict):
        value = value.get("country")
    if value is None or value == []:
        return [None]
    if isinstance(value, str):
        return [norm(value)]
    return [norm(v) for v in value]


# --- gold formats --------------------------------------------------------------------------
class GoldFormatError(DyadError, ValueError):
    """A gold file, or one of its lines, is in none of the formats `dyad eval` scores."""


PLOVER_GSR, PETRARCH2, SPANS = "plover-gsr", "petrarch2", "spans"
FORMATS_HELP = ("PLOVER-GSR gold {text, events: [...]}, PETRARCH2 unit records {text, date, "
                "labels: [{sourcecode, targetcode, eventcode}]} or ConfliBERT span gold "
                "{text, labels: {pentaclass, spans, bio}}")


def line_format(obj: Any) -> str:
    """Which gold format one parsed JSONL line is in; ValueError naming the valid ones."""
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        raise GoldFormatError(f"not a gold record (no 'text' string); expected {FORMATS_HELP}")
    labels = obj.get("labels")
    if isinstance(obj.get("events"), list):
        return PLOVER_GSR
    if isinstance(labels, list) and "date" in obj and all(
            isinstance(lab, dict) and {"eventcode", "noevents", "error"} & set(lab) for lab in labels):
        return PETRARCH2
    if isinstance(labels, dict) and "pentaclass" in labels:
        return SPANS
    if isinstance(labels, list) and any(isinstance(lab, dict) and "content" in lab for lab in labels):
        raise GoldFormatError("this is quote gold (PolNeAR attributions): score it with --quotes")
    raise GoldFormatError(f"neither of the gold formats: expected {FORMATS_HELP}")


def _expect(obj: Any, fmt: str) -> None:
    found = line_format(obj)
    if found != fmt:
        raise GoldFormatError(f"a {found} line in a {fmt} file: one gold format per file")


def gold_format(path: Path) -> str:
    """The format of a gold file: that of its first line in a known format. ValueError when
    no line is in one (the message quotes the first line's problem)."""
    first_problem = None
    for line in numbered_json(path):
        try:
            return line_format(line.json())
        except ValueError as exc:
            first_problem = first_problem or f"line {line.lineno}: {exc}"
    raise GoldFormatError(f"{path}: no gold record found ({first_problem or 'the file is empty'})")


def gold_triples(events: list[dict[str, Any]], joint_as_dyads: bool = False) -> set[Triple]:
    """Gold (source, target, type) triples. PLOVER codes a joint action ("X and Y signed a
    treaty") with every participant as an actor and no recipient; with ``joint_as_dyads`` such
    an event becomes the reciprocal dyads X→Y and Y→X, which is how dyad codes it."""
    out: set[Triple] = set()
    for ev in events:
        plover = ev.get("plover")
        if not plover:
            continue
        sources = _codes(ev.get("source"))
        targets = _codes(ev.get("target"))
        if joint_as_dyads and targets == [None] and len(set(sources) - {None}) >= 2:
            out.update((a, b, plover) for a in sources for b in sources if a and b and a != b)
            continue
        for s in sources:
            for t in targets:
                out.add((s, t, plover))
    return out


def gold_records(path: Path, fmt: str, build: Callable[[dict[str, Any], int], T],
                 only: frozenset[str] | None = None) -> Iterator[tuple[T | None, str | None]]:
    """Each non-blank line of a gold JSONL file in format ``fmt`` through ``build(obj, lineno)``
    as ``(item, None)``; a line that fails gives ``(None, "file:line: reason")`` and the file
    goes on. With ``only``, lines whose id (``article_id`` or ``id``) is not in it are left out."""
    for line in numbered_json(path):
        try:
            obj = line.json()
            if only is not None and str(obj.get("article_id", obj.get("id"))) not in only:
                continue
            _expect(obj, fmt)
            yield build(obj, line.lineno), None
        except (ValueError, KeyError, TypeError) as exc:
            yield None, f"{line.where}: {exc}"


def read_gold(path: Path, joint_as_dyads: bool = False, only: frozenset[str] | None = None
              ) -> Iterator[tuple[Article | None, set[Triple], str | None]]:
    """PLOVER-GSR records as (article, gold triples, None), or (None, set(), error)."""
    def build(obj: dict[str, Any], lineno: int) -> tuple[Article, set[Triple]]:
        article = Article(id=str(obj.get("article_id", obj.get("id", lineno))),
                          text=obj["text"], published=parse_published(obj.get("published")))
        return article, gold_triples(obj.get("events", []), joint_as_dyads)

    for item, error in gold_records(path, PLOVER_GSR, build, only):
        yield (item[0], item[1], None) if item is not None else (None, set(), error)


# --- PETRARCH2 unit records -------------------------------------------------------------------
# PETRARCH2's test dictionary uses a few pre-ISO CAMEO codes; dyad codes former states as their
# successor (Rhodesia -> Zimbabwe)
PETRARCH_LEGACY = {"ZBW": "ZWE", "RHO": "ZWE", "NZE": "NZL", "KUW": "KWT"}
# records testing PETRARCH2's input handling, not coding: skipped. The other error labels
# (storydiscard, sentencediscard) expect the sentence to be coded as nothing.
INPUT_ERRORS = frozenset({"dateline", "bad_input_parse"})


def petrarch_country(code: str) -> str | None:
    """The country of a PETRARCH2 actor code: its first three letters, None for an unknown
    actor ('---GOV', '###', or quoted actor text)."""
    head = str(code)[:3]
    if not re.fullmatch(r"[A-Z]{3}", head):
        return None
    return norm(PETRARCH_LEGACY.get(head, head))


def petrarch_gold(labels: list[dict[str, Any]]) -> tuple[set[Triple], set[Triple], str | None]:
    """(PLOVER triples, CAMEO-root triples, reason to skip the record or None). No labels,
    ``noevents`` or a discard error mean the coder should code nothing. A record whose event
    code is not a CAMEO code (PETRARCH2's test dictionary has codes such as 901 or 174K) is
    skipped, as its expected output cannot be stated in CAMEO."""
    codes = ontology.cameo_codes()
    plover: set[Triple] = set()
    roots: set[Triple] = set()
    for label in labels:
        if "error" in label:
            if label["error"] in INPUT_ERRORS:
                return set(), set(), f"input-handling test ({label['error']})"
            continue
        if "noevents" in label:
            continue
        code = str(label["eventcode"])
        if code not in codes:
            return set(), set(), "event code not in CAMEO (PETRARCH2 test dictionary)"
        source = petrarch_country(label.get("sourcecode", ""))
        target = petrarch_country(label.get("targetcode", ""))
        roots.add((source, target, code[:2]))
        mapped = ontology.to_plover(code)
        if mapped is not None:  # root 01 (statements) has no PLOVER type
            plover.add((source, target, mapped.type))
    return plover, roots, None


def petrarch_date(value: Any) -> dt.date | None:
    """A record's date: PETRARCH2's YYYYMMDD, else any date dyad reads."""
    text = str(value or "").strip()
    if re.fullmatch(r"\d{8}", text):
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    return parse_published(text or None)




# --- ConfliBERT span gold --------------------------------------------------------------------
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})  # same length: offsets hold
_ROLES = {"S": ("source",), "T": ("target",), "R": ("source", "target")}


def _align(text: str, tokens: list[str]) -> list[tuple[int, int] | None]:
    """Character offsets of each gold token in ``text``, in order; None for a token that is
    not found where expected (tokenisation differences)."""
    flat = text.translate(_QUOTES)
    out: list[tuple[int, int] | None] = []
    pos = 0
    for tok in tokens:
        tok = tok.translate(_QUOTES)
        i = flat.find(tok, pos)
        if i < 0 or flat[pos:i].strip():
            out.append(None)
            continue
        out.append((i, i + len(tok)))
        pos = i + len(tok)
    return out


def gold_spans(text: str, labels: dict[str, Any]) -> dict[str, list[tuple[int, int]]]:
    """Gold source and target character spans, from the BIO tags aligned to the text (the
    span texts are tokenised, so they are not always substrings). Reciprocal participants
    (role R) count as both source and target."""
    out: dict[str, list[tuple[int, int]]] = {"source": [], "target": []}
    bio = labels.get("bio") or []
    offsets = _align(text, [str(t) for t, _ in bio])
    run: list[tuple[int, int] | None] = []
    role = None

    def close() -> None:
        found = [o for o in run if o]
        if role and found:
            for side in _ROLES.get(role, ()):
                out[side].append((found[0][0], found[-1][1]))

    for (_, tag), off in zip(bio, offsets):
        tag = str(tag)
        if tag.startswith("B-") or tag == "O" or (tag.startswith("I-") and tag[2:] != role):
            close()
            run, role = [], None
            if tag != "O":
                role = tag[2:]
        if role:
            run.append(off)
    close()
    if not bio:  # spans without tags: find the span text, tokens separated by any spacing
        for span in labels.get("spans") or []:
            pattern = r"\s*".join(re.escape(t) for t in str(span.get("text", "")).split())
            m = re.search(pattern, text) if pattern else None
            role = {"source": "S", "target": "T"}.get(span.get("role"), span.get("role"))
            if m:
                for side in _ROLES.get(role, ()):
                    out[side].append(m.span())
    return out


# --- quote gold (PolNeAR attributions) ----------------------------------------------------------
QuoteGold = tuple[tuple[int, int], "tuple[int, int] | None", str]  # content, source span, source text


def extent(spans: list) -> tuple[int, int] | None:
    """The character range from the first to the last of ``[start, end]`` spans (None: none)."""
    spans = [s for s in spans or [] if s and len(s) == 2]
    return (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None


def read_quote_gold(path: Path, split: str | None = "dev"
                    ) -> tuple[list[Article], dict[str, list[dict[str, Any]]]]:
    """The articles of quote gold in ``split`` (None or '': all) and their labels by article id.
    Articles annotated by several people are read once, with the first annotation."""
    seen: set[str] = set()
    articles, labels = [], {}
    for line in numbered_json(path):
        obj = line.json()
        if split and obj.get("split") != split:
            continue
        doc = obj.get("doc", obj["id"])
        if doc in seen:
            continue
        seen.add(doc)
        articles.append(Article(id=obj["id"], text=obj["text"],
                                published=parse_published(obj.get("date"))))
        labels[obj["id"]] = obj.get("labels", [])
    return articles, labels


def quote_gold(labels: list[dict[str, Any]]) -> list[QuoteGold]:
    """(content extent, source extent or None, source text) of each label with content."""
    out = []
    for label in labels:
        content = extent((label.get("content") or {}).get("spans"))
        if content is not None:
            out.append((content, extent((label.get("source") or {}).get("spans")),
                        (label.get("source") or {}).get("text") or ""))
    return out
