"""Exports from the store, streamed (events are read in pages, never all at once):

* ``jsonl``  — one deduplicated event per line with its mentions;
* ``csv``    — GDELT 2.0-like event columns (``GDELT_COLUMNS``; dyad's extras at the end);
* ``parquet``— a folder partitioned by event month (``month=2019-04/part-0.parquet``, Hive style;
  ``month=undated`` for events without a date), mentions as a nested list;
* ``plover`` — PLOVER JSON, one record per line, with the field names of the PLOVER manual
  (``id, date, actor, recipient, event, mode, context, event_text, quad_code, event_scale,
  event_loc, text_info, cite_info, coder, coded_date``); CAMEO root 01 (statements) has no PLOVER
  type and is left out.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import IO, Iterator

from dyad.store.outputs import atomic_folder, atomic_text, csv_safe
from dyad.store.queries import EventFilter, query_events

EXPORT_FORMATS = ("jsonl", "csv", "parquet", "plover")

GDELT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles",
    "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long",
    "DATEADDED", "SOURCEURL",
    # dyad's own, beyond GDELT
    "DatePrecision", "PloverType", "PloverMode", "Negated", "Confidence", "FirstSentence", "Realis",
]


def export(conn: sqlite3.Connection, fmt: str, out: str | Path | IO[str],
           where: EventFilter = EventFilter()) -> int:
    """Write the events matching ``where`` in ``fmt`` to ``out`` (a file path, an open text
    stream, or — for parquet — a folder). Returns the number of records written. A path is
    written atomically and may not be the store (``dyad.store.outputs``); CSV text cells that
    start like a spreadsheet formula get a leading ``'``."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format '{fmt}': choose one of {', '.join(EXPORT_FORMATS)}")
    if fmt == "parquet":
        return write_parquet(conn, Path(out), where)  # type: ignore[arg-type]
    if isinstance(out, (str, Path)):
        with atomic_text(Path(out), store_path(conn)) as fh:
            return export(conn, fmt, fh, where)
    events = query_events(conn, where)
    if fmt == "jsonl":
        return _lines(out, events)
    if fmt == "plover":
        return _lines(out, _plover_records(events))
    writer = csv.DictWriter(out, fieldnames=GDELT_COLUMNS)
    writer.writeheader()
    n = 0
    for ev in events:
        writer.writerow(gdelt_row(ev))
        n += 1
    return n


def store_path(conn: sqlite3.Connection) -> Path | None:
    """The file behind ``conn`` (None for an in-memory store)."""
    for row in conn.execute("PRAGMA database_list"):
        if row[1] == "main" and row[2]:
            return Path(row[2])
    return None


def _lines(out: IO[str], records: Iterator[dict]) -> int:
    n = 0
    for rec in records:
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n


def _day(date: str | None) -> dt.date | None:
    if not date:
        return None
    try:
        return dt.date.fromisoformat(date if len(date) == 10 else (date + "-01-01")[:10])
    except ValueError:
        return None


