"""Users add their own actors and patterns in files, validated with clear errors."""
import json

from typer.testing import CliRunner

from dyad.cli import app

runner = CliRunner()


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_custom_countries_people_and_patterns(tmp_path):
    actors = _write(tmp_path, "actors.tsv",
                    "phrase\tcountry\tsector\tname\trole\tstart\tend\n"
                    "Gondor\tGON\t\tGondor\tcountry\n"
                    "Arnor\tARN\t\tArnor\tcountry\n"
                    "Minas Tirith\tGON\tGOV\n"
                    "Aragorn\tARN\tGOV\tAragorn\tking\t1990-01-01\n")
    patterns = _write(tmp_path, "patterns.yaml",
                      '- id: user.rebuke\n  cameo: "111"\n  verb: [rebuke]\n'
                      '  example: "Gondor rebuked Arnor over the border."\n')
    text = _write(tmp_path, "story.txt",
                  "On Monday, King Aragorn rebuked Minas Tirith over the border. Arnor restored ties with Gondor.")
    result = runner.invoke(app, ["code", text, "--actors", actors, "--patterns", patterns,
                                 "--published", "1995-01-01"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    got = {(e["source"]["code"], e["target"]["code"], e["rule"]) for e in events}
    assert ("ARNGOV", "GONGOV", "user.rebuke") in got
    assert ("ARN", "GON", "cooperate.restore_ties") in got


def test_bad_actor_file_is_a_clear_error(tmp_path):
    actors = _write(tmp_path, "bad.tsv", "phrase\tcountry\tsector\tname\trole\tstart\tend\n"
                                         "Gondor\tXX1\n")
    text = _write(tmp_path, "story.txt", "Gondor rebuked Arnor.")
    result = runner.invoke(app, ["code", text, "--actors", actors])
    assert result.exit_code == 2
    assert "bad.tsv:2" in result.stderr and "unknown country code" in result.stderr


def test_bad_pattern_file_is_a_clear_error(tmp_path):
    patterns = _write(tmp_path, "bad.yaml", '- id: user.x\n  cameo: "999"\n  verb: [x]\n'
                                            '  example: "Gondor x-ed Arnor today."\n')
    text = _write(tmp_path, "story.txt", "Gondor rebuked Arnor.")
    result = runner.invoke(app, ["code", text, "--patterns", patterns])
    assert result.exit_code == 2
    assert "bad.yaml" in result.stderr and "not a CAMEO code" in result.stderr


def test_places_in_an_actor_file_are_places(tmp_path):
    """A country row of an --actors file names a place too: a new state (no coordinates) or
    another name for a known one; before, the gazetteer read only the built-in lexicon."""
    actors = _write(tmp_path, "actors.tsv",
                    "phrase\tcountry\tsector\tname\trole\tstart\tend\n"
                    "Gondor\tGON\t\tGondor\tcountry\n"
                    "Arnor\tARN\t\tArnor\tcountry\n"
                    "Rohan\tROH\t\tRohan\tcountry\n"
                    "Blighty\tGBR\t\tUnited Kingdom\tcountry\n")
    text = _write(tmp_path, "story.txt", "Arnor rebuked Rohan in Gondor on Monday. "
                                         "Arnor criticised Rohan in Blighty on Tuesday.")
    result = runner.invoke(app, ["code", text, "--actors", actors, "--published", "2020-01-01",
                                 "--no-detector", "--workers", "1"])
    assert result.exit_code == 0, result.output
    places = [(e["location"] or {}).get("text") and (e["location"]["name"], e["location"]["country"])
              for e in map(json.loads, result.stdout.splitlines())]
    assert places == [("Gondor", "GON"), ("United Kingdom", "GBR")]


def test_the_default_gazetteer_knows_no_user_places(tmp_path):
    from dyad.places import Gazetteer, default_gazetteer

    actors = _write(tmp_path, "actors.tsv", "phrase\tcountry\tsector\tname\trole\tstart\tend\n"
                                            "Gondor\tGON\t\tGondor\tcountry\n")
    assert default_gazetteer([actors]).resolve("Gondor").country == "GON"
    assert default_gazetteer([actors]) is default_gazetteer([actors])  # loaded once
    assert default_gazetteer().resolve("Gondor") is None
    assert Gazetteer(actor_files=[actors]).resolve("Britain").country == "GBR"  # GeoNames still
