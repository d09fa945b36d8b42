"""The quote lexicon (data/quotes.yaml): every example is a test, and a bad file says what is wrong."""
import dataclasses
from importlib import resources

import pytest
import yaml

from dyad.quote_lexicon import (
    LEXICON_GROUPS,
    QuoteLexiconError,
    load_quote_lexicon,
    quote_lexicon,
)
from dyad.quotes import SpeechFinder

LEXICON = quote_lexicon()
EXAMPLES = LEXICON.examples
BUILTIN = (resources.files("dyad") / "data" / "quotes.yaml").read_text(encoding="utf-8")


def _id(example):
    return f"{example.group}:{example.text[:40]}"


def _quotes(coder, text, finder):
    doc = coder.nlp(text)
    quotes, _, _ = finder.find(doc, coder.finder.annotate(doc, None))
    for q in quotes:
        assert text[q.content.start_char:q.content.end_char] == q.content.text
    return quotes


def _gives(quotes, example) -> bool:
    """Whether ``quotes`` hold what the example says it should give."""
    if example.quote is None:
        return not quotes
    for q in quotes:
        if q.content.text != example.quote:
            continue
        who = q.speaker_span.text if q.speaker_span else None
        return who == example.speaker \
            and (example.cue is None or (q.cue is not None and q.cue.text == example.cue)) \
            and (example.kind is None or q.kind == example.kind) \
            and (example.actor is None or (q.speaker is not None and q.speaker.code == example.actor))
    return False


def _describe(quotes) -> list:
    return [(q.kind, q.content.text, q.speaker_span.text if q.speaker_span else None,
             q.cue.text if q.cue else None, q.speaker.code if q.speaker else None) for q in quotes]


def test_every_group_has_examples():
    assert {e.group for e in EXAMPLES} == set(LEXICON_GROUPS)


@pytest.mark.parametrize("example", EXAMPLES, ids=_id)
def test_lexicon_example(example, coder):
    quotes = _quotes(coder, example.text, SpeechFinder(LEXICON))
    assert _gives(quotes, example), f"expected {example}, got {_describe(quotes)}"


@pytest.mark.parametrize("example", EXAMPLES, ids=_id)
def test_example_needs_its_group(example, coder):
    """Without its group's words the example no longer gives what it says: it shows that
    group at work, not another."""
    empty = {attr: type(getattr(LEXICON, attr))() for _, attr in LEXICON_GROUPS[example.group].values()}
    without = dataclasses.replace(LEXICON, **empty)
    quotes = _quotes(coder, example.text, SpeechFinder(without))
    assert not _gives(quotes, example), f"{example.group} is not needed: {_describe(quotes)}"


def test_builtin_lexicon_is_loaded_once():
    assert quote_lexicon() is LEXICON
    assert SpeechFinder().lexicon is LEXICON


def _write(tmp_path, edit) -> str:
    raw = yaml.safe_load(BUILTIN)
    edit(raw)
    path = tmp_path / "bad_quotes.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def _set(group, key, value):
    def edit(raw):
        raw[group][key] = value
    return edit


def _drop(group, key=None):
    def edit(raw):
        if key is None:
            del raw[group]
        else:
            del raw[group][key]
    return edit


def _example(**kw):
    def edit(raw):
        raw["speech"]["examples"][0].update(kw)
    return edit


@pytest.mark.parametrize("edit, message", [
    (_drop("frames"), "group 'frames' is missing"),
    (lambda raw: raw.update(verbs=["say"]), "unknown group 'verbs'; valid groups: speech, "),
    (_set("speech", "verb", ["say"]), r"speech: unknown field 'verb'; fields: about, verbs, examples"),
    (_drop("stance", "about"), "stance: needs an 'about'"),
    (_drop("stance", "verbs"), r"stance\.verbs: must be a non-empty list of words"),
    (_set("speech", "verbs", ["say", "say"]), r"speech\.verbs: 'say' is listed twice"),
    (_set("speech", "verbs", ["Say"]), r"speech\.verbs: 'Say' must be lower case"),
    (_set("speech", "verbs", ["point out"]), "one word"),
    (_set("speech", "verbs", ["say", 3]), r"speech\.verbs: 3 is not a word"),
    (_set("attribution", "preps", ["for", True]), r"attribution\.preps: True .*write it in quotes"),
    (_set("noun_cues", "nouns", ["attack"]), r"noun_cues\.nouns: must be a mapping of lemma"),
    (_set("noun_cues", "nouns", {"attack": []}), r"noun_cues\.nouns\.attack: must be a non-empty list"),
    (_set("frames", "phrases", ["according  to"]), "single spaces"),
    (_set("attribution", "verbs", ["say", "cite"]), "attribution: 'say' is already in speech verbs"),
    (_set("clause_nouns", "nouns", ["claim"]), "clause_nouns: 'claim' is already in content nouns"),
    (_drop("speakers", "examples"), "speakers: needs at least one example"),
    (_example(quote="words that are not there"), r"speech\.examples\[0\]: quote .* does not occur"),
    (_example(kind="indirect"), "kind 'indirect' is not one of direct, reported, attributed"),
    (_example(source="x"), "unknown field 'source'"),
    (lambda raw: raw["speech"]["examples"][0].pop("speaker"), "needs 'speaker' \\(null when"),
    (_example(quote=None), "an example without a quote has no speaker or cue"),
])
def test_malformed_lexicon_is_rejected_with_a_reason(tmp_path, edit, message):
    path = _write(tmp_path, edit)
    with pytest.raises(QuoteLexiconError, match=message) as err:
        load_quote_lexicon(path)
    assert "bad_quotes.yaml" in str(err.value)  # the message names the file


def test_unreadable_lexicon_files(tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("speech: [unclosed\n", encoding="utf-8")
    with pytest.raises(QuoteLexiconError, match="broken.yaml: not valid YAML"):
        load_quote_lexicon(bad)
    listing = tmp_path / "list.yaml"
    listing.write_text("- say\n- tell\n", encoding="utf-8")
    with pytest.raises(QuoteLexiconError, match="list.yaml: must be a mapping of group name"):
        load_quote_lexicon(listing)
    with pytest.raises(QuoteLexiconError, match="missing.yaml: file not found"):
        load_quote_lexicon(tmp_path / "missing.yaml")


def test_a_valid_copy_loads_the_same_lexicon(tmp_path):
    path = _write(tmp_path, lambda raw: None)
    assert load_quote_lexicon(path) == LEXICON
