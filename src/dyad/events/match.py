"""Stage 4 — events: match the pattern lexicon over each sentence's dependency parse.

For every token whose lemma triggers a pattern, the most specific pattern whose constraints
hold wins; its source and target slots are read off the parse and resolved to actors.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Iterator

from spacy.tokens import Span, Token

from dyad import ontology
from dyad.actors.resolve import ArticleActors
from dyad.events.moods import load_moods
from dyad.events.patterns import Pattern, evaluative_words
from dyad.places import default_gazetteer, place_named
from dyad.record import Actor

SUBJECT_DEPS = ("nsubj", "csubj")
# Dependencies through which a verb without its own subject inherits its head's subject.
INHERIT_SUBJECT = frozenset({"xcomp", "conj", "advcl", "acl", "pcomp", "ccomp", "acomp"})
# Dependencies through which negation of a governing word reaches the trigger.
NEGATION_PATH = frozenset({"xcomp", "relcl", "attr", "acomp", "pcomp", "prep", "aux", "auxpass"})
NEGATORS = frozenset({"not", "n't", "n’t", "never", "no"})
LIGHT_VERBS = frozenset({"hold", "launch", "conduct", "carry", "stage", "issue", "make", "deliver",
                         "sign", "give", "begin", "start", "resume", "open", "mount", "lodge",
                         "file", "impose", "announce", "offer", "have", "extend", "provide",
                         "send", "order", "step", "continue", "commit", "complete", "wage",
                         "perpetrate", "undertake", "unleash", "intensify", "escalate",
                         "end", "call", "organise", "organize", "lead",
                         "go", "attend", "join", "host", "pursue", "seek", "reach"})
RELATIVIZERS = frozenset({"who", "which", "that"})
QUANTITY_NOUNS = frozenset({"dollar", "euro", "pound", "yen", "ton", "tonne", "million", "billion",
                            "worth", "shipment", "consignment", "package", "batch", "amount",
                            "lot", "range", "number", "supply", "round", "series", "wave",
                            "kind", "type", "set", "pair", "couple", "dozen", "hundred",
                            "thousand", "barrel", "load", "convoy", "part", "portion", "half",
                            "third", "quarter", "section", "bulk", "rest", "remainder"})
# Things that show or tell of someone: "released photographs of the leader" releases no one.
DEPICTIONS = frozenset({"photograph", "photo", "picture", "image", "video", "footage", "film",
                        "recording", "report", "list", "name", "statement", "story", "copy",
                        "detail", "account", "record", "portrait", "map", "document", "file",
                        "transcript", "letter", "message", "book", "article", "biography"})
# Nouns that name an event already reported ("condemned the launch", "rejected the move").
EVENT_NOUNS = frozenset({"launch", "test", "attack", "strike", "move", "decision", "step",
                         "action", "remark", "comment", "statement", "offer", "proposal",
                         "deployment", "drill", "exercise", "raid", "bombing", "shelling",
                         "incursion", "violation", "provocation", "accusation", "claim",
                         "threat", "sanction", "crackdown", "arrest", "killing", "invasion"})


# The PLOVER types of the events such a noun names: "condemned the launch" points back to a
# launch, not to whatever was coded last. Nouns not listed ("move", "decision") take any event.
_FORCE = frozenset({"ASSAULT", "MOBILIZE", "THREATEN", "COERCE"})
EVENT_NOUN_KINDS = {
    **{n: _FORCE for n in ("launch", "test", "attack", "strike", "raid", "bombing", "shelling",
                           "incursion", "invasion", "killing", "deployment", "drill",
                           "exercise", "provocation", "violation", "threat")},
    **{n: frozenset({"COERCE", "ASSAULT"}) for n in ("crackdown", "arrest")},
    "sanction": frozenset({"SANCTION", "COERCE"}),
    **{n: frozenset({"ACCUSE", "THREATEN", "DEMAND", "REQUEST", None})
       for n in ("remark", "comment", "statement", "accusation", "claim")},
}


@dataclass
class Match:
    pattern: Pattern
    trigger: Token
    source: Actor | None
    target: Actor | None
    negated: bool
    confidence: float
    cameo: str = ""
    rule: str = ""
    joint: bool = False  # one side of a reciprocal pair

    def __post_init__(self) -> None:
        self.cameo = self.cameo or self.pattern.cameo
        self.rule = self.rule or self.pattern.id


HYPOTHETICAL_MARKS = frozenset({"if", "unless", "whether", "lest"})
HYPOTHETICAL_AUX = frozenset({"may", "might", "could"})
OBLIGATION_AUX = frozenset({"must", "should", "ought"})
# "the risk of a clash", "a clash is likely": nouns and adjectives of what may happen
EPISTEMIC = frozenset({"possibility", "possible", "risk", "danger", "threat", "prospect", "fear",
                       "spectre", "specter", "likelihood", "chance", "likely", "unlikely",
                       "probability", "scenario", "hypothetical", "potential"})
# Actors resolved by inference rather than by name: events with them are less certain.
WEAK_VIAS = frozenset({"coreference", "speaker", "context", "person-undated", "place"})
# Sectors of private people: their travels and meetings are not diplomatic consultation
PRIVATE_SECTORS = frozenset({"CVL", "REF", "LAB", "EDU", "BUS", "CRM", "RAD", "REB", "HLH",
                             "REL", "AGR", "ENV", "MED", "INS", "SEP", "UAF"})


# Nouns whose infinitive says what may be done, not what was: "the right to fire"
MODAL_NOUNS = frozenset({"right", "ability", "capacity", "capability", "authority", "permission",
                         "power", "chance", "opportunity", "need", "duty", "obligation",
                         "freedom", "license", "licence", "mandate", "option", "way", "means",
                         "time"})
# Nouns whose "that" clause states something not asserted: "allegations that the army killed"
CONTENT_NOUNS = frozenset({"allegation", "claim", "accusation", "rumour", "rumor", "suggestion",
                           "suspicion", "speculation", "fear", "hope", "denial", "assertion",
                           "charge", "belief", "idea", "notion", "theory", "demand", "call",
                           "proposal", "insistence", "assumption", "impression"})


def _unasserted_content(trigger: Token, mood_verbs: frozenset[str]) -> bool:
    """A clause that only fills in a noun: "allegations that the army killed civilians", or
    the content of a thing demanded or refused: "demanded an admission that its forces
    murdered officers"."""
    if trigger.dep_ not in ("acl", "ccomp") or not any(
            c.dep_ == "mark" and c.lower_ == "that" for c in trigger.children):
        return False
    noun = trigger.head
    if noun.pos_ not in ("NOUN", "PROPN"):
        return False
    if noun.lemma_.lower() in CONTENT_NOUNS:
        return True
    return noun.dep_ in ("dobj", "nsubjpass") and noun.head.lemma_.lower() in mood_verbs


