"""``dyad eval``: score the coder against gold, one function per gold format.

* PLOVER-GSR articles (``evaluate``): the distinct (source country, target country, PLOVER
  type) triples per article; each gold triple is matched at most once; negated events are not
  predictions.
* PETRARCH2 unit records (``evaluate_petrarch``): (source, target, PLOVER type) through dyad's
  CAMEO->PLOVER map and (source, target, CAMEO root), overall and per category.
* ConfliBERT span records (``evaluate_spans``): does the main event of the sentence have source
  and target overlapping the gold spans, and does its QuadClass agree with the gold class.
* PolNeAR quotes (``evaluate_quotes``): quotes found and their speakers.

``evaluate_file`` detects an event gold file's format and dispatches. The gold formats and their
readers are in ``dyad.evaluate_gold``, the score records in ``dyad.evaluate_scores``; their
names are importable from here too.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from dyad.coder import Coder, trigger_depth
from dyad.evaluate_gold import (FORMATS_HELP, INPUT_ERRORS, LEGACY, PETRARCH2, PETRARCH_LEGACY,
                                PLOVER_GSR, SPANS, GoldFormatError, Triple, gold_format,
                                gold_records, gold_spans, gold_triples, line_format, norm,
                                petrarch_country, petrarch_date, petrarch_gold, quote_gold,
                                read_gold, read_quote_gold)
from dyad.evaluate_scores import (PRF_COLUMNS, PetrarchScores, QuoteScores, Scores, SpanScores,
                                  TableSpec, overlap, quotes_found, tally)
from dyad.events.main_event import highest_in_parse, most_confident
from dyad.record import Article, Event
from dyad.splits import split_ids

__all__ = [  # the names other modules and tests import from here
    "FORMATS_HELP", "INPUT_ERRORS", "LEGACY", "PETRARCH2", "PETRARCH_LEGACY", "PLOVER_GSR",
    "PRF_COLUMNS", "SPANS", "GoldFormatError", "PetrarchScores", "QuoteScores", "Scores",
    "SpanScores", "TableSpec", "Triple", "evaluate", "evaluate_file", "evaluate_petrarch",
    "evaluate_quotes", "evaluate_spans", "gold_format", "gold_spans", "gold_triples",
    "line_format", "main_event", "norm", "pentaclass", "petrarch_country", "petrarch_gold",
    "predicted_roots", "predicted_triples", "quotes_found", "read_gold",
]


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


def predicted_roots(events: list[Event]) -> set[Triple]:
    """Predicted (source, target, CAMEO root) triples of the non-negated events."""
    return {(norm(e.source.country) if e.source else None,
             norm(e.target.country) if e.target else None, e.cameo_root)
            for e in events if not e.negated}


def _brief(e: Event) -> dict[str, Any]:
    return {"source": e.source.code if e.source else None,
            "source_text": e.source.text if e.source else None,
            "target": e.target.code if e.target else None,
            "target_text": e.target.text if e.target else None,
            "cameo": e.cameo, "plover": e.plover, "quad_class": e.quad_class,
            "negated": e.negated, "trigger": e.trigger.text, "rule": e.rule}


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


# --- PLOVER-GSR --------------------------------------------------------------------------------
def evaluate(coder: Coder, path: Path, details: list | None = None,
             joint_as_dyads: bool = False, only: frozenset[str] | None = None) -> Scores:
    """Score PLOVER-GSR gold: (source, target, PLOVER type) triples per article."""
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
        tally(scores, pred, gold)
        if details is not None:
            details.append({"article_id": coded.article.id, "text": coded.article.text,
                            "gold": sorted(map(str, gold)), "predicted": sorted(map(str, pred)),
                            "rules": [e.rule for e in coded.events]})
    return scores


# --- quotes ------------------------------------------------------------------------------------
def evaluate_quotes(coder: Coder, path: Path, split: str | None = "dev") -> QuoteScores:
    """Score quotes against PolNeAR-style gold (``labels`` with source/cue/content spans).
    Articles annotated by several people are scored once, against the first annotation."""
    articles, labels = read_quote_gold(path, split)
    scores = QuoteScores()
    for coded in coder.pipe(articles):
        scores.articles += 1
        gold = quote_gold(labels[coded.article.id])
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
            scores.correct_speaker += _same_speaker(q, source, source_text)
    return scores


def _same_speaker(q: Any, source: tuple[int, int] | None, source_text: str) -> bool:
    """A found quote's speaker is the gold source: their spans overlap, or the speaker's last
    name is among the gold source's words."""
    span = (q.speaker_span.start_char, q.speaker_span.end_char) if q.speaker_span else None
    same_span = span is not None and source is not None and overlap(span, source) > 0
    same_entity = q.speaker is not None and bool(q.speaker.name) and \
        q.speaker.name.split()[-1].lower() in source_text.lower()
    return same_span or same_entity


