"""Stage 3 — actors: which country an actor belongs to when the phrase names none of its own: places after in/from ("protesters in Hong Kong"), ethnic groups by the state they live in, the sentence's or article's country, foreign forces, backers, and the members of a group ("thousands of Egyptians").

Methods of ``ArticleActors`` (``dyad.actors.resolve``), which mixes this class in: they read the
article's state and call the other resolver methods through ``self``."""
from __future__ import annotations

from collections import Counter

from spacy.tokens import Token

from dyad.actors.lexicon import Entry
from dyad.actors.words import BACKING_VERBS, FOREIGN_MODIFIERS, GROUP_NOUNS, PLACING_VERBS
from dyad.record import Actor
from dyad.actors.state import GROUP_KINDS


class Placing:
    """Which country an actor belongs to when the phrase names none of its own: places after in/from ("protesters in Hong Kong"), ethnic groups by the state they live in, the sentence's or article's country, foreign forces, backers, and the members of a group ("thousands of Egyptians")."""

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
            if sector == "PTY" and self._side_or_celebration(head):
                return None  # "a New Year's Eve party in Sydney"
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
                        elif m is None and c.lower_ != "of":
                            place = self._gazetteer_country(g) or place
        return place

    def _gazetteer_country(self, tok: Token) -> str | None:
        """The country of a town the actor lexicon does not name ("protesters in Aleppo", "a
        hospital in Idlib"), from the gazetteer (dyad.places), or None."""
        from dyad.places import default_gazetteer, place_named

        found = place_named(tok, default_gazetteer())
        if found is None or found[0].country not in self.lexicon.countries:
            return None
        return found[0].country

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
