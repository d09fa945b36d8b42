"""Stage 1 — ingest: read articles from files and streams into ``Article`` records.

Readers never raise on one bad document: each yields raw records, ``records.build`` validates
them, and a bad one becomes an ``InputError`` in its place, saying what was wrong and where.
"""
from dyad.ingest.files import read_path, read_stream
from dyad.ingest.records import DEFAULT_MAX_CHARS, InputError

__all__ = ["DEFAULT_MAX_CHARS", "InputError", "read_path", "read_stream"]
