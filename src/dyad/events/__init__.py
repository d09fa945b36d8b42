"""Stage 4 — events: the pattern lexicon (``patterns``) and its matcher (``match``)."""
