"""Read endpoints over the store: ``/events`` (filters, keyset pages, fields, JSON/JSONL/CSV),
``/events/{id}`` with every mention, ``/articles/{id}`` and ``/stats``."""
from __future__ import annotations

import csv
import io
import json
import sqlite3
from typing import Literal, Optional
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from dyad.api.deps import read_conn
from dyad.api.errors import ApiError
from dyad.api.params import MULTI, Actor, Plover, Quad, Realis, Root, Since, Source, Target, Until
from dyad.api.query import (DEFAULT_LIMIT, MAX_LIMIT, EventQuery, after, decode_cursor,
                            encode_cursor, order_by, parse_fields, parse_limit)
from dyad.store.exports import GDELT_COLUMNS, gdelt_row
from dyad.store.queries import counts, event_dict, mentions_of, quotes_of

router = APIRouter()


async def event_query(
    conn: sqlite3.Connection = Depends(read_conn),
    source: Source = None, target: Target = None, actor: Actor = None, plover: Plover = None,
    root: Root = None, quad: Quad = None, since: Since = None, until: Until = None,
    text: Optional[str] = Query(None, description="A mention's sentence contains this (case-insensitive)"),
    negated: Optional[bool] = Query(None, description="false: leave negated events out; true: only negated"),
    id: Optional[str] = Query(None, description=f"Event ids (e.g. a series period's event_ids); {MULTI}"),
    order: str = Query("asc", description="asc (oldest first) or desc; undated events come last"),
    realis: Realis = "asserted",
) -> EventQuery:
    return EventQuery.parse(conn, source=source, target=target, actor=actor, plover=plover,
                            root=root, quad=quad, since=since, until=until, text=text,
                            negated=negated, ids=id, order=order, realis=realis)


def sentence_starts(conn: sqlite3.Connection, key: str) -> dict[str, int | None]:
    """Where each mention's sentence starts in its article's text, so that its article offsets
    can be shown inside the sentence (``start_char - sentence_start``)."""
    rows = conn.execute(
        "SELECT m.mention_id, m.trigger_start, m.sentence, instr(a.text, m.sentence) - 1 AS first "
        "FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.event_key = ?", (key,))
    out: dict[str, int | None] = {}
    for row in rows:
        start, trig, sentence = row["first"], row["trigger_start"], row["sentence"]
        if start < 0:
            out[row["mention_id"]] = None
            continue
        if trig is not None and not start <= trig < start + len(sentence):
            start = _occurrence_around(conn, row["mention_id"], sentence, trig)
        out[row["mention_id"]] = start
    return out


def _occurrence_around(conn, mention_id: str, sentence: str, offset: int) -> int | None:
    text = conn.execute("SELECT a.text FROM mentions m JOIN articles a ON a.id = m.article_id "
                        "WHERE m.mention_id = ?", (mention_id,)).fetchone()[0]
    start = text.rfind(sentence, 0, offset + 1)
    return start if start >= 0 and offset < start + len(sentence) else None


def with_mentions(conn: sqlite3.Connection, ev: dict) -> dict:
    starts = sentence_starts(conn, ev["event_id"])
    ev["mentions"] = [{**m, "sentence_start": starts.get(m["mention_id"])}
                      for m in mentions_of(conn, ev["event_id"])]
    return ev


def _page(conn, q: EventQuery, limit: int, cursor: str | None, want_mentions: bool
          ) -> tuple[list[dict], tuple[str | None, str] | None]:
    clauses, params = q.where()
    if cursor:
        cond, ps = after(q.order, *decode_cursor(q, cursor))
        clauses.append(cond)
        params += ps
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    source = _page_source(conn, q.order, where, params)
    rows = conn.execute(f"SELECT e.* FROM {source}{where}{order_by(q.order)} LIMIT ?",
                        [*params, limit + 1]).fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    events = [event_dict(r) for r in rows]
    if want_mentions:
        events = [with_mentions(conn, ev) for ev in events]
    last = (rows[-1]["date"], rows[-1]["event_key"]) if more else None
    return events, last


DENSE = 2000  # a filter matching this many events is walked in page order, not sorted


def _page_source(conn, order: str, where: str, params: list) -> str:
    """``events e``, or ``events e INDEXED BY`` the page-order index when the filter is common.
    SQLite's planner takes the filter's own index and sorts every match: right for a rare actor,
    but a sort of tens of thousands of rows per page for a common one, where walking the rows in
    page order finds a page at once. A bounded probe tells the two apart (stores made before the
    index existed keep the planner's choice)."""
    name = "events_page_desc" if order == "desc" else "events_page_asc"
    if not where or not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?",
                                     (name,)).fetchone():
        return "events e"
    probe = conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM events e{where} LIMIT {DENSE})",
                         params).fetchone()[0]
    return f"events e INDEXED BY {name}" if probe >= DENSE else "events e"


