"""The event rebuild as it was before it moved into SQL aggregates (dyad.store.dedup.recompute):
a Python loop over every mention of each event. Kept as the oracle the SQL version must match
value for value, and as the "before" of scripts/tiny_ingest_bench.py."""
import json
import sqlite3
from typing import Iterable

from dyad.store.dedup import _UPSERT, date_window

_MENTIONS = """
SELECT m.*, a.outlet AS outlet, a.url AS url, a.id AS art
FROM mentions m JOIN articles a ON a.id = m.article_id
WHERE m.event_key = ?
ORDER BY m.date IS NULL, m.date, m.article_id, m.sentence_index, m.mention_id
"""


def recompute(conn: sqlite3.Connection, keys: Iterable[str], now: str) -> None:
    for key in sorted(set(keys)):
        rows = conn.execute(_MENTIONS, (key,)).fetchall()
        if not rows:
            conn.execute("DELETE FROM events WHERE event_key = ?", (key,))
            continue
        first = rows[0]
        record = json.loads(first["record"])
        location = next((json.loads(r["record"]).get("location") for r in rows
                         if json.loads(r["record"]).get("location")), None)
        articles = {r["art"] for r in rows}
        sources = {r["outlet"] or r["art"] for r in rows}
        url = next((r["url"] for r in rows if r["url"]), None)
        old = conn.execute("SELECT added_at FROM events WHERE event_key = ?", (key,)).fetchone()
        realis = [r["realis"] for r in rows]
        conn.execute(_UPSERT, (
            key, date_window(first["date"]), first["date"], first["date_precision"],
            first["source_code"], first["source_country"], first["source_sector"], first["source_name"],
            first["target_code"], first["target_country"], first["target_sector"], first["target_name"],
            first["cameo"], first["cameo_root"], first["goldstein"], first["quad_class"],
            first["plover"], first["plover_mode"], json.dumps(record.get("contexts") or []),
            first["negated"], json.dumps(location) if location else None,
            len(rows), len(sources), len(articles), max(r["confidence"] or 0 for r in rows),
            first["mention_id"], url, int(any(r["sentence_index"] == 0 for r in rows)),
            old["added_at"] if old else now, "asserted" if "asserted" in realis else realis[0]))
