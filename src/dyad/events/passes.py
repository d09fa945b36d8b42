"""The matcher's passes after the candidates (``dyad.events.match.PASSES`` lists them in
order): obligations, dropping unasserted events, moods, one report per event, implicit
targets and events retold. Each takes the sentence (``Sentence``) and the matches so far and
returns new ones; none edits a ``Match``."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from dyad.events import confidence as adjust
from dyad.events.asserted import hypothetical, is_negated, unasserted_content, wished_for
from dyad.events.implicit import implicit_target
from dyad.events.matches import Match, SpeechContext, plover_type
from dyad.events.parties import same_actor
from dyad.events.slots import nested_parties
from dyad.events.syntax import direct_object, mood_subject, subject

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from dyad.actors.resolve import ArticleActors
    from dyad.record import Actor
    from dyad.events.match import EventMatcher
    from dyad.events.moods import MoodClass


@dataclass(frozen=True)
class Sentence:
    """What every pass sees: the sentence, the article's actors and speakers, the article's
    matches before this sentence, and the matcher (its patterns and moods)."""

    sent: Span
    actors: ArticleActors
    speech: SpeechContext
    earlier: list[Match]
    matcher: EventMatcher


def obligations(s: Sentence, matches: list[Match]) -> list[Match]:
    """"Britain said Libya must hand over the suspects": the speaker demands it of Libya."""
    moods, actors = s.matcher.moods, s.actors
    if not moods.modals:
        return matches
    out = list(matches)
    for tok in s.sent:
        if tok.pos_ not in ("VERB", "AUX") or not any(
                c.dep_ == "aux" and c.lower_ in moods.modals for c in tok.children):
            continue
        speaker = s.speech.speaker_for(tok)
        if speaker is None:
            continue
        targets = [a for t in subject(tok) for a in actors.resolve(t)]
        if not targets or targets[0].country == speaker.country:
            continue
        # the event demanded: on the modal's verb, or a noun it governs ("must reach an
        # agreement"); every match of it goes (both sides of a reciprocal pair)
        inner = [m for m in matches if m.trigger.i == tok.i or (
            m.trigger.head.i == tok.i and m.trigger.dep_ in ("dobj", "nsubjpass"))]
        out = [m for m in out if m not in inner]
        code = moods.named["demand"].code_for(inner[0].cameo) if inner else None
        obligation = s.matcher.obligation
        out.append(Match(obligation, tok, speaker, targets[0], is_negated(tok),
                         adjust.obligation(), cameo=code or obligation.cameo))
    return out


def allegations(s: Sentence, matches: list[Match]) -> list[Match]:
    """"The opposition complains that Russia is undermining the talks": the speaker accuses
    the one said to act (moods.yaml ``allegation``)."""
    moods, actors = s.matcher.moods, s.actors
    out = list(matches)
    coded = {m.trigger.i for m in matches}
    for tok in s.sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ != "VERB" or lemma not in moods.allegation_verbs or tok.i in coded:
            continue  # "accused X of ...": its own pattern codes it
        speakers = [a for t in subject(tok) for a in actors.resolve(t)]
        if not speakers:
            continue
        for clause in (c for c in tok.children if c.dep_ == "ccomp"):
            accused = _accused(clause, matches, lemma in moods.allegation_inherent, actors)
            if accused is None or same_actor(speakers[0], accused, actors.lexicon.countries):
                continue
            out.append(Match(s.matcher.allegation, tok, speakers[0], accused, is_negated(tok),
                             adjust.allegation()))
            break
    return out


def _accused(clause: Token, matches: list[Match], inherent: bool,
             actors: ArticleActors) -> Actor | None:
    """Who a claim's clause says did something conflictual: the source of a CAMEO 10-20 event
    inside it, else (an inherently accusatory verb) the clause's subject."""
    inside = {t.i for t in clause.subtree}
    for m in matches:
        if m.trigger.i in inside and int(m.cameo[:2]) >= 10 and m.source is not None:
            return m.source
    if inherent:
        for head in subject(clause):  # "the highest levels of the royal court"
            for tok in (head, *nested_parties(head)):
                found = actors.resolve(tok)
                if found:
                    return found[0]
    return None


def drop_unasserted(s: Sentence, matches: list[Match]) -> list[Match]:
    """Hypothetical events and unasserted content go (a demand made with "must" stays)."""
    return [m for m in matches if not hypothetical(m.trigger, m.pattern is not s.matcher.obligation)
            and not unasserted_content(m.trigger, s.matcher.mood_verbs)]


def material(cameo: str) -> bool:
    """Events that an intention, request or refusal can be about: CAMEO 04–09 and 14–20."""
    root = int(cameo[:2])
    return 4 <= root <= 9 or root >= 14


