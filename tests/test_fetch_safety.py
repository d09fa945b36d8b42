"""Fetching is contained: http(s) only, feed links and redirects to public addresses only
(unless --allow-private), and --timeout bounds the whole download. Servers are in-process on
127.0.0.1."""
import http.server
import threading
import time

import pytest

from dyad.ingest.folders import IngestOptions, read_sources
from dyad.ingest.records import InputError
from dyad.ingest.web import fetch, refusal

PAGE = (b"<html><head><title>Talks</title></head><body><article><p>Japan praised India for its "
        b"support during the floods, the ministry said on Monday.</p><p>India thanked Japan for "
        b"the aid and said the two countries would meet again.</p></article></body></html>")


def _rss(links):
    items = "".join(f"<item><title>t{n}</title><link>{link}</link><description>Iran accused "
                    f"Israel.</description></item>" for n, link in enumerate(links))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>{items}</channel></rss>'.encode()


@pytest.fixture
def site():
    routes = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            route = routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            route(self)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", routes
    server.shutdown()
    server.server_close()


def _send(body, ctype="text/html"):
    def route(h):
        h.send_response(200)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)
    return route


@pytest.mark.parametrize("url, says", [
    ("file:///etc/passwd", "only http and https"), ("file:/etc/passwd", "only http and https"),
    ("file://localhost/etc/passwd", "only http and https"), ("ftp://x.org/a", "only http"),
    ("http://127.0.0.1/a", "not a public address"), ("http://localhost:8080/", "not a public"),
    ("http://10.1.2.3/", "not a public"), ("http://169.254.169.254/latest/meta-data", "not a public"),
    ("http://[::1]/", "not a public"), ("http://192.168.0.1/", "not a public"),
])
def test_refused_targets(url, says):
    assert says in refusal(url, public_only=True)


def test_feed_links_to_files_and_private_addresses_are_refused(site, tmp_path):
    base, routes = site
    secret = tmp_path / "secret.txt"
    secret.write_text("Iran accused Israel of stealing this secret file.")
    links = [f"file://{secret}", f"file:{secret}", f"file://localhost{secret}", f"{base}/page"]
    routes["/feed.rss"] = _send(_rss(links), "application/rss+xml")
    routes["/page"] = _send(PAGE)
    got = list(read_sources([f"{base}/feed.rss"], IngestOptions(timeout=5)))
    assert all(isinstance(g, InputError) and "refused" in g.message for g in got)
    assert "not a public address" in got[3].message and "--allow-private" in got[3].message
    allowed = list(read_sources([f"{base}/feed.rss"], IngestOptions(timeout=5, allow_private=True)))
    assert [isinstance(g, InputError) for g in allowed] == [True, True, True, False]
    assert all("secret" not in getattr(g, "text", "") for g in allowed)


def test_redirect_to_a_file_or_private_address_is_refused(site):
    base, routes = site

    def to(target):
        def route(h):
            h.send_response(302)
            h.send_header("Location", target)
            h.end_headers()
        return route

    routes["/to-file"] = to("file:///etc/passwd")
    routes["/to-local"] = to(f"{base}/page")
    routes["/page"] = _send(PAGE)
    assert "refused" in fetch(f"{base}/to-file", 5)
    got = fetch(f"{base}/to-local", 5)  # a URL the user named may be local
    assert not isinstance(got, str) and got.url == f"{base}/page"
    assert "refused" in fetch(f"{base}/to-local", 5, public_only=True)


def test_timeout_bounds_the_whole_download(site):
    base, routes = site

    def drip(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "100")
        h.end_headers()
        try:
            for _ in range(100):
                h.wfile.write(b"x")
                h.wfile.flush()
                time.sleep(0.25)
        except OSError:
            pass

    routes["/drip"] = drip
    start = time.monotonic()
    got = fetch(f"{base}/drip", timeout=1.0)
    took = time.monotonic() - start
    assert isinstance(got, str) and "timed out" in got and took < 3
