"""What one article has said so far about its actors: the record every resolution reads.

Only the ``note_*`` methods write it, and each is called by the stage that owns that fact:
the phrase finder notes dictionary mentions and the people it met (``dyad.actors.phrases``),
speech finding notes who speaks where (``dyad.quotes``), and the coder notes each sentence's
subjects and targets once its events are known (``dyad.coder``). Everything else only reads.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from dyad.actors.lexicon import Entry, Lexicon
from dyad.record import Actor

# Dictionary kinds for communities without a state of their own in the phrase: coded by
# the state they live in (ethnic groups, religious communities).
GROUP_KINDS = frozenset({"ethnic", "religious"})


@dataclass(frozen=True)
class Mention:
    start: int  # token index
    end: int
    entry: Entry


@dataclass
class ArticleState:
    """Dictionary mentions by token and the running discourse state of one article."""

    doc: Doc
    published: dt.date | None
    lexicon: Lexicon
    by_token: dict[int, Mention] = field(default_factory=dict)
    people: list[tuple[int, Actor]] = field(default_factory=list)  # (token index, actor)
    countries_seen: list[tuple[int, str]] = field(default_factory=list)
    subjects: list[tuple[int, Actor]] = field(default_factory=list)
    last_targets: list[Actor] = field(default_factory=list)
    speakers: dict[int, Actor] = field(default_factory=dict)  # token index -> speaker actor
    unknown_people: list[int] = field(default_factory=list)  # names we cannot place
    credit_ends: dict[int, int | None] = field(default_factory=dict)  # cache: sentence start -> dateline end

    # --- reading ---------------------------------------------------------------------------
    def mention_at(self, token: Token) -> Mention | None:
        return self.by_token.get(token.i)

    def topic_countries(self) -> set[str]:
        return {c for _, c in self.countries_seen}

    # --- writing: one method per fact, each called by the fact's owner ----------------------
    def note_mentions(self, mentions: list[Mention]) -> None:
        """The dictionary mentions of the article (the phrase finder, once): every token of a
        mention points to it; a state the lexicon knows counts as a country seen."""
        for mention in mentions:
            for i in range(mention.start, mention.end):
                self.by_token[i] = mention
            entry = mention.entry
            if entry.country and entry.country in self.lexicon.countries and not entry.stateless:
                self.countries_seen.append((mention.start, entry.country))
        self.countries_seen.sort()

    def note_person(self, token_index: int, actor: Actor) -> None:
        if actor.name and actor.via != "speaker":
            self.people.append((token_index, actor))

    def note_unknown_person(self, token_index: int) -> None:
        """A person we cannot place: still the one a later "he" means."""
        self.unknown_people.append(token_index)

    def note_speakers(self, speakers: dict[int, Actor]) -> None:
        """Who speaks at each token inside a quote (speech finding, once)."""
        self.speakers = speakers

    def note_subject(self, token_index: int, actor: Actor) -> None:
        self.subjects.append((token_index, actor))

    def note_target(self, actor: Actor) -> None:
        self.last_targets.append(actor)
