"""Pattern slots: where on the parse an event's source or target is read.

Each slot is one function registered under its name with ``@parse_slot`` (it returns the
tokens that may name the party) or ``@context_slot`` (it returns actors from the article's
context: earlier events, the speaker). A name ending in ``:`` is a prefix: ``prep:`` serves
``prep:at``, ``prep:on`` … with the word after the colon as its argument. ``SLOTS`` is the
registry that ``dyad.events.patterns`` validates pattern files against, so a slot a pattern
may name is a slot that runs. ``slot_actors`` reads a pattern's slots in order.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterator

from dyad.events import words
from dyad.events.matches import plover_type
from dyad.events.parties import same_actor
from dyad.events.syntax import (LIGHT_VERBS, RELATIVIZERS, direct_object, possessors,
                                prep_objects, subject)

if TYPE_CHECKING:
    from spacy.tokens import Token

    from dyad.actors.resolve import ArticleActors
    from dyad.events.matches import Match, SpeechContext
    from dyad.record import Actor

History = "tuple[list[Match], list[Match]]"  # (earlier sentences', this sentence's)


@dataclass(frozen=True)
class Slot:
    name: str
    kind: str  # "parse": fn(trigger, word) -> tokens; "context": fn(trigger, history, speech) -> actors
    fn: Callable


SLOTS: dict[str, Slot] = {}


def _register(name: str, kind: str) -> Callable[[Callable], Callable]:
    def add(fn: Callable) -> Callable:
        if name in SLOTS:
            raise ValueError(f"slot {name!r} registered twice")
        SLOTS[name] = Slot(name, kind, fn)
        return fn
    return add


def parse_slot(name: str) -> Callable[[Callable], Callable]:
    """Register ``fn(trigger, word) -> list[Token]`` as the slot ``name``."""
    return _register(name, "parse")


def context_slot(name: str) -> Callable[[Callable], Callable]:
    """Register ``fn(trigger, history, speech) -> list[Actor]`` as the slot ``name``."""
    return _register(name, "context")


def slot_named(name: str) -> tuple[Slot, str] | None:
    """The registered slot for a pattern's slot name and its argument ("prep:at" -> prep:, "at")."""
    if name in SLOTS:
        return SLOTS[name], ""
    head, colon, word = name.partition(":")
    found = SLOTS.get(head + colon) if colon else None
    return (found, word) if found is not None else None


def fixed_names() -> list[str]:
    return sorted(n for n in SLOTS if not n.endswith(":"))


def prefix_names() -> list[str]:
    return [n for n in SLOTS if n.endswith(":")]  # in the order registered


def slot_tokens(name: str, tok: Token) -> list[Token]:
    """The tokens a parse slot reads on ``tok`` (none for a context slot or an unknown name)."""
    found = slot_named(name)
    if found is None or found[0].kind != "parse":
        return []
    slot, word = found
    return slot.fn(tok, word)


# Things that show or tell of someone: "released photographs of the leader" releases no one.
DEPICTIONS = words.group("depictions")
# Nouns that name an event already reported ("condemned the launch", "rejected the move").
EVENT_NOUNS = words.group("event_nouns")


# The PLOVER types of the events such a noun names: "condemned the launch" points back to a
# launch, not to whatever was coded last. Nouns not listed ("move", "decision") take any event.
_FORCE = frozenset({"ASSAULT", "MOBILIZE", "THREATEN", "COERCE"})
EVENT_NOUN_KINDS = {
    **{n: _FORCE for n in ("launch", "test", "attack", "strike", "raid", "bombing", "shelling",
                           "incursion", "invasion", "killing", "deployment", "drill",
                           "exercise", "provocation", "violation", "threat")},
    **{n: frozenset({"COERCE", "ASSAULT"}) for n in ("crackdown", "arrest")},
    "sanction": frozenset({"SANCTION", "COERCE"}),
    **{n: frozenset({"ACCUSE", "THREATEN", "DEMAND", "REQUEST", None})
       for n in ("remark", "comment", "statement", "accusation", "claim")},
}


# Prepositions inside a slot's phrase that name the party it is about: "demands from X", "a war
# against X", "talks with X", "crimes committed by X", "a camp for Congolese refugees".
NESTED_PREPS = ("of", "for", "from", "against", "with", "by")