def _hypothetical(trigger: Token, obligations_too: bool = True) -> bool:
    """"if Trump orders a strike", "they may yet reach a deal", "the risk of a clash", "a
    clash is a distinct possibility", "the minister should resign": nothing happened (yet).
    A demand a speaker makes with "must" is coded as such by the obligation rule."""
    clause = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    if clause.dep_ in ("acl", "relcl") and clause.head.lemma_.lower() in MODAL_NOUNS \
            and _bare_infinitive(clause):
        return True  # "the right of Russian troops to fire", "the ability to strike"
    if trigger.pos_ in ("NOUN", "PROPN"):
        head = trigger.head
        if trigger.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in EPISTEMIC:
            return True
        if trigger.dep_ in ("nsubj", "nsubjpass") and any(
                c.dep_ in ("attr", "acomp") and c.lemma_.lower() in EPISTEMIC for c in head.children):
            return True
    node = trigger
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ in ("dobj", "nsubjpass", "nsubj"):
        node = trigger.head  # the light verb carries the mood; "if a US strike threatened"
    modals = HYPOTHETICAL_AUX | OBLIGATION_AUX if obligations_too else HYPOTHETICAL_AUX
    for _ in range(4):
        if any(c.dep_ == "aux" and c.lower_ in modals for c in node.children):
            return True
        if node.dep_ in ("advcl", "ccomp") and any(
                c.dep_ == "mark" and c.lower_ in HYPOTHETICAL_MARKS for c in node.children):
            return True  # "if ...", "has not said whether it is prepared to ..."
        if node.dep_ == "ccomp" and (any(
                c.dep_ in ("acomp", "attr") and c.lemma_.lower() in EPISTEMIC for c in node.head.children)
                or node.head.lemma_ == "be" and any(
                    t.pos_ == "ADJ" and t.lemma_.lower() in EPISTEMIC
                    for t in node.doc[node.head.i + 1:min(node.head.i + 3, node.i)])):
            return True  # "it is likely Washington will side with Ankara" (however parsed)
        if node.dep_ == "acl" and node.tag_ == "VBG" and node.head.dep_ == "pobj" \
                and node.head.head.dep_ == "prep":
            node = node.head.head.head  # "could lead to the president reaching a deal"
            continue
        if node.dep_ == "xcomp" and node.head.lemma_.lower() in ABILITY_WORDS:
            return True  # "is unable to provide support", "are able to reach agreement"
        if node.dep_ in ("xcomp", "ccomp") and node.head.lemma_.lower() in RISK_VERBS:
            return True  # "intervention risks escalating the conflict"
        if node.dep_ not in ("xcomp", "conj", "acomp") or node.head is node:
            return False
        node = node.head
    return False


# Verbs of what may come: "risks escalating".
RISK_VERBS = frozenset({"risk", "need"})  # "needs to withdraw" has not withdrawn
# Adjectives of capacity: what one is (un)able to do is not done.
ABILITY_WORDS = frozenset({"able", "unable", "capable", "incapable", "free", "powerless",
                           "difficult", "hard", "impossible", "necessary", "easier", "harder"})


# Meetings, calls, visits and negotiations: in PLOVER all their parties are the actor ("In such
# instances, all of the entities are considered as the actor and no recipient is included").
# Hosting (043) and mediation (045) are not among them: the host and the mediator act on the others.
# Economic and military cooperation and shared intelligence are "mutual" in PLOVER's COOPERATE:
# joint too. Judicial cooperation (063: extraditions, handovers) goes one way.
MEETING_CODES = frozenset({"040", "041", "042", "044", "046", "060", "061", "062", "064"})

