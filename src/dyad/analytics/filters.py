"""Which events an analysis reads, and at which actor level it counts them.

**Actor roll-up.** An actor value matches every code it is a prefix of: ``PRK`` is the country
and all its sectors (PRK, PRKGOV, PRKMIL, …), ``PRKGOV`` only that sector (and its sub-codes).
Several values are given as ``("PRK", "KOR")`` or ``"PRK,KOR"``.

**Level.** ``level="country"`` names each side by its country (the ``*_country`` column, else
the code's first three letters) — or by the filter value it matched when that value is more
specific (``PRKGOV``); ``level="sector"`` names each side by its full code.

**One act counted once (dedup across granularity).** The store merges mentions into one event
when source code, target code, CAMEO code, negation and date window agree; so "North Korea
threatened the US" and "Pyongyang's government threatened the US" in the same week are two
events, PRK→USA and PRKGOV→USA. An analysis re-applies the same rule *at the level asked*: events
whose rolled-up source, rolled-up target, CAMEO code, negation and date window agree are one
**act**, counted once; its mentions are the sum of its events' mentions, its date the earliest of
theirs, and its evidence all their event ids. At ``level="sector"`` an act is a stored event.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields

LEVELS = ("country", "sector")
_CODE = re.compile(r"^[A-Z0-9]+$")
_PLOVER = re.compile(r"^[A-Z_]+$")


def _values(value, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = value.split(",")
    out = tuple(str(v).strip().upper() for v in value if str(v).strip())
    return out


@dataclass(frozen=True)
class ActorFilter:
    """The events an analysis reads. ``source``/``target``/``actor`` (either side) are actor
    codes matched by prefix; ``plover`` PLOVER types, ``root`` CAMEO roots ("1"–"20"), ``quad``
    QuadClasses (1–4); ``since``/``until`` ISO dates (``until`` may be ``YYYY`` or
    ``YYYY-MM``: inclusive of that whole year/month); negated events are left out unless
    ``include_negated``. Strings are accepted for the tuples ("PRK,KOR")."""

    source: tuple = ()
    target: tuple = ()
    actor: tuple = ()
    plover: tuple = ()
    root: tuple = ()
    quad: tuple = ()
    since: str | None = None
    until: str | None = None
    level: str = "country"
    include_negated: bool = False
    realis: str = "asserted"   # a dyad.events.realis value, or "all"

    def __post_init__(self) -> None:
        from dyad.store.queries import realis_value

        object.__setattr__(self, "realis", realis_value(self.realis))
        for name in ("source", "target", "actor"):
            vals = _values(getattr(self, name), name)
            for v in vals:
                if not _CODE.match(v):
                    raise ValueError(f"bad {name} code '{v}': use letters and digits, e.g. PRK or "
                                     "PRKGOV (several as PRK,KOR)")
            object.__setattr__(self, name, vals)
        plover = _values(self.plover, "plover")
        for v in plover:
            if not _PLOVER.match(v):
                raise ValueError(f"bad plover type '{v}': a PLOVER name such as ACCUSE or ASSAULT")
        object.__setattr__(self, "plover", plover)
        roots = []
        for v in _values(self.root, "root"):
            if not v.isdigit() or not 1 <= int(v) <= 20:
                raise ValueError(f"bad root '{v}': a CAMEO root code from 01 to 20")
            roots.append(f"{int(v):02d}")
        object.__setattr__(self, "root", tuple(roots))
        quads = []
        for v in _values(self.quad, "quad"):
            if v not in {"1", "2", "3", "4"}:
                raise ValueError(f"bad quad '{v}': a QuadClass 1, 2, 3 or 4")
            quads.append(int(v))
        object.__setattr__(self, "quad", tuple(quads))
        if self.level not in LEVELS:
            raise ValueError(f"bad level '{self.level}': choose one of {', '.join(LEVELS)}")
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and not re.match(r"^\d{4}(-\d{2}(-\d{2})?)?$", str(value)):
                raise ValueError(f"bad {name} '{value}': an ISO date YYYY[-MM[-DD]]")

    def to_dict(self) -> dict:
        return {f.name: (list(v) if isinstance(v := getattr(self, f.name), tuple) else v)
                for f in fields(self)}

    def replace(self, **changes) -> "ActorFilter":
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return ActorFilter(**values)


def _glob_any(column: str, values: tuple[str, ...], params: list) -> str:
    params.extend(v + "*" for v in values)
    return "(" + " OR ".join(f"{column} GLOB ?" for _ in values) + ")"


def where(flt: ActorFilter, min_date_len: int = 0, alias: str = "e", dated: bool = True
          ) -> tuple[str, list]:
    """SQL ``WHERE`` clause (with its parameters) selecting the filter's events; with
    ``min_date_len`` only events whose date is at least that precise (10 = day, 7 = month,
    4 = year); else dated events only, unless ``dated`` is False."""
    clauses: list[str] = []
    params: list = []
    a = alias
    if flt.source:
        clauses.append(_glob_any(f"{a}.source_code", flt.source, params))
    if flt.target:
        clauses.append(_glob_any(f"{a}.target_code", flt.target, params))
    if flt.actor:
        clauses.append("(" + _glob_any(f"{a}.source_code", flt.actor, params) + " OR "
                       + _glob_any(f"{a}.target_code", flt.actor, params) + ")")
    for column, values in (("plover", flt.plover), ("cameo_root", flt.root), ("quad_class", flt.quad)):
        if values:
            clauses.append(f"{a}.{column} IN ({','.join('?' * len(values))})")
            params.extend(values)
    if flt.since:
        clauses.append(f"{a}.date >= ?")
        params.append(flt.since)
    if flt.until:
        clauses.append(f"substr({a}.date, 1, ?) <= ?")
        params += [len(flt.until), flt.until]
    if not flt.include_negated:
        clauses.append(f"{a}.negated = 0")
    if flt.realis != "all":
        clauses.append(f"{a}.realis = ?")
        params.append(flt.realis)
    if min_date_len:
        clauses.append(f"length({a}.date) >= {int(min_date_len)}")
    elif dated:
        clauses.append(f"{a}.date IS NOT NULL")
    return " WHERE " + (" AND ".join(clauses) or "1"), params


def side_key(side: str, values: tuple[str, ...], level: str, alias: str = "e") -> tuple[str, list]:
    """SQL expression naming one side of an event at ``level`` (see the module docstring):
    the longest filter value it matched when that is more specific than a country, else its
    country (``level="country"``) or its full code (``level="sector"``). NULL when the side has
    no actor."""
    code, country = f"{alias}.{side}_code", f"{alias}.{side}_country"
    if level == "sector":
        return code, []
    rolled = f"COALESCE({country}, substr({code}, 1, 3))"
    specific = sorted((v for v in values if len(v) > 3), key=len, reverse=True)
    if not specific:
        return rolled, []
    params: list = []
    whens = []
    for v in specific:
        whens.append(f"WHEN {code} GLOB ? THEN ?")
        params += [v + "*", v]
    return f"(CASE {' '.join(whens)} ELSE {rolled} END)", params


def acts_sql(flt: ActorFilter, min_date_len: int = 0, extra: str = "",
             articles: bool = False) -> tuple[str, list]:
    """SQL listing the filter's **acts** (events merged at the level asked): columns ``sk``,
    ``tk`` (the two sides' names; ``tk`` is '' when there is no target), ``cameo``,
    ``negated``, ``date`` (earliest), ``quad``, ``plover``, ``goldstein``, ``mentions`` (sum),
    ``n_events`` and ``ids`` (comma-joined event ids); with ``articles`` also ``arts`` (the
    distinct article ids of their mentions, read in the same pass). ``extra`` is appended to
    the WHERE."""
    sk, sp = side_key("source", flt.source or flt.actor, flt.level)
    tk, tp = side_key("target", flt.target or flt.actor, flt.level)
    cond, cp = where(flt, min_date_len)
    if articles:
        mentions, arts = "count(m.mention_id)", ", group_concat(DISTINCT m.article_id) AS arts"
        join = " LEFT JOIN mentions m ON m.event_key = e.event_key"
    else:
        mentions, arts, join = "sum(e.num_mentions)", "", ""
    sql = (f"SELECT {sk} AS sk, COALESCE({tk}, '') AS tk, e.cameo AS cameo, e.negated AS negated, "
           "min(e.date) AS date, max(e.quad_class) AS quad, max(e.plover) AS plover, "
           f"max(e.goldstein) AS goldstein, {mentions} AS mentions, "
           f"count(DISTINCT e.event_key) AS n_events, group_concat(DISTINCT e.event_key) AS ids{arts} "
           f"FROM events e{join}{cond}{extra} "
           "GROUP BY sk, tk, e.cameo, e.negated, e.date_window")
    return sql, sp + tp + cp
