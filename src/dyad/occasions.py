"""Occasion dates: what a speaker says at a speech, meeting or statement happened on that
occasion's day, not on the day the article appeared.

"Mr Kim gave mixed signals during a speech on Monday … He accused the country of stoking
tensions": the accusation carries no date of its own, so the coder would give it the
publication date; it was made at Monday's speech. ``Occasions`` follows one article in order.
An event whose own clauses give a date within the news window (at most ``WINDOW_DAYS`` before
publication: history does not set an occasion) records that date for its speaker; a later
event of the same speaker with no date of its own takes it, marked ``date_from: occasion``.

The speaker of an event is whoever speaks the quote or reported clause its trigger stands in,
else, for a verbal act (QuadClass 1 or 3: statements, appeals, accusations, rejections …),
its source. Material acts reported in a speaker's words ("he said troops had crossed the
border") keep their own dates: the occasion dates what was *said* there, the verbal acts.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from dyad.quotes import Quote
    from dyad.record import Event

WINDOW_DAYS = 30
VERBAL_QUADS = frozenset({1, 3})
PUBLICATION = "publication"
OCCASION_PRECISIONS = frozenset({"day", "week"})


@dataclass
class Occasions:
    published: dt.date | None
    _by_speaker: dict[str, tuple[str, str]] = field(default_factory=dict)

    def date(self, speaker: str | None, quad_class: int, date: str | None, precision: str
             ) -> tuple[str | None, str, bool]:
        """The event's (date, precision, from_occasion), noting a dated verbal act's day."""
        if speaker is None or quad_class not in VERBAL_QUADS:
            return date, precision, False
        if precision != PUBLICATION:
            if self._in_window(date, precision):
                self._by_speaker[speaker] = (date, precision)
            return date, precision, False
        found = self._by_speaker.get(speaker)
        if found is None:
            return date, precision, False
        return found[0], found[1], True

    def _in_window(self, date: str | None, precision: str) -> bool:
        """A day or a week no more than ``WINDOW_DAYS`` before publication (a month or a year
        names no one occasion)."""
        if date is None or self.published is None or precision not in OCCASION_PRECISIONS:
            return False
        try:
            day = dt.date.fromisoformat(date[:10])
        except ValueError:
            return False
        return dt.timedelta(0) <= self.published - day <= dt.timedelta(days=WINDOW_DAYS)


def date_from_occasions(events: list[Event], quotes: list[Quote], published: dt.date | None,
                        doc: Doc) -> None:
    """Give each verbal act with no date of its own its speaker's latest occasion (in place;
    ``events`` in article order). A perfect ("Mr Kim has called it a cunning attempt") tells
    of some earlier time, not of the occasion, and keeps its date."""
    speaker_of = {q.quote_id: q.speaker.code for q in quotes if q.speaker is not None}
    occasions = Occasions(published)
    for e in events:
        if _perfect(doc, e):
            continue
        speaker = speaker_of.get(e.quote_id) if e.quote_id else None
        if speaker is None and e.source is not None:
            speaker = e.source.code
        date, precision, moved = occasions.date(speaker, e.quad_class, e.date, e.date_precision)
        if moved:
            e.date, e.date_precision = date, precision
            e.extras["date_from"] = "occasion"


def _perfect(doc: Doc, event: Event) -> bool:
    span = doc.char_span(event.trigger.start_char, event.trigger.end_char,
                         alignment_mode="expand")
    return span is not None and any(c.dep_ == "aux" and c.lemma_ == "have"
                                    for c in span.root.children)
