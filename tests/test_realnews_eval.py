"""The real-news scorer (dyad.evaluate_realnews): event matching by place, type and actors at
country and full level, joint pairs as one prediction, false-event causes, a tiny gold folder of
our own end to end through the CLI, and the validation floor on quality/realnews (../shared)."""
import json

import pytest
from conftest import NEWS, ROOT, need
from typer.testing import CliRunner

from dyad.evaluate_realnews import (
    RealnewsScores,
    check_split,
    evaluate_realnews,
    fp_cause,
    load_gold,
    match_events,
    predictions,
    read_sample,
    score_article,
)
from dyad.record import Actor, Event, Span

REALNEWS = ROOT / "quality" / "realnews"
FLOORS = json.loads((ROOT / "quality" / "floors.json").read_text())
TEXT = "Iran accused Israel of sabotage. Japan and India signed a pact. Iran had attacked Iraq."


def _actor(code, start=0):
    return Actor(code, code[:3], code[3:] or None, code, start, start + 3)


def _event(src, tgt, plover, trigger, joint=False, confidence=0.7):
    start = TEXT.index(trigger)
    return Event("a", 0, "", src and _actor(src), tgt and _actor(tgt), "000", "00", 0.0, 1, plover,
                 None, [], False, Span(trigger, start, start + len(trigger)), None, "publication",
                 "r", confidence, joint=joint)


def _gold(src, tgt, plover, trigger, sentence, core=True, realis="asserted", sectors=((), ())):
    start = TEXT.index(trigger)
    s_start = TEXT.index(sentence)

    def side(codes, sector):
        return {"country": list(codes), "sector": list(sector), "span": [0, 1]} if codes else None
    return {"sentence": [s_start, s_start + len(sentence)], "trigger": [start, start + len(trigger)],
            "plover": plover, "source": side(src, sectors[0]), "target": side(tgt, sectors[1]),
            "joint": tgt is None and len(src) > 1, "core": core, "realis": realis}


GOLD = [_gold(["IRN"], ["ISR"], "ACCUSE", "accused", "Iran accused Israel of sabotage.",
              sectors=(("GOV",), ())),
        _gold(["JPN", "IND"], None, "AGREE", "signed", "Japan and India signed a pact."),
        _gold(["IRN"], ["IRQ"], "ASSAULT", "attacked", "Iran had attacked Iraq.", core=False,
              realis="background")]


def test_matching_needs_place_type_and_countries_and_full_level_needs_sectors():
    preds = predictions([_event("IRNGOV", "ISR", "ACCUSE", "accused"),
                         _event("IRN", "ISR", "ACCUSE", "sabotage", confidence=0.4)])
    assert match_events(preds, GOLD, full=False) == [0, None]  # one-to-one: the second is false
    assert match_events(preds, GOLD, full=True) == [0, None]
    wrong_sector = predictions([_event("IRNMIL", "ISR", "ACCUSE", "accused")])
    assert match_events(wrong_sector, GOLD, full=False) == [0]
    assert match_events(wrong_sector, GOLD, full=True) == [None]
    elsewhere = predictions([_event("IRN", "ISR", "ACCUSE", "signed")])
    assert match_events(elsewhere, GOLD, full=False) == [None]


def test_a_joint_pair_is_one_prediction_matching_the_joint_gold_event():
    preds = predictions([_event("JPN", "IND", "AGREE", "signed", joint=True),
                         _event("IND", "JPN", "AGREE", "signed", joint=True)])
    assert len(preds) == 1 and match_events(preds, GOLD, full=False) == [1]
    directed = predictions([_event("JPN", "IND", "AGREE", "signed")])
    assert match_events(directed, GOLD, full=False) == [None]
    assert fp_cause(directed[0], GOLD) == "target"


def test_false_events_get_their_likeliest_cause():
    def cause(*args):
        return fp_cause(predictions([_event(*args)])[0], GOLD)
    assert cause("IRN", "IRQ", "ASSAULT", "attacked") == "gold background"
    assert cause("IRN", "ISR", "THREATEN", "accused") == "other type"
    assert cause("SYR", "ISR", "ACCUSE", "accused") == "source"
    assert cause("IRN", None, "ACCUSE", "accused") == "target missing"


