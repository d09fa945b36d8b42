"""The actor dictionaries: tab-separated files in ``dyad/data/actors/``, loaded and validated.

Files (UTF-8, first line the exact header, ``|`` separates alternatives inside a column,
blank lines and lines starting with ``#`` are skipped):

* ``countries.tsv``     ``iso3 name aliases demonyms``  -> kinds "country" and "demonym"
* ``metonyms.tsv``      ``text iso3 sector note``       -> kind "metonym"
* ``organisations.tsv`` ``name aliases country sector`` -> kind "organisation"
* ``people.tsv``        ``name aliases iso3 sector role start end`` -> kind "person"
* ``sectors.tsv``       ``word sector``                 -> ``Lexicon.sector_words``
* ``ethnic_groups.tsv`` ``name aliases homeland lives_in`` -> kind "ethnic"
* ``regions.tsv``       ``name aliases states adjectives note`` -> kind "region"
* ``religious_groups.tsv`` ``name aliases lives_in`` -> kind "religious"

Conventions:

* Country codes are ISO 3166-1 alpha-3 (plus XKX for Kosovo) or one of SPECIAL_COUNTRIES:
  UN bodies UNO, EU institutions EUR, other intergovernmental bodies IGO, NGOs NGO,
  transnational militant groups IMG, multinational companies MNC. National bodies, parties,
  armed groups and media carry their country's code. Former states are coded as their
  successor (Soviet Union/USSR/Soviet -> RUS, Yugoslavia -> SRB, Kampuchea -> KHM,
  Czechoslovakia -> CZE, East/West Germany -> DEU, Zaire -> COD). Armed groups carry the
  state they fight in: the KLA is XKX (as "Kosovo" is), the SPLA SDN (its 1983-2005 war).
* Organisation sectors: a general-purpose intergovernmental body (UN, Security Council, EU,
  AU, ASEAN...) and an IMG group have no sector - the country code says what it is. A body
  gets a sector only when its function is one of the CAMEO sectors: courts JUD, parliaments
  LEG, military alliances and forces MIL (so NATO is IGO MIL), police COP, health HLH,
  refugee agencies REF, human-rights bodies HRI, media MED, intelligence SPY, development DEV.
  National armed groups are REB (Taliban AFG REB, Hamas PSE REB); Wagner is RUS UAF.
* Metonyms are stored without a leading "the" ("White House", "Pentagon"); ``lookup`` drops
  a leading "the " when the phrase as given is not found. "The Hague" keeps its article.
  Capitals whose name equals their country's (Singapore, Monaco...) are not repeated there.
* Ethnic groups are coded by the state they live in (CAMEO), not by a kin-state. An
  "ethnic" entry's ``country`` is its homeland (Serbs SRB) or, for a stateless group
  (Kurds, Tamils, Hutu), the first of its ``places``; ``places`` lists the states it lives
  in as a community, and ``stateless`` says it has no homeland. The resolver picks the state
  (see ethnic_groups.tsv and ``resolve.ArticleActors._ethnic_country``).
* Regions (provinces, breakaway and disputed places: Northern Ireland, Chechnya, Tibet,
  Darfur, Crimea) are coded by their state; a region split between states (Kashmir
  IND|PAK) lists them all, most usual first, and is ``stateless`` like a stateless ethnic
  group: the resolver takes the one the article names. Adjectives and phrases that place a
  movement in a region ("Northern Irish", "Irish republican") are entries of the region.
* Religious communities (Muslims, Christians, Shia, Maronites) have no state: like
  stateless ethnic groups they take the state the phrase, a place or the article names;
  ``places`` lists the states a community is confined to (Maronites LBN), empty for
  anywhere, and then ``country`` is empty.
* Sector words: protesters, demonstrators and activists are CVL (civilians acting); organised
  opposition is OPP ("opposition activists"). Defence ministers are GOV like other ministers.
* Case: every phrase is matched case-sensitively unless it is written all in lower case in
  the file ("hermit kingdom"); sector words are always lower case and matched folded.
* People: one row per (person, role period); empty ``end`` means still in office as of
  2025-12-31. Aliases are full alternative spellings, never bare surnames.
* Conflicts: the same phrase may not map to two countries within one kind; for people only
  when the two role periods overlap (Ban Ki-moon is KOR then UNO).

User files (``parse_actor_file``/``load_lexicon(extra_files)``) have the header
``phrase country sector name role start end``; only phrase and country are required and
trailing empty columns may be left out. A row whose role is ``country`` defines a new
country code (three capital letters: fictional or historical states such as "Gondor GON");
other rows with a role or a date are "person"s, any other an "organisation"; ``name``
defaults to the phrase. User entries come first in lookups.
"""
from __future__ import annotations

