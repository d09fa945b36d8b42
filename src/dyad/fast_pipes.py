"""Faster stand-ins for spaCy's ``attribute_ruler`` and rule ``lemmatizer``, same output.

The English models' attribute ruler maps each token's fine tag to its coarse POS and
morphology (and fixes a few words: "n't" → PART, "gonna" → "go" + "to") with ~180 token
patterns run through spaCy's generic ``Matcher``: about 12 % of a full parse's time, spent
testing every pattern at every token. Here the same patterns are indexed by the value their
first token needs (its lowercase form or its tag), so each token is tested only against the
few patterns that can match it; the matches are then applied exactly as spaCy applies them
(sorted by rule, later rules winning, through spaCy's own ``set_token_attrs``).

``compile_ruler`` returns None for a ruler using a pattern feature this does not handle
(an operator, an attribute other than TAG/LOWER/DEP/IS_SPACE): that model keeps spaCy's ruler.

The rule lemmatizer (~7 % of a parse) already caches its answer per (word, POS, morphology),
but pays a Python call, a MorphAnalysis object and a string-store write per token to reach
that cache; ``FastLemmas`` reads the three keys of a whole Doc in one ``to_array`` call,
keeps its own cache of lemma ids and writes them back with one ``from_array``, asking
spaCy's lemmatizer only about the keys it has not met.
"""
from __future__ import annotations

import re
from typing import Callable

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

#: the token attributes a pattern may test, read once per token
_FIELDS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}

Test = Callable[[tuple], bool]


def _value_test(field: int, value) -> Test | None:
    if isinstance(value, (str, bool)):
        return lambda t: t[field] == value
    if not isinstance(value, dict) or len(value) != 1:
        return None
    (op, arg), = value.items()
    if op == "IN":
        allowed = frozenset(arg)
        return lambda t: t[field] in allowed
    if op == "NOT_IN":
        banned = frozenset(arg)
        return lambda t: t[field] not in banned
    if op == "REGEX" and isinstance(arg, str):
        search = re.compile(arg).search
        return lambda t: bool(search(t[field]))
    return None


def _token_test(spec: dict) -> Test | None:
    tests = []
    for attr, value in spec.items():
        if attr not in _FIELDS:
            return None
        test = _value_test(_FIELDS[attr], value)
        if test is None:
            return None
        tests.append(test)
    return lambda t: all(test(t) for test in tests)


def _index_keys(spec: dict) -> tuple[int, tuple] | None:
    """Where a pattern is filed: under the values (lowercase form, tag, dependency label or
    space flag) its first token must have, else None (tested at every token)."""
    for attr in ("LOWER", "TAG", "DEP", "IS_SPACE"):
        value = spec.get(attr)
        if isinstance(value, (str, bool)):
            return _FIELDS[attr], (value,)
        if isinstance(value, dict) and set(value) == {"IN"}:
            return _FIELDS[attr], tuple(value["IN"])
    return None


class FastAttributes:
    """The compiled patterns of one attribute ruler; call it on a Doc like the ruler."""

    def __init__(self, ruler):
        self.attrs = ruler.attrs
        self.indices = ruler.indices
        #: per token field (tag, lower, dep, is_space): value -> the patterns filed under it
        self.tables: tuple[dict, ...] = ({}, {}, {}, {})
        self.always: list = []
        for rule in range(len(ruler.attrs)):
            for pattern in ruler.matcher.get(str(rule))[1]:
                tests = [_token_test(spec) for spec in pattern]
                if not tests or any(t is None for t in tests):
                    raise ValueError(f"unsupported attribute-ruler pattern {pattern}")
                entry = (rule, tests)
                keys = _index_keys(pattern[0])
                if keys is None:
                    self.always.append(entry)
                else:
                    for key in keys[1]:
                        self.tables[keys[0]].setdefault(key, []).append(entry)

    def matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(rule, start, end) of every pattern match, in the order spaCy's ruler applies them."""
        feats = [(t.tag_, t.lower_, t.dep_, t.is_space) for t in doc]
        found = set()
        n = len(feats)
        tag, lower, dep, space = self.tables
        for i, f in enumerate(feats):
            for rule, tests in (*tag.get(f[0], ()), *lower.get(f[1], ()), *dep.get(f[2], ()),
                                *space.get(f[3], ()), *self.always):
                end = i + len(tests)
                if end <= n and all(test(feats[i + k]) for k, test in enumerate(tests)):
                    found.add((rule, i, end))
        return sorted(found)

    def __call__(self, doc: Doc) -> Doc:
        for rule, start, end in self.matches(doc):
            index = self.indices[rule]
            token = doc[start + index] if index >= 0 else doc[end + index]
            set_token_attrs(token, self.attrs[rule])
        return doc


def compile_ruler(ruler) -> FastAttributes | None:
    try:
        return FastAttributes(ruler)
    except ValueError:
        return None


@Language.factory("dyad_fast_attributes")
def _factory(nlp: Language, name: str):
    """Built from the pipeline's own attribute ruler (``install``), which must be present."""
    fast = compile_ruler(nlp.get_pipe("attribute_ruler"))
    if fast is None:
        raise ValueError("dyad_fast_attributes: the attribute ruler uses unsupported patterns")
    return fast


class FastLemmas:
    """spaCy's rule lemmatizer (``overwrite=False``: tokens that have a lemma keep it) with
    the per-token work done on arrays."""

    def __init__(self, lemmatizer):
        self.lemmatizer = lemmatizer
        self.cache: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        keys = doc.to_array([ORTH, POS, MORPH, LEMMA]).astype(numpy.uint64).tolist()
        strings = doc.vocab.strings
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(keys):
            if lemma == 0:
                key = (orth, pos, morph)
                lemma = self.cache.get(key)
                if lemma is None:
                    lemma = strings.add(self.lemmatizer.rule_lemmatize(doc[i])[0])
                    self.cache[key] = lemma
            lemmas.append(lemma)
        doc.from_array([LEMMA], numpy.array(lemmas, dtype=numpy.uint64).reshape(-1, 1))
        return doc


@Language.factory("dyad_fast_lemmas")
def _lemma_factory(nlp: Language, name: str):
    """Built from the pipeline's own rule lemmatizer (``install``), which must be present."""
    return FastLemmas(nlp.get_pipe("lemmatizer"))


def _plain_rule_lemmatizer(nlp: Language) -> bool:
    if "lemmatizer" not in nlp.pipe_names:
        return False
    pipe = nlp.get_pipe("lemmatizer")
    return type(pipe).__name__ in ("Lemmatizer", "EnglishLemmatizer") \
        and getattr(pipe, "mode", None) == "rule" and not getattr(pipe, "overwrite", True)


def install(nlp: Language) -> list[str]:
    """Swap the pipeline's attribute ruler and rule lemmatizer for the faster ones where they
    apply (a ruler whose patterns this handles, a rule lemmatizer that does not overwrite);
    returns the names of the components replaced."""
    replaced = []
    if "attribute_ruler" in nlp.pipe_names \
            and compile_ruler(nlp.get_pipe("attribute_ruler")) is not None:
        nlp.add_pipe("dyad_fast_attributes", before="attribute_ruler")
        nlp.remove_pipe("attribute_ruler")
        replaced.append("attribute_ruler")
    if _plain_rule_lemmatizer(nlp):
        nlp.add_pipe("dyad_fast_lemmas", before="lemmatizer")
        nlp.remove_pipe("lemmatizer")
        replaced.append("lemmatizer")
    return replaced
