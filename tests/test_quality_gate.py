"""The quality gate: dyad eval on development gold must stay above the floors in
quality/floors.json (trafilatura-style). A change that lowers a floor shows in the diff.
Event gold is scored on its *validation* half (dyad.splits), the half no one reads errors on
or trains on; the floors are set just below the validation figures."""
import json

import pytest

from conftest import GOLD, ROOT, need
from dyad.splits import split_ids

FLOORS = json.loads((ROOT / "quality" / "floors.json").read_text())


def assert_floors(name: str, scores: dict) -> None:
    low = {m: (scores[m], floor) for m, floor in FLOORS[name].items() if scores[m] < floor}
    assert not low, f"{name}: below the floor (got, floor): {low}"


@pytest.mark.slow
def test_plover_gold_floors(coder):
    from dyad.evaluate import evaluate

    path = need(GOLD / "plover_gsr_dev.jsonl")
    assert_floors("plover_gsr_dev", evaluate(coder, path, only=split_ids(path, "validation")).overall())


@pytest.mark.slow
def test_quote_gold_floors(coder):
    from dyad.evaluate import evaluate_quotes

    scores = evaluate_quotes(coder, need(GOLD / "quotes_polnear_train_dev.jsonl"), "dev").to_dict()
    assert_floors("quotes_polnear_dev", scores)


@pytest.mark.slow
def test_span_gold_floors(coder):
    """ConfliBERT sentences: the main event's actors against gold spans, and its QuadClass."""
    from dyad.evaluate import evaluate_spans

    path = need(GOLD / "cameo_quadclass_spans_train.jsonl")
    assert_floors("conflibert_spans", evaluate_spans(coder, path, only=split_ids(path, "validation")).to_dict())


@pytest.mark.slow
def test_petrarch2_records_floors():
    """PETRARCH2's unit sentences with our own dictionary of their fictional world."""
    from dyad.coder import Coder, Options
    from dyad.evaluate import evaluate_petrarch

    coder = Coder(Options(actor_files=[ROOT / "examples" / "middle_earth_actors.tsv"]))
    path = need(GOLD / "petrarch2_unit_records.jsonl")
    scores = evaluate_petrarch(coder, path, only=split_ids(path, "validation")).to_dict()
    assert_floors("petrarch2_records", scores["cameo_root"]["overall"])