# --- PETRARCH2 unit records --------------------------------------------------------------------
def evaluate_petrarch(coder: Coder, path: Path, details: list | None = None,
                      only: frozenset[str] | None = None) -> PetrarchScores:
    """Score PETRARCH2 unit records. Predictions keep reciprocal events as two dyads, CAMEO's
    (and PETRARCH2's) convention; negated events are not predictions."""
    scores = PetrarchScores()

    def build(obj: dict[str, Any], lineno: int):
        plover, roots, skip = petrarch_gold(obj["labels"])
        article = Article(id=str(obj.get("id", lineno)), text=obj["text"],
                          published=petrarch_date(obj.get("date")))
        return article, obj, (plover, roots), skip

    items: list[tuple[Article, dict[str, Any], tuple[set, set], str | None]] = []
    for item, error in gold_records(path, PETRARCH2, build, only):
        if item is None:
            scores.errors.append(error)
        else:
            items.append(item)
    coded_all = coder.pipe(a for a, _, _, skip in items if not skip)
    for article, obj, gold, skip in items:
        category = str(obj.get("category") or "-")
        if skip:
            scores.skipped[skip] += 1
            if details is not None:
                details.append({"id": article.id, "category": category, "text": article.text,
                                "skipped": skip, "labels": obj["labels"]})
            continue
        row = _score_record(scores, next(coded_all).events, gold, category)
        if details is not None:
            details.append({"id": article.id, "category": category, "text": article.text, **row})
    return scores


def _score_record(scores: PetrarchScores, events: list[Event], gold: tuple[set, set],
                  category: str) -> dict[str, Any]:
    """Tally one coded record into ``scores``; its gold and predictions for the details."""
    gold_plover, gold_roots = gold
    pred_plover = predicted_triples(events, joint_as_dyads=True)
    pred_roots = predicted_roots(events)
    scores.records += 1
    tally(scores.plover, pred_plover, gold_plover)
    tally(scores.roots, pred_roots, gold_roots)
    tally(scores.plover_by_category, pred_plover, gold_plover, key=lambda _t: category)
    tally(scores.roots_by_category, pred_roots, gold_roots, key=lambda _t: category)
    if not gold_roots:
        scores.no_event_records += 1
        scores.no_event_correct += not pred_roots
    return {"gold_plover": sorted(map(str, gold_plover)),
            "predicted_plover": sorted(map(str, pred_plover)),
            "gold_roots": sorted(map(str, gold_roots)),
            "predicted_roots": sorted(map(str, pred_roots)),
            "events": [_brief(e) for e in events]}


# --- ConfliBERT span gold ----------------------------------------------------------------------
def evaluate_spans(coder: Coder, path: Path, details: list | None = None,
                   only: frozenset[str] | None = None) -> SpanScores:
    """Score ConfliBERT span gold: the main event's source and target against the gold spans
    (any character overlap), its class against the gold pentaclass, and coverage."""
    scores = SpanScores()
    items: list[tuple[Article, dict[str, Any]]] = []
    for item, error in gold_records(path, SPANS, lambda obj, lineno: (
            Article(id=str(obj.get("id", lineno)), text=obj["text"]), obj), only):
        if item is None:
            scores.errors.append(error)
        else:
            items.append(item)
    for coded, (article, obj) in zip(coder.pipe(a for a, _ in items), items):
        labels = obj["labels"]
        main = main_event(coded.depths, coded.events)
        scores.sentences += 1
        scores.covered += main is not None
        row: dict[str, Any] = {"id": article.id, "text": article.text,
                               "main_event": _brief(main) if main else None,
                               "events": [_brief(e) for e in coded.events]}
        spans = gold_spans(article.text, labels) if labels.get("spans") else None
        for side in ("source", "target"):
            _score_side(scores, row, side, main, (spans or {}).get(side) or [], article.text)
        gold_class = labels.get("pentaclass")
        if gold_class is not None:
            _score_class(scores, row, gold_class, main, coded.events)
        if details is not None:
            details.append(row)
    return scores


def _score_side(scores: SpanScores, row: dict[str, Any], side: str, main: Event | None,
                gold: list[tuple[int, int]], text: str) -> None:
    """Does the main event's ``side`` ('source' or 'target') overlap a gold span of that side."""
    if not gold:
        return
    actor = getattr(main, side) if main else None
    ok = actor is not None and any(overlap((actor.start_char, actor.end_char), g) > 0 for g in gold)
    setattr(scores, f"with_{side}", getattr(scores, f"with_{side}") + 1)
    setattr(scores, f"{side}_ok", getattr(scores, f"{side}_ok") + ok)
    setattr(scores, f"{side}_covered", getattr(scores, f"{side}_covered") + (main is not None))
    row[f"gold_{side}"] = [text[a:b] for a, b in gold]
    row[f"{side}_ok"] = ok


def _score_class(scores: SpanScores, row: dict[str, Any], gold_class: Any, main: Event | None,
                 events: list[Event]) -> None:
    """The main event's class, and the most confident event's (the sentence class), against
    the gold pentaclass."""
    predicted = pentaclass(main)
    scores.with_class += 1
    scores.class_ok += predicted == gold_class
    scores.confusion[(int(gold_class), predicted)] += 1
    confident = pentaclass(most_confident(events))
    scores.sentence_confusion[(int(gold_class), confident)] += 1
    row.update(gold_class=gold_class, predicted_class=predicted, sentence_class=confident)


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
