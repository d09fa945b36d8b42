"""The dashboard's static files (``static/``: HTML, JS, CSS and vendored chart libraries),
served by ``dyad.api`` at ``/`` and ``/static``."""
