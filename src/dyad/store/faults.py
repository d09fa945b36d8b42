"""What went wrong with a store file, in one line the user can act on.

SQLite reports a damaged, foreign, read-only or full store as ``sqlite3.DatabaseError`` /
``OperationalError`` with terse messages ("file is not a database", "disk I/O error"). ``explain``
names the file, says what is wrong and what to do; ``store_errors`` turns any of them into that
line on stderr and exit code 2. A failed batch is rolled back by SQLite, so what was committed
before stays as it was.
"""
from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Iterator

from dyad.errors import DyadError

EXIT_STORE = 2


class StoreError(DyadError, ValueError):
    """A store that cannot be used; ``str()`` is the one line to show. A ``ValueError``, so
    every command that reports bad input in one line reports this one too."""


def explain(exc: BaseException, path: str | Path) -> str:
    msg = str(exc).lower()
    if "not a database" in msg or "file is encrypted" in msg:
        return (f"{path} is not a dyad event store (SQLite: {exc}); check --db, or move the file "
                "aside to start a new store there")
    if "malformed" in msg or "corrupt" in msg:
        return (f"{path} is damaged (SQLite: {exc}); run `dyad check --db {path}`, and restore "
                "it from a backup or re-ingest into a new store")
    if "readonly" in msg or "read-only" in msg:
        return (f"{path} is read-only (SQLite: {exc}); make the file and its folder writable, or "
                "pass --db with a writable store")
    if "disk is full" in msg or "disk i/o" in msg or "full" in msg:
        return (f"could not write {path}: the disk is full or failing (SQLite: {exc}); free some "
                "space and run the same command again — committed batches are kept")
    if "unable to open" in msg:
        return (f"cannot open {path} (SQLite: {exc}); check the path and that its folder is "
                "writable")
    if "locked" in msg or "busy" in msg:
        return (f"{path} is locked by another process for too long (SQLite: {exc}); try again "
                "when the other ingest has finished")
    return f"{path}: store error (SQLite: {exc})"


@contextlib.contextmanager
def store_errors(path: str | Path) -> Iterator[None]:
    """Any SQLite failure inside becomes ``StoreError`` with the ``explain`` line."""
    try:
        yield
    except StoreError:
        raise
    except sqlite3.Error as exc:
        raise StoreError(explain(exc, path)) from None
    except OSError as exc:
        if exc.errno is None:
            raise
        raise StoreError(f"could not use {path}: {exc.strerror or exc}") from None


def quick_check(path: str | Path, limit: int = 20) -> list[str]:
    """SQLite's ``PRAGMA quick_check`` on the file: [] when it passes, else the problems found."""
    from dyad.store.schema import connect

    with store_errors(path):
        conn = connect(path, create=False)
        try:
            rows = [r[0] for r in conn.execute(f"PRAGMA quick_check({int(limit)})")]
        finally:
            conn.close()
    return [] if rows == ["ok"] else rows


@contextlib.contextmanager
def stop_on_sigterm() -> Iterator[None]:
    """SIGTERM raises KeyboardInterrupt inside, so a terminated ingest ends as Ctrl-C does: the
    batch in flight is rolled back, the run is marked interrupted, the summary so far printed."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
