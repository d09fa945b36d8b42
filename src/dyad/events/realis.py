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
from dyad.events.syntax import clauses_above, verb_above, walk_up

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
    generic_dets: frozenset[str]
    standing_types: frozenset[str]
    temporal_marks: frozenset[str]
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
                          low(raw["purpose"]["implicative"]), low(raw["generic"]["determiners"]),
                          frozenset(raw["background"]["standing_types"]),
                          low(raw["inherit"]["temporal_marks"]), tuple(raw.get("examples") or ()))
    except (KeyError, TypeError) as exc:
        raise ValueError(f"{path}: missing or malformed entry {exc}") from None


def _clause(trigger: Token) -> Token:
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ in ("dobj", "nsubj", "nsubjpass"):
        return trigger.head  # the light verb carries tense and mood: "launched an offensive"
    return trigger


def _chain(trigger: Token) -> list[Token]:
    """The trigger's clause and the clauses it completes or continues ("threatened to send")."""
    out = []
    for node in walk_up(_clause(trigger), 4):
        out.append(node)
        if node.dep_ not in CLAUSE_DEPS:
            break
    return out


def _reported(clause: Token, cues: RealisCues) -> bool:
    return any(node.dep_ == "ccomp" and node.head.lemma_.lower() in cues.speech_verbs
               for node in walk_up(clause, 5))


def _governed(tok: Token, targets: set[int]) -> bool:
    """Whether ``tok`` hangs off one of ``targets`` without crossing another verb's clause."""
    for node in walk_up(tok, 6):
        if node.i in targets:
            return True
        if node.i != tok.i and node.pos_ in ("VERB", "AUX"):
            return False
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
    if not _infinitive(clause):
        return None
    head = clause.head
    if head.lemma_.lower() in cues.implicative:
        return None
    return f"to ({head.lower_})"


def _infinitive(clause: Token) -> bool:
    return clause.dep_ in ("xcomp", "advcl", "acl", "relcl") and clause.head.i != clause.i and \
        any(c.dep_ == "aux" and c.tag_ == "TO" for c in clause.children)


def _generic(clause: Token, cues: RealisCues) -> str | None:
    """"any party that violates the truce": a relative clause on a quantified head ("any",
    "every", "no") describes whoever might act, not an act."""
    if clause.dep_ != "relcl":
        return None
    det = next((c for c in clause.head.children if c.dep_ == "det"), None)
    return det.lower_ if det is not None and det.lower_ in cues.generic_dets else None


def _participle(clause: Token, plover: str | None, cues: RealisCues) -> str | None:
    """"Assad, supported by Russia, wants ...": a participle modifying a noun tells a standing
    alignment (the types in data/realis.yaml), not a new act."""
    if clause.dep_ == "acl" and clause.tag_ == "VBN" and plover in cues.standing_types:
        return f"participle ({clause.lower_})"
    return None


def _inherited(clause: Token, cues: RealisCues) -> Token | None:
    """The clause whose realis this one takes: the verb an implicative infinitive completes
    ("could go on to fight": as "could go"), the main clause of a temporal clause ("died in 2013
    after the regime deployed gas": as "died")."""
    if _infinitive(clause) and clause.head.lemma_.lower() in cues.implicative:
        return clause.head
    if clause.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in cues.temporal_marks
                                      for c in clause.children):
        return clause.head
    return None


def _modal(node: Token, c: Token, speech_act: bool, cues: RealisCues) -> str | None:
    word = c.lower_
    if c.dep_ == "aux" and word in cues.hyp_modals:
        # "said it would retaliate" is a threat made; "Washington would ask" is not an act
        if not (speech_act and word == "would" and _reported(node, cues)):
            return "hypothetical"
    if c.dep_ == "mark" and word in cues.hyp_marks and node.dep_ in ("advcl", "ccomp"):
        return "hypothetical"
    if c.dep_ == "aux" and word in cues.future_modals and not speech_act:
        return "future"
    return None


