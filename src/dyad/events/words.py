"""The event coder's word lists, read once from ``data/events/words.yaml``.

Each group there has ``about:`` (what it is for), ``words:`` and ``examples:`` that
tests/test_event_words.py codes. The modules of ``dyad.events`` bind a group's words to a name of
their own (``LIGHT_VERBS = words.group("light_verbs")``).
"""
from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import yaml

from dyad.errors import DyadError

EXAMPLE_KEYS = ("text", "trigger", "coded", "source", "target")


class EventWordsError(DyadError, ValueError):
    """The event word-list file is malformed; the message names the file and the group."""


@functools.lru_cache(maxsize=None)
def load() -> dict[str, dict[str, Any]]:
    """group → {"about", "words" (a frozenset), "examples"} from the built-in file."""
    path = resources.files("dyad") / "data" / "events" / "words.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise EventWordsError(f"{path.name}: cannot read the word lists ({exc})") from None
    if not isinstance(data, dict) or not data:
        raise EventWordsError(f"{path.name}: must be a mapping of group name → group")
    return {name: _group(f"{path.name}: group {name!r}", raw) for name, raw in data.items()}


def _group(where: str, raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict) or not isinstance(raw.get("about"), str):
        raise EventWordsError(f"{where}: needs about:, words: and examples:")
    words = raw.get("words")
    if not isinstance(words, list) or not words or not all(isinstance(w, str) and w for w in words):
        raise EventWordsError(f"{where}: words must be a non-empty list of words")
    examples = raw.get("examples")
    if not isinstance(examples, list) or not examples:
        raise EventWordsError(f"{where}: needs at least one example under 'examples:'")
    for n, ex in enumerate(examples, 1):
        if not isinstance(ex, dict) or not {"text", "trigger", "coded"} <= set(ex) \
                or set(ex) - set(EXAMPLE_KEYS) or str(ex["trigger"]) not in str(ex["text"]):
            raise EventWordsError(f"{where}: example {n} needs text, trigger (a word of the text) "
                                  "and coded (and may give source and target)")
    return {"about": raw["about"], "words": frozenset(words), "examples": tuple(examples)}


def group(name: str) -> frozenset[str]:
    """The words of one group."""
    groups = load()
    if name not in groups:
        raise EventWordsError(f"words.yaml: no group {name!r}", f"the groups are {', '.join(groups)}")
    return groups[name]["words"]
