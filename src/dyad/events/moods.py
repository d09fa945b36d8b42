"""Embedded and unrealised events: intentions, requests, refusals, threats, obligations.

"Japan agreed to send aid" is not aid sent: it is an intent (CAMEO 03, PLOVER AGREE). A
verb that embeds another event's trigger through ``xcomp`` ("agreed to send"), an adjective
("is willing to send"), a noun ("the decision to send", "its refusal to send") or a future
auxiliary ("will send") turns the embedded event into
the code given by ``data/moods.yaml``. Where the embedding verb already fired a pattern of
its own ("urged China to return to talks" → appeal.negotiate), the embedded event is dropped.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import yaml
from spacy.tokens import Token

from dyad import ontology
from dyad.errors import DyadError

FUTURE_AUX = frozenset({"will", "'ll", "’ll", "shall", "would", "wo"})
CLASSES = ("intent", "request", "demand", "reject", "threat")


class MoodError(DyadError, ValueError):
    pass


@dataclass(frozen=True)
class MoodClass:
    name: str
    verbs: frozenset[str]
    adjectives: frozenset[str]
    nouns: frozenset[str]
    future: bool
    object_target: bool
    cooperative: dict[str, str | None] | None
    conflictual: dict[str, str | None] | None

    def code_for(self, cameo: str) -> str | None:
        """The code an embedded event with CAMEO ``cameo`` becomes; None: drop it."""
        table = self.cooperative if int(cameo[:2]) <= 9 else self.conflictual
        if table is None:
            return None
        for n in (4, 3, 2):
            if cameo[:n] in table and len(cameo) >= n:
                return table[cameo[:n]]
        return table.get("default")


@dataclass(frozen=True)
class Moods:
    classes: tuple[MoodClass, ...]
    modals: frozenset[str]
    obligation_code: str
    allegation_verbs: frozenset[str] = frozenset()
    allegation_inherent: frozenset[str] = frozenset()
    allegation_code: str = "112"

    @functools.cached_property
    def by_verb(self) -> dict[str, MoodClass]:
        out: dict[str, MoodClass] = {}
        for c in self.classes:
            for w in c.verbs | c.adjectives:
                out.setdefault(w, c)
        return out

    @functools.cached_property
    def by_noun(self) -> dict[str, MoodClass]:
        out: dict[str, MoodClass] = {}
        for c in self.classes:
            for w in c.nouns:
                out.setdefault(w, c)
        return out

    @functools.cached_property
    def named(self) -> dict[str, MoodClass]:
        return {c.name: c for c in self.classes}

    @functools.cached_property
    def future_class(self) -> MoodClass | None:
        return next((c for c in self.classes if c.future), None)

    def embedding(self, trigger: Token) -> tuple[Token | None, MoodClass] | None:
        """The verb (or adjective) embedding ``trigger`` and its class, or the future class
        with no verb when the trigger sits under will/would; None for a plain event."""
        node = trigger
        if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ in ("dobj", "nsubjpass", "pobj"):
            # "threatened to launch an offensive": the noun's mood is its light verb's
            node = trigger.head if trigger.dep_ != "pobj" else trigger.head.head
            trigger = node
        for _ in range(4):
            head = None
            if node.dep_ == "conj" and node.head.pos_ in ("VERB", "AUX"):
                node = node.head  # "called on Arabs to unite and mobilize": as its first verb
                continue
            if node.dep_ == "xcomp":
                head = node.head
            elif node.dep_ == "pcomp" and node.head.dep_ == "prep" and node.head.lower_ == "to":
                head = node.head.head  # "committed to opening"
            elif node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "for"
                                              for c in node.children):
                head = node.head  # "pushed for Russia to withdraw"
            elif node.dep_ == "ccomp" and node.tag_ in ("VB", "VBP") and not any(
                    c.dep_ == "aux" for c in node.children):
                cls = self.by_verb.get(node.head.lemma_.lower())
                if cls is not None and cls.name in ("demand", "request"):
                    return node.head, cls  # "demanded that the president resign", "demanding he quit"
                break
            elif node.dep_ in ("acl", "relcl") and node.head.pos_ == "NOUN" and any(
                    c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
                if _purpose(node.head):
                    break  # "in order to send": a purpose, not an order
                cls = self.by_noun.get(node.head.lemma_.lower())
                if cls is not None:  # "reached an agreement to exchange", "its refusal to talk"
                    return node.head, cls
                break
            if head is None or head.i == node.i:
                break
            cls = self.by_verb.get(head.lemma_.lower()) or self.by_verb.get(head.lower_)
            if cls is not None:
                return head, cls
            node = head
        if self.future_class is not None and any(
                c.dep_ == "aux" and c.lower_ in FUTURE_AUX for t in (trigger, node) for c in t.children):
            return None, self.future_class  # "would counterbalance Iran and continue to battle Isis"
        return None


def _purpose(noun: Token) -> bool:
    """"in order to", "so as to": the noun only marks a purpose."""
    return noun.lower_ == "order" and noun.dep_ == "pobj" and noun.head.lower_ == "in"


def _table(raw, where: str) -> dict[str, str | None] | None:
    """Code prefix → CAMEO code; a null code leaves such embedded events out."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise MoodError(f"moods.yaml: {where} must be a mapping of code prefix → CAMEO code")
    for key, code in raw.items():
        if code is None:
            continue
        try:
            ontology.cameo(str(code))
        except KeyError:
            raise MoodError(f"moods.yaml: {where}: {code!r} (for {key!r}) is not a CAMEO code") from None
    return {str(k): None if v is None else str(v) for k, v in raw.items()}


@functools.lru_cache(maxsize=1)
def load_moods() -> Moods:
    path = resources.files("dyad") / "data" / "moods.yaml"
    return parse_moods(yaml.safe_load(path.read_text(encoding="utf-8")))


def parse_moods(raw: dict) -> Moods:
    """The mood classes, the obligation modals and the allegation verbs of a moods.yaml
    document; MoodError names what is missing or wrong."""
    classes = []
    for name in CLASSES:
        item = raw.get(name)
        if not isinstance(item, dict) or not item.get("verbs"):
            raise MoodError(f"moods.yaml: class {name!r} is missing or lists no verbs")
        classes.append(MoodClass(
            name=name,
            verbs=frozenset(item["verbs"]),
            adjectives=frozenset(item.get("adjectives", [])),
            nouns=frozenset(item.get("nouns", [])),
            future=bool(item.get("future", False)),
            object_target=bool(item.get("object_target", False)),
            cooperative=_table(item.get("cooperative"), f"{name}.cooperative"),
            conflictual=_table(item.get("conflictual"), f"{name}.conflictual"),
        ))
    obligation = raw.get("obligation") or {}
    code = str(obligation.get("code", "100"))
    ontology.cameo(code)
    allegation = raw.get("allegation") or {}
    verbs = frozenset(allegation.get("verbs", []))
    inherent = frozenset(allegation.get("inherent", []))
    if not inherent <= verbs:
        raise MoodError(f"moods.yaml: allegation.inherent lists verbs not in allegation.verbs: "
                        f"{sorted(inherent - verbs)}")
    accuse = str(allegation.get("code", "112"))
    ontology.cameo(accuse)
    return Moods(tuple(classes), frozenset(obligation.get("modals", [])), code, verbs, inherent,
                 accuse)
