"""The learned event detector (dyad.detect): the shipped arrays, its features, roles and types,
and its place in the coder (Options(detector=False) is the patterns-only coder)."""
from __future__ import annotations

import numpy as np
import pytest

from dyad import nlp as nlp_stage
from dyad.coder import Coder, Options
from dyad.detect import DetectorFileError, DetectorModel
from dyad.detect import features as F
from dyad.detect import roles as R
from dyad.detect import types as T
from dyad.detect.combine import Detector
from dyad.evaluate import SpanScores


@pytest.fixture(scope="module")
def nlp():
    return nlp_stage.load()


@pytest.fixture(scope="module")
def coder():
    # the sparse model: these tests pin the mechanism, the same with or without the encoder
    return Coder(Options(embeddings=False))


@pytest.fixture(scope="module")
def review_only():
    return Coder(Options(embeddings=False, model_events=False))


@pytest.fixture(scope="module")
def plain():
    return Coder(Options(detector=False))


def _sent(nlp, text):
    return next(nlp(text).sents)


def test_shipped_model_loads_and_gives_calibrated_rows(nlp):
    model = DetectorModel.load(embeddings=False)
    assert model.sentence.temperature > 0 and model.types and model.roles.features
    sents = [_sent(nlp, t) for t in ("Turkish jets bombed Kurdish positions in northern Iraq.",
                                     "Iran and Iraq signed a trade agreement in Baghdad.")]
    probs = Detector(model).sentence_probs(sents)
    assert probs.shape == (2, 5)
    assert np.allclose(probs.sum(axis=1), 1.0)
    assert probs[0].argmax() == 4  # material conflict
    assert probs[1].argmax() in (1, 2)  # cooperation


def test_model_file_errors_name_the_file(tmp_path):
    with pytest.raises(DetectorFileError, match="not found"):
        DetectorModel.from_file(tmp_path / "none.npz")
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(DetectorFileError, match="bad.npz"):
        DetectorModel.from_file(bad)


@pytest.mark.parametrize("embeddings", [False, True])
def test_save_and_load_round_trip(tmp_path, embeddings):
    model = DetectorModel.load(embeddings=embeddings)
    again = DetectorModel.from_file(model.save(tmp_path / "d.npz"))
    assert again.sentence.vocab == model.sentence.vocab
    assert again.types == model.types and again.fallback == model.fallback
    assert np.array_equal(again.roles.w, model.roles.w)
    assert again.sentence.dense_kind == model.sentence.dense_kind
    assert np.array_equal(again.sentence.w_dense, model.sentence.w_dense)


def test_predicate_passes_reporting_and_light_verbs(nlp):
    sent = _sent(nlp, "Officials said Turkish troops shelled the town on Monday.")
    assert F.predicate(sent).lemma_ == "shell"
    sent = _sent(nlp, "The rebels launched an attack on the army base.")
    assert T.trigger(sent).lemma_ == "attack"
    assert T.trigger_keys(sent)[:2] == ["n:attack", "v:launch"]
    bag = F.sparse(sent)
    assert bag["p:launch"] == 1 and bag["n:attack"] == 1


def test_relations_to_the_trigger(nlp):
    doc = nlp("Russia attacked Ukraine with drones.")
    trig = doc[1]
    assert R.relation(doc[0], trig) == "subject"
    assert R.relation(doc[2], trig) == "object"
    doc = nlp("Ukraine was attacked by Russia.")
    trig = doc[2]
    assert R.relation(doc[0], trig) == "passive-subject"
    assert R.relation(doc[4], trig) == "agent"


def test_role_model_prefers_subject_as_source_and_object_as_target():
    roles = DetectorModel.load().roles
    s_subj, t_subj = roles.proba(["rel=subject", "coarse=subject", "side=before"])
    s_obj, t_obj = roles.proba(["rel=object", "coarse=object", "side=after"])
    assert s_subj > s_obj and t_obj > t_subj


def test_code_follows_the_probable_class():
    table = {"v:strike": [("190", 3.0), ("040", 1.0)]}
    conflict = np.array([0.05, 0.05, 0.05, 0.05, 0.8])
    assert T.choose_code(["v:strike"], conflict, table, {})[0] == "190"
    cooperation = np.array([0.05, 0.8, 0.05, 0.05, 0.05])
    assert T.choose_code(["v:strike"], cooperation, table, {})[0] == "040"
    code, _, how = T.choose_code(["v:unknown"], cooperation, table, {1: "036"})
    assert (code, how) == ("036", "fallback")


def test_model_event_where_patterns_are_silent(coder, plain):
    # "condemn" is a pattern trigger, but no pattern has this frame (object after "as a ...")
    text = "Chile on Monday condemned as a disgrace Peru's handling of the fishing dispute."
    assert plain.code(text) == []
    events = coder.code(text)
    assert len(events) == 1
    e = events[0]
    # the model's class is verbal conflict (QuadClass 3); its type table gives "condemn" in this
    # frame CAMEO 12 (REJECT) rather than 122/111 — a known weakness of the learned type
    assert e.rule.startswith("model:") and e.quad_class == 3
    assert e.source.code == "CHL" and e.target.code == "PER"
    assert e.extras["detector"]["via"]["source"] == "subject"
    assert e.confidence < 0.7  # below a pattern event's


