"""CSV and TSV articles with a header row.

Quoting is read strictly, and a row is checked against the header: a broken quote (one opened
and never closed, or closed in the middle of a field) makes *that* row an error naming its line,
and reading starts again on the next physical line, so the rows after it are not swallowed into
one field or stored as fragments. Bytes that are not UTF-8 spoil only the row they are in.
"""
from __future__ import annotations

import csv
from collections import deque
from typing import IO, Iterator

from dyad.errors import DyadError
from dyad.ingest.lines import TooLong, split_lines
from dyad.ingest.records import InputError, Raw, build

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


class ColumnsError(DyadError, ValueError):
    """A bad ``--columns`` mapping (not FIELD=COLUMN, or an unknown field)."""


def parse_columns(spec: str | None) -> dict[str, str]:
    """``"text=body,published=pub_date"`` → ``{"text": "body", "published": "pub_date"}``."""
    mapping: dict[str, str] = {}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        field_name, sep, column = part.partition("=")
        field_name = field_name.strip()
        if not sep or field_name not in ARTICLE_FIELDS or not column.strip():
            raise ColumnsError(f"bad column mapping '{part.strip()}': expected FIELD=COLUMN with FIELD "
                               f"one of {', '.join(ARTICLE_FIELDS)} (e.g. text=body,published=date)")
        mapping[field_name] = column.strip()
    return mapping


class _BadLine(DyadError):
    """A physical line that cannot be part of any row (bad bytes, over the size cap)."""


class _Lines:
    """Decoded physical lines for ``csv.reader``, remembering those the current row used so a
    broken row can be given back and read again from its second line."""

    def __init__(self, raw: Iterator[bytes | TooLong], first_line: int):
        self.raw = raw
        self.next_no = first_line
        self.back: deque[tuple[int, bytes | TooLong]] = deque()
        self.taken: list[tuple[int, bytes | TooLong]] = []

    def __iter__(self) -> "_Lines":
        return self

    def __next__(self) -> str:
        if self.back:
            no, line = self.back.popleft()
        else:
            line = next(self.raw)
            no, self.next_no = self.next_no, self.next_no + 1
        self.taken.append((no, line))
        if isinstance(line, TooLong):
            raise _BadLine(f"line is {line.size:,} bytes, over the size cap; split the file or "
                           "raise --max-chars")
        try:
            return line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _BadLine(f"not valid UTF-8 (byte {line[exc.start]:#04x} at column "
                           f"{exc.start + 1}); convert the file to UTF-8") from None

    def start(self) -> int:
        """Line number the current row began on."""
        return self.taken[0][0] if self.taken else self.next_no

    def replay_after_first(self) -> None:
        """Give back every line of the current row but its first."""
        self.back.extendleft(reversed(self.taken[1:]))
        self.taken = []

    @property
    def replaying(self) -> bool:
        return bool(self.back)


def read_csv(fh: IO[bytes], name: str, published=None, max_chars: int | None = None,
             columns: dict[str, str] | None = None,
             delimiter: str | None = None) -> Iterator[InputError | object]:
    """Articles from a CSV (or TSV) file with a header row; ``columns`` maps article fields to
    column names (defaults: ``CSV_DEFAULT_COLUMNS``). One bad row is one error."""
    from dyad.ingest.files import limits_for

    limits, problem = limits_for(published, max_chars)
    if problem:
        yield InputError(name, problem)
        return
    for raw in csv_records(fh, name, columns, delimiter, limits.max_chars):
        yield raw if isinstance(raw, InputError) else build(raw, limits)


def csv_records(fh: IO[bytes], name: str, columns: dict[str, str] | None = None,
                delimiter: str | None = None, max_chars: int = 1_000_000
                ) -> Iterator[Raw | InputError]:
    """The rows of a CSV file as raw records (or errors naming their line)."""
    csv.field_size_limit(max(max_chars * 4, 1 << 20))
    raw_lines = split_lines(fh, max_len=max(max_chars * 4, 1 << 20))
    header_line = next(raw_lines, b"")
    if isinstance(header_line, TooLong):
        yield InputError(f"{name}:1", "header line is over the size cap; not a CSV file?")
        return
    try:
        header_text = header_line.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield InputError(f"{name}:1", f"not valid UTF-8 (offset {exc.start}); convert the file "
                                      "to UTF-8")
        return
    delim = delimiter or ("\t" if name.lower().endswith(".tsv")
                          or header_text.count("\t") > header_text.count(",") else ",")
    try:
        header = next(csv.reader([header_text], delimiter=delim, strict=True), [])
    except csv.Error as exc:
        yield InputError(f"{name}:1", f"malformed CSV header ({exc})")
        return
    mapping = _resolve_columns(header, columns or {})
    if isinstance(mapping, str):
        yield InputError(name, mapping)
        return
    yield from _rows(_Lines(raw_lines, 2), name, header, mapping, delim)


def _rows(lines: _Lines, name: str, header: list[str], mapping: dict[str, str | None],
          delim: str) -> Iterator[Raw | InputError]:
    index = {f: header.index(col) for f, col in mapping.items() if col is not None}
    reader = csv.reader(lines, delimiter=delim, strict=True)
    while True:
        lines.taken = []
        strict = lines.replaying  # rows read again after a broken one must be whole rows
        try:
            row = next(reader)
        except StopIteration:
            return
        except (csv.Error, _BadLine) as exc:
            where = f"{name}:{lines.start()}"
            broken = isinstance(exc, csv.Error)
            yield InputError(where, _broken_reason(exc, len(lines.taken)) if broken else str(exc))
            lines.replay_after_first()
            reader = csv.reader(lines, delimiter=delim, strict=True)
            continue
        if not row or (len(row) == 1 and not row[0].strip() and len(header) > 1):
            continue  # a blank line
        span = len(lines.taken)
        if len(row) > len(header) or (len(row) < len(header) and (span > 1 or strict)):
            yield InputError(f"{name}:{lines.start()}",
                             f"row has {len(row)} field(s), the header has {len(header)} "
                             "(a stray quote or an unquoted delimiter?)")
            if span > 1:
                lines.replay_after_first()
                reader = csv.reader(lines, delimiter=delim, strict=True)
            continue
        fields = {f: (row[i] if i < len(row) else "") for f, i in index.items()}
        fields = {f: (v if f == "text" else v.strip()) or None for f, v in fields.items()}
        yield Raw(f"{name}:{lines.start()}", fields)


def _broken_reason(exc: Exception, span: int) -> str:
    msg = str(exc)
    if "field larger than field limit" in msg:
        return "field over the size cap; raise --max-chars"
    if span > 1 or "unexpected end of data" in msg or "expected after" in msg:
        return (f"broken quote: a quoted field opened on this line does not close properly "
                f"({msg}); the row was skipped and reading went on with the next line")
    return f"malformed CSV row ({msg})"


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
