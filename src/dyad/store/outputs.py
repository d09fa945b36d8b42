"""Files dyad writes: atomic, never onto the store, and safe to open in a spreadsheet.

* ``atomic_text(path)`` writes to a temporary file in the same folder and renames it over
  ``path`` only when everything was written (``os.replace``), so a killed export leaves the old
  file or nothing — never a partial file under the final name. A device or pipe (``/dev/stdout``,
  ``/dev/full``, a FIFO) cannot be renamed onto and is written in place.
* Temporary names carry the writer's pid (``.NAME.PID.RANDOM.partial``), so ``remove_stale``
  can tell a temporary left by a killed writer from one still being written: the next write of
  the same output removes those whose pid is gone.
* ``check_output(path, store)`` refuses a folder, a missing folder, the store itself (or its
  ``-wal``/``-shm`` files) and any other SQLite database, each with one clear line.
* ``csv_safe(value)`` defuses spreadsheet formulas (OWASP "CSV injection"): a text cell that
  starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``, which
  spreadsheets show as text; numbers are left as they are.
"""
from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path
from typing import IO, Iterator

from dyad.errors import DyadError

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TEMP_SUFFIX = ".partial"
SQLITE_MAGIC = b"SQLite format 3\x00"


class OutputError(DyadError, ValueError):
    """An output that cannot or must not be written; the message is one line for the user."""


def csv_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def why(exc: OSError) -> str:
    """The cause of a failed write, with what to do when it is the disk or a size limit."""
    if exc.errno == errno.ENOSPC:
        return "no space left on the device (free some space and run it again)"
    if exc.errno == errno.EFBIG:
        return ("file too large (a file-size limit, see `ulimit -f`, or the file system's "
                "largest file)")
    return exc.strerror or str(exc)


def _special(path: Path) -> bool:
    """A device, FIFO or socket: written in place (it cannot be replaced by a rename)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def check_output(path: Path, store: Path | None = None, folder_ok: bool = False) -> None:
    """Raise ``OutputError`` when ``path`` must not be written."""
    path = Path(path)
    if path.is_dir() and not folder_ok:
        raise OutputError(f"{path} is a folder: give a file name, e.g. {path / 'events.out'}")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"cannot write {path}: folder {parent} does not exist (create it first)")
    if store is not None:
        s = Path(store).resolve()
        target = path.resolve()
        if target in (s, Path(f"{s}-wal"), Path(f"{s}-shm"), Path(f"{s}-journal")) or \
                (path.exists() and s.exists() and os.path.samefile(path, s)):
            raise OutputError(f"refusing to write to {path}: it is the event store itself; give "
                              "another output file")
    if path.is_file() and not _special(path):
        with contextlib.suppress(OSError), path.open("rb") as fh:
            if fh.read(16) == SQLITE_MAGIC:
                raise OutputError(f"refusing to overwrite {path}: it is an SQLite database (an "
                                  "event store?); give another output file")


def pid_alive(pid: int | None) -> bool:
    """Whether process ``pid`` exists (one owned by another user counts as alive)."""
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def temp_prefix(path: Path) -> str:
    """The start of this process's temporary names for ``path``: ``.NAME.PID.``"""
    return f".{Path(path).name}.{os.getpid()}."


def remove_stale(path: Path) -> int:
    """Remove the temporaries beside ``path`` (files or Parquet folders) whose writer process
    is gone — a killed export's leftovers. Returns how many were removed."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    suffixes = "|".join(re.escape(s) for s in {TEMP_SUFFIX, path.suffix} if s)
    pattern = re.compile(re.escape(f".{path.name}.") + r"(\d+)\.[a-z0-9_]+(?:" + suffixes + ")")
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        found = pattern.fullmatch(entry.name)
        if not found or pid_alive(int(found.group(1))):
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed += 1
    return removed


@contextlib.contextmanager
def atomic_text(path: Path, store: Path | None = None) -> Iterator[IO[str]]:
    """A text stream whose content appears at ``path`` only once the block ends without error."""
    path = Path(path)
    check_output(path, store)
    try:
        if _special(path):
            with path.open("w", encoding="utf-8", newline="") as fh:
                yield fh
            return
        remove_stale(path)
        fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path), suffix=TEMP_SUFFIX,
                                   dir=str(path.parent or "."))
    except OSError as exc:
        raise OutputError(f"could not write {path}: {why(exc)}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        publish(tmp, path)
    except OSError as exc:
        _remove(tmp)
        raise OutputError(f"could not write {path}: {why(exc)}; nothing was "
                          "written") from None
    except BaseException:
        _remove(tmp)
        raise


@contextlib.contextmanager
def atomic_folder(folder: Path, store: Path | None = None) -> Iterator[Path]:
    """A new temporary folder beside ``folder``, renamed to it once the block ends."""
    folder = Path(folder)
    check_output(folder, store, folder_ok=True)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder} exists and is not a folder: give a new folder for the "
                          "Parquet export")
    if folder.exists() and any(folder.iterdir()):
        raise OutputError(f"{folder} is not empty: give a new folder for the Parquet export")
    try:
        remove_stale(folder)
        tmp = Path(tempfile.mkdtemp(prefix=temp_prefix(folder), suffix=TEMP_SUFFIX,
                                    dir=str(folder.parent)))
    except OSError as exc:
        raise OutputError(f"could not write {folder}: {why(exc)}") from None
    try:
        yield tmp
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp's folder is private (0700)
        if folder.exists():
            folder.rmdir()
        os.replace(tmp, folder)
    except OSError as exc:
        _remove_tree(tmp)
        raise OutputError(f"could not write {folder}: {why(exc)}; nothing was "
                          "written") from None
    except BaseException:
        _remove_tree(tmp)
        raise


def publish(tmp: str | Path, path: Path) -> None:
    """Give a finished temporary file the permissions a new file gets (``mkstemp`` makes it
    private) and rename it over ``path``."""
    os.chmod(tmp, 0o666 & ~_umask())
    os.replace(tmp, path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
