"""Stage 1 — ingest: read articles from files and streams into ``Article`` records.

Readers never raise on one bad document: they yield an ``InputError`` in its place, saying
what was wrong and where, and go on with the rest.
"""
from dyad.ingest.files import DEFAULT_MAX_CHARS, InputError, read_path, read_stream

__all__ = ["DEFAULT_MAX_CHARS", "InputError", "read_path", "read_stream"]
