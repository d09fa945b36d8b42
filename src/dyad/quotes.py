"""Quotes and reported speech: who says what, as character spans.

Direct quotes are found from quotation marks (straight or curly); a quote left open at the
end of a paragraph continues when the next paragraph opens with a quotation mark. Each
quote's speaker is the subject of a speech verb ("said", "added", "told") in the sentence
that holds the quote's end, or else its start; a quote with no cue that directly follows an
attributed quote keeps that speaker; otherwise the speaker is null (never guessed).
Reported clauses ("Mr Kim said the country was willing to…") attribute their tokens too.

The words that cue all of this (speech and stance verbs, stance nouns and their prepositions,
who can speak, "according to") are data: ``data/quotes.yaml``, read once on first use and
validated by ``load_quote_lexicon``.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources

import yaml
from spacy.tokens import Doc, Token

from dyad.actors.resolve import ArticleActors
from dyad.record import Actor, Span
from dyad.errors import DyadError


class QuoteLexiconError(DyadError, ValueError):
    """The quote lexicon file is malformed; the message names the file and the problem."""


# The groups of data/quotes.yaml: group → its word fields → (kind, QuoteLexicon attribute).
# A "words" field is a list of lower-case lemmas, "cues" a mapping of lemma → prepositions,
# "phrases" a list of fixed phrases. Every group also has `about:` and `examples:`.
LEXICON_GROUPS: dict[str, dict[str, tuple[str, str]]] = {
    "speech": {"verbs": ("words", "speech_verbs")},
    "attribution": {"verbs": ("words", "more_attribution_verbs"),
                    "preps": ("words", "attribution_preps")},
    "stance": {"verbs": ("words", "stance_verbs")},
    "preposition_cues": {"verbs": ("cues", "prep_cues")},
    "content_nouns": {"nouns": ("words", "content_nouns")},
    "clause_nouns": {"nouns": ("words", "more_clause_nouns")},
    "noun_cues": {"nouns": ("cues", "noun_cues")},
    "noun_owners": {"verbs": ("words", "delivery_verbs"), "preps": ("words", "owner_preps")},
    "speakers": {"nouns": ("words", "speaker_nouns"),
                 "not_pronouns": ("words", "non_speaker_pronouns")},
    "frames": {"phrases": ("phrases", "frames")},
}
QUOTE_KINDS = ("direct", "reported", "attributed")
_EXAMPLE_KEYS = ("text", "quote", "speaker", "cue", "kind", "actor")


@dataclass(frozen=True)
class LexiconExample:
    """A sentence that shows a lexicon group at work, and what it should give."""
    group: str
    text: str
    quote: str | None  # the quoted or attributed words; None: no quote at all
    speaker: str | None  # the words naming the speaker; None: no speaker
    cue: str | None = None
    kind: str | None = None
    actor: str | None = None  # the speaker's actor code


@dataclass(frozen=True)
class QuoteLexicon:
    """The word lists of data/quotes.yaml (see that file for what each group is for)."""
    speech_verbs: frozenset[str]
    more_attribution_verbs: frozenset[str]
    attribution_preps: frozenset[str]
    stance_verbs: frozenset[str]
    prep_cues: dict[str, frozenset[str]]
    content_nouns: frozenset[str]
    more_clause_nouns: frozenset[str]
    noun_cues: dict[str, frozenset[str]]
    delivery_verbs: frozenset[str]
    owner_preps: frozenset[str]
    speaker_nouns: frozenset[str]
    non_speaker_pronouns: frozenset[str]
    frames: tuple[tuple[str, ...], ...]
    examples: tuple[LexiconExample, ...] = ()

    @functools.cached_property
    def attribution_verbs(self) -> frozenset[str]:
        """Speech verbs attribute too ("X said ..." as much as "X wants ...")."""
        return self.speech_verbs | self.more_attribution_verbs

    @functools.cached_property
    def clause_nouns(self) -> frozenset[str]:
        return self.content_nouns | self.more_clause_nouns


def load_quote_lexicon(path=None) -> QuoteLexicon:
    """Read and validate a quote lexicon (default: the built-in data/quotes.yaml)."""
    if path is None:
        path = resources.files("dyad") / "data" / "quotes.yaml"
    where = str(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise QuoteLexiconError(f"{where}: file not found") from None
    except yaml.YAMLError as exc:
        raise QuoteLexiconError(f"{where}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise QuoteLexiconError(f"{where}: must be a mapping of group name → group "
                                f"(groups: {', '.join(LEXICON_GROUPS)})")
    unknown = [g for g in raw if g not in LEXICON_GROUPS]
    if unknown:
        raise QuoteLexiconError(f"{where}: unknown group {unknown[0]!r}; "
                                f"valid groups: {', '.join(LEXICON_GROUPS)}")
    values: dict = {}
    examples: list[LexiconExample] = []
    for group, fields in LEXICON_GROUPS.items():
        item = raw.get(group)
        if not isinstance(item, dict):
            raise QuoteLexiconError(f"{where}: group {group!r} is missing or not a mapping")
        allowed = ("about", *fields, "examples")
        extra = [k for k in item if k not in allowed]
        if extra:
            raise QuoteLexiconError(f"{where}: {group}: unknown field {extra[0]!r}; "
                                    f"fields: {', '.join(allowed)}")
        if not isinstance(item.get("about"), str) or not item["about"].strip():
            raise QuoteLexiconError(f"{where}: {group}: needs an 'about' saying what the group is for")
        for name, (kind, attr) in fields.items():
            label = f"{where}: {group}.{name}"
            if kind == "words":
                values[attr] = frozenset(_words(item.get(name), label))
            elif kind == "cues":
                values[attr] = _cues(item.get(name), label)
            else:
                values[attr] = tuple(tuple(p.split(" ")) for p in _words(item.get(name), label, phrases=True))
        raw_examples = item.get("examples")
        if not isinstance(raw_examples, list) or not raw_examples:
            raise QuoteLexiconError(f"{where}: {group}: needs at least one example under 'examples:'")
        examples += [_example(e, group, f"{where}: {group}.examples[{i}]")
                     for i, e in enumerate(raw_examples)]
    for group, own, base in (("attribution", "more_attribution_verbs", "speech_verbs"),
                             ("clause_nouns", "more_clause_nouns", "content_nouns")):
        both = sorted(values[own] & values[base])
        if both:
            raise QuoteLexiconError(f"{where}: {group}: {both[0]!r} is already in {base.replace('_', ' ')}, "
                                    f"which {group} includes; list it once")
    return QuoteLexicon(**values, examples=tuple(examples))


def _words(raw, label: str, phrases: bool = False) -> list[str]:
    what = "phrase" if phrases else "word"
    if not isinstance(raw, list) or not raw:
        raise QuoteLexiconError(f"{label}: must be a non-empty list of {what}s")
    seen: set[str] = set()
    for w in raw:
        if isinstance(w, bool):
            raise QuoteLexiconError(f"{label}: {w!r} is not a {what}: YAML reads a bare on, off, "
                                    f"yes or no as true/false; write it in quotes (\"on\")")
        if not isinstance(w, str) or not w.strip():
            raise QuoteLexiconError(f"{label}: {w!r} is not a {what}")
        if w != w.lower() or w != " ".join(w.split()) or (" " in w and not phrases):
            raise QuoteLexiconError(f"{label}: {w!r} must be lower case"
                                    + (", words separated by single spaces" if phrases else ", one word"))
        if w in seen:
            raise QuoteLexiconError(f"{label}: {w!r} is listed twice")
        seen.add(w)
    return raw


def _cues(raw, label: str) -> dict[str, frozenset[str]]:
    if not isinstance(raw, dict) or not raw:
        raise QuoteLexiconError(f"{label}: must be a mapping of lemma → list of prepositions")
    out = {}
    for lemma, preps in raw.items():
        _words([lemma], label)
        out[lemma] = frozenset(_words(preps, f"{label}.{lemma}"))
    return out


def _example(raw, group: str, label: str) -> LexiconExample:
    if not isinstance(raw, dict):
        raise QuoteLexiconError(f"{label}: must be a mapping with text, quote and speaker")
    extra = [k for k in raw if k not in _EXAMPLE_KEYS]
    if extra:
        raise QuoteLexiconError(f"{label}: unknown field {extra[0]!r}; fields: {', '.join(_EXAMPLE_KEYS)}")
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise QuoteLexiconError(f"{label}: needs a 'text' sentence")
    for key in ("quote", "speaker"):
        if key not in raw:
            raise QuoteLexiconError(f"{label}: needs '{key}' (null when there is none)")
    for key in ("quote", "speaker", "cue"):
        value = raw.get(key)
        if value is not None and (not isinstance(value, str) or value not in text):
            raise QuoteLexiconError(f"{label}: {key} {value!r} does not occur in the text")
    if raw["quote"] is None and (raw["speaker"] is not None or raw.get("cue") is not None):
        raise QuoteLexiconError(f"{label}: an example without a quote has no speaker or cue")
    if raw.get("kind") is not None and raw["kind"] not in QUOTE_KINDS:
        raise QuoteLexiconError(f"{label}: kind {raw['kind']!r} is not one of {', '.join(QUOTE_KINDS)}")
    return LexiconExample(group, text, raw["quote"], raw["speaker"], raw.get("cue"),
                          raw.get("kind"), None if raw.get("actor") is None else str(raw["actor"]))


@functools.lru_cache(maxsize=1)
def quote_lexicon() -> QuoteLexicon:
    """The built-in lexicon, read once on first use."""
    return load_quote_lexicon()


# Quotations shorter than this are scare quotes ('invincible'), not speech.
MIN_QUOTE_WORDS = 4
# An uncued quote keeps the previous quote's speaker when at most this many words lie between
# them (typically the previous quote's own cue: ``,” he said. “…``).
MAX_CONTINUATION_GAP = 6
OPENERS = {"“": "”", '"': '"', "‘": "’", "«": "»"}
_QUOTE_RE = re.compile(r"[“\"«]|(?<![A-Za-z0-9])‘")


@dataclass
class Quote:
    quote_id: str
    content: Span
    speaker: Actor | None  # resolved to an actor (None when nobody can be named)
    cue: Span | None
    kind: str  # "direct" | "reported"
    speaker_span: Span | None = None  # the words naming the speaker, even if unresolved
    # the quoted pieces when a cue splits the quote ("“…,” he said. “…”"); else [content]
    parts: list[Span] = field(default_factory=list)

    def pieces(self) -> list[tuple[int, int]]:
        return [(p.start_char, p.end_char) for p in self.parts] or \
            [(self.content.start_char, self.content.end_char)]

    def to_dict(self) -> dict:
        return {
            "quote_id": self.quote_id,
            "kind": self.kind,
            "content": self.content.to_dict(),
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "speaker_span": self.speaker_span.to_dict() if self.speaker_span else None,
            "cue": self.cue.to_dict() if self.cue else None,
            "parts": [p.to_dict() for p in self.parts] if len(self.parts) > 1 else None,
        }


def direct_quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of quoted content, quotation marks excluded."""
    spans = []
    pos = 0
    n = len(text)
    while True:
        m = _QUOTE_RE.search(text, pos)
        if m is None:
            break
        opener = m.group(0)
        closer = OPENERS[opener]
        start = m.end()
        end = _find_close(text, start, opener, closer)
        if end is None:
            pos = start
            continue
        spans.append((start, end))
        pos = min(n, end + 1)
    return spans


