"""The reader contract: one place that turns a raw record into an ``Article``.

Every reader (text, JSONL, CSV, HTML, feeds, WARC) yields a ``Raw`` — where it came from and
the field values as found — and ``build`` validates and coerces each field. A record that cannot
be an article becomes one ``InputError`` naming the place and the cause; an ``Article`` that
comes out of here can always be stored (strings are valid Unicode, ids are non-empty strings,
dates are dates, nothing is a list or a dict).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from dyad.dates import parse_published
from dyad.record import Article

DEFAULT_MAX_CHARS = 1_000_000
MAX_FIELD_CHARS = {"id": 1_000, "title": 10_000, "url": 8_000, "outlet": 1_000}
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class InputError:
    """One document that could not be read: where it was and what was wrong."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class Raw:
    """A record as a reader found it. ``fields`` may hold anything a file can carry (numbers,
    lists, lone surrogates); ``build`` decides. Without an id, the id comes from the URL when
    ``id_from_url`` (pages, feed entries), else from the normalised text."""

    where: str
    fields: Mapping[str, Any]
    id_from_url: bool = False
    names: Mapping[str, str] = field(default_factory=dict)  # field -> key in the file, if other


@dataclass(frozen=True)
class Limits:
    """What ``build`` enforces, and the fallback publication date."""

    max_chars: int = DEFAULT_MAX_CHARS
    published: dt.date | None = None


def text_id(text: str) -> str:
    """A stable id from the normalised text (whitespace collapsed, case folded)."""
    norm = " ".join(text.split()).casefold()
    return "sha1:" + hashlib.sha1(norm.encode("utf-8")).hexdigest()[:16]


def build(raw: Raw, limits: Limits = Limits()) -> Article | InputError:
    """The article ``raw`` describes, or the first reason it cannot be one."""
    f = raw.fields
    where = raw.where
    given_id = f.get("id")
    if given_id is not None and _scalar(given_id):
        where = f"{where} (id {_show(given_id)})"
    try:
        text = _text(f.get("text"), limits.max_chars)
        meta = {name: _optional(name, f.get(name), raw.names.get(name, name))
                for name in ("title", "url", "outlet")}
        art_id = _id(given_id)
        published = _date(f.get("published"), limits.published)
    except ValueError as exc:
        return InputError(where, str(exc))
    if art_id is None:
        if raw.id_from_url and meta["url"]:
            from dyad.ingest.web import url_id

            art_id = url_id(meta["url"])
        else:
            art_id = text_id(text)
    return Article(id=art_id, text=text, published=published, **meta)


def check_article(article: Article, where: str = "article") -> Article | InputError:
    """An ``Article`` made elsewhere (the Python API), put through the same checks."""
    raw = Raw(where, {"id": article.id, "text": article.text, "published": article.published,
                      "title": article.title, "url": article.url, "outlet": article.outlet})
    return build(raw, Limits(max_chars=max(DEFAULT_MAX_CHARS, len(article.text or "")
                                           if isinstance(article.text, str) else 0)))


def _scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _show(value: Any) -> str:
    s = str(value)
    s = _SURROGATE.sub("\ufffd", s)
    return s if len(s) <= 80 else s[:79] + "…"


def _surrogate(name: str, value: str) -> None:
    m = _SURROGATE.search(value)
    if m:
        raise ValueError(f"'{name}' contains a lone surrogate (U+{ord(m.group()):04X}) at character "
                         f"{m.start()}: not valid Unicode; fix the encoder that wrote the file")


def _text(value: Any, max_chars: int) -> str:
    if not isinstance(value, str):
        got = "nothing" if value is None else type(value).__name__
        raise ValueError(f"missing 'text' (a string; got {got}); each record is "
                         "{id, text, published, title?, url?}")
    _surrogate("text", value)
    problem = check_text(value, max_chars)
    if problem:
        raise ValueError(problem)
    return value


def check_text(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> str | None:
    """Why ``text`` is no article text, or None."""
    if not text.strip():
        return "empty text; nothing to code"
    if len(text) > max_chars:
        return (f"text is {len(text):,} characters, over the limit of {max_chars:,}; "
                "split it or raise --max-chars")
    head = text[:10000]
    if sum(ch.isprintable() or ch.isspace() for ch in head) < 0.9 * len(head):
        return "mostly unprintable characters; expected natural-language text"
    return None


def _optional(name: str, value: Any, key: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError(f"'{key}' must be a string, got {type(value).__name__}")
    value = str(value).strip()
    _surrogate(key, value)
    limit = MAX_FIELD_CHARS[name]
    if len(value) > limit:
        raise ValueError(f"'{key}' is {len(value):,} characters, over the limit of {limit:,}")
    return value or None


def _id(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError(f"'id' must be a string or an integer, got {type(value).__name__}")
    value = str(value).strip()
    _surrogate("id", value)
    if len(value) > MAX_FIELD_CHARS["id"]:
        raise ValueError(f"'id' is {len(value):,} characters, over the limit of "
                         f"{MAX_FIELD_CHARS['id']:,}")
    return value or None


def _date(value: Any, default: dt.date | None) -> dt.date | None:
    if value is None or value == "":
        return default
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"'published' must be a date string such as 2021-10-12, got "
                         f"{type(value).__name__} {_show(value) if _scalar(value) else ''}".rstrip())
    _surrogate("published", value)
    if len(value) > 100:
        raise ValueError(f"'published' is {len(value):,} characters: not a date")
    return parse_published(value)
