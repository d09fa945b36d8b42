"""The noun-phrase rules: how a phrase's head and modifiers become an actor, in order.

``ArticleActors._resolve_np`` reads a phrase (``Phrase``: its head, its modifier tokens and what
the rules so far have found: country, sector, name, the known person it names) through
``NP_RULES`` in order. Each rule is ``rule(phrase, actors)``: it returns an ``Actor`` (the phrase
is resolved), ``VETO`` (the phrase names no actor) or ``None`` (go on), and may add to what the
phrase has found on the way. The order matters and is written down once, here: the phrase's own
words first, then people, spokespeople and surnames, then the discourse and the context.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from dyad.actors.lexicon import SPECIAL_COUNTRIES, Entry, role_distance
from dyad.actors.persons import UNDATED, _role_matches
from dyad.actors.state import GROUP_KINDS
from dyad.actors.words import (
    CONTEXTUAL,
    NON_STATE_ARMED,
    SPOKESPEOPLE,
    STATES_OF_MIND,
    TITLE_HEADS,
)
from dyad.record import Actor

if TYPE_CHECKING:
    from spacy.tokens import Token

    from dyad.actors.resolve import ArticleActors


class Veto:
    """The phrase names no actor; the rules after it do not run."""

    def __repr__(self) -> str:
        return "VETO"


VETO = Veto()


@dataclass
class Phrase:
    """A noun phrase being read, and what the rules have found in it so far."""

    head: Token
    tokens: list[Token]  # the head and its modifiers; states and people before ethnic groups
    country: str | None = None
    sector: str | None = None
    name: str | None = None
    via: str = "dictionary"
    person: Entry | None = None  # a known person the phrase names ...
    person_start: int = field(default=-1)  # ... from this token on
    by_modifier: bool = False  # the sector comes from a modifier, not from the head noun

    @property
    def lemma(self) -> str:
        return self.head.lemma_.lower()


Rule = Callable[[Phrase, "ArticleActors"], "Actor | Veto | None"]


def read_modifiers(p: Phrase, a: ArticleActors) -> None:
    """The dictionary mentions and sector words of the head and its modifiers: the first
    state or organisation names the country, a person entry the person, sector words the
    sector ("US State Department spokesperson Ned Price" → USA + GOV + "Ned Price")."""
    head = p.head
    for tok in p.tokens:
        mention = a.by_token.get(tok.i)
        if mention is not None and mention.entry.kind == "metonym" and tok.head.i != head.i \
                and tok.head.pos_ == "PROPN" and tok.head.i not in a.by_token:
            continue  # "a London Tramlink vehicle": a city inside another place's name
        if mention is None:
            if tok.i == head.i or tok.dep_ in ("compound", "amod", "appos"):
                found = a._word_sector(tok, lemma=tok.i == head.i)
                p.by_modifier = p.by_modifier or (not p.sector and found is not None
                                                  and tok.i != head.i)
                if found == "OPP" and p.sector == "GOV" and tok.i != head.i:
                    p.sector = found  # "an opposition spokesman", "the shadow home secretary"
                p.sector = p.sector or found
            continue
        entry = mention.entry
        if entry.kind == "person":
            if p.person is None:
                p.person, p.person_start = entry, mention.start
        elif (entry.country or entry.kind == "religious") and not p.country:
            _entry_country(p, a, entry)
    return None


def _entry_country(p: Phrase, a: ArticleActors, entry: Entry) -> None:
    """The country (and sector, name) of the first state, group or organisation mentioned."""
    p.country = entry.country
    if entry.kind in GROUP_KINDS or entry.stateless:
        p.country = a._ethnic_country(p.head, entry)
        if entry.kind == "religious" and not entry.places:
            p.via = "context"  # a community found anywhere: the state in sight
    if entry.kind in ("metonym", "organisation") and entry.sector:
        # MIL is a state's armed forces: a non-state armed group's "forces" or
        # "drones" keep the group's sector (Hamas drones PSE REB)
        armed = entry.kind == "organisation" and entry.sector in NON_STATE_ARMED
        p.sector = entry.sector if armed and p.sector == "MIL" else p.sector or entry.sector
    if entry.kind == "organisation":
        p.name = p.name or entry.name


def state_of_mind(p: Phrase, a: ArticleActors) -> Veto | None:
    """"The Turkish preoccupation with Syria": a feeling does not act."""
    if p.country is not None and p.sector is None and p.person is None and \
            p.head.pos_ == "NOUN" and p.lemma in STATES_OF_MIND and all(
                a.by_token[t.i].entry.kind == "demonym" for t in p.tokens if t.i in a.by_token):
        return VETO
    return None


def not_a_political_party(p: Phrase, a: ArticleActors) -> Actor | Veto | None:
    """"The concerned parties", "a New Year's Eve party": sides or a celebration, not a
    political party - only a state the phrase names owns them ("Yemen's warring parties"),
    never the one in context."""
    head = p.head
    if not (p.sector == "PTY" and a._side_or_celebration(head)):
        return None
    poss = next((c for c in head.children if c.dep_ == "poss"), None)
    owner = a._resolve_one(poss) if poss is not None and poss.pos_ != "PRON" else None
    country = p.country or (owner.country if owner is not None else None)
    if country is None or p.person is not None:
        return VETO
    return a._span_actor(head, country, None, a.lexicon.countries.get(country, country), p.via)


def national_body(p: Phrase, a: ArticleActors) -> None:
    """"The National Security Council": a state's own, placed by context."""
    if p.sector is None and p.country is None and p.person is None and \
            p.lemma in ("council", "committee", "commission") and \
            any(t.lower_ == "national" for t in p.tokens if t.i < p.head.i):
        p.sector = "GOV"
    return None


