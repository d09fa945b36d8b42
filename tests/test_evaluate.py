"""Scoring: triples per article, compound expansion, at-most-once matching, normalisation."""
import json

from dyad.evaluate import Scores, evaluate, gold_triples


def test_gold_triples_expand_compounds_and_normalise():
    events = [{"source": {"country": ["ISR", "PSE"]}, "target": None, "plover": "CONSULT"},
              {"source": {"country": ["JAP"]}, "target": {"country": ["UNO"]}, "plover": "AGREE"}]
    assert gold_triples(events) == {("ISR", None, "CONSULT"), ("PSE", None, "CONSULT"),
                                    ("JPN", "IGO", "AGREE")}


def test_prf():
    assert Scores.prf(1, 1, 2) == {"precision": 0.5, "recall": 0.3333, "f1": 0.4,
                                   "tp": 1, "fp": 1, "fn": 2}
    assert Scores.prf(0, 0, 0)["f1"] == 0.0


def test_evaluate_end_to_end(tmp_path, coder):
    gold = tmp_path / "gold.jsonl"
    rows = [
        {"article_id": "a", "published": "2000-01-01", "text": "Iran accused Israel of sabotage.",
         "events": [{"source": {"country": ["IRN"]}, "target": {"country": ["ISR"]}, "plover": "ACCUSE"}]},
        {"article_id": "b", "published": "2000-01-01", "text": "Japan praised India warmly.",
         "events": [{"source": {"country": ["JPN"]}, "target": {"country": ["IND"]}, "plover": "REJECT"}]},
    ]
    gold.write_text("\n".join(json.dumps(r) for r in rows) + "\n{broken\n")
    scores = evaluate(coder, gold)
    assert scores.articles == 2 and len(scores.errors) == 1
    assert scores.tp["ACCUSE"] == 1 and scores.fn["REJECT"] == 1 and scores.fp["SUPPORT"] == 1
    assert scores.overall()["precision"] == 0.5


def test_joint_actions_as_reciprocal_dyads():
    events = [{"source": {"country": ["BGR", "LBY"]}, "target": None, "plover": "SUPPORT"}]
    assert gold_triples(events) == {("BGR", None, "SUPPORT"), ("LBY", None, "SUPPORT")}
    assert gold_triples(events, joint_as_dyads=True) == {("BGR", "LBY", "SUPPORT"),
                                                         ("LBY", "BGR", "SUPPORT")}


def test_reciprocal_events_score_as_plover_joint_actions(coder):
    from dyad.evaluate import predicted_triples

    events = coder.code("Kenya and Uganda signed a trade agreement on Monday.")
    assert {e.joint for e in events if e.plover == "SUPPORT"} == {True}
    assert predicted_triples(events) >= {("KEN", None, "SUPPORT"), ("UGA", None, "SUPPORT")}
    assert predicted_triples(events, joint_as_dyads=True) >= {("KEN", "UGA", "SUPPORT"),
                                                              ("UGA", "KEN", "SUPPORT")}
    one_way = coder.code("Kenya accused Uganda of smuggling.")
    assert not any(e.joint for e in one_way)
    assert ("KEN", "UGA", "ACCUSE") in predicted_triples(one_way)


def test_meetings_are_joint_but_hosting_is_directed(coder):
    from dyad.evaluate import predicted_triples

    met = predicted_triples(coder.code("The Kenyan foreign minister telephoned his Ugandan counterpart."))
    assert {("KEN", None, "CONSULT"), ("UGA", None, "CONSULT")} <= met
    hosted = predicted_triples(coder.code("Kenya hosted the Ugandan president on Monday."))
    assert ("KEN", "UGA", "CONSULT") in hosted
