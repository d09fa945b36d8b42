"""Pattern constraints, keyed by the pattern field that asks for them: ``CONSTRAINTS`` maps a
field (``particle``, ``object``, ``clause`` …) to a check ``(pattern, trigger, negative words)
-> bool``; a pattern applies to a trigger when every check of a field it sets holds."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from dyad.events import words
from dyad.events.syntax import RELATIVIZERS, direct_object

if TYPE_CHECKING:
    from spacy.tokens import Token

    from dyad.events.patterns import Pattern

QUANTITY_NOUNS = words.group("quantity_nouns")


def object_lemma(obj: Token) -> str:
    """The object's lemma, looking through quantities: "5 million dollars of aid" → aid."""
    lemma = obj.lemma_.lower()
    if lemma in QUANTITY_NOUNS:
        for c in obj.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                inner = next((g for g in c.children if g.dep_ == "pobj"), None)
                if inner is not None:
                    return inner.lemma_.lower()
    return lemma


def clause_ok(tok: Token, verbs: frozenset[str], objects: frozenset[str]) -> bool:
    """A complement clause (or a preposition's clause) with one of ``verbs`` and an object
    among ``objects`` (either may be empty: any), that does not ask a question."""
    for c in tok.children:
        if c.dep_ not in ("xcomp", "advcl", "ccomp", "pcomp", "prep"):
            continue
        clause = c
        if c.dep_ == "prep":
            clause = next((g for g in c.children if g.dep_ in ("pcomp", "pobj")), None)
            if clause is None:
                continue
        if verbs and clause.lemma_.lower() not in verbs:
            continue
        if is_question(clause):
            continue  # "asked why Russia is backing Assad" asks a question, not for backing
        if objects:
            obj = direct_object(clause) if clause.pos_ in ("VERB", "AUX") else clause
            if obj is None or obj.lemma_.lower() not in objects:
                continue
        return True
    return False


QUESTION_MARKS = frozenset({"whether", "if"})


def is_question(clause: Token) -> bool:
    """A clause that asks: "whether/if ...", "why/how/what ..." (a wh-word leads it)."""
    if clause.pos_ not in ("VERB", "AUX"):
        return False
    if any(c.dep_ == "mark" and c.lower_ in QUESTION_MARKS for c in clause.children):
        return True
    first = clause.left_edge
    return first.tag_ in ("WRB", "WP", "WDT") and first.lower_ not in RELATIVIZERS


def _particle(p: Pattern, tok: Token, negative: frozenset[str]) -> bool:
    """"hit out": the particle, or an adverb or preposition right after the trigger."""
    return any(c.lower_ == p.particle and (c.dep_ == "prt" or (
        c.dep_ in ("advmod", "prep") and c.i == tok.i + 1)) for c in tok.children)


def _modifier(p: Pattern, tok: Token, negative: frozenset[str]) -> bool:
    """"hunger strike": a compound or adjective among the pattern's words."""
    return any(c.dep_ in ("compound", "amod", "nmod") and c.lemma_.lower() in p.modifier
               for c in tok.children)


def trigger_preps(tok: Token) -> set[str]:
    """The prepositions the trigger governs (agents and datives too)."""
    return {c.lower_ for c in tok.children if c.dep_ in ("prep", "agent", "dative")}


def _prep(p: Pattern, tok: Token, negative: frozenset[str]) -> bool:
    return bool(p.prep & trigger_preps(tok))


def _without_prep(p: Pattern, tok: Token, negative: frozenset[str]) -> bool:
    return not p.without_prep & trigger_preps(tok)


def _object(p: Pattern, tok: Token, negative: frozenset[str]) -> bool:
    """The direct object, any conjunct of it, or what a quantity of it is of, is one of the
    pattern's words ("providing photographs and other intelligence")."""
    dobj = direct_object(tok)
    return dobj is not None and bool(p.object & {
        lemma for o in (dobj, *dobj.conjuncts) for lemma in (o.lemma_.lower(), object_lemma(o))})


def _object_negative(p: Pattern, tok: Token, negative: frozenset[str]) -> bool:
    """"called the launch deplorable": a complement with a negative evaluation word."""
    for c in tok.children:
        if c.dep_ in ("oprd", "attr", "acomp", "ccomp", "xcomp") or (
                c.dep_ == "prep" and c.lower_ == "as"):
            if any(t.lemma_.lower() in negative for t in c.subtree):
                return True
    return False


def _no_complement(p: Pattern, tok: Token, negative: frozenset[str]) -> bool:
    return not any(c.dep_ in ("oprd", "acomp", "attr", "ccomp") for c in tok.children)


def _intransitive(p: Pattern, tok: Token, negative: frozenset[str]) -> bool:
    """No object or complement clause; on a noun, no infinitive after it either ("refusal
    to withdraw" is the refusal of an act, which the moods code)."""
    return not any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "oprd") or (
        c.dep_ == "acl" and tok.pos_ in ("NOUN", "PROPN")
        and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)) for c in tok.children)


def _clause(p: Pattern, tok: Token, negative: frozenset[str]) -> bool:
    return clause_ok(tok, p.clause_verb, p.clause_object)


Check = Callable[["Pattern", "Token", frozenset], bool]
# pattern field -> its check, run only when the pattern sets that field
CONSTRAINTS: dict[str, Check] = {
    "particle": _particle,
    "modifier": _modifier,
    "prep": _prep,
    "without_prep": _without_prep,
    "object": _object,
    "object_negative": _object_negative,
    "no_complement": _no_complement,
    "intransitive": _intransitive,
    "clause": _clause,
}


def _sets(p: Pattern, field: str) -> bool:
    if field == "clause":
        return bool(p.clause_verb or p.clause_object)
    return bool(getattr(p, field))


def applies(p: Pattern, tok: Token, negative: frozenset[str]) -> bool:
    """Whether every constraint the pattern sets holds on ``tok``."""
    return all(check(p, tok, negative) for field, check in CONSTRAINTS.items() if _sets(p, field))