def adjective_on_a_thing(p: Phrase, a: ArticleActors) -> None:
    """"A new military offensive": a sector adjective on a thing is no actor."""
    if p.by_modifier and p.country is None and p.person is None \
            and not a._names_an_actor(p.head):
        p.sector = None
    return None


def person(p: Phrase, a: ArticleActors) -> Actor | None:
    """A known person the phrase names (at the role of the article's date); else a person's
    name met earlier in the article or a famous surname; else a contextual metonym ("the
    North" when Korea is the topic)."""
    head = p.head
    if p.person is not None:
        _dated_person(p, a)
        return None
    if head.i not in a.by_token and (head.ent_type_ == "PERSON" or (
            head.pos_ == "PROPN" and a._is_person_name(head))):
        return _named_person(p, a)
    if head.pos_ == "PROPN" and p.country is None and (famous := a._famous_surname(head)):
        entry, how = famous
        return a._span_actor(head, entry.country, entry.sector, entry.name, how)
    if p.country is None and head.lower_ in CONTEXTUAL and a._has_det_the(head):
        code, csector, needs = CONTEXTUAL[head.lower_]
        if a.topic_countries() & needs:
            return a._span_actor(head, code, csector, a.lexicon.countries.get(code, code),
                                 "context")
    return None


def _dated_person(p: Phrase, a: ArticleActors) -> None:
    """A known full name: its country, sector and name. Outside its role dates, the role its
    title names ("UN Secretary-General Ban Ki-moon"), else the nearest; after the last role
    ended and with no title, among the country's elites."""
    entry = p.person
    p.country, p.sector, p.name = entry.country, entry.sector or p.sector, entry.name
    if a.published is not None and role_distance(entry, a.published):
        p.via = UNDATED
        roles = [e for e in a.lexicon.lookup(entry.phrase, a.published)
                 if e.kind == "person" and e.name == entry.name]
        title = a._title_before(p.person_start)
        titled = [e for e in roles if _role_matches(title, e.role)] if title else []
        if titled:
            p.person = entry = titled[0]
            p.country, p.sector = entry.country, entry.sector or p.sector
        if a._is_former(p.head) or (not title and all(
                e.end is not None and e.end < a.published for e in roles)):
            p.sector = "ELI"  # out of office by then ("ousted president Morsi")
    elif a._is_former(p.head):
        p.sector = "ELI"
    if p.country in SPECIAL_COUNTRIES and p.sector != "ELI":
        p.sector = entry.sector  # the UN chief is UNO, not a government


