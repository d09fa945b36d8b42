"""The packaged actor dictionaries and their validating loader."""
from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

import pytest

from dyad.actors.lexicon import (SECTORS, SPECIAL_COUNTRIES, Entry, Lexicon, LexiconError,
                                 load_lexicon, parse_actor_file)

D = dt.date
ACTORS = resources.files("dyad.data").joinpath("actors")


def rows(name: str) -> list[list[str]]:
    lines = ACTORS.joinpath(name).read_text("utf-8").splitlines()
    return [ln.split("\t") for ln in lines[1:] if ln.strip() and not ln.startswith("#")]


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return load_lexicon()


def one(lex: Lexicon, phrase: str, kind: str, on: dt.date | None = None) -> Entry:
    hits = [e for e in lex.lookup(phrase, on) if e.kind == kind]
    assert hits, f"{phrase!r} has no {kind} entry"
    return hits[0]


def test_loads_and_is_cached(lex):
    assert load_lexicon() is lex
    assert len(lex.entries) > 2000
    kinds = {e.kind for e in lex.entries}
    assert kinds == {"country", "demonym", "metonym", "organisation", "person"}


def test_countries_cover_the_world(lex):
    assert len(lex.countries) >= 193
    for code in ("USA", "PRK", "KOR", "TWN", "XKX", "PSE", "HKG", "ESH", "VAT", "SSD"):
        assert code in lex.countries
    assert lex.countries["PRK"] == "North Korea"


@pytest.mark.parametrize("phrase,code", [
    ("United States", "USA"), ("U.S.", "USA"), ("America", "USA"), ("DPRK", "PRK"),
    ("Democratic People's Republic of Korea", "PRK"), ("Republic of Korea", "KOR"),
    ("ROK", "KOR"), ("Britain", "GBR"), ("U.K.", "GBR"), ("Russian Federation", "RUS"),
    ("Côte d'Ivoire", "CIV"), ("Ivory Coast", "CIV"), ("Türkiye", "TUR"), ("Kosovo", "XKX"),
    ("Chad", "TCD"), ("Burma", "MMR"),
])
def test_country_aliases(lex, phrase, code):
    assert one(lex, phrase, "country").country == code


def test_lowercase_aliases_are_case_insensitive(lex):
    entry = one(lex, "Hermit Kingdom", "country")
    assert entry.country == "PRK" and not entry.case_sensitive
    assert one(lex, "hermit kingdom", "country").country == "PRK"


def test_capitalised_phrases_are_case_sensitive(lex):
    assert one(lex, "Chad", "country").case_sensitive
    assert not [e for e in lex.lookup("chad") if e.kind == "country"]
    assert not lex.lookup("seoul")


@pytest.mark.parametrize("phrase,code", [
    ("North Korean", "PRK"), ("North Koreans", "PRK"), ("South Korean", "KOR"),
    ("American", "USA"), ("British", "GBR"), ("Briton", "GBR"), ("Chinese", "CHN"),
    ("Israeli", "ISR"), ("Emirati", "ARE"), ("Palestinian", "PSE"),
])
def test_demonyms(lex, phrase, code):
    entry = one(lex, phrase, "demonym")
    assert entry.country == code and entry.sector is None


@pytest.mark.parametrize("phrase,code,sector", [
    ("Seoul", "KOR", "GOV"), ("Pyongyang", "PRK", "GOV"), ("Washington", "USA", "GOV"),
    ("Beijing", "CHN", "GOV"), ("Kyiv", "UKR", "GOV"), ("Kiev", "UKR", "GOV"),
    ("Ramallah", "PSE", "GOV"), ("White House", "USA", "GOV"), ("the White House", "USA", "GOV"),
    ("Pentagon", "USA", "MIL"), ("State Department", "USA", "GOV"), ("Kremlin", "RUS", "GOV"),
    ("Downing Street", "GBR", "GOV"), ("Élysée", "FRA", "GOV"), ("Elysee", "FRA", "GOV"),
    ("Blue House", "KOR", "GOV"), ("Zhongnanhai", "CHN", "GOV"), ("Westminster", "GBR", "LEG"),
    ("Capitol Hill", "USA", "LEG"), ("Bundestag", "DEU", "LEG"), ("Knesset", "ISR", "LEG"),
    ("Duma", "RUS", "LEG"), ("Quai d’Orsay", "FRA", "GOV"),
])
def test_metonyms(lex, phrase, code, sector):
    entry = one(lex, phrase, "metonym")
    assert (entry.country, entry.sector) == (code, sector)


