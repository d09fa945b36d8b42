"""The actor resolver's word lists (data/actors/words.yaml): every group says what it is for and
shows itself at work in examples, each resolved here; a malformed file is refused with a reason."""
import datetime as dt

import pytest
import yaml

from dyad.actors import words
from dyad.actors.words import EXAMPLES, GROUPS, WordsError, load

CASES = [(group, n, ex) for group, exs in EXAMPLES.items() for n, ex in enumerate(exs)]


def test_every_group_is_loaded_with_examples():
    assert set(EXAMPLES) == set(GROUPS) and all(EXAMPLES[g] for g in GROUPS)
    assert "spokesman" in words.SPOKESPEOPLE and words.CONTEXTUAL["north"][0] == "PRK"
    assert words.TITLE_SYNONYMS[("premier",)] == ("prime", "minister")
    assert words.LEADER_ROLES[0] == "president"  # an ordered group stays a tuple


@pytest.mark.parametrize("group, n, example", CASES, ids=[f"{g}-{n}" for g, n, _ in CASES])
def test_word_list_example(group, n, example, coder):
    published = example.get("published") or dt.date(2021, 10, 12)
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    doc = coder.nlp(example["text"])
    state = coder.finder.annotate(doc, published)
    coder.speech.find(doc, state)
    [token] = [t for t in doc if t.text == example["word"]][:1]
    found = state.resolve(token)
    got = found[0].code if found else None
    assert got == example["actor"], f"{group}: {example['text']!r} → {got}"


def _copy(tmp_path, edit):
    data = yaml.safe_load((words.resources.files("dyad") / "data" / "actors" / "words.yaml")
                          .read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "words.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("edit, message", [
    (lambda d: d.pop("spokespeople"), "missing groups ['spokespeople']"),
    (lambda d: d.__setitem__("extra", d["spokespeople"]), "unknown groups ['extra']"),
    (lambda d: d["honorifics"].pop("about"), "honorifics: needs an 'about'"),
    (lambda d: d["honorifics"].__setitem__("examples", []), "honorifics: needs at least one example"),
    (lambda d: d["honorifics"].__setitem__("words", []), "honorifics: words must be a non-empty list"),
    (lambda d: d["honorifics"]["examples"][0].__setitem__("word", "Nobody"), "does not occur"),
])
def test_malformed_word_lists_are_refused(tmp_path, edit, message):
    with pytest.raises(WordsError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load(_copy(tmp_path, edit))


def test_a_valid_copy_loads_the_same_lists(tmp_path):
    assert load(_copy(tmp_path, lambda d: None))[0] == words.WORDS