def test_score_article_counts_triples_and_events():
    from dyad.evaluate_realnews import GoldArticle
    from dyad.record import Article

    gold = GoldArticle(Article("a", TEXT), "c", "X", "tune", GOLD)
    scores = RealnewsScores()
    row = score_article(scores, gold, [_event("IRN", "ISR", "ACCUSE", "accused"),
                                       _event("IRN", "IRQ", "ASSAULT", "attacked")])
    assert scores.overall("triples")["tp"] == 1 and scores.overall("triples")["fn"] == 2
    ev = scores.overall("events_country")
    assert (ev["tp"], ev["fp"], ev["fn"]) == (1, 1, 1)
    assert scores.overall("events_full")["tp"] == 0  # gold source is IRN/GOV
    assert scores.fp_causes == {"gold background": 1}
    assert [p["matched"] for p in row["predicted"]] == [True, False]
    assert row["gold"][0]["trigger"] == "accused" and row["gold"][1]["matched"] is False


def _folder(tmp_path, text, events, split="tune"):
    gold_dir, news = tmp_path / "realnews", tmp_path / "news"
    gold_dir.mkdir()
    news.mkdir()
    (news / "c.jsonl").write_text(json.dumps({"id": "n1", "text": text, "date": "2020-03-04"}) + "\n")
    (gold_dir / "sample.json").write_text(json.dumps({"articles": [
        {"article_id": "n1", "corpus": "c.jsonl", "annotator": "X", "split": split}]}))
    (gold_dir / "gold_X.jsonl").write_text(json.dumps({"article_id": "n1", "events": events}) + "\n")
    return gold_dir, news


def test_end_to_end_on_our_own_article_and_the_cli(tmp_path, coder):
    from dyad.cli import app

    gold_dir, news = _folder(tmp_path, TEXT, GOLD)
    details: list = []
    scores = evaluate_realnews(coder, gold_dir, None, details, news)
    assert scores.articles == 1 and scores.overall("events_country")["tp"] >= 1
    assert details[0]["gold"][0]["sentence"] == "Iran accused Israel of sabotage."
    out = tmp_path / "d.jsonl"
    result = CliRunner().invoke(app, ["eval", str(gold_dir), "--news", str(news), "--json",
                                      "--details", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["format"] == "realnews"
    assert json.loads(out.read_text())["article_id"] == "n1"
    # a split of a folder whose validation half is not the fixed one is refused, one line
    result = CliRunner().invoke(app, ["eval", str(gold_dir), "--news", str(news), "--split", "tune"])
    assert result.exit_code == 2 and _says(result.stderr, "sample.json changed")
    result = CliRunner().invoke(app, ["eval", str(gold_dir), "--news", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and _says(result.stderr, "--news")
    assert "Traceback" not in result.output
    result = CliRunner().invoke(app, ["eval", str(tmp_path)])
    assert result.exit_code == 2 and _says(result.stderr, "needs sample.json")


def _says(stderr: str, needle: str) -> bool:
    """``needle`` is in the message, whatever rich's wrapping at the terminal width did to spaces."""
    return "".join(needle.split()) in "".join(stderr.split())


def test_offsets_past_the_text_are_reported_not_scored(tmp_path):
    gold_dir, news = _folder(tmp_path, "Short.", GOLD)
    golds, problems = load_gold(gold_dir, None, news)
    assert golds == [] and "offsets past" in problems[0]


def test_the_shipped_split_is_the_fixed_one():
    rows = read_sample(REALNEWS)
    check_split(rows, REALNEWS)
    halves = {r["split"] for r in rows}
    assert halves == {"tune", "validation"} and sum(r["split"] == "validation" for r in rows) == 30


@pytest.mark.slow
def test_realnews_validation_floors(coder):
    need(NEWS / "guardian_world_2017_2019.jsonl")
    scores = evaluate_realnews(coder, REALNEWS, "validation")
    assert scores.articles == 30 and not scores.errors
    for level, floors in FLOORS["realnews_validation"].items():
        got = scores.overall(level)
        for metric, floor in floors.items():
            assert got[metric] >= floor, f"realnews {level} {metric} {got[metric]} < floor {floor}"
