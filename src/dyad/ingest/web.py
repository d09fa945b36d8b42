"""Stable ids from URLs, and polite fetching of pages and feeds (timeout, size cap, user agent).

Only ``fetch`` touches the network, and only for inputs the user named as URLs (or the pages a
web feed links to). Every failure comes back as a reason string, never an exception.
"""
from __future__ import annotations

import hashlib
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from dyad import __version__

USER_AGENT = f"dyad/{__version__} (political event coder; +https://pypi.org/project/dyad/)"
DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 5_000_000
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def normalise_url(url: str) -> str:
    """Scheme and host lower-cased, default port, fragment and tracking parameters dropped,
    trailing slash removed: the same page gets the same string."""
    parts = urllib.parse.urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.port and not ((parts.scheme == "http" and parts.port == 80)
                           or (parts.scheme == "https" and parts.port == 443)):
        host = f"{host}:{parts.port}"
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(_TRACKING)]
    path = parts.path.rstrip("/") or "/"
    return urllib.parse.urlunsplit((parts.scheme.lower(), host, path,
                                    urllib.parse.urlencode(query), ""))


def url_id(url: str) -> str:
    """A stable article id from its (canonical) URL."""
    return "url:" + hashlib.sha1(normalise_url(url).encode("utf-8")).hexdigest()[:16]


def outlet_of(url: str | None) -> str | None:
    """The host name without ``www.``, as the outlet of last resort."""
    if not url:
        return None
    host = (urllib.parse.urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else (host or None)


@dataclass(frozen=True)
class Fetched:
    url: str            # final URL after redirects
    data: bytes
    content_type: str


def fetch(url: str, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES,
          user_agent: str = USER_AGENT) -> Fetched | str:
    """GET ``url``; the body, or a reason why not (unreachable, HTTP error, over the size cap)."""
    request = urllib.request.Request(url, headers={"User-Agent": user_agent,
                                                   "Accept": "text/html,application/xhtml+xml,"
                                                             "application/rss+xml,application/atom+xml,"
                                                             "application/xml;q=0.9,*/*;q=0.5"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:  # noqa: S310 (http/https only)
            length = resp.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                return f"page is {int(length):,} bytes, over the size cap of {max_bytes:,} (--max-bytes)"
            data = resp.read(max_bytes + 1)
            if len(data) > max_bytes:
                return f"page is over the size cap of {max_bytes:,} bytes (--max-bytes)"
            return Fetched(resp.geturl(), data, resp.headers.get("Content-Type", ""))
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code} {exc.reason}"
    except urllib.error.URLError as exc:
        return f"unreachable: {exc.reason}"
    except TimeoutError:
        return f"timed out after {timeout:g} s"
    except (OSError, ValueError) as exc:
        return f"could not fetch: {exc}"
