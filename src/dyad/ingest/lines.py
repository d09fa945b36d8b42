"""Physical lines of a byte stream, split on any line end (``\\r\\n``, ``\\n`` or a lone ``\\r``,
as old Mac files and some exporters write), read in chunks so memory stays flat; a line longer
than ``max_len`` bytes is dropped and reported as ``TooLong`` instead of filling memory."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import IO, Iterator

_EOL = re.compile(rb"\r\n|\r|\n")
CHUNK = 1 << 20


@dataclass(frozen=True)
class TooLong:
    """A line over the cap, skipped: how many bytes it had."""

    size: int


def split_lines(fh: IO[bytes], max_len: int | None = None,
                chunk: int = CHUNK) -> Iterator[bytes | TooLong]:
    """Each line with its line end, in order; ``TooLong`` for a line over ``max_len`` bytes."""
    parts: list[bytes] = []
    pending = 0          # bytes held in ``parts``
    dropped = 0          # bytes of an over-long line already thrown away
    cr_pending = False   # the last chunk ended on a \r that may be half of a \r\n
    cap = max_len if max_len is not None else 1 << 62

    def done(piece: bytes):
        if dropped or pending + len(piece) > cap:
            return TooLong(dropped + pending + len(piece))
        return b"".join(parts + [piece])

    while True:
        block = fh.read(chunk)
        if not block:
            break
        if cr_pending and not block.startswith(b"\n"):
            yield done(b"")  # a lone \r ended the previous chunk
            parts, pending, dropped = [], 0, 0
        start = 0
        for m in _EOL.finditer(block):
            if m.group() == b"\r" and m.end() == len(block):
                break  # maybe the first half of a \r\n split across two chunks
            yield done(block[start:m.end()])
            start = m.end()
            parts, pending, dropped = [], 0, 0
        rest = block[start:]
        cr_pending = rest.endswith(b"\r")
        if dropped or pending + len(rest) > cap:
            dropped += pending + len(rest)
            parts, pending = [], 0
        if not dropped:
            parts.append(rest)
            pending += len(rest)
    if dropped or pending:
        yield done(b"")
