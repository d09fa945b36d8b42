"""Acceptance on the report the project grew from (../shared/examples)."""


def triples(events, negated=False):
    return {(e.source.country if e.source else None, e.target.country if e.target else None,
             e.plover) for e in events if e.negated == negated}


def test_offsets_slice_the_text(kim_events):
    text, events = kim_events
    assert events
    for e in events:
        assert text[e.trigger.start_char:e.trigger.end_char] == e.trigger.text
        for actor in (e.source, e.target):
            if actor is not None:
                assert text[actor.start_char:actor.end_char] == actor.text


def test_required_dyads(kim_events):
    _, events = kim_events
    found = triples(events)
    for want in [("PRK", "USA", "ACCUSE"), ("PRK", "KOR", "ACCUSE"), ("KOR", "PRK", "ACCUSE"),
                 ("PRK", "KOR", "COOPERATE"), ("KOR", "PRK", "COOPERATE"),
                 ("PRK", "USA", "REJECT"), ("PRK", "USA", "REQUEST")]:
        assert want in found, f"missing {want}; found {sorted(map(str, found))}"
    assert ("USA", "PRK", "AGREE") in found or ("USA", "PRK", "CONSULT") in found


def test_missile_tests_are_mobilize_in_september(kim_events):
    _, events = kim_events
    mob = [e for e in events if e.plover == "MOBILIZE" and e.source and e.source.country == "PRK"]
    assert mob and mob[0].cameo_root == "15"
    assert (mob[0].date, mob[0].date_precision) == ("2021-09", "month")


def test_hotline_restored_last_week(kim_events):
    _, events = kim_events
    coop = [e for e in events if e.plover == "COOPERATE"]
    assert {e.date_precision for e in coop} == {"week"}
    assert {e.date for e in coop} == {"2021-10-04"}  # the ISO week before that of 2021-10-12


def test_no_assault_and_sectors(kim_events):
    _, events = kim_events
    assert not [e for e in events if e.plover == "ASSAULT"]
    codes = {(a.text, a.code) for e in events for a in (e.source, e.target) if a is not None}
    kim_codes = {code for text, code in codes if "Kim" in text or text.lower() == "he"}
    assert kim_codes == {"PRKGOV"}
    price = [e.source for e in events if e.source and "Price" in e.source.text]
    assert price and price[0].code == "USAGOV"


def test_cameo_roots(kim_events):
    _, events = kim_events
    roots = {(e.source.country if e.source else None, e.target.country if e.target else None,
              e.cameo_root) for e in events if not e.negated}
    for want in [("PRK", "USA", "11"), ("PRK", "KOR", "11"), ("KOR", "PRK", "11"),
                 ("PRK", "USA", "12"), ("PRK", "USA", "10"), ("PRK", None, "15")]:
        assert want in roots