def test_model_events_can_be_left_out(review_only):
    text = "Chile on Monday condemned as a disgrace Peru's handling of the fishing dispute."
    assert review_only.code(text) == []
    events = review_only.code("Turkish jets pounded Kurdish positions in northern Iraq.")
    assert events and "detector" in events[0].extras  # the detector still reviews pattern events


def test_no_model_event_on_a_predicate_no_pattern_knows(coder):
    # the model supplies a frame the patterns missed, not the event word: "attached" is no trigger
    assert coder.code("South Korea attached national pride to the rocket built with Russia.") == []


def test_no_model_event_without_political_content(coder):
    assert coder.code("Manchester United beat Chelsea 2-1 on Saturday.") == []


def test_pattern_events_are_reviewed_not_replaced(coder, plain):
    text = "Turkish jets pounded Kurdish positions in northern Iraq."
    with_model = coder.code(text)
    without = plain.code(text)
    assert [e.cameo for e in with_model] == [e.cameo for e in without]
    assert "detector" in with_model[0].extras and "detector" not in without[0].extras
    assert not with_model[0].rule.startswith("model:")


def test_sentence_class_measure():
    s = SpanScores()
    for gold, pred, n in ((0, 0, 3), (1, 1, 2), (1, 0, 1), (4, 4, 2)):
        s.sentence_confusion[(gold, pred)] += n
    got = s.sentence_class()
    assert got["accuracy"] == round(7 / 8, 4)
    # F1: class 0 6/7, class 1 0.8, class 4 1.0, classes 2 and 3 absent (0)
    assert got["macro_f1"] == round((6 / 7 + 0.8 + 1.0) / 5, 4)


@pytest.mark.parametrize("text, root", [
    ("Chile on Monday condemned as a disgrace Peru's handling of the fishing dispute.", True),
    ("Analysts said Chile on Monday condemned as a disgrace Peru's handling of the dispute.", False),
])
def test_an_unrelated_source_is_kept_only_in_the_main_clause(coder, monkeypatch, text, root):
    """A model event whose source has no grammatical relation to the trigger is kept when the
    trigger is the sentence's main predicate (short, one-event sentences), not when it sits in
    a clause below it (news sentences, where such a party is usually a bystander)."""
    real_choose = R.choose

    def unrelated(cands, probs, *args):
        source, target, ps, pt = real_choose(cands, probs, *args)
        return (R.Candidate(source.actor, source.head, R.UNRELATED) if source else None,
                target, ps, pt)

    monkeypatch.setattr(R, "choose", unrelated)
    events = [e for e in coder.code(text) if e.rule.startswith("model:")]
    assert bool(events) == root


def test_the_reporter_of_an_act_is_not_a_candidate(nlp):
    doc = nlp("According to the Syrian Observatory, Turkish troops shelled the town.")
    observatory = next(t for t in doc if t.text == "Observatory")
    troops = next(t for t in doc if t.text == "troops")
    assert R.attribution(observatory)
    assert not R.attribution(troops)


def _candidate(doc, word, trigger):
    from dyad.record import Actor
    head = next(t for t in doc if t.text == word)
    actor = Actor(text=word, country="XXX", sector=None, name=word, start_char=head.idx,
                  end_char=head.idx + len(word))
    return R.Candidate(actor, head, R.relation(head, trigger))


def test_a_speaker_or_a_sufferer_is_never_a_model_events_source(nlp):
    from dyad.detect.combine import reporter, sufferer
    doc = nlp("The militant claims the girls were killed by soldiers.")
    killed = next(t for t in doc if t.text == "killed")
    assert reporter(killed, _candidate(doc, "militant", killed))
    assert not reporter(killed, _candidate(doc, "soldiers", killed))
    assert sufferer(_candidate(doc, "girls", killed))
    assert not sufferer(_candidate(doc, "soldiers", killed))
    doc = nlp("The rebels said they attacked the base.")
    attacked = next(t for t in doc if t.text == "attacked")
    assert not reporter(attacked, _candidate(doc, "they", attacked))


def test_an_attempt_or_a_phase_is_not_the_act(nlp):
    from dyad.detect.combine import attempt
    moods = frozenset({"agree", "threaten", "offer"})
    doc = nlp("Turkey sought to augment the rebel forces.")
    assert attempt(next(t for t in doc if t.text == "sought"), moods)
    doc = nlp("Turkey threatened to shell the rebel positions.")
    assert not attempt(next(t for t in doc if t.text == "threatened"), moods)  # a mood: an act
    doc = nlp("Turkey sought a United Nations investigation.")
    assert not attempt(next(t for t in doc if t.text == "sought"), moods)  # its own object
