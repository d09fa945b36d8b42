"""events.syntax.walk_up: a token and its heads to the sentence root, which is found by index
(spaCy hands out a new Token object per access, so ``token.head is token`` is never true)."""
from spacy.tokens import Doc
from spacy.vocab import Vocab

from dyad.events.syntax import verb_above, walk_up


def _doc():
    # "Gondor said Rohan attacked Mordor": said is the root, attacked its ccomp
    words = ["Gondor", "said", "Rohan", "attacked", "Mordor"]
    return Doc(Vocab(), words=words, heads=[1, 1, 3, 1, 3],
               deps=["nsubj", "ROOT", "nsubj", "ccomp", "dobj"],
               pos=["PROPN", "VERB", "PROPN", "VERB", "PROPN"])


def test_walks_to_the_root_and_stops_there():
    doc = _doc()
    assert doc[1].head is not doc[1] and doc[1].head.i == doc[1].i
    assert [t.text for t in walk_up(doc[4])] == ["Mordor", "attacked", "said"]
    assert [t.text for t in walk_up(doc[1])] == ["said"]


def test_limit_counts_the_start_token():
    doc = _doc()
    assert [t.text for t in walk_up(doc[4], 2)] == ["Mordor", "attacked"]
    assert list(walk_up(doc[4], 0)) == []


def test_verb_above_is_the_nearest_verb_or_the_root():
    doc = _doc()
    assert verb_above(doc[4]).text == "attacked" and verb_above(doc[0]).text == "said"
