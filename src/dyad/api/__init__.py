"""The REST API and the dashboard over the event store (``dyad serve``): a thin layer over
``dyad.store`` and ``dyad.analytics``. ``create_app(Settings(db=...))`` gives the ASGI app."""
from dyad.api.app import create_app
from dyad.api.deps import Settings

__all__ = ["Settings", "create_app"]