# Events done *to a place* when no one is named: "imposed a curfew in Abidjan", "bombs exploded
# in Kabul" are aimed at that place's country (CAMEO codes the location as the target).
PLACE_TARGET_TYPES = frozenset({"ASSAULT", "COERCE", "THREATEN", "MOBILIZE", "PROTEST", "AID",
                                "SANCTION"})
PLACE_PREPS = frozenset({"in", "at", "into", "across", "around", "near", "inside", "outside",
                         "throughout"})


@functools.lru_cache(maxsize=None)
def _plover_type(cameo: str) -> str | None:
    coding = ontology.to_plover(cameo)
    return coding.type if coding else None


def _implicit_target(m: Match, actors: ArticleActors) -> Match:
    """Fill an empty target from the event's place; else a protest's is the protesters' own
    government ("Egyptians rioted calling for Mubarak's removal": Egypt's citizens → Egypt)
    and a coercion's is the coercer's own country ("imposed martial law"): the ICEWS
    convention for domestic events with an unnamed side."""
    if m.target is not None or m.source is None or not m.source.country:
        return m
    kind = _plover_type(m.cameo)
    if kind not in PLACE_TARGET_TYPES:
        return m
    place = _place_actor(m.trigger, actors)
    if place is not None and place.country:
        m.target = place
    elif m.source.country not in NON_STATE_CODES:
        # what the pattern itself codes: "prepared to impose martial law" is a coercion
        # (recoded as a threat by its mood)
        own = _plover_type(m.pattern.cameo) if m.pattern.cameo[:2] != "01" else kind
        sector = IMPLIED_SECTORS.get(own or "", IMPLIED_SECTORS.get(kind or ""))
        if sector is not None:
            start = m.trigger.idx
            country = m.source.country
            m.target = Actor("", country, sector or None,
                             actors.lexicon.countries.get(country, country), start, start,
                             "implied")
            m.confidence -= 0.1
    return m


# The unnamed side of a domestic event: protesters protest against their government; a
# government coerces its own people (curfews, martial law, bans, arrests). "" = no sector.
IMPLIED_SECTORS = {"PROTEST": "GOV", "COERCE": ""}


# Codes that are not states: their protests have no implied government.
NON_STATE_CODES = frozenset({"IGO", "UNO", "EUR", "NGO", "IMG", "MNC"})


def _place_actor(trigger: Token, actors: ArticleActors) -> Actor | None:
    """The country of a place the event happens in: "in Kabul", "at the border of Chad"."""
    heads = [trigger]
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ in ("dobj", "nsubjpass", "pobj"):
        heads.append(trigger.head)  # the light verb of "exploded bombs in Kabul"
    for head in heads:
        for c in head.children:
            if c.dep_ != "prep" or c.lower_ not in PLACE_PREPS:
                continue
            for obj in c.children:
                if obj.dep_ != "pobj" or obj.pos_ != "PROPN":
                    continue
                found = [a for a in actors.resolve(obj) if a.sector is None]
                if found:
                    return found[0]
    return None


def _retold(matches: list[Match]) -> list[Match]:
    """"began a strike to protest against X", "shelled the town, killing 20": one event told
    twice in a sentence (same actors, same PLOVER type) keeps its first telling."""
    seen: set[tuple] = set()
    out = []
    for m in matches:
        k = (m.source.code if m.source else None, m.target.code if m.target else None,
             _plover_type(m.cameo), m.negated)
        if k not in seen:
            out.append(m)
        seen.add(k)
    return out


def _one_report_per_event(matches: list[Match]) -> list[Match]:
    """One sentence, one source, one PLOVER type: a target-less match restates one that has a
    target ("began a hunger strike to protest against Sweden's decision")."""
    def key(m: Match) -> tuple:
        return m.source.code if m.source else None, _plover_type(m.cameo), m.negated


    with_target = {key(m) for m in matches if m.target is not None}
    # "attacked by Burundian militiamen, killing 156 people": a target guessed from the
    # article's context restates a named one
    named = {key(m) for m in matches if m.target is not None and m.target.via != "context"}
    return [m for m in matches if (m.target is not None or key(m) not in with_target)
            and not (m.target is not None and m.target.via == "context" and key(m) in named)]


# Sectors of people who argue rather than fight when they "clash": office-holders, parties,
# courts, the press. Crowds, police, soldiers and rebels clash physically.
DEBATING_SECTORS = frozenset({"GOV", "LEG", "JUD", "OPP", "PTY", "ELI", "MED", "BUS", "NGO",
                              "HRI", "EDU"})


def _unarmed(parties: list[Actor]) -> bool:
    """Every party is an office-holder or body of a debating sector ("Erdogan and Putin
    clashed over Syria")."""
    return bool(parties) and all(a.sector in DEBATING_SECTORS for a in parties)


def _refugees_at_home(source: Actor, target: Actor) -> bool:
    """Unnamed refugees placed by context in the source's own country ("Syria will not accept
    more refugees"): refugees come from elsewhere, so the guess is wrong."""
    return target.sector == "REF" and target.via == "context" and target.country == source.country


