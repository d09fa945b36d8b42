"""A seeded corpus of hostile and careless inputs, mixed with valid articles, in every format
``dyad ingest`` reads. ``make_corpus(folder, seed)`` writes the files and returns what a correct
reader must do with them: the ids that must be stored, and how many bad inputs there are (each
must become one recorded error or more — never a traceback, never a stored fragment)."""
from __future__ import annotations

import csv
import io
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from dyad.ingest.web import url_id

SENTENCES = [
    "Iran accused Israel of sabotage at the Natanz site.",
    "Japan praised India for its support during the floods.",
    "The United Nations condemned the attack on aid workers.",
    "North Korea test-fired two missiles into the sea.",
    "Germany and France signed an agreement on energy.",
    "Russia rejected the proposal for a ceasefire.",
]


BAD_SHARE = 0.6  # of JSONL lines; three quarters of that for CSV rows


@dataclass
class Expected:
    valid_ids: set[str] = field(default_factory=set)
    bad: int = 0                       # malformed inputs written
    bad_where: list[str] = field(default_factory=list)  # file[:line] of each bad input
    files: int = 0


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.sample(SENTENCES, 2)) + f" Report {n}."


def _bad_json_line(rng: random.Random, n: int) -> bytes:
    ok = {"id": f"b{n}", "text": _text(rng, n)}
    kind = rng.randrange(16)
    if kind == 0:
        return json.dumps({**ok, "text": "bad \ud800 text"}).encode()
    if kind == 1:
        return json.dumps({**ok, rng.choice(["id", "title", "url"]): "x\udc80y"}).encode()
    if kind == 2:
        return json.dumps({**ok, rng.choice(["title", "url", "source", "outlet", "id"]):
                           rng.choice([["a", "list"], {"a": 1}, [], {}])}).encode()
    if kind == 3:
        return json.dumps({**ok, rng.choice(["published", "date"]):
                           rng.choice([20210101, 1.5, True, ["2021-01-01"], {"y": 2021}])}).encode()
    if kind == 4:
        depth = rng.choice([5_000, 50_000, 200_000])
        return b'{"id": "deep", "text": ' + b"[" * depth + b"]" * depth + b"}"
    if kind == 5:
        return json.dumps(ok).encode()[:-rng.randint(2, 10)]
    if kind == 6:
        return json.dumps(rng.choice([[1, 2], "text", 3, None, True])).encode()
    if kind == 7:
        return json.dumps({**ok, "text": rng.choice(["", "   ", "\n\t"])}).encode()
    if kind == 8:
        return json.dumps({"id": f"b{n}", "title": "no text"}).encode()
    if kind == 9:
        return json.dumps(ok).encode().replace(b"Report", b"Rep\xff\xfeort")
    if kind == 10:
        return b'{"id": "nul\x00", "text": "a\x00b"}'
    if kind == 11:
        return json.dumps({**ok, "id": "i" * 5000}).encode()
    if kind == 12:
        return json.dumps({**ok, "published": rng.choice(["someday", "2021-13-45", "x" * 300])}).encode()
    if kind == 13:
        return json.dumps({**ok, "text": "".join(chr(rng.randrange(1, 31)) for _ in range(200))}
                          ).encode()
    if kind == 14:
        return b'{"id": ' + b"9" * 5000 + b', "text": "a b"}'
    return json.dumps({**ok, "text": rng.choice([1, 2.5, ["a"], {"t": "x"}, None])}).encode()


def _jsonl(folder: Path, rng: random.Random, i: int, exp: Expected, counter: list[int]) -> None:
    name = folder / f"f{i}.{rng.choice(['jsonl', 'ndjson', 'json'])}"
    eol = rng.choice([b"\n", b"\r\n", b"\r"])
    lines = []
    for line_no in range(1, rng.randint(5, 30) + 1):
        counter[0] += 1
        n = counter[0]
        if rng.random() < BAD_SHARE:
            lines.append(_bad_json_line(rng, n))
            exp.bad += 1
            exp.bad_where.append(f"{name}:{line_no}")
        else:
            rec = {"id": f"v{n}", "text": _text(rng, n), "published": "2021-10-12"}
            if rng.random() < 0.3:
                rec.update(title="Title \u00e9\u4e2d", url=f"https://example.org/{n}", source="Wire")
            lines.append(json.dumps(rec, ensure_ascii=rng.random() < 0.5).encode())
            exp.valid_ids.add(f"v{n}")
    name.write_bytes(eol.join(lines) + (eol if rng.random() < 0.7 else b""))


