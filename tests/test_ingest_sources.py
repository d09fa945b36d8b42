"""Readers for real sources — HTML, RSS/Atom, WARC, CSV, folders, URLs — and their bad inputs.
Every fixture is built here from the project's own example text; nothing touches the network
(web tests use a server on 127.0.0.1)."""
import datetime as dt
import gzip
import http.server
import io
import socket
import threading
from pathlib import Path

import pytest

from dyad.ingest.feeds import parse_feed
from dyad.ingest.files import InputError, read_csv
from dyad.ingest.folders import IngestOptions, folder_files, read_sources
from dyad.ingest.html import parse_html
from dyad.ingest.warc import read_warc
from dyad.ingest.web import normalise_url, url_id

ROOT = Path(__file__).resolve().parent.parent
WIRE = (ROOT / "examples" / "wire_report.txt").read_text(encoding="utf-8")
TITLE, BODY = WIRE.split("\n", 1)
PARAS = [p.strip() for p in BODY.split("\n\n") if p.strip()]


def page(title=TITLE, date="2023-10-10", url="https://news.example.org/2023/10/10/hotline",
         site="Example Wire", paras=PARAS) -> str:
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (f"<!DOCTYPE html><html><head><title>{title} | {site}</title>"
            f'<link rel="canonical" href="{url}"/>'
            f'<meta property="og:site_name" content="{site}"/>'
            f'<meta property="article:published_time" content="{date}T09:30:00Z"/></head>'
            f"<body><nav><a href='/'>Home</a> | <a href='/world'>World</a> | Sport</nav>"
            f"<article><h1>{title}</h1>{body}</article>"
            f"<footer>Copyright 2023 {site}. All rights reserved. Cookie settings.</footer></body></html>")


def rss(items, title="Example Wire") -> str:
    out = [f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
           f'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>{title}</title>'
           "<link>https://news.example.org/</link><description>World news</description>"]
    for it in items:
        out.append(f"<item><title>{it['title']}</title><link>{it['link']}</link>"
                   f"<pubDate>{it['date']}</pubDate>")
        if "content" in it:
            out.append(f"<content:encoded><![CDATA[{it['content']}]]></content:encoded>")
        out.append(f"<description>{it.get('summary', '')}</description></item>")
    out.append("</channel></rss>")
    return "".join(out)


def warc_gz(path: Path, pages: list[tuple[str, str]], gz=True) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for url, html in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response",
                                                          payload=io.BytesIO(html.encode()),
                                                          http_headers=headers))
            # a request record and a non-HTML response, which must be skipped
        headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://news.example.org/logo.png", "response",
                                                      payload=io.BytesIO(b"\x89PNG...."),
                                                      http_headers=headers))
    return path


# --- ids -----------------------------------------------------------------------------------------
def test_url_ids_are_stable_across_trivial_url_differences():
    a = url_id("https://News.Example.org/a/b/?utm_source=x#top")
    assert a == url_id("https://news.example.org/a/b") == url_id("https://news.example.org:443/a/b/")
    assert a != url_id("https://news.example.org/a/c")
    assert normalise_url("HTTP://X.org/p?q=1&utm_medium=e") == "http://x.org/p?q=1"


# --- HTML ----------------------------------------------------------------------------------------
def test_html_page_gives_main_text_title_date_outlet_and_canonical_url():
    art = parse_html(page().encode(), "page.html")
    assert not isinstance(art, InputError), art
    assert art.title == TITLE
    assert art.published == dt.date(2023, 10, 10)
    assert art.outlet == "Example Wire"
    assert art.url == "https://news.example.org/2023/10/10/hotline"
    assert art.id == url_id(art.url)
    assert "Wang Yi met his Japanese counterpart" in art.text
    assert "Cookie settings" not in art.text and "Sport" not in art.text


def test_html_without_canonical_url_gets_text_id():
    html = page().replace('<link rel="canonical" href="https://news.example.org/2023/10/10/hotline"/>', "")
    art = parse_html(html.encode(), "page.html")
    assert art.id.startswith("sha1:") and art.url is None


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"\x00\x01\x02binary\x00", "binary"),
    (b"just some words with no markup at all", "malformed HTML"),
    (b"<html><head><title>x</title></head><body><nav></nav><div><<<>>><p></p></div>", "malformed HTML"),
])
def test_bad_html_is_one_error_with_a_reason(data, reason):
    got = parse_html(data, "bad.html")
    assert isinstance(got, InputError) and reason in got.message


def test_html_over_the_size_cap():
    got = parse_html(page().encode(), "big.html", max_bytes=1000)
    assert isinstance(got, InputError) and "size cap" in got.message


