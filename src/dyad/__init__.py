"""dyad — political event data from news text.

    >>> import dyad
    >>> events = dyad.code("Iran accused Israel of sabotage.", published="2021-04-12")
    >>> events[0].plover, events[0].source.code, events[0].target.code
    ('ACCUSE', 'IRN', 'ISR')

``dyad.code`` codes one text; ``dyad.code_many`` streams many articles (dicts with
``id, text, published`` or ``Article`` records) and yields one ``CodedArticle`` each.
"""
from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING, Any, Iterable, Iterator

if TYPE_CHECKING:  # imported on first use (below): ``import dyad.x`` does not load spaCy
    from dyad.coder import CodedArticle, Coder, Options
    from dyad.record import Actor, Article, Event

__all__ = ["Actor", "Article", "CodedArticle", "Coder", "Event", "Options", "code", "code_many",
           "quotes"]
__version__ = "0.1.0"
_LAZY = {"CodedArticle": "dyad.coder", "Coder": "dyad.coder", "Options": "dyad.coder",
         "Actor": "dyad.record", "Article": "dyad.record", "Event": "dyad.record"}


def __getattr__(name: str) -> Any:
    """The public classes, imported when first asked for: a worker process (dyad.workers,
    dyad.spark) can then keep torch out before spaCy's thinc would import it."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'dyad' has no attribute {name!r}")


@functools.lru_cache(maxsize=2)
def _coder(options: "Options") -> "Coder":
    from dyad.coder import Coder

    return Coder(options)


def _date(value: Any) -> dt.date | None:
    from dyad.dates import parse_published

    return parse_published(value)


def code(text: str, published: str | dt.date | None = None, article_id: str | None = None,
         options: Options | None = None) -> list[Event]:
    """Code one article text; ``published`` anchors relative dates ("on Monday")."""
    from dyad.coder import Options

    return _coder(options or Options()).code(text, _date(published), article_id)


def code_many(articles: Iterable[Article | dict[str, Any]], options: Options | None = None,
              batch_size: int | None = None) -> Iterator[CodedArticle]:
    """Stream many articles through the coder; yields a ``CodedArticle`` per input, in order."""
    from dyad.coder import Options
    from dyad.record import Article

    def records() -> Iterator[Article]:
        for i, a in enumerate(articles):
            if isinstance(a, Article):
                yield a
            else:
                yield Article(id=str(a.get("id", i)), text=a["text"],
                              published=_date(a.get("published")), title=a.get("title"),
                              url=a.get("url"), outlet=a.get("outlet"))
    return _coder(options or Options()).pipe(records(), batch_size)


def quotes(text: str, published: str | dt.date | None = None, options: Options | None = None) -> list:
    """Direct and reported quotes of one text, each with its speaker resolved to an actor."""
    from dyad.coder import Options
    from dyad.record import Article

    coder = _coder(options or Options())
    article = Article(None, text, _date(published))
    return coder.code_doc(coder.nlp(text), article).quotes
