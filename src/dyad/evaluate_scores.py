"""The scores of ``dyad eval``: precision, recall and F1 over triples (``Scores``), and the
score records of the PETRARCH2, ConfliBERT span and quote benchmarks, each with the JSON
(``to_dict``) and the tables (``tables``) the CLI prints."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from dyad.evaluate_gold import PETRARCH2, SPANS

TableSpec = tuple[str, list[str], list[list[str]]]  # (title, columns, rows) for the CLI to print
PRF_COLUMNS = ["precision", "recall", "F1", "tp", "fp", "fn"]


@dataclass
class Scores:
    """True positives, false positives and misses by key (a PLOVER type, a CAMEO root, a
    category), with the articles scored and the gold lines that could not be read."""

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


def tally(scores: Scores, pred: set, gold: set, key=lambda t: t[2]) -> None:
    """Count true positives, false positives and misses of ``pred`` against ``gold`` in
    ``scores``, by ``key`` of each triple (default: its type)."""
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


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters two ``(start, end)`` ranges share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def quotes_found(pred: tuple[int, int], gold: tuple[int, int]) -> bool:
    """A quote counts as found when it overlaps a gold content span by at least half of the
    shorter of the two."""
    shorter = min(pred[1] - pred[0], gold[1] - gold[0])
    return shorter > 0 and overlap(pred, gold) >= shorter / 2


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


