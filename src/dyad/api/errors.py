"""The API's one error shape: every 4xx and 5xx answer is ``{"error": {"code", "message",
"detail"}}`` — never a traceback, never an HTML page. ``code`` is a stable machine word,
``message`` a sentence that says what was wrong and how to fix it, ``detail`` the parameter,
value and valid options where there are some (else null)."""
from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from dyad.errors import DyadError

log = logging.getLogger("dyad.api")

_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
          405: "method_not_allowed", 406: "not_acceptable", 411: "length_required",
          413: "payload_too_large", 415: "unsupported_media_type", 422: "bad_request",
          429: "too_many_requests", 500: "internal_error", 503: "unavailable"}


class ApiError(DyadError):
    """Raise anywhere in a route: becomes ``status`` with the error shape."""

    def __init__(self, status: int, code: str, message: str, detail: Any = None,
                 headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.detail = status, code, message, detail
        self.headers = headers


def bad_parameter(name: str, value: Any, message: str, valid: Any = None) -> ApiError:
    detail = {"parameter": name, "value": value}
    if valid is not None:
        detail["valid"] = valid
    return ApiError(400, "bad_parameter", message, detail)


def error_body(code: str, message: str, detail: Any = None) -> dict:
    return {"error": {"code": code, "message": message, "detail": detail}}


def error_response(status: int, code: str, message: str, detail: Any = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(code, message, detail), status_code=status, headers=headers)


async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
    return error_response(exc.status, exc.code, exc.message, exc.detail, exc.headers)


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    code = _CODES.get(exc.status_code, "error")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    if exc.status_code == 404 and message == "Not Found":
        message = (f"no such endpoint: {request.url.path}; see /openapi.json or /docs for "
                   "the endpoints")
    elif exc.status_code == 405:
        message = f"{request.method} is not allowed on {request.url.path}"
    return error_response(exc.status_code, code, message, None, getattr(exc, "headers", None))


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    problems = []
    for e in exc.errors():
        loc = [str(part) for part in e.get("loc", ()) if part not in ("query", "path", "body")]
        problems.append({"parameter": ".".join(loc) or None, "value": e.get("input"),
                         "problem": e.get("msg")})
    first = problems[0] if problems else {"parameter": None, "problem": "invalid request"}
    message = f"bad parameter '{first['parameter']}': {first['problem']}"
    return error_response(400, "bad_parameter", message, _jsonable(problems))


def _jsonable(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return str(value)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return error_response(500, "internal_error", "the server failed to answer this request; "
                          "the error is in the server's log", None)


def install(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected)
