"""Reported speech on the parse: the clauses a speaker's words span ("X said (that) …", "…, X
said, …", "X called for …", "Trump's claim that …", "according to X, …", "Speaker: words"),
each with its cue and the token naming the speaker; and the parse readings the direct-quote
finder (``dyad.quotes``) shares: a speech verb's subject, the noun phrase naming a speaker, an
attribution frame. The words that cue all of this are the quote lexicon
(``dyad.quote_lexicon``).
"""
from __future__ import annotations

from typing import Iterator

from spacy.tokens import Doc, Token
from spacy.tokens import Span as DocSpan

from dyad.quote_lexicon import QuoteLexicon
from dyad.record import Span

Clause = tuple[DocSpan, DocSpan, "Token | None"]  # (content, cue, the token naming the speaker)


def speaker_phrase(head: Token) -> Span:
    """The noun phrase naming a speaker, without trailing clauses."""
    left = head.left_edge
    right = head
    for c in head.rights:
        if c.dep_ in ("compound", "flat", "appos", "prep") and c.i == right.i + 1:
            right = c.right_edge if c.dep_ != "prep" else right
    span = head.doc[left.i: right.i + 1]
    return Span(span.text, span.start_char, span.end_char)


def attribution_frame(sent, frames: tuple[tuple[str, ...], ...]) -> tuple[Span, Token] | None:
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



def reported_clauses(doc: Doc, lex: QuoteLexicon) -> Iterator[Clause]:
    """(content, cue, speaker head) for "X said (that) …", "…, X said, …", "X called for …",
    "according to X, …" and headline attributions ("Speaker: words"), in that order."""
    yield from _verb_clauses(doc, lex)
    yield from _noun_clauses(doc, lex)
    yield from _frame_clauses(doc, lex)
    yield from _headline_attributions(doc)


def _verb_clauses(doc: Doc, lex: QuoteLexicon) -> Iterator[Clause]:
    """Clauses a speech, attribution or preposition-cue verb reports, said by its subject when
    the subject can speak (or the verb is a speech verb)."""
    for tok in doc:
        found = _verb_clause(doc, tok, lex)
        if found is None:
            continue
        cue, clause = found
        subj = speech_subject(cue)
        if subj is None or not (cue.lemma_.lower() in lex.speech_verbs or _can_speak(subj, lex)):
            continue
        clause = _trim(clause)
        # the speaker is not part of what is said, unless the cue sits inside the words
        # ("Climate change, Mr. Obama says, is …")
        short = cue.lemma_.lower() in lex.stance_verbs or cue.lemma_.lower() in lex.prep_cues
        if clause is not None and len(clause) >= (1 if short else 3) and (
                not clause.start <= subj.i < clause.end or clause.start <= cue.i < clause.end):
            yield clause, doc[cue.i: cue.i + 1], subj


def _verb_clause(doc: Doc, tok: Token, lex: QuoteLexicon) -> tuple[Token, DocSpan] | None:
    """(cue verb, reported words) when ``tok`` reports words, the first reading that applies:
    the complement of a speech verb; the host clause of an inserted "he said"; what an
    attribution verb governs; the object of a preposition cue ("called for")."""
    lemma = tok.lemma_.lower()
    if tok.dep_ == "ccomp" and tok.head.lemma_.lower() in lex.speech_verbs:
        return tok.head, doc[tok.left_edge.i: tok.right_edge.i + 1]
    if tok.dep_ in ("parataxis", "advcl", "conj") and lemma in lex.speech_verbs \
            and not any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in tok.children):
        # "But, he said, officials should be vigilant": the host clause is the content
        inner = range(tok.left_edge.i, tok.right_edge.i + 1)
        words = [t.i for t in tok.head.subtree if t.i not in inner]
        return (tok, doc[min(words): max(words) + 1]) if words else None
    if tok.pos_ == "VERB" and lemma in lex.attribution_verbs:
        comp = next((c for c in tok.children if c.dep_ in ("ccomp", "xcomp")), None) or \
            next((c for c in tok.children if c.dep_ == "dobj" and _content_object(c, tok, lex)), None) or \
            next((g for c in tok.children if c.dep_ == "prep" and c.lower_ in lex.attribution_preps
                  for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
        if comp is None:
            return None
        end = max(comp.right_edge.i, *(c.right_edge.i for c in tok.children if c.dep_ == "oprd"), comp.i)
        return tok, doc[comp.left_edge.i: end + 1]
    if tok.pos_ == "VERB" and lemma in lex.prep_cues:
        comp = next((g for c in tok.children if c.dep_ in ("prep", "prt")
                     and c.lower_ in lex.prep_cues[lemma]
                     for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
        return (tok, doc[comp.left_edge.i: comp.right_edge.i + 1]) if comp is not None else None
    return None


def _noun_clauses(doc: Doc, lex: QuoteLexicon) -> Iterator[Clause]:
    """"Trump's claim that there have been thousands of shootings", "his attacks on Curiel":
    the words a stance noun carries, owned by its possessor (or the subject of the verb that
    delivers it: "Trump launched attacks on Curiel")."""
    for tok in doc:
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
            owner = speech_subject(tok.head)
        clause = _trim(doc[comp.left_edge.i: comp.right_edge.i + 1])
        if clause is not None and len(clause) >= (1 if short else 3):
            yield clause, doc[tok.i: tok.i + 1], owner


def _frame_clauses(doc: Doc, lex: QuoteLexicon) -> Iterator[Clause]:
    """"According to X, …" / "…, according to X": the rest of the sentence, said by X."""
    for sent in doc.sents:
        found = attribution_frame(sent, lex.frames)
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



def speech_subject(verb: Token) -> Token | None:
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

