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


# --- CSV ------------------------------------------------------------------------------------------
CSV_SUFFIXES = (".csv", ".tsv")
ARTICLE_FIELDS = ("id", "text", "published", "title", "url", "outlet")
# Column names tried, in order, for each article field when no mapping is given.
CSV_DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "article_id", "doc_id", "uid"),
    "text": ("text", "body", "content", "article", "story"),
    "published": ("published", "date", "publish_date", "published_at", "pubdate", "datetime"),
    "title": ("title", "headline"),
    "url": ("url", "link", "source_url"),
    "outlet": ("outlet", "source", "publisher", "publication", "site"),
}


def parse_columns(spec: str | None) -> dict[str, str]:
    """``"text=body,published=pub_date"`` → ``{"text": "body", "published": "pub_date"}``."""
    mapping: dict[str, str] = {}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        field_name, sep, column = part.partition("=")
        field_name = field_name.strip()
        if not sep or field_name not in ARTICLE_FIELDS or not column.strip():
            raise ValueError(f"bad column mapping '{part.strip()}': expected FIELD=COLUMN with FIELD "
                             f"one of {', '.join(ARTICLE_FIELDS)} (e.g. text=body,published=date)")
        mapping[field_name] = column.strip()
    return mapping


def read_csv(fh: IO[bytes], name: str, published: str | dt.date | None = None,
             max_chars: int = DEFAULT_MAX_CHARS, columns: dict[str, str] | None = None,
             delimiter: str | None = None) -> Iterator[Article | InputError]:
    """Articles from a CSV (or TSV) file with a header row; ``columns`` maps article fields to
    column names (defaults: ``CSV_DEFAULT_COLUMNS``). One bad row is one error."""
    import csv

    default_date, date_error = _published(published)
    if date_error:
        yield InputError(name, date_error)
        return
    text_stream = io.TextIOWrapper(fh, encoding="utf-8-sig", errors="strict", newline="")
    csv.field_size_limit(max(max_chars * 4, 1 << 20))
    try:
        sample = text_stream.read(65536)
    except UnicodeDecodeError as exc:
        yield InputError(name, f"not valid UTF-8 (byte at offset {exc.start}); convert the file to UTF-8")
        return
    rest = _chain_text(sample, text_stream)
    delim = delimiter or ("\t" if name.lower().endswith(".tsv") or sample.count("\t") > sample.count(",")
                          else ",")
    reader = csv.DictReader(rest, delimiter=delim)
    header = reader.fieldnames or []
    mapping = _resolve_columns(header, columns or {})
    if isinstance(mapping, str):
        yield InputError(name, mapping)
        return
    row_no = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError as exc:
            yield InputError(f"{name}:{row_no + 1}", f"not valid UTF-8 (offset {exc.start}); "
                                                     "the rest of the file was not read")
            return
        except csv.Error as exc:
            yield InputError(f"{name}:{reader.line_num}", f"malformed CSV ({exc}); the rest of the "
                                                          "file was not read")
            return
        row_no = reader.line_num
        where = f"{name}:{row_no}"
        get = {f: (row.get(col) or "").strip() if col else "" for f, col in mapping.items()}
        text = row.get(mapping["text"]) or ""
        if get.get("id"):
            where = f"{where} (id {get['id']})"
        checked = _check_text(text, max_chars)
        if checked:
            yield InputError(where, checked)
            continue
        date, date_error = _published(get["published"]) if get.get("published") else (default_date, None)
        if date_error:
            yield InputError(where, date_error)
            continue
        yield Article(id=get.get("id") or text_id(text), text=text, published=date,
                      title=get.get("title") or None, url=get.get("url") or None,
                      outlet=get.get("outlet") or None)


def _chain_text(first: str, rest: IO[str]) -> Iterator[str]:
    """Lines of ``first + rest`` without reading ``rest`` into memory."""
    buffer = io.StringIO(first)
    pending = ""
    for line in buffer:
        if line.endswith(("\n", "\r")):
            yield pending + line
            pending = ""
        else:
            pending += line
    for line in rest:
        yield pending + line
        pending = ""
    if pending:
        yield pending


def _resolve_columns(header: list[str], given: dict[str, str]) -> dict[str, str | None] | str:
    lower = {h.strip().lower(): h for h in header}
    mapping: dict[str, str | None] = {}
    for field_name in ARTICLE_FIELDS:
        if field_name in given:
            col = lower.get(given[field_name].lower())
            if col is None:
                return (f"no column '{given[field_name]}' for {field_name}; the header has: "
                        f"{', '.join(header) or '(nothing)'}")
        else:
            col = next((lower[c] for c in CSV_DEFAULT_COLUMNS[field_name] if c in lower), None)
        mapping[field_name] = col
    if not mapping["text"]:
        return (f"no text column; the header has: {', '.join(header) or '(nothing)'}. Name it with "
                "--columns text=COLUMN")
    return mapping
