"""The learned QuadClass second opinion: shipped model, training, combination, cross-validation."""
from __future__ import annotations

import gzip
import json

import numpy as np
import pytest

from conftest import GOLD, need
from dyad.classify import Config, ModelFileError, QuadClassifier, features
from dyad.classify.combine import Policy, Vote, combine, event_quad_class, main_event
from dyad.classify.model import DEFAULT_PATH


@pytest.fixture(scope="module")
def clf():
    return QuadClassifier.load()


def test_shipped_model_is_small_plain_data_and_cached(clf):
    assert DEFAULT_PATH.stat().st_size < 500_000
    with gzip.open(DEFAULT_PATH, "rt", encoding="utf-8") as fh:
        data = json.load(fh)  # JSON, not a pickle
    assert data["format"] == "dyad-quadclass/1" and len(data["vocab"]) == len(data["weights"])
    assert QuadClassifier.load() is clf


@pytest.mark.parametrize("sentence, expected", [
    ("Troops shelled the city overnight, killing twelve.", {4}),
    ("Rebels ambushed an army convoy, killing five soldiers.", {4}),
    ("The two leaders signed a trade agreement.", {1, 2}),
    ("China and Russia agreed to hold talks on border issues.", {1, 2}),
    ("North Korea threatened to strike US bases.", {3}),
    ("Iran accused Israel of sabotage.", {3}),
])
def test_known_direction_sentences(clf, sentence, expected):
    assert clf.predict(sentence) in expected


def test_probabilities_are_five_way_and_sum_to_one(clf):
    probs = clf.predict_proba(["Iran accused Israel of sabotage.", "", "zzz qqq"])
    assert probs.shape == (3, 5)
    assert np.allclose(probs.sum(axis=1), 1.0)
    assert clf.predict(["a", "b"]) == [clf.predict("a"), clf.predict("b")]
    assert isinstance(clf.predict("a"), int)


def test_explain_names_the_words_that_decided(clf):
    top = [f for f, _ in clf.explain("Troops shelled the city overnight, killing twelve.")]
    assert any("kill" in f for f in top[:3])


TINY = [
    ("Soldiers attacked the village.", 4), ("Troops bombed the town.", 4),
    ("Militants attacked a checkpoint.", 4), ("The army bombed rebel positions.", 4),
    ("The minister accused the rival of lying.", 3), ("He denounced the government.", 3),
    ("The party accused officials of fraud.", 3), ("Leaders denounced the attack.", 3),
    ("The countries signed a peace deal.", 1), ("They agreed to cooperate.", 1),
    ("Officials signed an accord.", 1), ("The sides agreed to meet.", 1),
]


def test_training_on_a_tiny_set_works_and_is_deterministic(tmp_path):
    texts, labels = [t for t, _ in TINY], [y for _, y in TINY]
    config = Config(c=10.0, min_df=1, max_iter=100)
    a = QuadClassifier.train(texts, labels, config=config)
    b = QuadClassifier.train(texts, labels, config=config)
    assert a.predict("Rebels attacked the base.") == 4
    assert a.predict("Ministers denounced the plan.") == 3
    pa, pb = a.save(tmp_path / "a.json.gz"), b.save(tmp_path / "b.json.gz")
    assert pa.read_bytes() == pb.read_bytes()
    again = QuadClassifier.from_file(pa)
    assert np.allclose(again.predict_proba(texts), a.predict_proba(texts), atol=1e-3)


def test_training_rejects_bad_labels():
    with pytest.raises(ValueError, match="0–4"):
        QuadClassifier.train(["a", "b"], [1, 7])
    with pytest.raises(ValueError, match="one label per text"):
        QuadClassifier.train(["a", "b"], [1])


def test_missing_or_foreign_model_file_says_how_to_fix(tmp_path):
    with pytest.raises(ModelFileError, match="train_classifier.py"):
        QuadClassifier.from_file(tmp_path / "none.json.gz")
    bad = tmp_path / "bad.json.gz"
    bad.write_bytes(b"not gzip")
    with pytest.raises(ModelFileError, match="not a dyad QuadClass model"):
        QuadClassifier.from_file(bad)


def test_features_are_words_stems_and_bigrams():
    bag = features("Troops attacked 12 villages.")
    assert bag["w:troops"] == 1 and bag["s:attack"] == 1 and bag["w:<num>"] == 1
    assert bag["b:<s>_troops"] == 1 and bag["b:villages_</s>"] == 1
    assert "l:attack" in features("x", lemmas=["attack"])


def test_combine_keeps_a_confident_coder_unless_the_classifier_vetoes():
    probs = [0.05, 0.05, 0.1, 0.3, 0.5]
    policy = Policy(min_confidence=0.5, min_class_prob=0.1)
    assert combine(probs, Vote(3, 0.7), policy) == (3, "coder")
    assert combine(probs, Vote(1, 0.7), policy) == (4, "classifier")   # P(1) < 0.1: veto
    assert combine(probs, Vote(3, 0.4), policy) == (4, "classifier")   # coder unsure
    assert combine(probs, None, policy) == (4, "classifier")


class _E:
    def __init__(self, q, conf, neg=False, root="19", start=0):
        self.quad_class, self.confidence, self.negated, self.cameo_root = q, conf, neg, root
        self.trigger = type("T", (), {"start_char": start})()
        self.rule = None


def test_main_event_is_the_most_confident_non_negated_one():
    events = [_E(3, 0.6, start=5), _E(4, 0.9, neg=True), _E(1, 0.6, start=1)]
    assert main_event(events).quad_class == 1
    assert main_event([]) is None
    assert event_quad_class(_E(1, 0.5, root="01")) == 0
    assert event_quad_class(_E(4, 0.5, root="19")) == 4


def test_crossval_runs_on_a_small_slice():
    need(GOLD / "cameo_quadclass_spans_train.jsonl")
    from dyad.classify.crossval import assign_folds, out_of_fold, score
    from dyad.classify.data import gold_sentences

    examples = gold_sentences()[:150]
    folds = assign_folds([e.text for e in examples], k=3, seed=0)
    probs = out_of_fold(examples, folds, Config(max_iter=60))
    votes = [Vote(4, 0.8) if "kill" in e.text else None for e in examples]
    result = score(examples, folds, probs, votes)
    assert len(result.folds) == 3
    assert result.mean("classifier") > 0.3
    assert 0.0 <= result.mean("combined") <= 1.0


@pytest.mark.slow
def test_crossval_reaches_the_target_with_the_coder(coder):
    need(GOLD / "cameo_quadclass_spans_train.jsonl")
    from dyad.classify.crossval import assign_folds, coder_predictor, out_of_fold, rule_votes, score
    from dyad.classify.data import gold_sentences

    examples = gold_sentences()
    folds = assign_folds([e.text for e in examples])
    probs = out_of_fold(examples, folds)
    result = score(examples, folds, probs, rule_votes(examples, coder_predictor(coder)))
    assert result.mean("classifier") >= 0.78
    assert result.mean("combined") >= 0.80


def test_vote_for_a_sentence_uses_its_main_event():
    from dyad.classify.combine import vote_for

    assert vote_for([_E(4, 0.7), _E(3, 0.9, neg=True)]) == Vote(4, 0.7, None)
    assert vote_for([_E(3, 0.9, neg=True)]) is None
