"""The coder: one article in, its events (and quotes) out.

It ties the stages together in their one direction — nlp → actors → quotes → events →
dates — and turns pattern matches into event records. ``Coder.pipe`` streams many articles
through spaCy's batched ``nlp.pipe`` with their ids carried alongside.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from spacy.tokens import Doc, Token

from dyad import nlp as nlp_stage
from dyad import ontology
from dyad.actors.lexicon import load_lexicon
from dyad.actors.phrases import ActorFinder
from dyad.classify import QuadClassifier
from dyad.classify.combine import Policy, combine, event_quad_class, vote_for
from dyad.dates import DateMention, find_dates
from dyad.detect.combine import Detector, attempt
from dyad.events import confidence as adjust
from dyad.events.match import EventMatcher, Match, SpeechContext
from dyad.events.patterns import load_patterns
from dyad.events.realis import realis_of
from dyad.events.syntax import clauses_above, verb_above, walk_up
from dyad.occasions import date_from_occasions
from dyad.places import Gazetteer, default_gazetteer, event_location
from dyad.quotes import Quote, SpeechFinder
from dyad.record import Article, Event, Span


@dataclass(frozen=True)
class Options:
    """One options object shared by the CLI, the Python API and batch mode."""

    model: str | None = None
    actor_files: tuple[Path, ...] = ()
    pattern_files: tuple[Path, ...] = ()
    include_negated: bool = True
    batch_size: int = 16
    second_opinion: bool = True  # the learned QuadClass classifier (dyad.classify)
    quotes: bool = True  # quote extraction; without it speakers are unknown to event coding
    detector: bool = True  # the learned sentence detector (dyad.detect); False = patterns only
    # the detector's MiniLM model: False (default) = sparse model; None = when installed, else sparse
    embeddings: bool | None = False
    # events the detector builds where no pattern fired (rule "model:..."), only on a sentence
    # whose event predicate is a pattern trigger lemma; False = the detector only reviews
    model_events: bool = True


@dataclass
class CodedArticle:
    article: Article
    events: list[Event]
    quotes: list[Quote] = field(default_factory=list)
    sentences: int = 0
    error: str | None = None  # set when the article could not be coded (dyad.workers)
    #: each event trigger's depth in the parse (hops from its token to the sentence root),
    #: by trigger start offset: what picks a sentence's main event, kept so that no caller
    #: needs the parse (which does not leave a worker process)
    depths: dict[int, int] = field(default_factory=dict)


class Coder:
    def __init__(self, options: Options | None = None):
        self.options = options or Options()
        self.nlp = nlp_stage.load(self.options.model)
        lexicon = load_lexicon(tuple(self.options.actor_files)) if self.options.actor_files \
            else load_lexicon()
        self.finder = ActorFinder(self.nlp, lexicon)
        # the places of the user's actor files too (their states: "Gondor", "Blighty")
        self.gazetteer = default_gazetteer(self.options.actor_files)
        self.matcher = EventMatcher(load_patterns(self.options.pattern_files), self.gazetteer)
        self.speech = SpeechFinder()
        # the detector's review of pattern events replaces the older text-only second opinion
        self.detector = Detector(embeddings=self.options.embeddings) \
            if self.options.detector else None
        self.classifier = QuadClassifier.load() \
            if self.options.second_opinion and self.detector is None else None

    def code(self, text: str, published: dt.date | None = None,
             article_id: str | None = None) -> list[Event]:
        article = Article(article_id, text, published)
        return self.code_doc(self.nlp(text), article).events

    def pipe(self, articles: Iterable[Article], batch_size: int | None = None) -> Iterator[CodedArticle]:
        """Stream articles through the parser in batches; yields in input order."""
        stream = ((a.text, a) for a in articles)
        for doc, article in self.nlp.pipe(stream, as_tuples=True,
                                          batch_size=batch_size or self.options.batch_size):
            yield self.code_doc(doc, article)

    # --- one parsed article ------------------------------------------------------------------
    def code_doc(self, doc: Doc, article: Article) -> CodedArticle:
        actors = self.finder.annotate(doc, article.published)
        quotes, speakers, quote_ids = self.speech.find(doc, actors) if self.options.quotes \
            else ([], {}, {})
        speech = SpeechContext(speakers, quote_ids)
        dates = find_dates(doc.text, article.published)
        events: list[Event] = []
        history: list[Match] = []
        sents = [s for s in doc.sents if s.text.strip()]
        probs = self.classifier.predict_proba([s.text for s in sents]) \
            if self.classifier is not None and sents else None
        detected = None
        if self.detector is not None and sents:
            embed = [self.detector.needs_embedding(s, actors) for s in sents] \
                if self.detector.encoder is not None else None
            detected = self.detector.sentence_probs(sents, embed)
        for index, sent in enumerate(sents):
            matches = self.matcher.match_sentence(sent, actors, speech, history)
            model_info = None
            if detected is not None and not matches and self.options.model_events:
                matches, model_info = self._model_event(sent, actors, detected[index])
            if model_info is None:  # a model event is no evidence for coreference or anaphora
                self._note_discourse(sent, actors, matches)
                history.extend(matches)
            first = len(events)
            events.extend(self._events(matches, sent, index, article, dates, speech))
            if probs is not None:
                _second_opinion(events[first:], probs[index])
            if detected is None:
                continue
            if model_info is not None:
                for e in events[first:]:
                    e.extras["detector"] = model_info
            elif self.detector.review(events[first:], detected[index]) and self.options.model_events:
                # the model overrules every pattern event of the sentence: its own event joins them
                alt, info = self._model_event(sent, actors, detected[index])
                for e in self._events(alt, sent, index, article, dates, speech):
                    e.extras["detector"] = {**(info or {}), "overrules": True}
                    events.append(e)
        date_from_occasions(events, quotes, article.published, doc)
        depths = {e.trigger.start_char: trigger_depth(doc, e.trigger) for e in events}
        return CodedArticle(article, events, quotes, len(sents), depths=depths)

    def _events(self, matches: list[Match], sent, index: int, article: Article,
                dates: list[DateMention], speech: SpeechContext) -> list[Event]:
        out: list[Event] = []
        seen: set[tuple] = set()
        for m in matches:
            key = (m.trigger.i, m.source.code if m.source else None,
                   m.target.code if m.target else None, m.cameo)
            if key in seen or (m.negated and not self.options.include_negated):
                continue
            seen.add(key)
            out.append(self._event(m, sent, index, article, dates, speech))
        return out

    def _model_event(self, sent, actors, probs) -> tuple[list[Match], dict | None]:
        """The detector's event for a sentence no pattern coded (dyad.detect), kept only when
        it is asserted (not hypothetical, not unasserted reported content)."""
        if not self._known_predicate(sent):  # cheap: before the role model's work
            return [], None
        found = self.detector.propose(sent, actors, probs)
        if found is None or self.matcher.unasserted(found[0].trigger) \
                or attempt(found[0].trigger, self.matcher.mood_verbs):
            return [], None
        return [found[0]], found[1]

    def _known_predicate(self, sent) -> bool:
        """Whether the sentence's event predicate (its trigger noun, predicate verb or complement
        verb: dyad.detect.types.trigger_keys) is a trigger lemma of some pattern: the model then
        supplies the frame the patterns missed, not the event word itself."""
        from dyad.detect.types import trigger_keys

        index = {"n": self.matcher.nouns, "v": self.matcher.verbs, "x": self.matcher.verbs}
        return any(key[2:] in index[key[0]] for key in trigger_keys(sent))

    def _note_discourse(self, sent, actors, matches: list[Match]) -> None:
        root = sent.root
        for c in root.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                for actor in actors.resolve(c):
                    actors.note_subject(c.i, actor)
                break
        for m in matches:
            if m.target is not None:
                actors.note_target(m.target)
            if m.source is not None:
                actors.note_subject(m.trigger.i, m.source)

    def _event(self, m: Match, sent, index: int, article: Article,
               dates: list[DateMention], speech: SpeechContext) -> Event:
        code = ontology.cameo(m.cameo)
        plover = ontology.to_plover(code.code)
        date, precision = _date_for(m.trigger, sent, dates, article.published)
        trig = m.trigger
        event = Event(
            article_id=article.id,
            sentence_index=index,
            sentence=sent.text.strip(),
            source=m.source,
            target=m.target,
            cameo=code.code,
            cameo_root=code.root,
            goldstein=code.goldstein,
            quad_class=code.quad_class,
            plover=plover.type if plover else None,
            plover_mode=plover.mode if plover else None,
            contexts=list(plover.contexts) if plover else [],
            negated=m.negated,
            trigger=Span(trig.text, trig.idx, trig.idx + len(trig.text)),
            date=date,
            date_precision=precision,
            rule=m.rule,
            confidence=adjust.final(m.confidence, m.negated),
            quote_id=speech.quote_id(trig),
            joint=m.joint,
        )
        event.location = _location(m, self.gazetteer)
        event.realis, event.realis_cue = realis_of(trig, event.plover, m.negated, dates,
                                                   article.published)
        key = "|".join(str(x) for x in (article.id, trig.idx, event.source and event.source.code,
                                          event.target and event.target.code, code.code))
        event.event_id = hashlib.sha1(key.encode()).hexdigest()[:16]
        return event


def trigger_depth(doc: Doc, trigger: Span) -> int:
    """Hops from the trigger's token to its sentence root (1000 when it aligns with none)."""
    span = doc.char_span(trigger.start_char, trigger.end_char, alignment_mode="expand")
    if span is None:
        return 1_000
    return sum(1 for _ in walk_up(span.root)) - 1


