"""Reading text and JSONL: every bad item gets a reason, the good ones still come through."""
import datetime as dt
import io
import json

from dyad.ingest import InputError, read_path, read_stream
from dyad.ingest.files import text_id


def _items(data: bytes, fmt="jsonl", **kw):
    return list(read_stream(io.BytesIO(data), "in.jsonl", fmt=fmt, **kw))


def test_jsonl_mixed_good_and_bad():
    lines = [
        json.dumps({"id": "a", "text": "Iran accused Israel.", "published": "2021-10-12"}),
        "{not json",
        json.dumps({"id": "b", "text": ""}),
        json.dumps({"id": "c", "text": "Iran accused Israel.", "published": "the day after"}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "d", "title": "no text"}),
        json.dumps({"id": "e", "text": "Japan praised India.", "date": "2019-01-02"}),
    ]
    items = _items(("\n".join(lines) + "\n").encode())
    good = [i for i in items if not isinstance(i, InputError)]
    bad = [i for i in items if isinstance(i, InputError)]
    assert [a.id for a in good] == ["a", "e"]
    assert good[0].published == dt.date(2021, 10, 12)
    assert good[1].published == dt.date(2019, 1, 2)
    messages = [str(b) for b in bad]
    assert "in.jsonl:2" in messages[0] and "invalid JSON" in messages[0]
    assert "empty text" in messages[1] and "id b" in messages[1]
    assert "unparseable publication date" in messages[2]
    assert "expected a JSON object" in messages[3]
    assert "missing 'text'" in messages[4]


def test_binary_and_oversized_and_bad_utf8():
    assert "binary" in _items(b"\x00\x01\x02abc", fmt="text")[0].message
    assert "over the limit" in _items(b"word " * 300_000, fmt="text", max_chars=1_000_000)[0].message
    assert "not valid UTF-8" in _items(b"caf\xe9 au lait", fmt="text")[0].message


def test_plain_text_file_and_published(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Iran accused Israel of sabotage.", encoding="utf-8")
    [article] = list(read_path(str(path), published="2021-04-12"))
    assert article.id == "story" and article.published == dt.date(2021, 4, 12)
    [error] = list(read_path(str(path), published="yesterday-ish"))
    assert "unparseable publication date" in error.message
    [missing] = list(read_path(str(tmp_path / "nope.txt")))
    assert missing.message == "no such file"


def test_text_ids_are_stable_under_whitespace():
    assert text_id("Iran  accused\nIsrael.") == text_id("Iran accused Israel.")
    assert text_id("Iran accused Israel.") != text_id("Israel accused Iran.")
