"""What a coding worker process keeps out: deep-learning stacks dyad's coder never uses.

spaCy's thinc imports torch whenever it is installed (~150 MB and seconds per process); a
worker (dyad.workers, dyad.spark) calls ``block_heavy_imports`` before anything imports spaCy,
so ``import torch`` raises ImportError there and thinc goes on without it.
"""
from __future__ import annotations

import sys

BLOCKED_IN_WORKERS = ("torch", "tensorflow", "jax", "cupy", "transformers", "sentence_transformers")


def block_heavy_imports() -> None:
    for name in BLOCKED_IN_WORKERS:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]