def nested_parties(head: Token, depth: int = 2,
                    preps: tuple[str, ...] = NESTED_PREPS) -> list[Token]:
    """Tokens that may name the party a slot's phrase is about when its head names none, nearest
    first: possessors, then objects of NESTED_PREPS on it or on a participle after it, then
    the same one level down ("in protest of the government's refusal")."""
    if head.lemma_.lower() in DEPICTIONS:
        return possessors(head)
    first = list(possessors(head))
    inner = [g for word in preps for g in prep_objects(head, word)]
    for acl in (c for c in head.children if c.dep_ == "acl"):
        inner += [g for word in ("by", "against") if word in preps for g in prep_objects(acl, word)]
    out = first + inner
    if depth > 1:
        for g in inner:
            out += [t for t in nested_parties(g, depth - 1, preps) if t not in out]
    return out


def latest_first(history: tuple[list[Match], list[Match]]) -> Iterator[Match]:
    """Matches so far, newest first: this sentence's, then the article's earlier ones."""
    earlier, current = history
    yield from reversed(current)
    yield from reversed(earlier)


def slot_actors(slots: tuple[str, ...], tok: Token, actors: ArticleActors,
                history: tuple[list[Match], list[Match]], speech: SpeechContext | None = None,
                avoid: tuple[Actor, ...] = (), cooperative: bool = False) -> list[Actor]:
    """The actors the first filled slot names. Inside a phrase ("its war with Iraq") a
    party that is one of ``avoid`` (the sources) is passed over for the next one. A
    cooperative event is not with the party a thing is against ("supported the sanctions
    against Pyongyang" supports no one in Pyongyang)."""
    nested = tuple(w for w in NESTED_PREPS if not (cooperative and w == "against"))
    for slot in slots:
        found_slot = slot_named(slot)
        if found_slot is not None and found_slot[0].kind == "context":
            found = found_slot[0].fn(tok, history, speech)
            if found:
                return found
            continue
        heads = slot_tokens(slot, tok)
        for head in heads:
            found = actors.resolve(head)
            if head.i == tok.head.i and tok.dep_ == "acl":
                inside = range(tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge))
                found = [a for a in found if a.start_char not in inside]  # not its own agent
            if found:
                return found
        if slot != "subject":
            # "objected to Japan's new policy": the possessor owns the thing; "attacked a
            # camp for Congolese refugees": the people the thing is of or for
            for head in heads:
                if slot == "dobj" and (head.lower_ in ("it", "this", "that") or head.i == tok.head.i):
                    continue  # "a lunch hosted by X": the thing itself, if no actor, is no one
                for inner in nested_parties(head, preps=nested):
                    found = [a for a in actors.resolve(inner) if not any(
                        same_actor(s, a, actors.lexicon.countries) for s in avoid)]
                    if found:
                        return found
        if slot == "dobj":
            earlier = _earlier_event_source(tok, actors, history, avoid)
            if earlier:
                return earlier
    return []


def _earlier_event_source(tok: Token, actors: ArticleActors, history: History,
                          avoid: tuple[Actor, ...]) -> list[Actor]:
    """"the South condemned the launch": an object naming an earlier event points back to
    that event's source."""
    obj = direct_object(tok)
    if obj is not None and obj.lemma_.lower() in EVENT_NOUNS and any(
            c.dep_ == "det" and c.lower_ in ("the", "this", "these", "that")
            for c in obj.children):
        # the latest earlier event of the kind the noun names ("the launch": a
        # launch, not the last condemnation of it), by someone other than the source
        kinds = EVENT_NOUN_KINDS.get(obj.lemma_.lower())
        for m in latest_first(history):
            if m.source is not None and m.trigger.i < tok.i and (
                    kinds is None or plover_type(m.cameo) in kinds) and not any(
                    same_actor(a, m.source, actors.lexicon.countries) for a in avoid):
                return [m.source]
    return []


# --- the slots ---------------------------------------------------------------------------------
@parse_slot("subject")
def _subject_slot(tok: Token, word: str) -> list[Token]:
    """nsubj; the agent in the passive; inherited through xcomp/conj/advcl."""
    return subject(tok)


@parse_slot("dobj")
def _dobj_slot(tok: Token, word: str) -> list[Token]:
    """The direct object (the passive subject in the passive)."""
    obj = direct_object(tok)
    if obj is None and tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.pos_ in (
            "NOUN", "PROPN") and any(c.dep_ == "agent" for c in tok.children):
        obj = tok.head  # "Assad's regime, backed by Moscow": the regime is backed
    return [obj] if obj is not None else []


@parse_slot("dative")
def _dative_slot(tok: Token, word: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ == "dative" and c.pos_ != "ADP"] + [
        g for c in tok.children if c.dep_ == "dative" and c.pos_ == "ADP"
        for g in c.children if g.dep_ == "pobj"]


