"""A learned second opinion on an event's CAMEO QuadClass.

``QuadClassifier.load()`` gives the shipped model (a small gzip-JSON file of a logistic
regression over word, bigram and character n-gram features; runtime needs only numpy).
``dyad.classify.combine`` merges it with the rule-based coder, and
``python -m dyad.classify.crossval`` scores both by 5-fold cross-validation.
"""
from dyad.classify.features import features, tokens
from dyad.classify.model import CLASS_NAMES, CLASSES, Config, ModelFileError, QuadClassifier

__all__ = ["QuadClassifier", "Config", "ModelFileError", "CLASSES", "CLASS_NAMES", "features",
           "tokens"]
