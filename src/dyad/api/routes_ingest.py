"""``POST /ingest``: articles in, through the very code path of ``dyad ingest``.

The body (JSONL, or one uploaded file in any format ``dyad ingest`` reads — JSONL, CSV, HTML,
a feed, a WARC archive) is written to a temporary file named with its suffix, and that file is
ingested with ``dyad.store.ingest.ingest`` exactly as the command would ingest it. Writes need
``Authorization: Bearer TOKEN``; a server started without a token refuses every write (403).
The body is capped (``--max-body``); one ingest runs at a time (one writer)."""
from __future__ import annotations

import hmac
import json
import re
import tempfile
import threading
from pathlib import Path

from fastapi import APIRouter, Depends, Request

from dyad.api.deps import Settings, settings
from dyad.api.errors import ApiError

router = APIRouter()
_lock = threading.Lock()
_coder = None
_SUFFIX = re.compile(r"(\.[A-Za-z0-9]{1,8}){1,2}$")
JSONL_TYPES = ("application/x-ndjson", "application/jsonl", "application/json-lines",
               "application/json", "text/plain", "")


def require_token(request: Request, conf: Settings = Depends(settings)) -> None:
    if not conf.token:
        raise ApiError(403, "forbidden", "writes are disabled on this server: start `dyad serve` "
                       "with --token TOKEN (or DYAD_TOKEN) to allow POST /ingest")
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    challenge = {"WWW-Authenticate": 'Bearer realm="dyad"'}
    if scheme.lower() != "bearer" or not given:
        raise ApiError(401, "unauthorized", "POST /ingest needs the header "
                       "'Authorization: Bearer TOKEN'", None, challenge)
    if not hmac.compare_digest(given.strip().encode(), conf.token.encode()):
        raise ApiError(401, "unauthorized", "wrong bearer token", None, challenge)


async def _read_capped(request: Request, cap: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > cap:
        raise _too_large(cap, int(declared))
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise _too_large(cap, size)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(cap: int, size: int) -> ApiError:
    return ApiError(413, "payload_too_large", f"the body is over this server's limit of {cap} "
                    "bytes: split it, or start `dyad serve` with a larger --max-body",
                    {"limit": cap, "size_at_least": size})


async def _upload(request: Request, body: bytes) -> tuple[bytes, str, str]:
    """(file bytes, suffix, file name) from a multipart upload with one file field."""
    from starlette.datastructures import UploadFile
    from starlette.requests import Request as Plain

    async def replay():
        return {"type": "http.request", "body": body, "more_body": False}

    form = await Plain(request.scope, replay).form()
    files = [v for v in form.values() if isinstance(v, UploadFile)]
    if len(files) != 1:
        raise ApiError(400, "bad_request", f"send exactly one file in the form (got {len(files)})")
    match = _SUFFIX.search(files[0].filename or "")
    return (await files[0].read(), match.group(0).lower() if match else ".jsonl",
            files[0].filename or "")


def _get_coder():
    global _coder
    if _coder is None:
        from dyad.coder import Coder

        _coder = Coder()
    return _coder


def _ingest_file(path: Path, db: Path, label: str) -> dict:
    """Ingest the body saved at ``path``; the run and its errors name ``label``, not the temporary file."""
    from contextlib import closing

    from dyad.store import connect
    from dyad.store.ingest import ingest

    with _lock:
        summary = ingest([str(path)], db, coder=_get_coder())
        with closing(connect(db)) as conn, conn:
            conn.execute("UPDATE ingest_runs SET inputs = ? WHERE run_id = ?",
                               (json.dumps([label]), summary.run_id))
    result = summary.to_dict()
    for error in result["errors"]:
        error["where"] = error["where"].replace(str(path), "body")
    return result


@router.post("/ingest", summary="Ingest articles (JSONL body or one uploaded file); bearer token",
             dependencies=[Depends(require_token)])
async def post_ingest(request: Request, conf: Settings = Depends(settings)):
    from starlette.concurrency import run_in_threadpool

    body = await _read_capped(request, conf.max_body)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "multipart/form-data":
        data, suffix, name = await _upload(request, body)
        label = f"POST /ingest upload {name!r}"
    elif kind in JSONL_TYPES:
        data, suffix, label = body, ".jsonl", f"POST /ingest body ({len(body)} bytes)"
    else:
        raise ApiError(415, "unsupported_media_type", f"cannot ingest a '{kind}' body: send JSONL "
                       "articles (application/x-ndjson) or one file as multipart/form-data",
                       {"content_type": kind})
    if not data.strip():
        raise ApiError(400, "bad_request", "the body is empty: send one JSON article a line, "
                       '{"id", "text", "published", "title"?, "url"?}')
    with tempfile.TemporaryDirectory(prefix="dyad-ingest-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        result = await run_in_threadpool(_ingest_file, path, conf.db, label)
    return {"data": result}
