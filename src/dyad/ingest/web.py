"""Stable ids from URLs, and polite fetching of pages and feeds (timeout, size cap, user agent).

Only ``fetch`` touches the network, and only for inputs the user named as URLs (or the pages a
web feed links to). Every failure comes back as a reason string, never an exception.

Containment: only ``http``/``https`` is fetched (a feed's ``file:`` link is refused, as is a
redirect to one); the pages a feed links to — and every redirect — must resolve to public
addresses (no loopback, private, link-local, reserved or multicast ones) unless
``allow_private`` is set (``--allow-private``, for testing against a local server); and
``timeout`` bounds the whole download, not each read, so a server that drips one byte at a
time is cut off.

DNS rebinding: a host is resolved once per connection (``resolve``), its addresses vetted, and
the socket opened to a vetted address — never to whatever a second lookup returns. The URL's
host name stays in the ``Host`` header and, for https, in SNI and the certificate check.
Proxies from the environment (``http_proxy``, ``HTTPS_PROXY``) are not used: a proxy would
resolve the host itself, out of reach of the vetting.
"""
from __future__ import annotations

import functools
import hashlib
import http.client
import ipaddress
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from dyad import __version__
from dyad.errors import DyadError

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


class Refused(DyadError):
    """A URL dyad will not fetch; the message says why."""


def resolve(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to, in the resolver's order: the one DNS lookup of a
    connection."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def vetted_addresses(host: str, port: int, public_only: bool) -> list[str]:
    """``host``'s addresses; with ``public_only``, ``Refused`` unless every one is public. An
    unresolvable host is an ``OSError`` saying so."""
    try:
        addresses = resolve(host, port)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise OSError(f"cannot resolve {host} ({exc})") from None
    if not addresses:
        raise OSError(f"cannot resolve {host} (no address)")
    for text in addresses if public_only else ():
        addr = ipaddress.ip_address(text.split("%")[0])
        if not addr.is_global or addr.is_multicast:
            raise Refused(f"refused: {host} is {addr}, not a public address (loopback, private "
                          "or link-local); pass --allow-private to fetch it")
    return addresses


def refusal(url: str, public_only: bool) -> str | None:
    """Why ``url`` must not be fetched, or None: not http(s), or (with ``public_only``) a host
    that resolves to a non-public address."""
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https"):
        return (f"refused: only http and https URLs are fetched, not "
                f"'{parts.scheme or 'no scheme'}:'")
    host = parts.hostname
    if not host:
        return "refused: the URL has no host"
    if not public_only:
        return None
    try:
        vetted_addresses(host, parts.port or 80, public_only)
    except Refused as exc:
        return str(exc)
    except OSError as exc:
        return f"unreachable: {exc}"
    return None


def _open_socket(host: str, port: int, timeout, source_address, public_only: bool) -> socket.socket:
    """A socket to one of ``host``'s vetted addresses (tried in order)."""
    error: OSError | None = None
    for address in vetted_addresses(host, port, public_only):
        try:
            return socket.create_connection((address, port), timeout, source_address)
        except OSError as exc:
            error = exc
    raise error  # type: ignore[misc]  # vetted_addresses returns at least one


class _PinnedHTTP(http.client.HTTPConnection):
    """Connects to the address vetted for its host (see ``vetted_addresses``)."""

    def __init__(self, *args, public_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.public_only = public_only

    def connect(self) -> None:
        self.sock = _open_socket(self.host, self.port, self.timeout, self.source_address,
                                 self.public_only)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """The same for https; SNI and the certificate check use the host name."""

    def __init__(self, *args, public_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.public_only = public_only

    def connect(self) -> None:
        sock = _open_socket(self.host, self.port, self.timeout, self.source_address,
                            self.public_only)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _PinnedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, public_only: bool):
        super().__init__()
        self.public_only = public_only

    def http_open(self, req):
        return self.do_open(functools.partial(_PinnedHTTP, public_only=self.public_only), req)


class _PinnedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, public_only: bool):
        super().__init__(context=ssl.create_default_context())
        self.public_only = public_only

    def https_open(self, req):
        return self.do_open(functools.partial(_PinnedHTTPS, public_only=self.public_only), req,
                            context=self._context)


def opener(public_only: bool) -> urllib.request.OpenerDirector:
    """urllib's opener with vetted, pinned connections, checked redirects and no proxies."""
    return urllib.request.build_opener(urllib.request.ProxyHandler({}),
                                       _PinnedHTTPHandler(public_only),
                                       _PinnedHTTPSHandler(public_only),
                                       _CheckedRedirects(public_only))


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, public_only: bool):
        self.public_only = public_only

    def http_error_302(self, req, fp, code, msg, headers):
        target = headers.get("location") or headers.get("uri")
        if target:
            newurl = urllib.parse.urljoin(req.full_url, target)
            reason = refusal(newurl, self.public_only)
            if reason:
                raise Refused(f"redirect to {newurl} {reason}")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        reason = refusal(newurl, self.public_only)
        if reason:
            raise Refused(f"redirect to {newurl} {reason}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES,
          user_agent: str = USER_AGENT, public_only: bool = False) -> Fetched | str:
    """GET ``url``; the body, or a reason why not (refused, unreachable, HTTP error, over the
    size cap, over ``timeout`` seconds in all). ``public_only``: refuse non-public addresses."""
    reason = refusal(url, public_only=False)  # the scheme; the connection vets the addresses
    if reason:
        return reason
    request = urllib.request.Request(url, headers={"User-Agent": user_agent,
                                                   "Accept": "text/html,application/xhtml+xml,"
                                                             "application/rss+xml,application/atom+xml,"
                                                             "application/xml;q=0.9,*/*;q=0.5"})
    deadline = time.monotonic() + timeout
    try:
        with opener(public_only).open(request, timeout=timeout) as resp:
            length = resp.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                return f"page is {int(length):,} bytes, over the size cap of {max_bytes:,} (--max-bytes)"
            data = _read_until(resp, max_bytes, deadline)
            if data is None:
                return f"timed out after {timeout:g} s (the whole download is bounded by --timeout)"
            if len(data) > max_bytes:
                return f"page is over the size cap of {max_bytes:,} bytes (--max-bytes)"
            return Fetched(resp.geturl(), data, resp.headers.get("Content-Type", ""))
    except Refused as exc:
        return str(exc)
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code} {exc.reason}"
    except urllib.error.URLError as exc:
        return f"unreachable: {exc.reason}"
    except TimeoutError:
        return f"timed out after {timeout:g} s"
    except (OSError, ValueError, http.client.HTTPException) as exc:
        return f"could not fetch: {exc}"


def _read_until(resp, max_bytes: int, deadline: float) -> bytes | None:
    """Up to ``max_bytes + 1`` bytes of the body, or None once ``deadline`` has passed."""
    chunks, size = [], 0
    while size <= max_bytes:
        if time.monotonic() > deadline:
            return None
        chunk = resp.read1(min(65536, max_bytes + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)