# --- feeds ---------------------------------------------------------------------------------------
ITEMS = [
    {"title": "China and Japan restore hotline", "link": "https://news.example.org/hotline",
     "date": "Tue, 10 Oct 2023 08:00:00 GMT", "content": "".join(f"<p>{p}</p>" for p in PARAS[:3])},
    {"title": "Kim vows invincible military", "link": "https://news.example.org/kim",
     "date": "Tue, 12 Oct 2021 06:30:00 +0000",
     "summary": "&lt;p&gt;North Korea accused the United States of hostility on Monday.&lt;/p&gt;"},
]


def test_rss_entries_with_titles_and_dates():
    arts = list(parse_feed(rss(ITEMS).encode(), "feed.rss"))
    assert [a.title for a in arts] == [i["title"] for i in ITEMS]
    assert [a.published for a in arts] == [dt.date(2023, 10, 10), dt.date(2021, 10, 12)]
    assert arts[0].outlet == "Example Wire" and arts[0].id == url_id(ITEMS[0]["link"])
    assert PARAS[1] in arts[0].text and "\n" in arts[0].text
    assert arts[1].text == "North Korea accused the United States of hostility on Monday."


def test_atom_feed():
    atom = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            "<title>Atom Wire</title><id>urn:x</id><updated>2023-10-10T00:00:00Z</updated>"
            '<entry><title>Hotline</title><link href="https://news.example.org/h"/><id>urn:1</id>'
            "<published>2023-10-09T10:00:00Z</published><updated>2023-10-10T00:00:00Z</updated>"
            f'<content type="html">&lt;p&gt;{PARAS[0]}&lt;/p&gt;</content></entry></feed>')
    (art,) = parse_feed(atom.encode(), "feed.atom")
    assert art.title == "Hotline" and art.published == dt.date(2023, 10, 9)
    assert art.outlet == "Atom Wire" and art.text == PARAS[0]


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title>
<description>&lol9;</description><link>https://x.org/a</link></item></channel></rss>"""


def test_xml_bomb_is_refused_not_expanded():
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    got = list(parse_feed(BOMB, "bomb.rss"))
    assert len(got) == 1 and isinstance(got[0], InputError)
    assert "XML bomb" in got[0].message
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KiB


def test_not_a_feed():
    (got,) = parse_feed(b"<html><body>hello</body></html>", "x.xml")
    assert isinstance(got, InputError) and "not an RSS or Atom feed" in got.message


# --- WARC ----------------------------------------------------------------------------------------
PAGES = [("https://news.example.org/2023/10/10/hotline", page()),
         ("https://news.example.org/2021/10/12/kim",
          page(title="Kim vows invincible military", date="2021-10-12",
               url="https://news.example.org/2021/10/12/kim",
               paras=["North Korean leader Kim Jong-un accused Washington of hostility on Monday.",
                      "He told Seoul that it was not the enemy."]))]


def test_warc_gz_html_responses_with_titles_and_dates(tmp_path):
    arts = list(read_warc(warc_gz(tmp_path / "news.warc.gz", PAGES)))
    assert [a.title for a in arts] == [TITLE, "Kim vows invincible military"]
    assert [a.published for a in arts] == [dt.date(2023, 10, 10), dt.date(2021, 10, 12)]
    assert arts[1].url == PAGES[1][0] and arts[1].id == url_id(PAGES[1][0])


@pytest.mark.parametrize("gz, cut", [(True, 0.6), (True, 0.98), (False, 0.9)])
def test_truncated_warc_keeps_earlier_pages_and_says_where_it_stopped(tmp_path, gz, cut):
    full = warc_gz(tmp_path / ("n.warc.gz" if gz else "n.warc"), PAGES + PAGES[:1], gz=gz)
    data = full.read_bytes()
    bad = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    bad.write_bytes(data[:int(len(data) * cut)])
    got = list(read_warc(bad))
    assert isinstance(got[-1], InputError) and "truncated" in got[-1].message
    assert all(not isinstance(a, InputError) for a in got[:-1])


# --- CSV -----------------------------------------------------------------------------------------
def test_csv_with_default_and_mapped_columns():
    data = ('guid,headline,body,pub_date\n'
            f'c1,Hotline,"{PARAS[0]}",2023-10-10\n'
            'c2,Empty,"  ",2023-10-10\n'
            'c3,Bad date,"Japan praised India.",someday\n').encode()
    got = list(read_csv(io.BytesIO(data), "a.csv", columns={"id": "guid", "title": "headline",
                                                            "text": "body", "published": "pub_date"}))
    assert got[0].id == "c1" and got[0].title == "Hotline" and got[0].published == dt.date(2023, 10, 10)
    assert isinstance(got[1], InputError) and "empty text" in got[1].message
    assert isinstance(got[2], InputError) and "unparseable" in got[2].message
    (only,) = read_csv(io.BytesIO(b"id,text,date\nx,Japan praised India.,2021-05-03\n"), "b.csv")
    assert only.id == "x" and only.published == dt.date(2021, 5, 3)
    (err,) = read_csv(io.BytesIO(b"a,b\n1,2\n"), "c.csv")
    assert isinstance(err, InputError) and "--columns text=" in err.message


