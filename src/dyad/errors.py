"""The one base class of dyad's own errors.

Every error dyad raises on purpose derives from :class:`DyadError`, so an interface catches that
one class and prints one clear line (the CLI exits 2; the web API answers with its error shape).
An error carries what was wrong (``message``: which file, line, pattern or value) and, where there is
one, what to do about it (``fix``). ``str(error)`` is ``"message. fix"`` (or the message alone).

Each subclass also keeps the built-in exception it has always been (``ValueError`` for a bad file or
value, ``RuntimeError`` for a missing model, ``KeyError`` for an unknown code), so code that catches
those still works.
"""
from __future__ import annotations


class DyadError(Exception):
    """An error of dyad's: ``message`` says what and where, ``fix`` (optional) what to do."""

    def __init__(self, message: str = "", fix: str | None = None):
        super().__init__(message if fix is None else f"{message}. {fix}")
        self.message, self.fix = message, fix

    def one_line(self) -> str:
        """The error as one line for a terminal: newlines folded into spaces."""
        return " ".join(str(self).split())
