"""The event type where no pattern fired: the trigger's lemma mapped to a CAMEO code whose
QuadClass the sentence model finds probable.

The trigger keys of a sentence (``trigger_keys``) are the event noun a light verb governs
(``n:attack``), the predicate's lemma (``v:launch``) and its complement verb (``x:impose``).
The type table maps keys to CAMEO codes with weights; it is learned by
``scripts/train_detector.py`` from the pattern lexicon's trigger lemmas and the tune halves of
the labelled gold sets (never written per sentence). ``choose_code`` scores each code as

    P(code | keys) × P_model(QuadClass of code)

and falls back to the most frequent code of the most probable class when no key is known.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from dyad import ontology
from dyad.detect.features import complement, event_noun, predicate

KEY_WEIGHTS = {"n": 1.0, "v": 1.0, "x": 0.6}


def pentaclass_of(code: str) -> int:
    """A CAMEO code's class on the five-way scale: root 01 is 0, else its QuadClass."""
    c = ontology.cameo(code)
    return 0 if c.root == "01" else int(c.quad_class)


def trigger(sent: Span) -> Token:
    """The token the model event is anchored on: the event noun, else the predicate."""
    pred = predicate(sent)
    return event_noun(pred) or pred


# predicates that report a state, not an event: a copula, possession, seeming
STATIVE = frozenset({"be", "have", "seem", "appear", "become", "remain", "look", "exist",
                     "belong", "consist", "contain", "mean", "know", "want", "need", "like"})


def eventive(tok: Token) -> bool:
    """Whether a trigger can anchor an event: a verb that is not stative, or a noun."""
    if tok.pos_ == "NOUN":
        return True
    return tok.pos_ == "VERB" and tok.lemma_.lower() not in STATIVE


def trigger_keys(sent: Span) -> list[str]:
    pred = predicate(sent)
    keys = []
    noun = event_noun(pred)
    if noun is not None:
        keys.append("n:" + noun.lemma_.lower())
    keys.append("v:" + pred.lemma_.lower())
    comp = complement(pred)
    if comp is not None:
        keys.append("x:" + comp.lemma_.lower())
    return keys


def code_scores(keys: list[str], table: dict[str, list[tuple[str, float]]]) -> dict[str, float]:
    """P(code | keys): each known key's normalised code weights, summed by key weight."""
    out: dict[str, float] = {}
    for key in keys:
        rows = table.get(key)
        if not rows:
            continue
        total = sum(w for _, w in rows) or 1.0
        kw = KEY_WEIGHTS.get(key.split(":", 1)[0], 1.0)
        for code, w in rows:
            out[code] = out.get(code, 0.0) + kw * w / total
    norm = sum(out.values())
    return {c: v / norm for c, v in out.items()} if norm else {}


def choose_code(keys: list[str], probs, table: dict[str, list[tuple[str, float]]],
                fallback: dict[int, str], min_lexical: float = 0.0
                ) -> tuple[str | None, float, str]:
    """(CAMEO code, its score, how: 'lexicon' or 'fallback'); None when the best class is 0."""
    scores = code_scores(keys, table)
    best, best_score = None, 0.0
    for code, p in scores.items():
        q = pentaclass_of(code)
        if q == 0:
            continue
        s = p * float(probs[q])
        if s > best_score:
            best, best_score = code, s
    if best is not None and best_score >= min_lexical:
        return best, best_score, "lexicon"
    top = int(max(range(1, len(probs)), key=lambda k: probs[k]))
    code = fallback.get(top)
    return (code, float(probs[top]) * 0.5, "fallback") if code else (None, 0.0, "none")
