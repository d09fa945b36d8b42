"""Every pattern in the lexicon carries an example sentence; each is a test."""
import pytest

from dyad.events.patterns import PatternError, builtin_patterns, load_patterns, parse_pattern
from dyad import ontology

PATTERNS = builtin_patterns()


def test_every_cameo_root_is_covered():
    roots = {p.cameo[:2] for p in PATTERNS}
    assert roots == {f"{i:02d}" for i in range(1, 21)}


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.id)
def test_pattern_example(pattern, coder):
    events = coder.code(pattern.example)
    fired = [e for e in events if e.rule == pattern.id]
    assert fired, f"{pattern.id} did not fire on its example; got {[e.rule for e in events]}"
    # an embedded event may make a generic code specific within its root (see events/moods.py)
    assert all(e.cameo == pattern.cameo or (pattern.cameo[2:] == "0" and
                                            e.cameo[:2] == pattern.cameo[:2]) for e in fired)
    if "source" in pattern.expect:
        assert pattern.expect["source"] in {e.source.country if e.source else None for e in fired}
    if "target" in pattern.expect:
        assert pattern.expect["target"] in {e.target.country if e.target else None for e in fired}
    for e in fired:
        assert pattern.example[e.trigger.start_char:e.trigger.end_char] == e.trigger.text


def _raw(**kw):
    base = {"id": "x.y", "cameo": "112", "verb": ["accuse"], "example": "Iran accused Israel today."}
    base.update(kw)
    return base


@pytest.mark.parametrize("raw, message", [
    (_raw(cameo="999"), "not a CAMEO code"),
    (_raw(id="nodot"), "family.name"),
    (_raw(target=["elsewhere"]), "unknown target slot"),
    (_raw(example=None), "needs an 'example'"),
    (_raw(colour="red"), "unknown field"),
    (_raw(noun=["accusation"]), "exactly one of"),
])
def test_bad_patterns_are_rejected_with_a_reason(raw, message):
    with pytest.raises(PatternError, match=message):
        parse_pattern(raw, "user.yaml")


def test_user_pattern_file(tmp_path, coder):
    path = tmp_path / "mine.yaml"
    path.write_text('- id: user.snub\n  cameo: "120"\n  verb: [snub]\n'
                    '  example: "Iran snubbed Israel at the summit."\n')
    patterns = load_patterns([path])
    assert patterns[0].id == "user.snub"
    bad = tmp_path / "bad.yaml"
    bad.write_text("- id: user.bad\n  cameo: 112\n  verb: [x]\n  example: [1]\n")
    with pytest.raises(PatternError, match="bad.yaml"):
        load_patterns([bad])


def test_pattern_codes_exist_in_ontology():
    for p in PATTERNS:
        assert ontology.cameo(p.cameo).code == p.cameo


def test_every_registered_slot_is_documented_for_pattern_writers():
    from dyad.events import patterns, slots

    for name in slots.fixed_names() + slots.prefix_names():
        assert f"``{name}" in patterns.__doc__, f"slot {name!r} runs but patterns.py does not list it"


def test_a_speaker_slot_names_who_speaks(tmp_path):
    """A pattern may take its source from the ``speaker`` slot; it validated but named no one."""
    from dyad.coder import Coder, Options

    path = tmp_path / "speaker.yaml"
    path.write_text('- id: user.snub\n  cameo: "120"\n  verb: [snub]\n  source: [speaker]\n'
                    '  target: [dobj]\n  example: "Iran said the delegates snubbed Israel."\n')
    coder = Coder(Options(pattern_files=(path,), detector=False))

    def coded(text):
        return {(e.source.country, e.target.country) for e in coder.code(text) if e.rule == "user.snub"}

    assert coded("Iran said the delegates snubbed Israel at the summit.") == {("IRN", "ISR")}
    assert coded('"The delegates snubbed Israel at the summit," Iran\'s foreign minister said.') \
        == {("IRN", "ISR")}
    assert coded("The delegates snubbed Israel at the summit.") == set()  # nobody speaks


def test_the_affected_slot_reads_who_suffered_a_named_attack():
    from dyad import nlp as nlp_stage
    from dyad.events.slots import slot_tokens
    doc = nlp_stage.load()("Dozens of civilians were killed in Russian airstrikes on Sunday.")
    strikes = next(t for t in doc if t.text == "airstrikes")
    assert [t.text for t in slot_tokens("affected", strikes)] == ["Dozens"]
    doc = nlp_stage.load()("Russian airstrikes killed dozens of civilians.")
    strikes = next(t for t in doc if t.text == "airstrikes")
    assert slot_tokens("affected", strikes) == []  # the active voice names its object instead
