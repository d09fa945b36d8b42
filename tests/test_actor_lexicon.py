"""The packaged actor dictionaries and their validating loader."""
from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from pathlib import Path

import pytest

from dyad.actors.lexicon import (
    KINDS,
    SECTORS,
    SPECIAL_COUNTRIES,
    Entry,
    Lexicon,
    LexiconError,
    load_lexicon,
    parse_actor_file,
    role_distance,
)

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
    assert kinds == set(KINDS)


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



# --- world coverage: heads of state and government, ministers, armed groups --------------
UN_MEMBERS = frozenset("""
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA
BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG COD CRI CIV HRV CUB CYP CZE PRK DNK
DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB
GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO
LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MDA MCO MNG MNE MAR MOZ MMR NAM
NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR ROU RUS RWA
KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE
SYR TJK TZA THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR USA URY UZB VUT VEN VNM YEM ZMB
ZWE""".split())
# roles that make someone the head of state or of government (San Marino's captains regent
# rotate every six months; its secretary of state for foreign affairs stands in for them)
HEAD_ROLE = re.compile(
    r"^(acting |interim |transitional |caretaker )?(president|prime minister|premier|chancellor|"
    r"king|queen|emir|sultan|grand duke|prince|supreme leader|taliban supreme leader|emperor|"
    r"monarch|taoiseach|head of government|chief adviser|state counsellor|member of the "
    r"presidency|co-president|leader|chief executive|president of the confederation|"
    r"president of the council of ministers|chairman of the council of ministers|"
    r"chairman of the (sovereignty|presidential|presidential leadership|state administration|"
    r"state peace and development|transitional military|national transitional|"
    r"interim administration|supreme council of the armed forces) council|"
    r"secretary of state for foreign and political affairs)$")
# Micronesia's president in 2015 (Peter Christian) is left out: "Christian" alone is a word
HEADLESS_ON_2015 = {"FSM"}


def heads_on(lex: Lexicon, on: dt.date) -> set[str]:
    return {e.country for e in lex.entries if e.kind == "person" and e.role
            and HEAD_ROLE.match(e.role) and e.start and e.start <= on
            and (e.end is None or on <= e.end)}


def test_un_members_are_known_countries(lex):
    assert len(UN_MEMBERS) == 193
    assert UN_MEMBERS <= set(lex.countries)


def test_every_un_member_has_a_head_on_2015_06_01(lex):
    missing = UN_MEMBERS - heads_on(lex, D(2015, 6, 1))
    assert missing == HEADLESS_ON_2015


@pytest.mark.parametrize("on,floor", [(D(2005, 6, 1), 180), (D(2010, 1, 1), 180),
                                      (D(2020, 1, 1), 190), (D(2025, 6, 1), 185)])
def test_most_un_members_have_a_head_on_other_dates(lex, on, floor):
    assert len(UN_MEMBERS & heads_on(lex, on)) >= floor


