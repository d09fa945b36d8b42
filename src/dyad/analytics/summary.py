"""Stage 7 — analytics over coded articles: how much was coded, how well actors resolved,
which dyads dominate, and a reproducible random sample of events for hand-checking."""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

from dyad.coder import CodedArticle
from dyad.record import Article, Event


@dataclass
class Summary:
    articles: int = 0
    sentences: int = 0
    events: int = 0
    negated: int = 0
    both_countries: int = 0
    source_country: int = 0
    target_present: int = 0
    plover: Counter = field(default_factory=Counter)
    dyads: Counter = field(default_factory=Counter)
    rules: Counter = field(default_factory=Counter)
    sample: list[Event] = field(default_factory=list)
    #: the article each sampled event comes from (same order as ``sample``)
    sample_articles: list[Article] = field(default_factory=list)

    def to_dict(self, top: int = 20) -> dict[str, Any]:
        n = self.events or 1
        return {
            "articles": self.articles, "sentences": self.sentences, "events": self.events,
            "events_per_article": round(self.events / (self.articles or 1), 3),
            "negated_share": round(self.negated / n, 3),
            "source_country_share": round(self.source_country / n, 3),
            "target_share": round(self.target_present / n, 3),
            "both_countries_share": round(self.both_countries / n, 3),
            "plover": dict(self.plover.most_common()),
            "top_dyads": [{"source": s, "target": t, "events": c}
                          for (s, t), c in self.dyads.most_common(top)],
            "top_rules": dict(self.rules.most_common(top)),
        }


def summarize(coded: Iterable[CodedArticle], sample: int = 0, seed: int = 1,
              sample_realis: str | None = None) -> Summary:
    """One pass over coded articles; the sample is a reservoir sample (uniform over events, or
    over the non-negated events of ``sample_realis`` when given: what the store's readers see)."""
    rng = random.Random(seed)
    out = Summary()
    eligible = 0
    for item in coded:
        out.articles += 1
        out.sentences += item.sentences
        for e in item.events:
            _count(out, e)
            if not sample or (sample_realis and (e.negated or e.realis != sample_realis)):
                continue
            eligible += 1
            if len(out.sample) < sample:
                out.sample.append(e)
                out.sample_articles.append(item.article)
            else:
                j = rng.randrange(eligible)
                if j < sample:
                    out.sample[j], out.sample_articles[j] = e, item.article
    return out


def _count(out: Summary, e: Event) -> None:
    out.events += 1
    out.negated += e.negated
    src = e.source.country if e.source else None
    tgt = e.target.country if e.target else None
    out.source_country += _is_state(src)
    out.target_present += tgt is not None
    # states only: IMG, UNO, IGO … are resolved actors but not countries
    out.both_countries += _is_state(src) and _is_state(tgt)
    out.plover[e.plover or f"CAMEO {e.cameo_root}"] += 1
    out.rules[e.rule] += 1
    if src and tgt and src != tgt and not e.negated:
        out.dyads[(src, tgt)] += 1


NON_STATES = frozenset({"IGO", "UNO", "EUR", "NGO", "IMG", "MNC"})


def _is_state(code: str | None) -> bool:
    return code is not None and code not in NON_STATES
