"""A sentence's main event: one definition, with named variants.

Both variants pass over negated events. ``most_confident`` (the coder's vote for the
classifier, ``dyad.classify.combine``) takes the highest confidence, then the earliest
trigger; ``highest_in_parse`` (scoring against one-event-per-sentence gold,
``dyad.evaluate``) takes the trigger with the fewest hops to its sentence's root, then the
earliest trigger, then the coder's order.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable


def most_confident(events: Iterable, depth: Callable[[Any], int] | None = None):
    """The most confident non-negated event (earliest on ties), or None."""
    best = None
    for e in events:
        if getattr(e, "negated", False):
            continue
        key = (e.confidence, -(e.trigger.start_char if e.trigger else 0))
        if best is None or key > best[0]:
            best = (key, e)
    return best[1] if best else None


def highest_in_parse(events: Iterable, depth: Callable[[Any], int] | None = None):
    """The non-negated event whose trigger is highest in the parse (``depth(event)`` hops to
    the root), then the earliest trigger, then the first listed; None when none."""
    if depth is None:
        raise ValueError("highest_in_parse needs the triggers' depths")
    live = [e for e in events if not e.negated]
    return min(live, key=lambda e: (depth(e), e.trigger.start_char)) if live else None


VARIANTS = {"most_confident": most_confident, "highest_in_parse": highest_in_parse}


def main_event(events: Iterable, variant: str = "most_confident",
               depth: Callable[[Any], int] | None = None):
    """The main event by the named ``variant`` (a key of ``VARIANTS``)."""
    try:
        choose = VARIANTS[variant]
    except KeyError:
        raise ValueError(f"unknown main-event variant {variant!r}; use one of {sorted(VARIANTS)}") from None
    return choose(events, depth)
