from dyad.analytics import summarize
from dyad.record import Article


def test_summary_counts_and_sample(coder):
    articles = [Article("a", "Iran accused Israel of sabotage. Japan praised India."),
                Article("b", "Russian troops attacked Ukraine. Iran accused Israel again.")]
    s = summarize(coder.pipe(articles), sample=2, seed=3)
    d = s.to_dict()
    assert d["articles"] == 2 and d["events"] == 4 and d["events_per_article"] == 2.0
    assert d["both_countries_share"] == 1.0
    assert d["top_dyads"][0] == {"source": "IRN", "target": "ISR", "events": 2}
    assert len(s.sample) == 2
    again = summarize(coder.pipe(articles), sample=2, seed=3)
    assert [e.event_id for e in again.sample] == [e.event_id for e in s.sample]


def test_non_state_actors_do_not_count_as_countries(coder):
    s = summarize(coder.pipe([Article("a", "Islamic State militants attacked Iraqi troops.")]))
    d = s.to_dict()
    assert d["events"] >= 1 and d["both_countries_share"] == 0.0 and d["target_share"] == 1.0


def test_check_writes_a_blind_checklist_of_asserted_events_and_tally_counts_it(tmp_path):
    import json

    from typer.testing import CliRunner

    from dyad.cli import app

    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in [
        {"id": "a", "published": "2021-03-10", "text": "Iran accused Israel of sabotage on Monday. "
         "In 2009, Egypt had condemned Sudan for a raid."},
        {"id": "b", "published": "2021-03-10", "text": "Russian troops attacked Ukraine on Sunday. "
         "Japan did not criticise China."}]) + "\n")
    check = tmp_path / "check.jsonl"
    runner = CliRunner()
    out = runner.invoke(app, ["summary", str(corpus), "--sample", "10", "--seed", "4", "--check", str(check)])
    assert out.exit_code == 0, out.output
    head, *rows = [json.loads(line) for line in check.read_text().splitlines()]
    assert head["seed"] == 4 and head["events"] == len(rows) == 2  # background and denied left out
    assert {r["event"]["target"]["code"] for r in rows} == {"ISR", "UKR"}
    assert all(r["verdict"] is None and r["published"] == "2021-03-10" for r in rows)

    rows[0].update(verdict="right")
    rows[1].update(verdict="wrong", cause="type")
    check.write_text("\n".join(json.dumps(r) for r in [head, *rows]) + "\n")
    got = json.loads(runner.invoke(app, ["tally", str(check), "--json"]).stdout)
    assert (got["right"], got["close"], got["wrong"], got["checked"]) == (1, 0, 1, 2)
    assert got["causes"]["wrong"] == {"type": 1}

    rows[1].update(cause="bad luck")
    check.write_text("\n".join(json.dumps(r) for r in [head, *rows]) + "\n")
    bad = runner.invoke(app, ["tally", str(check)])
    assert bad.exit_code == 2 and "check.jsonl:3" in bad.output and "needs a cause" in bad.output
