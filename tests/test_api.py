"""The REST API in-process (FastAPI's test client) over a small store coded in the test:
filters, keyset pages, formats, evidence offsets, the one error shape, and write auth."""
import csv
import io
import json

import pytest
from fastapi.testclient import TestClient

from dyad.api import Settings, create_app
from webstore import build

TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def store(tmp_path_factory, coder):
    return build(tmp_path_factory.mktemp("api") / "events.db", coder)


@pytest.fixture(scope="module")
def client(store):
    return TestClient(create_app(Settings(db=store)), raise_server_exceptions=False)


def all_events(client, **params):
    r = client.get("/events", params={"limit": 1000, **params})
    assert r.status_code == 200, r.text
    return r.json()["data"]


def test_events_envelope_count_only_when_asked(client):
    r = client.get("/events")
    body = r.json()
    assert set(body) == {"data", "next"} and body["next"] is None and body["data"]
    counted = client.get("/events", params={"count": "true"}).json()
    assert counted["count"] == len(body["data"]) == r.json()["data"].__len__()
    assert client.get("/stats").json()["data"]["counts"]["events"] == counted["count"]


def test_filters_take_several_values_and_roll_up(client):
    prk = all_events(client, source="PRK")
    usa = all_events(client, source="USA")
    both = all_events(client, source="PRK|USA")
    assert prk and usa
    assert {e["event_id"] for e in both} == {e["event_id"] for e in prk + usa}
    assert all(e["source"]["code"].startswith(("PRK", "USA")) for e in both)
    accuse = all_events(client, source="PRK", target="USA", plover="ACCUSE")
    assert accuse and all(e["plover"] == "ACCUSE" for e in accuse)
    assert all(e["quad_class"] in (3, 4) for e in all_events(client, quad="3|4"))
    assert all("2023-03-01" <= e["date"] <= "2023-03-31"
               for e in all_events(client, since="2023-03-01", until="2023-03"))
    assert all(any("missiles" in m["sentence"] for m in e["mentions"])
               for e in all_events(client, text="MISSILES"))


def test_keyset_pages_cover_everything_once_in_order(client):
    for order in ("asc", "desc"):
        full = [e["event_id"] for e in all_events(client, order=order)]
        seen, url, pages = [], "/events?limit=2&fields=event_id,date&order=" + order, 0
        while url:
            body = client.get(url).json()
            seen += [e["event_id"] for e in body["data"]]
            assert all(set(e) == {"event_id", "date"} for e in body["data"])
            url, pages = body["next"], pages + 1
        assert seen == full and pages == (len(full) + 1) // 2
    dates = [e["date"] for e in all_events(client, order="desc")]
    assert dates == sorted(dates, reverse=True)


def test_a_cursor_belongs_to_its_query(client):
    first = client.get("/events", params={"limit": 1, "source": "PRK"}).json()
    cursor = first["next"].split("cursor=")[1]
    other = client.get("/events", params={"limit": 1, "source": "USA", "cursor": cursor})
    assert other.status_code == 400 and other.json()["error"]["detail"]["parameter"] == "cursor"


def test_jsonl_and_csv_formats_link_to_the_next_page(client):
    r = client.get("/events", params={"format": "jsonl", "limit": 2, "count": "true"})
    lines = [json.loads(line) for line in r.text.splitlines()]
    assert r.headers["content-type"].startswith("application/x-ndjson") and len(lines) == 2
    assert 'rel="next"' in r.headers["link"] and int(r.headers["x-total-count"]) > 2
    r = client.get("/events", params={"format": "csv", "source": "PRK"})
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert r.headers["content-type"].startswith("text/csv")
    assert rows and all(row["Actor1Code"].startswith("PRK") for row in rows)
    assert {"GLOBALEVENTID", "SQLDATE", "QuadClass", "NumArticles", "FirstSentence"} <= set(rows[0])


