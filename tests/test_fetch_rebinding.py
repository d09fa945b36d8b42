"""DNS rebinding and proxies: a fetched host is resolved once per connection and the socket
goes to the address that was vetted, whatever a later lookup says; the URL's host name stays in
the Host header (and SNI for https); proxies from the environment are not used. The resolver is
monkeypatched; the servers are in-process on 127.0.0.1."""
import http.server
import socket
import threading

import pytest

from dyad.ingest import web
from dyad.ingest.web import Fetched, fetch

PUBLIC = "93.184.215.14"  # a global address; nothing here connects to it
PAGE = b"<html><body><p>Japan praised India.</p></body></html>"


class Server:
    """A loopback HTTP server that records the requests it got (path, Host header)."""

    def __init__(self):
        self.requests = []
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                owner.requests.append((self.path, self.headers.get("Host")))
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(PAGE)))
                self.end_headers()
                self.wfile.write(PAGE)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    s = Server()
    yield s
    s.close()


@pytest.fixture
def dns(monkeypatch):
    """``answers[host]``: the list of answers, one per lookup (the last one repeats)."""
    answers, lookups = {}, []

    def resolve(host, port):
        lookups.append(host)
        seq = answers[host]
        return seq.pop(0) if len(seq) > 1 else seq[0]

    monkeypatch.setattr(web, "resolve", resolve)
    return answers, lookups


@pytest.fixture
def connects(monkeypatch):
    """Record every outgoing connection; only loopback ones are made."""
    made, real = [], socket.create_connection

    def create_connection(address, *args, **kwargs):
        made.append(address)
        if address[0] != "127.0.0.1":
            raise ConnectionRefusedError(111, "not in this test")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", create_connection)
    return made


def test_a_host_rebound_to_loopback_after_vetting_is_never_reached(server, dns, connects):
    answers, lookups = dns
    answers["rebind.test"] = [[PUBLIC], ["127.0.0.1"]]  # public when vetted, loopback after
    got = fetch(f"http://rebind.test:{server.port}/page", timeout=2, public_only=True)
    assert isinstance(got, str) and got.startswith("unreachable"), got
    assert server.requests == []
    assert connects == [(PUBLIC, server.port)] and lookups == ["rebind.test"]


def test_public_only_refuses_a_host_that_resolves_to_loopback(server, dns, connects):
    dns[0]["local.test"] = [["127.0.0.1"]]
    got = fetch(f"http://local.test:{server.port}/page", timeout=2, public_only=True)
    assert got.startswith("refused: local.test is 127.0.0.1") and "--allow-private" in got
    assert server.requests == [] and connects == []


def test_the_vetted_address_is_connected_with_the_host_name_kept(server, dns, connects):
    dns[0]["news.test"] = [["127.0.0.1"]]
    got = fetch(f"http://news.test:{server.port}/page", timeout=2)  # --allow-private
    assert isinstance(got, Fetched) and got.data == PAGE
    assert connects == [("127.0.0.1", server.port)]
    assert server.requests == [("/page", f"news.test:{server.port}")]


def test_proxies_from_the_environment_are_not_used(server, monkeypatch):
    proxy = Server()
    try:
        for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"):
            monkeypatch.setenv(name, f"http://127.0.0.1:{proxy.port}")
        for name in ("no_proxy", "NO_PROXY"):
            monkeypatch.delenv(name, raising=False)
        got = fetch(f"http://127.0.0.1:{server.port}/page", timeout=2)
        assert isinstance(got, Fetched) and got.data == PAGE
        assert proxy.requests == [] and server.requests == [("/page", f"127.0.0.1:{server.port}")]
    finally:
        proxy.close()


def test_https_connects_to_the_vetted_address_with_the_host_name_for_sni(server, dns):
    dns[0]["secure.test"] = [["127.0.0.1"]]
    wrapped = []

    class Context:  # records what TLS would be told, and leaves the socket plain
        verify_mode = None
        check_hostname = True

        def wrap_socket(self, sock, server_hostname=None):
            wrapped.append((sock.getpeername(), server_hostname))
            return sock

    conn = web._PinnedHTTPS("secure.test", server.port, timeout=2, context=Context())
    try:
        conn.connect()
    finally:
        conn.close()
    assert wrapped == [(("127.0.0.1", server.port), "secure.test")]
