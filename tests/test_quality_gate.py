"""The quality gate: dyad eval on development gold must stay above the floors in
quality/floors.json (trafilatura-style). A change that lowers a floor shows in the diff."""
import json

import pytest

from conftest import GOLD, ROOT, need

FLOORS = json.loads((ROOT / "quality" / "floors.json").read_text())


@pytest.mark.slow
def test_plover_gold_floors(coder):
    from dyad.evaluate import evaluate

    scores = evaluate(coder, need(GOLD / "plover_gsr_dev.jsonl")).overall()
    for metric, floor in FLOORS["plover_gsr_dev"].items():
        assert scores[metric] >= floor, f"plover_gsr_dev {metric} {scores[metric]} < floor {floor}"


@pytest.mark.slow
def test_quote_gold_floors(coder):
    from dyad.evaluate import evaluate_quotes

    scores = evaluate_quotes(coder, need(GOLD / "quotes_polnear_train_dev.jsonl"), "dev").to_dict()
    for metric, floor in FLOORS["quotes_polnear_dev"].items():
        assert scores[metric] >= floor, f"quotes dev {metric} {scores[metric]} < floor {floor}"


@pytest.mark.slow
def test_span_gold_floors(coder):
    """ConfliBERT sentences: the main event's actors against gold spans, and its QuadClass."""
    from dyad.evaluate import evaluate_spans

    scores = evaluate_spans(coder, need(GOLD / "cameo_quadclass_spans_train.jsonl")).to_dict()
    for metric, floor in FLOORS["conflibert_spans"].items():
        assert scores[metric] >= floor, f"spans {metric} {scores[metric]} < floor {floor}"


@pytest.mark.slow
def test_petrarch2_records_floors():
    """PETRARCH2's unit sentences with our own dictionary of their fictional world."""
    from dyad.coder import Coder, Options
    from dyad.evaluate import evaluate_petrarch

    coder = Coder(Options(actor_files=[ROOT / "examples" / "middle_earth_actors.tsv"]))
    scores = evaluate_petrarch(coder, need(GOLD / "petrarch2_unit_records.jsonl")).to_dict()
    for metric, floor in FLOORS["petrarch2_records"].items():
        got = scores["cameo_root"]["overall"][metric]
        assert got >= floor, f"petrarch2 root {metric} {got} < floor {floor}"
