"""The quote lexicon: the words that cue quotes and reported speech (speech and stance verbs,
stance nouns and their prepositions, who can speak, "according to"), as data in
``data/quotes.yaml``, read once on first use (``quote_lexicon``) and validated by
``load_quote_lexicon``: every group says what it is ``about:`` and shows itself at work in
``examples:``, which are tests (tests/test_quote_lexicon.py).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import yaml

from dyad.errors import DyadError


class QuoteLexiconError(DyadError, ValueError):
    """The quote lexicon file is malformed; the message names the file and the problem."""


# The groups of data/quotes.yaml: group → its word fields → (kind, QuoteLexicon attribute).
# A "words" field is a list of lower-case lemmas, "cues" a mapping of lemma → prepositions,
# "phrases" a list of fixed phrases. Every group also has `about:` and `examples:`.
LEXICON_GROUPS: dict[str, dict[str, tuple[str, str]]] = {
    "speech": {"verbs": ("words", "speech_verbs")},
    "attribution": {"verbs": ("words", "more_attribution_verbs"),
                    "preps": ("words", "attribution_preps")},
    "stance": {"verbs": ("words", "stance_verbs")},
    "preposition_cues": {"verbs": ("cues", "prep_cues")},
    "content_nouns": {"nouns": ("words", "content_nouns")},
    "clause_nouns": {"nouns": ("words", "more_clause_nouns")},
    "noun_cues": {"nouns": ("cues", "noun_cues")},
    "noun_owners": {"verbs": ("words", "delivery_verbs"), "preps": ("words", "owner_preps")},
    "speakers": {"nouns": ("words", "speaker_nouns"),
                 "not_pronouns": ("words", "non_speaker_pronouns")},
    "frames": {"phrases": ("phrases", "frames")},
}
QUOTE_KINDS = ("direct", "reported", "attributed")
_EXAMPLE_KEYS = ("text", "quote", "speaker", "cue", "kind", "actor")


@dataclass(frozen=True)
class LexiconExample:
    """A sentence that shows a lexicon group at work, and what it should give."""
    group: str
    text: str
    quote: str | None  # the quoted or attributed words; None: no quote at all
    speaker: str | None  # the words naming the speaker; None: no speaker
    cue: str | None = None
    kind: str | None = None
    actor: str | None = None  # the speaker's actor code


@dataclass(frozen=True)
class QuoteLexicon:
    """The word lists of data/quotes.yaml (see that file for what each group is for)."""
    speech_verbs: frozenset[str]
    more_attribution_verbs: frozenset[str]
    attribution_preps: frozenset[str]
    stance_verbs: frozenset[str]
    prep_cues: dict[str, frozenset[str]]
    content_nouns: frozenset[str]
    more_clause_nouns: frozenset[str]
    noun_cues: dict[str, frozenset[str]]
    delivery_verbs: frozenset[str]
    owner_preps: frozenset[str]
    speaker_nouns: frozenset[str]
    non_speaker_pronouns: frozenset[str]
    frames: tuple[tuple[str, ...], ...]
    examples: tuple[LexiconExample, ...] = ()

    @functools.cached_property
    def attribution_verbs(self) -> frozenset[str]:
        """Speech verbs attribute too ("X said ..." as much as "X wants ...")."""
        return self.speech_verbs | self.more_attribution_verbs

    @functools.cached_property
    def clause_nouns(self) -> frozenset[str]:
        return self.content_nouns | self.more_clause_nouns


def load_quote_lexicon(path=None) -> QuoteLexicon:
    """Read and validate a quote lexicon (default: the built-in data/quotes.yaml)."""
    if path is None:
        path = resources.files("dyad") / "data" / "quotes.yaml"
    where = str(path)
    raw = _read_groups(path, where)
    values: dict = {}
    examples: list[LexiconExample] = []
    for group, fields in LEXICON_GROUPS.items():
        group_values, group_examples = _group(raw.get(group), group, fields, where)
        values.update(group_values)
        examples += group_examples
    for group, own, base in (("attribution", "more_attribution_verbs", "speech_verbs"),
                             ("clause_nouns", "more_clause_nouns", "content_nouns")):
        both = sorted(values[own] & values[base])
        if both:
            raise QuoteLexiconError(f"{where}: {group}: {both[0]!r} is already in {base.replace('_', ' ')}, "
                                    f"which {group} includes; list it once")
    return QuoteLexicon(**values, examples=tuple(examples))


def _read_groups(path, where: str) -> dict:
    """The file's mapping of group name → group, every name a known group."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise QuoteLexiconError(f"{where}: file not found") from None
    except yaml.YAMLError as exc:
        raise QuoteLexiconError(f"{where}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise QuoteLexiconError(f"{where}: must be a mapping of group name → group "
                                f"(groups: {', '.join(LEXICON_GROUPS)})")
    unknown = [g for g in raw if g not in LEXICON_GROUPS]
    if unknown:
        raise QuoteLexiconError(f"{where}: unknown group {unknown[0]!r}; "
                                f"valid groups: {', '.join(LEXICON_GROUPS)}")
    return raw


