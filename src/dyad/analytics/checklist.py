"""A blind hand check of coded events: ``dyad summary --sample N --seed S --check FILE`` writes
a checklist (JSON lines: one sampled event each, with its sentence, the article's date and
title, and empty ``verdict``/``cause``/``note`` fields); a checker who did not write the rules
fills it in; ``dyad tally FILE`` counts the verdicts and their causes.

A verdict is ``right`` (a careful coder would record this event: this source, target, type and
realis), ``close`` (the event is there but one part is off: name it as the cause) or ``wrong``
(no such event, or it is not news). Causes (``CAUSES``) name what is off."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from dyad.errors import DyadError
from dyad.ingest.jsonlines import numbered_json
from dyad.record import Article, Event

VERDICTS = ("right", "close", "wrong")
CAUSES = ("not an event", "background", "unrealised", "source", "target", "type", "date",
          "direction", "other")
INSTRUCTIONS = (
    "Blind hand check of dyad events. For each line set verdict to right, close or wrong; for "
    "close and wrong set cause to one of: " + ", ".join(CAUSES) + ". right = a careful coder "
    "would record this event (source, target, PLOVER type, realis asserted = happened in the "
    "news window); close = the event is there but one part is off; wrong = no such event, or "
    "not news (background history, hypothetical, future). Judge from the sentence and, when "
    "needed, the article (article_id). Do not look at dyad's rules.")


class ChecklistError(DyadError, ValueError):
    """A checklist line that is not valid JSON or has an unknown verdict or cause."""


def _side(actor) -> dict | None:
    return None if actor is None else {"code": actor.code, "text": actor.text}


def checklist_rows(events: Iterable[Event], articles: Iterable[Article]) -> list[dict[str, Any]]:
    rows = []
    for n, (e, a) in enumerate(zip(events, articles), 1):
        rows.append({
            "n": n, "article_id": e.article_id,
            "published": a.published.isoformat() if a.published else None, "title": a.title,
            "sentence": e.sentence,
            "event": {"source": _side(e.source), "target": _side(e.target), "plover": e.plover,
                      "cameo": e.cameo, "trigger": e.trigger.text, "date": e.date,
                      "realis": e.realis, "negated": e.negated},
            "verdict": None, "cause": None, "note": ""})
    return rows


def write_checklist(out, rows: list[dict[str, Any]], seed: int) -> None:
    """The checklist: a first line of instructions (``{"instructions": ..., "seed": ...}``), then
    one line per event."""
    out.write(json.dumps({"instructions": INSTRUCTIONS, "seed": seed, "events": len(rows),
                          "verdicts": list(VERDICTS), "causes": list(CAUSES)},
                         ensure_ascii=False) + "\n")
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")


@dataclass
class Tally:
    events: int = 0
    unchecked: int = 0
    verdicts: Counter = field(default_factory=Counter)
    causes: dict[str, Counter] = field(default_factory=lambda: {"close": Counter(), "wrong": Counter()})

    def to_dict(self) -> dict[str, Any]:
        return {"events": self.events, "checked": self.events - self.unchecked,
                "unchecked": self.unchecked,
                **{v: self.verdicts.get(v, 0) for v in VERDICTS},
                "causes": {k: dict(c.most_common()) for k, c in self.causes.items()}}


def tally(path: Path) -> Tally:
    """Count a filled checklist's verdicts and causes; a bad line is an error naming it."""
    out = Tally()
    for line in numbered_json(path):
        try:
            row = line.json()
        except ValueError as exc:
            raise ChecklistError(f"{line.where}: not JSON ({exc})") from None
        if not isinstance(row, dict) or "instructions" in row:
            continue
        _tally_row(out, row, line.where)
    return out


def _tally_row(out: Tally, row: dict, where: str) -> None:
    out.events += 1
    verdict = row.get("verdict")
    if verdict in (None, ""):
        out.unchecked += 1
        return
    if verdict not in VERDICTS:
        raise ChecklistError(f"{where}: verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
    out.verdicts[verdict] += 1
    if verdict == "right":
        return
    cause = row.get("cause")
    if cause not in CAUSES:
        raise ChecklistError(f"{where}: a {verdict} event needs a cause, one of "
                             f"{', '.join(CAUSES)} (got {cause!r})")
    out.causes[verdict][cause] += 1
