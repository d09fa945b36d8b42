"""Which actor codes, PLOVER types and dates a query may name, so that a typo is a 400 that
lists the options instead of an empty answer that looks like "no events".

An actor code is known when its first three letters are a country code of the built-in
dictionaries (ISO alpha-3 and the special IGO, UNO…) followed by known sector codes
(``PRKGOV``, ``USAMILSPY``), or when events in the store carry a code that starts with it
(user dictionaries may define their own countries)."""
from __future__ import annotations

import csv
import datetime as dt
import re
import sqlite3
from functools import lru_cache
from importlib import resources

from dyad.api.errors import bad_parameter

_FORMAT = re.compile(r"^[A-Z0-9]+$")
# (file, column holding a country code, column holding a sector code)
_ACTOR_FILES = (("countries.tsv", "iso3", None), ("metonyms.tsv", "iso3", "sector"),
                ("organisations.tsv", "country", "sector"), ("people.tsv", "iso3", "sector"),
                ("sectors.tsv", None, "sector"))


@lru_cache(maxsize=1)
def builtin_codes() -> tuple[frozenset[str], frozenset[str]]:
    """(country codes, sector codes) named by the built-in actor dictionaries."""
    from dyad.actors.lexicon import SPECIAL_COUNTRIES

    countries, sectors = set(SPECIAL_COUNTRIES), set()
    folder = resources.files("dyad") / "data" / "actors"
    for name, country_col, sector_col in _ACTOR_FILES:
        lines = [ln for ln in (folder / name).read_text(encoding="utf-8").splitlines()
                 if ln.strip() and not ln.startswith("#")]
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
            if country_col and (row.get(country_col) or "").strip():
                countries.add(row[country_col].strip())
            if sector_col and (row.get(sector_col) or "").strip():
                sectors.update(s.strip() for s in row[sector_col].split("|") if s.strip())
    return frozenset(countries), frozenset(sectors)


def _builtin(code: str) -> bool:
    countries, sectors = builtin_codes()
    if code[:3] not in countries:
        return False
    rest = code[3:]
    return len(rest) % 3 == 0 and all(rest[i:i + 3] in sectors for i in range(0, len(rest), 3))


def _in_store(conn: sqlite3.Connection, code: str) -> bool:
    pattern = code + "*"
    return conn.execute("SELECT 1 FROM events WHERE source_code GLOB ? OR target_code GLOB ? "
                        "LIMIT 1", (pattern, pattern)).fetchone() is not None


def actor_codes(conn: sqlite3.Connection, name: str, values: tuple[str, ...]) -> tuple[str, ...]:
    """Upper-cased codes, each checked; the first unknown one is a 400."""
    out = []
    for raw in values:
        code = raw.strip().upper()
        if not _FORMAT.match(code):
            raise bad_parameter(name, raw, f"bad {name} code '{raw}': use letters and digits, "
                                "e.g. PRK or PRKGOV; several as PRK|KOR")
        if not (_builtin(code) or _in_store(conn, code)):
            raise bad_parameter(name, raw, f"unknown {name} code '{raw}': not a country code "
                                "(ISO 3166-1 alpha-3, or IGO UNO EUR NGO IMG MNC) with known "
                                "sector codes, and no stored event's actor code starts with it")
        out.append(code)
    return tuple(out)


def plover_types(name: str, values: tuple[str, ...]) -> tuple[str, ...]:
    from dyad.ontology import plover_types as known

    types = known()
    out = []
    for raw in values:
        value = raw.strip().upper()
        if value not in types:
            raise bad_parameter(name, raw, f"unknown PLOVER type '{raw}'", sorted(types))
        out.append(value)
    return tuple(out)


def cameo_roots(name: str, values: tuple[str, ...]) -> tuple[str, ...]:
    out = []
    for raw in values:
        if not raw.strip().isdigit() or not 1 <= int(raw) <= 20:
            raise bad_parameter(name, raw, f"bad CAMEO root '{raw}': a number from 01 to 20")
        out.append(f"{int(raw):02d}")
    return tuple(out)


def quad_classes(name: str, values: tuple[str, ...]) -> tuple[int, ...]:
    valid = {"1": "verbal cooperation", "2": "material cooperation", "3": "verbal conflict",
             "4": "material conflict"}
    out = []
    for raw in values:
        if raw.strip() not in valid:
            raise bad_parameter(name, raw, f"bad QuadClass '{raw}': 1-4", valid)
        out.append(int(raw))
    return tuple(out)


_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def date_prefix(name: str, value: str | None) -> str | None:
    """A YYYY, YYYY-MM or YYYY-MM-DD date that exists, or a 400."""
    if value is None or value == "":
        return None
    value = value.strip()
    ok = bool(_DATE.match(value))
    if ok:
        parts = [int(p) for p in value.split("-")] + [1, 1]
        try:
            dt.date(parts[0], parts[1], parts[2])
        except ValueError:
            ok = False
    if not ok:
        raise bad_parameter(name, value, f"bad date '{value}' for {name}: use YYYY-MM-DD "
                            "(or YYYY-MM, YYYY)")
    return value
