"""The ``/events`` query language: filters with several values as ``a|b`` (OR within a
parameter, AND across parameters, as ACLED's API reads them), keyset pagination behind an
opaque cursor, and field selection. The SQL for each single value comes from the store's own
``where_clause``, so the API and ``dyad events`` select exactly the same events."""
from __future__ import annotations

import base64
import binascii
import hashlib
import json
import sqlite3
from dataclasses import dataclass, fields as dc_fields

from dyad.api import codes
from dyad.api.errors import bad_parameter
from dyad.store.queries import REALIS_CHOICES, EventFilter, realis_value, where_clause

EVENT_FIELDS = ("event_id", "date", "date_precision", "date_window", "source", "target", "cameo",
                "cameo_root", "goldstein", "quad_class", "plover", "plover_mode", "contexts",
                "negated", "location", "num_mentions", "num_sources", "num_articles",
                "confidence", "is_root", "source_url", "added_at", "realis", "mentions")
MAX_LIMIT = 1000
DEFAULT_LIMIT = 50


def split(value: str | None) -> tuple[str, ...]:
    """``"PRK|KOR"`` → ``("PRK", "KOR")``; empty parts are dropped."""
    if value is None:
        return ()
    return tuple(part.strip() for part in value.split("|") if part.strip())


@dataclass(frozen=True)
class EventQuery:
    source: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    actor: tuple[str, ...] = ()
    plover: tuple[str, ...] = ()
    root: tuple[str, ...] = ()
    quad: tuple[int, ...] = ()
    since: str | None = None
    until: str | None = None
    text: str | None = None
    negated: bool | None = None     # None: both; False: leave negated out; True: only negated
    ids: tuple[str, ...] = ()       # event ids (e.g. a series period's evidence)
    order: str = "asc"
    realis: str = "asserted"        # a dyad.events.realis value, or "all"

    @classmethod
    def parse(cls, conn: sqlite3.Connection, *, source=None, target=None, actor=None, plover=None,
              root=None, quad=None, since=None, until=None, text=None, negated=None,
              ids=None, order="asc", realis="asserted") -> "EventQuery":
        """Check every parameter (a 400 naming it on the first bad one) and normalise it."""
        if order not in ("asc", "desc"):
            raise bad_parameter("order", order, f"bad order '{order}'", ["asc", "desc"])
        try:
            realis = realis_value(realis)
        except ValueError as exc:
            raise bad_parameter("realis", realis, str(exc), list(REALIS_CHOICES)) from None
        id_list = split(ids)
        if len(id_list) > MAX_LIMIT:
            raise bad_parameter("id", f"{len(id_list)} ids", f"at most {MAX_LIMIT} event ids")
        return cls(source=codes.actor_codes(conn, "source", split(source)),
                   target=codes.actor_codes(conn, "target", split(target)),
                   actor=codes.actor_codes(conn, "actor", split(actor)),
                   plover=codes.plover_types("plover", split(plover)),
                   root=codes.cameo_roots("root", split(root)),
                   quad=codes.quad_classes("quad", split(quad)),
                   since=codes.date_prefix("since", since), until=codes.date_prefix("until", until),
                   text=text or None, negated=negated, ids=id_list, order=order, realis=realis)

    def fingerprint(self) -> str:
        """Identifies the selection (not the page), so a cursor cannot be replayed on another."""
        state = {f.name: getattr(self, f.name) for f in dc_fields(self)}
        return hashlib.sha1(json.dumps(state, sort_keys=True).encode()).hexdigest()[:12]

    def where(self) -> tuple[list[str], list]:
        clauses: list[str] = []
        params: list = []
        for name in ("source", "target", "actor", "plover", "root"):
            values = getattr(self, name)
            if not values:
                continue
            parts = []
            for value in values:
                sql, ps = where_clause(EventFilter(**{name: value}, realis="all"))
                parts.append(sql.removeprefix(" WHERE "))
                params += ps
            clauses.append("(" + " OR ".join(parts) + ")")
        if self.quad:
            clauses.append(f"e.quad_class IN ({','.join('?' * len(self.quad))})")
            params += list(self.quad)
        single = EventFilter(since=self.since, until=self.until, text=self.text, realis=self.realis)
        sql, ps = where_clause(single)
        if sql:
            clauses.append(sql.removeprefix(" WHERE "))
            params += ps
        if self.ids:
            clauses.append(f"e.event_key IN ({','.join('?' * len(self.ids))})")
            params += list(self.ids)
        if self.negated is not None:
            clauses.append("e.negated = ?")
            params.append(int(self.negated))
        return clauses, params


# Page order: by date, undated events last, then event key. Written as one expression per
# direction so that the expression indexes events_page_asc / events_page_desc (store schema) serve
# both the ORDER BY and the keyset condition: a page costs an index seek, not a sort of the store.
_ASC, _DESC = "coalesce(e.date, '~')", "coalesce(e.date, '')"  # '~' sorts after, '' before, every date


def order_by(order: str) -> str:
    if order == "desc":
        return f" ORDER BY {_DESC} DESC, e.event_key DESC"
    return f" ORDER BY {_ASC}, e.event_key"


def after(order: str, date: str | None, key: str) -> tuple[str, list]:
    """The keyset condition: rows strictly after (date, key) in the page order."""
    # the lone range term lets SQLite seek in the index; the row value then breaks the date's ties
    if order == "desc":
        return f"({_DESC} <= ? AND ({_DESC}, e.event_key) < (?, ?))", [date or "", date or "", key]
    return f"({_ASC} >= ? AND ({_ASC}, e.event_key) > (?, ?))", [date or "~", date or "~", key]


def encode_cursor(query: EventQuery, date: str | None, key: str) -> str:
    raw = json.dumps({"d": date, "k": key, "q": query.fingerprint()}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(query: EventQuery, token: str) -> tuple[str | None, str]:
    problem = bad_parameter("cursor", token, "bad cursor: pass the cursor (or follow the `next` "
                            "URL) of the previous page of the same query")
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        state = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise problem from None
    if not isinstance(state, dict) or not isinstance(state.get("k"), str) or \
            not isinstance(state.get("d"), (str, type(None))):
        raise problem
    if state.get("q") != query.fingerprint():
        raise bad_parameter("cursor", token, "this cursor belongs to a query with other filters: "
                            "follow the `next` URL, or drop the cursor to start again")
    return state["d"], state["k"]


def parse_fields(value: str | None) -> tuple[str, ...]:
    if not value:
        return EVENT_FIELDS
    out = []
    for name in (part.strip() for part in value.split(",")):
        if not name:
            continue
        if name not in EVENT_FIELDS:
            raise bad_parameter("fields", name, f"unknown field '{name}'", list(EVENT_FIELDS))
        out.append(name)
    return tuple(out) or EVENT_FIELDS


def parse_limit(value: int) -> int:
    if value < 1 or value > MAX_LIMIT:
        raise bad_parameter("limit", value, f"limit must be from 1 to {MAX_LIMIT} (got {value}); "
                            "page through more with the `next` URL", {"min": 1, "max": MAX_LIMIT})
    return value
