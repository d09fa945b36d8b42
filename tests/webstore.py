"""A small real store for the API and browser tests: a handful of short articles coded by dyad
itself (so every offset is the coder's), over several months and dyads."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

ARTICLES = [
    ("jan", "2023-01-10", "Pyongyang wire", "North Korea accused the United States of hostility on Monday. "
     "South Korea and Japan held talks in Tokyo."),
    ("jan-b", "2023-01-11", "Seoul daily", "North Korea accused the United States of hostility."),
    ("feb", "2023-02-14", "Tokyo news", "North Korea fired four missiles toward Japan. "
     "The United States condemned North Korea."),
    ("mar", "2023-03-07", "Pyongyang wire", "North Korea threatened the United States with a nuclear strike. "
     "China urged North Korea to show restraint."),
    ("apr", "2023-04-04", "Beijing times", "China and Russia signed a trade agreement. "
     "Russia praised China for its support."),
    ("may", "2023-05-16", "Seoul daily", "The United States praised North Korea for returning to talks. "
     "The United States condemned North Korea for its missile tests. "
     "North Korea accused the United States of spying."),
]


def build(path: Path, coder) -> Path:
    from dyad.record import Article
    from dyad.store.ingest import ingest

    articles = [Article(id=aid, text=text, published=dt.date.fromisoformat(day), title=f"Report {aid}",
                        url=f"http://127.0.0.1:9/{aid}", outlet=outlet)
                for aid, day, outlet, text in ARTICLES]
    ingest([], path, coder=coder, articles=articles)
    return path