@pytest.mark.parametrize("phrase,on,code,sector,role", [
    ("Tuilaepa Sailele Malielegaoi", D(2015, 1, 1), "WSM", "GOV", "prime minister"),
    ("Ralph Gonsalves", D(2010, 1, 1), "VCT", "GOV", "prime minister"),
    ("Anote Tong", D(2010, 1, 1), "KIR", "GOV", "president"),
    ("Hage Geingob", D(2016, 1, 1), "NAM", "GOV", "president"),
    ("Moammar Gadhafi", D(2005, 1, 1), "LBY", "GOV", "leader"),
    ("Muammar Qaddafi", D(2005, 1, 1), "LBY", "GOV", "leader"),
    ("Sheikh Hasina", D(2010, 1, 1), "BGD", "GOV", "prime minister"),
    ("Lukashenko", D(2020, 1, 1), None, None, None),
    ("Alexander Lukashenko", D(2020, 1, 1), "BLR", "GOV", "president"),
    ("Alyaksandr Lukashenka", D(2020, 1, 1), "BLR", "GOV", "president"),
    ("Jens Stoltenberg", D(2010, 1, 1), "NOR", "GOV", "prime minister"),
    ("Jens Stoltenberg", D(2016, 1, 1), "IGO", "MIL", "nato secretary general"),
    ("Donald Tusk", D(2010, 1, 1), "POL", "GOV", "prime minister"),
    ("Donald Tusk", D(2016, 1, 1), "EUR", None, "president of the european council"),
    ("António Costa", D(2025, 1, 1), "EUR", None, "president of the european council"),
    ("Antonio Costa", D(2020, 1, 1), "PRT", "GOV", "prime minister"),
    ("Nicusor Dan", D(2025, 6, 1), "ROU", "GOV", "president"),
    ("Viktor Orban", D(2015, 1, 1), "HUN", "GOV", "prime minister"),
    ("Aleksandar Vučić", D(2015, 1, 1), "SRB", "GOV", "prime minister"),
    ("Aleksandar Vucic", D(2020, 1, 1), "SRB", "GOV", "president"),
    ("Salva Kiir", D(2015, 1, 1), "SSD", "GOV", "president"),
    ("Abdel Fattah al-Burhan", D(2022, 1, 1), "SDN", "GOV", "chairman of the sovereignty council"),
    ("Min Aung Hlaing", D(2015, 1, 1), "MMR", "MIL", "commander-in-chief of the armed forces"),
    ("Mahmoud Abbas", D(2003, 6, 1), "PSE", "GOV", "prime minister"),
    ("Annalena Baerbock", D(2023, 1, 1), "DEU", "GOV", "foreign minister"),
    ("Boris Pistorius", D(2024, 1, 1), "DEU", "GOV", "defence minister"),
    ("S. Jaishankar", D(2020, 1, 1), "IND", "GOV", "external affairs minister"),
    ("Mauro Vieira", D(2024, 1, 1), "BRA", "GOV", "foreign minister"),
    ("Penny Wong", D(2024, 1, 1), "AUS", "GOV", "foreign minister"),
    ("Hakan Fidan", D(2024, 1, 1), "TUR", "GOV", "foreign minister"),
    ("Mevlut Cavusoglu", D(2020, 1, 1), "TUR", "GOV", "foreign minister"),
    ("Oleksii Reznikov", D(2022, 6, 1), "UKR", "GOV", "defence minister"),
    ("Benny Gantz", D(2021, 1, 1), "ISR", "GOV", "defence minister"),
    ("Faisal Mekdad", D(2022, 1, 1), "SYR", "GOV", "foreign minister"),
    ("Ararat Mirzoyan", D(2023, 1, 1), "ARM", "GOV", "foreign minister"),
    ("Jeyhun Bayramov", D(2023, 1, 1), "AZE", "GOV", "foreign minister"),
    ("Kaja Kallas", D(2022, 1, 1), "EST", "GOV", "prime minister"),
    ("Javier Solana", D(2005, 1, 1), "EUR", None, "high representative for foreign affairs"),
    ("Abubakar Shekau", D(2015, 1, 1), "NGA", "REB", "leader of boko haram"),
    ("Ahmed Umar Abu Ubaidah", D(2020, 1, 1), "SOM", "REB", "leader of al-shabaab"),
    ("Abu Musab al-Zarqawi", D(2005, 1, 1), "IMG", None, "leader of al-qaeda in iraq"),
    ("Khaled Meshaal", D(2010, 1, 1), "PSE", "REB", "head of the hamas political bureau"),
    ("Abdullah Öcalan", D(2010, 1, 1), "TUR", "REB", "leader of the pkk"),
    ("Mazloum Abdi", D(2019, 1, 1), "SYR", "REB", "commander of the syrian democratic forces"),
    ("Mohamed Hamdan Dagalo", D(2024, 1, 1), "SDN", "REB", "commander of the rapid support forces"),
])
def test_world_people_on_a_date(lex, phrase, on, code, sector, role):
    hits = [e for e in lex.lookup(phrase, on) if e.kind == "person"]
    if code is None:  # bare surnames are not aliases
        assert not hits
        return
    assert len(hits) == 1, hits
    assert (hits[0].country, hits[0].sector, hits[0].role) == (code, sector, role)


def test_swiss_presidency_rotates_yearly(lex):
    heads = sorted((e.start, e.name) for e in lex.entries
                   if e.country == "CHE" and e.role == "president of the confederation")
    assert [s.year for s, _ in heads] == list(range(2000, 2026))
    assert heads[-1][1] == "Karin Keller-Sutter"


