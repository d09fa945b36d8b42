"""``dyad eval``: score the coder against article-level gold.

Gold lines look like ../shared/data/gold/plover_gsr_dev.jsonl: ``{article_id, published, text,
events: [{source: {country: [..]}, target: {country: [..]}, plover}]}``. The unit scored is the
distinct (source country, target country, PLOVER type) triple per article; compound actors
(lists of countries) expand to one triple per pair; each gold triple is matched at most once.
Negated events are not counted as predictions.

Country codes are compared after two documented normalisations: legacy CAMEO codes in older
gold (JAP, VTN, ROM, ZAR, TMP) become their ISO 3166-1 alpha-3 codes, and the
intergovernmental codes UNO and EUR count as IGO, because older gold codes every
intergovernmental body as IGO.

Two more gold formats are detected line by line (``gold_format``) and scored by
``evaluate_file``:

* PETRARCH2 unit records ``{id, text, date: "YYYYMMDD", category, labels: [{sourcecode,
  targetcode, eventcode}]}`` (``evaluate_petrarch``): scored as (source, target, PLOVER type)
  through dyad's CAMEO->PLOVER map and as (source, target, CAMEO root), overall and per
  category. Countries are the first three letters of a code.
* ConfliBERT span records ``{id, text, labels: {pentaclass, spans, bio}}``
  (``evaluate_spans``): does the main event of the sentence have source and target overlapping
  the gold spans, and does its QuadClass agree with the gold class.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

from dyad import ontology
from dyad.coder import Coder, trigger_depth
from dyad.dates import parse_published
from dyad.errors import DyadError
from dyad.events.main_event import highest_in_parse, most_confident
from dyad.record import Article, Event
from dyad.splits import split_ids

T = TypeVar("T")

Triple = tuple[str | None, str | None, str]
LEGACY = {"JAP": "JPN", "VTN": "VNM", "ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "UNO": "IGO",
          "EUR": "IGO"}


TableSpec = tuple[str, list[str], list[list[str]]]  # (title, columns, rows) for the CLI to print
PRF_COLUMNS = ["precision", "recall", "F1", "tp", "fp", "fn"]


def norm(code: str | None) -> str | None:
    return LEGACY.get(code, code) if code else None


@dataclass
class Scores:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    articles: int = 0
    errors: list[str] = field(default_factory=list)

    @staticmethod
    def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "tp": tp, "fp": fp, "fn": fn}

    def overall(self) -> dict[str, float]:
        return self.prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))

    def by_type(self) -> dict[str, dict[str, float]]:
        types = sorted(set(self.tp) | set(self.fp) | set(self.fn))
        return {t: self.prf(self.tp[t], self.fp[t], self.fn[t]) for t in types}

    def to_dict(self) -> dict[str, Any]:
        return {"articles": self.articles, "overall": self.overall(), "by_plover": self.by_type(),
                "errors": self.errors}

    def rows(self) -> list[list[str]]:
        """Table rows ``name, precision, recall, F1, tp, fp, fn``: one per key, then overall."""
        return [[name, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}",
                 str(s["tp"]), str(s["fp"]), str(s["fn"])]
                for name, s in [*self.by_type().items(), ("overall", self.overall())]]

    def tables(self, title: str) -> list[TableSpec]:
        return [(f"{title}: {self.articles} articles", ["PLOVER type", *PRF_COLUMNS], self.rows())]


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
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                return line_format(json.loads(line))
            except ValueError as exc:
                first_problem = first_problem or f"line {lineno}: {exc}"
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


def predicted_triples(events: list[Event], joint_as_dyads: bool = False) -> set[Triple]:
    """Predicted (source, target, type) triples, in PLOVER's convention by default: a joint
    event (a reciprocal pair, a meeting) has its participants as actors and no recipient;
    with ``joint_as_dyads`` the dyads are kept as coded (CAMEO's convention)."""
    out: set[Triple] = set()
    for e in events:
        if not e.plover or e.negated:
            continue
        source = norm(e.source.country) if e.source else None
        target = norm(e.target.country) if e.target else None
        if e.joint and not joint_as_dyads:
            out.update((side, None, e.plover) for side in (source, target) if side)
        else:
            out.add((source, target, e.plover))
    return out


def _records(path: Path, fmt: str, build: Callable[[dict[str, Any], int], T],
             only: frozenset[str] | None = None) -> Iterator[tuple[T | None, str | None]]:
    """Each non-blank line of a gold JSONL file in format ``fmt`` through ``build(obj, lineno)``
    as ``(item, None)``; a line that fails gives ``(None, "file:line: reason")`` and the file
    goes on. With ``only``, lines whose id (``article_id`` or ``id``) is not in it are left out."""
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                if only is not None and str(obj.get("article_id", obj.get("id"))) not in only:
                    continue
                _expect(obj, fmt)
                yield build(obj, lineno), None
            except (ValueError, KeyError, TypeError) as exc:
                yield None, f"{path}:{lineno}: {exc}"


def read_gold(path: Path, joint_as_dyads: bool = False, only: frozenset[str] | None = None
              ) -> Iterator[tuple[Article | None, set[Triple], str | None]]:
    """PLOVER-GSR records as (article, gold triples, None), or (None, set(), error)."""
    def build(obj: dict[str, Any], lineno: int) -> tuple[Article, set[Triple]]:
        article = Article(id=str(obj.get("article_id", obj.get("id", lineno))),
                          text=obj["text"], published=parse_published(obj.get("published")))
        return article, gold_triples(obj.get("events", []), joint_as_dyads)

    for item, error in _records(path, PLOVER_GSR, build, only):
        yield (item[0], item[1], None) if item is not None else (None, set(), error)


def evaluate(coder: Coder, path: Path, details: list | None = None,
             joint_as_dyads: bool = False, only: frozenset[str] | None = None) -> Scores:
    scores = Scores()
    golds: dict[str, set[Triple]] = {}
    articles = []
    for article, gold, where in read_gold(path, joint_as_dyads, only):
        if article is None:
            scores.errors.append(where)
            continue
        golds[article.id] = gold
        articles.append(article)
    for coded in coder.pipe(articles):
        gold = golds[coded.article.id]
        pred = predicted_triples(coded.events, joint_as_dyads)
        scores.articles += 1
        for triple in pred & gold:
            scores.tp[triple[2]] += 1
        for triple in pred - gold:
            scores.fp[triple[2]] += 1
        for triple in gold - pred:
            scores.fn[triple[2]] += 1
        if details is not None:
            details.append({"article_id": coded.article.id, "text": coded.article.text,
                            "gold": sorted(map(str, gold)), "predicted": sorted(map(str, pred)),
                            "rules": [e.rule for e in coded.events]})
    return scores


# --- quotes -------------------------------------------------------------------------------------
@dataclass
class QuoteScores:
    predicted: int = 0
    gold: int = 0
    found: int = 0  # gold quotes matched
    correct_speaker: int = 0
    articles: int = 0

    def to_dict(self) -> dict[str, Any]:
        p = self.found / self.predicted if self.predicted else 0.0
        r = self.found / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        acc = self.correct_speaker / self.found if self.found else 0.0
        return {"articles": self.articles, "predicted": self.predicted, "gold": self.gold,
                "found": self.found, "precision": round(p, 4), "recall": round(r, 4),
                "f1": round(f, 4), "speaker_accuracy": round(acc, 4)}


def _extent(spans: list) -> tuple[int, int] | None:
    spans = [s for s in spans or [] if s and len(s) == 2]
    return (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def quotes_found(pred: tuple[int, int], gold: tuple[int, int]) -> bool:
    """A quote counts as found when it overlaps a gold content span by at least half of the
    shorter of the two."""
    shorter = min(pred[1] - pred[0], gold[1] - gold[0])
    return shorter > 0 and _overlap(pred, gold) >= shorter / 2


def evaluate_quotes(coder: Coder, path: Path, split: str | None = "dev") -> QuoteScores:
    """Score quotes against PolNeAR-style gold (``labels`` with source/cue/content spans).
    Articles annotated by several people are scored once, against the first annotation."""

    seen: set[str] = set()
    articles, golds = [], {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            if split and obj.get("split") != split:
                continue
            doc = obj.get("doc", obj["id"])
            if doc in seen:
                continue
            seen.add(doc)
            articles.append(Article(id=obj["id"], text=obj["text"],
                                    published=parse_published(obj.get("date"))))
            golds[obj["id"]] = obj.get("labels", [])
    scores = QuoteScores()
    for coded in coder.pipe(articles):
        scores.articles += 1
        gold = []
        for label in golds[coded.article.id]:
            content = _extent((label.get("content") or {}).get("spans"))
            if content is not None:
                gold.append((content, _extent((label.get("source") or {}).get("spans")),
                             (label.get("source") or {}).get("text") or ""))
        scores.gold += len(gold)
        scores.predicted += len(coded.quotes)
        used: set[int] = set()
        for q in coded.quotes:
            pred = (q.content.start_char, q.content.end_char)
            match = next((i for i, g in enumerate(gold) if i not in used and quotes_found(pred, g[0])), None)
            if match is None:
                continue
            used.add(match)
            scores.found += 1
            _, source, source_text = gold[match]
            span = (q.speaker_span.start_char, q.speaker_span.end_char) if q.speaker_span else None
            same_span = span is not None and source is not None and _overlap(span, source) > 0
            same_entity = q.speaker is not None and bool(q.speaker.name) and \
                q.speaker.name.split()[-1].lower() in source_text.lower()
            scores.correct_speaker += same_span or same_entity
    return scores


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


def predicted_roots(events: list[Event]) -> set[Triple]:
    return {(norm(e.source.country) if e.source else None,
             norm(e.target.country) if e.target else None, e.cameo_root)
            for e in events if not e.negated}


def _tally(scores: Scores, pred: set, gold: set, key=lambda t: t[2]) -> None:
    for triple in pred & gold:
        scores.tp[key(triple)] += 1
    for triple in pred - gold:
        scores.fp[key(triple)] += 1
    for triple in gold - pred:
        scores.fn[key(triple)] += 1


@dataclass
class PetrarchScores:
    plover: Scores = field(default_factory=Scores)  # keyed by PLOVER type
    roots: Scores = field(default_factory=Scores)  # keyed by CAMEO root
    plover_by_category: Scores = field(default_factory=Scores)
    roots_by_category: Scores = field(default_factory=Scores)
    records: int = 0
    no_event_records: int = 0  # gold says: code nothing
    no_event_correct: int = 0  # ... and dyad coded nothing (no non-negated event)
    skipped: Counter = field(default_factory=Counter)  # reason -> records
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        cats = sorted(set(self.plover_by_category.by_type()) | set(self.roots_by_category.by_type()))
        return {"format": PETRARCH2, "records": self.records,
                "plover": {"overall": self.plover.overall(), "by_plover": self.plover.by_type()},
                "cameo_root": {"overall": self.roots.overall(), "by_root": self.roots.by_type()},
                "by_category": {c: {"plover": self.plover_by_category.by_type().get(c),
                                    "cameo_root": self.roots_by_category.by_type().get(c)}
                                for c in cats},
                "no_event_records": self.no_event_records,
                "no_event_correct": self.no_event_correct,
                "skipped": dict(self.skipped), "errors": self.errors}

    def tables(self, title: str) -> list[TableSpec]:
        skipped = sum(self.skipped.values())
        cats = self.roots_by_category.by_type()
        plover_cats = self.plover_by_category.by_type()
        rows = []
        for name, s in [*cats.items(), ("overall", self.roots.overall())]:
            p = plover_cats.get(name) if name != "overall" else self.plover.overall()
            rows.append([name, f"{p['f1']:.3f}" if p else "-", f"{s['precision']:.3f}",
                         f"{s['recall']:.3f}", f"{s['f1']:.3f}", str(s["tp"]), str(s["fp"]),
                         str(s["fn"])])
        return [
            (f"{title}: {self.records} records, (source, target, PLOVER type)",
             ["PLOVER type", *PRF_COLUMNS], self.plover.rows()),
            ((f"{title}: (source, target, CAMEO root) by category; {skipped} records skipped; "
              f"coded nothing on {self.no_event_correct}/{self.no_event_records} no-event records"),
             ["category", "PLOVER F1", "root precision", "root recall", "root F1", "tp", "fp",
              "fn"], rows),
        ]


def _petrarch_date(value: Any) -> dt.date | None:
    text = str(value or "").strip()
    if re.fullmatch(r"\d{8}", text):
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    return parse_published(text or None)


def evaluate_petrarch(coder: Coder, path: Path, details: list | None = None,
                      only: frozenset[str] | None = None) -> PetrarchScores:
    """Score PETRARCH2 unit records. Predictions keep reciprocal events as two dyads, CAMEO's
    (and PETRARCH2's) convention; negated events are not predictions."""
    scores = PetrarchScores()
    def build(obj: dict[str, Any], lineno: int):
        plover, roots, skip = petrarch_gold(obj["labels"])
        article = Article(id=str(obj.get("id", lineno)), text=obj["text"],
                          published=_petrarch_date(obj.get("date")))
        return article, obj, (plover, roots), skip

    items: list[tuple[Article, dict[str, Any], tuple[set, set], str | None]] = []
    for item, error in _records(path, PETRARCH2, build, only):
        if item is None:
            scores.errors.append(error)
        else:
            items.append(item)
    coded_all = coder.pipe(a for a, _, _, skip in items if not skip)
    for article, obj, (gold_plover, gold_roots), skip in items:
        category = str(obj.get("category") or "-")
        if skip:
            scores.skipped[skip] += 1
            if details is not None:
                details.append({"id": article.id, "category": category, "text": article.text,
                                "skipped": skip, "labels": obj["labels"]})
            continue
        coded = next(coded_all)
        pred_plover = predicted_triples(coded.events, joint_as_dyads=True)
        pred_roots = predicted_roots(coded.events)
        scores.records += 1
        _tally(scores.plover, pred_plover, gold_plover)
        _tally(scores.roots, pred_roots, gold_roots)
        _tally(scores.plover_by_category, pred_plover, gold_plover, key=lambda _t: category)
        _tally(scores.roots_by_category, pred_roots, gold_roots, key=lambda _t: category)
        if not gold_roots:
            scores.no_event_records += 1
            scores.no_event_correct += not pred_roots
        if details is not None:
            details.append({"id": article.id, "category": category, "text": article.text,
                            "gold_plover": sorted(map(str, gold_plover)),
                            "predicted_plover": sorted(map(str, pred_plover)),
                            "gold_roots": sorted(map(str, gold_roots)),
                            "predicted_roots": sorted(map(str, pred_roots)),
                            "events": [_brief(e) for e in coded.events]})
    return scores


def _brief(e: Event) -> dict[str, Any]:
    return {"source": e.source.code if e.source else None,
            "source_text": e.source.text if e.source else None,
            "target": e.target.code if e.target else None,
            "target_text": e.target.text if e.target else None,
            "cameo": e.cameo, "plover": e.plover, "quad_class": e.quad_class,
            "negated": e.negated, "trigger": e.trigger.text, "rule": e.rule}


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


def _depth(doc: Any, e: Event) -> int:
    """The trigger's depth: from a parse, or from a ``CodedArticle.depths`` mapping."""
    if isinstance(doc, dict):
        return doc.get(e.trigger.start_char, 1_000)
    return trigger_depth(doc, e.trigger)


def main_event(doc: Any, events: list[Event]) -> Event | None:
    """The sentence's main event: among non-negated events, the one whose trigger is highest
    in the dependency parse (fewest hops to its sentence root), then the earliest trigger,
    then the coder's order."""
    return highest_in_parse(events, lambda e: _depth(doc, e))


def pentaclass(event: Event | None) -> int:
    """dyad's event as a ConfliBERT class: 0 for no event or a statement (CAMEO root 01),
    else its QuadClass 1-4."""
    return 0 if event is None or event.cameo_root == "01" else event.quad_class


@dataclass
class SpanScores:
    sentences: int = 0
    covered: int = 0  # sentences where dyad coded any non-negated event
    with_source: int = 0
    source_ok: int = 0
    source_covered: int = 0  # ... of which dyad coded an event
    with_target: int = 0
    target_ok: int = 0
    target_covered: int = 0
    with_class: int = 0
    class_ok: int = 0
    confusion: Counter = field(default_factory=Counter)  # (gold, predicted) -> sentences
    # the sentence's class = that of its most confident non-negated event (0 for none or a
    # CAMEO 01 statement): the measure of the ConfliBERT sentence task
    sentence_confusion: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def sentence_class(self) -> dict[str, float]:
        """Accuracy and macro-F1 (over the five classes) of the sentence-level class."""
        c = self.sentence_confusion
        n = sum(c.values())
        f1s = []
        for k in range(5):
            tp = c[(k, k)]
            fp = sum(v for (g, p), v in c.items() if p == k and g != k)
            fn = sum(v for (g, p), v in c.items() if g == k and p != k)
            f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
        return {"accuracy": round(sum(c[(k, k)] for k in range(5)) / n, 4) if n else 0.0,
                "macro_f1": round(sum(f1s) / 5, 4) if n else 0.0}

    @staticmethod
    def _share(a: int, b: int) -> float:
        return round(a / b, 4) if b else 0.0

    def to_dict(self) -> dict[str, Any]:
        sh = self._share
        return {"format": SPANS, "sentences": self.sentences,
                "coverage": sh(self.covered, self.sentences),
                "source_accuracy": sh(self.source_ok, self.with_source),
                "source_accuracy_when_coded": sh(self.source_ok, self.source_covered),
                "target_accuracy": sh(self.target_ok, self.with_target),
                "target_accuracy_when_coded": sh(self.target_ok, self.target_covered),
                "quad_accuracy": sh(self.class_ok, self.with_class),
                "sentence_class_accuracy": self.sentence_class()["accuracy"],
                "sentence_class_macro_f1": self.sentence_class()["macro_f1"],
                "counts": {"covered": self.covered, "with_source": self.with_source,
                           "source_ok": self.source_ok, "source_covered": self.source_covered,
                           "with_target": self.with_target, "target_ok": self.target_ok,
                           "target_covered": self.target_covered,
                           "with_class": self.with_class, "class_ok": self.class_ok},
                "confusion": {f"{g}->{p}": n for (g, p), n in sorted(self.confusion.items())},
                "sentence_confusion": {f"{g}->{p}": n for (g, p), n
                                       in sorted(self.sentence_confusion.items())},
                "errors": self.errors}

    def tables(self, title: str) -> list[TableSpec]:
        d = self.to_dict()
        rows = [["source span", f"{d['source_accuracy']:.3f}",
                 f"{d['source_accuracy_when_coded']:.3f}", f"{self.source_ok}/{self.with_source}"],
                ["target span", f"{d['target_accuracy']:.3f}",
                 f"{d['target_accuracy_when_coded']:.3f}", f"{self.target_ok}/{self.with_target}"],
                ["QuadClass (0 = statement/none)", f"{d['quad_accuracy']:.3f}", "-",
                 f"{self.class_ok}/{self.with_class}"],
                ["coverage", f"{d['coverage']:.3f}", "-", f"{self.covered}/{self.sentences}"],
                ["sentence class, most confident event: accuracy",
                 f"{d['sentence_class_accuracy']:.3f}", "-", str(sum(self.sentence_confusion.values()))],
                ["sentence class, most confident event: macro-F1",
                 f"{d['sentence_class_macro_f1']:.3f}", "-", str(sum(self.sentence_confusion.values()))]]
        classes = range(5)
        matrix = [[f"gold {g}", *(str(self.confusion[(g, p)]) for p in classes)] for g in classes]
        return [(f"{title}: {self.sentences} sentences, dyad's main event vs gold",
                 ["measure", "accuracy", "when dyad coded an event", "n"], rows),
                (f"{title}: QuadClass confusion (rows gold, columns dyad)",
                 ["", *(f"dyad {p}" for p in classes)], matrix)]


def evaluate_spans(coder: Coder, path: Path, details: list | None = None,
                   only: frozenset[str] | None = None) -> SpanScores:
    """Score ConfliBERT span gold: the main event's source and target against the gold spans
    (any character overlap), its class against the gold pentaclass, and coverage."""
    scores = SpanScores()
    items: list[tuple[Article, dict[str, Any]]] = []
    for item, error in _records(path, SPANS, lambda obj, lineno: (
            Article(id=str(obj.get("id", lineno)), text=obj["text"]), obj), only):
        if item is None:
            scores.errors.append(error)
        else:
            items.append(item)
    for coded, (article, obj) in zip(coder.pipe(a for a, _ in items), items):
        labels = obj["labels"]
        spans = gold_spans(article.text, labels) if labels.get("spans") else None
        main = main_event(coded.depths, coded.events)
        scores.sentences += 1
        scores.covered += main is not None
        row: dict[str, Any] = {"id": article.id, "text": article.text,
                               "main_event": _brief(main) if main else None,
                               "events": [_brief(e) for e in coded.events]}
        for side in ("source", "target"):
            gold = (spans or {}).get(side) or []
            if not gold:
                continue
            actor = getattr(main, side) if main else None
            ok = actor is not None and any(
                _overlap((actor.start_char, actor.end_char), g) > 0 for g in gold)
            setattr(scores, f"with_{side}", getattr(scores, f"with_{side}") + 1)
            setattr(scores, f"{side}_ok", getattr(scores, f"{side}_ok") + ok)
            setattr(scores, f"{side}_covered", getattr(scores, f"{side}_covered") + (main is not None))
            row[f"gold_{side}"] = [article.text[a:b] for a, b in gold]
            row[f"{side}_ok"] = ok
        gold_class = labels.get("pentaclass")
        if gold_class is not None:
            predicted = pentaclass(main)
            scores.with_class += 1
            scores.class_ok += predicted == gold_class
            scores.confusion[(int(gold_class), predicted)] += 1
            confident = pentaclass(most_confident(coded.events))
            scores.sentence_confusion[(int(gold_class), confident)] += 1
            row.update(gold_class=gold_class, predicted_class=predicted,
                       sentence_class=confident)
        if details is not None:
            details.append(row)
    return scores


def evaluate_file(coder: Coder, path: Path, details: list | None = None,
                  joint_as_dyads: bool = False, split: str | None = None
                  ) -> Scores | PetrarchScores | SpanScores:
    """Score any event gold file, its format detected from its lines (see ``line_format``).
    ``split`` ('tune' or 'validation', see ``dyad.splits``) scores only that part of the file."""
    fmt = gold_format(path)
    only = split_ids(path, split) if split and split != "all" else None
    if fmt == PETRARCH2:
        return evaluate_petrarch(coder, path, details, only)
    if fmt == SPANS:
        return evaluate_spans(coder, path, details, only)
    return evaluate(coder, path, details, joint_as_dyads, only)
