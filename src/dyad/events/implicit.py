"""Targets that come from places: a place named in a slot ("shelled Aleppo") and the implicit
target of a domestic event with an unnamed side (the place it happens in, the protesters'
government, the coercer's own people)."""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from dyad.events import confidence as adjust
from dyad.events.matches import Match, plover_type
from dyad.events.slots import slot_tokens
from dyad.places import Gazetteer, default_gazetteer, place_named
from dyad.record import Actor

if TYPE_CHECKING:
    from spacy.tokens import Token

    from dyad.actors.resolve import ArticleActors


# Events done *to a place* when no one is named: "imposed a curfew in Abidjan", "bombs exploded
# in Kabul" are aimed at that place's country (CAMEO codes the location as the target).
PLACE_TARGET_TYPES = frozenset({"ASSAULT", "COERCE", "THREATEN", "MOBILIZE", "PROTEST", "AID",
                                "SANCTION"})
PLACE_PREPS = frozenset({"in", "at", "into", "across", "around", "near", "inside", "outside",
                         "throughout"})


def implicit_target(m: Match, actors: ArticleActors) -> Match:
    """Fill an empty target from the event's place; else a protest's is the protesters' own
    government ("Egyptians rioted calling for Mubarak's removal": Egypt's citizens → Egypt)
    and a coercion's is the coercer's own country ("imposed martial law"): the ICEWS
    convention for domestic events with an unnamed side."""
    if m.target is not None or m.source is None or not m.source.country:
        return m
    kind = plover_type(m.cameo)
    if kind not in PLACE_TARGET_TYPES:
        return m
    place = place_actor(m.trigger, actors)
    if place is not None and place.country:
        return replace(m, target=place)
    if m.source.country not in NON_STATE_CODES:
        # what the pattern itself codes: "prepared to impose martial law" is a coercion
        # (recoded as a threat by its mood)
        own = plover_type(m.pattern.cameo) if m.pattern.cameo[:2] != "01" else kind
        sector = IMPLIED_SECTORS.get(own or "", IMPLIED_SECTORS.get(kind or ""))
        if sector is not None:
            start = m.trigger.idx
            country = m.source.country
            implied = Actor("", country, sector or None,
                            actors.lexicon.countries.get(country, country), start, start,
                            "implied")
            return replace(m, target=implied, confidence=adjust.implied_target(m.confidence))
    return m


# The unnamed side of a domestic event: protesters protest against their government; a
# government coerces its own people (curfews, martial law, bans, arrests). "" = no sector.
IMPLIED_SECTORS = {"PROTEST": "GOV", "COERCE": ""}


# Codes that are not states: their protests have no implied government.
NON_STATE_CODES = frozenset({"IGO", "UNO", "EUR", "NGO", "IMG", "MNC"})


def place_actor(trigger: Token, actors: ArticleActors) -> Actor | None:
    """The country of a place the event happens in: "in Kabul", "at the border of Chad"."""
    heads = [trigger]
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ in ("dobj", "nsubjpass", "pobj"):
        heads.append(trigger.head)  # the light verb of "exploded bombs in Kabul"
    for head in heads:
        for c in head.children:
            if c.dep_ != "prep" or c.lower_ not in PLACE_PREPS:
                continue
            for obj in c.children:
                if obj.dep_ != "pobj" or obj.pos_ != "PROPN":
                    continue
                found = [a for a in actors.resolve(obj) if a.sector is None]
                if found:
                    return found[0]
    return None


PLACE_SLOTS = ("dobj", "dative", "prep:", "object_prep:", "clause_prep:", "poss", "compound")


def slot_places(slots: tuple[str, ...], tok: Token, sources: list[Actor],
                gazetteer: Gazetteer | None = None) -> list[Actor]:
    """A target that is a place, not a known actor: "shelled Aleppo", "a market in Idlib",
    resolved with the gazetteer (dyad.places) to the country it is in."""
    hint = tuple(a.country for a in sources if a.country)
    for slot in slots:
        if not slot.startswith(PLACE_SLOTS):
            continue
        heads = slot_tokens(slot, tok)
        if slot == "dobj" and not heads:
            # "bombed Aleppo" parsed as a bare noun-phrase adverbial: the small model's slip on
            # a place name it does not know as an object (a date is never a place)
            heads = [c for c in tok.children if c.dep_ == "npadvmod" and c.pos_ == "PROPN"]
        for head in heads:
            found = place_named(head, gazetteer or default_gazetteer(), hint)
            if found is None:
                continue
            place, span = found
            return [Actor(span.text, place.country, None, place.name, span.start_char,
                          span.end_char, "place")]
    return []


