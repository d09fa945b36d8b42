"""Analysis endpoints (``/dyads/{source}/{target}/series``, ``/alerts``, ``/mixed``,
``/network``): thin wrappers over ``dyad.analytics``."""
from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