def _location(m: Match, gazetteer: Gazetteer) -> dict | None:
    """Where the event happened (dyad.places), with the event's actors' countries as the hint
    for ambiguous names; a place that is one of the actors ("hits out at the US") or the target
    of "on" ("sanctions on Russia") is not where the event happened."""
    hint = tuple(a.country for a in (m.source, m.target) if a is not None and a.country)
    place = event_location(m.trigger, gazetteer, hint)
    if place is None:
        return None
    for actor in (m.source, m.target):  # "hits out at the US": the place is an actor
        if actor is not None and actor.start_char < place["end_char"] \
                and place["start_char"] < actor.end_char:
            return None
    if place.get("preposition") == "on" and m.target is not None \
            and place["country"] == m.target.country:
        return None
    return place


def _second_opinion(events: list[Event], probs) -> None:
    """The learned classifier's view of a sentence (dyad.classify): the sentence's QuadClass
    when coder and classifier are combined (thresholds measured by 5-fold CV), recorded on each
    event; events the classifier vetoes keep their code but lose half their confidence."""
    if not events:
        return
    policy = Policy()
    final, decided_by = combine(probs, vote_for(events), policy)
    for e in events:
        p = float(probs[event_quad_class(e)])
        e.extras["second_opinion"] = {"quad_class": int(final), "decided_by": decided_by,
                                      "probability": round(p, 3)}
        if p < policy.min_class_prob:
            e.confidence = adjust.vetoed(e.confidence)


