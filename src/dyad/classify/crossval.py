"""5-fold cross-validation of the QuadClass decision on the CAMEO five-way gold sentences.

    python -m dyad.classify.crossval                 # classifier, coder, combined; per fold + mean
    python -m dyad.classify.crossval --sweep         # also a grid of combination thresholds
    python -m dyad.classify.crossval --no-coder      # the classifier alone (no spaCy needed)
    python -m dyad.classify.crossval --limit 200 --folds 3 --json

For each fold the classifier is trained on the other folds and scores the held-out one. The
rule-based coder is not trained, so its votes are computed once per sentence. Three accuracies
are reported for every fold: (a) the classifier alone, (b) the combined decision
(``dyad.classify.combine``), and for reference the coder alone (its main event's class, 0 when
no event fired). Identical sentences always fall in the same fold.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from itertools import product
from typing import Sequence

import numpy as np

from dyad.classify.combine import Policy, RulePredictor, Vote, combine, vote_for
from dyad.classify.data import Example, gold_sentences, synthetic_stories
from dyad.classify.model import Config, QuadClassifier


def coder_predictor(coder=None) -> RulePredictor:
    """dyad's coder as a rule-based predictor: its main event's class (0–4), or None when
    no (non-negated) event fired."""
    if coder is None:
        from dyad.coder import Coder, Options

        # without the shipped classifier: it was trained on every fold, and its vetoes would
        # leak the held-out fold into the coder's confidences
        coder = Coder(Options(second_opinion=False))

    def predict(sentence: str) -> Vote | None:
        return vote_for(coder.code(sentence))

    return predict


def assign_folds(texts: Sequence[str], k: int = 5, seed: int = 0) -> np.ndarray:
    """A fold number per text: a seeded shuffle of distinct texts dealt round-robin."""
    groups = sorted({" ".join(t.lower().split()) for t in texts})
    order = np.random.RandomState(seed).permutation(len(groups))
    fold_of = {groups[j]: i % k for i, j in enumerate(order)}
    return np.asarray([fold_of[" ".join(t.lower().split())] for t in texts])


def out_of_fold(examples: Sequence[Example], folds: np.ndarray, config: Config | None = None,
                extra: Sequence[Example] = (), extra_weight: float = 0.3) -> np.ndarray:
    """Held-out class probabilities (n, 5): each fold scored by a model trained on the rest."""
    probs = np.zeros((len(examples), 5))
    for k in sorted(set(folds.tolist())):
        train = [e for e, f in zip(examples, folds) if f != k]
        weights = [1.0] * len(train) + [extra_weight] * len(extra)
        train = train + list(extra)
        model = QuadClassifier.train([e.text for e in train], [e.label for e in train],
                                     config=config, sample_weight=weights)
        test = np.where(folds == k)[0]
        probs[test] = model.predict_proba([examples[i].text for i in test])
    return probs


@dataclass
class Scores:
    folds: list[dict[str, float]] = field(default_factory=list)

    def mean(self, key: str) -> float:
        return float(np.mean([f[key] for f in self.folds]))


def score(examples: Sequence[Example], folds: np.ndarray, probs: np.ndarray,
          votes: Sequence[Vote | None] | None, policy: Policy = Policy()) -> Scores:
    y = np.asarray([e.label for e in examples])
    clf = probs.argmax(axis=1)
    out = Scores()
    for k in sorted(set(folds.tolist())):
        idx = np.where(folds == k)[0]
        row = {"fold": k, "n": int(len(idx)), "classifier": float((clf[idx] == y[idx]).mean())}
        if votes is not None:
            coder = np.asarray([votes[i].quad_class if votes[i] else 0 for i in idx])
            fired = np.asarray([votes[i] is not None for i in idx])
            final = [combine(probs[i], votes[i], policy) for i in idx]
            row["coder"] = float((coder == y[idx]).mean())
            row["coder_fired"] = float(fired.mean())
            row["combined"] = float((np.asarray([c for c, _ in final]) == y[idx]).mean())
            row["coder_decided"] = float(np.mean([who == "coder" for _, who in final]))
        out.folds.append(row)
    return out


def sweep(examples, folds, probs, votes) -> list[tuple[Policy, float]]:
    """Mean combined accuracy for a grid of thresholds, best first."""
    grid = []
    for conf, side, cls in product((0.0, 0.5, 0.6, 0.7, 0.8), (0.0, 0.2, 0.3, 0.4, 0.5, 0.6),
                                   (0.0, 0.05, 0.1, 0.2, 0.3)):
        policy = Policy(conf, side, cls)
        grid.append((policy, score(examples, folds, probs, votes, policy).mean("combined")))
    return sorted(grid, key=lambda x: -x[1])


def nested(examples, folds, probs, votes) -> list[tuple[int, Policy, float]]:
    """Honest combined accuracy: each fold scored with the thresholds best on the other folds."""
    out = []
    for k in sorted(set(folds.tolist())):
        rest, held = folds != k, folds == k
        sub = lambda m: ([e for e, keep in zip(examples, m) if keep], folds[m], probs[m],
                         [v for v, keep in zip(votes, m) if keep])
        policy = sweep(*sub(rest))[0][0]
        out.append((k, policy, score(*sub(held), policy).mean("combined")))
    return out


def rule_votes(examples: Sequence[Example], rule: RulePredictor) -> list[Vote | None]:
    return [rule(e.text) for e in examples]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m dyad.classify.crossval", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--limit", type=int, default=0, help="use only the first N sentences")
    ap.add_argument("--no-coder", action="store_true", help="score the classifier alone")
    ap.add_argument("--synthetic", type=float, default=0.0,
                    help="also train on the synthetic PLOVER stories with this sample weight")
    ap.add_argument("--sweep", action="store_true", help="print a grid of combination thresholds")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    args = ap.parse_args(argv)

    examples = gold_sentences()
    if args.limit:
        examples = examples[: args.limit]
    folds = assign_folds([e.text for e in examples], args.folds, args.seed)
    extra = synthetic_stories() if args.synthetic > 0 else ()
    t0 = time.perf_counter()
    probs = out_of_fold(examples, folds, extra=extra, extra_weight=args.synthetic)
    t_clf = time.perf_counter() - t0
    votes = None
    if not args.no_coder:
        t0 = time.perf_counter()
        votes = rule_votes(examples, coder_predictor())
        t_coder = time.perf_counter() - t0
    scores = score(examples, folds, probs, votes)
    keys = ["classifier"] + ([] if votes is None else ["combined", "coder", "coder_fired",
                                                       "coder_decided"])
    if args.json:
        result = {"n": len(examples), "folds": scores.folds,
                  "mean": {k: round(scores.mean(k), 4) for k in keys}, "policy": Policy().__dict__}
        print(json.dumps(result, indent=2))
    else:
        print(f"{len(examples)} sentences, {args.folds}-fold CV (seed {args.seed}); "
              f"classifier CV {t_clf:.1f}s" + ("" if votes is None else f", coder {t_coder:.1f}s"))
        print("fold      n  " + "  ".join(f"{k:>13}" for k in keys))
        for row in scores.folds:
            print(f"{row['fold']:>4} {row['n']:>6}  " + "  ".join(f"{row[k]:13.4f}" for k in keys))
        print("mean        " + "  ".join(f"{scores.mean(k):13.4f}" for k in keys))
        print(f"combination policy: {Policy()}")
    if args.sweep and votes is not None:
        print("\nbest combination thresholds (mean combined accuracy):")
        for policy, acc in sweep(examples, folds, probs, votes)[:10]:
            print(f"  {acc:.4f}  {policy}")
        print("\nnested (thresholds chosen on the other folds, scored on the held-out one):")
        accs = []
        for k, policy, acc in nested(examples, folds, probs, votes):
            accs.append(acc)
            print(f"  fold {k}: {acc:.4f}  {policy}")
        print(f"  mean:   {np.mean(accs):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
