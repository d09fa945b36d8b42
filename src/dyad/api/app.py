"""The web application: the REST API (``dyad.api.routes_*``), its OpenAPI schema and docs,
and the dashboard — all served from files inside the package, nothing from the internet.

``create_app(Settings(db=...))`` builds it; ``dyad serve`` runs it with uvicorn."""
from __future__ import annotations

from importlib import resources

from fastapi import Depends, FastAPI
from fastapi.responses import FileResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from dyad import __version__
from dyad.api import errors, schema
from dyad.api.deps import Settings, reject_unknown_parameters

# Only this server: the dashboard and the docs work with the network unplugged, and a browser
# refuses anything else. Vega compiles its expressions with Function(): 'unsafe-eval'.
CSP = ("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; connect-src 'self'; font-src 'self' data:; "
       "frame-ancestors 'none'; base-uri 'self'; form-action 'self'")

DESCRIPTION = """Events coded by dyad (CAMEO and PLOVER) from the store, with their evidence.

Several values of one filter are written `a|b`; filters combine with AND. Lists are paged with
an opaque `cursor`: follow `next`. Every error is `{"error": {"code", "message", "detail"}}`.
`POST /ingest` needs `Authorization: Bearer TOKEN` (`dyad serve --token`)."""


class SecurityHeaders:
    """Adds the CSP and two hardening headers to every answer (a plain ASGI middleware: no
    per-request task, unlike ``@app.middleware``)."""

    HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
               (b"referrer-policy", b"no-referrer")]

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    h for h in self.HEADERS if h[0] not in names]
            await send(message)

        await self.app(scope, receive, with_headers)


def static_dir():
    return resources.files("dyad") / "web" / "static"


def create_app(conf: Settings) -> FastAPI:
    from dyad.api import routes_analytics, routes_events, routes_ingest

    app = FastAPI(title="dyad", version=__version__, description=DESCRIPTION, docs_url=None,
                  redoc_url=None, openapi_url="/openapi.json",
                  dependencies=[Depends(reject_unknown_parameters)])
    app.state.settings = conf
    app.add_middleware(SecurityHeaders)
    errors.install(app)
    app.include_router(routes_events.router, tags=["events"], responses=schema.ERRORS)
    app.include_router(routes_analytics.router, tags=["analysis"], responses=schema.ERRORS)
    app.include_router(routes_ingest.router, tags=["ingest"], responses={
        **schema.ERRORS, 401: {"model": schema.ErrorBody, "description": "No or wrong bearer token"},
        403: {"model": schema.ErrorBody, "description": "Writes disabled (no --token)"},
        413: {"model": schema.ErrorBody, "description": "Body over --max-body"}})
    schema.install(app)
    static = str(static_dir())
    app.mount("/static", StaticFiles(directory=static), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard():
        return FileResponse(f"{static}/index.html")

    @app.get("/docs", include_in_schema=False)
    def docs():
        return FileResponse(f"{static}/docs.html")

    @app.get("/redoc", include_in_schema=False)
    def redoc():
        return RedirectResponse("/docs")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        return FileResponse(f"{static}/favicon.svg", media_type="image/svg+xml")

    return app