def _people(a: Actor, actors: ArticleActors) -> bool:
    """A nation's people, not its state: "Britons", "the Syrians", "hundreds of Afghans"."""
    if a.sector is not None or not a.text:
        return False
    word = a.text.split()[-1]
    return word.endswith("s") and any(e.kind == "demonym" for e in actors.lexicon.lookup(word))


REFLEXIVES = frozenset({"itself", "themselves", "himself", "herself", "ourselves", "myself"})


def _same_actor(a: Actor, b: Actor, country_names: dict[str, str]) -> bool:
    """One actor on both sides ("Israel accused Israel", "Mr Kim … him") — not two mentions of
    one country ("Algerian Islamists threatened to boycott the Algerian election")."""
    if b.via == "coreference" and a.country == b.country and b.text.split()[0].lower() in (
            "its", "his", "her", "their", "our", "my"):
        return True  # "Russia flexed its military muscle": the source's own, not a target
    if a.country == b.country and b.text.lower() in REFLEXIVES:
        return True  # "South Korea is ready to defend itself"
    if (a.country, a.sector, a.name) != (b.country, b.sector, b.name):
        return False
    if a.start_char == b.start_char or a.text.lower() == b.text.lower():
        return True
    if a.name == country_names.get(a.country or ""):
        return False  # two mentions of a country: two actors inside it
    return a.via in ("coreference", "speaker") or b.via in ("coreference", "speaker")


def _material(cameo: str) -> bool:
    """Events that an intention, request or refusal can be about: CAMEO 04–09 and 14–20."""
    root = int(cameo[:2])
    return 4 <= root <= 9 or root >= 14


