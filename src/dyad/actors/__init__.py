"""Stage 3 — actors: the actor dictionaries (``lexicon``), the resolver's word lists (``words``),
the phrase finder (``phrases``), the per-article state (``state``) and the resolver (``resolve``)."""