def test_metonyms_do_not_cover_regional_words(lex):
    assert not lex.lookup("the North") and not lex.lookup("the South")


def test_every_metonym_has_a_known_country_and_sector(lex):
    for text, iso3, sector, _note in rows("metonyms.tsv"):
        assert not text.lower().startswith("the ") or text == "The Hague", text
        assert iso3 in lex.countries, text
        assert sector in SECTORS, text


def test_most_countries_have_their_capital(lex):
    capitals = {r[1] for r in rows("metonyms.tsv") if "capital" in r[3] or "seat" in r[3]}
    assert len(capitals) >= 185


@pytest.mark.parametrize("phrase,code,sector", [
    ("NATO", "IGO", "MIL"), ("UN Security Council", "UNO", None), ("United Nations", "UNO", None),
    ("European Union", "EUR", None), ("European Parliament", "EUR", "LEG"),
    ("Islamic State", "IMG", None), ("ISIS", "IMG", None), ("Isis", "IMG", None),
    ("ISIL", "IMG", None), ("Daesh", "IMG", None), ("al-Qaeda", "IMG", None),
    ("Taliban", "AFG", "REB"), ("Hamas", "PSE", "REB"), ("Hezbollah", "LBN", "REB"),
    ("Houthis", "YEM", "REB"), ("KCNA", "PRK", "MED"), ("Korean Central News Agency", "PRK", "MED"),
    ("Yonhap", "KOR", "MED"), ("Xinhua", "CHN", "MED"), ("TASS", "RUS", "MED"),
    ("ICC", "IGO", "JUD"), ("UNHCR", "UNO", "REF"), ("Amnesty International", "NGO", "HRI"),
    ("MSF", "NGO", "HLH"), ("Wagner Group", "RUS", "UAF"),
])
def test_organisations(lex, phrase, code, sector):
    entry = one(lex, phrase, "organisation")
    assert (entry.country, entry.sector) == (code, sector)


def test_organisation_count():
    assert len(rows("organisations.tsv")) >= 120


@pytest.mark.parametrize("phrase,on,code,sector,role", [
    ("Kim Jong-un", D(2021, 10, 11), "PRK", "GOV", "supreme leader"),
    ("Kim Jong Un", D(2021, 10, 11), "PRK", "GOV", "supreme leader"),
    ("Kim Jong-il", D(2005, 1, 1), "PRK", "GOV", "supreme leader"),
    ("Barack Obama", D(2012, 1, 1), "USA", "GOV", "president"),
    ("Joe Biden", D(2015, 6, 1), "USA", "GOV", "vice president"),
    ("Joe Biden", D(2022, 6, 1), "USA", "GOV", "president"),
    ("Vladimir Putin", D(2010, 1, 1), "RUS", "GOV", "prime minister"),
    ("Vladimir Putin", D(2020, 1, 1), "RUS", "GOV", "president"),
    ("Choe Son-hui", D(2023, 1, 1), "PRK", "GOV", "foreign minister"),
    ("Ban Ki-moon", D(2010, 1, 1), "UNO", None, "secretary-general"),
    ("Ban Ki-moon", D(2005, 1, 1), "KOR", "GOV", "foreign minister"),
])
def test_dated_people(lex, phrase, on, code, sector, role):
    hits = [e for e in lex.lookup(phrase, on) if e.kind == "person"]
    assert len(hits) == 1
    assert (hits[0].country, hits[0].sector, hits[0].role) == (code, sector, role)


def test_person_without_date_and_out_of_period(lex):
    assert one(lex, "Ned Price", "person").country == "USA"
    assert one(lex, "Ned Price", "person").sector == "GOV"
    # Trump between his terms: both terms come back, the closest first
    hits = lex.lookup("Donald Trump", D(2021, 3, 1))
    assert [e.start for e in hits] == [D(2017, 1, 20), D(2025, 1, 20)]
    assert lex.lookup("Donald Trump", D(2024, 12, 1))[0].start == D(2025, 1, 20)