import datetime as dt
import functools
import pathlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from dyad.errors import DyadError

SECTORS: frozenset[str] = frozenset(
    "GOV MIL COP JUD LEG OPP PTY REB INS SEP UAF MED CVL BUS LAB EDU HLH REF ELI SPY CRM "
    "HRI AGR ENV DEV REL MOD RAD NGO IGO MNC".split())
FAMILY_NAME_FIRST: frozenset[str] = frozenset({"CHN", "PRK", "KOR", "VNM", "TWN", "HKG", "MNG"})
# Burmese names have no family name: "Ne Win" is never "Win", "San Yu" never "Yu".
NO_FAMILY_NAME: frozenset[str] = frozenset({"MMR"})
# Family names that are also common words, given names or very common surnames elsewhere: a
# known person is never found by one of these alone ("Taylor said", "Perry", "Franco").
COMMON_WORD_SURNAMES: frozenset[str] = frozenset("""
Smith English King Friday Young Note Bird Parts Gross Win Paul James Charles Thomas Henry Joseph
Stephen Christian Scott Philip Richard Bishop Hill Taylor Wagner Said Jones Williams White Perry
Stevens Banana Sawyer Michel Franco Madrid Sol Avril Duncan Pot Sim Ling Sy Yu Terry Palma
""".split())
SPECIAL_COUNTRIES: frozenset[str] = frozenset({"IGO", "UNO", "EUR", "NGO", "IMG", "MNC"})
KINDS = ("country", "demonym", "metonym", "organisation", "person", "ethnic", "region",
         "religious")
USER_HEADER = ("phrase", "country", "sector", "name", "role", "start", "end")
_HEADERS = {
    "countries.tsv": ("iso3", "name", "aliases", "demonyms"),
    "metonyms.tsv": ("text", "iso3", "sector", "note"),
    "organisations.tsv": ("name", "aliases", "country", "sector"),
    "people.tsv": ("name", "aliases", "iso3", "sector", "role", "start", "end"),
    "sectors.tsv": ("word", "sector"),
    "ethnic_groups.tsv": ("name", "aliases", "homeland", "lives_in"),
    "regions.tsv": ("name", "aliases", "states", "adjectives", "note"),
    "religious_groups.tsv": ("name", "aliases", "lives_in"),
}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CODE = re.compile(r"[A-Z]{3}")


class LexiconError(DyadError, ValueError):
    """A dictionary file is malformed; the message names file:line, the fault and the fix."""


@dataclass(frozen=True)
class Entry:
    phrase: str
    kind: str
    country: str
    sector: str | None
    name: str
    role: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    case_sensitive: bool = True
    places: tuple[str, ...] = ()  # ethnic groups: the states they live in, most usual first
    stateless: bool = False  # ethnic groups without a homeland of their own
    adjective: bool = False  # regions: an adjective form ("Northern Irish"), not the place's name


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


def role_distance(entry: Entry, on: dt.date) -> int:
    """Days between ``on`` and the entry's role period (0 inside it or undated)."""
    if entry.start and on < entry.start:
        return (entry.start - on).days
    if entry.end and on > entry.end:
        return (on - entry.end).days
    return 0