class EventMatcher:
    def __init__(self, patterns: tuple[Pattern, ...]):
        self.verbs: dict[str, list[Pattern]] = {}
        self.nouns: dict[str, list[Pattern]] = {}
        for p in patterns:
            index = self.verbs if p.pos == "verb" else self.nouns
            for lemma in p.lemmas:
                index.setdefault(lemma, []).append(p)
        for index in (self.verbs, self.nouns):
            for lemma, plist in index.items():
                # stable: user patterns (listed first) win among equally specific ones
                plist.sort(key=lambda p: -p.specificity)
        self.negative = evaluative_words().get("negative", frozenset())
        self.moods = load_moods()
        self.mood_verbs = frozenset(v for c in self.moods.named.values() for v in c.verbs)
        self.obligation = Pattern(id="mood.obligation", cameo=self.moods.obligation_code,
                                  pos="verb", lemmas=(), example="built in")

    def match_sentence(self, sent: Span, actors: ArticleActors, speech: "SpeechContext",
                       matches_so_far: list[Match]) -> list[Match]:
        out: list[Match] = []
        consumed: set[int] = set()
        for tok in sent:
            pos = tok.pos_
            if pos in ("VERB", "AUX"):
                cands = self.verbs.get(tok.lemma_.lower())
                if cands is None and tok.tag_ == "VBN":
                    cands = self.verbs.get(tok.lower_)
            elif pos in ("NOUN", "PROPN"):
                if tok.i in consumed:
                    continue
                cands = self.nouns.get(tok.lemma_.lower())
            else:
                continue
            if not cands:
                continue
            for pattern in cands:
                found = self._try(pattern, tok, actors, speech, (matches_so_far, out))
                if found is None:
                    continue
                out.extend(found)
                if pattern.object:
                    consumed.update(c.i for c in tok.children if c.dep_ == "dobj")
                break
        out = self._obligations(sent, actors, speech, out)
        out = [m for m in out if not _hypothetical(m.trigger, m.pattern is not self.obligation)
               and not _unasserted_content(m.trigger, self.mood_verbs)]
        out = self._apply_moods(out, actors)
        return _retold([_implicit_target(m, actors) for m in _one_report_per_event(out)])

    def unasserted(self, trigger: Token) -> bool:
        """Whether an event on ``trigger`` is hypothetical or unasserted reported content: the
        filter pattern events pass, for events found another way (dyad.detect)."""
        return _hypothetical(trigger) or _unasserted_content(trigger, self.mood_verbs)

    # --- moods: intentions, requests, refusals, threats, obligations ----------------------------
    def _apply_moods(self, matches: list[Match], actors: ArticleActors) -> list[Match]:
        triggers = {m.trigger.i for m in matches}
        final: list[Match] = []
        for m in matches:
            emb = self.moods.embedding(m.trigger) if _material(m.cameo) else None
            if emb is None:
                if not _wished_for(m.trigger):
                    final.append(m)
                continue
            verb, cls = emb
            negated = m.negated or (verb is not None and (_negated(verb) or any(
                c.dep_ == "det" and c.lower_ == "no" for c in verb.children)))  # "no plans to"
            if negated and cls.name == "intent" and int(m.cameo[:2]) <= 9:
                # "Syria will not accept more refugees", "refused … would not meet": a refusal
                cls, negated = self.moods.named["reject"], False
            elif negated and cls.name == "intent":
                continue  # "has no plans to send forces", "will not attack": no threat made
            code = cls.code_for(m.cameo)
            if verb is not None and verb.i in triggers:
                # the embedding verb's own pattern codes this; let the embedded event make a
                # generic code specific ("urged Myanmar to release prisoners": 020 → 025)
                for vm in matches:
                    if vm.trigger.i == verb.i and code and vm.cameo[2:] == "0" \
                            and code[:2] == vm.cameo[:2]:
                        vm.cameo = code
                continue
            if code is None:
                continue  # e.g. "refused to attack": no event happened
            source, target = m.source, m.target
            if verb is not None:
                subj = [a for t in _mood_subject(verb) for a in actors.resolve(t)]
                if subj and not (source is not None and source.start_char in {a.start_char for a in subj}):
                    source = subj[0]  # keep each side of "X and Y agreed to restore ties"
                obj = _dobj(verb)
                if cls.object_target and obj is not None:
                    found = actors.resolve(obj)
                    target = found[0] if found else target
                elif cls.object_target and m.source is not None and source is not m.source:
                    target = m.source  # "pushed for Russia to withdraw": Russia is asked
            if source is None or (target is not None and
                                  _same_actor(source, target, actors.lexicon.countries)):
                continue
            final.append(Match(m.pattern, m.trigger, source, target, negated, m.confidence - 0.05,
                               cameo=code, rule=f"{m.rule}+{cls.name}", joint=m.joint))
        return final

    def _obligations(self, sent: Span, actors: ArticleActors, speech: "SpeechContext",
                     matches: list[Match]) -> list[Match]:
        """"Britain said Libya must hand over the suspects": the speaker demands it of Libya."""
        if not self.moods.modals:
            return matches
        out = list(matches)
        for tok in sent:
            if tok.pos_ not in ("VERB", "AUX") or not any(
                    c.dep_ == "aux" and c.lower_ in self.moods.modals for c in tok.children):
                continue
            speaker = speech.speaker_for(tok)
            if speaker is None:
                continue
            targets = [a for t in _subject(tok) for a in actors.resolve(t)]
            if not targets or targets[0].country == speaker.country:
                continue
            # the event demanded: on the modal's verb, or a noun it governs ("must reach an
            # agreement"); every match of it goes (both sides of a reciprocal pair)
            inner = [m for m in matches if m.trigger.i == tok.i or (
                m.trigger.head.i == tok.i and m.trigger.dep_ in ("dobj", "nsubjpass"))]
            out = [m for m in out if m not in inner]
            code = self.moods.named["demand"].code_for(inner[0].cameo) if inner else None
            out.append(Match(self.obligation, tok, speaker, targets[0], _negated(tok),
                             0.55, cameo=code or self.obligation.cameo))
        return out

    # --- one pattern on one trigger ------------------------------------------------------------
    def _try(self, p: Pattern, tok: Token, actors: ArticleActors, speech: "SpeechContext",
             history: tuple[list[Match], list[Match]]) -> list[Match] | None:
        children = list(tok.children)
        if p.particle and not any(c.lower_ == p.particle and (c.dep_ == "prt" or (
                c.dep_ in ("advmod", "prep") and c.i == tok.i + 1)) for c in children):
            return None
        if p.modifier and not any(c.dep_ in ("compound", "amod", "nmod") and
                                  c.lemma_.lower() in p.modifier for c in children):
            return None
        preps = {c.lower_ for c in children if c.dep_ in ("prep", "agent", "dative")}
        if p.prep and not (p.prep & preps):
            return None
        if p.without_prep & preps:
            return None
        dobj = _dobj(tok)
        if p.object and (dobj is None or not p.object & {
                lemma for o in (dobj, *dobj.conjuncts) for lemma in (o.lemma_.lower(), _object_lemma(o))}):
            return None  # "providing photographs and other intelligence": any conjunct
        if p.object_negative and not self._negative_complement(tok):
            return None
        if p.no_complement and any(c.dep_ in ("oprd", "acomp", "attr", "ccomp") for c in children):
            return None
        if p.intransitive and any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "oprd")
                                  for c in children):
            return None
        if p.clause_verb or p.clause_object:
            if not _clause_ok(tok, p.clause_verb, p.clause_object):
                return None
        speaker = speech.speaker_for(tok)
        if p.speech == "claim":
            if speaker is None:
                return None
            sources = [speaker]
            targets = self._slot_actors(("subject",), tok, actors, history)
        else:
            sources = self._slot_actors(p.source, tok, actors, history)
            targets = self._slot_actors(p.target, tok, actors, history, tuple(sources),
                                        cooperative=int(p.cameo[:2]) <= 9)
        if not sources:
            return None
        if not targets and p.speech != "claim" and ontology.cameo(p.cameo).quad_class in (2, 4):
            targets = _slot_places(p.target, tok, sources)  # "shelled Aleppo"; material only
        negated = _negated(tok)
        conf = p.confidence
        if any(a.via in WEAK_VIAS for a in sources + targets):
            conf -= 0.1
        out: list[Match] = []
        if not targets and p.reciprocal and len(sources) >= 2 and "alongside" not in preps:
            for a in sources:
                for b in sources:
                    if a is not b:
                        out.append(Match(p, tok, a, b, negated, conf, joint=True))
            if p.unarmed and _unarmed(sources):
                for m in out:
                    m.cameo = p.unarmed
            return out
        if not targets:
            if not p.target_optional:
                return None
            return [Match(p, tok, s, None, negated, conf) for s in sources]
        if p.cameo[:2] == "04" and all(a.sector in PRIVATE_SECTORS or _people(a, actors)
                                       for a in sources):
            return None  # "British jihadists / Britons travelled to Syria" is not diplomacy
        joint = p.cameo in MEETING_CODES
        for s in sources:
            for t in targets:
                if _same_actor(s, t, actors.lexicon.countries) or _refugees_at_home(s, t):
                    continue
                out.append(Match(p, tok, s, t, negated, conf, joint=joint))
        if not out and p.target_optional:
            out = [Match(p, tok, s, None, negated, conf) for s in sources]
        if out and p.unarmed and _unarmed(sources + targets):
            for m in out:
                m.cameo = p.unarmed
        return out or None

    def _negative_complement(self, tok: Token) -> bool:
        for c in tok.children:
            if c.dep_ in ("oprd", "attr", "acomp", "ccomp", "xcomp") or (
                    c.dep_ == "prep" and c.lower_ == "as"):
                if any(t.lemma_.lower() in self.negative for t in c.subtree):
                    return True
        return False

    # --- slots ---------------------------------------------------------------------------------
    def _slot_actors(self, slots: tuple[str, ...], tok: Token, actors: ArticleActors,
                     history: tuple[list[Match], list[Match]],
                     avoid: tuple[Actor, ...] = (), cooperative: bool = False) -> list[Actor]:
        """The actors the first filled slot names. Inside a phrase ("its war with Iraq") a
        party that is one of ``avoid`` (the sources) is passed over for the next one. A
        cooperative event is not with the party a thing is against ("supported the sanctions
        against Pyongyang" supports no one in Pyongyang)."""
        nested = tuple(w for w in NESTED_PREPS if not (cooperative and w == "against"))
        for slot in slots:
            heads = _slot_tokens(slot, tok)
            for head in heads:
                found = actors.resolve(head)
                if head.i == tok.head.i and tok.dep_ == "acl":
                    inside = range(tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge))
                    found = [a for a in found if a.start_char not in inside]  # not its own agent
                if found:
                    return found
            if slot != "subject":
                # "objected to Japan's new policy": the possessor owns the thing; "attacked a
                # camp for Congolese refugees": the people the thing is of or for
                for head in heads:
                    if slot == "dobj" and (head.lower_ in ("it", "this", "that") or head.i == tok.head.i):
                        continue  # "a lunch hosted by X": the thing itself, if no actor, is no one
                    for inner in _nested_parties(head, preps=nested):
                        found = [a for a in actors.resolve(inner) if not any(
                            _same_actor(s, a, actors.lexicon.countries) for s in avoid)]
                        if found:
                            return found
            if slot == "dobj":
                # "the South condemned the launch": an object naming an earlier event points
                # back to that event's source
                obj = _dobj(tok)
                if obj is not None and obj.lemma_.lower() in EVENT_NOUNS and any(
                        c.dep_ == "det" and c.lower_ in ("the", "this", "these", "that")
                        for c in obj.children):
                    # the latest earlier event of the kind the noun names ("the launch": a
                    # launch, not the last condemnation of it), by someone other than the source
                    kinds = EVENT_NOUN_KINDS.get(obj.lemma_.lower())
                    for m in _latest_first(history):
                        if m.source is not None and m.trigger.i < tok.i and (
                                kinds is None or _plover_type(m.cameo) in kinds) and not any(
                                _same_actor(a, m.source, actors.lexicon.countries) for a in avoid):
                            return [m.source]
            if slot == "proposal_source":
                for m in _latest_first(history):
                    if m.cameo[:2] in ("02", "03", "10") and m.source is not None:
                        return [m.source]
        return []


