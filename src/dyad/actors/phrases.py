"""Stage 3 — actors, first step: find the dictionary's phrases in a parsed article (countries,
demonyms, capitals, organisations, known people with dated roles), once per document with a spaCy
PhraseMatcher, and meet the article's people in order so that later surnames and pronouns find
them. The result is the article's ``ArticleActors`` (``dyad.actors.resolve``)."""
from __future__ import annotations

import datetime as dt

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from dyad.actors.lexicon import SPECIAL_COUNTRIES, Entry, Lexicon, load_lexicon, role_distance
from dyad.actors.resolve import ArticleActors
from dyad.actors.state import GROUP_KINDS
from dyad.actors.state import Mention
from dyad.nlp import entity_span


class ActorFinder:
    """Builds the phrase matcher once per (nlp, lexicon) and annotates each document."""

    def __init__(self, nlp: Language, lexicon: Lexicon | None = None):
        self.lexicon = lexicon or load_lexicon()
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._entries: dict[str, list[Entry]] = {}
        phrases: dict[str, list[Entry]] = {}
        for entry in self.lexicon.entries:
            phrases.setdefault(entry.phrase.lower(), []).append(entry)
        for key, (phrase, entries) in enumerate(phrases.items()):
            label = f"A{key}"
            self._entries[label] = entries
            self.matcher.add(label, [nlp.make_doc(entries[0].phrase)])
        self._labels = {nlp.vocab.strings[label]: label for label in self._entries}

    def annotate(self, doc: Doc, published: dt.date | None) -> ArticleActors:
        state = ArticleActors(doc, published, self.lexicon)
        matches = []
        for match_id, start, end in self.matcher(doc):
            span_text = doc[start:end].text
            entries = [e for e in self._entries[self._labels[match_id]]
                       if not e.case_sensitive or e.phrase == span_text
                       or e.phrase.replace("'", "’") == span_text]
            if self._in_person_name(doc, start, end):
                entries = [e for e in entries if e.kind not in GROUP_KINDS]  # "Karen Pierce" 
            if self._national_body(doc, start, end):
                entries = [e for e in entries if not (e.kind == "organisation"
                                                      and e.country in SPECIAL_COUNTRIES)]
            if entries:
                matches.append((start, end, entries))
        # longest match wins where matches overlap
        matches.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
        taken: set[int] = set()
        mentions = []
        for start, end, entries in matches:
            if any(i in taken for i in range(start, end)):
                continue
            taken.update(range(start, end))
            mentions.append(Mention(start, end, self._pick(entries, published)))
        state.note_mentions(mentions)
        self._register_people(state)
        return state

    def _national_body(self, doc: Doc, start: int, end: int) -> bool:
        """"South Korea's National Security Council", "Russia's Security Council": a name
        that is longer than an international body's ("National ...") or owned by a state
        is a national institution, not the UN's or the EU's."""
        last = doc[end - 1]
        if start > 0:
            prev = doc[start - 1]
            if prev.is_title and prev.pos_ in ("PROPN", "ADJ") and prev.dep_ in (
                    "compound", "amod") and start <= prev.head.i < end \
                    and not self.lexicon.lookup(prev.text):
                return True
        for c in last.children:
            if c.dep_ == "poss" and not c.i >= start:
                owner = doc[c.left_edge.i: c.i + 1].text
                if any(e.kind in ("country", "metonym", "demonym")
                       for e in self.lexicon.lookup(owner)):
                    return True
        return False

    def _full_unknown_name(self, state: ArticleActors, i: int) -> bool:
        """A several-word PERSON name with no dictionary word in it ("Staffan de Mistura")."""
        ent = next((e for e in state.doc.ents if e.root.i == i and e.label_ == "PERSON"), None)
        return ent is not None and len(ent) >= 2 and all(t.is_title or t.is_lower
                                                          for t in ent if t.is_alpha) \
            and not any(t.i in state.by_token for t in ent)

    def _in_person_name(self, doc: Doc, start: int, end: int) -> bool:
        """Tokens inside a several-word PERSON entity with no other dictionary word ("Karen
        Pierce", "Sergio Moro"; not "Bosnian Serbs")."""
        ent = entity_span(doc[start])
        if ent is None or ent.label_ != "PERSON" or end > ent.end or len(ent) == end - start:
            return False
        return not any(self.lexicon.lookup(t.text) for t in ent if not start <= t.i < end)

    def _register_people(self, state: ArticleActors) -> None:
        """Walk the article in order so that later surnames and pronouns find earlier people."""
        heads = {m.start: m for m in set(state.by_token.values()) if m.entry.kind == "person"}
        roots = {doc_ent.root.i for doc_ent in state.doc.ents if doc_ent.label_ == "PERSON"}
        roots.update(m.end - 1 for m in heads.values())
        for i in sorted(roots):
            if i in state.by_token and state.by_token[i].entry.kind in (
                    "demonym", "country", "region") or state.by_token.get(i) is not None \
                    and state.by_token[i].entry.kind in GROUP_KINDS:
                continue  # "Bosnian Serbs" tagged as a person is a group
            actor = state._resolve_one(state.doc[i])
            if actor is not None and actor.name:
                state.note_person(i, actor)
            elif actor is None and self._full_unknown_name(state, i):
                # "Staffan de Mistura arrived. He said …": a person we cannot place is still
                # the one "he" means - never the person named before them
                state.note_unknown_person(i)

    def _pick(self, entries: list[Entry], published: dt.date | None) -> Entry:
        if len(entries) == 1:
            return entries[0]
        persons = [e for e in entries if e.kind == "person"]
        if persons and published is not None:
            # the role held that day, else the nearest role period
            return min(persons, key=lambda e: role_distance(e, published))
        order = {"person": 0, "organisation": 1, "country": 2, "metonym": 3, "region": 4,
                 "ethnic": 5, "religious": 6, "demonym": 7}
        return sorted(entries, key=lambda e: order.get(e.kind, 9))[0]
