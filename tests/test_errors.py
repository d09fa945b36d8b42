"""Every error class of dyad's derives from dyad.errors.DyadError, and the CLI turns one into a
single clear line and exit code 2."""
import importlib
import inspect
import pkgutil

import pytest
from typer.testing import CliRunner

import dyad
from dyad.cli import app
from dyad.errors import DyadError

runner = CliRunner()


def _dyad_modules():
    for info in pkgutil.walk_packages(dyad.__path__, "dyad."):
        if info.name.startswith("dyad.web") or info.name.endswith("__main__"):
            continue
        try:
            yield importlib.import_module(info.name)
        except ImportError as exc:  # an optional extra that is not installed
            pytest.skip(f"{info.name} needs an optional dependency: {exc}")


def test_every_error_class_of_ours_derives_from_dyad_error():
    classes = {cls for mod in _dyad_modules() for _, cls in inspect.getmembers(mod, inspect.isclass)
               if issubclass(cls, BaseException) and cls.__module__.startswith("dyad.")}
    assert len(classes) >= 10  # the lexicon, pattern, mood, ontology, model, split, gold, API errors…
    strays = sorted(f"{c.__module__}.{c.__qualname__}" for c in classes if not issubclass(c, DyadError))
    assert strays == []


def test_message_and_fix_make_one_sentence_pair():
    e = DyadError("actors.tsv:3: unknown country code 'XX1'", "Use an ISO 3166-1 alpha-3 code")
    assert str(e) == "actors.tsv:3: unknown country code 'XX1'. Use an ISO 3166-1 alpha-3 code"
    assert (e.message, e.fix) == ("actors.tsv:3: unknown country code 'XX1'", "Use an ISO 3166-1 alpha-3 code")
    assert str(DyadError("no fix")) == "no fix" and DyadError("no fix").fix is None
    assert DyadError("two\n  lines").one_line() == "two lines"


def test_old_builtin_bases_are_kept_for_callers_that_catch_them():
    from dyad.actors.lexicon import LexiconError
    from dyad.nlp import ModelNotFound
    from dyad.ontology import UnknownCameoCode

    assert issubclass(LexiconError, ValueError) and issubclass(ModelNotFound, RuntimeError)
    assert issubclass(UnknownCameoCode, KeyError) and str(UnknownCameoCode("999")) == "999"


def test_missing_pattern_file_is_one_line_and_exit_2(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("Gondor rebuked Arnor.", encoding="utf-8")
    missing = tmp_path / "nowhere.yaml"
    result = runner.invoke(app, ["code", str(story), "--patterns", str(missing)])
    assert result.exit_code == 2, result.output
    assert "nowhere.yaml" in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_unknown_split_is_one_line_and_exit_2(tmp_path):
    gold = tmp_path / "plover_gsr_dev.jsonl"
    gold.write_text('{"id": "a", "text": "x", "events": []}\n', encoding="utf-8")
    result = runner.invoke(app, ["eval", str(gold), "--split", "train"])
    assert result.exit_code == 2 and "unknown split 'train'" in result.stderr


@pytest.mark.parametrize("flag, value, says", [
    ("--published", "notadate", "unparseable publication date 'notadate'"),
    ("--columns", "body", "bad column mapping 'body'"),
])
def test_bad_ingest_option_is_one_line_and_exit_2(tmp_path, flag, value, says):
    story = tmp_path / "story.txt"
    story.write_text("Gondor rebuked Arnor.", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(story), "--db", str(tmp_path / "s.db"), flag, value])
    assert result.exit_code == 2, result.output
    assert says in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_date_and_column_errors_are_ours_and_still_value_errors():
    from dyad.dates import DateError, parse_published
    from dyad.ingest.csvfile import ColumnsError, parse_columns

    with pytest.raises(DateError):
        parse_published("notadate")
    with pytest.raises(ColumnsError):
        parse_columns("text")
    assert issubclass(DateError, ValueError) and issubclass(ColumnsError, ValueError)