def _find_close(text: str, start: int, opener: str, closer: str) -> int | None:
    i = start
    while True:
        j = text.find(closer, i)
        para = text.find("\n", i)
        if closer == "’":  # skip apostrophes inside words (it’s, Korea’s)
            while j != -1 and j + 1 < len(text) and text[j + 1].isalpha() and text[j - 1].isalpha():
                j = text.find(closer, j + 1)
        if j != -1 and (para == -1 or j < para):
            return j
        if para == -1:
            return None
        # open quote at paragraph end: continues if the next paragraph reopens it
        k = para
        while k < len(text) and text[k].isspace():
            k += 1
        if k < len(text) and text[k] == opener:
            i = k + 1
            continue
        return None


class SpeechFinder:
    def __init__(self, lexicon: QuoteLexicon | None = None):
        self._lexicon = lexicon  # None: the built-in lexicon, read on first use

    @property
    def lexicon(self) -> QuoteLexicon:
        if self._lexicon is None:
            self._lexicon = quote_lexicon()
        return self._lexicon

    def find(self, doc: Doc, actors: ArticleActors) -> tuple[list[Quote], dict[int, Actor], dict[int, str]]:
        """Return quotes, speaker by token index and quote id by token index."""
        lex = self.lexicon
        quotes: list[Quote] = []
        speakers: dict[int, Actor] = {}
        quote_ids: dict[int, str] = {}
        previous: Quote | None = None
        prev_end = -1
        sent_of = _sentence_of_token(doc)  # Token.sent walks the doc each call: look up once
        text = doc.text  # Doc.text joins every token on each call
        for start, end in direct_quote_spans(text):
            content = doc.char_span(start, end, alignment_mode="expand")
            if content is None:
                continue
            speaker, cue, who = self._cue_for(doc, content, actors, sent_of, lex)
            if len([t for t in content if not t.is_punct]) < MIN_QUOTE_WORDS and cue is None:
                continue  # a scare quote ('invincible'), not speech
            near = previous is not None and previous.speaker_span is not None and (
                len(text[prev_end:start].split()) <= MAX_CONTINUATION_GAP
                or _cue_between(text, doc, previous, prev_end, start, sent_of))
            if near and (who is None or _same_span(who, previous.speaker_span)):
                # a quote split by its cue ("“…,” he said. “…”") is one quote: extend the
                # previous one over this part
                quote = previous
                a = quote.content.start_char
                quote.content = Span(text[a:end], a, end)
                quote.parts.append(Span(text[start:end], start, end))
                speaker = quote.speaker
            else:
                piece = Span(text[start:end], start, end)
                quote = Quote(f"q{len(quotes)}", piece, speaker, cue, "direct", who, [piece])
                quotes.append(quote)
            for tok in content:
                quote_ids[tok.i] = quote.quote_id
                if speaker is not None:
                    speakers[tok.i] = speaker
            previous, prev_end = quote, end
        direct_tokens = set(quote_ids)
        seen: set[tuple[int, int]] = set()
        for clause, cue, subj in _reported_clauses(doc, lex):
            if sum(t.i in direct_tokens for t in clause) * 2 >= len(clause) \
                    or (clause.start, clause.end) in seen:
                continue  # a direct quote (or an earlier clause) already holds these words
            seen.add((clause.start, clause.end))
            found = actors.resolve(subj) if subj is not None else []
            speaker = found[0] if found else None
            qid = f"q{len(quotes)}"
            kind = "reported" if cue[0].lemma_.lower() in lex.speech_verbs or cue[0].text == ":" \
                or tuple(t.lower_ for t in cue) in lex.frames else "attributed"
            quotes.append(Quote(qid, Span(clause.text, clause.start_char, clause.end_char), speaker,
                                Span(cue.text, cue.start_char, cue.end_char), kind,
                                _phrase(subj) if subj is not None else None))
            for t in clause:
                if speaker is not None and kind == "reported":
                    speakers.setdefault(t.i, speaker)  # only speech makes its speaker a source
                quote_ids.setdefault(t.i, qid)
        quotes, merged = _drop_nested(quotes)
        quotes, overlapping = _drop_overlapping(quotes)
        merged.update(overlapping)
        for i, qid in quote_ids.items():
            quote_ids[i] = merged.get(qid, qid)
        actors.note_speakers(speakers)
        return quotes, speakers, quote_ids

    def _cue_for(self, doc: Doc, content, actors: ArticleActors, sent_of: list, lex: QuoteLexicon
                 ) -> tuple[Actor | None, Span | None, Span | None]:
        """The speaker of a direct quote: (1) a speech verb governing the quote, (2) a speech
        verb elsewhere in the sentences the quote touches, (3) for a quoted fragment inside a
        sentence, the subject of the verb that governs it. Returns (actor, cue, speaker words)."""
        inside = range(content.start, content.end)
        governing = []
        tok = content.root
        for _ in range(6):
            if tok.head is tok:
                break
            tok = tok.head
            if tok.i not in inside and tok.pos_ in ("VERB", "AUX"):
                governing.append(tok)
        candidates = [t for t in governing if t.lemma_.lower() in lex.speech_verbs]
        last = sent_of[content.end - 1]
        first = sent_of[content.start]
        for sent in (last, first) if first.start != last.start else (last,):
            candidates += [t for t in sent if t.i not in inside and t.pos_ == "VERB"
                           and t.lemma_.lower() in lex.speech_verbs]
        for verb in candidates:
            subj = _speech_subject(verb)
            if subj is None or subj.i in inside:
                continue
            found = actors.resolve(subj)
            cue = Span(verb.text, verb.idx, verb.idx + len(verb.text))
            return (found[0] if found else None), cue, _phrase(subj)
        fragment = any(t.i not in inside and not (t.is_punct or t.is_space) for t in first)
        if fragment:
            for verb in governing:
                subj = _speech_subject(verb)
                if subj is not None and subj.i not in inside:
                    found = actors.resolve(subj)
                    if found:
                        return found[0], None, _phrase(subj)
        according = _frame(first, lex.frames)
        if according is not None:
            found = actors.resolve(according[1])
            return (found[0] if found else None), according[0], _phrase(according[1])
        return None, None, None


