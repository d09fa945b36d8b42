"""Realis from the parse (dyad.events.realis): every example in data/realis.yaml is a test, on
sentences of our own; the cue that decided is recorded; the record carries it."""
import datetime as dt

import pytest

from dyad.events.realis import REALIS, load_cues

EXAMPLES = load_cues().examples


@pytest.mark.parametrize("ex", EXAMPLES, ids=[e["text"] for e in EXAMPLES])
def test_realis_examples(coder, ex):
    events = coder.code(ex["text"], dt.date(2020, 3, 10), "r")
    on = [e for e in events if e.trigger.text == ex["trigger"]]
    assert on, f"no event on {ex['trigger']!r}: {[e.trigger.text for e in events]}"
    assert on[0].realis == ex["realis"], (on[0].realis, on[0].realis_cue)
    assert (on[0].realis_cue is None) == (ex["realis"] == "asserted")


def test_every_realis_has_an_example_and_the_record_carries_it(coder):
    assert {e["realis"] for e in EXAMPLES} == set(REALIS)
    ev = coder.code("Egypt had condemned Libya for the raid.", dt.date(2020, 3, 10), "r")[0]
    assert ev.to_dict()["realis"] == "background" and ev.to_dict()["realis_cue"] == "had"


def test_an_old_date_is_background_only_against_the_publication_date(coder):
    text = "Egypt condemned Libya for the raid in January."
    march = coder.code(text, dt.date(2020, 3, 10), "r")[0]
    february = coder.code(text, dt.date(2020, 2, 10), "r")[0]
    assert march.realis == "background" and march.realis_cue == "January"
    assert february.realis == "asserted"


def test_a_sentence_with_a_noun_root_is_dated_and_ends(coder):
    # the clause walk stops at a root that is no verb (it once looped for ever here)
    events = coder.code("Talks between Russia and Turkey in Sochi on Monday.", dt.date(2020, 3, 10), "r")
    assert events and events[0].date == "2020-03-09" and events[0].realis == "asserted"
