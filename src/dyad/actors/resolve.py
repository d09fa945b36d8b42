"""Stage 3 — actors: find who is mentioned in a parsed article and resolve each argument
of an event to an actor (country + sector + name).

How a noun phrase becomes an actor, in order:
1. dictionary mentions (countries, demonyms, capitals and seats of power, organisations,
   known people with dated roles) matched once per document with a spaCy PhraseMatcher;
2. the phrase's own modifiers: compounds, adjectives, appositions ("US State Department
   spokesperson Ned Price" → USA + GOV + "Ned Price"), and a sector word at its head
   ("the North Korean leader" → PRK + GOV);
3. coreference inside the article: surnames ("Mr Kim"), personal pronouns ("he", "his"),
   first person inside a quote (the speaker), "the country" / "its country", and
   regional metonyms that need context ("the North" when Korea is the topic).

Where the steps live: ``phrases`` (1: the dictionary phrases, and the article's people met in
order), ``state`` (what the article has said so far, written only through ``note_*``),
``np_rules`` (2: the noun-phrase rules, an ordered tuple of small named functions), this module
(the facade ``resolve`` and the phrase helpers the rules call), ``persons`` (surnames, titles,
dated roles), ``coreference`` (3) and ``placing`` (the country of an actor the phrase does not
name: places, ethnic groups, the sentence's or article's country); ``words`` holds the word lists.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from dyad.actors.coreference import Coreference
from dyad.actors.lexicon import Entry
from dyad.actors.np_rules import NP_RULES, VETO, Phrase
from dyad.actors.persons import Persons
from dyad.actors.placing import Placing
from dyad.actors.state import GROUP_KINDS, ArticleState
from dyad.actors.words import (
    CIVIL_GENERALS,
    COMPOUNDS,
    COUNTRY_NOUNS,
    GROUP_NOUNS,
    NOT_POLITICAL_PARTY,
    PEOPLE_NOUNS,
    SPOKESPEOPLE,
)
from dyad.record import Actor

# Modifier dependencies that stay inside a noun phrase's description of its referent.
NP_MODIFIERS = frozenset({"compound", "amod", "nmod", "appos", "flat", "nummod", "poss"})


@dataclass
class ArticleActors(ArticleState, Persons, Coreference, Placing):
    """Actors of one article: the article's state (``ArticleState``, written only through its
    ``note_*`` methods) and the resolver that reads it."""

    _resolving: set[int] = field(default_factory=set)  # pronouns being resolved (cycle guard)

    def actor_from_entry(self, entry: Entry, start: int, end: int, via: str = "dictionary") -> Actor:
        span = self.doc[start:end]
        return Actor(span.text, entry.country, entry.sector, entry.name,
                     span.start_char, span.end_char, via)

    # --- the resolver ----------------------------------------------------------------------
    def resolve(self, token: Token) -> list[Actor]:
        """All actors a noun phrase headed by ``token`` refers to (several for "X and Y")."""
        compound = self._compound(token)
        if compound:
            return compound
        heads = [token] + [t for t in token.conjuncts if t.i > token.i]
        actors = []
        for head in heads:
            actor = self._resolve_one(head)
            if actor is not None:
                actors.append(actor)
        return actors

    def _compound(self, token: Token) -> list[Actor]:
        span = self.doc[token.left_edge.i: token.i + 1]
        key = span.text.lower()
        for phrase, codes in COMPOUNDS.items():
            if key.endswith(phrase):
                start = span.start_char + len(span.text) - len(phrase)
                return [Actor(span.text[len(span.text) - len(phrase):], c, None,
                              self.lexicon.countries.get(c, c), start, span.end_char, "compound")
                        for c in codes]
        return []

    def _resolve_one(self, head: Token) -> Actor | None:
        if self._in_credit(head):
            return None  # "SEOUL (Reuters) -": a dateline or credit names no actor
        if head.pos_ == "PRON":
            return self._pronoun(head)
        inner = self._group_member(head)
        if inner is not None:
            return inner
        actor = self._resolve_np(head)
        return self._locate(head, actor)

    def _resolve_np(self, head: Token) -> Actor | None:
        """The actor a noun phrase names: its head and modifiers read through ``NP_RULES``, in
        order, until one resolves the phrase or vetoes it (dyad.actors.np_rules)."""
        # a state, organisation or person named in the phrase beats an ethnic group in it:
        # "Bosnian Serbs" BIH, "Turkish Kurd refugees" TUR
        tokens = self._np_tokens(head)
        tokens.sort(key=lambda t: t.i in self.by_token and self.by_token[t.i].entry.kind in
                    GROUP_KINDS | {"region"})
        phrase = Phrase(head, tokens, person_start=head.i)
        for _name, rule in NP_RULES:
            found = rule(phrase, self)
            if found is VETO:
                return None
            if found is not None:
                return found
        return None

    def _in_credit(self, token: Token) -> bool:
        """A dateline ("SEOUL (Reuters) -", "LONDON, March 3 (AFP) —") or a news agency's
        credit in brackets: it says who reported, not who acted, so it is never an actor nor
        an antecedent."""
        end = self._credit_end(token.sent)
        if end is not None and token.i < end:
            return True
        mention = self.by_token.get(token.i)
        if mention is not None and mention.entry.sector == "MED" and \
                mention.start > 0 and mention.end < len(self.doc) and \
                self.doc[mention.start - 1].text == "(" and self.doc[mention.end].text == ")":
            return True  # "(Reuters)", "(AFP)"
        return False


    def _credit_end(self, sent) -> int | None:
        """Where a sentence's dateline ends (its dash), or None; worked out once per sentence."""
        if sent.start in self.credit_ends:
            return self.credit_ends[sent.start]
        found = None
        for i in range(sent.start, min(sent.end, sent.start + 12)):
            tok = self.doc[i]
            if tok.text in ("-", "—", "–", "--") and i > sent.start \
                    and self.doc[i - 1].whitespace_:
                before = self.doc[sent.start:i]
                if before[0].is_upper and len(before[0]) > 1 and before[0].is_alpha and (
                        before[-1].text == ")" or all(
                            t.is_upper or t.is_punct or t.like_num or t.is_title
                            for t in before)):
                    found = i
                break
        self.credit_ends[sent.start] = found
        return found

    def _np_tokens(self, head: Token) -> list[Token]:
        out = [head]
        stack = [c for c in head.children if c.dep_ in NP_MODIFIERS and c.dep_ != "poss"]
        while stack:
            tok = stack.pop()
            if self._in_credit(tok):
                continue  # "(CNN) Chaos broke out": the credit parsed as the noun's modifier
            out.append(tok)
            stack.extend(c for c in tok.children if c.dep_ in NP_MODIFIERS and c.dep_ != "poss")
        return out

    def _span_actor(self, head: Token, country, sector, name, via) -> Actor:
        left = head
        for tok in head.subtree:
            if tok.i < left.i and tok.dep_ in NP_MODIFIERS | {"det", "punct", "case"}:
                left = tok
        start = left.i
        if self.doc[start].dep_ == "det" or self.doc[start].is_punct:
            start += 1 if start < head.i else 0
        span = self.doc[start: head.i + 1]
        return Actor(span.text, country, sector, name or span.text, span.start_char, span.end_char, via)

    def _side_or_celebration(self, head: Token) -> bool:
        """"the concerned parties", "a New Year's Eve party": not a political party."""
        return head.lemma_.lower() == "party" and any(
            t.lower_ in NOT_POLITICAL_PARTY for t in head.subtree if t.i < head.i)

    def _word_sector(self, tok: Token, lemma: bool = True) -> str | None:
        """The sector a word names, read with the modifier right before it first ("fighter
        jets" MIL, "think tank" NGO), then alone (its lemma for a head)."""
        words = self.lexicon.sector_words
        if tok.lower_ in ("general", "generals") and tok.i > 0:
            # "Director-General", "Attorney General", "Consul General": not an army general
            before = self.doc[tok.i - 2] if self.doc[tok.i - 1].text == "-" and tok.i > 1 \
                else self.doc[tok.i - 1]
            if before.lower_ in CIVIL_GENERALS:
                return None
        prev = self.doc[tok.i - 1] if tok.i > 0 else None
        if prev is not None and prev.head.i == tok.i and prev.dep_ in ("compound", "amod", "nmod"):
            for form in (f"{prev.lower_} {tok.lower_}", f"{prev.lower_} {tok.lemma_.lower()}"):
                if form in words:
                    return words[form]
        return (words.get(tok.lemma_.lower()) if lemma else None) or words.get(tok.lower_)

    def _names_an_actor(self, head: Token) -> bool:
        """Whether a noun phrase's head can be an actor that a sector word before it places:
        a person or group noun ("military officials", "rebel group"), a name, or a phrase
        with an owner ("Iran's military offensive"); not an event, act or thing."""
        lemma = head.lemma_.lower()
        return (head.pos_ in ("PROPN", "PRON") or head.ent_type_ in ("PERSON", "ORG", "NORP")
                or lemma in PEOPLE_NOUNS or head.lower_ in PEOPLE_NOUNS
                or lemma in GROUP_NOUNS or lemma in SPOKESPEOPLE or lemma in COUNTRY_NOUNS
                or any(c.dep_ == "poss" for c in head.children))

    def _has_det_the(self, token: Token) -> bool:
        return any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)


