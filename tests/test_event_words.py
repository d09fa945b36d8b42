"""The event coder's word lists (data/events/words.yaml): every example is coded as it says by
the pattern coder, and taking a group's words away changes at least one of its examples (the
list does work)."""
from __future__ import annotations

import datetime as dt
import sys

import pytest

from dyad.coder import Coder, Options
from dyad.events import words

GROUPS = words.load()


@pytest.fixture(scope="module")
def coder():
    return Coder(Options(detector=False))  # the pattern coder's lists


def _holds(coder, ex) -> bool:
    events = [e for e in coder.code(ex["text"], dt.date(2021, 10, 12))
              if e.trigger.text == ex["trigger"] and not e.negated]
    if not ex["coded"]:
        return not events
    return any((ex.get("source") is None or (e.source and e.source.country == ex["source"]))
               and (ex.get("target") is None or (e.target and e.target.country == ex["target"]))
               for e in events)


@pytest.mark.parametrize("name", sorted(GROUPS))
def test_every_example_holds(coder, name):
    for ex in GROUPS[name]["examples"]:
        assert _holds(coder, ex), (name, ex)


@pytest.mark.parametrize("name", sorted(GROUPS))
def test_taking_a_groups_words_away_changes_an_example(coder, name, monkeypatch):
    original = GROUPS[name]["words"]
    bound = [(mod, attr) for mod in list(sys.modules.values())
             if getattr(mod, "__name__", "").startswith("dyad.")
             for attr, value in vars(mod).items() if value is original]
    assert bound, f"no module reads the group {name!r}"
    for mod, attr in bound:
        monkeypatch.setattr(mod, attr, frozenset())
    assert not all(_holds(coder, ex) for ex in GROUPS[name]["examples"]), name


def test_a_malformed_group_names_the_file_and_the_group():
    with pytest.raises(words.EventWordsError, match="group 'x'"):
        words._group("words.yaml: group 'x'", {"about": "a", "words": [], "examples": []})
    with pytest.raises(words.EventWordsError, match="no group"):
        words.group("no_such_group")