@dataclass(frozen=True, eq=False)  # compared and hashed by identity
class Lexicon:
    entries: tuple[Entry, ...]
    sector_words: dict[str, str]
    countries: dict[str, str]
    _exact: dict[str, list[Entry]] = field(init=False, repr=False, compare=False)
    _folded: dict[str, list[Entry]] = field(init=False, repr=False, compare=False)

    def place_names(self) -> list[Entry]:
        """The names and aliases of states and of sub-national places (no demonyms, no
        adjectives): what the gazetteer (dyad.places) knows these places by, so that both
        stages call a place the same."""
        return [e for e in self.entries
                if e.kind == "country" or (e.kind == "region" and not e.adjective)]

    @functools.cached_property
    def surnames(self) -> dict[str, tuple[Entry, ...]]:
        """Person entries by family name ("Putin", "Obama"; "Xi", "Kim" where the family
        name comes first), for resolving a famous surname used alone."""
        out: dict[str, list[Entry]] = {}
        for e in self.entries:
            if e.kind != "person" or e.country in NO_FAMILY_NAME:
                continue
            parts = e.name.replace("-", " ").split()
            keys = {e.name.split()[-1]}
            if e.country in FAMILY_NAME_FIRST and len(parts) > 1:
                keys.add(parts[0])
            for key in keys:
                if key[:1].isupper() and len(key) >= 2 and key not in COMMON_WORD_SURNAMES:
                    out.setdefault(key, []).append(e)
        return {k: tuple(v) for k, v in out.items()}

    def __post_init__(self) -> None:
        exact: dict[str, list[Entry]] = {}
        folded: dict[str, list[Entry]] = {}
        for e in self.entries:
            if e.case_sensitive:
                exact.setdefault(_norm(e.phrase), []).append(e)
            else:
                folded.setdefault(_norm(e.phrase).lower(), []).append(e)
        object.__setattr__(self, "_exact", exact)
        object.__setattr__(self, "_folded", folded)

    def _find(self, phrase: str) -> list[Entry]:
        key = _norm(phrase)
        return self._exact.get(key, []) + self._folded.get(key.lower(), [])

    def lookup(self, phrase: str, on: dt.date | None = None) -> list[Entry]:
        """Entries for ``phrase`` (case rules applied, a leading "the " dropped if needed).

        With ``on``, person entries are narrowed to roles held that day; when none was, all
        of them are kept, closest role period first, so a known person is never lost."""
        hits = self._find(phrase)
        if not hits and phrase[:4].lower() == "the ":
            hits = self._find(phrase[4:])
        hits = list(dict.fromkeys(hits))
        if on is None:
            return hits
        people = [e for e in hits if e.kind == "person"]
        current = [e for e in people if role_distance(e, on) == 0]
        others = [e for e in hits if e.kind != "person"]
        return others + (current or sorted(people, key=lambda e: role_distance(e, on)))


# --- reading and validating -----------------------------------------------------------------
def _fail(where: str, line: int, what: str, fix: str) -> LexiconError:
    return LexiconError(f"{where}:{line}: {what}", fix)


