"""Source and target where no pattern fired: the sentence's resolved actors, each described
by its grammatical relation to the trigger, ranked by the role model (``dyad.detect.model``).

A candidate's relation is read off the dependency path from its noun phrase's head up to the
trigger: ``subject`` (nsubj), ``agent`` (the passive "by" phrase), ``object`` (dobj),
``passive-subject``, ``dative``, ``oblique:<prep>`` (a prepositional object on the trigger),
``possessor`` ("Russia's attack"), ``apposition``, ``compound`` ("US strikes"), each possibly
through the verb that governs the trigger (``gov-``: "agreed to *lift* …"), else ``other``.
``relation`` is also what an event's ``via`` records.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from dyad.events.syntax import walk_up
from dyad.record import Actor

NP_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "dative", "poss", "appos", "conj",
                     "attr", "compound", "npadvmod", "oprd", "ROOT"})
_DIRECT = {"nsubj": "subject", "nsubjpass": "passive-subject", "dobj": "object",
           "dative": "dative", "poss": "possessor", "appos": "apposition",
           "compound": "compound", "attr": "attribute", "nmod": "compound", "amod": "compound"}


def _direct(head: Token, anchor: Token) -> str | None:
    """The relation of ``head`` to ``anchor`` when it hangs directly (or by one preposition
    or one noun) off it."""
    if head.head.i == anchor.i and head.i != anchor.i:
        return _DIRECT.get(head.dep_)
    up = head.head
    if head.dep_ == "pobj" and up.head.i == anchor.i:
        if up.dep_ == "agent":
            return "agent"
        if up.dep_ == "prep":
            return "oblique:" + up.lower_
    if head.dep_ == "poss" and up.head.i == anchor.i:
        return "possessor-of-" + _DIRECT.get(up.dep_, up.dep_)
    if head.dep_ == "pobj" and up.dep_ == "prep" and up.head.head.i == anchor.i \
            and up.head.dep_ in ("dobj", "nsubjpass"):
        return "object-oblique:" + up.lower_
    return None


UNRELATED = "other"  # no grammatical relation to the trigger found


def relation(head: Token, trigger: Token) -> str:
    """How the noun phrase headed by ``head`` relates to ``trigger`` (see the module doc)."""
    while head.dep_ == "conj" and head.head.i != head.i:  # "X and Y attacked": Y as X
        head = head.head
    rel = _direct(head, trigger)
    if rel is not None:
        return rel
    gov = trigger.head
    if gov.i != trigger.i and trigger.dep_ in ("xcomp", "ccomp", "conj", "advcl", "dobj",
                                                  "pobj", "acl", "relcl"):
        rel = _direct(head, gov)
        if rel is not None:
            return "gov-" + rel
        if trigger.dep_ == "pobj" and gov.head.i != gov.i:
            rel = _direct(head, gov.head)
            if rel is not None:
                return "gov-" + rel
    if trigger.dep_ == "relcl" and head.i == trigger.head.i:
        return "relative-head"
    return UNRELATED


@dataclass(frozen=True)
class Candidate:
    actor: Actor
    head: Token
    relation: str

    def features(self, trigger: Token, rank_before: int, rank_after: int) -> list[str]:
        rel = self.relation
        coarse = rel.split(":")[0]
        side = "before" if self.head.i < trigger.i else "after"
        dist = abs(self.head.i - trigger.i)
        bucket = "1" if dist <= 1 else "3" if dist <= 3 else "6" if dist <= 6 else "far"
        out = ["rel=" + rel, "coarse=" + coarse, "side=" + side, "dist=" + bucket,
               "side_coarse=" + side + "_" + coarse, "via=" + self.actor.via,
               "sector=" + (self.actor.sector or "none"),
               "pos=" + self.head.pos_, "dep=" + self.head.dep_]
        if rank_before == 0 and side == "before":
            out.append("first_before")
        if rank_after == 0 and side == "after":
            out.append("first_after")
        return out


def attribution(tok: Token) -> bool:
    """Whether ``tok`` names who reports the news ("according to the Observatory"): the
    reporter, not a party to the act."""
    return any(up.lower_ == "according" and up.dep_ == "prep" for up in walk_up(tok, 4))


def candidates(sent: Span, trigger: Token, actors) -> list[Candidate]:
    """The sentence's actors, one per character span, with their relation to the trigger."""
    out: list[Candidate] = []
    seen: set[tuple[int, int]] = set()
    for tok in sent:
        if tok.dep_ not in NP_DEPS or tok.pos_ not in ("NOUN", "PROPN", "PRON") \
                or attribution(tok):
            continue
        for actor in actors.resolve(tok):
            key = (actor.start_char, actor.end_char)
            if key in seen or not actor.country:
                continue
            seen.add(key)
            out.append(Candidate(actor, tok, relation(tok, trigger)))
    return out


def features_for(cands: list[Candidate], trigger: Token) -> list[list[str]]:
    before = [c for c in cands if c.head.i < trigger.i]
    after = [c for c in cands if c.head.i >= trigger.i]
    before.sort(key=lambda c: trigger.i - c.head.i)
    after.sort(key=lambda c: c.head.i - trigger.i)
    rank_before = {id(c): i for i, c in enumerate(before)}
    rank_after = {id(c): i for i, c in enumerate(after)}
    return [c.features(trigger, rank_before.get(id(c), -1), rank_after.get(id(c), -1))
            for c in cands]


def choose(cands: list[Candidate], probs: list[tuple[float, float]], min_source: float = 0.2,
           min_target: float = 0.2) -> tuple[Candidate | None, Candidate | None, float, float]:
    """The most probable source, then the most probable target among the others (of another
    actor code); each None below its threshold. Returns (source, target, p_source, p_target)."""
    best_s = max(range(len(cands)), key=lambda i: probs[i][0], default=None)
    source = cands[best_s] if best_s is not None and probs[best_s][0] >= min_source else None
    rest = [i for i in range(len(cands)) if source is None or (
        i != best_s and cands[i].actor.code != source.actor.code)]
    best_t = max(rest, key=lambda i: probs[i][1], default=None)
    target = cands[best_t] if best_t is not None and probs[best_t][1] >= min_target else None
    return (source, target, probs[best_s][0] if source else 0.0,
            probs[best_t][1] if target else 0.0)