def _own_realis(trigger: Token, plover: str | None, dates: list[DateMention],
                published: dt.date | None, cues: RealisCues) -> tuple[str, str | None]:
    """The realis the trigger's own clause (and the clauses it completes) gives it."""
    chain = _chain(trigger)
    speech_act = plover in cues.speech_acts
    for node in chain:
        if node is not chain[0] and node.lemma_.lower() in cues.future_heads and not speech_act:
            return "future", node.lower_
        for c in node.children:
            mood = _modal(node, c, speech_act, cues)
            if mood:
                return mood, c.lower_
    found = (None if speech_act else _purpose(chain[0], cues)) or _generic(chain[0], cues)
    if found:
        return "hypothetical", found
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
    found = _participle(chain[0], plover, cues) or _phrase(sent, cues.past_phrases, targets) or \
        _old_date(sent, dates, targets, published, cues)
    return ("background", found) if found else ("asserted", None)


def _standing_relative(trigger: Token, dates: list[DateMention]) -> str | None:
    """"Russia, which has backed him", "the PKK, which has fought a decades-long insurgency": a
    relative clause in the perfect describes what its head has long done (background), unless
    it is dated ("which has attacked the town this week" is news)."""
    clause = _clause(trigger)
    if clause.dep_ != "relcl" or not any(
            c.dep_ == "aux" and c.lemma_.lower() == "have" and c.tag_ in ("VBZ", "VBP")
            for c in clause.children):
        return None
    start, end = clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge)
    if any(d.date.value and start <= d.start and d.end <= end for d in dates):
        return None  # dated ("this week"); a span ("a decades-long insurgency") dates nothing
    return "relative clause in the perfect"


def dated_above(trigger: Token, dates: list[DateMention], published: dt.date | None,
                cues: RealisCues) -> str | None:
    """An old date in the trigger's own clause or a clause above it ("came to blows in
    November 2015 when Turkey shot down a jet", "in mid-2016, when it sent troops"), not one
    in a clause of its own ("forces, who had held Kirkuk since 2014, were pushed out")."""
    if published is None:
        return None
    above = clauses_above(trigger)
    sent = trigger.sent
    for d in dates:
        if d.start < sent.start_char or d.end > sent.end_char or not d.date.value:
            continue
        span = sent.doc.char_span(d.start, d.end, alignment_mode="expand")
        end = _period_end(d.date.value)
        if span is not None and verb_above(span.root).i in above and end is not None \
                and end < published - dt.timedelta(days=cues.window_days):
            return d.text
    return None


def realis_of(trigger: Token, plover: str | None, negated: bool, dates: list[DateMention],
              published: dt.date | None) -> tuple[str, str | None]:
    """(realis, cue) of the event on ``trigger``; cue None for asserted. An asserted clause that
    completes an implicative verb, or is a temporal clause, takes the realis of the clause it
    hangs off when that one is not asserted. An event still asserted that an old date in its
    clause or one above dates, or that a perfect relative clause tells, is background."""
    if negated:
        return "denied", "negation"
    cues = load_cues()
    realis, cue = _inherited_realis(trigger, plover, dates, published, cues)
    if realis == "asserted":
        cue = dated_above(trigger, dates, published, cues) or _standing_relative(trigger, dates)
        realis = "background" if cue else realis
    return realis, cue


def _inherited_realis(trigger: Token, plover: str | None, dates: list[DateMention],
                      published: dt.date | None, cues: RealisCues) -> tuple[str, str | None]:
    realis, cue = _own_realis(trigger, plover, dates, published, cues)
    node = _clause(trigger)
    for _ in range(3):
        if realis != "asserted":
            break
        node = _inherited(node, cues)
        if node is None:
            break
        realis, cue = _own_realis(node, None, dates, published, cues)
        if realis == "asserted":
            continue
        cue = f"{cue} ({node.lower_})"
    return realis, cue
