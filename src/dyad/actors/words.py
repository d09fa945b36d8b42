"""The actor resolver's word lists, read once from ``data/actors/words.yaml``.

Each group there has ``about:`` (what it is for), ``words:`` and ``examples:`` that
tests/test_actor_words.py resolves. The modules of ``dyad.actors`` read the lists as attributes of
this module (``words.SPOKESPEOPLE``), so a test can take a group's words away and see its examples
change.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from dyad.errors import DyadError

# group → how its ``words`` are read: a set of words, an ordered tuple, or a mapping
GROUPS: dict[str, str] = {
    "spokespeople": "set", "former_words": "set", "non_state_armed": "set", "country_nouns": "set",
    "person_pronouns": "set", "first_person": "set", "honorifics": "set", "title_words": "set",
    "people_nouns": "set", "group_nouns": "set", "leader_roles": "tuple", "common_names": "set",
    "thing_pronouns": "set", "civil_generals": "set", "foreign_modifiers": "set",
    "states_of_mind": "set", "plural_pronouns": "set", "not_political_party": "set",
    "placing_verbs": "set", "title_heads": "set", "backing_verbs": "set",
    "contextual": "contextual", "compounds": "compounds", "title_synonyms": "synonyms",
}
EXAMPLE_KEYS = ("text", "word", "actor", "published")


class WordsError(DyadError, ValueError):
    """The actor word-list file is malformed; the message names the file and the group."""


def _words(kind: str, raw: Any, where: str) -> Any:
    if kind in ("set", "tuple"):
        if not isinstance(raw, list) or not raw or not all(isinstance(w, str) and w for w in raw):
            raise WordsError(f"{where}: words must be a non-empty list of words")
        return frozenset(raw) if kind == "set" else tuple(raw)
    if kind == "synonyms":
        pairs = [tuple(p) for p in raw or () if isinstance(p, list) and len(p) == 2]
        if not pairs or len(pairs) != len(raw):
            raise WordsError(f"{where}: words must be a list of [title, same title] pairs")
        return {tuple(a.split()): tuple(b.split()) for a, b in pairs}
    if not isinstance(raw, dict) or not raw:
        raise WordsError(f"{where}: words must be a mapping")
    if kind == "compounds":
        return {str(k): tuple(v) for k, v in raw.items()}
    return {str(k): (v[0], v[1], frozenset(v[2])) for k, v in raw.items()}


def _examples(raw: Any, where: str) -> tuple[dict[str, Any], ...]:
    if not isinstance(raw, list) or not raw:
        raise WordsError(f"{where}: needs at least one example under 'examples:'")
    for n, ex in enumerate(raw, 1):
        if not isinstance(ex, dict) or not {"text", "word", "actor"} <= set(ex) or set(ex) - set(EXAMPLE_KEYS):
            raise WordsError(f"{where}: example {n} needs text, word and actor (and may give published)")
        if str(ex["word"]) not in str(ex["text"]).split() and str(ex["word"]) not in str(ex["text"]):
            raise WordsError(f"{where}: example {n}: word {ex['word']!r} does not occur in the text")
    return tuple(raw)


def load(path: Path | Any | None = None) -> tuple[dict[str, Any], dict[str, tuple[dict[str, Any], ...]]]:
    """(group → words, group → examples) from ``path`` (default: the built-in file)."""
    path = path or resources.files("dyad") / "data" / "actors" / "words.yaml"
    where = getattr(path, "name", str(path))
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise WordsError(f"{where}: cannot read the word lists ({exc})") from None
    if not isinstance(data, dict):
        raise WordsError(f"{where}: must be a mapping of group name → group")
    unknown = sorted(set(data) - set(GROUPS))
    missing = sorted(set(GROUPS) - set(data))
    if unknown or missing:
        raise WordsError(f"{where}: unknown groups {unknown}, missing groups {missing}",
                         f"the groups are {', '.join(GROUPS)}")
    words, examples = {}, {}
    for group, kind in GROUPS.items():
        raw = data[group]
        if not isinstance(raw, dict) or not isinstance(raw.get("about"), str) or not raw["about"].strip():
            raise WordsError(f"{where}: {group}: needs an 'about' saying what the group is for")
        words[group] = _words(kind, raw.get("words"), f"{where}: {group}")
        examples[group] = _examples(raw.get("examples"), f"{where}: {group}")
    return words, examples


WORDS, EXAMPLES = load()
SPOKESPEOPLE = WORDS["spokespeople"]
FORMER_WORDS = WORDS["former_words"]
NON_STATE_ARMED = WORDS["non_state_armed"]
COUNTRY_NOUNS = WORDS["country_nouns"]
PERSON_PRONOUNS = WORDS["person_pronouns"]
FIRST_PERSON = WORDS["first_person"]
HONORIFICS = WORDS["honorifics"]
TITLE_WORDS = WORDS["title_words"]
PEOPLE_NOUNS = WORDS["people_nouns"]
GROUP_NOUNS = WORDS["group_nouns"]
LEADER_ROLES = WORDS["leader_roles"]
COMMON_NAMES = WORDS["common_names"]
THING_PRONOUNS = WORDS["thing_pronouns"]
CIVIL_GENERALS = WORDS["civil_generals"]
FOREIGN_MODIFIERS = WORDS["foreign_modifiers"]
STATES_OF_MIND = WORDS["states_of_mind"]
PLURAL_PRONOUNS = WORDS["plural_pronouns"]
NOT_POLITICAL_PARTY = WORDS["not_political_party"]
PLACING_VERBS = WORDS["placing_verbs"]
TITLE_HEADS = WORDS["title_heads"]
BACKING_VERBS = WORDS["backing_verbs"]
CONTEXTUAL = WORDS["contextual"]
COMPOUNDS = WORDS["compounds"]
TITLE_SYNONYMS = WORDS["title_synonyms"]
