"""The one-time tune/validation splits: disjoint, covering their gold file, used by `dyad eval --split`."""
import json
from pathlib import Path

import pytest

from dyad import splits
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


def test_a_changed_gold_file_is_refused(tmp_path):
    path = GOLD / "plover_gsr_dev.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not found: the development gold lives in ../shared/data/gold")
    lines = path.read_text(encoding="utf-8").splitlines()
    short = tmp_path / "plover_gsr_dev.jsonl"  # same name, one line short: a different file
    short.write_text("\n".join(lines[1:]) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no longer matches"):
        split_ids(short, "validation")


def test_divide_is_seeded_and_stratified():
    rows = [{"id": f"{k}{i:02d}", "k": k} for k in "ab" for i in range(10)]
    rule = splits.SplitRule(0.3, lambda o: o["k"], lambda o: o["id"], "")
    first, again = splits.divide(rows, rule), splits.divide(list(reversed(rows)), rule)
    assert first == again  # order of the lines does not matter
    assert sum(i.startswith("a") for i in first["validation"]) == 3
    assert sum(i.startswith("b") for i in first["validation"]) == 3


def test_eval_split_validation_scores_only_validation(tmp_path, monkeypatch):
    from typer.testing import CliRunner
    from dyad.cli import app

    path = GOLD / "plover_gsr_dev.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not found: the development gold lives in ../shared/data/gold")
    lines = path.read_text(encoding="utf-8").splitlines()[:12]
    small = tmp_path / "small_gsr.jsonl"
    small.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rule = splits.RULES["plover_gsr_dev"]
    validation = splits.divide([json.loads(l) for l in lines], rule)["validation"]
    monkeypatch.setitem(splits.RULES, "small_gsr", splits.SplitRule(
        rule.share, rule.stratum, rule.ident, splits.digest(validation)))
    expected = sum(json.loads(l)["article_id"] in validation for l in lines)
    assert 0 < expected < len(lines)
    result = CliRunner().invoke(app, ["eval", str(small), "--split", "validation", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["articles"] == expected
    bad = CliRunner().invoke(app, ["eval", str(small), "--split", "test"])
    assert bad.exit_code == 2 and "tune, validation" in bad.output