def test_successions_do_not_overlap(lex):
    """Within one country and office, a holder's term starts no earlier than the one before's."""
    offices: dict[tuple[str, str], list[Entry]] = {}
    for e in lex.entries:
        if e.kind == "person" and e.phrase == e.name and e.start and e.role in (
                "president", "prime minister", "chancellor", "foreign minister", "defence minister"):
            offices.setdefault((e.country, e.role), []).append(e)
    for (code, role), holders in offices.items():
        holders.sort(key=lambda e: e.start)
        for before, after in zip(holders, holders[1:]):
            if before.name == after.name:
                continue
            end = before.end or D(2025, 12, 31)
            # a few days' overlap is a handover (or an acting predecessor), not an error
            # Libya had rival governments (Tobruk and Tripoli) from 2014 to 2021
            assert (end - after.start).days <= 62 or code in ("PSE", "LBY"), \
                (code, role, before.name, after.name)


def test_no_person_is_known_by_a_common_word(lex):
    """The resolver reads a bare surname as a famous person: none may be an English word or a
    very common name ("Mr Smith", "King", "Friday", "Young")."""
    common = {"Smith", "English", "King", "Friday", "Young", "Note", "Bird", "Parts", "Gross",
              "Win", "Paul", "James", "Charles", "Thomas", "Henry", "Joseph", "Stephen",
              "Christian", "Scott", "Philip", "Richard", "Bishop", "Hill", "Taylor", "Wagner",
              "Said", "Jones", "Williams", "White"}
    assert not common & set(lex.surnames)


def test_major_armed_groups_and_bodies_have_aliases(lex):
    for phrase, code in [("ISWAP", "IMG"), ("AQAP", "IMG"), ("AQIM", "IMG"), ("JNIM", "IMG"),
                         ("Ansar Allah", "YEM"), ("Hizbollah", "LBN"), ("YPG", "SYR"),
                         ("SDF", "SYR"), ("RSF", "SDN"), ("M23", "COD"), ("ELN", "COL"),
                         ("FARC", "COL"), ("TPLF", "ETH"), ("Jaish-e-Mohammed", "PAK"),
                         ("Lashkar-e-Taiba", "PAK"), ("HTS", "SYR"), ("PKK", "TUR"),
                         ("LTTE", "LKA"), ("Lord's Resistance Army", "UGA"),
                         ("Tamil Tigers", "LKA"), ("ILO", "UNO"), ("AfDB", "IGO"),
                         ("Caricom", "IGO"), ("Freedom House", "NGO"), ("B'Tselem", "ISR")]:
        assert one(lex, phrase, "organisation").country == code, phrase


@pytest.mark.parametrize("word,sector", [
    ("secretary", "GOV"), ("taoiseach", "GOV"), ("consul", "GOV"), ("finance minister", "GOV"),
    ("minister of foreign affairs", "GOV"), ("interior ministers", "GOV"),
    ("admiral", "MIL"), ("colonel", "MIL"), ("lieutenant", "MIL"), ("peacekeepers", "MIL"),
    ("attorney", "JUD"), ("justices", "JUD"), ("magistrate", "JUD"),
    ("speaker", "LEG"), ("deputies", "LEG"), ("parliamentarians", "LEG"), ("meps", "LEG"),
    ("warlords", "UAF"), ("gunmen", "UAF"), ("kidnappers", "CRM"),
])
def test_title_words(lex, word, sector):
    assert lex.sector_words[word] == sector


@pytest.mark.parametrize("phrase,code,sector", [
    ("UNITA", "AGO", "REB"), ("RENAMO", "MOZ", "REB"), ("FMLN", "SLV", "REB"),
    ("Contras", "NIC", "REB"), ("Khmer Rouge", "KHM", "REB"), ("SPLA", "SDN", "REB"),
    ("RUF", "SLE", "REB"), ("NPFL", "LBR", "REB"), ("LURD", "LBR", "REB"),
    ("Liberian Peace Council", "LBR", "REB"), ("KLA", "XKX", "REB"), ("FIS", "DZA", "OPP"),
    ("GIA", "DZA", "REB"), ("MNLF", "PHL", "REB"), ("JEM", "SDN", "REB"),
    ("Sudan Liberation Army", "SDN", "REB"), ("KDP", "IRQ", "PTY"), ("MASSOB", "NGA", "SEP"),
    ("FDD", "BDI", "REB"), ("Interahamwe", "RWA", "UAF"), ("UVF", "GBR", "UAF"),
])
def test_armed_and_opposition_groups_1980_2025(lex, phrase, code, sector):
    entry = one(lex, phrase, "organisation")
    assert (entry.country, entry.sector) == (code, sector)


