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
order), ``state`` (what the article has said so far, written only through ``note_*``), this
module (the noun-phrase reading of 2 and the facade ``resolve``), ``persons`` (surnames, titles,
dated roles), ``coreference`` (3) and ``placing`` (the country of an actor the phrase does not
name: places, ethnic groups, the sentence's or article's country); ``words`` holds the word lists.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from dyad.actors.lexicon import SPECIAL_COUNTRIES, Entry, role_distance
from dyad.actors.words import (
    CIVIL_GENERALS,
    COMPOUNDS,
    CONTEXTUAL,
    COUNTRY_NOUNS,
    GROUP_NOUNS,
    NON_STATE_ARMED,
    NOT_POLITICAL_PARTY,
    PEOPLE_NOUNS,
    SPOKESPEOPLE,
    STATES_OF_MIND,
    TITLE_HEADS,
)
from dyad.actors.coreference import Coreference
from dyad.actors.persons import UNDATED, Persons, _role_matches
from dyad.actors.placing import Placing
from dyad.actors.state import GROUP_KINDS, ArticleState
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
        lower = head.lower_
        country = sector = name = None
        via = "dictionary"
        person_entry, person_start = None, head.i
        by_modifier = False  # the sector comes from a modifier, not from the head noun
        # a state, organisation or person named in the phrase beats an ethnic group in it:
        # "Bosnian Serbs" BIH, "Turkish Kurd refugees" TUR
        tokens = self._np_tokens(head)
        tokens.sort(key=lambda t: t.i in self.by_token and self.by_token[t.i].entry.kind in
                    GROUP_KINDS | {"region"})
        for tok in tokens:
            mention = self.by_token.get(tok.i)
            if mention is not None and mention.entry.kind == "metonym" and tok.head.i != head.i \
                    and tok.head.pos_ == "PROPN" and tok.head.i not in self.by_token:
                continue  # "a London Tramlink vehicle": a city inside another place's name
            if mention is None:
                if tok.i == head.i or tok.dep_ in ("compound", "amod", "appos"):
                    found = self._word_sector(tok, lemma=tok.i == head.i)
                    by_modifier = by_modifier or (not sector and found is not None
                                                  and tok.i != head.i)
                    if found == "OPP" and sector == "GOV" and tok.i != head.i:
                        sector = found  # "an opposition spokesman", "the shadow home secretary"
                    sector = sector or found
                continue
            entry = mention.entry
            if entry.kind == "person":
                if person_entry is None:
                    person_entry, person_start = entry, mention.start
            elif (entry.country or entry.kind == "religious") and not country:
                country = entry.country
                if entry.kind in GROUP_KINDS or entry.stateless:
                    country = self._ethnic_country(head, entry)
                    if entry.kind == "religious" and not entry.places:
                        via = "context"  # a community found anywhere: the state in sight
                if entry.kind in ("metonym", "organisation") and entry.sector:
                    # MIL is a state's armed forces: a non-state armed group's "forces" or
                    # "drones" keep the group's sector (Hamas drones PSE REB)
                    armed = entry.kind == "organisation" and entry.sector in NON_STATE_ARMED
                    sector = entry.sector if armed and sector == "MIL" else sector or entry.sector
                if entry.kind == "organisation":
                    name = name or entry.name
        if country is not None and sector is None and person_entry is None and \
                head.pos_ == "NOUN" and head.lemma_.lower() in STATES_OF_MIND and all(
                    self.by_token[t.i].entry.kind == "demonym"
                    for t in tokens if t.i in self.by_token):
            return None  # "the Turkish preoccupation with Syria": a feeling does not act
        if sector == "PTY" and self._side_or_celebration(head):
            # "the concerned parties", "a New Year's Eve party": sides or a celebration, not a
            # political party - only a state the phrase names owns them ("Yemen's warring
            # parties"), never the one in context
            poss = next((c for c in head.children if c.dep_ == "poss"), None)
            owner = self._resolve_one(poss) if poss is not None and poss.pos_ != "PRON" \
                else None
            country = country or (owner.country if owner is not None else None)
            if country is None or person_entry is not None:
                return None
            return self._span_actor(head, country, None,
                                    self.lexicon.countries.get(country, country), via)
        if sector is None and country is None and person_entry is None and \
                head.lemma_.lower() in ("council", "committee", "commission") and \
                any(t.lower_ == "national" for t in tokens if t.i < head.i):
            sector = "GOV"  # "the National Security Council": a state's own, placed by context
        if by_modifier and country is None and person_entry is None \
                and not self._names_an_actor(head):
            sector = None  # "a new military offensive": an adjective on a thing is no actor
        if person_entry is not None:
            country = person_entry.country
            sector = person_entry.sector or sector
            name = person_entry.name
            if self.published is not None and role_distance(person_entry, self.published):
                # a known full name outside its role dates: the role its title names
                # ("UN Secretary-General Ban Ki-moon"), else the nearest; after the last
                # role ended and with no title, among the country's elites
                via = UNDATED
                roles = [e for e in self.lexicon.lookup(person_entry.phrase, self.published)
                         if e.kind == "person" and e.name == person_entry.name]
                title = self._title_before(person_start)
                titled = [e for e in roles if _role_matches(title, e.role)] if title else []
                if titled:
                    person_entry = titled[0]
                    country, sector = person_entry.country, person_entry.sector or sector
                if self._is_former(head) or (not title and all(
                        e.end is not None and e.end < self.published for e in roles)):
                    sector = "ELI"  # out of office by then ("ousted president Morsi")
            elif self._is_former(head):
                sector = "ELI"
            if country in SPECIAL_COUNTRIES and sector != "ELI":
                sector = person_entry.sector  # the UN chief is UNO, not a government
        elif head.i not in self.by_token and (head.ent_type_ == "PERSON" or (
                head.pos_ == "PROPN" and self._is_person_name(head))):
            known = self._person_by_name(head)
            if known is not None:
                return self._span_actor(head, known.country, known.sector, known.name, "coreference")
            famous = self._famous_surname(head)
            if famous is not None and not country:
                (entry, how) = famous
                return self._span_actor(head, entry.country, entry.sector, entry.name, how)
            name = self._person_name(head)
            if country or sector:
                via = "context"
        elif head.pos_ == "PROPN" and country is None and (famous := self._famous_surname(head)):
            (entry, how) = famous
            return self._span_actor(head, entry.country, entry.sector, entry.name, how)
        elif country is None and head.lower_ in CONTEXTUAL and self._has_det_the(head):
            code, csector, needs = CONTEXTUAL[lower]
            if self.topic_countries() & needs:
                return self._span_actor(head, code, csector, self.lexicon.countries.get(code, code),
                                        "context")
        if country is None and head.lemma_.lower() in SPOKESPEOPLE:
            owner = self._spoken_for(head)  # "a spokesman for UN chief Ban Ki-moon"
            if owner is not None:  # an IGO's spokesman takes no GOV of its own
                own = owner.sector if owner.country in SPECIAL_COUNTRIES else \
                    owner.sector or sector
                return self._span_actor(head, owner.country, own, owner.name, owner.via)
        if country is None and person_entry is None and head.pos_ == "NOUN":
            # "the Bush administration", "Putin loyalists": a famous surname as a modifier of
            # a common noun (not a first name: "President Abdelaziz Bouteflika")
            for tok in tokens:
                if tok.i != head.i and tok.dep_ == "compound" and tok.pos_ == "PROPN" \
                        and tok.i not in self.by_token:
                    famous = self._famous_surname(tok)
                    if famous is not None:
                        entry, via = famous
                        country, sector = entry.country, sector or entry.sector
                        break
        if country is None:
            country, sector, via = self._country_from_discourse(head, sector)
        if country is None and sector is None:
            return None
        if country is None and sector is not None and head.lower_ in TITLE_HEADS \
                and head.pos_ in ("NOUN", "PROPN") and not any(
                    t.i in self.by_token for t in head.subtree if t.i > head.i):
            # "the prime minister", "an opposition spokesman": one person with a title, not
            # whichever country the sentence named last
            titled = self._title_holder(head)
            if titled is not None:
                return self._span_actor(head, titled.country, titled.sector or sector,
                                        titled.name, "coreference")
            country, via = self._dominant_country(head), "context"
        if country is None and sector is not None and person_entry is None \
                and self._foreign(head):
            return None  # "Western forces": not the country in context
        if country is None and sector is not None:
            # "rebels", "Planning Minister Tran Xuan Gia": a sector with no country of its own
            # belongs to the country the sentence (else the article so far) is about
            country = self._context_country(head)
            via = "context"
        if country is None:
            return None  # a bare "the government" we cannot place is not an actor
        return self._span_actor(head, country, sector,
                                name or self.lexicon.countries.get(country or "", country or ""), via)

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