def _sentence_of_token(doc: Doc) -> list:
    """The sentence of every token, by token index."""
    out: list = []
    for sent in doc.sents:
        out.extend([sent] * len(sent))
    return out


def _cue_between(text: str, doc: Doc, previous: Quote, prev_end: int, start: int, sent_of: list) -> bool:
    """Only the previous quote's attribution ("…,” said Ohio State professor Paul Beck.)
    lies between it and the quote starting at ``start``."""
    who = previous.speaker_span
    if not prev_end <= who.start_char < start:
        return False
    sent = sent_of[doc.char_span(who.start_char, who.end_char, alignment_mode="expand").start]
    rest = text[sent.end_char:start]
    return sent.start_char <= prev_end and not rest.strip(" \n\"“”")


def _same_span(a: Span, b: Span) -> bool:
    return a.start_char == b.start_char and a.end_char == b.end_char


def _phrase(head: Token) -> Span:
    """The noun phrase naming a speaker, without trailing clauses."""
    left = head.left_edge
    right = head
    for c in head.rights:
        if c.dep_ in ("compound", "flat", "appos", "prep") and c.i == right.i + 1:
            right = c.right_edge if c.dep_ != "prep" else right
    span = head.doc[left.i: right.i + 1]
    return Span(span.text, span.start_char, span.end_char)