@pytest.mark.parametrize("phrase,code,sector", [
    ("European Community", "EUR", None), ("EEC", "EUR", None), ("Warsaw Pact", "IGO", "MIL"),
    ("Comecon", "IGO", None), ("OAU", "IGO", None), ("ECOMOG", "IGO", "MIL"),
    ("Organisation of the Islamic Conference", "IGO", None), ("CSCE", "IGO", None),
    ("UNPROFOR", "UNO", "MIL"), ("KFOR", "IGO", "MIL"), ("Supreme Soviet", "RUS", "LEG"),
])
def test_historical_and_regional_bodies(lex, phrase, code, sector):
    entry = one(lex, phrase, "organisation")
    assert (entry.country, entry.sector) == (code, sector)


@pytest.mark.parametrize("phrase,kind,code", [
    # former states are coded as their successor (the evaluator knows no USSR/YUG codes)
    ("Soviet Union", "country", "RUS"), ("USSR", "country", "RUS"), ("Soviet", "demonym", "RUS"),
    ("Yugoslavia", "country", "SRB"), ("Yugoslav", "demonym", "SRB"),
    ("Kampuchea", "country", "KHM"), ("Kampuchean", "demonym", "KHM"),
    ("Czechoslovakia", "country", "CZE"), ("East Germany", "country", "DEU"),
    ("Rhodesia", "country", "ZWE"), ("Zairean", "demonym", "COD"),
])
def test_former_states_are_their_successors(lex, phrase, kind, code):
    assert one(lex, phrase, kind).country == code


@pytest.mark.parametrize("phrase,country,places,stateless", [
    ("Serbs", "SRB", ("BIH", "HRV", "XKX", "MNE", "MKD"), False),
    ("Albanian", "ALB", ("XKX", "MKD", "SRB", "MNE", "GRC"), False),
    ("Kurdish", "TUR", ("TUR", "IRQ", "SYR", "IRN"), True),
    ("Tamil", "LKA", ("LKA", "IND"), True), ("Chechen", "RUS", ("RUS",), True),
    ("Uyghur", "CHN", ("CHN",), True), ("Rohingya", "MMR", ("MMR", "BGD"), True),
    ("Hutu", "RWA", ("RWA", "BDI", "COD"), True), ("Moro", "PHL", ("PHL",), True),
])
def test_ethnic_groups(lex, phrase, country, places, stateless):
    entry = one(lex, phrase, "ethnic")
    assert (entry.country, entry.places, entry.stateless, entry.sector) == (
        country, places, stateless, None)
    # kin-state names stay demonyms of their state too
    if not stateless:
        assert one(lex, phrase, "demonym").country == country


def test_ethnic_groups_file_errors(lex):
    from dyad.actors.lexicon import _ethnic_groups
    header = "name\taliases\thomeland\tlives_in\n"
    with pytest.raises(LexiconError, match="neither a homeland"):
        _ethnic_groups(("e.tsv", header + "Foo\t\t\t\n"), lex.countries)
    with pytest.raises(LexiconError, match="unknown country code"):
        _ethnic_groups(("e.tsv", header + "Foo\t\t\tXXQ\n"), lex.countries)


@pytest.mark.parametrize("phrase,country,places", [
    ("Northern Ireland", "GBR", ("GBR",)), ("Northern Irish", "GBR", ("GBR",)),
    ("Irish republican", "GBR", ("GBR",)), ("Irish loyalists", "GBR", ("GBR",)),
    ("Scotland", "GBR", ("GBR",)), ("Welsh", "GBR", ("GBR",)), ("Chechnya", "RUS", ("RUS",)),
    ("Tibet", "CHN", ("CHN",)), ("Xinjiang", "CHN", ("CHN",)), ("Kurdistan", "IRQ", ("IRQ",)),
    ("Darfur", "SDN", ("SDN",)), ("Crimea", "UKR", ("UKR",)), ("Abkhazia", "GEO", ("GEO",)),
    ("Kashmir", "IND", ("IND", "PAK")), ("Azad Kashmir", "PAK", ("PAK",)),
])
def test_regions_are_coded_by_their_state(lex, phrase, country, places):
    entry = one(lex, phrase, "region")
    assert (entry.country, entry.places, entry.stateless) == (country, places, len(places) > 1)
    assert lex.lookup("Ireland")[0].kind != "region"  # the Republic stays IRL
    assert one(lex, "Kosovo", "country").country == "XKX"  # Kosovo stays a country


