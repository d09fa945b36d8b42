"""Patterns and the learned detector on one sentence.

``Detector.sentence_probs`` gives every sentence its calibrated five-way class probabilities.
Then, per sentence:

* **patterns fired** — patterns stay the first word on type. Each pattern event records the
  model's view (``extras["detector"]``); one whose class the model gives less than
  ``veto_prob`` while the model is confident (≥ ``veto_confidence``) elsewhere loses half its
  confidence;
* **patterns silent** — if the model gives "an event of class 1–4" at least ``min_event`` and
  the sentence has resolved actors in a source and a target role, a *model event* is built: its trigger
  (``dyad.detect.types.trigger``), a CAMEO code consistent with the probable class
  (``choose_code``), source and target ranked by the role model (``dyad.detect.roles``).
  Its ``rule`` is ``model:<how>`` and its confidence is the model's probability of the event's
  class scaled by ``model_scale`` — below a pattern event's, which are measured more precise.

``Options(detector=False)`` skips all of this: the coder is then patterns alone.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from spacy.tokens import Span

from dyad.classify.combine import event_quad_class
from dyad.detect import features as F
from dyad.detect import roles as R
from dyad.detect import types as T
from dyad.detect.model import DetectorModel
from dyad.events import confidence as adjust
from dyad.events.match import Match


@dataclass(frozen=True)
class Thresholds:
    min_event: float = 0.5        # P(class 1-4) needed for a model event
    min_class: float = 0.35       # P(the chosen code's class) needed
    min_source: float = 0.25      # role model P(source) needed
    min_target: float = 0.2
    min_fallback: float = 0.6     # P(class) needed when the trigger's lemma is unknown
    model_scale: float = 0.6      # model event confidence = P(class) x this
    veto_prob: float = 0.05       # a pattern event whose class the model gives less than this...
    veto_confidence: float = 0.8  # ...while the model puts this much on one other class


def reporter(trigger, source: R.Candidate) -> bool:
    """Whether the chosen source is only the one who reports the act: the subject of the verb
    whose clausal complement the trigger is ("the militant claims girls were killed").
    ConfliBERT tune: sentence macro-F1 0.777 -> 0.772; real-news tune: 6 false events fewer."""
    return trigger.dep_ == "ccomp" and source.relation.startswith("gov-")


def attempt(trigger, mood_verbs: frozenset[str]) -> bool:
    """Whether the trigger only leads up to an act its complement names: "Turkey sought to
    augment the forces", "fighters started entering", "are believed to have been killed": with
    no object of its own, a verb that is not itself a mood (agreeing, offering, threatening,
    refusing: ``moods.yaml``) reports an attempt, a phase or a belief, and whether the act in
    the complement happened is not told."""
    if trigger.pos_ != "VERB" or trigger.lemma_.lower() in mood_verbs \
            or any(c.dep_ in ("dobj", "dative") for c in trigger.children):
        return False
    return any(c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") for c in trigger.children)


def sufferer(source: R.Candidate) -> bool:
    """Whether the chosen source is the passive subject: the one the act was done to ("three
    soldiers were wounded in a Taliban attack"), never its doer."""
    return source.relation in ("passive-subject", "gov-passive-subject")


class Detector:
    """``embeddings``: False (the default) uses the sparse model; None the MiniLM model when
    its weights are installed, else the sparse one; True requires the MiniLM model."""

    def __init__(self, model: DetectorModel | None = None, thresholds: Thresholds | None = None,
                 embeddings: bool | None = False):
        self.model = model or DetectorModel.load(embeddings)
        self.t = thresholds or Thresholds()
        self.encoder = None
        self.sparse_model = self.model
        if self.model.sentence.uses_embeddings:
            from dyad.detect import encoder

            self.encoder = encoder.load()
            self.sparse_model = DetectorModel.load(embeddings=False)

    def needs_embedding(self, sent: Span, actors) -> bool:
        """Whether the embedding model can change what is coded here: only a sentence with two
        actors of different codes can get a model event (the sparse model reviews the rest)."""
        cands = R.candidates(sent, T.trigger(sent), actors)
        return len({c.actor.code for c in cands}) >= 2

    def sentence_probs(self, sents: list[Span], embed: list[bool] | None = None) -> np.ndarray:
        """Five-way class probabilities per sentence. With the embedding model, the sentences
        ``embed`` marks (all when None) are embedded and scored by it, the others by the
        sparse model."""
        bags = [F.sparse(s) for s in sents]
        model = self.model.sentence
        if self.encoder is None:
            return model.predict_proba(bags, [None] * len(sents))
        marked = [i for i in range(len(sents)) if embed is None or embed[i]]
        probs = self.sparse_model.sentence.predict_proba(bags, [None] * len(sents)) \
            if len(marked) < len(sents) else np.zeros((len(sents), 5))
        if marked:
            vecs = self.encoder.encode([sents[i].text for i in marked])
            probs[marked] = model.predict_proba([bags[i] for i in marked], list(vecs))
        return probs

    # --- patterns fired ---------------------------------------------------------------------------
    def review(self, events: list, probs: np.ndarray) -> bool:
        """Record the model's view on each pattern event; strong disagreement halves confidence.
        True when the model overrules every event (the coder then adds the model's own)."""
        top = int(probs.argmax())
        overruled = bool(events)
        for e in events:
            p = float(probs[event_quad_class(e)])
            vetoed = p < self.t.veto_prob and float(probs[top]) >= self.t.veto_confidence
            e.extras["detector"] = {"class": top, "probability": round(p, 3), "vetoed": vetoed}
            if vetoed:
                e.confidence = adjust.vetoed(e.confidence)
            overruled = overruled and vetoed and not e.negated
        return overruled and top != 0

    # --- patterns silent --------------------------------------------------------------------------
    def propose(self, sent: Span, actors, probs: np.ndarray) -> tuple[Match, dict] | None:
        """A model event for a sentence no pattern coded, or None."""
        if 1.0 - float(probs[0]) < self.t.min_event:
            return None
        trig = T.trigger(sent)
        if not T.eventive(trig):
            return None
        cands = R.candidates(sent, trig, actors)
        if not cands:
            return None
        m = self.model
        code, score, how = T.choose_code(T.trigger_keys(sent), probs, m.types, m.fallback)
        if code is None:
            return None
        p_class = float(probs[T.pentaclass_of(code)])
        if p_class < self.t.min_class:
            return None
        role_probs = [m.roles.proba(f) for f in R.features_for(cands, trig)]
        source, target, ps, pt = R.choose(cands, role_probs, self.t.min_source, self.t.min_target)
        if source is None or (source.relation == R.UNRELATED and trig.i != sent.root.i):
            # below the main clause, a party with no grammatical relation to the act is
            # usually a bystander (real-news tune: 1 right of 13 such events)
            return None
        if target is None or (how == "fallback" and p_class < self.t.min_fallback):
            return None  # a model event needs both parties; a guessed type a confident class
        if reporter(trig, source) or sufferer(source):
            return None
        negated = any(c.dep_ == "neg" for c in trig.children) or any(
            c.dep_ == "neg" for c in F.predicate(sent).children)
        confidence = adjust.model_event(p_class, self.t.model_scale)
        match = Match(None, trig, source.actor, target.actor if target else None, negated,
                      confidence, cameo=code, rule=f"model:{how}")
        info = {"class": int(probs.argmax()), "probability": round(p_class, 3),
                "code_score": round(score, 3),
                "via": {"source": source.relation, "target": target.relation if target else None},
                "role_probability": {"source": round(ps, 3), "target": round(pt, 3)}}
        return match, info
