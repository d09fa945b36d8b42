"""Direct quotes and their speakers."""
from dyad.quotes import direct_quote_spans


def quotes_of(coder, text):
    doc = coder.nlp(text)
    state = coder.finder.annotate(doc, None)
    quotes, _, _ = coder.speech.find(doc, state)
    for q in quotes:
        assert text[q.content.start_char:q.content.end_char] == q.content.text
    return quotes


def test_quote_spans_curly_straight_and_continued():
    text = '“One two three,” he said. "Four five six seven."\n\n“Eight nine ten\n\n“eleven twelve.”'
    spans = [text[a:b] for a, b in direct_quote_spans(text)]
    assert spans[0] == "One two three,"
    assert spans[1] == "Four five six seven."
    assert spans[2].startswith("Eight nine ten") and spans[2].endswith("eleven twelve.")


def test_apostrophes_are_not_quotes():
    assert direct_quote_spans("It’s Korea’s choice, isn’t it?") == []


def test_speaker_after_the_quote_and_continuation(coder):
    text = ("Kim Jong-un spoke on Monday.\n\n“We are not the enemy of the South,” he said.\n\n"
            "“The United States is the one creating the tension here.”")
    quotes = [q for q in quotes_of(coder, text) if q.kind == "direct"]
    assert [q.speaker.code for q in quotes] == ["PRKGOV", "PRKGOV"]
    assert quotes[0].cue.text == "said"


def test_fragment_quote_belongs_to_the_sentence_subject(coder):
    text = "US State Department spokesperson Ned Price offered talks “anywhere and at any time” today."
    [q] = quotes_of(coder, text)
    assert q.speaker.code == "USAGOV" and "Price" in q.speaker.text


def test_no_speaker_is_never_guessed(coder):
    [q] = quotes_of(coder, "“This war must end soon, and everyone knows it.”")
    assert q.speaker is None
