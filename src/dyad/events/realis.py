"""Realis: did the event happen now, as told? ``asserted | hypothetical | future | background |
denied``, with the cue that decided it, read from the parse of the trigger's clause and the
dates it governs (cue words: data/realis.yaml, whose examples are tests).

* denied: the event is negated.
* hypothetical: a modal (would, could, ...) or a conditional mark (if, unless, in case) on the
  trigger's clause or a clause it is the complement or conjunct of.
* future: will/shall on that clause, or a clause it completes ("is due to meet").
* background: the past perfect ("had attacked", not backshifted under a reporting verb: "said
  it had attacked" is still news), a history adverbial ("previously", "has long", "at the time",
  "years ago"), or a date governed by the trigger whose period ends more than ``window_days``
  (30) before publication ("in 2014", "in January" in a March article).

Promises, threats, offers, demands and refusals are asserted events of their own type (PLOVER
codes them): future and "would" do not make them unrealised.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
from dataclasses import dataclass
from importlib import resources

import yaml
from spacy.tokens import Token

from dyad.dates import DateMention

REALIS = ("asserted", "hypothetical", "future", "background", "denied")
CLAUSE_DEPS = ("xcomp", "conj", "acomp")  # the clause shares the mood of its head


@dataclass(frozen=True)
class RealisCues:
    window_days: int
    speech_verbs: frozenset[str]
    speech_acts: frozenset[str]
    hyp_modals: frozenset[str]
    hyp_marks: frozenset[str]
    hyp_phrases: tuple[str, ...]
    future_modals: frozenset[str]
    future_heads: frozenset[str]
    past_adverbs: frozenset[str]
    past_phrases: tuple[str, ...]
    implicative: frozenset[str]
    examples: tuple[dict, ...]


@functools.lru_cache(maxsize=None)
def load_cues() -> RealisCues:
    path = resources.files("dyad") / "data" / "realis.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    try:
        low = lambda xs: frozenset(str(x).lower() for x in xs)  # noqa: E731
        return RealisCues(int(raw["window_days"]), low(raw["speech_verbs"]),
                          frozenset(raw["speech_acts"]), low(raw["hypothetical"]["modals"]),
                          low(raw["hypothetical"]["marks"]),
                          tuple(p.lower() for p in raw["hypothetical"]["phrases"]),
                          low(raw["future"]["modals"]), low(raw["future"]["heads"]),
                          low(raw["background"]["adverbs"]),
                          tuple(p.lower() for p in raw["background"]["phrases"]),
                          low(raw["purpose"]["implicative"]), tuple(raw.get("examples") or ()))
    except (KeyError, TypeError) as exc:
        raise ValueError(f"{path}: missing or malformed entry {exc}") from None


def _clause(trigger: Token) -> Token:
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ in ("dobj", "nsubj", "nsubjpass"):
        return trigger.head  # the light verb carries tense and mood: "launched an offensive"
    return trigger


def _chain(trigger: Token) -> list[Token]:
    """The trigger's clause and the clauses it completes or continues ("threatened to send")."""
    node, out = _clause(trigger), []
    for _ in range(4):
        out.append(node)
        if node.dep_ not in CLAUSE_DEPS or node.head is node:
            break
        node = node.head
    return out


def _reported(clause: Token, cues: RealisCues) -> bool:
    node = clause
    for _ in range(5):
        if node.dep_ == "ccomp" and node.head.lemma_.lower() in cues.speech_verbs:
            return True
        if node.head is node:
            return False
        node = node.head
    return False


def _governed(tok: Token, targets: set[int]) -> bool:
    """Whether ``tok`` hangs off one of ``targets`` without crossing another verb's clause."""
    node = tok
    for _ in range(6):
        if node.i in targets:
            return True
        if node.head is node or (node.i != tok.i and node.pos_ in ("VERB", "AUX")):
            return False
        node = node.head
    return False


def _phrase(sent, phrases: tuple[str, ...], targets: set[int]) -> str | None:
    low = sent.text.lower()
    for p in phrases:
        at = low.find(p)
        if at < 0:
            continue
        span = sent.doc.char_span(sent.start_char + at, sent.start_char + at + len(p),
                                  alignment_mode="expand")
        if span is not None and any(_governed(t, targets) for t in span):
            return p
    return None


def _period_end(value: str) -> dt.date | None:
    try:
        parts = [int(x) for x in value.split("-")]
    except ValueError:
        return None
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return dt.date(parts[0], 12, 31)


def _old_date(sent, dates: list[DateMention], targets: set[int], published: dt.date | None,
              cues: RealisCues) -> str | None:
    if published is None:
        return None
    for d in dates:
        if d.start < sent.start_char or d.end > sent.end_char or not d.date.value:
            continue
        span = sent.doc.char_span(d.start, d.end, alignment_mode="expand")
        if span is None or not _governed(span.root, targets):
            continue
        end = _period_end(d.date.value)
        if end is not None and end < published - dt.timedelta(days=cues.window_days):
            return d.text
    return None


def _purpose(clause: Token, cues: RealisCues) -> str | None:
    """"to retake" in "sent forces to retake the town", "orders to oust", "sought to insulate":
    an infinitive completing a verb or noun tells what was meant to happen, not what did — unless
    its verb says it did ("managed to", "began to": the implicative heads of data/realis.yaml).
    Promises, threats, demands and refusals coded on the infinitive ("determined to cross" as a
    threat) are asserted acts of their own: the caller does not ask."""
    if clause.dep_ not in ("xcomp", "advcl", "acl", "relcl") or clause.head is clause:
        return None
    if not any(c.dep_ == "aux" and c.tag_ == "TO" for c in clause.children):
        return None
    head = clause.head
    if head.lemma_.lower() in cues.implicative:
        return None
    return f"to ({head.lower_})"


def realis_of(trigger: Token, plover: str | None, negated: bool, dates: list[DateMention],
              published: dt.date | None) -> tuple[str, str | None]:
    """(realis, cue) of the event on ``trigger``; cue None for asserted."""
    if negated:
        return "denied", "negation"
    cues = load_cues()
    chain = _chain(trigger)
    speech_act = plover in cues.speech_acts
    for node in chain:
        if node is not chain[0] and node.lemma_.lower() in cues.future_heads and not speech_act:
            return "future", node.lower_
        for c in node.children:
            word = c.lower_
            if c.dep_ == "aux" and word in cues.hyp_modals and not (speech_act and word == "would"):
                return "hypothetical", word
            if c.dep_ == "mark" and word in cues.hyp_marks and node.dep_ in ("advcl", "ccomp"):
                return "hypothetical", word
            if c.dep_ == "aux" and word in cues.future_modals and not speech_act:
                return "future", word
    purpose = None if speech_act else _purpose(chain[0], cues)
    if purpose:
        return "hypothetical", purpose
    sent = trigger.sent
    targets = {n.i for n in chain} | {trigger.i}
    found = _phrase(sent, cues.hyp_phrases, targets)
    if found:
        return "hypothetical", found
    for node in chain:
        for c in node.children:
            if c.dep_ == "aux" and c.lower_ == "had" and not _reported(chain[-1], cues):
                return "background", "had"
            if c.dep_ in ("advmod", "npadvmod") and c.lower_ in cues.past_adverbs and (
                    c.lower_ != "long" or any(a.lemma_ == "have" for a in node.children)):
                return "background", c.lower_
    found = _phrase(sent, cues.past_phrases, targets) or \
        _old_date(sent, dates, targets, published, cues)
    return ("background", found) if found else ("asserted", None)
