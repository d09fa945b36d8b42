"""Stage 3 — actors: the actor dictionaries (``lexicon``) and the resolver (``resolve``)."""
