"""Cheap sentence features for the QuadClass classifier: no parser, only a regex tokenizer.

A sentence becomes a bag of feature strings with counts:

* ``w:<token>``       lowercased word tokens (numbers collapse to ``<num>``),
* ``s:<stem>``        a crude suffix-stripped stem, so "attacked"/"attacks"/"attacking" share weight,
* ``b:<t1>_<t2>``     word bigrams (with sentence boundary markers),
* ``c:<ngram>``       character 3–5-grams inside ``_word_`` (robust to inflection and typos).

When a caller already has spaCy tokens (the coder does), ``features(text, lemmas=[...])`` adds
``l:<lemma>`` features; the shipped model is trained on text alone, so lemmas are optional.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

TOKEN = re.compile(r"[a-z]+(?:['’][a-z]+)?|\d+(?:[.,]\d+)*")
_SUFFIXES = ("ings", "ing", "edly", "ed", "ies", "es", "s", "ly")


def tokens(text: str) -> list[str]:
    out = []
    for t in TOKEN.findall(text.lower()):
        if t[0].isdigit():
            out.append("<num>")
        else:
            out.append(t.replace("’", "'"))
    return out


def stem(word: str) -> str:
    """Strip one common English suffix from words long enough to keep a stem of 4+ letters."""
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 4:
            base = word[: -len(suf)]
            if suf == "ies":
                base += "y"
            return base
    return word


def features(text: str, *, char_ngrams: tuple[int, int] = (3, 5),
             lemmas: Iterable[str] | None = None) -> Counter:
    """The feature bag of one sentence (feature string → count)."""
    toks = tokens(text)
    bag: Counter = Counter()
    for t in toks:
        bag["w:" + t] += 1
        s = stem(t)
        if s != t:
            bag["s:" + s] += 1
    padded = ["<s>", *toks, "</s>"]
    for a, b in zip(padded, padded[1:]):
        bag["b:" + a + "_" + b] += 1
    lo, hi = char_ngrams
    if hi >= lo > 0:
        for t in toks:
            if t == "<num>":
                continue
            w = "_" + t + "_"
            for n in range(lo, hi + 1):
                for i in range(len(w) - n + 1):
                    bag["c:" + w[i:i + n]] += 1
    if lemmas is not None:
        for lem in lemmas:
            bag["l:" + lem.lower()] += 1
    return bag
