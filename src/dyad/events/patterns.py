"""The event pattern lexicon: YAML files in ``dyad/data/patterns/``, one per CAMEO root.

A pattern names a trigger (a verb or noun lemma), optional constraints read off the
dependency parse, the CAMEO code it yields, where its source and target come from, and an
example sentence of our own that the test-suite codes. Fields (only ``id``, ``cameo``, one
of ``verb``/``noun`` and ``example`` are required)::

    id: accuse.accuse            unique, "<family>.<name>"
    cameo: "112"                 a CAMEO code present in the ontology
    verb: [accuse, blame]        trigger lemmas (verbs) — or noun: [accusation]
    particle: out                a required particle ("hit out")
    modifier: [hunger]           a required modifier of the trigger (compound/amod: "hunger strike")
    object: [talk, negotiation]  the direct object's lemma must be one of these
    prep: [for]                  the trigger must govern one of these prepositions
    without_prep: [for]          ... and must not govern any of these
    clause: {verb: [ease], object: [sanction]}   a clausal complement constraint
    source: [subject]            slots to search for the source, in order
    target: [dobj, prep:at]      slots to search for the target, in order
    target_optional: false       emit the event even when no target is found
    reciprocal: false            "X and Y restored ties" → X→Y and Y→X
    speech: claim                fires only inside reported speech: speaker → subject
    unarmed: "111"               the code when no party is armed ("Erdogan and Putin clashed")
    intransitive: true           the trigger takes no object or complement clause ("students
                                 demonstrated", not "demonstrated that it could strike")
    no_complement: true          the trigger has no predicative complement ("called Putin", not
                                 "called China a pivotal player" or "called the launch deplorable")
    confidence: 0.7
    example: "Mr Kim accused South Korea of stoking tensions."
    expect: {source: PRK, target: KOR}

Slots (each a function registered in ``dyad.events.slots``, which is what pattern files are
validated against): ``subject`` (nsubj; the agent in the passive; inherited through xcomp/conj/advcl),
``dobj`` (the passive subject in the passive), ``dative``, ``prep:X`` (object of preposition X
on the trigger, or on the light verb governing a noun trigger), ``object_prep:X``
(preposition X on the direct object or a participle after it: "talks with X"),
``clause_prep:X`` (preposition X inside the complement clause: "agreed to lift sanctions on X"),
``clause_subject`` ("urged X to ..."), ``poss`` ("Russia's attack"), ``compound`` ("US
strikes"), ``governor`` (subject of the light verb governing a noun trigger: "held talks"),
``affected`` (the passive subject of the verb a noun trigger hangs off: "killed in an
airstrike"), ``between`` ("talks between X and Y", reciprocal), ``proposal_source`` (the source of the
article's latest offer or proposal: "called it a cunning attempt"), ``speaker`` (who speaks the
quote or reported clause the trigger stands in).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import yaml

from dyad import ontology
from dyad.errors import DyadError
from dyad.events import slots as slots_registry

FIELDS = {"id", "cameo", "verb", "noun", "particle", "modifier", "object", "prep", "without_prep", "clause",
          "source", "target", "target_optional", "reciprocal", "speech", "confidence", "example",
          "expect", "note", "object_negative", "unarmed", "intransitive",
          "no_complement"}


class _Loader(yaml.SafeLoader):
    """YAML 1.2 booleans: only true/false, so prepositions like ``on`` and ``off`` stay words."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in value if tag != "tag:yaml.org,2002:bool"]
    for key, value in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"),
                              list("tf"))


class PatternError(DyadError, ValueError):
    """A pattern file is malformed; the message names the file, the pattern and the fix."""


