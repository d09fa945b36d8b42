"""``dyad bench``: throughput and peak memory of the coder beside a bare spaCy parse of the
same texts, measured in the same run.

Modes: ``spacy`` (bare parse by the stock pipeline: spaCy's own attribute ruler and
lemmatizer, which the coder replaces with ``dyad.fast_pipes``), ``coder`` and ``coder-without-quotes`` (the share of quote
extraction); with ``--ingest``: ``coder``, ``ingest`` and ``ingest xN``.

The machine is noisy, so one pass per mode is not enough: a ratio between two passes minutes
apart drifts with whatever else the machine is doing. The bench therefore runs in **rounds**:
each round runs every mode once on the same articles, in an order rotated per round (with three
modes and three rounds, each mode is first, second and third once). Per mode it reports the
median over rounds, the ratio of medians against the baseline mode, and the spread of that
ratio — the min and max of the per-round ratios, each computed from one round's own numbers —
so a reader sees how much of a difference is noise.

Every measurement (each mode in each round) runs in a fresh ``spawn`` child process that loads
its model (spaCy's, for every mode) before the clock starts: peak memory is that process's own
high-water mark (``VmHWM``; ``ru_maxrss`` would inherit the parent's size across fork+exec) and
includes the model, so the baseline carries the model load as every other mode does.
Besides wall-clock time, each child reports its CPU time: articles per CPU-second is less
disturbed by other tenants taking the cores.
"""
from __future__ import annotations

import multiprocessing as mp
import queue as queue_mod
import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dyad.ingest import InputError, read_path

DEFAULT_ROUNDS = 3
#: Articles per round when no ``sample`` is given: evenly spaced over the corpus (or over its
#: first ``limit`` articles), so three rounds of the three modes on the 243-article Guardian
#: corpus stay within a few minutes on two shared cores. ``sample=0`` uses every article.
DEFAULT_SAMPLE = 150
CODER_MODES = ("spacy", "coder", "coder-without-quotes")
ISOLATION = ("each mode in each round runs in its own fresh process (spawn); the spaCy model "
             "loads before the clock and counts in every mode's peak RSS")


@dataclass
class Result:
    mode: str
    articles: int
    sentences: int
    seconds: float
    peak_rss_mb: float
    events: int = 0
    cpu_seconds: float = 0.0

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def sentences_per_s(self) -> float:
        return self.sentences / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"mode": self.mode, "articles": self.articles, "sentences": self.sentences,
                "events": self.events, "seconds": self.seconds, "cpu_seconds": self.cpu_seconds,
                "articles_per_s": self.articles_per_s, "sentences_per_s": self.sentences_per_s,
                "articles_per_cpu_s": self.articles / self.cpu_seconds if self.cpu_seconds else 0.0,
                "peak_rss_mb": self.peak_rss_mb}


