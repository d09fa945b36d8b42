"""WARC and WARC.gz archives (warcio): the HTTP response records that carry HTML pages, as in
Common Crawl News. Each page is read as HTML; its URL is the record's target URI, and the
record's date stands in when the page gives no publication date. A truncated or corrupt archive
yields the pages before the damage, then one error saying where it stopped."""
from __future__ import annotations

import datetime as dt
import gzip
import zlib
from pathlib import Path
from typing import Iterator

from dyad.ingest.files import InputError
from dyad.ingest.html import parse_html
from dyad.ingest.web import DEFAULT_MAX_BYTES
from dyad.record import Article

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


def is_warc_name(name: str) -> bool:
    return name.lower().endswith(WARC_SUFFIXES)


def _record_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def read_warc(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | InputError]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    where = str(path)
    pages = records = 0
    try:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                records += 1
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                ctype = (record.http_headers.get_header("Content-Type") or "").lower()
                status = record.http_headers.get_statuscode()
                if "html" not in ctype or (status and not status.startswith("2")):
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI")
                here = f"{where} record {uri or '?'}"
                body = record.content_stream().read(max_bytes + 1)
                pages += 1
                if len(body) > max_bytes:
                    yield InputError(here, f"page is over the size cap of {max_bytes:,} bytes; "
                                           "raise --max-bytes")
                    continue
                if _cut_short(record):
                    yield InputError(where, f"truncated WARC: record {uri or '?'} ends early "
                                            f"(after {pages - 1} complete page(s))")
                    return
                yield parse_html(body, here, url=uri, max_bytes=max_bytes,
                                 published=_record_date(record.rec_headers.get_header("WARC-Date")))
        if pages == 0:
            yield InputError(where, f"no HTML response records among {records} record(s): not a "
                                    "WARC archive, or one without HTML pages")
            return
        gzip_problem = _gzip_damage(path)
        if gzip_problem:
            yield InputError(where, f"truncated or corrupt gzip after {pages} page(s): {gzip_problem}")
    except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError) as exc:
        yield InputError(where, f"truncated or corrupt WARC after {pages} page(s): "
                                f"{type(exc).__name__}: {exc}".rstrip(": "))
    except Exception as exc:  # noqa: BLE001 — warcio trips over damaged headers with AttributeError etc.

        yield InputError(where, f"truncated or corrupt WARC after {pages} page(s): "
                                f"{type(exc).__name__}: {exc}".rstrip(": "))


def _cut_short(record) -> bool:
    """True when the archive ended before the record's declared Content-Length."""
    stream = record.raw_stream
    stream.read()  # drain what is left of the payload (already capped by Content-Length)
    return getattr(stream, "limit", 0) > 0


def _gzip_damage(path: Path) -> str | None:
    """warcio stops quietly at a truncated gzip member; the gzip module does not."""
    with path.open("rb") as fh:
        if fh.read(2) != b"\x1f\x8b":
            return None
    try:
        with gzip.open(path, "rb") as gz:
            while gz.read(1 << 20):
                pass
    except (EOFError, OSError, zlib.error) as exc:
        return str(exc) or type(exc).__name__
    return None
