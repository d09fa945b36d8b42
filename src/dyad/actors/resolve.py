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
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Token

from dyad.actors.lexicon import SPECIAL_COUNTRIES, Entry, role_distance
from dyad.actors.words import (
    BACKING_VERBS,
    CIVIL_GENERALS,
    COMMON_NAMES,
    COMPOUNDS,
    CONTEXTUAL,
    COUNTRY_NOUNS,
    FIRST_PERSON,
    FOREIGN_MODIFIERS,
    FORMER_WORDS,
    GROUP_NOUNS,
    HONORIFICS,
    LEADER_ROLES,
    NON_STATE_ARMED,
    NOT_POLITICAL_PARTY,
    PEOPLE_NOUNS,
    PERSON_PRONOUNS,
    PLACING_VERBS,
    PLURAL_PRONOUNS,
    SPOKESPEOPLE,
    STATES_OF_MIND,
    THING_PRONOUNS,
    TITLE_HEADS,
    TITLE_SYNONYMS,
    TITLE_WORDS,
)
from dyad.actors.state import ArticleState
from dyad.record import Actor

# ``via`` of a known person taken outside the dates of every role they held.
UNDATED = "person-undated"
# Dictionary kinds for communities without a state of their own in the phrase: coded by
# the state they live in (ethnic groups, religious communities).
GROUP_KINDS = frozenset({"ethnic", "religious"})
# Modifier dependencies that stay inside a noun phrase's description of its referent.
NP_MODIFIERS = frozenset({"compound", "amod", "nmod", "appos", "flat", "nummod", "poss"})


