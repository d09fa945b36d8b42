"""The command line, run in-process: output formats, bad input, exit codes, documentation."""
import json
import re
from pathlib import Path

from typer.testing import CliRunner

from dyad.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent


def test_code_plain_text_jsonl(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("On Monday, Iran accused Israel of sabotage at its nuclear plant.")
    result = runner.invoke(app, ["code", str(path), "--published", "2021-04-13"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    accuse = [e for e in events if e["plover"] == "ACCUSE"]
    assert accuse and accuse[0]["source"]["code"] == "IRN" and accuse[0]["target"]["code"] == "ISR"
    assert accuse[0]["date"] == "2021-04-12" and accuse[0]["date_precision"] == "day"


def test_code_bad_items_do_not_stop_the_batch(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "ok", "text": "Iran accused Israel of sabotage.", "published": "2021-04-12"}\n'
                    '{broken\n{"id": "empty", "text": "  "}\n')
    result = runner.invoke(app, ["code", str(path), "--format", "csv"])
    assert result.exit_code == 0
    assert "in.jsonl:2" in result.stderr and "empty text" in result.stderr
    assert result.stdout.splitlines()[0].startswith("article_id,")
    assert any(line.startswith("ok,") for line in result.stdout.splitlines())


def test_code_exit_nonzero_when_nothing_coded(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text("{broken\n")
    result = runner.invoke(app, ["code", str(path)])
    assert result.exit_code == 1
    assert "invalid JSON" in result.stderr


def test_code_table_format(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Japan praised India for its support.")
    result = runner.invoke(app, ["code", str(path), "-f", "table"])
    assert result.exit_code == 0 and "SUPPORT" in result.stdout


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert re.search(rf"`dyad {name}\b", readme), f"`dyad {name}` is not in the README"


def test_code_csv_cells_cannot_be_spreadsheet_formulas():
    from dyad.cli import _flat

    ev = {"date": "2021-10-12", "goldstein": -10.0, "trigger": {"text": "=HYPERLINK(1)"},
          "source": {"code": "PRK", "name": "@SUM(A1)", "text": "+1"}, "target": None}
    row = _flat(ev)
    assert row["trigger"] == "'=HYPERLINK(1)" and row["source_name"] == "'@SUM(A1)"
    assert row["source_text"] == "'+1" and row["goldstein"] == -10.0 and row["date"] == "2021-10-12"
