"""Who may stand on which side of an event: one actor on both sides, unnamed refugees placed
at home, a nation's people, office-holders who argue rather than fight, private travellers,
and the codes whose parties all act together (meetings)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from dyad.record import Actor

if TYPE_CHECKING:
    from dyad.actors.resolve import ArticleActors

# Actors resolved by inference rather than by name: events with them are less certain.
WEAK_VIAS = frozenset({"coreference", "speaker", "context", "person-undated", "place"})
# Sectors of private people: their travels and meetings are not diplomatic consultation
PRIVATE_SECTORS = frozenset({"CVL", "REF", "LAB", "EDU", "BUS", "CRM", "RAD", "REB", "HLH",
                             "REL", "AGR", "ENV", "MED", "INS", "SEP", "UAF"})


# Meetings, calls, visits and negotiations: in PLOVER all their parties are the actor ("In such
# instances, all of the entities are considered as the actor and no recipient is included").
# Hosting (043) and mediation (045) are not among them: the host and the mediator act on the others.
# Economic and military cooperation and shared intelligence are "mutual" in PLOVER's COOPERATE:
# joint too. Judicial cooperation (063: extraditions, handovers) goes one way.
MEETING_CODES = frozenset({"040", "041", "042", "044", "046", "060", "061", "062", "064"})



# Sectors of people who argue rather than fight when they "clash": office-holders, parties,
# courts, the press. Crowds, police, soldiers and rebels clash physically.
DEBATING_SECTORS = frozenset({"GOV", "LEG", "JUD", "OPP", "PTY", "ELI", "MED", "BUS", "NGO",
                              "HRI", "EDU"})


def all_unarmed(parties: list[Actor]) -> bool:
    """Every party is an office-holder or body of a debating sector ("Erdogan and Putin
    clashed over Syria")."""
    return bool(parties) and all(a.sector in DEBATING_SECTORS for a in parties)


def refugees_at_home(source: Actor, target: Actor) -> bool:
    """Unnamed refugees placed by context in the source's own country ("Syria will not accept
    more refugees"): refugees come from elsewhere, so the guess is wrong."""
    return target.sector == "REF" and target.via == "context" and target.country == source.country


def is_people(a: Actor, actors: ArticleActors) -> bool:
    """A nation's people, not its state: "Britons", "the Syrians", "hundreds of Afghans"."""
    if a.sector is not None or not a.text:
        return False
    word = a.text.split()[-1]
    return word.endswith("s") and any(e.kind == "demonym" for e in actors.lexicon.lookup(word))


REFLEXIVES = frozenset({"itself", "themselves", "himself", "herself", "ourselves", "myself"})


def same_actor(a: Actor, b: Actor, country_names: dict[str, str]) -> bool:
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
