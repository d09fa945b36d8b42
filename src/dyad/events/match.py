"""Stage 4 — events: match the pattern lexicon over each sentence's dependency parse.

For every token whose lemma triggers a pattern, the most specific pattern whose constraints
(``dyad.events.constraints``) hold wins; its source and target slots (``dyad.events.slots``)
are read off the parse and resolved to actors. The sentence's matches then go through the
passes of ``PASSES``, in order (``dyad.events.passes``).
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Callable

from dyad import ontology
from dyad.events import confidence as adjust
from dyad.events import passes
from dyad.events.asserted import hypothetical, is_negated, unasserted_content
from dyad.events.constraints import applies, trigger_preps
from dyad.events.implicit import slot_places
from dyad.events.matches import Match, SpeechContext
from dyad.events.moods import load_moods
from dyad.events.parties import (MEETING_CODES, PRIVATE_SECTORS, WEAK_VIAS, all_unarmed,
                                 is_people, refugees_at_home, same_actor)
from dyad.events.patterns import Pattern, evaluative_words
from dyad.events.slots import History, slot_actors

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from dyad.actors.resolve import ArticleActors
    from dyad.places import Gazetteer

__all__ = ["EventMatcher", "Match", "SpeechContext", "PASSES"]


def candidates(s: passes.Sentence, matches: list[Match]) -> list[Match]:
    """The first pass: on each trigger, the most specific pattern that matches. A noun that
    a verb pattern's ``object`` constraint used ("held talks") triggers nothing itself."""
    out = list(matches)
    consumed: set[int] = set()
    m = s.matcher
    for tok in s.sent:
        pos = tok.pos_
        if pos in ("VERB", "AUX"):
            cands = m.verbs.get(tok.lemma_.lower())
            if cands is None and tok.tag_ == "VBN":
                cands = m.verbs.get(tok.lower_)
        elif pos in ("NOUN", "PROPN"):
            if tok.i in consumed:
                continue
            cands = m.nouns.get(tok.lemma_.lower())
        else:
            continue
        for pattern in cands or ():
            found = try_pattern(pattern, tok, s.actors, s.speech, (s.earlier, out), m.negative,
                                m.gazetteer)
            if found is None:
                continue
            out.extend(found)
            if pattern.object:
                consumed.update(c.i for c in tok.children if c.dep_ == "dobj")
            break
    return out


Pass = Callable[[passes.Sentence, list[Match]], list[Match]]
# The order of work on a sentence, written down once.
PASSES: tuple[tuple[str, Pass], ...] = (
    ("candidates", candidates),
    ("obligations", passes.obligations),
    ("allegations", passes.allegations),
    ("drop unasserted", passes.drop_unasserted),
    ("moods", passes.moods),
    ("one report per event", passes.one_report),
    ("implicit target", passes.implicit_targets),
    ("retold", passes.retold_once),
)


class EventMatcher:
    """The pattern lexicon indexed by trigger lemma, with the moods and evaluative words the
    passes read."""

    def __init__(self, patterns: tuple[Pattern, ...], gazetteer: Gazetteer | None = None):
        self.gazetteer = gazetteer  # places for targets ("shelled Aleppo"); None: the default
        self.verbs: dict[str, list[Pattern]] = {}
        self.nouns: dict[str, list[Pattern]] = {}
        for p in patterns:
            index = self.verbs if p.pos == "verb" else self.nouns
            for lemma in p.lemmas:
                index.setdefault(lemma, []).append(p)
        for index in (self.verbs, self.nouns):
            for lemma, plist in index.items():
                # stable: user patterns (listed first) win among equally specific ones
                plist.sort(key=lambda p: -p.specificity)
        self.negative = evaluative_words().get("negative", frozenset())
        self.moods = load_moods()
        self.mood_verbs = frozenset(v for c in self.moods.named.values() for v in c.verbs)
        self.obligation = Pattern(id="mood.obligation", cameo=self.moods.obligation_code,
                                  pos="verb", lemmas=(), example="built in")
        self.allegation = Pattern(id="mood.allegation", cameo=self.moods.allegation_code,
                                  pos="verb", lemmas=(), example="built in")

    def match_sentence(self, sent: Span, actors: ArticleActors, speech: SpeechContext,
                       matches_so_far: list[Match]) -> list[Match]:
        """The sentence's events: every pass of ``PASSES`` in order."""
        sentence = passes.Sentence(sent, actors, speech, matches_so_far, self)
        matches: list[Match] = []
        for _name, run in PASSES:
            matches = run(sentence, matches)
        return matches

    def unasserted(self, trigger: Token) -> bool:
        """Whether an event on ``trigger`` is hypothetical or unasserted reported content: the
        filter pattern events pass, for events found another way (dyad.detect)."""
        return hypothetical(trigger) or unasserted_content(trigger, self.mood_verbs)


def try_pattern(p: Pattern, tok: Token, actors: ArticleActors, speech: SpeechContext,
                history: History, negative: frozenset[str], gazetteer: Gazetteer | None = None
                ) -> list[Match] | None:
    """The matches of one pattern on one trigger, or None when it does not apply."""
    if not applies(p, tok, negative):
        return None
    preps = trigger_preps(tok)
    speaker = speech.speaker_for(tok)
    if p.speech == "claim":
        if speaker is None:
            return None
        sources = [speaker]
        targets = slot_actors(("subject",), tok, actors, history, speech)
    else:
        sources = slot_actors(p.source, tok, actors, history, speech)
        targets = slot_actors(p.target, tok, actors, history, speech, tuple(sources),
                              cooperative=int(p.cameo[:2]) <= 9)
    if not sources:
        return None
    if not targets and p.speech != "claim" and ontology.cameo(p.cameo).quad_class in (2, 4):
        targets = slot_places(p.target, tok, sources, gazetteer)  # "shelled Aleppo"; material only
    negated = is_negated(tok)
    conf = p.confidence
    if any(a.via in WEAK_VIAS for a in sources + targets):
        conf = adjust.weak_actor(conf)
    out: list[Match] = []
    if not targets and p.reciprocal and len(sources) >= 2 and "alongside" not in preps:
        for a in sources:
            for b in sources:
                if a is not b:
                    out.append(Match(p, tok, a, b, negated, conf, joint=True))
        if p.unarmed and all_unarmed(sources):
            out = [replace(m, cameo=p.unarmed) for m in out]
        return out
    if not targets:
        if not p.target_optional:
            return None
        return [Match(p, tok, s, None, negated, conf) for s in sources]
    if p.cameo[:2] == "04" and all(a.sector in PRIVATE_SECTORS or is_people(a, actors)
                                   for a in sources):
        return None  # "British jihadists / Britons travelled to Syria" is not diplomacy
    joint = p.cameo in MEETING_CODES
    for s in sources:
        for t in targets:
            if same_actor(s, t, actors.lexicon.countries) or refugees_at_home(s, t):
                continue
            out.append(Match(p, tok, s, t, negated, conf, joint=joint))
    if not out and p.target_optional:
        out = [Match(p, tok, s, None, negated, conf) for s in sources]
    if out and p.unarmed and all_unarmed(sources + targets):
        out = [replace(m, cameo=p.unarmed) for m in out]
    return out or None
