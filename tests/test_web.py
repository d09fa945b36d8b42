"""The dashboard and the API docs in a real headless Chromium (Debian's ``chromium`` driven by
Playwright), against ``dyad serve``'s app on a free loopback port over a small store coded in
the test. Every request the browser makes is intercepted: anything not for 127.0.0.1 is
blocked and recorded, and each test asserts there was none. Screenshots of every page go to
``$DYAD_SCREENSHOTS`` (default: a ``dyad-screenshots`` folder in the system temp dir)."""
import os
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from webstore import build

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = Path(os.environ.get("DYAD_SCREENSHOTS") or Path(tempfile.gettempdir()) / "dyad-screenshots")


def chromium_path() -> str:
    for candidate in (os.environ.get("DYAD_CHROMIUM"), shutil.which("chromium"),
                      shutil.which("chromium-browser"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.skip("no Chromium found (apt-get install chromium, or set DYAD_CHROMIUM): "
                "the browser tests need a real browser")


@pytest.fixture(scope="module")
def server(tmp_path_factory, coder):
    import uvicorn

    from dyad.api import Settings, create_app

    db = build(tmp_path_factory.mktemp("web") / "events.db", coder)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(Settings(db=db)), host="127.0.0.1", port=port,
                            log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started:
        assert time.time() < deadline and thread.is_alive(), "the test server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    path = chromium_path()
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extra")
    with sync_api.sync_playwright() as p:
        try:
            chrome = p.chromium.launch(executable_path=path, args=ARGS)
        except Exception as exc:  # a broken install: say so rather than fail obscurely
            pytest.skip(f"Chromium at {path} would not start: {exc}")
        yield chrome
        chrome.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside, errors = [], []

    def gate(route):
        host = urlsplit(route.request.url).hostname
        if host == "127.0.0.1":
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", gate)
    pg = context.new_page()
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert outside == [], f"requests left 127.0.0.1: {outside}"
    assert errors == [], f"JavaScript errors: {errors}"


def open_page(page, url: str, shot: str):
    page.goto(url)
    page.wait_for_selector("#page[data-state=ready]", timeout=20000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    return lambda suffix="": page.screenshot(path=str(SHOTS / f"{shot}{suffix}.png"), full_page=True)


def api_json(page, path: str):
    return page.evaluate("async (p) => (await fetch(p)).json()", path)


def test_events_page_shows_rows_and_highlights_the_evidence(page, server):
    shoot = open_page(page, f"{server}/#/events", "events")
    total = api_json(page, "/events?count=true&limit=1")["count"]
    rows = page.locator("tr.event-row")
    assert rows.count() == min(25, total) and total > 5
    assert f"of {total}" in page.locator("p.summary").inner_text()
    accuse = api_json(page, "/events?source=PRK&target=USA&plover=ACCUSE&until=2023-01")["data"][0]
    row = page.locator(f"tr.event-row[data-event-id='{accuse['event_id']}']")
    row.click()
    evidence = page.locator("tr.evidence-row").first
    assert evidence.locator("p.sentence mark.hl-trigger").first.inner_text() == "accused"
    assert evidence.locator("p.sentence mark.hl-source").first.inner_text() == "North Korea"
    assert "United States" in evidence.locator("p.sentence mark.hl-target").first.inner_text()
    assert evidence.locator("p.sentence").count() == 2          # two articles, one event
    shoot()


def test_events_filters_and_paging(page, server):
    open_page(page, f"{server}/#/events", "events-filtered")
    page.fill("input[name=source]", "USA")
    page.click("form.filters button[type=submit]")
    page.wait_for_function("location.hash.includes('source=USA')")
    page.wait_for_selector("#page[data-state=ready]")
    sources = page.locator("tr.event-row td:nth-child(2)").all_inner_texts()
    assert sources and all(s.startswith("USA") for s in sources)
    open_page(page, f"{server}/#/events?limit=3", "events-paged")
    first = page.locator("tr.event-row").evaluate_all("rs => rs.map(r => r.dataset.eventId)")
    page.click("a.next")
    page.wait_for_function("location.hash.includes('cursor=')")
    page.wait_for_selector("#page[data-state=ready]")
    second = page.locator("tr.event-row").evaluate_all("rs => rs.map(r => r.dataset.eventId)")
    assert len(first) == len(second) == 3 and not set(first) & set(second)
    assert "Events 4–6" in page.locator("p.summary").inner_text()


def test_bad_filter_shows_the_api_error(page, server):
    open_page(page, f"{server}/#/events?source=XYZ", "events-error")
    assert "unknown source code 'XYZ'" in page.locator("p.error").inner_text()


def test_api_docs_work_offline(page, server):
    page.goto(f"{server}/docs")
    page.wait_for_selector(".opblock", timeout=20000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any(p.strip() == "/events" for p in paths) and any("/ingest" in p for p in paths)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "docs.png"), full_page=False)


def test_dyad_page_draws_one_bar_per_quad_and_period(page, server):
    shoot = open_page(page, f"{server}/#/dyad?source=PRK&target=USA&interval=month", "dyad")
    rows = api_json(page, "/dyads/PRK/USA/series?interval=month")["data"]
    bars = sum(1 for row in rows for q in "1234" if row["counts"][q] > 0)
    assert bars == 3
    page.wait_for_selector("#chart svg")
    assert page.locator("#chart g.mark-rect path").count() == bars
    assert page.locator("#chart g.mark-line path").count() == 1      # the net Goldstein line
    page.locator("#chart g.mark-rect path").first.click()
    page.wait_for_selector("#period-events tr.event-row")
    first = next(row for row in rows if row["events"])
    assert page.locator("#period-events tr.event-row").count() == first["events"]
    assert first["period"] in page.locator("#period-events h3").inner_text()
    shoot()


def test_alerts_and_mixed_page(page, server):
    shoot = open_page(page, f"{server}/#/alerts?interval=month&all=true", "alerts")
    alerts = api_json(page, "/alerts?interval=month&all=true")["data"]
    mixed = api_json(page, "/mixed")["data"]
    assert alerts and mixed
    assert page.locator("#alerts-table tbody tr").count() == len(alerts)
    assert page.locator("#mixed-table tbody tr").count() == len(mixed)
    assert page.locator("#mixed-table tbody tr").first.locator("td").first.inner_text() == "USA → PRK"
    shoot()
    page.locator("#mixed-table a", has_text="event(s)").first.click()
    page.wait_for_function("location.hash.startsWith('#/events?id=')")
    page.wait_for_selector("#page[data-state=ready]")
    assert page.locator("tr.event-row").count() == 2             # praised + condemned
    assert "2 selected event(s)" in page.locator("p.summary").inner_text()


def test_network_page_draws_every_actor_and_filters_on_click(page, server):
    shoot = open_page(page, f"{server}/#/network", "network")
    graph = api_json(page, "/network")["data"]
    assert page.evaluate("window.dyadNetwork.nodes().length") == len(graph["nodes"]) == 6
    assert page.evaluate("window.dyadNetwork.edges().length") == len(graph["edges"])
    # click the RUS node where cytoscape drew it
    x, y = page.evaluate("""() => { const n = window.dyadNetwork.getElementById('RUS');
        const box = document.getElementById('cy').getBoundingClientRect();
        const p = n.renderedPosition(); return [box.left + p.x, box.top + p.y]; }""")
    page.mouse.click(x, y)
    page.wait_for_selector("#actor-events tr.event-row")
    expected = api_json(page, "/events?actor=RUS&count=true&limit=1")["count"]
    assert page.locator("#actor-events tr.event-row").count() == expected
    codes = page.locator("#actor-events tr.event-row td:nth-child(2)").all_inner_texts() + \
        page.locator("#actor-events tr.event-row td:nth-child(3)").all_inner_texts()
    assert all(any(c == "RUS" for c in pair) for pair in zip(codes[:expected], codes[expected:]))
    assert page.evaluate("window.dyadNetwork.nodes('.faded').length") == 4   # all but RUS, CHN
    shoot()
