"""Direct quotes and their speakers."""
import datetime as dt

from conftest import KIM, need
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
    assert [q.speaker.code for q in quotes] == ["PRKGOV"]  # one quote, continued
    assert quotes[0].cue.text == "said" and len(quotes[0].parts) == 2


def test_fragment_quote_belongs_to_the_sentence_subject(coder):
    text = "US State Department spokesperson Ned Price offered talks “anywhere and at any time” today."
    [q] = [q for q in quotes_of(coder, text) if q.kind == "direct"]
    assert q.speaker.code == "USAGOV" and "Price" in q.speaker.text


def test_no_speaker_is_never_guessed(coder):
    [q] = quotes_of(coder, "“This war must end soon, and everyone knows it.”")
    assert q.speaker is None


def test_quote_split_by_its_cue_is_one_quote(coder):
    text = ("Kim Jong-un spoke on Monday.\n\n“We are not the enemy of the South,” he said. "
            "“The United States is the one creating the tension here.”")
    [q] = [q for q in quotes_of(coder, text) if q.kind == "direct"]
    assert q.content.text.startswith("We are not") and q.content.text.endswith("tension here.")
    assert [p.text for p in q.parts] == ["We are not the enemy of the South,",
                                         "The United States is the one creating the tension here."]
    assert q.speaker.code == "PRKGOV"


def test_long_attribution_between_the_parts(coder):
    text = ("“Clinton drew well from white, working-class Democrats,” said Ohio State University "
            "professor Paul Beck. “That was more her constituency than it was Obama’s.”\n\n"
            "The race moved on.")
    [q] = [q for q in quotes_of(coder, text) if q.kind == "direct"]
    assert len(q.parts) == 2 and "Paul Beck" in q.speaker_span.text


def test_a_new_paragraph_of_narration_ends_the_quote(coder):
    text = ("“The economy is the issue this year,” Grimm said. Voters talked about jobs and "
            "about fear of terrorism for an hour.\n\n“Safety for the whole country, everybody.”")
    direct = [q for q in quotes_of(coder, text) if q.kind == "direct"]
    assert len(direct) == 2


def test_short_object_of_a_stance_verb(coder):
    text = "Senator Elizabeth Warren endorsed Hillary Clinton on Thursday."
    quotes = quotes_of(coder, text)
    assert any(q.content.text.startswith("Hillary Clinton") and q.kind == "attributed"
               and "Warren" in q.speaker_span.text for q in quotes)


def test_kim_example_speakers(coder):
    text = need(KIM).read_text(encoding="utf-8")
    doc = coder.nlp(text)
    quotes, _, _ = coder.speech.find(doc, coder.finder.annotate(doc, dt.date(2021, 10, 12)))
    direct = [q for q in quotes if q.kind == "direct"]
    price = [q for q in direct if q.content.text == "anywhere and at any time"]
    assert len(price) == 1
    assert price[0].speaker.code == "USAGOV" and price[0].speaker.name == "Ned Price"
    kim = [q for q in direct if q is not price[0]]
    assert len(kim) >= 5 and any(q.content.text.startswith("I say once again") for q in kim)
    for q in kim:
        assert (q.speaker.code, q.speaker.name) == ("PRKGOV", "Kim Jong-un"), q.content.text


def test_stance_nouns_and_prepositions(coder):
    text = ("Trump's attacks on Judge Curiel drew criticism. Clinton later referred to Jeb Bush. "
            "Sanders made a call for higher wages.")
    quotes = {q.content.text: q for q in quotes_of(coder, text)}
    assert quotes["Judge Curiel"].speaker_span.text == "Trump"
    assert "Clinton" in quotes["Jeb Bush"].speaker_span.text
    assert quotes["higher wages"].speaker_span.text == "Sanders"
