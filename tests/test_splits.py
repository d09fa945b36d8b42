"""The one-time tune/validation splits: disjoint, covering their gold file, used by `dyad eval --split`."""
import json
from pathlib import Path

import pytest

from dyad.splits import split_ids

GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "gold"
SETS = {"plover_gsr_dev": "article_id", "cameo_quadclass_spans_train": "id",
        "petrarch2_unit_records": "id"}


def test_unknown_split_names_the_valid_ones():
    with pytest.raises(ValueError, match="tune, validation"):
        split_ids(Path("plover_gsr_dev.jsonl"), "test")


def test_gold_without_split_names_those_with_one():
    with pytest.raises(ValueError, match="plover_gsr_dev"):
        split_ids(Path("elsewhere.jsonl"), "tune")


@pytest.mark.parametrize("stem", sorted(SETS))
def test_split_halves_are_disjoint_and_cover_the_file(stem):
    path = GOLD / f"{stem}.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not found: the development gold lives in ../shared/data/gold")
    ids = {str(json.loads(line)[SETS[stem]]) for line in path.open(encoding="utf-8") if line.strip()}
    tune, validation = split_ids(path, "tune"), split_ids(path, "validation")
    assert not tune & validation
    assert tune | validation == ids
    assert 0.25 <= len(validation) / len(ids) <= 0.55


def test_eval_split_validation_scores_only_validation(tmp_path):
    from typer.testing import CliRunner
    from dyad.cli import app

    path = GOLD / "plover_gsr_dev.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not found: the development gold lives in ../shared/data/gold")
    lines = path.read_text(encoding="utf-8").splitlines()[:12]
    small = tmp_path / "plover_gsr_dev.jsonl"  # same stem: the split file applies
    small.write_text("\n".join(lines) + "\n", encoding="utf-8")
    validation = split_ids(path, "validation")
    expected = sum(json.loads(l)["article_id"] in validation for l in lines)
    result = CliRunner().invoke(app, ["eval", str(small), "--split", "validation", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["articles"] == expected
    bad = CliRunner().invoke(app, ["eval", str(small), "--split", "test"])
    assert bad.exit_code == 2 and "tune, validation" in bad.output