@pytest.mark.parametrize("phrase,country,places", [
    ("Muslims", "", ()), ("Moslem", "", ()), ("Shiite", "", ()), ("Christians", "", ()),
    ("Maronite", "LBN", ("LBN",)), ("Copts", "EGY", ("EGY",)), ("Alawites", "SYR", ("SYR", "TUR")),
])
def test_religious_communities_have_no_state_of_their_own(lex, phrase, country, places):
    entry = one(lex, phrase, "religious")
    assert (entry.country, entry.places, entry.stateless, entry.sector) == (
        country, places, True, None)


def test_region_and_religion_files_errors(lex):
    from dyad.actors.lexicon import _regions, _religious_groups
    header = "name\taliases\tstates\tadjectives\tnote\n"
    with pytest.raises(LexiconError, match="empty 'states'"):
        _regions(("r.tsv", header + "Foo\t\t\t\t\n"), lex.countries)
    with pytest.raises(LexiconError, match="not IGO"):
        _regions(("r.tsv", header + "Foo\t\tIGO\t\t\n"), lex.countries)
    with pytest.raises(LexiconError, match="unknown country code"):
        _religious_groups(("g.tsv", "name\taliases\tlives_in\nFoo\t\tXXQ\n"), lex.countries)


# --- heads of state and government, foreign ministers and movement leaders of 1980-1999 ---
@pytest.mark.parametrize("phrase,on,code,sector,role", [
    ("Yitzhak Shamir", D(1990, 5, 1), "ISR", "GOV", "prime minister"),
    ("Yitzhak Shamir", D(1982, 1, 1), "ISR", "GOV", "foreign minister"),
    ("Yitzhak Rabin", D(1988, 1, 1), "ISR", "GOV", "defence minister"),
    ("King Hassan II", D(1985, 1, 1), "MAR", "GOV", "king"),
    ("Hosni Mubarak", D(1980, 1, 1), "EGY", "GOV", "vice president"),
    # former states are their successors; the office names the state so it does not collide
    ("Mikhail Gorbachev", D(1987, 1, 1), "RUS", "GOV",
     "general secretary of the communist party of the soviet union"),
    ("Eduard Shevardnadze", D(1988, 1, 1), "RUS", "GOV", "soviet foreign minister"),
    ("Eduard Shevardnadze", D(1994, 1, 1), "GEO", "GOV", "head of state"),
    ("Andrei Kozyrev", D(1993, 1, 1), "RUS", "GOV", "foreign minister"),
    ("Erich Honecker", D(1985, 1, 1), "DEU", "GOV", "east german head of state"),
    ("Ante Markovic", D(1990, 1, 1), "SRB", "GOV", "prime minister of yugoslavia"),
    ("Mobutu Sese Seko", D(1990, 1, 1), "COD", "GOV", "president"),
    ("Helmut Kohl", D(1990, 1, 1), "DEU", "GOV", "chancellor"),
    ("Hans-Dietrich Genscher", D(1990, 1, 1), "DEU", "GOV", "foreign minister"),
    ("Qian Qichen", D(1990, 1, 1), "CHN", "GOV", "foreign minister"),
    ("Tariq Aziz", D(1987, 1, 1), "IRQ", "GOV", "foreign minister"),
    ("Ali Akbar Velayati", D(1987, 1, 1), "IRN", "GOV", "foreign minister"),
    ("Esmat Abdel Meguid", D(1987, 1, 1), "EGY", "GOV", "foreign minister"),
    # movement leaders carry their movement's country and sector (organisations.tsv)
    ("Jonas Savimbi", D(1990, 1, 1), "AGO", "REB", "leader of unita"),
    ("Yasser Arafat", D(1985, 1, 1), "PSE", "GOV", "chairman of the plo"),
    ("John Garang", D(1990, 1, 1), "SDN", "REB", "leader of the spla"),
    ("Charles Taylor", D(1992, 1, 1), "LBR", "REB", "leader of the npfl"),
    ("Charles Taylor", D(1999, 1, 1), "LBR", "GOV", "president"),
    ("Foday Sankoh", D(1995, 1, 1), "SLE", "REB", "leader of the ruf"),
    ("Afonso Dhlakama", D(1990, 1, 1), "MOZ", "REB", "leader of renamo"),
    ("Radovan Karadzic", D(1994, 1, 1), "BIH", "SEP", "president of republika srpska"),
    ("Velupillai Prabhakaran", D(1990, 1, 1), "LKA", "SEP", "leader of the ltte"),
    ("Gerry Adams", D(1990, 1, 1), "GBR", "PTY", "president of sinn fein"),
    # aliases without diacritics and common transliterations
    ("Francois Mitterrand", D(1990, 1, 1), "FRA", "GOV", "president"),
    ("Franjo Tudjman", D(1995, 1, 1), "HRV", "GOV", "president"),
    ("Slobodan Milosevic", D(1992, 1, 1), "SRB", "GOV", "president"),
    ("Ayatollah Khomeini", D(1985, 1, 1), "IRN", "GOV", "supreme leader"),
    ("Jaafar Nimeiri", D(1983, 1, 1), "SDN", "GOV", "president"),
    ("Do Muoi", D(1990, 1, 1), "VNM", "GOV", "prime minister"),
    ("Le Duan", D(1982, 1, 1), "VNM", "GOV", "general secretary of the communist party"),
])
def test_people_of_1980_1999(lex, phrase, on, code, sector, role):
    hits = [e for e in lex.lookup(phrase, on) if e.kind == "person"]  # roles held that day
    assert hits and all(role_distance(e, on) == 0 for e in hits), hits
    assert (code, sector, role) in {(e.country, e.sector, e.role) for e in hits}


