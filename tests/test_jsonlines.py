"""The numbered JSON-lines reader shared by the gold, real-news and checklist readers."""
import json

import pytest

from dyad.evaluate_gold import PLOVER_GSR, gold_records
from dyad.ingest.jsonlines import numbered_json


def test_numbered_json_skips_blank_lines_but_counts_them(tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_bytes(b'{"a": 1}\n\n  \r\n{"a": 2}\r{"a": 3}\n')
    lines = list(numbered_json(path))
    assert [(line.lineno, line.json()) for line in lines] == [(1, {"a": 1}), (4, {"a": 2}),
                                                               (5, {"a": 3})]
    assert lines[1].where == f"{path}:4"


def test_a_bad_line_raises_only_when_parsed(tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text('{"a": 1}\nnot json\n', encoding="utf-8")
    first, second = numbered_json(path)
    assert first.json() == {"a": 1}
    with pytest.raises(json.JSONDecodeError):
        second.json()


def test_gold_records_name_the_bad_line_and_go_on(tmp_path):
    path = tmp_path / "gold.jsonl"
    good = {"article_id": "a1", "text": "Iran met Iraq.", "events": []}
    path.write_text("\n".join([json.dumps(good), "{oops", json.dumps({**good, "article_id": "a2"})]),
                    encoding="utf-8")
    out = list(gold_records(path, PLOVER_GSR, lambda obj, lineno: (obj["article_id"], lineno)))
    assert out[0] == (("a1", 1), None) and out[2] == (("a2", 3), None)
    assert out[1][0] is None and out[1][1].startswith(f"{path}:2: ")
