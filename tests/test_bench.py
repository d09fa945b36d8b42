"""``dyad bench`` in rounds: structure, rotation, and ratios paired within a round. No timing
assertions — only that the figures reported are computed from the right numbers."""
import json
import statistics

import pytest

from dyad import bench

ARTICLES = [
    {"id": "b1", "text": "Iran accused Israel of sabotage. Israel denied it.", "published": "2021-04-12"},
    {"id": "b2", "text": "“We will not talk,” the foreign minister said. China urged restraint.",
     "published": "2021-04-13"},
    {"id": "b3", "text": "Russia and Ukraine signed a ceasefire on Monday.", "published": "2021-04-14"},
]


def corpus(tmp_path, rows=ARTICLES):
    path = tmp_path / "bench.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_rotation_puts_each_mode_in_each_position_once():
    modes = bench.CODER_MODES
    orders = [bench.rotation(modes, r) for r in range(3)]
    assert orders[0] == list(modes)
    for position in range(3):
        assert sorted(o[position] for o in orders) == sorted(modes)


def test_pick_is_evenly_spaced_after_the_limit(tmp_path):
    rows = [{"id": f"a{i}", "text": f"Iran accused Israel {i}."} for i in range(10)]
    path = corpus(tmp_path, rows)
    assert bench.pick(path, None, 0) == (list(range(10)), 10)
    assert bench.pick(path, None, 5) == ([0, 2, 4, 6, 8], 10)
    assert bench.pick(path, 4, 2) == ([0, 2], 4)
    assert bench.pick(path, 4, 50) == ([0, 1, 2, 3], 4)
    assert [a.id for a in bench._load(str(path), None, [1, 7])] == ["a1", "a7"]


def test_ratios_pair_each_mode_with_the_baseline_of_the_same_round(tmp_path, monkeypatch):
    """A fake measurement whose speed depends on (round, mode): the per-round ratio must use
    the same round's baseline, the headline ratio is the ratio of medians, and the spread is the
    min and max of the per-round ratios."""
    speed = {  # articles/s by round, per mode; the machine gets slower each round
        "spacy": [10.0, 5.0, 8.0],
        "coder": [8.0, 4.5, 4.0],
        "coder-without-quotes": [9.0, 4.6, 6.0],
    }
    calls = []

    def fake(mode, corpus, limit, model, positions, copies=None):
        r = sum(1 for m, _ in calls if m == mode)
        calls.append((mode, r))
        aps = speed[mode][r]
        return {"mode": mode, "articles": 40, "sentences": 400, "events": 7, "seconds": 40 / aps,
                "cpu_seconds": 40 / aps, "articles_per_s": aps, "sentences_per_s": 10 * aps,
                "articles_per_cpu_s": aps, "peak_rss_mb": {"spacy": 500.0}.get(mode, 600.0 + r)}

    monkeypatch.setattr(bench, "_measure", fake)
    rows = bench.run(corpus(tmp_path), rounds=3, sample=0)
    assert [m for m, _ in calls] == ["spacy", "coder", "coder-without-quotes",
                                    "coder", "coder-without-quotes", "spacy",
                                    "coder-without-quotes", "spacy", "coder"]
    by = {r["mode"]: r for r in rows}
    coder = by["coder"]
    per_round = [c / s for c, s in zip(speed["coder"], speed["spacy"])]  # 0.8, 0.9, 0.5
    assert [d["throughput_vs_spacy"] for d in coder["per_round"]] == pytest.approx(per_round, abs=1e-3)
    assert coder["throughput_vs_spacy_min"] == pytest.approx(0.5, abs=1e-3)
    assert coder["throughput_vs_spacy_max"] == pytest.approx(0.9, abs=1e-3)
    assert coder["articles_per_s"] == pytest.approx(4.5)  # median
    assert coder["throughput_vs_spacy"] == pytest.approx(4.5 / 8.0, abs=1e-3)  # ratio of medians
    assert coder["memory_vs_spacy"] == pytest.approx(601 / 500, abs=1e-3)
    quotes = [c / w for c, w in zip(speed["coder"], speed["coder-without-quotes"])]
    assert [d["throughput_vs_coder_without_quotes"] for d in coder["per_round"]] == \
        pytest.approx(quotes, abs=1e-3)
    assert coder["throughput_vs_coder_without_quotes"] == pytest.approx(
        statistics.median(speed["coder"]) / statistics.median(speed["coder-without-quotes"]), abs=1e-3)
    assert coder["cpu_throughput_vs_coder_without_quotes"] == pytest.approx(
        statistics.median(speed["coder"]) / statistics.median(speed["coder-without-quotes"]), abs=1e-3)
    assert by["spacy"]["throughput_vs_spacy"] == by["spacy"]["throughput_vs_spacy_max"] == 1.0
    assert [d["position"] for d in coder["per_round"]] == [2, 1, 3]