# --- which articles -------------------------------------------------------------------------------
def pick(corpus: str | Path, limit: int | None = None, sample: int | None = DEFAULT_SAMPLE
         ) -> tuple[list[int], int]:
    """Positions (in the file, errors included) of the articles every mode reads in every
    round, and how many articles were available: the first ``limit`` items, then ``sample`` of
    them evenly spaced (all of them when ``sample`` is 0/None or not smaller)."""
    available = 0
    for n, _item in enumerate(read_path(str(corpus))):
        if limit and n >= limit:
            break
        available = n + 1
    if not sample or sample >= available:
        return list(range(available)), available
    return [i * available // sample for i in range(sample)], available


def _load(corpus: str, limit: int | None, positions: Sequence[int] | None = None):
    wanted = set(positions) if positions is not None else None
    articles = []
    for n, item in enumerate(read_path(corpus)):
        if limit and n >= limit:
            break
        if isinstance(item, InputError) or (wanted is not None and n not in wanted):
            continue
        articles.append(item)
    return articles


def _peak_mb() -> float:
    """This process's peak RSS. ``VmHWM`` belongs to the current address space, so a spawned
    child does not inherit its parent's high-water mark (``ru_maxrss`` does, across exec)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    scale = 1024.0 * 1024.0 if sys.platform == "darwin" else 1024.0  # bytes on macOS, KiB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


# --- one measurement, in a child process ----------------------------------------------------------
def _run_mode(mode: str, corpus: str, limit: int | None, model: str | None,
              positions: Sequence[int] | None, queue) -> None:
    from dyad import nlp as nlp_stage
    from dyad.coder import Coder, Options

    articles = _load(corpus, limit, positions)
    if mode == "spacy":
        nlp = nlp_stage.load(model, stock=True)  # spaCy's own components, not dyad's faster ones
        nlp("Warm up the pipeline.")
        start, cpu = time.perf_counter(), time.process_time()
        sentences = 0
        for doc in nlp.pipe((a.text for a in articles), batch_size=16):
            sentences += sum(1 for s in doc.sents if s.text.strip())
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        queue.put(Result(mode, len(articles), sentences, elapsed, _peak_mb(), 0, cpu).to_dict())
        return
    coder = Coder(Options(model=model, quotes=mode != "coder-without-quotes"))
    coder.code("Warm up the coder: Iran accused Israel.")
    start, cpu = time.perf_counter(), time.process_time()
    sentences = events = 0
    for coded in coder.pipe(articles):
        sentences += coded.sentences
        events += len(coded.events)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    queue.put(Result(mode, len(articles), sentences, elapsed, _peak_mb(), events, cpu).to_dict())


def _in_child(target: Callable, args: tuple) -> dict[str, Any]:
    """Run ``target(*args, queue)`` in a fresh spawned process and return what it puts; a child
    that dies without answering raises instead of hanging the bench."""
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, q))
    proc.start()
    try:
        while True:
            try:
                return q.get(timeout=1.0)
            except queue_mod.Empty:
                if not proc.is_alive():
                    try:
                        return q.get(timeout=2.0)
                    except queue_mod.Empty:
                        raise RuntimeError(f"bench: the {args[0]!r} measurement process exited "
                                           f"with code {proc.exitcode} without a result; "
                                           "its error is printed above") from None
    finally:
        proc.join()


def _measure(mode: str, corpus: str, limit: int | None, model: str | None,
             positions: Sequence[int] | None, copies: int | None = None) -> dict[str, Any]:
    """One mode, once, in its own process. ``copies`` marks an ingest mode (corpus × copies)."""
    if copies is None:
        return _in_child(_run_mode, (mode, corpus, limit, model, positions))
    return _in_child(_run_ingest_mode, (mode, corpus, limit, model, copies, positions))


# --- rounds and their summary ---------------------------------------------------------------------
def rotation(modes: Sequence[str], round_index: int) -> list[str]:
    """The order of the modes in round ``round_index`` (0-based): rotated by one each round."""
    k = round_index % len(modes)
    return [*modes[k:], *modes[:k]]


def _rounds(modes: Sequence[str], rounds: int, measure: Callable[[str], dict[str, Any]],
            progress: Callable[[str], None] | None) -> list[dict[str, dict[str, Any]]]:
    out = []
    for r in range(rounds):
        got: dict[str, dict[str, Any]] = {}
        for position, mode in enumerate(rotation(modes, r), 1):
            res = dict(measure(mode))
            res.update(round=r + 1, position=position)
            got[mode] = res
            if progress:
                progress(f"round {r + 1}/{rounds} #{position} {mode}: {res['articles']} articles "
                         f"in {res['seconds']:.1f}s ({res['articles_per_s']:.2f}/s), "
                         f"peak RSS {res['peak_rss_mb']:.0f} MB")
        out.append(got)
    return out


def _div(a: float, b: float) -> float | None:
    return a / b if b else None


def _r(x: float | None, digits: int = 3) -> float | None:
    return None if x is None else round(x, digits)


def _add_ratio(row: dict, per_round_rows: list[dict], runs: list[dict], base_runs: list[dict],
               metric: str, key: str) -> None:
    """``key`` = median(metric) / median(baseline metric) — the ratio of medians; ``key_min``/
    ``key_max`` = the spread of the per-round ratios, each from one round's own two numbers."""
    per_round = [_div(run[metric], base[metric]) for run, base in zip(runs, base_runs)]
    row[key] = _r(_div(statistics.median(r[metric] for r in runs),
                       statistics.median(b[metric] for b in base_runs)))
    known = [x for x in per_round if x is not None]
    row[f"{key}_min"] = _r(min(known)) if known else None
    row[f"{key}_max"] = _r(max(known)) if known else None
    for detail, ratio in zip(per_round_rows, per_round):
        detail[key] = _r(ratio)


def summarise(rounds: list[dict[str, dict[str, Any]]], modes: Sequence[str],
              ratios: Sequence[tuple[str, str, str]]) -> list[dict[str, Any]]:
    """One row per mode from per-round measurements. ``ratios`` lists ``(metric, baseline mode,
    key)``. Existing keys (``seconds``, ``articles_per_s``, ``peak_rss_mb``…) are medians over
    rounds; ``per_round`` keeps each round's own figures and ratios."""
    median = statistics.median
    rows = []
    for mode in modes:
        runs = [rnd[mode] for rnd in rounds]
        first = runs[0]
        row: dict[str, Any] = {
            "mode": mode, "articles": first["articles"], "sentences": first["sentences"],
            "events": first["events"],
            "seconds": _r(median(r["seconds"] for r in runs)),
            "articles_per_s": _r(median(r["articles_per_s"] for r in runs), 2),
            "sentences_per_s": _r(median(r["sentences_per_s"] for r in runs), 1),
            "peak_rss_mb": _r(median(r["peak_rss_mb"] for r in runs), 1),
            "cpu_seconds": _r(median(r["cpu_seconds"] for r in runs)),
            "articles_per_cpu_s": _r(median(r["articles_per_cpu_s"] for r in runs), 2),
            "rounds": len(runs),
        }
        details = [{"round": r["round"], "position": r["position"], "seconds": _r(r["seconds"], 4),
                    "cpu_seconds": _r(r["cpu_seconds"], 4),
                    "articles_per_s": _r(r["articles_per_s"], 4),
                    "articles_per_cpu_s": _r(r["articles_per_cpu_s"], 4),
                    "peak_rss_mb": _r(r["peak_rss_mb"], 1), "events": r["events"]} for r in runs]
        for metric, baseline, key in ratios:
            _add_ratio(row, details, runs, [rnd[baseline] for rnd in rounds], metric, key)
        row["per_round"] = details
        row["isolation"] = ISOLATION
        rows.append(row)
    return rows


def run(corpus: Path, limit: int | None = None, model: str | None = None,
        modes: tuple[str, ...] = CODER_MODES, rounds: int = DEFAULT_ROUNDS,
        sample: int | None = DEFAULT_SAMPLE,
        progress: Callable[[str], None] | None = None) -> list[dict[str, Any]]:
    """``rounds`` rounds of every mode on the same articles; ratios against the first mode
    (bare spaCy). ``coder`` vs ``coder-without-quotes`` gives the cost of quote extraction,
    also round by round (``throughput_vs_coder_without_quotes``, and per CPU-second
    ``cpu_throughput_vs_coder_without_quotes`` — on a loaded machine the steadier of the two)."""
    positions, available = pick(corpus, limit, sample)
    per_round = _rounds(modes, max(1, rounds),
                        lambda mode: _measure(mode, str(corpus), limit, model, positions), progress)
    base = modes[0]
    ratios = [("articles_per_s", base, "throughput_vs_spacy"),
              ("peak_rss_mb", base, "memory_vs_spacy"),
              ("articles_per_cpu_s", base, "cpu_throughput_vs_spacy")]
    rows = summarise(per_round, modes, ratios)
    if "coder" in modes and "coder-without-quotes" in modes:
        coder = rows[modes.index("coder")]
        _add_ratio(coder, coder["per_round"], [rnd["coder"] for rnd in per_round],
                   [rnd["coder-without-quotes"] for rnd in per_round], "articles_per_s",
                   "throughput_vs_coder_without_quotes")
        _add_ratio(coder, coder["per_round"], [rnd["coder"] for rnd in per_round],
                   [rnd["coder-without-quotes"] for rnd in per_round], "articles_per_cpu_s",
                   "cpu_throughput_vs_coder_without_quotes")
    for row in rows:
        row["corpus_articles"] = available
    return rows


# --- ingest mode (``dyad bench CORPUS --ingest``) -------------------------------------------------
def _stream(corpus: str, limit: int | None, repeat: int, positions: Sequence[int] | None = None):
    """The corpus ``repeat`` times, read lazily; copies after the first get new ids. With
    ``positions``, only the items at those positions in the file."""
    import dataclasses

    wanted = set(positions) if positions is not None else None
    for copy in range(repeat):
        for n, item in enumerate(read_path(corpus)):
            if limit and n >= limit:
                break
            if isinstance(item, InputError) or (wanted is not None and n not in wanted):
                continue
            yield item if copy == 0 else dataclasses.replace(item, id=f"{item.id}#copy{copy}")


def _run_ingest_mode(mode: str, corpus: str, limit: int | None, model: str | None, repeat: int,
                     positions: Sequence[int] | None, queue) -> None:
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
        start, cpu = time.perf_counter(), time.process_time()
        summary = ingest([corpus], f"{tmp}/bench.db", coder=coder, progress=counted,
                         articles=_stream(corpus, limit, repeat, positions))
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    queue.put(Result(mode, summary.coded, sentences, elapsed, _peak_mb(), summary.events,
                     cpu).to_dict())


def run_ingest(corpus: Path, limit: int | None = None, model: str | None = None,
               repeat: int = 10, rounds: int = DEFAULT_ROUNDS, sample: int | None = DEFAULT_SAMPLE,
               progress: Callable[[str], None] | None = None) -> list[dict[str, Any]]:
    """The coder alone, ingest into a fresh store, and ingest of the articles ``repeat`` times
    (new ids), in rounds, each measurement in its own process: end-to-end speed relative to the
    coder, and peak memory of the ×``repeat`` run relative to the ×1 run (streaming keeps it
    flat)."""
    positions, available = pick(corpus, limit, sample)
    many = f"ingest x{repeat}"
    copies = {"coder": None, "ingest": 1, many: repeat}
    modes = ("coder", "ingest", many)
    per_round = _rounds(
        modes, max(1, rounds),
        lambda mode: _measure(mode, str(corpus), limit, model, positions, copies[mode]), progress)
    rows = summarise(per_round, modes, [("articles_per_s", "coder", "throughput_vs_coder"),
                                        ("peak_rss_mb", "ingest", "memory_vs_ingest_once")])
    for row in rows:
        row["corpus_articles"] = available
    return rows


# --- worker counts (``dyad bench CORPUS --workers 1,2``) ------------------------------------------
def _run_workers_mode(mode: str, corpus: str, limit: int | None, model: str | None,
                      positions: Sequence[int] | None, queue) -> None:
    """``workers N``: the articles through a pool of ``N`` coder processes (dyad.workers),
    started and loaded before the clock — ``workers 1`` too, so that every count pays the same
    hand-over and no count carries what this process imported. Peak memory is the sum of this
    process's and every worker's own peak."""
    from dyad.coder import Options
    from dyad.workers import ParallelCoder

    n = int(mode.split()[1])
    articles = _load(corpus, limit, positions)
    pool = ParallelCoder(Options(model=model), n)
    pool.start()
    start = time.perf_counter()
    sentences = events = 0
    for coded in pool.pipe(articles):
        sentences += coded.sentences
        events += len(coded.events)
    elapsed = time.perf_counter() - start
    pool.close()
    workers_mb = pool.worker_peaks_mb
    result = Result(mode, len(articles), sentences, elapsed, _peak_mb() + sum(workers_mb), events,
                    0.0).to_dict()
    result["worker_peak_rss_mb"] = sum(workers_mb) / max(1, len(workers_mb))
    queue.put(result)


def run_workers(corpus: Path, counts: Sequence[int] = (1, 2), limit: int | None = None,
                model: str | None = None, rounds: int = DEFAULT_ROUNDS,
                sample: int | None = DEFAULT_SAMPLE,
                progress: Callable[[str], None] | None = None) -> list[dict[str, Any]]:
    """Throughput and memory per worker count, in rounds on the same articles; ratios against
    the first count (``throughput_vs_first``, ``memory_vs_first``), and per added worker the
    memory it adds as a share of the first count's whole peak (``memory_per_added_worker``)."""
    positions, available = pick(corpus, limit, sample)
    modes = tuple(f"workers {n}" for n in counts)
    per_round = _rounds(modes, max(1, rounds), lambda mode: _in_child(
        _run_workers_mode, (mode, str(corpus), limit, model, positions)), progress)
    rows = summarise(per_round, modes, [("articles_per_s", modes[0], "throughput_vs_first"),
                                        ("peak_rss_mb", modes[0], "memory_vs_first")])
    first = rows[0]
    for row, n in zip(rows, counts):
        row["workers"] = n
        row["worker_peak_rss_mb"] = _r(statistics.median(
            rnd[row["mode"]]["worker_peak_rss_mb"] for rnd in per_round), 1)
        added = n - counts[0]
        row["memory_per_added_worker"] = _r(
            (row["peak_rss_mb"] - first["peak_rss_mb"]) / added / first["peak_rss_mb"]) \
            if added else None
        row["corpus_articles"] = available
    return rows
