"""One entry point for every kind of input ``dyad ingest`` takes: files, folders (recursive,
with glob filters) and URLs. Each is sent to the reader for its format — text, JSONL, CSV, HTML,
RSS/Atom, WARC — chosen by suffix, else by sniffing the first bytes. Everything yields
``Article | InputError``; nothing raises for one bad document."""
from __future__ import annotations

import dataclasses
import datetime as dt
import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from dyad.ingest.feeds import FEED_SUFFIXES, looks_like_feed, parse_feed, read_feed_file
from dyad.ingest.files import (CSV_SUFFIXES, DEFAULT_MAX_CHARS, JSONL_SUFFIXES, InputError,
                               read_csv, read_path, text_id)
from dyad.ingest.html import HTML_SUFFIXES, looks_like_html, parse_html, read_html_file
from dyad.ingest.warc import is_warc_name, read_warc
from dyad.ingest.web import (DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, USER_AGENT, Fetched, fetch,
                             is_url)
from dyad.record import Article

TEXT_SUFFIXES = (".txt", ".text", ".md")
KNOWN_SUFFIXES = TEXT_SUFFIXES + JSONL_SUFFIXES + CSV_SUFFIXES + HTML_SUFFIXES + FEED_SUFFIXES


@dataclass(frozen=True)
class IngestOptions:
    """What the readers need to know; shared by ``dyad ingest`` and ``dyad.store.ingest``."""

    globs: tuple[str, ...] = ()           # folder filters, e.g. ("*.html", "2019/**")
    published: dt.date | None = None      # default publication date for plain text
    max_bytes: int = DEFAULT_MAX_BYTES    # cap per document file or fetched page
    max_chars: int = DEFAULT_MAX_CHARS    # cap per article text
    timeout: float = DEFAULT_TIMEOUT      # per web request
    user_agent: str = USER_AGENT
    columns: dict[str, str] = field(default_factory=dict)  # CSV column mapping
    allow_private: bool = False           # fetch feed links to loopback/private addresses
    follow_symlinks: bool = False         # in folders, read what symbolic links point to


def read_sources(sources: Iterable[str], options: IngestOptions = IngestOptions()
                 ) -> Iterator[Article | InputError]:
    for source in sources:
        if is_url(source):
            yield from read_url(source, options)
            continue
        path = Path(source)
        if source == "-":
            yield from read_path("-", options.published, options.max_chars)
        elif path.is_dir():
            yield from read_folder(path, options)
        elif path.exists():
            yield from read_file(path, options)
        else:
            yield InputError(source, "no such file or folder (URLs start with http:// or https://)")


def folder_files(root: Path, globs: tuple[str, ...] = (), follow_symlinks: bool = False
                 ) -> Iterator[Path]:
    """Files under ``root`` in a stable order, hidden ones skipped; with ``globs``, those whose
    name or path relative to ``root`` matches one, else those with a known suffix. Links to
    folders are entered only with ``follow_symlinks``."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=follow_symlinks):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if globs:
                if any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(rel, g) for g in globs):
                    yield path
            elif name.lower().endswith(KNOWN_SUFFIXES) or is_warc_name(name):
                yield path


def read_folder(root: Path, options: IngestOptions) -> Iterator[Article | InputError]:
    for path in folder_files(root, options.globs, options.follow_symlinks):
        if path.is_symlink() and not options.follow_symlinks:
            yield InputError(str(path), "symbolic link not followed (it may point outside the "
                                        "folder); pass --follow-symlinks to read it")
            continue
        yield from read_file(path, options)


def _kind(path: Path) -> str:
    name = path.name.lower()
    if is_warc_name(name):
        return "warc"
    for kind, suffixes in (("jsonl", JSONL_SUFFIXES), ("csv", CSV_SUFFIXES), ("html", HTML_SUFFIXES),
                           ("feed", FEED_SUFFIXES), ("text", TEXT_SUFFIXES)):
        if name.endswith(suffixes):
            return kind
    with path.open("rb") as fh:
        head = fh.read(4096)
    if head.startswith(b"WARC/") or head.startswith(b"\x1f\x8b"):
        return "warc"
    if looks_like_feed(head):
        return "feed"
    if looks_like_html(head):
        return "html"
    if head.lstrip().startswith(b"{"):
        return "jsonl"
    return "text"


def read_file(path: Path, options: IngestOptions) -> Iterator[Article | InputError]:
    try:
        kind = _kind(path)
        if kind == "warc":
            yield from read_warc(path, options.max_bytes)
        elif kind == "jsonl":
            yield from read_path(str(path), options.published, options.max_chars, "jsonl")
        elif kind == "csv":
            with path.open("rb") as fh:
                yield from read_csv(fh, str(path), options.published, options.max_chars,
                                    options.columns)
        elif kind == "html":
            yield from read_html_file(path, options.published, options.max_bytes)
        elif kind == "feed":
            yield from read_feed_file(path, options.published, options.max_bytes, options.max_chars)
        else:
            yield from _read_text(path, options)
    except OSError as exc:
        yield InputError(str(path), f"could not read: {exc.strerror or exc}")


def _read_text(path: Path, options: IngestOptions) -> Iterator[Article | InputError]:
    size = path.stat().st_size
    if size > options.max_bytes:
        yield InputError(str(path), f"file is {size:,} bytes, over the size cap of "
                                    f"{options.max_bytes:,}; raise --max-bytes")
        return
    for item in read_path(str(path), options.published, options.max_chars, "text"):
        # a plain text has no URL: its id comes from its normalised text, so a copy under
        # another name is the same article
        yield dataclasses.replace(item, id=text_id(item.text)) if isinstance(item, Article) else item


def read_url(url: str, options: IngestOptions) -> Iterator[Article | InputError]:
    got = fetch(url, options.timeout, options.max_bytes, options.user_agent)
    if not isinstance(got, Fetched):
        yield InputError(url, got)
        return
    ctype = got.content_type.lower()
    if "rss" in ctype or "atom" in ctype or looks_like_feed(got.data):
        yield from parse_feed(got.data, url, fetch_links=True, published=options.published,
                              max_bytes=options.max_bytes, max_chars=options.max_chars,
                              timeout=options.timeout, user_agent=options.user_agent,
                              allow_private=options.allow_private)
    elif is_warc_name(url):
        yield InputError(url, "WARC archives are read from local files; download it first")
    else:
        yield parse_html(got.data, url, url=got.url, published=options.published,
                         max_bytes=options.max_bytes)
