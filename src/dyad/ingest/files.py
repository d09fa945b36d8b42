"""Plain text and JSONL articles, from a file or a stream (``-`` is stdin)."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator

from dyad.dates import parse_published
from dyad.record import Article

DEFAULT_MAX_CHARS = 1_000_000
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")


@dataclass(frozen=True)
class InputError:
    """One document that could not be read: where it was and what was wrong."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def text_id(text: str) -> str:
    """A stable id from the normalised text (whitespace collapsed, case folded)."""
    norm = " ".join(text.split()).casefold()
    return "sha1:" + hashlib.sha1(norm.encode("utf-8")).hexdigest()[:16]


def read_path(path: str, published: str | dt.date | None = None,
              max_chars: int = DEFAULT_MAX_CHARS, fmt: str | None = None) -> Iterator[Article | InputError]:
    """Articles from a file (plain text or JSONL, by suffix or ``fmt``) or ``-`` for stdin."""
    if path == "-":
        data = sys.stdin.buffer.read()
        yield from read_stream(io.BytesIO(data), "<stdin>", published, max_chars, fmt or _sniff(data))
        return
    p = Path(path)
    if not p.exists():
        yield InputError(path, "no such file")
        return
    if p.is_dir():
        yield InputError(path, "is a folder; give a file (folders are read by `dyad ingest`)")
        return
    kind = fmt or ("jsonl" if p.suffix.lower() in JSONL_SUFFIXES else "text")
    with p.open("rb") as fh:
        yield from read_stream(fh, path, published, max_chars, kind)


def _sniff(data: bytes) -> str:
    head = data.lstrip()[:1]
    return "jsonl" if head == b"{" else "text"


def read_stream(fh: IO[bytes], name: str, published: str | dt.date | None = None,
                max_chars: int = DEFAULT_MAX_CHARS, fmt: str = "text") -> Iterator[Article | InputError]:
    default_date, date_error = _published(published)
    if date_error:
        yield InputError(name, date_error)
        return
    if fmt == "jsonl":
        yield from _jsonl(fh, name, default_date, max_chars)
        return
    data = fh.read()
    text, error = _decode(data)
    if error:
        yield InputError(name, error)
        return
    checked = _check_text(text, max_chars)
    if checked:
        yield InputError(name, checked)
        return
    yield Article(id=Path(name).stem if name != "<stdin>" else text_id(text), text=text,
                  published=default_date)


def _published(value) -> tuple[dt.date | None, str | None]:
    if value is None or isinstance(value, dt.date):
        return value, None
    try:
        return parse_published(value), None
    except ValueError as exc:
        return None, str(exc)


def _decode(data: bytes) -> tuple[str, str | None]:
    if b"\x00" in data[:65536]:
        return "", "binary content (NUL bytes); expected UTF-8 text"
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return "", (f"not valid UTF-8 (byte {data[exc.start]:#04x} at offset {exc.start}); "
                    "convert the file to UTF-8")


def _check_text(text: str, max_chars: int) -> str | None:
    if not text.strip():
        return "empty text; nothing to code"
    if len(text) > max_chars:
        return (f"text is {len(text):,} characters, over the limit of {max_chars:,}; "
                "split it or raise --max-chars")
    if sum(ch.isprintable() or ch.isspace() for ch in text[:10000]) < 0.9 * min(len(text), 10000):
        return "mostly unprintable characters; expected natural-language text"
    return None


def _jsonl(fh: IO[bytes], name: str, default_date: dt.date | None,
           max_chars: int) -> Iterator[Article | InputError]:
    for lineno, raw in enumerate(fh, start=1):
        where = f"{name}:{lineno}"
        if not raw.strip():
            continue
        line, error = _decode(raw)
        if error:
            yield InputError(where, error)
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(obj, dict):
            yield InputError(where, f"expected a JSON object per line, got {type(obj).__name__}")
            continue
        text = obj.get("text")
        art_id = obj.get("id", obj.get("article_id"))
        if art_id is not None:
            where = f"{where} (id {art_id})"
        if not isinstance(text, str):
            yield InputError(where, "missing 'text' (a string); each line is "
                             "{id, text, published, title?, url?}")
            continue
        checked = _check_text(text, max_chars)
        if checked:
            yield InputError(where, checked)
            continue
        raw_date = obj.get("published", obj.get("date"))
        date, date_error = _published(raw_date) if raw_date not in (None, "") else (default_date, None)
        if date_error:
            yield InputError(where, date_error)
            continue
        yield Article(id=str(art_id) if art_id is not None else text_id(text), text=text,
                      published=date, title=obj.get("title"), url=obj.get("url"),
                      outlet=obj.get("outlet") or obj.get("source"))
