"""The event record every stage shares (see DESIGN.md, "The event record").

Actors and events are plain dataclasses; ``Event.to_dict()`` gives the public JSON shape.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Article:
    """An input article: ``{id, text, published, title?, url?, outlet?}``."""

    id: str | None
    text: str
    published: dt.date | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None


@dataclass(frozen=True)
class Actor:
    """A resolved participant: ``country`` + ``sector`` make the CAMEO-style ``code``."""

    text: str
    country: str | None
    sector: str | None
    name: str
    start_char: int
    end_char: int
    via: str = "dictionary"  # how it was resolved: dictionary, context, coreference, speaker, ...

    @property
    def code(self) -> str | None:
        if not self.country:
            return None
        return self.country + (self.sector or "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "code": self.code,
            "country": self.country,
            "sector": self.sector,
            "name": self.name,
            "start_char": self.start_char,
            "end_char": self.end_char,
            "via": self.via,
        }


@dataclass(frozen=True)
class Span:
    text: str
    start_char: int
    end_char: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Event:
    article_id: str | None
    sentence_index: int
    sentence: str
    source: Actor | None
    target: Actor | None
    cameo: str
    cameo_root: str
    goldstein: float
    quad_class: int
    plover: str | None
    plover_mode: str | None
    contexts: list[str]
    negated: bool
    trigger: Span
    date: str | None
    date_precision: str
    rule: str
    confidence: float
    location: dict[str, Any] | None = None
    quote_id: str | None = None
    event_id: str = ""
    # one side of a reciprocal pair ("X and Y restored ties" → X→Y and Y→X); in PLOVER such an
    # event has all its participants as the actor and no recipient
    joint: bool = False
    # did it happen now, as told (dyad.events.realis): asserted | hypothetical | future |
    # background | denied, and the cue that decided it
    realis: str = "asserted"
    realis_cue: str | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "event_id": self.event_id,
            "sentence_index": self.sentence_index,
            "sentence": self.sentence,
            "source": self.source.to_dict() if self.source else None,
            "target": self.target.to_dict() if self.target else None,
            "cameo": self.cameo,
            "cameo_root": self.cameo_root,
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
            "plover": self.plover,
            "plover_mode": self.plover_mode,
            "contexts": list(self.contexts),
            "negated": self.negated,
            "trigger": self.trigger.to_dict(),
            "date": self.date,
            "date_precision": self.date_precision,
            "location": self.location,
            "quote_id": self.quote_id,
            "joint": self.joint,
            "realis": self.realis,
            "realis_cue": self.realis_cue,
            "rule": self.rule,
            "confidence": round(self.confidence, 3),
            **self.extras,
        }