def test_people_rows_are_well_formed(lex):
    people = rows("people.tsv")
    assert len(people) >= 300
    for name, aliases, iso3, sector, role, start, end in people:
        assert iso3 in lex.countries or iso3 in SPECIAL_COUNTRIES, name
        assert not sector or sector in SECTORS, name
        assert role, name
        if start and end:
            assert D.fromisoformat(start) <= D.fromisoformat(end), name
        for alias in aliases.split("|") if aliases else []:
            assert " " in alias or alias.isupper() or "-" in alias, f"bare alias {alias!r}"


def test_each_country_covered_for_2000_2025(lex):
    """Heads of state or government of the focus countries have no gap longer than a year."""
    roles = {"president", "prime minister", "premier", "supreme leader", "chancellor", "king"}
    for iso3 in ("PRK", "KOR", "USA", "CHN", "JPN", "RUS", "GBR", "FRA", "DEU", "IND", "ISR",
                 "IRN", "TUR", "SYR", "UKR", "SAU", "PAK", "IRQ", "EGY", "NGA"):
        periods = sorted((e.start, e.end or D(2025, 12, 31)) for e in lex.entries
                         if e.kind == "person" and e.country == iso3 and e.role in roles
                         and e.start)
        reach = D(2000, 1, 1)
        for start, end in periods:
            # Iraq 2003-04 to 2004-06 was run by the US-led Coalition Provisional Authority
            allowed = 450 if iso3 == "IRQ" and start == D(2004, 6, 28) else 366
            assert (start - reach).days <= allowed, f"{iso3}: gap before {start}"
            reach = max(reach, end)
        assert reach >= D(2025, 1, 1), iso3


def test_sector_words(lex):
    sw = lex.sector_words
    assert len(sw) >= 150
    assert sw["government"] == "GOV" and sw["foreign minister"] == "GOV"
    assert sw["troops"] == "MIL" and sw["police"] == "COP" and sw["judge"] == "JUD"
    assert sw["lawmakers"] == "LEG" and sw["rebels"] == "REB" and sw["journalists"] == "MED"
    assert sw["protesters"] == "CVL" and sw["refugees"] == "REF" and sw["imam"] == "REL"
    assert set(sw.values()) <= SECTORS
    assert all(word == word.lower() for word in sw)


# --- user files ---------------------------------------------------------------------------
HEADER = "phrase\tcountry\tsector\tname\trole\tstart\tend\n"


def write(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "mine.tsv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_user_file_is_parsed_and_put_first(tmp_path):
    path = write(tmp_path, "Acme Militia\tSYR\tREB\n"
                           "Jane Roe\tKOR\tGOV\tJane Roe\tenvoy\t2020-01-01\t2021-01-01\n"
                           "Seoul\tPRK\n")
    entries = parse_actor_file(path)
    assert [(e.kind, e.country) for e in entries] == [
        ("organisation", "SYR"), ("person", "KOR"), ("organisation", "PRK")]
    assert entries[1].start == D(2020, 1, 1) and entries[1].role == "envoy"
    lex = load_lexicon([path])
    assert lex.lookup("Acme Militia")[0].sector == "REB"
    assert lex.lookup("Seoul")[0].country == "PRK"  # user entries come first
    assert lex.lookup("Kremlin")[0].country == "RUS"


@pytest.mark.parametrize("body,header,line,words", [
    ("Acme\tSYR\n\nFoo Front\tXYZ\tREB\n", HEADER, 4, "country code 'XYZ'"),
    ("Acme\tSYR\tREB\tAcme\tchief\t2020-13-01\n", HEADER, 2, "date '2020-13-01'"),
    ("Acme\tSYR\tREB\tAcme\tchief\t2021-01-01\t2020-01-01\n", HEADER, 2, "after end"),
    ("Acme\tSYR\tXXX\n", HEADER, 2, "sector code 'XXX'"),
    ("Acme\n", HEADER, 2, "1 columns"),
    ("\tSYR\n", HEADER, 2, "empty 'phrase'"),
    ("Acme\tSYR\n", "phrase\tiso3\n", 1, "wrong header"),
    ("Acme\tSYR\nAcme\tIRQ\n", HEADER, 3, "maps to both SYR and IRQ"),
])
def test_user_file_errors_name_file_and_line(tmp_path, body, header, line, words):
    path = write(tmp_path, body, header)
    with pytest.raises(LexiconError) as err:
        parse_actor_file(path)
    message = str(err.value)
    assert f"{path}:{line}" in message and words in message
    with pytest.raises(LexiconError):
        load_lexicon([path])