@dataclass(frozen=True)
class Pattern:
    id: str
    cameo: str
    pos: str  # "verb" | "noun"
    lemmas: tuple[str, ...]
    particle: str | None = None
    modifier: frozenset[str] = frozenset()
    object: frozenset[str] = frozenset()
    prep: frozenset[str] = frozenset()
    without_prep: frozenset[str] = frozenset()
    clause_verb: frozenset[str] = frozenset()
    clause_object: frozenset[str] = frozenset()
    source: tuple[str, ...] = ("subject",)
    target: tuple[str, ...] = ("dobj",)
    target_optional: bool = False
    reciprocal: bool = False
    speech: str | None = None
    object_negative: bool = False
    unarmed: str | None = None  # the code when no party is armed: leaders who "clash" argue
    intransitive: bool = False  # no object or complement clause: "demonstrated" (not "… that")
    no_complement: bool = False  # no predicative complement: "called X" (not "called X a Y")
    confidence: float = 0.7
    example: str = ""
    expect: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    origin: str = ""

    @property
    def specificity(self) -> int:
        return (bool(self.particle) + bool(self.modifier) + bool(self.object) + bool(self.prep) + bool(self.clause_verb)
                + bool(self.clause_object) + bool(self.without_prep) + bool(self.speech)
                + bool(self.object_negative) + bool(self.intransitive))