def gdelt_row(ev: dict) -> dict:
    day = _day(ev["date"])
    src, tgt = ev["source"] or {}, ev["target"] or {}
    loc = ev["location"] or {}
    first = (ev.get("mentions") or [{}])[0]
    added = (ev.get("added_at") or "").replace("-", "").replace(":", "").replace("T", "")[:14]
    row = {
        "GLOBALEVENTID": ev["event_id"],
        "SQLDATE": day.strftime("%Y%m%d") if day else "",
        "MonthYear": day.strftime("%Y%m") if day else "",
        "Year": day.year if day else "",
        "FractionDate": round(day.year + (day.month * 30 + day.day) / 365, 4) if day else "",
        "Actor1Code": src.get("code") or "", "Actor1Name": (src.get("name") or "").upper(),
        "Actor1CountryCode": src.get("country") or "", "Actor1Type1Code": src.get("sector") or "",
        "Actor2Code": tgt.get("code") or "", "Actor2Name": (tgt.get("name") or "").upper(),
        "Actor2CountryCode": tgt.get("country") or "", "Actor2Type1Code": tgt.get("sector") or "",
        "IsRootEvent": int(ev["is_root"]), "EventCode": ev["cameo"], "EventBaseCode": ev["cameo"][:3],
        "EventRootCode": ev["cameo_root"], "QuadClass": ev["quad_class"],
        "GoldsteinScale": ev["goldstein"], "NumMentions": ev["num_mentions"],
        "NumSources": ev["num_sources"], "NumArticles": ev["num_articles"],
        "ActionGeo_FullName": loc.get("name") or "", "ActionGeo_CountryCode": loc.get("country") or "",
        "ActionGeo_Lat": loc.get("lat") if loc.get("lat") is not None else "",
        "ActionGeo_Long": loc.get("lon") if loc.get("lon") is not None else "",
        "DATEADDED": added, "SOURCEURL": ev["source_url"] or "",
        "DatePrecision": ev["date_precision"] or "", "PloverType": ev["plover"] or "",
        "PloverMode": ev["plover_mode"] or "", "Negated": int(ev["negated"]),
        "Confidence": ev["confidence"], "FirstSentence": first.get("sentence", ""),
        "Realis": ev.get("realis") or "asserted",
    }
    return {k: csv_safe(v) for k, v in row.items()}


def _plover_entity(actor: dict | None, span: dict | None) -> list[dict]:
    if not actor:
        return []
    entity = {"code": actor.get("country"), "sector": actor.get("sector"),
              "identifier_text": actor.get("name")}
    if span:
        entity["entity_text"] = span.get("text")
    return [entity]


def _plover_records(events) -> Iterator[dict]:
    """PLOVER records; the two sides of a reciprocal pair (X→Y and Y→X) become one record."""
    seen: set[tuple] = set()
    for ev in events:
        rec = plover_record(ev)
        if rec is None:
            continue
        if not rec["recipient"] and len(rec["actor"]) > 1:
            # the two halves of one reciprocal pair: same parties, code and sentence
            first = (ev.get("mentions") or [{}])[0]
            key = (frozenset(a["code"] for a in rec["actor"]), ev["cameo"], ev["date"],
                   first.get("article_id"), first.get("sentence_index"))
            if key in seen:
                continue
            seen.add(key)
        yield rec


def plover_record(ev: dict) -> dict | None:
    if not ev["plover"]:
        return None
    mentions = ev.get("mentions") or []
    first = mentions[0] if mentions else {}
    from dyad import __version__

    contexts = list(ev["contexts"]) + (["negation"] if ev["negated"] else [])
    actor = _plover_entity(ev["source"], first.get("source"))
    recipient = _plover_entity(ev["target"], first.get("target"))
    if first.get("joint") and ev["source"] and ev["target"]:
        # PLOVER codes a joint event (a meeting, "X and Y signed a treaty") once, with all
        # participants as the actor and no recipient
        actor, recipient = actor + recipient, []
    return {
        "id": ev["event_id"],
        "date": ev["date"],
        "actor": actor,
        "recipient": recipient,
        "event": [ev["plover"]],
        "mode": [ev["plover_mode"]] if ev["plover_mode"] else [],
        "context": contexts,
        "event_loc": ev["location"],
        "event_text": [m["sentence"] for m in mentions],
        "quad_code": ev["quad_class"],
        "event_scale": ev["goldstein"],
        "text_info": {"sequence": first.get("sentence_index"),
                      "start": (first.get("trigger") or {}).get("start_char"),
                      "end": (first.get("trigger") or {}).get("end_char")},
        "cite_info": {"url": first.get("url"), "title": first.get("title"),
                      "publication": first.get("outlet"), "language": "en",
                      "coder": f"dyad {__version__}", "codebook": "CAMEO→PLOVER (dyad)"},
        "coder": f"dyad {__version__}",
        "coded_date": (ev.get("added_at") or "")[:10] or None,
        "comment": None,
        # beyond the manual's fields
        "cameo": ev["cameo"], "num_mentions": ev["num_mentions"], "num_sources": ev["num_sources"],
        "num_articles": ev["num_articles"],
        "mentions": [{"article_id": m["article_id"], "sentence_index": m["sentence_index"],
                      "start": m["trigger"]["start_char"], "end": m["trigger"]["end_char"]}
                     for m in mentions],
    }