def _rows(text: str, where: str, header: tuple[str, ...], min_cols: int | None = None
          ) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, cells padded to the header's width) after checking the header."""
    lines = [(n, raw.rstrip("\r\n")) for n, raw in enumerate(text.splitlines(), 1)]
    lines = [(n, ln) for n, ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines or tuple(c.strip() for c in lines[0][1].split("\t")) != header:
        n = lines[0][0] if lines else 1
        raise _fail(where, n, f"wrong header {lines[0][1]!r}" if lines else "empty file",
                    "The first line must be the tab-separated header: " + "\\t".join(header))
    width = len(header)
    for n, ln in lines[1:]:
        cells = [c.strip() for c in ln.split("\t")]
        if not (min_cols or width) <= len(cells) <= width:
            raise _fail(where, n, f"{len(cells)} columns, expected {width}",
                        "Separate columns with single tabs; use | inside a column")
        yield n, cells + [""] * (width - len(cells))


def _split(cell: str, where: str, n: int, column: str) -> list[str]:
    if not cell:
        return []
    parts = [p.strip() for p in cell.split("|")]
    if any(not p for p in parts):
        raise _fail(where, n, f"empty phrase in column {column!r}",
                    "Remove the doubled or trailing | separator")
    return parts


def _code(value: str, known: dict[str, str] | None, where: str, n: int) -> str:
    if not _CODE.fullmatch(value) or (known is not None and value not in known
                                      and value not in SPECIAL_COUNTRIES):
        raise _fail(where, n, f"unknown country code {value!r}",
                    "Use an ISO 3166-1 alpha-3 code from countries.tsv or one of "
                    + " ".join(sorted(SPECIAL_COUNTRIES)))
    return value


def _sector(value: str, where: str, n: int) -> str | None:
    if value and value not in SECTORS:
        raise _fail(where, n, f"unknown sector code {value!r}",
                    "Use one of " + " ".join(sorted(SECTORS)) + " or leave it empty")
    return value or None


def _date(value: str, where: str, n: int, column: str) -> dt.date | None:
    if not value:
        return None
    try:
        if not _DATE.fullmatch(value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _fail(where, n, f"bad {column} date {value!r}", "Write dates as YYYY-MM-DD") from None


def _entry(phrase: str, kind: str, country: str, sector: str | None, name: str,
           role: str | None = None, start: dt.date | None = None, end: dt.date | None = None
           ) -> Entry:
    return Entry(phrase, kind, country, sector, name, role, start, end, phrase != phrase.lower())


def _check_conflicts(located: list[tuple[Entry, str]]) -> None:
    """No phrase may name two countries within one kind (people: only in overlapping periods)."""
    seen: dict[tuple[str, str], list[tuple[Entry, str]]] = {}
    for entry, loc in located:
        key = (entry.kind, entry.phrase if entry.case_sensitive else entry.phrase.lower())
        for other, other_loc in seen.get(key, []):
            if other.country == entry.country:
                continue
            if entry.kind == "person" and not (
                    (other.end is None or entry.start is None or entry.start <= other.end) and
                    (entry.end is None or other.start is None or other.start <= entry.end)):
                continue
            raise LexiconError(
                f"{other_loc} and {loc}: {entry.kind} phrase {entry.phrase!r} maps to both "
                f"{other.country} and {entry.country}. Keep it in one row only, or make it "
                "more specific")
        seen.setdefault(key, []).append((entry, loc))


def _required(value: str, where: str, n: int, column: str) -> str:
    if not value:
        raise _fail(where, n, f"empty {column!r}", f"Fill in the {column} column")
    return value


def _period(s: str, e: str, where: str, n: int) -> tuple[dt.date | None, dt.date | None]:
    start, end = _date(s, where, n, "start"), _date(e, where, n, "end")
    if start and end and start > end:
        raise _fail(where, n, f"start {start} is after end {end}", "Swap or correct the dates")
    return start, end


def _parse_builtin(texts: dict[str, tuple[str, str]]) -> Lexicon:
    located: list[tuple[Entry, str]] = []
    countries: dict[str, str] = {}
    where, text = texts["countries.tsv"]
    for n, (iso, name, aliases, demonyms) in _rows(text, where, _HEADERS["countries.tsv"]):
        if iso in countries or not _CODE.fullmatch(iso) or not name:
            raise _fail(where, n, f"bad or duplicate code {iso!r}, or empty name",
                        "One row per country: three capital letters, then its name")
        countries[iso] = name
        for kind, phrases in (("country", [name] + _split(aliases, where, n, "aliases")),
                              ("demonym", _split(demonyms, where, n, "demonyms"))):
            located += [(_entry(p, kind, iso, None, name), f"{where}:{n}") for p in phrases]
    # the other files as (kind, phrase column, aliases column or None, country, sector)
    for fname, kind, cols in (("metonyms.tsv", "metonym", (0, None, 1, 2)),
                              ("organisations.tsv", "organisation", (0, 1, 2, 3)),
                              ("people.tsv", "person", (0, 1, 2, 3))):
        where, text = texts[fname]
        for n, cells in _rows(text, where, _HEADERS[fname]):
            name = _required(cells[cols[0]], where, n, _HEADERS[fname][cols[0]])
            aliases = _split(cells[cols[1]], where, n, "aliases") if cols[1] else []
            code = _code(cells[cols[2]], countries, where, n)
            sector = _sector(cells[cols[3]], where, n)
            role, (start, end) = None, (None, None)
            if kind == "person":
                role, (start, end) = cells[4] or None, _period(cells[5], cells[6], where, n)
            elif kind == "metonym":
                name = countries.get(code, code)
            located += [(_entry(p, kind, code, sector, name, role, start, end), f"{where}:{n}")
                        for p in [cells[cols[0]]] + aliases]
    located += _ethnic_groups(texts["ethnic_groups.tsv"], countries)
    located += _regions(texts["regions.tsv"], countries)
    located += _religious_groups(texts["religious_groups.tsv"], countries)
    _check_conflicts(located)
    sector_words: dict[str, str] = {}
    where, text = texts["sectors.tsv"]
    for n, (word, sector) in _rows(text, where, _HEADERS["sectors.tsv"]):
        key = _norm(_required(word, where, n, "word")).lower()
        code = _sector(_required(sector, where, n, "sector"), where, n) or sector
        if sector_words.setdefault(key, code) != code:
            raise _fail(where, n, f"{key!r} already maps to {sector_words[key]}",
                        "Keep one sector per word")
    return Lexicon(tuple(e for e, _ in located), sector_words, countries)


def _ethnic_groups(source: tuple[str, str], countries: dict[str, str]) -> list[tuple[Entry, str]]:
    where, text = source
    out: list[tuple[Entry, str]] = []
    for n, (name, aliases, homeland, lives_in) in _rows(text, where, _HEADERS["ethnic_groups.tsv"]):
        _required(name, where, n, "name")
        places = tuple(_code(c, countries, where, n) for c in _split(lives_in, where, n, "lives_in"))
        if homeland:
            _code(homeland, countries, where, n)
        if not homeland and not places:
            raise _fail(where, n, f"{name!r} has neither a homeland nor a lives_in state",
                        "Fill in at least one of the two")
        if set(places) & SPECIAL_COUNTRIES or homeland in SPECIAL_COUNTRIES:
            raise _fail(where, n, "an ethnic group lives in states, not in IGO/NGO/IMG codes",
                        "Use ISO 3166-1 alpha-3 codes")
        country = homeland or places[0]
        for phrase in [name] + _split(aliases, where, n, "aliases"):
            entry = Entry(phrase, "ethnic", country, None, name,
                          case_sensitive=phrase != phrase.lower(), places=places,
                          stateless=not homeland)
            out.append((entry, f"{where}:{n}"))
    return out


def _states(cell: str, countries: dict[str, str], where: str, n: int, column: str
            ) -> tuple[str, ...]:
    codes = tuple(_code(c, countries, where, n) for c in _split(cell, where, n, column))
    if set(codes) & SPECIAL_COUNTRIES:
        raise _fail(where, n, f"{column} lists states, not IGO/NGO/IMG codes",
                    "Use ISO 3166-1 alpha-3 codes")
    return codes


def _regions(source: tuple[str, str], countries: dict[str, str]) -> list[tuple[Entry, str]]:
    where, text = source
    out: list[tuple[Entry, str]] = []
    for n, (name, aliases, states, adjectives, _note) in _rows(text, where, _HEADERS["regions.tsv"]):
        _required(name, where, n, "name")
        places = _states(_required(states, where, n, "states"), countries, where, n, "states")
        names = [name] + _split(aliases, where, n, "aliases")
        adjective = _split(adjectives, where, n, "adjectives")
        out += [(Entry(p, "region", places[0], None, name, case_sensitive=p != p.lower(),
                       places=places, stateless=len(places) > 1, adjective=p in adjective),
                 f"{where}:{n}")
                for p in names + adjective]
    return out


def _religious_groups(source: tuple[str, str], countries: dict[str, str]
                      ) -> list[tuple[Entry, str]]:
    where, text = source
    out: list[tuple[Entry, str]] = []
    for n, (name, aliases, lives_in) in _rows(text, where, _HEADERS["religious_groups.tsv"]):
        _required(name, where, n, "name")
        places = _states(lives_in, countries, where, n, "lives_in")
        out += [(Entry(p, "religious", places[0] if places else "", None, name,
                       case_sensitive=p != p.lower(), places=places, stateless=True),
                 f"{where}:{n}")
                for p in [name] + _split(aliases, where, n, "aliases")]
    return out


@functools.lru_cache(maxsize=1)
def _builtin() -> Lexicon:
    folder = resources.files("dyad.data").joinpath("actors")
    texts = {name: (f"dyad/data/actors/{name}", folder.joinpath(name).read_text("utf-8"))
             for name in _HEADERS}
    return _parse_builtin(texts)


def parse_actor_file(path: str | pathlib.Path) -> list[Entry]:
    """Read and validate a user actor file (see the module docstring for its format)."""
    path = pathlib.Path(path)
    where = str(path)
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{where}:0: cannot read the file ({exc}). Check the path") from None
    rows = list(_rows(text, where, USER_HEADER, 2))
    # a row whose role is "country" defines a new country code (fictional or historical
    # states, e.g. "Gondor GON"), usable by the rows after it
    known = dict(_builtin().countries)
    for n, (phrase, iso, _sec, name, role, _s, _e) in rows:
        if role == "country":
            if not _CODE.fullmatch(iso) or len(iso) != 3:
                raise _fail(where, n, f"new country code {iso!r} must be three capital letters",
                            "Write e.g. GON")
            known.setdefault(iso, name or phrase)
    located: list[tuple[Entry, str]] = []
    for n, (phrase, iso, sector, name, role, s, e) in rows:
        _required(phrase, where, n, "phrase")
        code, sec = _code(iso, known, where, n), _sector(sector, where, n)
        start, end = _period(s, e, where, n)
        if role == "country":
            located.append((_entry(phrase, "country", code, sec, known[code], None, None, None),
                            f"{where}:{n}"))
            continue
        kind = "person" if role or start or end else "organisation"
        entry = _entry(phrase, kind, code, sec, name or phrase, role or None, start, end)
        located.append((entry, f"{where}:{n}"))
    _check_conflicts(located)
    return [e for e, _ in located]


def load_lexicon(extra_files: Sequence[pathlib.Path | str] = ()) -> Lexicon:
    """The packaged dictionaries (loaded once), with user files' entries put first."""
    base = _builtin()
    if not extra_files:
        return base
    extra = [e for path in extra_files for e in parse_actor_file(path)]
    countries = dict(base.countries)
    countries.update({e.country: e.name for e in extra if e.kind == "country"})
    return Lexicon(tuple(extra) + base.entries, base.sector_words, countries)
