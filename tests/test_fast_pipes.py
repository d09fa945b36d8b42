"""dyad.fast_pipes: the indexed attribute ruler and the array lemmatizer must leave every token
attribute exactly as spaCy's own components leave it."""
import pytest
import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, ORTH, POS, SENT_START, TAG
from spacy.tokens import Doc

from dyad import fast_pipes
from dyad import nlp as nlp_stage

COLUMNS = [ORTH, POS, TAG, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]

# the ruler's exceptions: contractions, "gonna"/"gotta", "let's", "there is", pronoun case,
# auxiliaries, "but" as an adverb, whitespace tokens, a regex-matched "nothin'"
TEXTS = [
    "I ain't gonna say it, but we gotta go. Let's not wait: there's nothin' left.",
    "Iran's foreign minister said on Tuesday that Tehran would not negotiate.\n\n"
    "Protesters  were  shot by police in Kabul, officials said.",
    "It was them who did it. You know it, and I told you; she has had enough.",
    "  \n",
    "",
    "Did they? Have you? The talks, which had been held since 2014, were suspended.",
]


@pytest.fixture(scope="module")
def pipelines():
    return nlp_stage.load(None, stock=True), nlp_stage.load()


def test_fast_components_replace_the_stock_ones(pipelines):
    stock, fast = pipelines
    assert "attribute_ruler" in stock.pipe_names and "lemmatizer" in stock.pipe_names
    assert "dyad_fast_attributes" in fast.pipe_names and "dyad_fast_lemmas" in fast.pipe_names
    assert "attribute_ruler" not in fast.pipe_names and "lemmatizer" not in fast.pipe_names


@pytest.mark.parametrize("text", TEXTS)
def test_token_attributes_identical(pipelines, text):
    stock, fast = pipelines
    a, b = stock(text), fast(text)
    assert [t.text for t in a] == [t.text for t in b]
    assert (a.to_array(COLUMNS) == b.to_array(COLUMNS)).all(), \
        [(x.text, x.pos_, y.pos_, x.lemma_, y.lemma_, str(x.morph), str(y.morph))
         for x, y in zip(a, b) if (x.pos, x.lemma, x.morph.key) != (y.pos, y.lemma, y.morph.key)]


def test_contraction_exceptions_applied(pipelines):
    doc = pipelines[1]("I ain't gonna go. They did not wait.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["gon"] == "go" and lemmas["na"] == "to" and lemmas["ai"] == "be"
    assert [t.pos_ for t in doc if t.text == "not"] == ["PART"]


def _ruler(patterns):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    for pattern, attrs, index in patterns:
        ruler.add([pattern], attrs, index=index)
    return nlp, ruler


def _tagged(nlp, words, tags, deps=None):
    doc = Doc(nlp.vocab, words=words, tags=tags, deps=deps)
    return doc


def test_later_rule_wins_and_index_picks_the_token():
    patterns = [([{"TAG": "NN"}], {"POS": "NOUN"}, 0),
                ([{"LOWER": "talks"}], {"POS": "VERB"}, 0),  # later: overrides the tag rule
                ([{"LOWER": "peace"}, {"LOWER": "talks"}], {"LEMMA": "talk"}, 1),
                ([{"TAG": {"IN": ["DT"]}, "LOWER": {"NOT_IN": ["a"]}}], {"POS": "DET"}, 0),
                ([{"LOWER": {"REGEX": "^x+$"}}], {"POS": "X"}, 0)]
    nlp, ruler = _ruler(patterns)
    fast = fast_pipes.compile_ruler(ruler)
    assert fast is not None
    words = ["The", "peace", "talks", "a", "xx", "Peace", "Talks"]
    tags = ["DT", "NN", "NN", "DT", "NN", "NN", "NN"]
    a = ruler(_tagged(nlp, words, tags))
    b = fast(_tagged(nlp, words, tags))
    assert [(t.pos_, t.lemma_) for t in a] == [(t.pos_, t.lemma_) for t in b]
    assert [t.pos_ for t in b] == ["DET", "NOUN", "VERB", "", "X", "NOUN", "VERB"]
    assert b[2].lemma_ == "talk" and b[6].lemma_ == "talk" and b[1].lemma_ == ""


@pytest.mark.parametrize("pattern", [
    [{"TAG": "NN", "OP": "+"}],  # an operator
    [{"SHAPE": "Xxxx"}],  # an attribute the index does not read
    [{"LOWER": {"FUZZY": "talks"}}],  # a predicate it does not implement
])
def test_unsupported_ruler_keeps_spacy(pattern):
    nlp, ruler = _ruler([(pattern, {"POS": "NOUN"}, 0)])
    assert fast_pipes.compile_ruler(ruler) is None
    assert fast_pipes.install(nlp) == []
    assert nlp.pipe_names == ["attribute_ruler"]


def test_lemmas_set_by_the_ruler_are_kept(pipelines):
    fast = pipelines[1]
    doc = fast("He isn't here.")
    assert [t.lemma_ for t in doc if t.text == "is"] == ["be"]
    assert [t.lemma_ for t in doc if t.text == "n't"] == ["not"]
