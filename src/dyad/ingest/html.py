"""HTML pages: main text without boilerplate, title, publication date, outlet and canonical URL,
read with trafilatura. The id comes from the canonical URL when the page has one."""
from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Iterator

from dyad.dates import parse_published
from dyad.ingest.records import DEFAULT_MAX_CHARS, InputError, Limits, Raw, build
from dyad.ingest.web import DEFAULT_MAX_BYTES, outlet_of
from dyad.record import Article

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_MARKUP = (b"<html", b"<!doctype", b"<body", b"<head", b"<p", b"<div", b"<article", b"<title")

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # reasons go in our errors instead
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def looks_like_html(data: bytes) -> bool:
    head = data[:4096].lstrip().lower()
    return any(tag in head for tag in _MARKUP)


def parse_html(data: bytes | str, where: str, url: str | None = None,
               published: dt.date | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
               title: str | None = None, outlet: str | None = None,
               max_chars: int = DEFAULT_MAX_CHARS) -> Article | InputError:
    """One page to one article. ``url`` is where it came from (the canonical link in the page wins);
    ``published``, ``title`` and ``outlet`` are fallbacks when the page does not say."""
    import trafilatura

    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > max_bytes:
        return InputError(where, f"page is {len(raw):,} bytes, over the size cap of {max_bytes:,}; "
                                 "raise --max-bytes")
    if not raw.strip():
        return InputError(where, "empty page")
    if b"\x00" in raw[:65536] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return InputError(where, "binary content (NUL bytes); expected an HTML page")
    if not looks_like_html(raw):
        return InputError(where, "malformed HTML: no <html>, <body> or text elements found")
    try:
        doc = trafilatura.bare_extraction(raw, url=url, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_precision=True)
    except Exception as exc:  # noqa: BLE001 — lxml/trafilatura raise many types on broken markup
        return InputError(where, f"malformed HTML: {type(exc).__name__}: {exc}")
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        return InputError(where, "malformed HTML or no article text: nothing left after removing "
                                 "navigation and boilerplate")
    canonical = getattr(doc, "url", None) or url
    date = _date(getattr(doc, "date", None)) or published
    fields = {"text": text, "published": date, "url": canonical,
              "title": getattr(doc, "title", None) or title,
              "outlet": getattr(doc, "sitename", None) or outlet or outlet_of(canonical)}
    return build(Raw(where, fields, id_from_url=True), Limits(max_chars=max_chars))


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return parse_published(value)
    except ValueError:
        return None


def read_html_file(path: Path, published: dt.date | None = None,
                   max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | InputError]:
    where = str(path)
    size = path.stat().st_size
    if size > max_bytes:
        yield InputError(where, f"file is {size:,} bytes, over the size cap of {max_bytes:,}; "
                                "raise --max-bytes")
        return
    yield parse_html(path.read_bytes(), where, published=published, max_bytes=max_bytes)