def _bad_csv_row(rng: random.Random, n: int) -> bytes:
    kind = rng.randrange(6)
    if kind == 0:
        return f'b{n},"Unclosed quote {n}.,2021-10-12'.encode()
    if kind == 1:
        return f'b{n},"Stray "quote" {n}",2021-10-12'.encode()
    if kind == 2:
        return f"b{n},Unquoted, comma {n},2021-10-12".encode()
    if kind == 3:
        return f"b{n},Bad \xff bytes {n},2021-10-12".encode("latin-1")
    if kind == 4:
        return f"b{n},,2021-10-12".encode()
    return f"b{n},Bad date {n}.,the 40th".encode()


def _csv(folder: Path, rng: random.Random, i: int, exp: Expected, counter: list[int]) -> None:
    name = folder / f"c{i}.csv"
    out = io.BytesIO()
    out.write(b"id,text,published\r\n")
    line_no = 1
    for _ in range(rng.randint(4, 25)):
        counter[0] += 1
        n = counter[0]
        line_no += 1
        if rng.random() < BAD_SHARE * 0.75:
            out.write(_bad_csv_row(rng, n) + b"\r\n")
            exp.bad += 1
            exp.bad_where.append(f"{name}:{line_no}")
            continue
        text = _text(rng, n)
        if rng.random() < 0.3:
            text = text.replace(" Report", '\n"Report"')  # quoted, multi-line field
        buf = io.StringIO()
        csv.writer(buf).writerow([f"v{n}", text, "2021-10-12"])
        out.write(buf.getvalue().encode())
        line_no += text.count("\n")
        exp.valid_ids.add(f"v{n}")
    name.write_bytes(out.getvalue())


def _page(n: int, text: str) -> str:
    return (f"<!DOCTYPE html><html><head><title>Story {n}</title>"
            f'<link rel="canonical" href="https://news.example.org/s/{n}"/></head><body>'
            f"<article><h1>Story {n}</h1><p>{text}</p><p>{text}</p></article></body></html>")


BAD_FILES = {
    ".txt": [b"", b"   \n", b"\x00\x01\x02binary", "caf\xe9 latin-1".encode("latin-1"),
             b"\x01\x02\x03\x04" * 50],
    ".html": [b"", b"\x00\x00<html>", b"no markup at all, just words", b"<html><body></body></html>",
              b"<html><body>" + b"<div>" * 20000 + b"x" + b"</div>" * 20000 + b"</body></html>",
              b'<html><head><meta charset="utf-9"></head><body><p> </p></body></html>'],
    ".rss": [b'<?xml version="1.0" encoding="utf-9"?><rss><channel><item><title>t</title>'
             b"<description>Iran accused Israel.</description></item></channel></rss>",
             b'<?xml version="1.0" encoding="x-\xff"?><rss/>',
             b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
             b"<rss><channel><item><description>&b;</description></item></channel></rss>",
             b"<rss><channel><item><title>unclosed", b"<rss><channel></channel></rss>",
             b"<rss><channel><item><title>&#xD800; &#x110000; &#0;</title></item></channel></rss>"],
    ".warc.gz": [b"\x1f\x8b\x08\x00garbage", b"WARC/1.0\r\nnot really\r\n\r\n", b""],
}


def _bad_file(folder: Path, rng: random.Random, i: int, exp: Expected) -> None:
    suffix = rng.choice(list(BAD_FILES))
    data = rng.choice(BAD_FILES[suffix])
    name = folder / f"bad{i}{suffix}"
    name.write_bytes(data)
    exp.bad += 1
    exp.bad_where.append(str(name))


def _good_file(folder: Path, rng: random.Random, i: int, exp: Expected, counter: list[int]) -> None:
    counter[0] += 1
    n = counter[0]
    text = _text(rng, n)
    if rng.random() < 0.5:
        (folder / f"page{i}.html").write_text(_page(n, text), encoding="utf-8")
        exp.valid_ids.add(url_id(f"https://news.example.org/s/{n}"))
    else:
        link = f"https://news.example.org/feed/{n}"
        (folder / f"feed{i}.xml").write_text(
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>W</title>'
            f"<item><title>T{n}</title><link>{link}</link><description>{text}</description></item>"
            "</channel></rss>", encoding="utf-8")
        exp.valid_ids.add(url_id(link))


def make_corpus(folder: Path, seed: int = 12, files: int = 290) -> Expected:
    """About ``files`` files; with the default, over 2,000 malformed inputs in all."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    exp = Expected(files=files)
    counter = [0]
    for i in range(files):
        roll = rng.random()
        if roll < 0.45:
            _jsonl(folder, rng, i, exp, counter)
        elif roll < 0.8:
            _csv(folder, rng, i, exp, counter)
        elif roll < 0.9:
            _bad_file(folder, rng, i, exp)
        else:
            _good_file(folder, rng, i, exp, counter)
    return exp
