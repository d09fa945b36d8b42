"""A learned event detector over every sentence (issue 10).

``dyad.detect.features`` turns a parsed sentence into features, ``dyad.detect.model`` holds the
shipped arrays (``data/models/detector.npz``, trained by ``scripts/train_detector.py``),
``dyad.detect.types`` and ``dyad.detect.roles`` give an event's type and actors where no pattern
fired, and ``dyad.detect.combine`` merges the detector with the pattern coder.
"""
from dyad.detect.model import DetectorFileError, DetectorModel

__all__ = ["DetectorModel", "DetectorFileError"]