def _as_set(value: Any, where: str, name: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise PatternError(f"{where}: '{name}' must be a word or a list of words, got {value!r}")
    return frozenset(v.lower() for v in value)


def _slots(value: Any, default: tuple[str, ...], where: str, name: str) -> tuple[str, ...]:
    if value is None:
        return default
    slots = [value] if isinstance(value, str) else value
    for slot in slots:
        if not isinstance(slot, str) or slots_registry.slot_named(slot) is None:
            prefixed = ", ".join(f"{n}<word>" for n in slots_registry.prefix_names())
            raise PatternError(
                f"{where}: unknown {name} slot {slot!r}; valid slots are "
                f"{', '.join(slots_registry.fixed_names())}, {prefixed}")
    return tuple(slots)


def _test_and_tuning(raw: dict, where: str) -> tuple[str, dict, str | None, float, str | None]:
    """A pattern's example and expectation (its test), ``speech``, ``confidence`` and ``unarmed``,
    checked; raise PatternError naming the pattern."""
    example = raw.get("example")
    if not isinstance(example, str) or len(example.split()) < 3:
        raise PatternError(f"{where}: every pattern needs an 'example' sentence (it is a test)")
    expect = raw.get("expect") or {}
    if not isinstance(expect, dict) or set(expect) - {"source", "target"}:
        raise PatternError(f"{where}: 'expect' takes 'source' and 'target' country codes")
    speech = raw.get("speech")
    if speech not in (None, "claim"):
        raise PatternError(f"{where}: 'speech' can only be 'claim'")
    confidence = float(raw.get("confidence", 0.7))
    if not 0 < confidence <= 1:
        raise PatternError(f"{where}: confidence must be in (0, 1]")
    unarmed = raw.get("unarmed")
    if unarmed is not None:
        unarmed = str(unarmed)
        if unarmed not in ontology.cameo_codes():
            raise PatternError(f"{where}: unarmed {unarmed!r} is not a CAMEO code")
    return example, expect, speech, confidence, unarmed


def parse_pattern(raw: Any, origin: str) -> Pattern:
    """Validate one raw pattern mapping; raise PatternError naming the file and pattern."""
    if not isinstance(raw, dict):
        raise PatternError(f"{origin}: each pattern must be a mapping, got {type(raw).__name__}")
    pid = raw.get("id")
    where = f"{origin}: pattern {pid!r}"
    if not isinstance(pid, str) or "." not in pid:
        raise PatternError(f"{where}: 'id' must look like 'family.name'")
    unknown = set(raw) - FIELDS
    if unknown:
        raise PatternError(f"{where}: unknown field(s) {sorted(unknown)}; valid fields: {sorted(FIELDS)}")
    cameo = str(raw.get("cameo", ""))
    try:
        ontology.cameo(cameo)
    except KeyError:
        raise PatternError(f"{where}: cameo {cameo!r} is not a CAMEO code (quote it: \"0231\")") from None
    if ("verb" in raw) == ("noun" in raw):
        raise PatternError(f"{where}: give exactly one of 'verb' or 'noun'")
    pos = "verb" if "verb" in raw else "noun"
    lemmas = tuple(sorted(_as_set(raw[pos], where, pos)))
    if not lemmas:
        raise PatternError(f"{where}: '{pos}' lists no lemmas")
    clause = raw.get("clause") or {}
    if not isinstance(clause, dict) or set(clause) - {"verb", "object"}:
        raise PatternError(f"{where}: 'clause' takes only 'verb' and 'object' lists")
    example, expect, speech, confidence, unarmed = _test_and_tuning(raw, where)
    default_source = ("subject",) if pos == "verb" else ("poss", "compound", "prep:by", "governor")
    default_target = ("dobj",) if pos == "verb" else ("prep:on", "prep:against", "prep:with",
                                                       "prep:to", "between")
    particle = raw.get("particle")
    return Pattern(
        id=pid, cameo=cameo, pos=pos, lemmas=lemmas,
        particle=particle.lower() if isinstance(particle, str) else None,
        modifier=_as_set(raw.get("modifier"), where, "modifier"),
        object=_as_set(raw.get("object"), where, "object"),
        prep=_as_set(raw.get("prep"), where, "prep"),
        without_prep=_as_set(raw.get("without_prep"), where, "without_prep"),
        clause_verb=_as_set(clause.get("verb"), where, "clause.verb"),
        clause_object=_as_set(clause.get("object"), where, "clause.object"),
        source=_slots(raw.get("source"), default_source, where, "source"),
        target=_slots(raw.get("target"), default_target, where, "target"),
        target_optional=bool(raw.get("target_optional", False)),
        reciprocal=bool(raw.get("reciprocal", False)),
        speech=speech,
        object_negative=bool(raw.get("object_negative", False)),
        unarmed=unarmed,
        intransitive=bool(raw.get("intransitive", False)),
        no_complement=bool(raw.get("no_complement", False)),
        confidence=confidence,
        example=example, expect=expect, origin=origin,
    )


def parse_file(path: Path | Any, name: str) -> list[Pattern]:
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.YAMLError as exc:
        raise PatternError(f"{name}: not valid YAML: {exc}") from None
    except OSError as exc:
        raise PatternError(f"{name}: cannot read the file ({exc.strerror or exc})", "Check the path") from None
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise PatternError(f"{name}: a pattern file is a YAML list of patterns")
    return [parse_pattern(item, name) for item in raw]


def _check_unique(patterns: Iterable[Pattern]) -> list[Pattern]:
    seen: dict[str, str] = {}
    out = []
    for p in patterns:
        if p.id in seen:
            raise PatternError(f"{p.origin}: pattern id {p.id!r} already defined in {seen[p.id]}")
        seen[p.id] = p.origin
        out.append(p)
    return out


@functools.lru_cache(maxsize=1)
def builtin_patterns() -> tuple[Pattern, ...]:
    folder = resources.files("dyad") / "data" / "patterns"
    patterns: list[Pattern] = []
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".yaml"):
            patterns.extend(parse_file(item, f"patterns/{item.name}"))
    return tuple(_check_unique(patterns))


def load_patterns(extra_files: Iterable[Path] = ()) -> tuple[Pattern, ...]:
    """Built-in patterns plus user pattern files (user patterns win ties by coming first)."""
    extra: list[Pattern] = []
    for path in extra_files:
        path = Path(path)
        if not path.exists():
            raise PatternError(f"{path}: pattern file not found")
        extra.extend(parse_file(path, str(path)))
    return tuple(_check_unique([*extra, *builtin_patterns()]))


@functools.lru_cache(maxsize=1)
def evaluative_words() -> dict[str, frozenset[str]]:
    """Negative and positive evaluation words ("a cunning attempt", "a positive step")."""
    path = resources.files("dyad") / "data" / "evaluative.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {k: frozenset(v) for k, v in raw.items()}
