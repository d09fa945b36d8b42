"""What every route shares: the server's settings and a read-only store connection per
request (SQLite in WAL mode: readers never wait for an ingest that is writing)."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import AsyncIterator, Iterator

from fastapi import Request

from dyad.api.errors import ApiError, bad_parameter
from dyad.store.schema import connect

DEFAULT_MAX_BODY = 20_000_000


@dataclass(frozen=True)
class Settings:
    db: Path
    token: str | None = None          # bearer token for writes; None: writes refused (403)
    max_body: int = DEFAULT_MAX_BODY  # bytes accepted by POST /ingest


# The dependencies are coroutines: cheap, non-blocking (or sub-millisecond SQLite calls), so
# a request costs one hop to the thread pool (its route), not one per dependency.


async def settings(request: Request) -> Settings:
    return request.app.state.settings


async def read_conn(request: Request) -> AsyncIterator[sqlite3.Connection]:
    path = request.app.state.settings.db
    try:
        conn = connect(path, create=False, timeout=10.0)
    except FileNotFoundError as exc:
        raise ApiError(503, "unavailable", str(exc)) from None
    conn.execute("PRAGMA query_only = 1")
    try:
        yield conn
    finally:
        conn.close()


def _query_names(dependant) -> Iterator[str]:
    for param in dependant.query_params:
        yield param.alias
    for sub in dependant.dependencies:
        yield from _query_names(sub)


async def reject_unknown_parameters(request: Request) -> None:
    """A misspelt parameter (``?sorce=PRK``) is a 400 that lists the valid ones, not a filter
    silently ignored."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = set(_query_names(dependant))
    for name in request.query_params.keys():
        if name not in known:
            raise bad_parameter(name, request.query_params[name], f"unknown parameter '{name}'",
                                sorted(known))
