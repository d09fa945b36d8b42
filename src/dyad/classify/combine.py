"""Combining the rule-based coder's QuadClass with the classifier's probabilities.

The coder is precise where a pattern fires on a well-understood verb, and silent elsewhere;
the classifier sees every sentence but knows only words. The combination therefore keeps the
coder's class when the coder is confident *and* the classifier does not contradict it on the
side that matters most (cooperation versus conflict), and otherwise takes the classifier's::

    final = coder_class  if coder fired, confidence >= min_confidence,
                            P_clf(coder's side) >= min_side_prob
                            and P_clf(coder_class) >= min_class_prob
            argmax P_clf otherwise

"side" is {1, 2} for cooperation, {3, 4} for conflict, {0} for a statement. The thresholds in
``Policy()`` are the ones measured best by 5-fold cross-validation (``python -m
dyad.classify.crossval --sweep``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Optional, Sequence

from dyad.events.main_event import most_confident as main_event

SIDES = {0: frozenset({0}), 1: frozenset({1, 2}), 2: frozenset({1, 2}), 3: frozenset({3, 4}),
         4: frozenset({3, 4})}


@dataclass(frozen=True)
class Vote:
    """The rule-based opinion on one sentence: its main event's QuadClass and confidence."""

    quad_class: int
    confidence: float
    rule: str | None = None


# A rule-based predictor: sentence -> Vote, or None when no event fired.
RulePredictor = Callable[[str], Optional[Vote]]


@dataclass(frozen=True)
class Policy:
    """Thresholds of ``combine``; the defaults were measured by 5-fold CV on the CAMEO gold:
    the coder's class wins unless the classifier gives it less than 10 % (a veto), and
    coder events below 0.5 confidence are ignored."""

    min_confidence: float = 0.5   # coder confidence needed to be heard at all
    min_side_prob: float = 0.0    # classifier mass on the coder's side (coop/conflict) needed
    min_class_prob: float = 0.1   # classifier probability of the coder's exact class needed


def combine(probs: Sequence[float], vote: Vote | None, policy: Policy = Policy()) -> tuple[int, str]:
    """The final QuadClass for one sentence and who decided it ("coder" or "classifier")."""
    best = max(range(len(probs)), key=lambda k: probs[k])
    if vote is None or vote.quad_class not in SIDES:
        return best, "classifier"
    side = sum(probs[k] for k in SIDES[vote.quad_class])
    if (vote.confidence >= policy.min_confidence and side >= policy.min_side_prob
            and probs[vote.quad_class] >= policy.min_class_prob):
        return vote.quad_class, "coder"
    return best, "classifier"


def event_quad_class(event) -> int:
    """An event's class on the five-way scale of the gold data: CAMEO root 01 ("make public
    statement") is class 0 there, every other code keeps its QuadClass (1–4)."""
    if getattr(event, "cameo_root", None) == "01":
        return 0
    return int(event.quad_class)


def vote_for(events: Iterable) -> Vote | None:
    """The coder's vote on a sentence from that sentence's events (None when none fired)."""
    event = main_event(events)  # the most confident non-negated one
    if event is None or event.quad_class is None:
        return None
    return Vote(event_quad_class(event), float(event.confidence), event.rule)
