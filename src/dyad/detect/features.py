"""Features of one parsed sentence for the event detector.

A sparse bag of strings computed from what the spaCy parse already gives: the words, stems,
bigrams and character 3–5-grams of ``dyad.classify.features``, the sentence's lemmas, and the
*predicate* features: the lemma of the main predicate (``p:``), of the event noun it governs
(``n:``) and of its complement verb (``x:``), plus the dependency labels under the predicate
(``d:``). The dense block, when the embedding model is in use, is the sentence's MiniLM
embedding (``dyad.detect.encoder``).

``predicate(sent)`` is also the detector's *trigger*: the root verb, passing through a
reporting verb to what was reported ("officials said troops shelled the town" → shell) and
through a light verb to the event noun it governs ("launched an attack" → attack).
"""
from __future__ import annotations

from collections import Counter

from spacy.tokens import Span, Token

from dyad.classify.features import features as text_features

REPORTING = frozenset({"say", "tell", "report", "state", "add", "claim", "announce", "note",
                       "confirm", "insist", "stress", "write", "explain", "believe", "think"})
LIGHT = frozenset({"make", "hold", "launch", "carry", "take", "give", "issue", "stage", "conduct",
                   "express", "mount", "have", "pay", "deliver", "offer", "extend", "begin",
                   "start", "continue", "lodge", "file", "impose", "sign", "open", "reach"})
CONTENT_DEPS = ("nsubj", "nsubjpass", "dobj", "dative", "prep", "agent", "xcomp", "ccomp", "neg",
                "aux", "advcl", "attr", "acomp", "prt")


def _reported(root: Token) -> Token:
    """Through a reporting verb to the clause it reports ("X said Y attacked Z" → attacked)."""
    if root.lemma_.lower() in REPORTING:
        for c in root.children:
            if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX"):
                return c
    return root


def predicate(sent: Span) -> Token:
    """The sentence's main event predicate: root verb, else the reported clause's verb."""
    root = sent.root
    seen = 0
    while seen < 3:
        nxt = _reported(root)
        if nxt is root:
            break
        root, seen = nxt, seen + 1
    return root


def event_noun(verb: Token) -> Token | None:
    """The event noun a light verb governs ("launched an attack", "held talks")."""
    if verb.lemma_.lower() not in LIGHT:
        return None
    for c in verb.children:
        if c.dep_ in ("dobj", "nsubjpass") and c.pos_ == "NOUN":
            return c
    return None


def complement(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ == "xcomp" and c.pos_ == "VERB":
            return c
    return None


def sparse(sent: Span) -> Counter:
    """The sparse feature bag of one parsed sentence (feature string → count)."""
    lemmas = [t.lemma_.lower() for t in sent if t.is_alpha and not t.is_stop]
    bag = text_features(sent.text, char_ngrams=(3, 5), lemmas=lemmas)
    pred = predicate(sent)
    bag["p:" + pred.lemma_.lower()] += 1
    noun = event_noun(pred)
    if noun is not None:
        bag["n:" + noun.lemma_.lower()] += 1
    comp = complement(pred)
    if comp is not None:
        bag["x:" + comp.lemma_.lower()] += 1
        bag["px:" + pred.lemma_.lower() + "_" + comp.lemma_.lower()] += 1
    for c in pred.children:
        if c.dep_ in CONTENT_DEPS:
            bag["d:" + c.dep_] += 1
            if c.dep_ in ("dobj", "prep", "prt"):
                bag["d:" + c.dep_ + ":" + c.lemma_.lower()] += 1
    if pred.i != sent.root.i:
        bag["reported"] += 1
    return bag
