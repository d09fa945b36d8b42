"""Scoring: triples per article, compound expansion, at-most-once matching, normalisation; the
PETRARCH2 and ConfliBERT span benchmarks on tiny inline gold."""
import json

import pytest
from conftest import GOLD, ROOT, need
from typer.testing import CliRunner

from dyad.evaluate import (
    PETRARCH2,
    PLOVER_GSR,
    SPANS,
    Scores,
    evaluate,
    evaluate_petrarch,
    evaluate_spans,
    gold_spans,
    gold_triples,
    line_format,
    main_event,
    petrarch_gold,
)


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


# --- gold formats: PETRARCH2 unit records and ConfliBERT spans ---------------------------------

MIDDLE_EARTH = ROOT / "examples" / "middle_earth_actors.tsv"
PLOVER_LINE = {"article_id": "a", "text": "x", "events": []}
PETRARCH_LINE = {"id": "p", "text": "x", "date": "19950101", "category": "DEMO",
                 "labels": [{"sourcecode": "ARN", "targetcode": "GON", "eventcode": "064"}]}
SPANS_LINE = {"id": "s", "text": "x", "labels": {"pentaclass": 0, "spans": None, "bio": None}}


def _jsonl(path, rows):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows))
    return path


def test_line_format_detects_each_gold_and_names_the_valid_ones():
    assert line_format(PLOVER_LINE) == PLOVER_GSR
    assert line_format(PETRARCH_LINE) == PETRARCH2
    assert line_format({**PETRARCH_LINE, "labels": [{"noevents": "True"}]}) == PETRARCH2
    assert line_format(SPANS_LINE) == SPANS
    with pytest.raises(ValueError, match="--quotes"):
        line_format({"id": "q", "text": "x", "labels": [{"content": {"spans": []}}]})
    with pytest.raises(ValueError, match="PETRARCH2 unit records"):
        line_format({"id": "z", "text": "x", "labels": [{"foo": 1}], "date": "19950101"})
    with pytest.raises(ValueError, match="no 'text'"):
        line_format(["not", "an", "object"])


def test_petrarch_gold_codes_countries_and_skips_what_cameo_cannot_state():
    plover, roots, skip = petrarch_gold([
        {"sourcecode": "ARNGOVFRM", "targetcode": "ERI", "eventcode": "102"},
        {"sourcecode": "---GOV", "targetcode": "---", "eventcode": "023"},
        {"sourcecode": "ZBW", "targetcode": "NZE", "eventcode": "0231"}])
    assert skip is None
    assert roots == {("ARN", "ERI", "10"), (None, None, "02"), ("ZWE", "NZL", "02")}
    assert plover == {("ARN", "ERI", "REQUEST"), (None, None, "REQUEST"), ("ZWE", "NZL", "REQUEST")}
    assert petrarch_gold([{"sourcecode": "ARN", "targetcode": "GON", "eventcode": "010"}])[0] == set()
    assert petrarch_gold([{"noevents": "True"}]) == (set(), set(), None)
    assert petrarch_gold([{"error": "storydiscard"}]) == (set(), set(), None)
    assert petrarch_gold([{"error": "dateline"}])[2].startswith("input-handling")
    assert "not in CAMEO" in petrarch_gold([{"sourcecode": "A", "targetcode": "B", "eventcode": "901"}])[2]


@pytest.fixture(scope="module")
def middle_earth_coder():
    from dyad.coder import Coder, Options

    return Coder(Options(actor_files=(MIDDLE_EARTH,)))


