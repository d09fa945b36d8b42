"""Reading the dependency parse around a trigger: its subject (through control, relative
clauses and coordination), direct object, possessors and prepositional objects.

Every pattern slot (``dyad.events.slots``) and every filter is built from these.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from dyad.events import words

if TYPE_CHECKING:
    from spacy.tokens import Token

SUBJECT_DEPS = ("nsubj", "csubj")
# Dependencies through which a verb without its own subject inherits its head's subject.
INHERIT_SUBJECT = frozenset({"xcomp", "conj", "advcl", "acl", "pcomp", "ccomp", "acomp"})


LIGHT_VERBS = words.group("light_verbs")
RELATIVIZERS = frozenset({"who", "which", "that"})


def possessors(head: Token) -> list[Token]:
    heads = [head] + [c for c in head.children if c.dep_ == "compound"]
    return [c for h in heads for c in h.children if c.dep_ == "poss" and c.pos_ != "PRON"]


def direct_object(tok: Token) -> Token | None:
    if any(c.dep_ == "nsubjpass" for c in tok.children):
        return next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
    return next((c for c in tok.children if c.dep_ in ("dobj", "obj")), None)


def subject(tok: Token) -> list[Token]:
    for c in tok.children:
        if c.dep_ == "agent":
            return [g for g in c.children if g.dep_ == "pobj"]
    if any(c.dep_ == "nsubjpass" for c in tok.children):
        return []
    for c in tok.children:
        if c.dep_ in SUBJECT_DEPS:
            if c.lower_ in RELATIVIZERS and tok.dep_ == "relcl":
                return [tok.head]
            return [c]
    head = tok
    for _ in range(3):
        if head.dep_ in ("relcl", "acl") and bare_infinitive(head) and head.head.pos_ == "NOUN":
            # "began a strike to protest against X", "Russia's refusal to withdraw", "weapons
            # to use against X": the doer is whoever has or acts on the noun
            owners = mood_subject(head.head)
            if owners:
                return owners
        if head.dep_ == "relcl":
            return [head.head]
        if head.dep_ in ("acl",) and head.head.pos_ in ("NOUN", "PROPN"):
            return [head.head]
        if head.dep_ == "prep" and head.head.pos_ == "ADJ":
            head = head.head  # "are guilty of violating": through the adjective
            continue
        if head.dep_ not in INHERIT_SUBJECT or head.head.i == head.i:
            return []
        via_xcomp = head.dep_ == "xcomp"
        head = head.head
        if via_xcomp and head.pos_ in ("VERB", "AUX"):
            controller = next((c for c in head.children if c.dep_ in ("dobj", "obj")), None)
            if controller is not None and controller.pos_ in ("NOUN", "PROPN", "PRON"):
                return [controller]  # "forced the rebels to withdraw": the rebels withdraw
        for c in head.children:
            if c.dep_ == "agent":  # "was attacked by militiamen, killing 156": the agent
                return [g for g in c.children if g.dep_ == "pobj"]
            if c.dep_ in SUBJECT_DEPS:
                return [c]
        if any(c.dep_ == "nsubjpass" for c in head.children):
            return []  # an agentless passive: the doer is unknown, not the next clause up
    return []


def mood_subject(word: Token) -> list[Token]:
    """Who holds the mood: the verb's or adjective's subject; for a noun ("Russia's refusal to
    talk", "Israel and Syria reached an agreement to ...") its possessor, else the subject
    of the verb it is the object of."""
    if word.pos_ not in ("NOUN", "PROPN"):
        return subject(word)
    owners = possessors(word) or prep_objects(word, "of")  # "the right of X to ..."
    if owners:
        return owners
    if word.dep_ in ("dobj", "nsubjpass"):
        return subject(word.head)
    if word.dep_ == "pobj" and word.head.head is not word.head:
        return subject(word.head.head)
    return []


def bare_infinitive(clause: Token) -> bool:
    """"to protest", with no subject of its own."""
    return clause.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children) \
        and not any(c.dep_ in SUBJECT_DEPS for c in clause.children)


def prep_objects(tok: Token, word: str, deps: tuple[str, ...] = ("prep", "agent", "dative")
                  ) -> list[Token]:
    return [g for c in tok.children if c.dep_ in deps and c.lower_ == word
            for g in c.children if g.dep_ == "pobj"]


def walk_up(tok: Token, limit: int | None = None) -> Iterator[Token]:
    """``tok``, its head, its head's head … up to and including the sentence root (whose head is
    itself), at most ``limit`` tokens. spaCy makes a new Token object per access, so the root is
    found by comparing indices, never with ``is``."""
    node, seen = tok, 0
    while limit is None or seen < limit:
        yield node
        seen += 1
        if node.head.i == node.i:
            return
        node = node.head


def verb_above(tok: Token) -> Token:
    """The nearest verb at or above ``tok`` (the clause it belongs to), else the root."""
    for node in walk_up(tok):
        if node.pos_ in ("VERB", "AUX"):
            return node
    return node  # the root


def clauses_above(trigger: Token) -> set[int]:
    """The token indices of the trigger's clause and of every clause above it, to the root."""
    above, node = set(), verb_above(trigger)
    for _ in range(8):
        above.add(node.i)
        if node.head.i == node.i:
            break
        node = verb_above(node.head)
    return above