def _group(item, group: str, fields: dict[str, tuple[str, str]], where: str
           ) -> tuple[dict, list[LexiconExample]]:
    """One group's word fields (by QuoteLexicon attribute) and its examples, validated."""
    if not isinstance(item, dict):
        raise QuoteLexiconError(f"{where}: group {group!r} is missing or not a mapping")
    allowed = ("about", *fields, "examples")
    extra = [k for k in item if k not in allowed]
    if extra:
        raise QuoteLexiconError(f"{where}: {group}: unknown field {extra[0]!r}; "
                                f"fields: {', '.join(allowed)}")
    if not isinstance(item.get("about"), str) or not item["about"].strip():
        raise QuoteLexiconError(f"{where}: {group}: needs an 'about' saying what the group is for")
    values: dict = {}
    for name, (kind, attr) in fields.items():
        label = f"{where}: {group}.{name}"
        if kind == "words":
            values[attr] = frozenset(_words(item.get(name), label))
        elif kind == "cues":
            values[attr] = _cues(item.get(name), label)
        else:
            values[attr] = tuple(tuple(p.split(" ")) for p in _words(item.get(name), label, phrases=True))
    raw_examples = item.get("examples")
    if not isinstance(raw_examples, list) or not raw_examples:
        raise QuoteLexiconError(f"{where}: {group}: needs at least one example under 'examples:'")
    return values, [_example(e, group, f"{where}: {group}.examples[{i}]")
                    for i, e in enumerate(raw_examples)]


def _words(raw, label: str, phrases: bool = False) -> list[str]:
    what = "phrase" if phrases else "word"
    if not isinstance(raw, list) or not raw:
        raise QuoteLexiconError(f"{label}: must be a non-empty list of {what}s")
    seen: set[str] = set()
    for w in raw:
        if isinstance(w, bool):
            raise QuoteLexiconError(f"{label}: {w!r} is not a {what}: YAML reads a bare on, off, "
                                    f"yes or no as true/false; write it in quotes (\"on\")")
        if not isinstance(w, str) or not w.strip():
            raise QuoteLexiconError(f"{label}: {w!r} is not a {what}")
        if w != w.lower() or w != " ".join(w.split()) or (" " in w and not phrases):
            raise QuoteLexiconError(f"{label}: {w!r} must be lower case"
                                    + (", words separated by single spaces" if phrases else ", one word"))
        if w in seen:
            raise QuoteLexiconError(f"{label}: {w!r} is listed twice")
        seen.add(w)
    return raw


def _cues(raw, label: str) -> dict[str, frozenset[str]]:
    if not isinstance(raw, dict) or not raw:
        raise QuoteLexiconError(f"{label}: must be a mapping of lemma → list of prepositions")
    out = {}
    for lemma, preps in raw.items():
        _words([lemma], label)
        out[lemma] = frozenset(_words(preps, f"{label}.{lemma}"))
    return out


def _example(raw, group: str, label: str) -> LexiconExample:
    if not isinstance(raw, dict):
        raise QuoteLexiconError(f"{label}: must be a mapping with text, quote and speaker")
    extra = [k for k in raw if k not in _EXAMPLE_KEYS]
    if extra:
        raise QuoteLexiconError(f"{label}: unknown field {extra[0]!r}; fields: {', '.join(_EXAMPLE_KEYS)}")
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise QuoteLexiconError(f"{label}: needs a 'text' sentence")
    for key in ("quote", "speaker"):
        if key not in raw:
            raise QuoteLexiconError(f"{label}: needs '{key}' (null when there is none)")
    for key in ("quote", "speaker", "cue"):
        value = raw.get(key)
        if value is not None and (not isinstance(value, str) or value not in text):
            raise QuoteLexiconError(f"{label}: {key} {value!r} does not occur in the text")
    if raw["quote"] is None and (raw["speaker"] is not None or raw.get("cue") is not None):
        raise QuoteLexiconError(f"{label}: an example without a quote has no speaker or cue")
    if raw.get("kind") is not None and raw["kind"] not in QUOTE_KINDS:
        raise QuoteLexiconError(f"{label}: kind {raw['kind']!r} is not one of {', '.join(QUOTE_KINDS)}")
    return LexiconExample(group, text, raw["quote"], raw["speaker"], raw.get("cue"),
                          raw.get("kind"), None if raw.get("actor") is None else str(raw["actor"]))


@functools.lru_cache(maxsize=1)
def quote_lexicon() -> QuoteLexicon:
    """The built-in lexicon, read once on first use."""
    return load_quote_lexicon()