def test_event_has_every_mention_with_offsets_into_its_sentence(client):
    ev = all_events(client, source="PRK", target="USA", plover="ACCUSE", until="2023-01")[0]
    r = client.get(f"/events/{ev['event_id']}").json()["data"]
    assert r["num_articles"] == 2 and len(r["mentions"]) == 2      # jan and jan-b: one event
    for m in r["mentions"]:
        base = m["sentence_start"]
        assert m["sentence"][m["trigger"]["start_char"] - base:m["trigger"]["end_char"] - base] == "accused"
        src = m["source"]
        assert m["sentence"][src["start_char"] - base:src["end_char"] - base] == src["text"] == "North Korea"
        assert m["title"].startswith("Report ") and m["url"].startswith("http://") and m["outlet"]
    art = client.get(f"/articles/{r['mentions'][0]['article_id']}").json()["data"]
    trig = r["mentions"][0]["trigger"]
    assert art["text"][trig["start_char"]:trig["end_char"]] == "accused"
    assert any(m["event_id"] == ev["event_id"] for m in art["mentions"])


def test_stats(client):
    data = client.get("/stats").json()["data"]
    assert data["counts"]["articles"] == 6
    assert data["date_range"] == {"first": "2023-01-09", "last": "2023-05-16"}
    assert data["last_ingest_run"]["status"] == "done" and data["last_ingest_run"]["coded"] == 6
    assert sum(data["events_by_quad_class"].values()) == data["counts"]["events"]


BAD_REQUESTS = [
    ("/events?source=XYZ", 400, "source"),            # unknown actor code
    ("/events?actor=PRK|QQQGOV", 400, "actor"),
    ("/events?target=US-A", 400, "target"),
    ("/events?since=2023-02-30", 400, "since"),       # bad date
    ("/events?until=yesterday", 400, "until"),
    ("/events?cursor=not-a-cursor", 400, "cursor"),   # bad cursor
    ("/events?cursor=eyJkIjoxfQ", 400, "cursor"),
    ("/events?limit=5000", 400, "limit"),             # limit too large
    ("/events?limit=0", 400, "limit"),
    ("/events?limit=ten", 400, "limit"),
    ("/events?fields=event_id,colour", 400, "fields"),  # unknown field
    ("/events?format=xml", 400, "format"),
    ("/events?plover=ACUSE", 400, "plover"),
    ("/events?root=25", 400, "root"),
    ("/events?quad=5", 400, "quad"),
    ("/events?sorce=PRK", 400, "sorce"),              # unknown parameter
    ("/events?order=sideways", 400, "order"),
    ("/events?format=csv&fields=date", 400, "fields"),
    ("/events/0000000000000000", 404, "event_id"),
    ("/articles/no-such-article", 404, "article_id"),
    ("/stats?verbose=1", 400, "verbose"),
    ("/nowhere", 404, None),
    ("/dyads/XYZ/USA/series", 400, "source"),
    ("/dyads/PRK/USA/series?interval=fortnight", 400, "interval"),
    ("/dyads/PRK/USA/series?by=colour", 400, "by"),
    ("/dyads/PRK/USA/series?since=2023-13-01", 400, "since"),
    ("/dyads/PRK/USA/series?level=planet", 400, "level"),
    ("/dyads/PRK/USA/series?cursor=abc", 400, "cursor"),
    ("/alerts?interval=hour", 400, "interval"),
    ("/alerts?method=magic", 400, "method"),
    ("/alerts?baseline=0", 400, "baseline"),
    ("/alerts?source=XYZ", 400, "source"),
    ("/mixed?window=year", 400, "window"),
    ("/mixed?k=0", 400, "k"),
    ("/mixed?until=2023-02-31", 400, "until"),
    ("/network?min_events=0", 400, "min_events"),
    ("/network?quad=7", 400, "quad"),
    ("/network?limit=10", 400, "limit"),
]


@pytest.mark.parametrize("url,status,parameter", BAD_REQUESTS)
def test_every_error_has_the_one_shape(client, url, status, parameter):
    r = client.get(url)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json"
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "detail"}
    assert isinstance(body["error"]["code"], str) and len(body["error"]["message"]) > 10
    if parameter:
        detail = body["error"]["detail"]
        named = detail["parameter"] if isinstance(detail, dict) else detail[0]["parameter"]
        assert named == parameter
    assert "Traceback" not in r.text


def test_unexpected_failures_keep_the_shape(store):
    app = create_app(Settings(db=store))

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    r = TestClient(app, raise_server_exceptions=False).get("/boom")
    assert r.status_code == 500 and r.json()["error"]["code"] == "internal_error"
    assert "secret internals" not in r.text and "Traceback" not in r.text
    r = TestClient(app).post("/stats")
    assert r.status_code == 405 and set(r.json()["error"]) == {"code", "message", "detail"}


