"""Writing analysis results: JSON (the ``{"data": ..., "meta": ...}`` envelope), CSV (one row per
record, nested fields flattened as ``counts_3``) or a table, to stdout or atomically to a file."""
from __future__ import annotations

import csv
import io
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Callable, Iterable

from rich.console import Console
from rich.table import Table

from dyad.store.outputs import publish

FORMATS = ("table", "json", "csv")


def flatten(record: dict, prefix: str = "") -> dict:
    out: dict = {}
    for k, v in record.items():
        name = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(flatten(v, name + "_"))
        elif isinstance(v, (list, tuple)):
            out[name] = ";".join(str(x) for x in v)
        else:
            out[name] = v
    return out


def to_csv(records: Iterable[dict]) -> str:
    rows = [flatten(r) for r in records]
    columns: list[str] = []
    for r in rows:
        columns += [c for c in r if c not in columns]
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def to_table(title: str, columns: list[str], rows: list[list], width: int = 160) -> str:
    table = Table(title=title)
    for i, col in enumerate(columns):
        table.add_column(col, justify="left" if i < 2 else "right")
    for row in rows:
        table.add_row(*["" if x is None else str(x) for x in row])
    buf = io.StringIO()
    Console(file=buf, width=width, color_system=None).print(table)
    return buf.getvalue()


def _special(out: Path) -> bool:
    """A device, pipe or socket (``/dev/null``, ``/dev/stdout``): written in place, never
    replaced by a renamed file."""
    return out.exists() and not out.is_file() and not out.is_dir()


def write_text(text: str, out: Path | None) -> None:
    """To stdout, or to ``out`` atomically (a temporary file beside it, then renamed)."""
    if out is None:
        sys.stdout.write(text)
        return
    out = Path(out)
    _check_folder(out)
    if _special(out):
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(text)
        return
    fd, tmp = atomic_path(out)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        publish(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def render(result: dict, fmt: str, records: list[dict], table: Callable[[], str]) -> str:
    if fmt == "json":
        return json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return to_csv(records)
    return table()


def atomic_path(out: Path) -> tuple[int, str]:
    """A temporary file beside ``out`` for writers that need a path (plots, GEXF), named with
    this process's pid; stale ones of killed writers are removed first."""
    from dyad.store.outputs import remove_stale, temp_prefix

    out = Path(out)
    remove_stale(out)
    return tempfile.mkstemp(prefix=temp_prefix(out), suffix=out.suffix or ".partial",
                            dir=str(out.parent.resolve()))


def _check_folder(out: Path) -> None:
    """An ``OSError`` naming ``out`` (not the temporary beside it) when it cannot be written."""
    import errno

    if out.is_dir():
        raise IsADirectoryError(errno.EISDIR, "it is a folder; give a file name", str(out))
    if not out.resolve().parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, f"folder {out.parent} does not exist (create it "
                                "first)", str(out))


def write_atomically(out: Path, write: Callable[[str], None]) -> None:
    """Call ``write(tmp_path)`` then rename the temporary file to ``out`` (a device or pipe
    such as ``/dev/stdout`` is written in place)."""
    if _special(Path(out)):
        write(str(out))
        return
    _check_folder(Path(out))
    fd, tmp = atomic_path(out)
    os.close(fd)
    try:
        write(tmp)
        publish(tmp, out)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