@dataclass
class ArticleActors(ArticleState):
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

    def _group_member(self, head: Token) -> Actor | None:
        """"Thousands of Egyptians", "a group of Moroccan diplomats" → the "of" phrase."""
        if head.lemma_.lower() not in GROUP_NOUNS and head.lower_ not in GROUP_NOUNS:
            return None
        if self.by_token.get(head.i) is not None:
            return None
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for g in c.children:
                    if g.dep_ == "pobj":
                        found = self._resolve_one(g)
                        if found is not None:
                            return found
        return None

    def _locate(self, head: Token, actor: Actor | None) -> Actor | None:
        """"Protesters in Hong Kong", "ethnic Albanians in Macedonia", "a group based in
        Trinidad": an actor placed in a country belongs to it unless a state, an
        organisation or a nationality ("Cambodian refugees in Thailand") already owns it."""
        kinds = {self.by_token[t.i].entry.kind for t in self._np_tokens(head) if t.i in self.by_token}
        ethnic = bool(kinds & GROUP_KINDS) or self._marked_ethnic(head)
        # "the president of Armenia", "the Albanians of southern Serbia": "of" places titles,
        # sector words and ethnic groups only
        preps = ("in", "from", "inside", "of") if ethnic or self._word_sector(head) \
            else ("in", "from", "inside")
        place = self._place_after(head, preps)
        placed_by_verb = False
        for c in head.children:  # "based in", "operating in"
            if place is None and c.dep_ in ("acl", "amod", "relcl") and (
                    c.lower_ in PLACING_VERBS or c.lemma_.lower() in PLACING_VERBS):
                place = self._place_after(c, ("in", "inside"))
                placed_by_verb = place is not None
        if place is None:
            return actor
        if actor is None and self._foreign(head):
            return None  # "European forces in Syria" are not Syria's
        if actor is None:
            sector = self._word_sector(head)
            if sector is None and head.pos_ != "PROPN" and not placed_by_verb:
                return None
            return self._span_actor(head, place, sector, self.lexicon.countries.get(place, place),
                                    "context")
        # only a bare sector word or an ethnic group takes the place; a state demonym keeps
        # its state ("the biggest Cambodian refugee camp in Thailand" is KHM)
        if actor.via in ("dictionary", "context") and kinds <= GROUP_KINDS:
            return Actor(actor.text, place, actor.sector, self.lexicon.countries.get(place, place),
                         actor.start_char, actor.end_char, "context")
        return actor

    def _place_after(self, token: Token, preps: tuple[str, ...]) -> str | None:
        place = None
        for c in token.children:
            if c.dep_ == "prep" and c.lower_ in preps:
                for g in c.children:
                    if g.dep_ == "pobj":
                        m = self.by_token.get(g.i)
                        if m is not None and m.entry.kind in ("country", "metonym", "region") \
                                and m.entry.country in self.lexicon.countries:
                            place = m.entry.country
                            if m.entry.stateless:  # "in Kashmir": the state in sight
                                place = self._ethnic_country(g, m.entry)
        return place

    def _marked_ethnic(self, head: Token) -> bool:
        """"ethnic Albanians", "ethnic Albanian guerrillas"."""
        return any(t.lower_ == "ethnic" for t in self._np_tokens(head))

    def _ethnic_country(self, head: Token, entry: Entry) -> str | None:
        """The state an ethnic group named without a state or place lives in: for "ethnic X"
        or a stateless group, a state it lives in that the sentence (nearest first) or the
        article names; for "ethnic X", else any state the sentence or article is about; else
        its homeland (stateless: its most usual state). Divided regions (Kashmir) and
        religious communities are stateless; a community that may live anywhere (no
        ``places``) takes any state in sight, else none."""
        explicit = self._marked_ethnic(head)
        if not (explicit or entry.stateless):
            return entry.country
        sent = head.sent
        inside = [(i, c) for i, c in self.countries_seen if sent.start <= i < sent.end]
        ordered = [c for i, c in reversed(inside) if i < head.i] + [c for i, c in inside if i > head.i]
        earlier = Counter(c for i, c in self.countries_seen if i < sent.start)
        ordered += [c for c, _ in earlier.most_common()]
        if entry.places and len(entry.places) > 1:
            # "Turkey attacked the Kurds" in an article about Syria: the state among its
            # states that the rest of the article names most (the nearest on a tie)
            counts = Counter(c for i, c in self.countries_seen if c in entry.places
                             and not sent.start <= i < sent.end)
            if counts:
                top = max(counts.values())
                ordered = [c for c in ordered if counts.get(c) == top] + ordered
        found = next((c for c in ordered if c in entry.places or not entry.places), None)
        if found is None and explicit:
            found = self._context_country(head)
        return found or entry.country or None

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
        if sector == "PTY" and head.lemma_.lower() == "party" and any(
                t.lower_ in NOT_POLITICAL_PARTY for t in head.subtree if t.i < head.i):
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

    def _spoken_for(self, head: Token) -> Actor | None:
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in ("for", "of"):
                for g in c.children:
                    if g.dep_ == "pobj":
                        owner = self._resolve_one(g)
                        if owner is not None and owner.country:
                            return owner
        return None

    def _country_from_discourse(self, head: Token, sector: str | None):
        """'the country', 'his country', 'our military': countries from earlier mentions."""
        poss = next((c for c in head.children if c.dep_ == "poss"), None)
        if poss is not None and poss.pos_ == "PRON" and (
                sector is not None or head.lemma_.lower() in COUNTRY_NOUNS):
            owner = self._pronoun(poss)  # "his country", "our military"
            if owner is not None:
                return owner.country, sector, owner.via
            return None, sector, "none"
        if poss is not None:
            owner = self._resolve_one(poss)
            if owner is not None and sector is not None:
                return owner.country, sector, owner.via
            if owner is not None and owner.sector is None and owner.country in \
                    self.lexicon.countries and head.pos_ == "PROPN" and head.ent_type_ == "ORG":
                return owner.country, None, "context"  # "South Korea's National Security Council"
            return None, sector, "none"
        # "the country", and "the country test" where the parser made "country" a compound
        nouns = [head] + [c for c in head.children if c.dep_ == "compound"]
        if any(n.lemma_.lower() in COUNTRY_NOUNS and n.tag_ != "NNS" for n in nouns) \
                and any(self._has_det_the(n) for n in nouns):
            country = self._salient_country(head)
            return country, sector, "coreference"
        return None, sector, "none"

    def _context_country(self, head: Token) -> str | None:
        """The country a sector word with no country of its own belongs to: the last one named
        before it in the sentence, else the sentence's only country, else the country the
        article has named most so far."""
        for c in head.children:  # "Kurdish-led forces": the leader's state
            if c.dep_ == "amod" and c.lemma_.lower() in ("lead", "led"):
                for t in c.subtree:
                    m = self.by_token.get(t.i)
                    if m is not None and m.entry.country:
                        if m.entry.kind in GROUP_KINDS or m.entry.stateless:
                            return self._ethnic_country(t, m.entry)
                        return m.entry.country
        sent = head.sent
        backers = self._backers(head)
        inside = [(i, c) for i, c in self.countries_seen if sent.start <= i < sent.end
                  and i not in backers]
        before = [c for i, c in inside if i < head.i]
        if before:
            return before[-1]
        # "The Federal government said the United States was an ally": a country named only
        # later in the sentence is more often the one acted on; the article so far first
        earlier = Counter(c for i, c in self.countries_seen if i < sent.start)
        if earlier:
            return earlier.most_common(1)[0][0]
        if len({c for _, c in inside}) == 1:
            return inside[0][1]
        return None

    def _foreign(self, head: Token) -> bool:
        """"European forces", "Western diplomats", "foreign troops": people or forces from
        outside, whose country is neither the place they are in nor the one in context (but
        "the foreign minister" is a state's own)."""
        if self._word_sector(head) != "MIL":
            return False  # "foreign workers" in Saudi Arabia are its labour force
        for c in head.children:
            if c.dep_ == "amod" and c.lower_ in FOREIGN_MODIFIERS and c.i not in self.by_token \
                    and f"{c.lower_} {head.lower_}" not in self.lexicon.sector_words \
                    and f"{c.lower_} {head.lemma_.lower()}" not in self.lexicon.sector_words:
                return True
        return False

    def _title_holder(self, head: Token) -> Actor | None:
        """"Theresa May … the prime minister said": the nearest person before whose title
        (written before the name, or their known role) is this one."""
        words = [t.lower_ for t in head.lefts if t.dep_ in ("compound", "amod")
                 and t.lower_ in TITLE_WORDS] + [head.lower_]
        title = tuple(w for w in words if w in TITLE_WORDS)
        if not title or any(t.lower_ in ("shadow", "opposition", "former", "deputy", "vice")
                            for t in head.lefts):
            return None
        for idx, actor in reversed(self.people):
            if idx >= head.i:
                continue
            name_start = self.doc[idx].left_edge.i
            roles = [" ".join(t.lower_ for t in self.doc[name_start:idx]
                              if t.lower_ in TITLE_WORDS)]
            if self.published is not None:
                roles += [e.role or "" for e in self.lexicon.lookup(actor.name, self.published)
                          if e.kind == "person" and role_distance(e, self.published) == 0]
            if any(_role_matches(title, r) for r in roles if r):
                return actor
        return None

    def _dominant_country(self, head: Token) -> str | None:
        """The country the article names most (the latest named before ``head`` on a tie)."""
        counts = Counter(c for _, c in self.countries_seen)
        if not counts:
            return None
        top = max(counts.values())
        best = [c for c, n in counts.items() if n == top]
        before = [c for i, c in self.countries_seen if i < head.i and c in best]
        return before[-1] if before else best[0]

    def _backers(self, head: Token) -> set[int]:
        """Tokens of an "X-backed", "X-led", "X-supported" modifier: X backs the group, the
        group is not X's ("US-backed forces" are not US forces)."""
        out: set[int] = set()
        for c in head.children:
            if c.dep_ in ("amod", "compound", "acl") and c.lemma_.lower() in BACKING_VERBS:
                out.update(t.i for t in c.subtree)
        return out

    def _salient_country(self, head: Token) -> str | None:
        if head.dep_ in ("nsubj", "nsubjpass", "compound", "poss") or head.head.dep_ == "nsubj":
            for _, actor in reversed(self.subjects):
                if actor.country and actor.start_char < head.idx:
                    return actor.country
            own = None
        else:
            # "Australia condemned the launch by the communist state": a "the country" that
            # is not the subject is not its own clause's subject either
            own = self._clause_subject_country(head)
        for actor in reversed(self.last_targets):
            if actor.country and actor.start_char < head.idx and actor.country != own:
                return actor.country
        for idx, country in reversed(self.countries_seen):
            if idx < head.i and country != own:
                return country
        return None

    def _clause_subject_country(self, head: Token) -> str | None:
        node = head.head
        for _ in range(6):
            if node.pos_ in ("VERB", "AUX"):
                for c in node.children:
                    if c.dep_ in ("nsubj", "nsubjpass") and c.i < head.i and c.pos_ != "PRON":
                        mention = self.by_token.get(c.i)
                        if mention is not None and mention.entry.country:
                            return mention.entry.country
                return None
            if node.head.i == node.i:
                return None
            node = node.head
        return None

    def _pronoun(self, token: Token) -> Actor | None:
        lower = token.lower_
        if lower in FIRST_PERSON:
            speaker = self.speakers.get(token.i)
            if speaker is not None:
                return self._span_actor(token, speaker.country, speaker.sector, speaker.name, "speaker")
            return None
        if lower in THING_PRONOUNS:
            return self._thing_pronoun(token)
        if lower in PERSON_PRONOUNS:
            earlier = [(idx, actor) for idx, actor in self.people if idx < token.i]
            if not earlier:
                return None
            unknown = [i for i in self.unknown_people if earlier[-1][0] < i < token.i]
            if unknown and (token.dep_ not in ("nsubj", "nsubjpass") or not any(
                    self.doc[i].dep_ in ("nsubj", "nsubjpass") for i, _ in earlier
                    if i > unknown[-1])):
                return None  # the nearest person is one we cannot place
            chosen = earlier[-1][1]
            if token.dep_ in ("nsubj", "nsubjpass"):
                # a subject pronoun continues the last person who was a subject, unless a
                # person was named since in the same sentence ("Xi met Biden. He praised …")
                sent_start = token.sent.start
                same_sentence = [a for i, a in earlier if i >= sent_start]
                subjects = [a for i, a in earlier if self.doc[i].dep_ in ("nsubj", "nsubjpass")]
                governing = self._governing_person(token, earlier)
                if governing is not None:
                    chosen = governing  # "Erdogan, who met Trump, said he …": Erdogan
                elif same_sentence:
                    chosen = same_sentence[-1]
                elif subjects:
                    chosen = subjects[-1]
            return self._span_actor(token, chosen.country, chosen.sector, chosen.name, "coreference")
        return None

    def _governing_person(self, token: Token, earlier: list[tuple[int, Actor]]) -> Actor | None:
        """The person subject of the clause that governs a subject pronoun's clause ("X said
        he …", "X, who met Y, insisted that he …")."""
        node = token.head
        if node.dep_ not in ("ccomp", "xcomp", "advcl", "conj"):
            return None
        node = node.head
        known = dict(earlier)
        for _ in range(3):
            for c in node.children:
                if c.dep_ in ("nsubj", "nsubjpass") and c.i < token.i:
                    for i in range(c.left_edge.i, c.i + 1):
                        if i in known:
                            return known[i]
                    return None
            if node.dep_ != "conj":  # "X met Y and said he …": the subject X shares
                return None
            node = node.head
        return None

    def _thing_pronoun(self, token: Token) -> Actor | None:
        """"Hungary said it will support …": it/they refer to the subject of the clause that
        governs them, else to the last country or organisation subject before them."""
        if token.i in self._resolving:
            return None  # "their leaders said they …" must not chase itself
        self._resolving.add(token.i)
        try:
            return self._thing_antecedent(token)
        finally:
            self._resolving.discard(token.i)

    def _thing_antecedent(self, token: Token) -> Actor | None:
        node = token.head
        # "the United States armed them": an object pronoun is never its own clause's
        # subject (a possessive or reflexive may be: "Hungary said its army", "itself")
        skip_own = token.dep_ in ("dobj", "dative", "pobj", "iobj", "obj") \
            and not token.lower_.endswith(("self", "selves"))
        if skip_own and token.dep_ == "pobj" and token.head.dep_ == "prep":
            node = token.head.head
        for _ in range(4):
            subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")
                        and c.i < token.i and c.pos_ != "PRON"]
            if skip_own:
                subjects, skip_own = [], False
            for subj in subjects:
                if token.lower_ in PLURAL_PRONOUNS and not self._may_be_plural(subj):
                    continue  # "Turkey says they are terrorists": they are not Turkey
                actor = self._resolve_one(subj)
                if actor is not None and actor.country and not self._is_person(actor):
                    return self._span_actor(token, actor.country, actor.sector, actor.name,
                                            "coreference")
            if node.head.i == node.i:
                break
            node = node.head
        if token.lower_ not in ("it", "its", "itself"):
            return None  # "they" beyond its own clause is too often people, not a state
        sent = token.sent
        previous = self.doc[sent.start - 1].sent if sent.start > 0 else sent
        for idx, actor in reversed(self.subjects):
            if previous.start <= idx < token.i and not self._is_person(actor) and actor.country:
                return self._span_actor(token, actor.country, actor.sector, actor.name, "coreference")
        return None

    def _in_credit(self, token: Token) -> bool:
        """A dateline ("SEOUL (Reuters) -", "LONDON, March 3 (AFP) —") or a news agency's
        credit in brackets: it says who reported, not who acted, so it is never an actor nor
        an antecedent."""
        sent = token.sent
        for i in range(sent.start, min(sent.end, sent.start + 12)):
            tok = self.doc[i]
            if tok.text in ("-", "—", "–", "--") and i > sent.start \
                    and self.doc[i - 1].whitespace_:
                before = self.doc[sent.start:i]
                if before[0].is_upper and len(before[0]) > 1 and before[0].is_alpha and (
                        before[-1].text == ")" or all(
                            t.is_upper or t.is_punct or t.like_num or t.is_title
                            for t in before)):
                    if token.i < i:
                        return True
                break
        mention = self.by_token.get(token.i)
        if mention is not None and mention.entry.sector == "MED" and \
                mention.start > 0 and mention.end < len(self.doc) and \
                self.doc[mention.start - 1].text == "(" and self.doc[mention.end].text == ")":
            return True  # "(Reuters)", "(AFP)"
        return False

    def _may_be_plural(self, tok: Token) -> bool:
        """A country's or capital's singular name is "it", not "they"; plural nouns,
        conjoined names and bodies ("the YPG say they") may be "they"."""
        mention = self.by_token.get(tok.i)
        if mention is None or mention.entry.kind not in ("country", "metonym"):
            return True
        return tok.tag_ in ("NNS", "NNPS") or any(True for _ in tok.conjuncts)

    def _is_person(self, actor: Actor) -> bool:
        return any(a.name == actor.name for _, a in self.people)

    # --- helpers ---------------------------------------------------------------------------
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

    def _is_person_name(self, head: Token) -> bool:
        return any(t.lower_ in HONORIFICS for t in head.lefts)

    def _person_name(self, head: Token) -> str:
        parts = [t for t in head.lefts if t.dep_ in ("compound", "flat") and t.pos_ == "PROPN"
                 and t.lower_ not in HONORIFICS]
        return " ".join(t.text for t in parts + [head]).replace(" - ", "-")

    def _famous_surname(self, head: Token) -> tuple[Entry, str] | None:
        """"Putin said …" with no earlier full name: the one known person with that surname
        in office on the publication date (or, undated, the only one with that surname).

        Archives and gold often carry a wrong or default date, so outside every role period
        a surname still names its person when the mention's title matches one of the
        person's roles ("President Obama", "Prime Minister Barak"), or when the surname
        names one person only in the dictionary (and is not a common name): the person's
        country and that role's sector, marked ``via`` "person-undated". A former leader
        ("former President Obama", or a leader after the last role ended with no title)
        stays among the country's elites (ELI)."""
        if any(t.dep_ in ("compound", "flat") and t.pos_ == "PROPN"
               and t.lower_ not in HONORIFICS | TITLE_WORDS for t in head.lefts):
            return None  # a full name we do not know is someone else
        if head.text in COMMON_NAMES:
            return None  # "Ali", "Khan", "Kim": many people, so never one by surname alone
        everyone = self.lexicon.surnames.get(head.text, ())
        if self.published is None:
            return (everyone[0], "surname") if len({e.name for e in everyone}) == 1 else None
        entries = [e for e in everyone if role_distance(e, self.published) == 0]
        title = self._title_before(head.i)
        if title:
            titled = [e for e in entries if _role_matches(title, e.role)] or entries
            if len({e.name for e in titled}) == 1:
                return titled[0], "surname"
        elif len({e.name for e in entries}) == 1:
            return entries[0], "surname"
        if entries:
            return None  # several people in office share the surname
        former = self._is_former(head)
        if title and not former:
            titled = [e for e in everyone if _role_matches(title, e.role)]
            if len({(e.name, e.country) for e in titled}) == 1:
                return min(titled, key=lambda e: role_distance(e, self.published)), UNDATED
            return None
        if len({(e.name, e.country) for e in everyone}) != 1:
            sides = {(e.country, e.sector) for e in everyone}
            if len(sides) == 1 and not former:
                # "the Bush administration" outside both presidents' terms: whichever Bush,
                # the same side
                e = everyone[0]
                return Entry(head.text, "person", e.country, e.sector, head.text), UNDATED
            return None
        last = max(everyone, key=lambda e: e.end or dt.date.max)
        if last.end is not None and last.end < self.published:
            # out of office by then: still that country, now among its elites
            top = any(w in (last.role or "").lower() for w in LEADER_ROLES)
            if top or former:
                return Entry(last.phrase, "person", last.country, "ELI", last.name), "surname"
            return None
        if former:
            return None
        return min(everyone, key=lambda e: role_distance(e, self.published)), UNDATED

    def _is_former(self, head: Token) -> bool:
        """"former President Obama", "ousted Islamist president Mohamed Morsi"."""
        return any(t.lower_ in FORMER_WORDS for t in head.subtree if t.i < head.i)

    def _title_before(self, start: int) -> tuple[str, ...]:
        """The title words written right before the name starting at token ``start``
        ("Prime Minister", "King", "Secretary-General")."""
        words: list[str] = []
        i = start - 1
        while i >= 0 and (self.doc[i].lower_ in TITLE_WORDS or
                          (self.doc[i].lower_ in ("of", "-") and words)):
            words[:0] = self.doc[i].lower_.split("-")
            i -= 1
        return tuple(w for w in words if w in TITLE_WORDS)

    def _person_by_name(self, head: Token) -> Actor | None:
        """'Mr Kim', 'Price': an earlier person whose name contains this word."""
        word = head.text.lower()
        for _, actor in reversed(self.people):
            if actor.end_char > head.idx:
                continue  # later, or this very mention as registered
            parts = actor.name.lower().replace("-", " ").split()
            if word in parts:
                return actor
        return None



def _role_matches(title: tuple[str, ...], role: str | None) -> bool:
    """"President" matches the roles president and acting president, not vice president;
    "Minister" matches any minister; "Premier" matches prime minister."""
    if not role:
        return False
    words = tuple(w for w in role.replace("-", " ").split() if w in TITLE_WORDS)
    for t in (title, TITLE_SYNONYMS.get(title)):
        if not t:
            continue
        if words == t:
            return True
        if words[-len(t):] == t and not {"vice", "deputy"} & set(words[:-len(t)]) - set(t):
            return True
    return False