def test_ingest_rounds_use_their_own_baselines(tmp_path, monkeypatch):
    seen = []

    def fake(mode, corpus, limit, model, positions, copies=None):
        seen.append((mode, copies))
        aps = {"coder": 4.0, "ingest": 3.0, "ingest x5": 2.0}[mode]
        rss = {"coder": 700.0, "ingest": 710.0, "ingest x5": 720.0}[mode]
        return {"mode": mode, "articles": 3, "sentences": 5, "events": 1, "seconds": 3 / aps,
                "cpu_seconds": 1.0, "articles_per_s": aps, "sentences_per_s": 1.0,
                "articles_per_cpu_s": 3.0, "peak_rss_mb": rss}

    monkeypatch.setattr(bench, "_measure", fake)
    rows = bench.run_ingest(corpus(tmp_path), repeat=5, rounds=2)
    assert seen[:3] == [("coder", None), ("ingest", 1), ("ingest x5", 5)] and len(seen) == 6
    by = {r["mode"]: r for r in rows}
    assert by["ingest x5"]["throughput_vs_coder"] == pytest.approx(0.5)
    assert by["ingest x5"]["memory_vs_ingest_once"] == pytest.approx(720 / 710, abs=1e-3)
    assert by["coder"]["throughput_vs_coder_min"] == 1.0


@pytest.mark.slow
def test_tiny_real_bench_in_two_rounds(tmp_path):
    """Real child processes: every mode in both rounds, existing keys kept, per-round ratios from
    that round's own figures, and peak memory measured per process (not the parent's)."""
    rows = bench.run(corpus(tmp_path), rounds=2, sample=0)
    assert [r["mode"] for r in rows] == list(bench.CODER_MODES)
    old_keys = {"mode", "articles", "sentences", "events", "seconds", "articles_per_s",
                "sentences_per_s", "peak_rss_mb", "throughput_vs_spacy", "memory_vs_spacy"}
    base = rows[0]["per_round"]
    for row in rows:
        assert old_keys <= row.keys()
        assert row["rounds"] == 2 and len(row["per_round"]) == 2
        assert row["articles"] == 3 and row["corpus_articles"] == 3 and row["sentences"] >= 5
        assert 100 < row["peak_rss_mb"] < 4000
        for mine, spacy in zip(row["per_round"], base):
            assert mine["round"] == spacy["round"]
            assert mine["throughput_vs_spacy"] == pytest.approx(
                mine["articles_per_s"] / spacy["articles_per_s"], rel=1e-2, abs=2e-3)
            assert mine["memory_vs_spacy"] == pytest.approx(
                mine["peak_rss_mb"] / spacy["peak_rss_mb"], rel=1e-2)
        ratios = [d["throughput_vs_spacy"] for d in row["per_round"]]
        assert row["throughput_vs_spacy_min"] == min(ratios)
        assert row["throughput_vs_spacy_max"] == max(ratios)
    assert {d["position"] for d in rows[0]["per_round"]} == {1, 3}  # rotated: first, then last
