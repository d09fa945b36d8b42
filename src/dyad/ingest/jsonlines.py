"""Numbered JSON lines: the non-blank lines of a JSONL file with their line numbers, parsed on
demand, so that every reader of gold, checklists and sample files names a bad line the same way
(``path:lineno``) and decides for itself whether a bad line stops the file or is reported and
passed over.

    for line in numbered_json(path):
        try:
            obj = line.json()
        except ValueError as exc:
            problems.append(f"{line.where}: {exc}")
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator


@dataclass(frozen=True)
class NumberedLine:
    """One non-blank line of a JSONL file: where it is and its text."""

    path: Path | str  # as the caller gave it, so messages name it the same way
    lineno: int  # 1-based, counting blank lines
    text: str

    @property
    def where(self) -> str:
        """``path:lineno``, the way dyad's messages name a line."""
        return f"{self.path}:{self.lineno}"

    def json(self) -> Any:
        """The line's JSON value; ``json.JSONDecodeError`` (a ValueError) when it is not JSON."""
        return json.loads(self.text)


def numbered_json(path: Path | str) -> Iterator[NumberedLine]:
    """Each non-blank line of the UTF-8 file ``path`` in order (lines end at ``\\n``, ``\\r\\n``
    or ``\\r``, as Python's text mode reads them)."""
    with open(path, encoding="utf-8") as fh:
        for lineno, text in enumerate(fh, 1):
            if text.strip():
                yield NumberedLine(path, lineno, text)