def test_missing_store_is_503_with_the_shape(tmp_path):
    r = TestClient(create_app(Settings(db=tmp_path / "gone.db"))).get("/events")
    assert r.status_code == 503 and "no event store" in r.json()["error"]["message"]


ARTICLE = {"id": "posted-1", "text": "Iran accused Israel of sabotage at its nuclear plant.",
           "published": "2021-04-12", "title": "Posted"}


def test_writes_are_refused_without_a_configured_token(client):
    r = client.post("/ingest", content=json.dumps(ARTICLE), headers={"Authorization": "Bearer x"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"


def test_ingest_needs_the_bearer_token_and_uses_the_ingest_path(tmp_path, coder, store):
    import shutil

    db = tmp_path / "copy.db"
    shutil.copy(store, db)
    client = TestClient(create_app(Settings(db=db, token=TOKEN, max_body=2000)))
    body = json.dumps(ARTICLE) + "\n{broken\n"
    assert client.post("/ingest", content=body).status_code == 401
    wrong = client.post("/ingest", content=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"].startswith("Bearer")
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/x-ndjson"}
    r = client.post("/ingest", content=body, headers=auth)
    assert r.status_code == 200, r.text
    summary = r.json()["data"]
    assert summary["coded"] == 1 and summary["failed"] == 1
    assert summary["errors"][0]["where"] == "body:2" and "invalid JSON" in summary["errors"][0]["reason"]
    assert [e["plover"] for e in client.get("/events", params={"source": "IRN"}).json()["data"]] == ["ACCUSE"]
    again = client.post("/ingest", content=json.dumps(ARTICLE), headers=auth).json()["data"]
    assert again["coded"] == 0 and again["skipped"] == 1          # idempotent, like dyad ingest
    upload = {"file": ("more.jsonl", json.dumps({**ARTICLE, "id": "posted-2"}).encode(), "application/octet-stream")}
    r = client.post("/ingest", files=upload, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200 and r.json()["data"]["coded"] == 1
    import sqlite3
    with sqlite3.connect(db) as conn:  # the runs name what was posted, never a temporary file
        inputs = [json.loads(i) for (i,) in conn.execute("SELECT inputs FROM ingest_runs ORDER BY run_id")]
    assert [i[0] for i in inputs[-3:]] == [f"POST /ingest body ({len(body)} bytes)",
                           f"POST /ingest body ({len(json.dumps(ARTICLE))} bytes)", "POST /ingest upload 'more.jsonl'"]
    big = client.post("/ingest", content="x" * 3000, headers=auth)
    assert big.status_code == 413 and big.json()["error"]["detail"]["limit"] == 2000
    assert client.post("/ingest", content=b"<x/>", headers={**auth, "Content-Type": "image/png"}).status_code == 415


def test_docs_and_dashboard_are_served_from_the_package(client):
    schema = client.get("/openapi.json").json()
    assert {"/events", "/events/{event_id}", "/stats", "/ingest"} <= set(schema["paths"])
    for page in ("/docs", "/"):
        r = client.get(page)
        assert r.status_code == 200 and "default-src 'self'" in r.headers["content-security-policy"]
        assert "https://" not in r.text and "http://" not in r.text
    for asset in ("vendor/swagger-ui/swagger-ui-bundle.js", "vendor/vega/vega.min.js",
                  "vendor/vega-lite/vega-lite.min.js", "vendor/vega-embed/vega-embed.min.js",
                  "vendor/cytoscape/cytoscape.min.js", "js/app.js", "css/app.css"):
        assert client.get(f"/static/{asset}").status_code == 200, asset


def test_serve_refuses_a_missing_store(tmp_path):
    from typer.testing import CliRunner

    from dyad.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "no event store" in result.stderr


def test_series_serves_the_analytics_function(client, store):
    from dyad.analytics import ActorFilter, series
    from dyad.store.schema import connect

    r = client.get("/dyads/PRK/USA/series", params={"interval": "month", "evidence": "true"})
    assert r.status_code == 200, r.text
    body = r.json()
    conn = connect(store, create=False)
    expected = series(conn, ActorFilter(source=("PRK",), target=("USA",)), interval="month",
                      evidence=True)
    assert body["data"] == expected["data"]
    busy = [row for row in body["data"] if row["events"]]
    assert [row["period"] for row in busy] == ["2023-01", "2023-03", "2023-05"]
    # a period's evidence lists the events /events?id= returns
    ids = busy[0]["event_ids"]
    listed = client.get("/events", params={"id": "|".join(ids)}).json()["data"]
    assert sorted(e["event_id"] for e in listed) == sorted(ids)
    two = client.get("/dyads/PRK|USA/USA|PRK/series").json()["data"]
    assert {(row["source"], row["target"]) for row in two} >= {("PRK", "USA"), ("USA", "PRK")}


def test_alerts_mixed_and_network_serve_the_analytics_functions(client, store):
    from dyad.analytics import ActorFilter, alerts, mixed, network, network_json
    from dyad.store.schema import connect

    conn = connect(store, create=False)
    r = client.get("/alerts", params={"interval": "month", "all": "true"}).json()
    assert r["data"] == alerts(conn, ActorFilter(), interval="month", all_dyads=True)["data"]
    assert any(a["source"] == "PRK" and a["target"] == "USA" for a in r["data"])
    m = client.get("/mixed").json()
    assert m["data"] == mixed(conn, ActorFilter())["data"]
    assert [(f["source"], f["target"], f["article_id"]) for f in m["data"]] == [("USA", "PRK", "may")]
    n = client.get("/network").json()
    assert n == network_json(network(conn, ActorFilter()))
    assert {"PRK", "USA", "CHN", "RUS", "JPN", "KOR"} == {node["id"] for node in n["data"]["nodes"]}
    only = client.get("/network", params={"actor": "RUS"}).json()["data"]
    assert {node["id"] for node in only["nodes"]} == {"RUS", "CHN"}


def test_api_bench_says_why_when_the_writer_dies(store, tmp_path):
    """A writer that exits before committing gives a BenchError with its last words, not a hang."""
    import subprocess
    import sys

    from dyad.api.bench import BenchError, _wait_for_writes

    log = tmp_path / "ingest.err"
    proc = subprocess.Popen([sys.executable, "-c", "import sys; sys.exit('store is locked')"],
                            stderr=log.open("wb"))
    proc.wait(30)
    with pytest.raises(BenchError, match="exited with code 1 .*store is locked"):
        _wait_for_writes(store, proc, log, lambda msg: None, patience=5)


def test_keyset_order_puts_undated_last_and_walks_every_row_once():
    """order_by/after over dated and undated rows, both directions, pages of 2."""
    import sqlite3

    from dyad.api.query import after, order_by

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE events (date TEXT, event_key TEXT)")
    rows = [("2020-01-02", "b"), (None, "z"), ("2020-01-02", "a"), ("2019-12", "c"), (None, "y"),
            ("2021", "d")]
    conn.executemany("INSERT INTO events VALUES (?, ?)", rows)
    dated = sorted(r for r in rows if r[0])
    expected = {"asc": dated + sorted(r for r in rows if not r[0]),
                "desc": dated[::-1] + sorted((r for r in rows if not r[0]), reverse=True)}
    for order, want in expected.items():
        seen, cond, params = [], "", []
        while True:
            page = conn.execute(f"SELECT date, event_key FROM events e{cond}{order_by(order)} LIMIT 2",
                                params).fetchall()
            if not page:
                break
            seen += page
            sql, params = after(order, *page[-1])
            cond = " WHERE " + sql
        assert seen == want, order


def test_common_filters_walk_the_page_index_with_the_same_pages(client, monkeypatch):
    """A filter with many matches is read in page order from the index (no sort): same pages."""
    from dyad.api import routes_events

    def pages(params):  # pages of 2, following next
        seen, url = [], "/events?" + "&".join(f"{k}={v}" for k, v in {**params, "limit": 2}.items())
        while url:
            body = client.get(url).json()
            seen.append([e["event_id"] for e in body["data"]])
            url = body["next"]
        return seen

    queries = [{"actor": "USA"}, {"source": "PRK", "order": "desc"}, {"quad": "3|4", "order": "desc"}]
    planned = [pages(q) for q in queries]
    monkeypatch.setattr(routes_events, "DENSE", 1)   # every filter counts as common
    walked = [pages(q) for q in queries]
    assert walked == planned and all(len(p) > 1 for p in planned)