def test_evaluate_petrarch_end_to_end(tmp_path, middle_earth_coder):
    gold = _jsonl(tmp_path / "petrarch.jsonl", [
        {"id": "1", "text": "Gondor accused Arnor of sabotage.", "date": "19950101", "category": "A",
         "labels": [{"sourcecode": "GONGOV", "targetcode": "ARN", "eventcode": "112"}]},
        {"id": "2", "text": "Eriador praised Bree warmly.", "date": "19950101", "category": "B",
         "labels": [{"sourcecode": "ERI", "targetcode": "BRE", "eventcode": "120"}]},
        {"id": "3", "text": "The weather in Gondor was mild.", "date": "19950101", "category": "B",
         "labels": [{"noevents": "True"}]},
        {"id": "4", "text": "Arnor will abandon ties with Gondor.", "date": "19950101", "category": "B",
         "labels": [{"sourcecode": "ARN", "targetcode": "GON", "eventcode": "901"}]},
        "{broken",
        {**PLOVER_LINE, "text": "Gondor accused Arnor."},
    ])
    details: list = []
    scores = evaluate_petrarch(middle_earth_coder, gold, details)
    assert scores.records == 3 and sum(scores.skipped.values()) == 1 and len(scores.errors) == 2
    assert "plover-gsr line in a petrarch2 file" in scores.errors[1]
    assert scores.roots.tp["11"] == 1 and scores.plover.tp["ACCUSE"] == 1
    assert scores.roots.fn["12"] == 1 and scores.plover.fn["REJECT"] == 1  # praise is not reject
    assert scores.roots_by_category.tp["A"] == 1 and scores.roots_by_category.fn["B"] == 1
    assert scores.no_event_records == 1 and scores.no_event_correct == 1
    assert scores.to_dict()["by_category"]["A"]["cameo_root"]["f1"] == 1.0
    assert [d["id"] for d in details] == ["1", "2", "3", "4"] and details[3]["skipped"]
    assert [t[0] for t in scores.tables("g")] == ["g: 3 records, (source, target, PLOVER type)",
                                                 scores.tables("g")[1][0]]


def test_gold_spans_align_tokenised_spans_and_reciprocal_roles():
    text = "Trump met Mexico’s President Enrique Pena Nieto (EPN) in Hamburg."
    bio = [["Trump", "B-R"], ["met", "O"], ["Mexico", "B-R"], ["'s", "I-R"], ["President", "I-R"],
           ["Enrique", "I-R"], ["Pena", "I-R"], ["Nieto", "I-R"], ["(", "O"], ["EPN", "B-T"],
           [")", "O"], ["in", "O"], ["Hamburg", "O"], [".", "O"]]
    spans = gold_spans(text, {"spans": [{"role": "R", "text": "Trump"}], "bio": bio})
    assert [text[a:b] for a, b in spans["source"]] == ["Trump", "Mexico’s President Enrique Pena Nieto"]
    assert [text[a:b] for a, b in spans["target"]] == ["Trump", "Mexico’s President Enrique Pena Nieto",
                                                       "EPN"]
    no_tags = gold_spans(text, {"spans": [{"role": "source", "text": "Mexico ’s President"}], "bio": None})
    assert [text[a:b] for a, b in no_tags["source"]] == ["Mexico’s President"] and not no_tags["target"]


def test_main_event_is_the_highest_trigger(coder):
    text = "Iran accused Israel of attacking Syria."
    doc = coder.nlp(text)
    from dyad.record import Article

    events = coder.code_doc(doc, Article("x", text)).events
    main = main_event(doc, events)
    assert main is not None and main.trigger.text == "accused", [e.trigger.text for e in events]
    assert main_event(doc, [e for e in events if e is not main] + [main]) is main
    assert main_event(doc, []) is None