PLACE_SLOTS = ("dobj", "dative", "prep:", "object_prep:", "clause_prep:", "poss", "compound")


def _slot_places(slots: tuple[str, ...], tok: Token, sources: list[Actor]) -> list[Actor]:
    """A target that is a place, not a known actor: "shelled Aleppo", "a market in Idlib",
    resolved with the gazetteer (dyad.places) to the country it is in."""
    hint = tuple(a.country for a in sources if a.country)
    for slot in slots:
        if not slot.startswith(PLACE_SLOTS):
            continue
        for head in _slot_tokens(slot, tok):
            found = place_named(head, default_gazetteer(), hint)
            if found is None:
                continue
            place, span = found
            return [Actor(span.text, place.country, None, place.name, span.start_char,
                          span.end_char, "place")]
    return []


# Prepositions inside a slot's phrase that name the party it is about: "demands from X", "a war
# against X", "talks with X", "crimes committed by X", "a camp for Congolese refugees".
NESTED_PREPS = ("of", "for", "from", "against", "with", "by")


def _nested_parties(head: Token, depth: int = 2,
                    preps: tuple[str, ...] = NESTED_PREPS) -> list[Token]:
    """Tokens that may name the party a slot's phrase is about when its head names none, nearest
    first: possessors, then objects of NESTED_PREPS on it or on a participle after it, then
    the same one level down ("in protest of the government's refusal")."""
    if head.lemma_.lower() in DEPICTIONS:
        return _possessors(head)
    first = list(_possessors(head))
    inner = [g for word in preps for g in _prep_objects(head, word)]
    for acl in (c for c in head.children if c.dep_ == "acl"):
        inner += [g for word in ("by", "against") if word in preps for g in _prep_objects(acl, word)]
    out = first + inner
    if depth > 1:
        for g in inner:
            out += [t for t in _nested_parties(g, depth - 1, preps) if t not in out]
    return out