def _frame(sent, frames: tuple[tuple[str, ...], ...]) -> tuple[Span, Token] | None:
    """The first attribution frame in ``sent`` ("according to X") with its noun: (frame, X)."""
    doc = sent.doc
    for tok in sent:
        for frame in frames:
            n = len(frame)
            if tok.lower_ != frame[0] or tok.i + n > len(doc) \
                    or any(doc[tok.i + k].lower_ != frame[k] for k in range(1, n)):
                continue
            last = doc[tok.i + n - 1]  # "to": its object is the source
            pobj = next((c for c in last.children if c.dep_ == "pobj"), None) or \
                next((c for c in tok.children if c.dep_ == "pobj"), None)
            if pobj is None:
                nxt = [t for t in doc[last.i + 1: sent.end] if t.pos_ in ("PROPN", "NOUN", "PRON")]
                pobj = nxt[0] if nxt else None
            if pobj is not None:
                cue = doc[tok.i: last.i + 1]
                return Span(cue.text, cue.start_char, cue.end_char), pobj
    return None


def _reported_clauses(doc: Doc, lex: QuoteLexicon):
    """(content, cue, speaker head) for "X said (that) …", "…, X said, …", "X called for …",
    "according to X, …" and headline attributions ("Speaker: words")."""
    for tok in doc:
        lemma = tok.lemma_.lower()
        if tok.dep_ == "ccomp" and tok.head.lemma_.lower() in lex.speech_verbs:
            cue, clause = tok.head, doc[tok.left_edge.i: tok.right_edge.i + 1]
        elif tok.dep_ in ("parataxis", "advcl", "conj") and lemma in lex.speech_verbs \
                and not any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in tok.children):
            # "But, he said, officials should be vigilant": the host clause is the content
            cue, host = tok, tok.head
            inner = range(tok.left_edge.i, tok.right_edge.i + 1)
            words = [t.i for t in host.subtree if t.i not in inner]
            if not words:
                continue
            clause = doc[min(words): max(words) + 1]
        elif tok.pos_ == "VERB" and lemma in lex.attribution_verbs:
            comp = next((c for c in tok.children if c.dep_ in ("ccomp", "xcomp")), None) or \
                next((c for c in tok.children if c.dep_ == "dobj" and _content_object(c, tok, lex)), None) or \
                next((g for c in tok.children if c.dep_ == "prep" and c.lower_ in lex.attribution_preps
                      for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
            if comp is None:
                continue
            cue = tok
            end = max(comp.right_edge.i, *(c.right_edge.i for c in tok.children if c.dep_ == "oprd"), comp.i)
            clause = doc[comp.left_edge.i: end + 1]
        elif tok.pos_ == "VERB" and lemma in lex.prep_cues:
            comp = next((g for c in tok.children if c.dep_ in ("prep", "prt")
                         and c.lower_ in lex.prep_cues[lemma]
                         for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
            if comp is None:
                continue
            cue, clause = tok, doc[comp.left_edge.i: comp.right_edge.i + 1]
        else:
            continue
        subj = _speech_subject(cue)
        if subj is None or not (cue.lemma_.lower() in lex.speech_verbs or _can_speak(subj, lex)):
            continue
        clause = _trim(clause)
        # the speaker is not part of what is said, unless the cue sits inside the words
        # ("Climate change, Mr. Obama says, is …")
        short = cue.lemma_.lower() in lex.stance_verbs or cue.lemma_.lower() in lex.prep_cues
        if clause is not None and len(clause) >= (1 if short else 3) and (
                not clause.start <= subj.i < clause.end or clause.start <= cue.i < clause.end):
            yield clause, doc[cue.i: cue.i + 1], subj
    for tok in doc:
        # "Trump's claim that there have been thousands of shootings", "his attacks on Curiel"
        if tok.pos_ != "NOUN":
            continue
        lemma = tok.lemma_.lower()
        comp, short = None, False
        if lemma in lex.clause_nouns:
            comp = next((c for c in tok.children if c.dep_ in ("acl", "ccomp") and any(
                (g.dep_ == "mark" and g.lower_ == "that") or (g.dep_ == "aux" and g.lower_ == "to")
                for g in c.children)), None)
        if comp is None and lemma in lex.noun_cues:
            comp = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ in lex.noun_cues[lemma]
                         for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
            short = True
        if comp is None:
            continue
        owner = next((c for c in tok.children if c.dep_ == "poss"), None) or \
            next((g for c in tok.children if c.dep_ == "prep" and c.lower_ in lex.owner_preps
                  for g in c.children if g.dep_ == "pobj"), None)
        if owner is None and tok.dep_ == "dobj" and tok.head.lemma_.lower() in lex.delivery_verbs:
            owner = _speech_subject(tok.head)  # "Trump launched attacks on Curiel"
        clause = _trim(doc[comp.left_edge.i: comp.right_edge.i + 1])
        if clause is not None and len(clause) >= (1 if short else 3):
            yield clause, doc[tok.i: tok.i + 1], owner
    for sent in doc.sents:
        found = _frame(sent, lex.frames)
        if found is None:
            continue
        cue_span, pobj = found
        phrase_end = max(pobj.right_edge.i, pobj.i) + 1
        cue_tokens = doc.char_span(cue_span.start_char, cue_span.end_char, alignment_mode="expand")
        cue_start = cue_tokens.start
        if cue_start - sent.start > 2:
            clause = _trim(doc[sent.start: cue_start])
        else:
            clause = _trim(doc[phrase_end: sent.end])
        if clause is not None and len(clause) >= 3:
            yield clause, doc[cue_start: cue_tokens.end], pobj
    yield from _headline_attributions(doc)


def _content_object(obj: Token, verb: Token, lex: QuoteLexicon) -> bool:
    """An object that carries what was said or held ("called X deplorables", "cited the
    report that …"), not a mere target ("attacked South Korea")."""
    if any(c.dep_ == "oprd" for c in verb.children):
        return True
    if obj.lemma_.lower() in lex.content_nouns or verb.lemma_.lower() in lex.stance_verbs:
        return True
    return any(t.text in "“\"" for t in obj.subtree)


def _can_speak(subj: Token, lex: QuoteLexicon) -> bool:
    """Speakers are people, organisations and pronouns, not "the clip" or "the data"."""
    if subj.pos_ == "PRON":
        return subj.lower_ not in lex.non_speaker_pronouns
    if subj.pos_ == "PROPN" or subj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return True
    return subj.lemma_.lower() in lex.speaker_nouns


def _headline_attributions(doc: Doc):
    """"Pat Caddell: Voters Worried About …" — a short name, a colon, then the words."""
    for sent in doc.sents:
        colon = next((t for t in sent if t.text == ":" and 0 < t.i - sent.start <= 4), None)
        if colon is None:
            continue
        name = doc[sent.start: colon.i]
        if not all(t.pos_ == "PROPN" or t.is_punct for t in name) or colon.i + 3 >= sent.end:
            continue
        clause = _trim(doc[colon.i + 1: sent.end])
        if clause is not None:
            yield clause, doc[colon.i: colon.i + 1], name.root


def _trim(span):
    """Strip punctuation and spaces from both ends of a span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_punct or doc[start].is_space) and doc[start].text not in "“\"‘":
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space) and doc[end - 1].text not in "”\"’":
        end -= 1
    return doc[start:end] if end > start else None


def _drop_nested(quotes: list[Quote]) -> tuple[list[Quote], dict[str, str]]:
    """A direct quote inside a reported clause of the same speaker is one attribution, not
    two: keep the clause, and map the inner quote's id to it."""
    reported = [q for q in quotes if q.kind == "reported"]
    keep, merged = [], {}
    for q in quotes:
        outer = next((r for r in reported if q.kind == "direct"
                      and r.content.start_char <= q.content.start_char
                      and q.content.end_char <= r.content.end_char
                      and r.speaker_span and q.speaker_span
                      and r.speaker_span.start_char == q.speaker_span.start_char), None)
        if outer is not None:
            merged[q.quote_id] = outer.quote_id
            continue
        keep.append(q)
    return keep, merged


def _speech_subject(verb: Token) -> Token | None:
    """The subject of a cue verb; a verb in a coordination or an adverbial clause without
    its own subject shares its head's ("… and says he will …")."""
    node = verb
    for _ in range(3):
        for c in node.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                return c if c.lower_ not in ("there",) else None
        if node.dep_ not in ("conj", "advcl", "xcomp") or node.head is node:
            return None
        node = node.head
    return None


def _size(q: Quote) -> int:
    return sum(b - a for a, b in q.pieces())


def _shared(q: Quote, k: Quote) -> int:
    """Characters the quoted pieces of two quotes have in common."""
    return sum(max(0, min(b, d) - max(a, c)) for a, b in q.pieces() for c, d in k.pieces())


def _drop_overlapping(quotes: list[Quote]) -> tuple[list[Quote], dict[str, str]]:
    """Two attributions of mostly the same words are one: keep the direct quote, else the
    speech report, else the longer."""
    rank = {"direct": 0, "reported": 1, "attributed": 2}
    order = sorted(quotes, key=lambda q: (rank[q.kind], -(q.content.end_char - q.content.start_char)))
    kept: list[Quote] = []
    merged: dict[str, str] = {}
    for q in order:
        twin = next((k for k in kept if _shared(q, k) * 2 >= min(_size(q), _size(k))), None)
        if twin is None:
            kept.append(q)
        else:
            merged[q.quote_id] = twin.quote_id
    kept.sort(key=lambda q: q.content.start_char)
    return kept, merged
