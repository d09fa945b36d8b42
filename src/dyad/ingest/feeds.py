"""RSS and Atom feeds (feedparser): one article per entry, with its title and date.

A feed read from a file is coded from the text it carries (``content:encoded``, Atom
``content``, else the summary). A feed fetched from the web has its linked pages fetched too
(timeout, size cap, polite user agent) and read as HTML, falling back on the entry's own title
and date. Feeds that declare XML entities are refused before parsing: entity expansion is how an
"XML bomb" (billion laughs) turns a few kilobytes into gigabytes.
"""
from __future__ import annotations

import calendar
import codecs
import datetime as dt
import re
from pathlib import Path
from typing import Iterator

from dyad.ingest.records import InputError, Limits, Raw, build
from dyad.ingest.html import parse_html
from dyad.ingest.web import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, USER_AGENT, Fetched, fetch
from dyad.record import Article

FEED_SUFFIXES = (".rss", ".atom", ".xml", ".rdf")
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)\b", re.I)
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']*)["']""")
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")
_BLOCK = re.compile(r"(?i)<\s*(br|/p|/div|/h[1-6]|/li|/blockquote)\b[^>]*>")


def looks_like_feed(data: bytes) -> bool:
    return bool(_FEED_ROOT.search(data[:4096]))


def unsafe_xml(data: bytes) -> str | None:
    """Why this XML must not be parsed, or None. Any entity declaration is refused (feeds do not
    need them); defusedxml double-checks encodings the byte scan could miss."""
    declared = _XML_ENCODING.match(data[:1024])
    if declared:
        name = declared.group(1).decode("ascii", "replace")
        try:
            codecs.lookup(name)
        except LookupError:
            return (f"the XML declaration names an unknown encoding '{name}'; the feed was not "
                    "parsed (use encoding=\"utf-8\")")
    if _ENTITY_DECL.search(data):
        return ("XML entity declarations are not allowed (a possible 'XML bomb' / billion laughs); "
                "the feed was not parsed")
    from xml.etree.ElementTree import ParseError

    import defusedxml
    import defusedxml.ElementTree as safe_et

    try:
        safe_et.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException as exc:
        return f"unsafe XML refused ({exc}); the feed was not parsed"
    except (ParseError, ValueError):
        pass  # not well-formed: feedparser's lenient parser may still read it
    return None


def _char_ref(m: re.Match) -> bytes:
    code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    return m.group(0) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else b"&#xFFFD;"


def fix_char_refs(data: bytes) -> bytes:
    """Character references to no character (a surrogate such as ``&#xD800;``, zero, or past
    U+10FFFF) become U+FFFD, as HTML5 parsers do; left alone they crash feedparser."""
    return _CHAR_REF.sub(_char_ref, data) if b"&#" in data else data


def html_to_text(fragment: str) -> str:
    """Text of an HTML fragment from a feed entry, with paragraph breaks kept as newlines."""
    import lxml.html

    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml.html.fromstring(_BLOCK.sub(lambda m: m.group(0) + "\n", fragment))
    except Exception:  # noqa: BLE001 — lxml raises ParserError/ValueError on empty or odd input
        return ""
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _entry_date(entry) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return dt.datetime.fromtimestamp(calendar.timegm(value), dt.timezone.utc).date()
    return None


def _entry_text(entry) -> str:
    for block in entry.get("content") or ():
        text = html_to_text(block.get("value") or "")
        if text:
            return text
    return html_to_text(entry.get("summary") or entry.get("description") or "")


def parse_feed(data: bytes, where: str, fetch_links: bool = False,
               published: dt.date | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
               max_chars: int = 1_000_000, timeout: float = DEFAULT_TIMEOUT,
               user_agent: str = USER_AGENT, allow_private: bool = False
               ) -> Iterator[Article | InputError]:
    import feedparser

    if len(data) > max_bytes:
        yield InputError(where, f"feed is {len(data):,} bytes, over the size cap of {max_bytes:,}; "
                                "raise --max-bytes")
        return
    reason = unsafe_xml(data)
    if reason:
        yield InputError(where, reason)
        return
    parsed = feedparser.parse(fix_char_refs(data), sanitize_html=False, resolve_relative_uris=False)
    entries = parsed.get("entries") or []
    if not entries:
        cause = parsed.get("bozo_exception")
        yield InputError(where, "not an RSS or Atom feed, or a feed with no entries"
                                + (f" ({cause})" if cause else ""))
        return
    outlet = (parsed.get("feed") or {}).get("title")
    for n, entry in enumerate(entries, start=1):
        link = entry.get("link")
        title = entry.get("title")
        date = _entry_date(entry) or published
        here = f"{where} entry {n}" + (f" ({link})" if link else "")
        if fetch_links and link:
            got = fetch(link, timeout, max_bytes, user_agent, public_only=not allow_private)
            if not isinstance(got, Fetched):
                yield InputError(here, got)
                continue
            yield parse_html(got.data, here, url=got.url, published=date, max_bytes=max_bytes,
                             title=title, outlet=outlet)
            continue
        text = _entry_text(entry)
        if not text.strip():
            yield InputError(here, "entry has no text (no content or summary)")
            continue
        yield build(Raw(here, {"text": text, "published": date, "title": title, "url": link,
                               "outlet": outlet}, id_from_url=True), Limits(max_chars=max_chars))


def read_feed_file(path: Path, published: dt.date | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                   max_chars: int = 1_000_000) -> Iterator[Article | InputError]:
    size = path.stat().st_size
    if size > max_bytes:
        yield InputError(str(path), f"file is {size:,} bytes, over the size cap of {max_bytes:,}; "
                                    "raise --max-bytes")
        return
    yield from parse_feed(path.read_bytes(), str(path), fetch_links=False, published=published,
                          max_bytes=max_bytes, max_chars=max_chars)
