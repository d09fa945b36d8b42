"""Whether a matched event was asserted: not hypothetical ("if X strikes", "may strike", "the
risk of a clash"), not the content of a noun ("allegations that X killed"), not wished for
("held out for X to ease sanctions"), and whether its trigger is negated."""
from __future__ import annotations

from typing import TYPE_CHECKING

from dyad.events import words
from dyad.events.syntax import SUBJECT_DEPS, bare_infinitive, walk_up

if TYPE_CHECKING:
    from spacy.tokens import Token

# Dependencies through which negation of a governing word reaches the trigger.
NEGATION_PATH = frozenset({"xcomp", "relcl", "attr", "acomp", "pcomp", "prep", "aux", "auxpass"})


HYPOTHETICAL_MARKS = frozenset({"if", "unless", "whether", "lest"})
HYPOTHETICAL_AUX = frozenset({"may", "might", "could"})
OBLIGATION_AUX = frozenset({"must", "should", "ought"})
# "the risk of a clash", "a clash is likely": nouns and adjectives of what may happen
EPISTEMIC = words.group("epistemic")


# Nouns whose infinitive says what may be done, not what was: "the right to fire"
MODAL_NOUNS = words.group("modal_nouns")
# Nouns whose "that" clause states something not asserted: "allegations that the army killed"
CONTENT_NOUNS = words.group("content_nouns")


def unasserted_content(trigger: Token, mood_verbs: frozenset[str]) -> bool:
    """A clause that only fills in a noun: "allegations that the army killed civilians", or
    the content of a thing demanded or refused: "demanded an admission that its forces
    murdered officers"."""
    if trigger.dep_ not in ("acl", "ccomp") or not any(
            c.dep_ == "mark" and c.lower_ == "that" for c in trigger.children):
        return False
    noun = trigger.head
    if noun.pos_ not in ("NOUN", "PROPN"):
        return False
    if noun.lemma_.lower() in CONTENT_NOUNS:
        return True
    return noun.dep_ in ("dobj", "nsubjpass") and noun.head.lemma_.lower() in mood_verbs


def hypothetical(trigger: Token, obligations_too: bool = True) -> bool:
    """"if Trump orders a strike", "they may yet reach a deal", "the risk of a clash", "a
    clash is a distinct possibility", "the minister should resign": nothing happened (yet).
    A demand a speaker makes with "must" is coded as such by the obligation rule."""
    clause = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    if clause.dep_ in ("acl", "relcl") and clause.head.lemma_.lower() in MODAL_NOUNS \
            and bare_infinitive(clause):
        return True  # "the right of Russian troops to fire", "the ability to strike"
    if trigger.pos_ in ("NOUN", "PROPN"):
        head = trigger.head
        if trigger.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in EPISTEMIC:
            return True
        if trigger.dep_ in ("nsubj", "nsubjpass") and any(
                c.dep_ in ("attr", "acomp") and c.lemma_.lower() in EPISTEMIC for c in head.children):
            return True
    node = trigger
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ in ("dobj", "nsubjpass", "nsubj"):
        node = trigger.head  # the light verb carries the mood; "if a US strike threatened"
    modals = HYPOTHETICAL_AUX | OBLIGATION_AUX if obligations_too else HYPOTHETICAL_AUX
    for _ in range(4):
        if any(c.dep_ == "aux" and c.lower_ in modals for c in node.children):
            return True
        if node.dep_ in ("advcl", "ccomp") and any(
                c.dep_ == "mark" and c.lower_ in HYPOTHETICAL_MARKS for c in node.children):
            return True  # "if ...", "has not said whether it is prepared to ..."
        if node.dep_ == "ccomp" and (any(
                c.dep_ in ("acomp", "attr") and c.lemma_.lower() in EPISTEMIC for c in node.head.children)
                or node.head.lemma_ == "be" and any(
                    t.pos_ == "ADJ" and t.lemma_.lower() in EPISTEMIC
                    for t in node.doc[node.head.i + 1:min(node.head.i + 3, node.i)])):
            return True  # "it is likely Washington will side with Ankara" (however parsed)
        if node.dep_ == "acl" and node.tag_ == "VBG" and node.head.dep_ == "pobj" \
                and node.head.head.dep_ == "prep":
            node = node.head.head.head  # "could lead to the president reaching a deal"
            continue
        if node.dep_ == "xcomp" and node.head.lemma_.lower() in ABILITY_WORDS:
            return True  # "is unable to provide support", "are able to reach agreement"
        if node.dep_ in ("xcomp", "ccomp") and node.head.lemma_.lower() in RISK_VERBS:
            return True  # "intervention risks escalating the conflict"
        if node.dep_ not in ("xcomp", "conj", "acomp") or node.head.i == node.i:
            return False
        node = node.head
    return False



# Verbs of what may come: "risks escalating".
RISK_VERBS = frozenset({"risk", "need"})  # "needs to withdraw" has not withdrawn
# Adjectives of capacity: what one is (un)able to do is not done.
ABILITY_WORDS = words.group("ability_words")




def wished_for(trigger: Token) -> bool:
    """"held out for Washington to ease sanctions": "for X to do" names what someone wants,
    not what was done (a mood verb over it recodes it first: "pushed for Russia to leave")."""
    clause = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    if clause.dep_ != "advcl" or not any(c.dep_ == "aux" and c.lower_ == "to"
                                         for c in clause.children):
        return False
    return any(c.dep_ == "mark" and c.lower_ == "for" for c in clause.children) or any(
        c.dep_ == "prep" and c.lower_ == "for" and c.i < clause.i and not any(
            g.dep_ in SUBJECT_DEPS for g in clause.children)
        for c in clause.head.children)  # the parser's other reading: "held out for X | to ease"


def is_negated(tok: Token) -> bool:
    if any(c.dep_ in ("cc", "preconj") and c.lower_ == "nor" for c in tok.children):
        return True  # "nor am I going to quit"
    for node in walk_up(tok, 4):
        if any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never") for c in node.children):
            return True
        if node.dep_ not in NEGATION_PATH:
            return False
    return False