def _count(conn, q: EventQuery) -> int:
    clauses, params = q.where()
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return conn.execute(f"SELECT count(*) FROM events e{where}", params).fetchone()[0]


def _next_url(request: Request, token: str) -> str:
    items = [(k, v) for k, v in request.query_params.multi_items() if k != "cursor"]
    return str(request.url.replace(query=urlencode(items + [("cursor", token)])))


@router.get("/events", summary="Deduplicated events, filtered and paged")
def list_events(
    request: Request,
    q: EventQuery = Depends(event_query),
    conn: sqlite3.Connection = Depends(read_conn),
    fields: Optional[str] = Query(None, description="Comma-separated event fields to return (json, jsonl); default all, including mentions"),
    format: Literal["json", "jsonl", "csv"] = Query("json", description="json: {data, next, count?}; jsonl: one event a line; csv: GDELT-like columns. jsonl and csv give the next page in the Link header"),
    limit: int = Query(DEFAULT_LIMIT, description=f"Events per page, at most {MAX_LIMIT}"),
    cursor: Optional[str] = Query(None, description="Opaque: from the previous page's `next`"),
    count: bool = Query(False, description="Also return the total number of matching events"),
):
    limit = parse_limit(limit)
    chosen = parse_fields(fields)
    if format == "csv" and fields:
        raise ApiError(400, "bad_parameter", "fields applies to json and jsonl; csv always has "
                       "the GDELT-like columns", {"parameter": "fields", "value": fields})
    want_mentions = "mentions" in chosen or format == "csv"
    events, last = _page(conn, q, limit, cursor, want_mentions)
    next_url = _next_url(request, encode_cursor(q, *last)) if last else None
    total = _count(conn, q) if count else None
    headers = {}
    if next_url:
        headers["Link"] = f'<{next_url}>; rel="next"'
    if total is not None:
        headers["X-Total-Count"] = str(total)
    if format == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=GDELT_COLUMNS)
        writer.writeheader()
        for ev in events:
            writer.writerow(gdelt_row(ev))
        return Response(buf.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
    data = [{k: ev[k] for k in chosen if k in ev} for ev in events]
    if format == "jsonl":
        body = "".join(json.dumps(ev, ensure_ascii=False) + "\n" for ev in data)
        return Response(body, media_type="application/x-ndjson", headers=headers)
    envelope = {"data": data, "next": next_url}
    if total is not None:
        envelope["count"] = total
    return JSONResponse(envelope, headers=headers)


@router.get("/events/{event_id}", summary="One event with all its mentions")
def get_event(event_id: str, conn: sqlite3.Connection = Depends(read_conn)):
    row = conn.execute("SELECT * FROM events WHERE event_key = ?", (event_id,)).fetchone()
    if row is None:
        raise ApiError(404, "not_found", f"no event with id '{event_id}'",
                       {"parameter": "event_id", "value": event_id})
    return {"data": with_mentions(conn, event_dict(row))}


@router.get("/articles/{article_id:path}", summary="One stored article: text, mentions, quotes")
def get_article(article_id: str, conn: sqlite3.Connection = Depends(read_conn)):
    row = conn.execute("SELECT id, url, title, outlet, published, text, sentences, events, run_id, "
                       "ingested_at FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        raise ApiError(404, "not_found", f"no article with id '{article_id}'",
                       {"parameter": "article_id", "value": article_id})
    mentions = conn.execute(
        "SELECT mention_id, event_key, sentence_index, cameo, plover, negated, source_code, "
        "source_start, source_end, target_code, target_start, target_end, trigger_text, "
        "trigger_start, trigger_end, date FROM mentions WHERE article_id = ? "
        "ORDER BY trigger_start, mention_id", (article_id,)).fetchall()
    return {"data": {**dict(row), "mentions": [
        {**dict(m), "event_id": m["event_key"], "negated": bool(m["negated"])} for m in mentions],
        "quotes": quotes_of(conn, article_id)}}


@router.get("/stats", summary="Counts, date range and the last ingest run")
def stats(conn: sqlite3.Connection = Depends(read_conn)):
    first, last = conn.execute("SELECT min(date), max(date) FROM events").fetchone()
    run = conn.execute("SELECT * FROM ingest_runs ORDER BY run_id DESC LIMIT 1").fetchone()
    by_quad = {str(r[0]): r[1] for r in conn.execute(
        "SELECT quad_class, count(*) FROM events GROUP BY quad_class ORDER BY quad_class")}
    last_run = None
    if run is not None:
        last_run = {**dict(run), "inputs": json.loads(run["inputs"] or "[]")}
    return {"data": {"counts": counts(conn), "date_range": {"first": first, "last": last},
                     "events_by_quad_class": by_quad, "last_ingest_run": last_run}}