def _date_for(trigger: Token, sent, dates: list[DateMention],
              published: dt.date | None) -> tuple[str | None, str]:
    """The date expression governed most closely by the trigger, else the nearest in the
    trigger's clause or a clause above it ("in mid-2016, when it sent troops"; not "forces, who
    had held the city since 2014, were pushed out"), else the publication date."""
    best = None
    above = clauses_above(trigger)
    for d in dates:
        if d.start < sent.start_char or d.end > sent.end_char:
            continue
        tok = sent.doc.char_span(d.start, d.end, alignment_mode="expand")
        hops = _hops(tok.root if tok is not None else None, trigger)
        if hops is None and (tok is None or verb_above(tok.root).i not in above):
            continue
        distance = abs(d.start - trigger.idx)
        rank = (0 if hops is not None else 1, hops or 0, distance)
        if best is None or rank < best[0]:
            best = (rank, d)
    if best is not None and best[1].date.value is not None:
        return best[1].date.value, best[1].date.precision
    return (published.isoformat() if published else None), "publication"


def _hops(tok: Token | None, trigger: Token) -> int | None:
    """Hops up from ``tok`` to the trigger, or None when the path leaves through another verb's
    clause ("forces, who had held the city since 2014, were pushed out": not the push's date)."""
    if tok is None:
        return None
    for hops, node in enumerate(walk_up(tok, 8)):
        if node.i == trigger.i:
            return hops
        if hops and node.pos_ in ("VERB", "AUX"):
            return None
    return None
