"""``dyad bench``: throughput and peak memory of the coder beside a bare spaCy parse of the
same texts, measured in the same run.

Modes: ``spacy`` (bare parse), ``coder`` and ``coder-without-quotes`` (the share of quote
extraction). Each mode runs in a fresh child process (so peak RSS belongs to that mode alone), loads its
model before the clock starts, and reports articles/s, sentences/s and peak RSS. Machines are
noisy; read the ratio between modes, not the absolute figures.
"""
from __future__ import annotations

import multiprocessing as mp
import resource
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dyad.ingest import InputError, read_path


@dataclass
class Result:
    mode: str
    articles: int
    sentences: int
    seconds: float
    peak_rss_mb: float
    events: int = 0

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def sentences_per_s(self) -> float:
        return self.sentences / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"mode": self.mode, "articles": self.articles, "sentences": self.sentences,
                "events": self.events, "seconds": round(self.seconds, 3),
                "articles_per_s": round(self.articles_per_s, 2),
                "sentences_per_s": round(self.sentences_per_s, 1),
                "peak_rss_mb": round(self.peak_rss_mb, 1)}


def _load(corpus: str, limit: int | None):
    articles = [a for a in read_path(corpus) if not isinstance(a, InputError)]
    return articles[:limit] if limit else articles


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _run_mode(mode: str, corpus: str, limit: int | None, model: str | None, queue) -> None:
    from dyad import nlp as nlp_stage
    from dyad.coder import Coder, Options

    articles = _load(corpus, limit)
    if mode == "spacy":
        nlp = nlp_stage.load(model)
        nlp("Warm up the pipeline.")
        start = time.perf_counter()
        sentences = 0
        for doc in nlp.pipe((a.text for a in articles), batch_size=16):
            sentences += sum(1 for s in doc.sents if s.text.strip())
        elapsed = time.perf_counter() - start
        queue.put(Result(mode, len(articles), sentences, elapsed, _peak_mb()).to_dict())
        return
    coder = Coder(Options(model=model, quotes=mode != "coder-without-quotes"))
    coder.code("Warm up the coder: Iran accused Israel.")
    start = time.perf_counter()
    sentences = events = 0
    for coded in coder.pipe(articles):
        sentences += coded.sentences
        events += len(coded.events)
    elapsed = time.perf_counter() - start
    queue.put(Result(mode, len(articles), sentences, elapsed, _peak_mb(), events).to_dict())


def run(corpus: Path, limit: int | None = None, model: str | None = None,
        modes: tuple[str, ...] = ("spacy", "coder", "coder-without-quotes")) -> list[dict[str, Any]]:
    """Each mode in its own process; ratios are against the first mode (bare spaCy). The
    coder with and without quote extraction gives the cost of quotes in the same run."""
    ctx = mp.get_context("spawn")
    results = []
    for mode in modes:
        queue = ctx.Queue()
        proc = ctx.Process(target=_run_mode, args=(mode, str(corpus), limit, model, queue))
        proc.start()
        result = queue.get()
        proc.join()
        results.append(result)
    base = results[0]
    for r in results:
        r["throughput_vs_spacy"] = round(r["articles_per_s"] / base["articles_per_s"], 3) \
            if base["articles_per_s"] else None
        r["memory_vs_spacy"] = round(r["peak_rss_mb"] / base["peak_rss_mb"], 3)
    return results


# --- ingest mode (``dyad bench CORPUS --ingest``) -------------------------------------------------
def _stream(corpus: str, limit: int | None, repeat: int):
    """The corpus ``repeat`` times, read lazily; copies after the first get new ids."""
    import dataclasses

    for copy in range(repeat):
        for n, item in enumerate(read_path(corpus)):
            if limit and n >= limit:
                break
            if isinstance(item, InputError):
                continue
            yield item if copy == 0 else dataclasses.replace(item, id=f"{item.id}#copy{copy}")


def _run_ingest_mode(mode: str, corpus: str, limit: int | None, model: str | None, repeat: int,
                     queue) -> None:
    import tempfile

    from dyad.coder import Coder, Options
    from dyad.store.ingest import ingest

    coder = Coder(Options(model=model))
    coder.code("Warm up the coder: Iran accused Israel.")
    sentences = 0

    def counted(_kind, item) -> None:
        nonlocal sentences
        sentences += getattr(item, "sentences", 0)

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        summary = ingest([corpus], f"{tmp}/bench.db", coder=coder, progress=counted,
                         articles=_stream(corpus, limit, repeat))
        elapsed = time.perf_counter() - start
    queue.put(Result(mode, summary.coded, sentences, elapsed, _peak_mb(), summary.events).to_dict())


def run_ingest(corpus: Path, limit: int | None = None, model: str | None = None,
               repeat: int = 10) -> list[dict[str, Any]]:
    """The coder alone, ingest into a fresh store, and ingest of the corpus ``repeat`` times
    (new ids), each in its own process: end-to-end speed relative to the coder, and peak memory
    of the ×``repeat`` run relative to the ×1 run (streaming keeps it flat)."""
    ctx = mp.get_context("spawn")
    results = run(corpus, limit, model, modes=("coder",))
    for mode, times in (("ingest", 1), (f"ingest x{repeat}", repeat)):
        queue = ctx.Queue()
        proc = ctx.Process(target=_run_ingest_mode, args=(mode, str(corpus), limit, model, times, queue))
        proc.start()
        results.append(queue.get())
        proc.join()
    coder, once = results[0], results[1]
    for r in results:
        r["throughput_vs_coder"] = round(r["articles_per_s"] / coder["articles_per_s"], 3) \
            if coder["articles_per_s"] else None
        r["memory_vs_ingest_once"] = round(r["peak_rss_mb"] / once["peak_rss_mb"], 3)
    return results
