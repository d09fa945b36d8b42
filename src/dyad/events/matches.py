"""A matched event (``Match``, immutable: passes build new ones) and who speaks where
(``SpeechContext``)."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dyad import ontology
from dyad.record import Actor

if TYPE_CHECKING:
    from spacy.tokens import Token

    from dyad.events.patterns import Pattern


@dataclass(frozen=True)
class Match:
    """One event a pattern (or the detector: ``pattern`` None) found on ``trigger``. Frozen:
    the matcher's passes return new matches (``dataclasses.replace``) rather than edit them."""

    pattern: Pattern
    trigger: Token
    source: Actor | None
    target: Actor | None
    negated: bool
    confidence: float
    cameo: str = ""
    rule: str = ""
    joint: bool = False  # one side of a reciprocal pair

    def __post_init__(self) -> None:
        object.__setattr__(self, "cameo", self.cameo or self.pattern.cameo)
        object.__setattr__(self, "rule", self.rule or self.pattern.id)


@functools.lru_cache(maxsize=None)
def plover_type(cameo: str) -> str | None:
    """The PLOVER event type of a CAMEO code (None when it maps to none)."""
    coding = ontology.to_plover(cameo)
    return coding.type if coding else None


class SpeechContext:
    """Who speaks where: quote spans and reported clauses, by token index."""

    def __init__(self, speakers: dict[int, Actor], quote_ids: dict[int, str]):
        self._speakers = speakers
        self._quote_ids = quote_ids

    def speaker_for(self, tok: Token) -> Actor | None:
        return self._speakers.get(tok.i)

    def quote_id(self, tok: Token) -> str | None:
        return self._quote_ids.get(tok.i)