# --- Parquet --------------------------------------------------------------------------------------
def _parquet_schema():
    import pyarrow as pa

    actor = pa.struct([("code", pa.string()), ("country", pa.string()), ("sector", pa.string()),
                       ("name", pa.string())])
    mention = pa.struct([("article_id", pa.string()), ("sentence_index", pa.int32()),
                         ("sentence", pa.string()), ("trigger_start", pa.int32()),
                         ("trigger_end", pa.int32()), ("trigger_text", pa.string()),
                         ("date", pa.string()), ("url", pa.string()), ("outlet", pa.string())])
    return pa.schema([
        ("event_id", pa.string()), ("date", pa.string()), ("date_precision", pa.string()),
        ("source", actor), ("target", actor), ("cameo", pa.string()), ("cameo_root", pa.string()),
        ("goldstein", pa.float64()), ("quad_class", pa.int8()), ("plover", pa.string()),
        ("plover_mode", pa.string()), ("negated", pa.bool_()), ("num_mentions", pa.int32()),
        ("num_sources", pa.int32()), ("num_articles", pa.int32()), ("confidence", pa.float64()),
        ("source_url", pa.string()), ("realis", pa.string()), ("mentions", pa.list_(mention)),
    ])


def _parquet_row(ev: dict) -> dict:
    row = {k: ev[k] for k in ("event_id", "date", "date_precision", "source", "target", "cameo",
                              "cameo_root", "goldstein", "quad_class", "plover", "plover_mode",
                              "negated", "num_mentions", "num_sources", "num_articles",
                              "confidence", "source_url")}
    row["realis"] = ev.get("realis") or "asserted"
    row["mentions"] = [{"article_id": m["article_id"], "sentence_index": m["sentence_index"],
                        "sentence": m["sentence"], "trigger_start": m["trigger"]["start_char"],
                        "trigger_end": m["trigger"]["end_char"], "trigger_text": m["trigger"]["text"],
                        "date": m["date"], "url": m["url"], "outlet": m["outlet"]}
                       for m in ev.get("mentions") or []]
    return row


def _month(date: str | None) -> str:
    return date[:7] if date and len(date) >= 7 else (f"{date}-00" if date else "undated")


def write_parquet(conn: sqlite3.Connection, folder: Path, where: EventFilter = EventFilter(),
                  rows_per_group: int = 5000) -> int:
    """Events partitioned by month under ``folder`` (``month=YYYY-MM``; year-precision dates go
    to ``month=YYYY-00``); events are read in date order, so one writer is open at a time. The
    folder appears only when complete."""
    with atomic_folder(folder, store_path(conn)) as tmp:
        return _write_parquet(conn, tmp, where, rows_per_group)


def _write_parquet(conn: sqlite3.Connection, folder: Path, where: EventFilter,
                   rows_per_group: int) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema()
    writer, current, rows, n = None, None, [], 0

    def flush() -> None:
        if rows and writer is not None:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            rows.clear()

    for ev in query_events(conn, where):
        month = _month(ev["date"])
        if month != current:
            flush()
            if writer is not None:
                writer.close()
            part = folder / f"month={month}"
            part.mkdir()
            writer = pq.ParquetWriter(part / "part-0.parquet", schema)
            current = month
        rows.append(_parquet_row(ev))
        n += 1
        if len(rows) >= rows_per_group:
            flush()
    flush()
    if writer is not None:
        writer.close()
    return n
