"""Stage 3 — actors: later mentions that refer back: pronouns (he, it, they, first person in a quote), "the country", "his country", and possessors.

Methods of ``ArticleActors`` (``dyad.actors.resolve``), which mixes this class in: they read the
article's state and call the other resolver methods through ``self``."""
from __future__ import annotations


from spacy.tokens import Token

from dyad.actors.words import COUNTRY_NOUNS, FIRST_PERSON, PERSON_PRONOUNS, PLURAL_PRONOUNS, THING_PRONOUNS
from dyad.record import Actor


class Coreference:
    """Later mentions that refer back: pronouns (he, it, they, first person in a quote), "the country", "his country", and possessors."""

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

    def _may_be_plural(self, tok: Token) -> bool:
        """A country's or capital's singular name is "it", not "they"; plural nouns,
        conjoined names and bodies ("the YPG say they") may be "they"."""
        mention = self.by_token.get(tok.i)
        if mention is None or mention.entry.kind not in ("country", "metonym"):
            return True
        return tok.tag_ in ("NNS", "NNPS") or any(True for _ in tok.conjuncts)

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