def _named_person(p: Phrase, a: ArticleActors) -> Actor | None:
    """A person's name not in the dictionary: someone the article met, a famous surname, or
    a new person of the country the phrase names (else of the context)."""
    head = p.head
    known = a._person_by_name(head)
    if known is not None:
        return a._span_actor(head, known.country, known.sector, known.name, "coreference")
    famous = a._famous_surname(head)
    if famous is not None and not p.country:
        entry, how = famous
        return a._span_actor(head, entry.country, entry.sector, entry.name, how)
    p.name = a._person_name(head)
    if p.country or p.sector:
        p.via = "context"
    return None


def spokesperson(p: Phrase, a: ArticleActors) -> Actor | None:
    """"A spokesman for UN chief Ban Ki-moon": the one spoken for; an IGO's spokesman takes
    no GOV of its own."""
    if p.country is None and p.lemma in SPOKESPEOPLE:
        owner = a._spoken_for(p.head)
        if owner is not None:
            own = owner.sector if owner.country in SPECIAL_COUNTRIES else owner.sector or p.sector
            return a._span_actor(p.head, owner.country, own, owner.name, owner.via)
    return None


def surname_modifier(p: Phrase, a: ArticleActors) -> None:
    """"The Bush administration", "Putin loyalists": a famous surname as a modifier of a
    common noun (not a first name: "President Abdelaziz Bouteflika")."""
    if p.country is None and p.person is None and p.head.pos_ == "NOUN":
        for tok in p.tokens:
            if tok.i != p.head.i and tok.dep_ == "compound" and tok.pos_ == "PROPN" \
                    and tok.i not in a.by_token:
                famous = a._famous_surname(tok)
                if famous is not None:
                    entry, p.via = famous
                    p.country, p.sector = entry.country, p.sector or entry.sector
                    break
    return None


def discourse(p: Phrase, a: ArticleActors) -> None:
    """The country the discourse gives a phrase that names none (dyad.actors.placing)."""
    if p.country is None:
        p.country, p.sector, p.via = a._country_from_discourse(p.head, p.sector)
    return None


def nothing_found(p: Phrase, a: ArticleActors) -> Veto | None:
    """No country and no sector: not an actor."""
    return VETO if p.country is None and p.sector is None else None


def title_holder(p: Phrase, a: ArticleActors) -> Actor | None:
    """"The prime minister", "an opposition spokesman": one person with a title, not
    whichever country the sentence named last."""
    head = p.head
    if p.country is None and p.sector is not None and head.lower_ in TITLE_HEADS \
            and head.pos_ in ("NOUN", "PROPN") and not any(
                t.i in a.by_token for t in head.subtree if t.i > head.i):
        titled = a._title_holder(head)
        if titled is not None:
            return a._span_actor(head, titled.country, titled.sector or p.sector,
                                 titled.name, "coreference")
        p.country, p.via = a._dominant_country(head), "context"
    return None


def foreign(p: Phrase, a: ArticleActors) -> Veto | None:
    """"Western forces": not the country in context."""
    if p.country is None and p.sector is not None and p.person is None and a._foreign(p.head):
        return VETO
    return None


def context_country(p: Phrase, a: ArticleActors) -> None:
    """"Rebels", "Planning Minister Tran Xuan Gia": a sector with no country of its own belongs
    to the country the sentence (else the article so far) is about."""
    if p.country is None and p.sector is not None:
        p.country = a._context_country(p.head)
        p.via = "context"
    return None


def placed(p: Phrase, a: ArticleActors) -> Actor | Veto:
    """The actor found; a bare "the government" we cannot place is not one."""
    if p.country is None:
        return VETO
    return a._span_actor(p.head, p.country, p.sector,
                         p.name or a.lexicon.countries.get(p.country or "", p.country or ""), p.via)


#: The order of the noun-phrase rules, written down once.
NP_RULES: tuple[tuple[str, Rule], ...] = (
    ("modifiers", read_modifiers),
    ("state of mind", state_of_mind),
    ("not a political party", not_a_political_party),
    ("national body", national_body),
    ("adjective on a thing", adjective_on_a_thing),
    ("person", person),
    ("spokesperson", spokesperson),
    ("surname as modifier", surname_modifier),
    ("discourse", discourse),
    ("nothing found", nothing_found),
    ("title holder", title_holder),
    ("foreign", foreign),
    ("context country", context_country),
    ("placed", placed),
)