def _object_lemma(obj: Token) -> str:
    """The object's lemma, looking through quantities: "5 million dollars of aid" → aid."""
    lemma = obj.lemma_.lower()
    if lemma in QUANTITY_NOUNS:
        for c in obj.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                inner = next((g for g in c.children if g.dep_ == "pobj"), None)
                if inner is not None:
                    return inner.lemma_.lower()
    return lemma


def _latest_first(history: tuple[list[Match], list[Match]]) -> Iterator[Match]:
    """Matches so far, newest first: this sentence's, then the article's earlier ones."""
    earlier, current = history
    yield from reversed(current)
    yield from reversed(earlier)


def _possessors(head: Token) -> list[Token]:
    heads = [head] + [c for c in head.children if c.dep_ == "compound"]
    return [c for h in heads for c in h.children if c.dep_ == "poss" and c.pos_ != "PRON"]


def _dobj(tok: Token) -> Token | None:
    if any(c.dep_ == "nsubjpass" for c in tok.children):
        return next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
    return next((c for c in tok.children if c.dep_ in ("dobj", "obj")), None)


def _subject(tok: Token) -> list[Token]:
    for c in tok.children:
        if c.dep_ == "agent":
            return [g for g in c.children if g.dep_ == "pobj"]
    if any(c.dep_ == "nsubjpass" for c in tok.children):
        return []
    for c in tok.children:
        if c.dep_ in SUBJECT_DEPS:
            if c.lower_ in RELATIVIZERS and tok.dep_ == "relcl":
                return [tok.head]
            return [c]
    head = tok
    for _ in range(3):
        if head.dep_ in ("relcl", "acl") and _bare_infinitive(head) and head.head.pos_ == "NOUN":
            # "began a strike to protest against X", "Russia's refusal to withdraw", "weapons
            # to use against X": the doer is whoever has or acts on the noun
            owners = _mood_subject(head.head)
            if owners:
                return owners
        if head.dep_ == "relcl":
            return [head.head]
        if head.dep_ in ("acl",) and head.head.pos_ in ("NOUN", "PROPN"):
            return [head.head]
        if head.dep_ == "prep" and head.head.pos_ == "ADJ":
            head = head.head  # "are guilty of violating": through the adjective
            continue
        if head.dep_ not in INHERIT_SUBJECT or head.head is head:
            return []
        via_xcomp = head.dep_ == "xcomp"
        head = head.head
        if via_xcomp and head.pos_ in ("VERB", "AUX"):
            controller = next((c for c in head.children if c.dep_ in ("dobj", "obj")), None)
            if controller is not None and controller.pos_ in ("NOUN", "PROPN", "PRON"):
                return [controller]  # "forced the rebels to withdraw": the rebels withdraw
        for c in head.children:
            if c.dep_ == "agent":  # "was attacked by militiamen, killing 156": the agent
                return [g for g in c.children if g.dep_ == "pobj"]
            if c.dep_ in SUBJECT_DEPS:
                return [c]
        if any(c.dep_ == "nsubjpass" for c in head.children):
            return []  # an agentless passive: the doer is unknown, not the next clause up
    return []


def _mood_subject(word: Token) -> list[Token]:
    """Who holds the mood: the verb's or adjective's subject; for a noun ("Russia's refusal to
    talk", "Israel and Syria reached an agreement to ...") its possessor, else the subject
    of the verb it is the object of."""
    if word.pos_ not in ("NOUN", "PROPN"):
        return _subject(word)
    owners = _possessors(word) or _prep_objects(word, "of")  # "the right of X to ..."
    if owners:
        return owners
    if word.dep_ in ("dobj", "nsubjpass"):
        return _subject(word.head)
    if word.dep_ == "pobj" and word.head.head is not word.head:
        return _subject(word.head.head)
    return []


def _wished_for(trigger: Token) -> bool:
    """"held out for Washington to ease sanctions": "for X to do" names what someone wants,
    not what was done (a mood verb over it recodes it first: "pushed for Russia to leave")."""
    clause = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    if clause.dep_ != "advcl" or not any(c.dep_ == "aux" and c.lower_ == "to"
                                         for c in clause.children):
        return False
    return any(c.dep_ == "mark" and c.lower_ == "for" for c in clause.children) or any(
        c.dep_ == "prep" and c.lower_ == "for" and c.i < clause.i and not any(
            g.dep_ in SUBJECT_DEPS for g in clause.children)
        for c in clause.head.children)  # the parser's other reading: "held out for X | to ease"


def _bare_infinitive(clause: Token) -> bool:
    """"to protest", with no subject of its own."""
    return clause.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children) \
        and not any(c.dep_ in SUBJECT_DEPS for c in clause.children)


