"""Every adjustment of an event's confidence, by name, in the order an event meets them.

A pattern gives the starting confidence (``confidence:`` in its file, 0.7 by default); the
matcher, the coder and the detector then adjust it only through these functions.
"""
from __future__ import annotations

# Actors resolved by inference rather than by name ("he", "the country", the speaker, the
# article's context country, an undated role, a place) make an event less certain.
WEAK_ACTOR = 0.1
# A target the event only implies ("imposed martial law": on its own people).
IMPLIED_TARGET = 0.1
# An event recoded by the mood it is embedded in ("urged X to release": a request).
MOOD_RECODED = 0.05
# "Britain said Libya must hand over the suspects": a demand read off a modal.
OBLIGATION = 0.55
# "X alleges that Y ...": an accusation read off a claim verb and the act it reports.
ALLEGATION = 0.55
# A negated event is kept (it is data) but counts for less.
NEGATED = 0.3
# A second opinion (classifier or detector) that strongly disagrees halves it.
VETO_FACTOR = 0.5
# An event's confidence stays within these bounds.
FLOOR, CEILING = 0.05, 1.0


def weak_actor(conf: float) -> float:
    return conf - WEAK_ACTOR


def implied_target(conf: float) -> float:
    return conf - IMPLIED_TARGET


def mood_recoded(conf: float) -> float:
    return conf - MOOD_RECODED


def obligation() -> float:
    return OBLIGATION


def allegation() -> float:
    return ALLEGATION


def final(conf: float, negated: bool) -> float:
    """The event's reported confidence: less when negated, within [FLOOR, CEILING]."""
    return max(FLOOR, min(CEILING, conf - (NEGATED if negated else 0.0)))


def vetoed(conf: float) -> float:
    """A pattern event a second opinion disagrees with."""
    return round(conf * VETO_FACTOR, 3)


def model_event(probability: float, scale: float) -> float:
    """A detector event: the model's probability of its class, scaled, at least FLOOR."""
    return round(max(FLOOR, probability * scale), 3)
