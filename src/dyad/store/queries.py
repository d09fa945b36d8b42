"""Reading the store: deduplicated events filtered by actor, type, date and text, each with
its mentions (article, sentence, offsets) when asked."""
from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Iterator

_CODE = re.compile(r"^[A-Za-z0-9]+$")


@dataclass(frozen=True)
class EventFilter:
    """``source``/``target``/``actor`` match an actor code by prefix: ``PRK`` matches PRK and
    PRKGOV, ``PRKGOV`` only PRKGOV…; ``actor`` matches either side."""

    source: str | None = None
    target: str | None = None
    actor: str | None = None
    plover: str | None = None
    root: str | None = None        # CAMEO root, "11" or "1"
    cameo: str | None = None       # CAMEO code prefix, e.g. "112"
    since: str | None = None       # event date >= (ISO)
    until: str | None = None       # event date <= (ISO)
    text: str | None = None        # substring of a mention's sentence (case-insensitive)
    include_negated: bool = True
    realis: str = "asserted"        # dyad.events.realis value, or "all"
    limit: int | None = None
    ids: tuple[str, ...] = ()       # event ids (as listed by dyad trends/alerts/mixed)


def _code(value: str, what: str) -> str:
    if not _CODE.match(value):
        raise ValueError(f"bad {what} code '{value}': use letters and digits, e.g. PRK or PRKGOV")
    return value.upper() + "*"


REALIS_CHOICES = ("asserted", "hypothetical", "future", "background", "denied", "all")
REALIS_HELP = ("Events of this realis only (dyad.events.realis): asserted (default: what happened "
               "now, as told), hypothetical, future, background, denied, or all.")


def realis_value(value: str | None) -> str:
    """The realis filter value, checked: one of ``REALIS_CHOICES`` (None means 'asserted')."""
    value = "asserted" if value is None else str(value).strip().lower()
    if value not in REALIS_CHOICES:
        raise ValueError(f"bad realis '{value}': use one of {', '.join(REALIS_CHOICES)}")
    return value


def where_clause(f: EventFilter) -> tuple[str, list]:
    clauses, params = [], []
    if f.source:
        clauses.append("e.source_code GLOB ?")
        params.append(_code(f.source, "source"))
    if f.target:
        clauses.append("e.target_code GLOB ?")
        params.append(_code(f.target, "target"))
    if f.actor:
        pattern = _code(f.actor, "actor")
        clauses.append("(e.source_code GLOB ? OR e.target_code GLOB ?)")
        params += [pattern, pattern]
    if f.plover:
        clauses.append("e.plover = ?")
        params.append(f.plover.upper())
    if f.root:
        if not f.root.isdigit() or not 1 <= int(f.root) <= 20:
            raise ValueError(f"bad CAMEO root '{f.root}': a number from 01 to 20")
        clauses.append("e.cameo_root = ?")
        params.append(f"{int(f.root):02d}")
    if f.cameo:
        clauses.append("e.cameo GLOB ?")
        params.append(_code(f.cameo, "CAMEO"))
    if f.since:
        clauses.append("e.date >= ?")
        params.append(f.since)
    if f.until:
        clauses.append("substr(e.date, 1, ?) <= ?")
        params += [len(f.until), f.until]
    if f.text:
        clauses.append("EXISTS (SELECT 1 FROM mentions m WHERE m.event_key = e.event_key "
                       "AND m.sentence LIKE ? ESCAPE '\\')")
        escaped = f.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params.append(f"%{escaped}%")
    if not f.include_negated:
        clauses.append("e.negated = 0")
    realis = realis_value(f.realis)
    if realis != "all":
        clauses.append("e.realis = ?")
        params.append(realis)
    if f.ids:
        clauses.append(f"e.event_key IN ({','.join('?' * len(f.ids))})")
        params.extend(f.ids)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def query_events(conn: sqlite3.Connection, f: EventFilter = EventFilter(),
                 mentions: bool = True) -> Iterator[dict]:
    """Events as dicts (ordered by date, then key), streamed; with ``mentions`` each carries
    the list of its mentions."""
    where, params = where_clause(f)
    sql = f"SELECT e.* FROM events e{where} ORDER BY e.date IS NULL, e.date, e.event_key"
    if f.limit:
        sql += " LIMIT ?"
        params.append(int(f.limit))
    cursor = conn.execute(sql, params)
    while True:
        rows = cursor.fetchmany(500)
        if not rows:
            return
        for row in rows:
            ev = event_dict(row)
            if mentions:
                ev["mentions"] = list(mentions_of(conn, row["event_key"]))
            yield ev


def event_dict(row: sqlite3.Row) -> dict:
    def actor(side: str) -> dict | None:
        if row[f"{side}_code"] is None and row[f"{side}_name"] is None:
            return None
        return {"code": row[f"{side}_code"], "country": row[f"{side}_country"],
                "sector": row[f"{side}_sector"], "name": row[f"{side}_name"]}

    return {
        "event_id": row["event_key"], "date": row["date"], "date_precision": row["date_precision"],
        "date_window": row["date_window"], "source": actor("source"), "target": actor("target"),
        "cameo": row["cameo"], "cameo_root": row["cameo_root"], "goldstein": row["goldstein"],
        "quad_class": row["quad_class"], "plover": row["plover"], "plover_mode": row["plover_mode"],
        "contexts": json.loads(row["contexts"] or "[]"), "negated": bool(row["negated"]),
        "location": json.loads(row["location"]) if row["location"] else None,
        "num_mentions": row["num_mentions"], "num_sources": row["num_sources"],
        "num_articles": row["num_articles"], "confidence": row["confidence"],
        "is_root": bool(row["is_root"]), "source_url": row["source_url"], "added_at": row["added_at"],
        "realis": row["realis"],
    }


def mentions_of(conn: sqlite3.Connection, key: str) -> Iterator[dict]:
    sql = ("SELECT m.*, a.url, a.title, a.outlet, a.published FROM mentions m "
           "JOIN articles a ON a.id = m.article_id WHERE m.event_key = ? "
           "ORDER BY m.date IS NULL, m.date, m.article_id, m.sentence_index, m.mention_id")
    for m in conn.execute(sql, (key,)):
        yield {
            "mention_id": m["mention_id"], "article_id": m["article_id"],
            "sentence_index": m["sentence_index"], "sentence": m["sentence"],
            "trigger": {"text": m["trigger_text"], "start_char": m["trigger_start"],
                        "end_char": m["trigger_end"]},
            "source": _span(m, "source"), "target": _span(m, "target"),
            "date": m["date"], "date_precision": m["date_precision"], "confidence": m["confidence"],
            "rule": m["rule"], "url": m["url"], "title": m["title"], "outlet": m["outlet"],
            "published": m["published"],
            "joint": bool(json.loads(m["record"]).get("joint")) if m["record"] else False,
        }


def _span(m, side: str) -> dict | None:
    if m[f"{side}_text"] is None:
        return None
    return {"text": m[f"{side}_text"], "code": m[f"{side}_code"], "start_char": m[f"{side}_start"],
            "end_char": m[f"{side}_end"]}


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("articles", "events", "mentions", "quotes", "ingest_runs", "errors")}


def quotes_of(conn: sqlite3.Connection, article_id: str) -> list[dict]:
    """The stored quotes of one article, in text order."""
    rows = conn.execute("SELECT * FROM quotes WHERE article_id = ? ORDER BY content_start",
                        (article_id,)).fetchall()
    return [dict(zip([d[0] for d in conn.execute("SELECT * FROM quotes LIMIT 0").description], r))
            for r in rows]