def moods(s: Sentence, matches: list[Match]) -> list[Match]:
    """Events embedded under an intention, request, refusal, threat ("urged X to release",
    "threatened to strike") are recoded by that mood; a mood verb with a pattern of its own
    is made specific by the event it embeds instead."""
    current = list(matches)  # matches a mood verb's embedded event made specific are replaced
    triggers = {m.trigger.i for m in current}
    final: list[int | Match] = []  # an index into ``current`` or a recoded match
    for i in range(len(current)):
        m = current[i]
        emb = s.matcher.moods.embedding(m.trigger) if material(m.cameo) else None
        if emb is None:
            if not wished_for(m.trigger):
                final.append(i)
            continue
        verb, cls = emb
        negated = m.negated or (verb is not None and (is_negated(verb) or any(
            c.dep_ == "det" and c.lower_ == "no" for c in verb.children)))  # "no plans to"
        if negated and cls.name == "intent" and int(m.cameo[:2]) <= 9:
            # "Syria will not accept more refugees", "refused … would not meet": a refusal
            cls, negated = s.matcher.moods.named["reject"], False
        elif negated and cls.name == "intent":
            continue  # "has no plans to send forces", "will not attack": no threat made
        code = cls.code_for(m.cameo)
        if verb is not None and verb.i in triggers:
            # the embedding verb's own pattern codes this; let the embedded event make a
            # generic code specific ("urged Myanmar to release prisoners": 020 → 025)
            for j, vm in enumerate(current):
                if vm.trigger.i == verb.i and code and vm.cameo[2:] == "0" \
                        and code[:2] == vm.cameo[:2]:
                    current[j] = replace(vm, cameo=code)
            continue
        if code is None:
            continue  # e.g. "refused to attack": no event happened
        recoded = _recoded(m, verb, cls, code, negated, s.actors)
        if recoded is not None:
            final.append(recoded)
    return [current[x] if isinstance(x, int) else x for x in final]


def _recoded(m: Match, verb: Token | None, cls: MoodClass, code: str, negated: bool,
             actors: ArticleActors) -> Match | None:
    """The event as its mood codes it: the mood holder asks, threatens or refuses it."""
    source, target = m.source, m.target
    if verb is not None:
        subj = [a for t in mood_subject(verb) for a in actors.resolve(t)]
        if subj and not (source is not None and source.start_char in {a.start_char for a in subj}):
            source = subj[0]  # keep each side of "X and Y agreed to restore ties"
        obj = direct_object(verb)
        if cls.object_target and obj is not None:
            found = actors.resolve(obj)
            target = found[0] if found else target
        elif cls.object_target and m.source is not None and source is not m.source:
            target = m.source  # "pushed for Russia to withdraw": Russia is asked
    if source is None or (target is not None and
                          same_actor(source, target, actors.lexicon.countries)):
        return None
    return Match(m.pattern, m.trigger, source, target, negated, adjust.mood_recoded(m.confidence),
                 cameo=code, rule=f"{m.rule}+{cls.name}", joint=m.joint)


def one_report(s: Sentence, matches: list[Match]) -> list[Match]:
    return one_report_per_event(matches)


def implicit_targets(s: Sentence, matches: list[Match]) -> list[Match]:
    return [implicit_target(m, s.actors) for m in matches]


def retold_once(s: Sentence, matches: list[Match]) -> list[Match]:
    return retold(matches)


def retold(matches: list[Match]) -> list[Match]:
    """"began a strike to protest against X", "shelled the town, killing 20": one event told
    twice in a sentence (same actors, same PLOVER type) keeps its first telling."""
    seen: set[tuple] = set()
    out = []
    for m in matches:
        k = (m.source.code if m.source else None, m.target.code if m.target else None,
             plover_type(m.cameo), m.negated)
        if k not in seen:
            out.append(m)
        seen.add(k)
    return out


def one_report_per_event(matches: list[Match]) -> list[Match]:
    """One sentence, one source, one PLOVER type: a target-less match restates one that has a
    target ("began a hunger strike to protest against Sweden's decision")."""
    def key(m: Match) -> tuple:
        return m.source.code if m.source else None, plover_type(m.cameo), m.negated


    with_target = {key(m) for m in matches if m.target is not None}
    # "attacked by Burundian militiamen, killing 156 people": a target guessed from the
    # article's context restates a named one
    named = {key(m) for m in matches if m.target is not None and m.target.via != "context"}
    return [m for m in matches if (m.target is not None or key(m) not in with_target)
            and not (m.target is not None and m.target.via == "context" and key(m) in named)]
