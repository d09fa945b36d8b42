"""Share of the coder's time spent finding quotes (issue 5: at most 10%).

    python scripts/quote_share.py [NEWS.jsonl] [N]

Parses N articles (default 100 of ../shared/data/news/guardian_world_2017_2019.jsonl), then
times ``Coder.code_doc`` on each parsed doc with ``SpeechFinder.find`` wrapped by a timer, and
also the spaCy parse itself. Prints the share of quote extraction in ``code_doc`` and in the
whole coder (parse + code_doc), the throughput `dyad bench` reports.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from dyad.coder import Coder
from dyad.dates import parse_published
from dyad.record import Article

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "news" / "guardian_world_2017_2019.jsonl"


def quote_share(path: Path = DEFAULT, limit: int = 100) -> dict[str, float]:
    coder = Coder()
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line, _ in zip(fh, range(limit))]
    articles = [Article(str(r.get("id", i)), r["text"], parse_published(r.get("date")))
                for i, r in enumerate(rows)]
    t0 = time.perf_counter()
    docs = list(coder.nlp.pipe((a.text for a in articles), batch_size=16))
    parse = time.perf_counter() - t0

    spent = [0.0]
    find = coder.speech.find

    def timed(doc, actors):
        start = time.perf_counter()
        try:
            return find(doc, actors)
        finally:
            spent[0] += time.perf_counter() - start

    coder.speech.find = timed
    t0 = time.perf_counter()
    for doc, article in zip(docs, articles):
        coder.code_doc(doc, article)
    code = time.perf_counter() - t0
    return {"articles": len(articles), "parse_s": round(parse, 2), "code_doc_s": round(code, 2),
            "quotes_s": round(spent[0], 2), "share_of_code_doc": round(spent[0] / code, 4),
            "share_of_coder": round(spent[0] / (parse + code), 4)}


if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    print(json.dumps(quote_share(path, n), indent=2))