def _slot_tokens(slot: str, tok: Token) -> list[Token]:
    if slot == "subject":
        return _subject(tok)
    if slot == "dobj":
        obj = _dobj(tok)
        if obj is None and tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.pos_ in (
                "NOUN", "PROPN") and any(c.dep_ == "agent" for c in tok.children):
            obj = tok.head  # "Assad's regime, backed by Moscow": the regime is backed
        return [obj] if obj is not None else []
    if slot == "dative":
        return [c for c in tok.children if c.dep_ == "dative" and c.pos_ != "ADP"] + [
            g for c in tok.children if c.dep_ == "dative" and c.pos_ == "ADP"
            for g in c.children if g.dep_ == "pobj"]
    if slot.startswith("prep:"):
        word = slot[5:]
        # "backed by Moscow": the agent of a passive is its doer, never a "stand by" target
        found = _prep_objects(tok, word, deps=("prep", "dative"))
        if not found and tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "nsubjpass"):
            found = _prep_objects(tok.head, word)  # "launched airstrikes on Gaza"
        return found
    if slot.startswith("object_prep:"):
        obj = _dobj(tok)
        if obj is None:
            return []
        word = slot[12:]
        found = []
        for o in (obj, *obj.conjuncts):  # "artillery, mortar and rocket fire against X"
            found = found or _prep_objects(o, word)
            for acl in (c for c in o.children if c.dep_ == "acl"):
                found = found or _prep_objects(acl, word)  # "the progress made by Ukraine"
        return found
    if slot.startswith("clause_prep:"):
        word = slot[12:]
        out = []
        for c in tok.children:
            if c.dep_ in ("xcomp", "ccomp", "advcl"):
                out += _prep_objects(c, word)
                obj = _dobj(c)
                if obj is not None:
                    out += _prep_objects(obj, word)
        return out
    if slot == "clause_subject":
        out = []
        for c in tok.children:
            if c.dep_ in ("xcomp", "ccomp") or (c.dep_ == "advcl" and any(
                    g.dep_ == "mark" and g.lower_ == "for" for g in c.children)):
                # "urged X to ...", "called for X to ..."; "asking Britain to take back the
                # fighters": the one asked, not the clause's own object
                subj = [g for g in c.children if g.dep_ == "nsubj" and g.lower_ not in RELATIVIZERS]
                own = [g for g in tok.children if g.dep_ == "dobj"]
                out += subj or own + [g for g in c.children if g.dep_ == "dobj"]
        return out or [c for c in tok.children if c.dep_ == "dobj"]
    if slot == "poss":
        return [c for c in tok.children if c.dep_ == "poss"]
    if slot == "compound":
        return [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod")]
    if slot == "governor":
        head = tok.head
        if tok.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in LIGHT_VERBS:
            return _subject(head)
        return []
    if slot == "between":
        return [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "between"
                for g in c.children if g.dep_ == "pobj"]
    return []


def _prep_objects(tok: Token, word: str, deps: tuple[str, ...] = ("prep", "agent", "dative")
                  ) -> list[Token]:
    return [g for c in tok.children if c.dep_ in deps and c.lower_ == word
            for g in c.children if g.dep_ == "pobj"]


def _clause_ok(tok: Token, verbs: frozenset[str], objects: frozenset[str]) -> bool:
    for c in tok.children:
        if c.dep_ not in ("xcomp", "advcl", "ccomp", "pcomp", "prep"):
            continue
        clause = c
        if c.dep_ == "prep":
            clause = next((g for g in c.children if g.dep_ in ("pcomp", "pobj")), None)
            if clause is None:
                continue
        if verbs and clause.lemma_.lower() not in verbs:
            continue
        if _question(clause):
            continue  # "asked why Russia is backing Assad" asks a question, not for backing
        if objects:
            obj = _dobj(clause) if clause.pos_ in ("VERB", "AUX") else clause
            if obj is None or obj.lemma_.lower() not in objects:
                continue
        return True
    return False


QUESTION_MARKS = frozenset({"whether", "if"})


def _question(clause: Token) -> bool:
    """A clause that asks: "whether/if ...", "why/how/what ..." (a wh-word leads it)."""
    if clause.pos_ not in ("VERB", "AUX"):
        return False
    if any(c.dep_ == "mark" and c.lower_ in QUESTION_MARKS for c in clause.children):
        return True
    first = clause.left_edge
    return first.tag_ in ("WRB", "WP", "WDT") and first.lower_ not in RELATIVIZERS


def _negated(tok: Token) -> bool:
    if any(c.dep_ in ("cc", "preconj") and c.lower_ == "nor" for c in tok.children):
        return True  # "nor am I going to quit"
    node = tok
    for _ in range(4):
        for c in node.children:
            if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never"):
                return True
        if node.dep_ not in NEGATION_PATH or node.head is node:
            return False
        node = node.head
    return False


class SpeechContext:
    """Who speaks where: quote spans and reported clauses, by token index."""

    def __init__(self, speakers: dict[int, Actor], quote_ids: dict[int, str]):
        self._speakers = speakers
        self._quote_ids = quote_ids

    def speaker_for(self, tok: Token) -> Actor | None:
        return self._speakers.get(tok.i)

    def quote_id(self, tok: Token) -> str | None:
        return self._quote_ids.get(tok.i)
