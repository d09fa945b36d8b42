"""``dyad serve``: the REST API and the dashboard on one port, with uvicorn, bound to loopback
unless told otherwise."""
from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

err = Console(stderr=True)
TOKEN_ENV = "DYAD_TOKEN"


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve_cmd(
    db: Optional[Path] = typer.Option(None, "--db", help="Event store file (SQLite). Default: $DYAD_DB, else ./dyad.db."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; the default answers this machine only."),
    port: int = typer.Option(8000, "--port", help="TCP port."),
    token: Optional[str] = typer.Option(None, "--token", help=f"Bearer token that allows POST /ingest (or ${TOKEN_ENV}); without one, writes are refused."),
    max_body: int = typer.Option(20_000_000, "--max-body", help="Largest POST /ingest body, in bytes."),
    log_level: str = typer.Option("info", "--log-level", help="uvicorn log level."),
) -> None:
    """Serve the REST API (OpenAPI at /openapi.json, docs at /docs) and the dashboard at /."""
    import uvicorn

    from dyad.api import Settings, create_app
    from dyad.store.schema import default_db

    path = db or Path(default_db())
    if not path.exists():
        err.print(f"[red]error:[/red] no event store at {path}: run `dyad ingest ... --db {path}` "
                  "first, or pass --db", highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    token = token or os.environ.get(TOKEN_ENV) or None
    if not _loopback(host):
        err.print(f"[yellow]warning:[/yellow] binding {host}: anyone who can reach this address "
                  "can read the store" + ("" if token else " (writes stay refused: no token)"),
                  highlight=False)
    app = create_app(Settings(db=path, token=token, max_body=max_body))
    err.print(f"dyad: dashboard at http://{host}:{port}/  ·  API docs at http://{host}:{port}/docs"
              f"  ·  writes {'need the bearer token' if token else 'refused (no --token)'}",
              highlight=False)
    uvicorn.run(app, host=host, port=port, log_level=log_level)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_cmd)