def test_evaluate_spans_end_to_end(tmp_path, coder):
    def bio(text, source, target):
        tags = []
        for tok in text.rstrip(".").split() + ["."]:
            role = "S" if tok in source else "T" if tok in target else None
            tags.append([tok, f"B-{role}" if role else "O"])
        return tags

    rows = [
        {"id": "1", "text": "Iran accused Israel .", "labels": {
            "pentaclass": 3, "spans": [{"role": "source", "text": "Iran"}, {"role": "target", "text": "Israel"}],
            "bio": bio("Iran accused Israel .", {"Iran"}, {"Israel"})}},
        {"id": "2", "text": "Iran accused Israel .", "labels": {
            "pentaclass": 4, "spans": [{"role": "source", "text": "Iran"}, {"role": "target", "text": "accused"}],
            "bio": bio("Iran accused Israel .", {"Iran"}, {"accused"})}},
        {"id": "3", "text": "The weather was mild on Monday .", "labels": {
            "pentaclass": 0, "spans": None, "bio": None}},
        {"id": "4", "text": "Kenya praised Uganda .", "labels": {"pentaclass": None, "spans": [
            {"role": "source", "text": "Kenya"}], "bio": bio("Kenya praised Uganda .", {"Kenya"}, set())}},
    ]
    details: list = []
    s = evaluate_spans(coder, _jsonl(tmp_path / "spans.jsonl", rows), details)
    assert (s.sentences, s.covered) == (4, 3)
    assert (s.with_source, s.source_ok) == (3, 3)
    assert (s.with_target, s.target_ok) == (2, 1)
    assert (s.with_class, s.class_ok) == (3, 2)  # 2 is a verbal, not a material conflict
    assert s.confusion[(4, 3)] == 1 and s.confusion[(0, 0)] == 1
    d = s.to_dict()
    assert d["coverage"] == 0.75 and d["target_accuracy"] == 0.5 and d["quad_accuracy"] == 0.6667
    assert details[1]["target_ok"] is False and details[2]["main_event"] is None


runner = CliRunner()


def test_cli_detects_formats_and_fails_clearly(tmp_path):
    from dyad.cli import app

    gold = _jsonl(tmp_path / "p.jsonl", [
        {"id": "1", "text": "Gondor accused Arnor of sabotage.", "date": "19950101", "category": "A",
         "labels": [{"sourcecode": "GON", "targetcode": "ARN", "eventcode": "112"}]}])
    out = tmp_path / "details.jsonl"
    result = runner.invoke(app, ["eval", str(gold), "--actors", str(MIDDLE_EARTH), "--json",
                                 "--details", str(out)])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["format"] == "petrarch2" and scores["cameo_root"]["overall"]["tp"] == 1
    assert json.loads(out.read_text())["predicted_roots"] == ["('GON', 'ARN', '11')"]
    table = runner.invoke(app, ["eval", str(gold), "--actors", str(MIDDLE_EARTH)])
    assert "CAMEO root" in table.stdout and "PLOVER F1" in table.stdout
    bad = _jsonl(tmp_path / "bad.jsonl", [{"id": "x", "text": "y", "labels": 3}])
    result = runner.invoke(app, ["eval", str(bad)])
    assert result.exit_code == 2 and "bad.jsonl" in result.stderr and "neither" in result.stderr


@pytest.mark.slow
def test_shared_petrarch2_and_span_gold_run(middle_earth_coder, coder):
    """The real benchmarks (../shared): every record is scored or skipped for a stated reason."""
    petrarch = evaluate_petrarch(middle_earth_coder, need(GOLD / "petrarch2_unit_records.jsonl"))
    assert not petrarch.errors
    assert petrarch.records + sum(petrarch.skipped.values()) == 284
    assert petrarch.roots.overall()["tp"] > 0
    spans = evaluate_spans(coder, need(GOLD / "cameo_quadclass_spans_train.jsonl"))
    assert not spans.errors and spans.sentences == 1568 and spans.with_class == 1349
    assert spans.covered > 0 and spans.source_ok > 0


def test_mutual_cooperation_is_joint_but_extradition_goes_one_way(coder):
    from dyad.evaluate import predicted_triples

    shared = predicted_triples(coder.code("Kenya shared intelligence with Uganda on Monday."))
    assert {("KEN", None, "COOPERATE"), ("UGA", None, "COOPERATE")} <= shared
    extradited = predicted_triples(coder.code("Zambia extradited a suspected militant to Britain."))
    assert ("ZMB", "GBR", "COOPERATE") in extradited