@parse_slot("prep:")
def _prep_slot(tok: Token, word: str) -> list[Token]:
    """The object of preposition ``word`` on the trigger, or on the light verb of a noun."""
    # "backed by Moscow": the agent of a passive is its doer, never a "stand by" target
    found = prep_objects(tok, word, deps=("prep", "dative"))
    if not found and tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "nsubjpass"):
        found = prep_objects(tok.head, word)  # "launched airstrikes on Gaza"
    return found


@parse_slot("object_prep:")
def _object_prep_slot(tok: Token, word: str) -> list[Token]:
    """Preposition ``word`` on the direct object or a participle after it: "talks with X"."""
    obj = direct_object(tok)
    if obj is None:
        return []
    found: list[Token] = []
    for o in (obj, *obj.conjuncts):  # "artillery, mortar and rocket fire against X"
        found = found or prep_objects(o, word)
        for acl in (c for c in o.children if c.dep_ == "acl"):
            found = found or prep_objects(acl, word)  # "the progress made by Ukraine"
    return found


@parse_slot("clause_prep:")
def _clause_prep_slot(tok: Token, word: str) -> list[Token]:
    """Preposition ``word`` inside the complement clause: "agreed to lift sanctions on X"."""
    out: list[Token] = []
    for c in tok.children:
        if c.dep_ in ("xcomp", "ccomp", "advcl"):
            out += prep_objects(c, word)
            obj = direct_object(c)
            if obj is not None:
                out += prep_objects(obj, word)
    return out


@parse_slot("clause_subject")
def _clause_subject_slot(tok: Token, word: str) -> list[Token]:
    """"urged X to ...", "called for X to ..."."""
    out: list[Token] = []
    for c in tok.children:
        if c.dep_ in ("xcomp", "ccomp") or (c.dep_ == "advcl" and any(
                g.dep_ == "mark" and g.lower_ == "for" for g in c.children)):
            # "urged X to ...", "called for X to ..."; "asking Britain to take back the
            # fighters": the one asked, not the clause's own object
            subj = [g for g in c.children if g.dep_ == "nsubj" and g.lower_ not in RELATIVIZERS]
            own = [g for g in tok.children if g.dep_ == "dobj"]
            out += subj or own + [g for g in c.children if g.dep_ == "dobj"]
    return out or [c for c in tok.children if c.dep_ == "dobj"]


@parse_slot("poss")
def _poss_slot(tok: Token, word: str) -> list[Token]:
    """"Russia's attack"."""
    return [c for c in tok.children if c.dep_ == "poss"]


@parse_slot("compound")
def _compound_slot(tok: Token, word: str) -> list[Token]:
    """"US strikes"."""
    return [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod")]


@parse_slot("governor")
def _governor_slot(tok: Token, word: str) -> list[Token]:
    """The subject of the light verb governing a noun trigger: "held talks"."""
    head = tok.head
    if tok.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in LIGHT_VERBS:
        return subject(head)
    return []


@parse_slot("affected")
def _affected_slot(tok: Token, word: str) -> list[Token]:
    """Who suffered the act a noun trigger names, as the passive subject of the verb it hangs
    off by a preposition: "civilians were killed in airstrikes", "homes destroyed by
    shelling"."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.dep_ not in ("prep", "agent") or prep.lower_ not in (
            "in", "by", "during", "under"):
        return []
    verb = prep.head
    return [c for c in verb.children if c.dep_ == "nsubjpass"] if verb.pos_ == "VERB" else []


@parse_slot("between")
def _between_slot(tok: Token, word: str) -> list[Token]:
    """"talks between X and Y" (reciprocal)."""
    return [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "between"
            for g in c.children if g.dep_ == "pobj"]


@context_slot("proposal_source")
def _proposal_source_slot(tok: Token, history: History, speech: SpeechContext | None) -> list[Actor]:
    """The source of the article's latest appeal, offer or proposal: "called it a cunning attempt"."""
    for m in latest_first(history):
        if m.cameo[:2] in ("02", "03", "10") and m.source is not None:
            return [m.source]
    return []


@context_slot("speaker")
def _speaker_slot(tok: Token, history: History, speech: SpeechContext | None) -> list[Actor]:
    """Whoever speaks the quote or reported clause the trigger stands in: "Iran said the
    delegates snubbed Israel" (the source of a claim, as ``speech: claim`` patterns read it)."""
    speaker = speech.speaker_for(tok) if speech is not None else None
    return [speaker] if speaker is not None else []
