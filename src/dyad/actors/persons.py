"""Stage 3 — actors: known and unknown people: surnames, titles written before a name, dated roles, former office holders, title holders met before, and whom a spokesperson speaks for.

Methods of ``ArticleActors`` (``dyad.actors.resolve``), which mixes this class in: they read the
article's state and call the other resolver methods through ``self``."""
from __future__ import annotations

import datetime as dt

from spacy.tokens import Token

from dyad.actors.lexicon import Entry, role_distance
from dyad.actors.words import COMMON_NAMES, FORMER_WORDS, HONORIFICS, LEADER_ROLES, TITLE_SYNONYMS, TITLE_WORDS
from dyad.record import Actor

# ``via`` of a known person taken outside the dates of every role they held.
UNDATED = "person-undated"


class Persons:
    """Known and unknown people: surnames, titles written before a name, dated roles, former office holders, title holders met before, and whom a spokesperson speaks for."""

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

    def _is_person(self, actor: Actor) -> bool:
        return any(a.name == actor.name for _, a in self.people)

    # --- helpers ---------------------------------------------------------------------------

    def _spoken_for(self, head: Token) -> Actor | None:
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in ("for", "of"):
                for g in c.children:
                    if g.dep_ == "pobj":
                        owner = self._resolve_one(g)
                        if owner is not None and owner.country:
                            return owner
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

