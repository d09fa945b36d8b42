"""Occasion dates: verbal acts told from a dated speech take the speech's day."""
from __future__ import annotations

import datetime as dt

import pytest

from dyad.coder import Coder, Options
from dyad.occasions import Occasions

PUBLISHED = dt.date(2021, 10, 13)  # a Wednesday: "on Monday" is 2021-10-11


@pytest.fixture(scope="module")
def coder():
    return Coder(Options())


def _dates(coder, text):
    return {(e.trigger.text, e.date, e.date_precision, e.extras.get("date_from"))
            for e in coder.code(text, PUBLISHED)}


def test_later_accusations_take_the_speech_day(coder):
    found = _dates(coder, "North Korean leader Kim Jong-un accused Japan of provocations in a "
                          "speech on Monday. He also denounced South Korea for its drills.")
    assert ("accused", "2021-10-11", "day", None) in found
    assert ("denounced", "2021-10-11", "day", "occasion") in found


def test_a_perfect_tells_of_another_time(coder):
    found = _dates(coder, "North Korean leader Kim Jong-un accused Japan of provocations in a "
                          "speech on Monday. He has denounced South Korea for its drills.")
    assert ("denounced", "2021-10-13", "publication", None) in found


def test_history_sets_no_occasion(coder):
    found = _dates(coder, "North Korean leader Kim Jong-un accused Japan of provocations in a "
                          "speech in May 2015. He also denounced South Korea for its drills.")
    assert ("denounced", "2021-10-13", "publication", None) in found


def test_only_verbal_acts_of_the_same_speaker_move():
    occ = Occasions(PUBLISHED)
    assert occ.date("PRKGOV", 3, "2021-10-11", "day") == ("2021-10-11", "day", False)
    assert occ.date("PRKGOV", 3, "2021-10-13", "publication") == ("2021-10-11", "day", True)
    assert occ.date("KORGOV", 3, "2021-10-13", "publication")[2] is False
    assert occ.date("PRKGOV", 4, "2021-10-13", "publication")[2] is False  # material act
    assert occ.date("PRKGOV", 3, "2021-08-01", "day") == ("2021-08-01", "day", False)
    assert occ.date("PRKGOV", 3, "2021-10-13", "publication")[0] == "2021-10-11"  # August: history