def test_heads_of_the_conflict_states_are_covered_1980_1999(lex):
    """Every state of the focus regions has a head of state or government on these dates."""
    heads = {"president", "prime minister", "premier", "king", "emir", "chancellor", "head of state",
             "supreme leader", "state president", "chairman of the state council"}
    for on, codes in [
        (D(1985, 6, 1), "USA RUS GBR FRA DEU CHN JPN ISR IRN IRQ SYR EGY JOR LBN SAU TUR DZA MAR TUN "
                        "SDN ETH SOM UGA RWA BDI COD TZA LBR SLE NGA GHA CIV AGO MOZ ZAF ZWE AFG PAK IND "
                        "LKA BGD VNM THA PHL IDN NIC SLV GTM HND PAN COL PER HTI CUB ITA CAN AUS BRA ARG "
                        "MEX KOR ESP GRC BGR ROU ALB"),
        (D(1995, 6, 1), "USA RUS GBR FRA DEU CHN JPN ISR IRN IRQ SYR EGY JOR LBN SAU TUR DZA MAR TUN "
                        "SDN ETH ERI DJI UGA RWA BDI COD TZA LBR SLE NGA GHA CIV AGO MOZ ZAF ZWE NAM "
                        "AFG PAK IND LKA BGD KHM VNM THA PHL IDN NIC SLV GTM HND PAN COL PER HTI CUB "
                        "SRB HRV BIH SVN MKD ALB MNE UKR BLR MDA GEO ARM AZE KAZ UZB EST LVA LTU"),
    ]:
        held = {e.country for e in lex.entries if e.kind == "person" and e.start and e.role
                and (e.role in heads or e.role.startswith(("president", "chairman of the", "general secretary")))
                and e.start <= on and (e.end is None or on <= e.end)}
        assert not set(codes.split()) - held, (on, set(codes.split()) - held)


def test_common_word_and_burmese_names_are_never_surnames(lex):
    # "Charles Taylor" and "Ne Win" are known only by their full names
    assert {"Taylor", "Win", "Perry", "Yu"}.isdisjoint(lex.surnames)
    assert lex.lookup("Charles Taylor", D(1992, 1, 1))
    assert "Savimbi" in lex.surnames and "Shamir" in lex.surnames
