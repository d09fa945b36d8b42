"""Quotes and reported speech: who says what, as character spans.

Direct quotes are found from quotation marks (straight or curly); a quote left open at the
end of a paragraph continues when the next paragraph opens with a quotation mark. Each
quote's speaker is the subject of a speech verb ("said", "added", "told") in the sentence
that holds the quote's end, or else its start; a quote with no cue that directly follows an
attributed quote keeps that speaker; otherwise the speaker is null (never guessed).
Reported clauses ("Mr Kim said the country was willing to…", found on the parse by
``dyad.quote_clauses``) attribute their tokens too.

The words that cue all of this are data: ``data/quotes.yaml``, read and validated by
``dyad.quote_lexicon``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

from dyad.actors.resolve import ArticleActors
from dyad.quote_clauses import attribution_frame, reported_clauses, speaker_phrase, speech_subject
from dyad.quote_lexicon import QuoteLexicon, quote_lexicon
from dyad.record import Actor, Span

Found = tuple[list["Quote"], dict[int, Actor], dict[int, str]]  # quotes, speakers, quote ids


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
    """Finds an article's quotes and reported clauses and notes who speaks where."""

    def __init__(self, lexicon: QuoteLexicon | None = None):
        self._lexicon = lexicon  # None: the built-in lexicon, read on first use

    @property
    def lexicon(self) -> QuoteLexicon:
        if self._lexicon is None:
            self._lexicon = quote_lexicon()
        return self._lexicon

    def find(self, doc: Doc, actors: ArticleActors) -> Found:
        """Return quotes, speaker by token index and quote id by token index."""
        found: Found = ([], {}, {})
        self._direct_quotes(doc, actors, found)
        self._reported_quotes(doc, actors, found)
        quotes, speakers, quote_ids = found
        quotes, merged = _drop_nested(quotes)
        quotes, overlapping = _drop_overlapping(quotes)
        merged.update(overlapping)
        for i, qid in quote_ids.items():
            quote_ids[i] = merged.get(qid, qid)
        actors.note_speakers(speakers)
        return quotes, speakers, quote_ids

    def _direct_quotes(self, doc: Doc, actors: ArticleActors, found: Found) -> None:
        """Quoted words with their speakers; a quote split by its cue ("“…,” he said. “…”")
        is one quote."""
        quotes, speakers, quote_ids = found
        previous: Quote | None = None
        prev_end = -1
        sent_of = _sentence_of_token(doc)  # Token.sent walks the doc each call: look up once
        text = doc.text  # Doc.text joins every token on each call
        for start, end in direct_quote_spans(text):
            content = doc.char_span(start, end, alignment_mode="expand")
            if content is None:
                continue
            speaker, cue, who = self._cue_for(doc, content, actors, sent_of, self.lexicon)
            if len([t for t in content if not t.is_punct]) < MIN_QUOTE_WORDS and cue is None:
                continue  # a scare quote ('invincible'), not speech
            near = previous is not None and previous.speaker_span is not None and (
                len(text[prev_end:start].split()) <= MAX_CONTINUATION_GAP
                or _cue_between(text, doc, previous, prev_end, start, sent_of))
            if near and (who is None or _same_span(who, previous.speaker_span)):
                # extend the previous quote over this part
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

    def _reported_quotes(self, doc: Doc, actors: ArticleActors, found: Found) -> None:
        """Reported and attributed clauses whose words no direct quote already holds; only
        speech (not a stance) makes its speaker the source of what is inside."""
        lex = self.lexicon
        quotes, speakers, quote_ids = found
        direct_tokens = set(quote_ids)
        seen: set[tuple[int, int]] = set()
        for clause, cue, subj in reported_clauses(doc, lex):
            if sum(t.i in direct_tokens for t in clause) * 2 >= len(clause) \
                    or (clause.start, clause.end) in seen:
                continue  # a direct quote (or an earlier clause) already holds these words
            seen.add((clause.start, clause.end))
            resolved = actors.resolve(subj) if subj is not None else []
            speaker = resolved[0] if resolved else None
            qid = f"q{len(quotes)}"
            kind = "reported" if cue[0].lemma_.lower() in lex.speech_verbs or cue[0].text == ":" \
                or tuple(t.lower_ for t in cue) in lex.frames else "attributed"
            quotes.append(Quote(qid, Span(clause.text, clause.start_char, clause.end_char), speaker,
                                Span(cue.text, cue.start_char, cue.end_char), kind,
                                speaker_phrase(subj) if subj is not None else None))
            for t in clause:
                if speaker is not None and kind == "reported":
                    speakers.setdefault(t.i, speaker)
                quote_ids.setdefault(t.i, qid)

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
            subj = speech_subject(verb)
            if subj is None or subj.i in inside:
                continue
            found = actors.resolve(subj)
            cue = Span(verb.text, verb.idx, verb.idx + len(verb.text))
            return (found[0] if found else None), cue, speaker_phrase(subj)
        fragment = any(t.i not in inside and not (t.is_punct or t.is_space) for t in first)
        if fragment:
            for verb in governing:
                subj = speech_subject(verb)
                if subj is not None and subj.i not in inside:
                    found = actors.resolve(subj)
                    if found:
                        return found[0], None, speaker_phrase(subj)
        according = attribution_frame(first, lex.frames)
        if according is not None:
            found = actors.resolve(according[1])
            return (found[0] if found else None), according[0], speaker_phrase(according[1])
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
