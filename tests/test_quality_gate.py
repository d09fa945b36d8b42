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
