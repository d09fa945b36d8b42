"""Plain text and JSONL articles, from a file or a stream (``-`` is stdin).

Both yield raw records that ``dyad.ingest.records.build`` turns into articles; JSONL lines may end
in ``\n``, ``\r\n`` or a lone ``\r``.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import sys
from pathlib import Path
from typing import IO, Iterator

from dyad.dates import parse_published
from dyad.ingest.csvfile import (ARTICLE_FIELDS, CSV_DEFAULT_COLUMNS, CSV_SUFFIXES,  # noqa: F401
                                 parse_columns, read_csv)
from dyad.ingest.lines import TooLong, split_lines
from dyad.ingest.records import (DEFAULT_MAX_CHARS, InputError, Limits, Raw, build,  # noqa: F401
                                 check_text, text_id)
from dyad.record import Article

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
ARTICLE_SHAPE = "{id, text, published, title?, url?}"


def limits_for(published, max_chars: int | None) -> tuple[Limits, str | None]:
    """The ``Limits`` for a reader's arguments, or why the default date is unusable."""
    date, error = _published(published)
    return Limits(max_chars=max_chars or DEFAULT_MAX_CHARS, published=date), error


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
                max_chars: int = DEFAULT_MAX_CHARS, fmt: str = "text",
                article_id: str | None = None) -> Iterator[Article | InputError]:
    limits, date_error = limits_for(published, max_chars)
    if date_error:
        yield InputError(name, date_error)
        return
    if fmt == "jsonl":
        for raw in jsonl_records(fh, name, limits.max_chars):
            yield raw if isinstance(raw, InputError) else build(raw, limits)
        return
    text, error = _decode(fh.read())
    if error:
        yield InputError(name, error)
        return
    if article_id is None and name != "<stdin>":
        article_id = Path(name).stem
    yield build(Raw(name, {"id": article_id, "text": text}), limits)


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


def jsonl_records(fh: IO[bytes], name: str, max_chars: int = DEFAULT_MAX_CHARS
                  ) -> Iterator[Raw | InputError]:
    """One raw record per JSON line, or an error naming the line."""
    for lineno, raw in enumerate(split_lines(fh, max_len=max(max_chars * 8, 1 << 20)), start=1):
        where = f"{name}:{lineno}"
        if isinstance(raw, TooLong):
            yield InputError(where, f"line is {raw.size:,} bytes, over the size cap; raise --max-chars")
            continue
        if not raw.strip():
            continue
        line, error = _decode(raw)
        if error:
            yield InputError(where, error)
            continue
        try:
            obj = json.loads(line)
        except RecursionError:
            yield InputError(where, "invalid JSON (nested too deeply to read)")
            continue
        except ValueError as exc:  # JSONDecodeError, or an integer of over 4,300 digits
            detail = f"{exc.msg}, column {exc.colno}" if isinstance(exc, json.JSONDecodeError) \
                else "a number too long to read"
            yield InputError(where, f"invalid JSON ({detail})")
            continue
        if not isinstance(obj, dict):
            yield InputError(where, f"expected a JSON object per line, got {type(obj).__name__}")
            continue
        yield _jsonl_raw(where, obj)


def _jsonl_raw(where: str, obj: dict) -> Raw:
    """The article fields of one JSON object; ``date``, ``article_id`` and ``source`` are
    accepted for ``published``, ``id`` and ``outlet``."""
    fields, names = {}, {}
    for name, keys in (("id", ("id", "article_id")), ("text", ("text",)),
                       ("published", ("published", "date")), ("title", ("title",)),
                       ("url", ("url",)), ("outlet", ("outlet", "source"))):
        key = next((k for k in keys if obj.get(k) not in (None, "")), keys[0])
        fields[name] = obj.get(key)
        if key != name:
            names[name] = key
    return Raw(where, fields, names=names)


_check_text = check_text  # the old name, for callers outside the package