# --- folders, bad files, URLs --------------------------------------------------------------------
def test_folder_recursive_with_globs_and_bad_files(tmp_path):
    (tmp_path / "2023" / "deep").mkdir(parents=True)
    (tmp_path / "2023" / "deep" / "page.html").write_text(page())
    (tmp_path / "feed.rss").write_text(rss(ITEMS))
    (tmp_path / "wire.txt").write_text(WIRE)
    (tmp_path / "latin1.txt").write_bytes("Le minist\xe8re a condamn\xe9 l'attaque.".encode("latin-1"))
    (tmp_path / "huge.txt").write_text("Iran accused Israel. " * 1000)
    (tmp_path / "bomb.rss").write_bytes(BOMB)
    (tmp_path / ".hidden.txt").write_text("not me")
    (tmp_path / "notes.bin").write_bytes(b"\x00\x01")
    warc_gz(tmp_path / "cc.warc.gz", PAGES)
    names = [p.relative_to(tmp_path).as_posix() for p in folder_files(tmp_path)]
    assert names == sorted(names, key=lambda n: (n.count("/") == 0, n)) or len(names) == 7
    assert ".hidden.txt" not in names and "notes.bin" not in names
    got = list(read_sources([str(tmp_path)], IngestOptions(max_bytes=10_000)))
    errors = {Path(e.where.split(" ")[0]).name: e.message for e in got if isinstance(e, InputError)}
    assert set(errors) == {"latin1.txt", "huge.txt", "bomb.rss"}
    assert "UTF-8" in errors["latin1.txt"] and "size cap" in errors["huge.txt"]
    titles = {a.title for a in got if not isinstance(a, InputError)}
    assert {TITLE, "Kim vows invincible military", ITEMS[0]["title"]} <= titles
    only_html = list(read_sources([str(tmp_path)], IngestOptions(globs=("*.html",))))
    assert [a.title for a in only_html] == [TITLE]
    by_path = list(read_sources([str(tmp_path)], IngestOptions(globs=("2023/**",))))
    assert len(by_path) == 1


def test_plain_text_id_comes_from_normalised_text(tmp_path):
    (tmp_path / "a.txt").write_text("Iran  accused Israel.\n")
    (tmp_path / "b.txt").write_text("iran accused   israel.")
    a, b = read_sources([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    assert a.id == b.id


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_url_is_one_error():
    (got,) = read_sources([f"http://127.0.0.1:{_closed_port()}/feed.rss"], IngestOptions(timeout=2))
    assert isinstance(got, InputError) and "unreachable" in got.message


@pytest.fixture
def local_site():
    """A web feed and its pages on 127.0.0.1 (one linked page is missing, one is too big)."""
    files: dict[str, tuple[bytes, str]] = {}
    seen_agents: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            seen_agents.append(self.headers.get("User-Agent", ""))
            body = files.get(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", body[1])
            self.send_header("Content-Length", str(len(body[0])))
            self.end_headers()
            self.wfile.write(body[0])

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    yield base, files, seen_agents
    server.shutdown()
    server.server_close()


def test_web_feed_fetches_linked_pages_politely(local_site):
    base, files, agents = local_site
    items = [{"title": "Hotline (feed title)", "link": f"{base}/hotline", "date": "Tue, 10 Oct 2023 08:00:00 GMT"},
             {"title": "Gone", "link": f"{base}/gone", "date": "Tue, 10 Oct 2023 08:00:00 GMT"},
             {"title": "Huge", "link": f"{base}/huge", "date": "Tue, 10 Oct 2023 08:00:00 GMT"}]
    files["/feed.rss"] = (rss(items).encode(), "application/rss+xml")
    files["/hotline"] = (page(url=f"{base}/hotline").encode(), "text/html")
    files["/huge"] = (b"<html><body>" + b"<p>x</p>" * 200_000 + b"</body></html>", "text/html")
    got = list(read_sources([f"{base}/feed.rss"], IngestOptions(max_bytes=500_000, timeout=5,
                                                                allow_private=True)))
    assert got[0].title == TITLE and got[0].published == dt.date(2023, 10, 10)
    assert got[0].url == f"{base}/hotline" and "Wang Yi" in got[0].text
    assert isinstance(got[1], InputError) and "404" in got[1].message
    assert isinstance(got[2], InputError) and "size cap" in got[2].message
    assert agents and all(a.startswith("dyad/") for a in agents)


def test_gzip_magic_sniffed_for_unknown_suffix(tmp_path):
    path = tmp_path / "crawl.bin"
    path.write_bytes(gzip.compress(b"not a warc at all"))
    got = list(read_sources([str(path)]))
    assert got and all(isinstance(g, InputError) for g in got)
