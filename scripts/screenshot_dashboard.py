"""Screenshot every dashboard page of ``dyad serve`` over a store, in headless Chromium, with every
request that is not for 127.0.0.1 blocked and counted — the manual check behind the README picture.

    python scripts/screenshot_dashboard.py --db news.db --out /tmp/shots [--dyad USA RUS]

Prints one line per page (what it shows, how many requests were blocked) and writes <page>.png."""
from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(base: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline and proc.poll() is None:
        try:
            urllib.request.urlopen(f"{base}/stats", timeout=2).read()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"dyad serve did not start on {base}")


def shoot(base: str, out: Path, dyad: tuple[str, str], chromium: str) -> None:
    from playwright.sync_api import sync_playwright

    pages = {"events": "#/events", "dyad": f"#/dyad?source={dyad[0]}&target={dyad[1]}&interval=month",
             "alerts": "#/alerts?interval=month", "network": "#/network?min_events=2"}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        context = browser.new_context(viewport={"width": 1280, "height": 860})
        blocked: list[str] = []
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                      else (blocked.append(route.request.url), route.abort()))
        page = context.new_page()
        for name, frag in pages.items():
            page.goto(f"{base}/{frag}")
            page.wait_for_selector("#page[data-state=ready]", timeout=30000)
            if name == "events":
                page.locator("tr.event-row").first.click()
                page.wait_for_selector("tr.evidence-row p.sentence")
            page.wait_for_timeout(800)
            page.screenshot(path=str(out / f"{name}.png"), full_page=False)
            print(f"{name}: {out / (name + '.png')}, requests blocked so far: {len(blocked)}")
        browser.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--dyad", nargs=2, default=("USA", "RUS"))
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-c", "import sys; from dyad.cli import app; sys.argv[0] = 'dyad'; app()", "serve", "--db", str(args.db),
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_up(base, proc)
        shoot(base, args.out, tuple(args.dyad), args.chromium)
    finally:
        proc.terminate()
        proc.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
