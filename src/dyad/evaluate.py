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
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from dyad.coder import Coder
from dyad.dates import parse_published
from dyad.record import Article, Event

Triple = tuple[str | None, str | None, str]
LEGACY = {"JAP": "JPN", "VTN": "VNM", "ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "UNO": "IGO",
          "EUR": "IGO"}


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


def read_gold(path: Path, joint_as_dyads: bool = False) -> Iterator[tuple[Article | None, set[Triple], str]]:
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                obj = json.loads(line)
                article = Article(id=str(obj.get("article_id", obj.get("id", lineno))),
                                  text=obj["text"], published=parse_published(obj.get("published")))
                yield article, gold_triples(obj.get("events", []), joint_as_dyads), where
            except (ValueError, KeyError, TypeError) as exc:
                yield None, set(), f"{where}: {exc}"


def evaluate(coder: Coder, path: Path, details: list | None = None,
             joint_as_dyads: bool = False) -> Scores:
    scores = Scores()
    golds: dict[str, set[Triple]] = {}
    articles = []
    for article, gold, where in read_gold(path, joint_as_dyads):
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
