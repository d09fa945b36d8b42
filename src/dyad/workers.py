"""Every core by default: a pool of worker processes that each load the coder once and code
batches of articles, while the calling process reads the input and owns the output (one
writer for the store).

``ParallelCoder.pipe`` is a drop-in for ``Coder.pipe``: it yields one ``CodedArticle`` per
input article, in input order, with exactly the content ``--workers 1`` gives (workers code
whole articles; no state crosses articles). A worker that dies (killed, out of memory) loses no
article: the batch it held is retried once, article by article, in a fresh worker; an article
whose retry dies too comes back as a ``CodedArticle`` with no events and ``error`` set, and is
listed in ``failures``.

Each worker is a fresh interpreter (``python -c``, talking over two pipes with
``multiprocessing.connection``), never a fork of a caller that may hold threads, sockets or a
store connection, and — unlike multiprocessing's ``spawn`` — without re-running the caller's
``__main__``. That lets a worker block torch and other deep-learning stacks before anything is
imported: spaCy's thinc imports torch whenever it is installed (~150 MB and seconds per
worker), and dyad's coder uses none of it.
"""
from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Callable, Iterable, Iterator

from dyad.coder import CodedArticle, Coder, Options
from dyad.errors import DyadError
from dyad.record import Article

#: Articles per task sent to a worker: small enough that the last batches of a run spread over
#: every worker, large enough that the round trip is noise next to the coding.
DEFAULT_CHUNK = 4
START_TIMEOUT = 300.0
#: Seconds between checks that the busy workers are still alive while none has answered.
LIVENESS_S = 5.0
WORKERS_HELP = ("Worker processes coding in parallel (default: every usable core; 1: this "
                "process alone). The output is the same for any number.")


class WorkerError(DyadError, RuntimeError):
    """A worker process could not start or load the coder."""


class WorkerCountError(DyadError, ValueError):
    """A worker count below 1."""


def default_workers() -> int:
    """The number of cores this process may use: its CPU affinity where the OS tells it,
    else the machine's CPU count."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def make_coder(options: Options, workers: int | None = None) -> "Coder | ParallelCoder":
    """The coder for ``workers`` processes: the plain in-process ``Coder`` for 1, else a pool;
    ``None`` (the default) and 0 mean every usable core."""
    n = default_workers() if not workers else workers
    if n < 1:
        raise WorkerCountError(f"--workers must be 0 (every core) or more (got {n})")
    return Coder(options) if n == 1 else ParallelCoder(options, n)


@dataclass(eq=False)
class _Task:
    seq: int  # position of this task's first article among all tasks' results
    articles: list[Article]
    attempt: int = 0
    run: object = None  # the pipe() call (a _Run) this task belongs to


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen
    tasks: Connection  # parent → worker
    results: Connection  # worker → parent
    task: _Task | None = None
    ready: bool = False
    peak_rss_mb: float = 0.0


@dataclass
class ParallelCoder:
    """``workers`` coder processes behind a ``Coder``-like ``pipe``. Use as a context manager
    (or call ``close``) to stop the processes; ``pipe`` starts them when needed and, when it
    started them, stops them at its end."""

    options: Options = field(default_factory=Options)
    workers: int = 2
    chunk: int = DEFAULT_CHUNK
    #: run in every worker once it has started (a picklable module-level function), as in
    #: ``concurrent.futures.ProcessPoolExecutor``
    initializer: Callable[[], None] | None = None
    failures: list[tuple[str | None, str]] = field(default_factory=list)
    worker_peaks_mb: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        _validate(self.options)
        self._pool: list[_Worker] = []
        self._local: Coder | None = None
        self._run: _Run | None = None  # the pipe() call being served
        self._owner: _Run | None = None  # the pipe() call that stops the workers at its end

    # --- lifecycle ---------------------------------------------------------------------------
    def __enter__(self) -> "ParallelCoder":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> None:
        """Start the workers and wait until each has loaded its coder."""
        while len(self._pool) < self.workers:
            self._pool.append(self._spawn())
        for w in self._pool:
            self._await_ready(w)

    def close(self) -> None:
        """Stop every worker (collecting its peak memory)."""
        for w in self._pool:
            try:
                w.tasks.send(None)
            except (OSError, ValueError):
                pass
        for w in self._pool:
            try:
                if w.results.poll(10):
                    msg = w.results.recv()
                    if msg[0] == "bye":
                        w.peak_rss_mb = msg[1]
                        self.worker_peaks_mb.append(msg[1])
            except (EOFError, OSError):
                pass
            try:
                w.process.wait(10)
            except subprocess.TimeoutExpired:
                w.process.kill()
                w.process.wait()
            w.tasks.close()
            w.results.close()
        self._pool = []
        self._run = self._owner = None

    def pids(self, busy: bool = False) -> list[int]:
        """The workers' process ids (only those holding a batch, with ``busy``)."""
        return [w.process.pid for w in self._pool if not busy or w.task is not None]

    def _spawn(self) -> _Worker:
        task_read, task_write = os.pipe()
        result_read, result_write = os.pipe()
        code = ("from dyad.isolation import block_heavy_imports; block_heavy_imports(); "
                f"from dyad.workers import serve; serve({task_read}, {result_write})")
        proc = subprocess.Popen([sys.executable, "-c", code], pass_fds=(task_read, result_write),
                                stdin=subprocess.DEVNULL, start_new_session=False)
        os.close(task_read)
        os.close(result_write)
        w = _Worker(proc, Connection(task_write, readable=False), Connection(result_read, writable=False))
        # what spawn would pass: our import path (tests add to it), then what to run
        w.tasks.send(sys.path)
        w.tasks.send((self.options, self.initializer))
        return w

    def _await_ready(self, w: _Worker) -> None:
        if w.ready:
            return
        if not w.results.poll(START_TIMEOUT):
            raise WorkerError(f"a dyad worker did not start within {START_TIMEOUT:.0f}s")
        try:
            msg = w.results.recv()
        except EOFError:
            raise WorkerError(f"a dyad worker exited while loading the coder (exit code "
                               f"{w.process.wait()}); its error is printed above") from None
        if msg[0] == "fatal":
            raise WorkerError(msg[1])
        w.ready = True

    # --- coding ------------------------------------------------------------------------------
    def pipe(self, articles: Iterable[Article], batch_size: int | None = None
             ) -> Iterator[CodedArticle]:
        """Code ``articles`` on the workers; yields in input order. An input no bigger than one
        batch is coded in this process (starting workers would cost more than it saves).

        One ``pipe`` at a time: calling it again abandons the earlier generator (which then
        raises if resumed; its batches still in flight are dropped) and takes over the workers,
        so the earlier one's end, even by garbage collection, never stops the later one's."""
        stream = iter(articles)
        head = list(itertools.islice(stream, self.chunk + 1))
        if len(head) <= self.chunk and not self._pool:
            if self._local is None:
                self._local = Coder(self.options)
            yield from self._local.pipe(head, batch_size)
            return
        run = _Run(itertools.chain(head, stream), 4 * self.workers * self.chunk)
        if not self._pool or self._owner is not None:
            self._owner = run  # we stop the workers at our end (started by us or an earlier pipe)
        self._run = run
        try:
            self.start()
            yield from self._dispatch(run)
        finally:
            if self._owner is run:
                self.close()

    def _dispatch(self, run: "_Run") -> Iterator[CodedArticle]:
        """Hand out tasks to idle workers, collect results, requeue the batch of a dead worker,
        and yield results in order. At most ``run.window`` articles run ahead of the first one
        not yet yielded, so memory stays bounded when one batch is slow."""
        while True:
            self._fill(run)
            while run.next_out in run.done:
                out = run.done.pop(run.next_out)
                run.next_out += len(out)
                for coded in out:
                    yield coded
                    self._check_current(run)
            # the yields moved the window: hand it out before waiting (a full window behind one
            # slow batch left every worker idle here, and the pool waited forever)
            self._fill(run)
            if not any(w.task is not None for w in self._pool):
                if run.exhausted and not run.retry and not run.done:
                    return
                raise WorkerError("dyad's worker pool lost track of a batch (a bug); rerun with "
                                  "--workers 1 and report this")
            self._collect(run)

    def _check_current(self, run: "_Run") -> None:
        if self._run is not run:
            raise WorkerError("this pipe() was abandoned: the pool was closed or pipe() was "
                              "called again before it finished")

    def _fill(self, run: "_Run") -> None:
        """Give every idle worker a task: a batch to retry first, else the next batch of input
        while the window allows."""
        for w in self._pool:
            if w.task is not None:
                continue
            if run.retry:
                task = run.retry.popleft()
            elif not run.exhausted and run.seq - run.next_out < run.window:
                batch = list(itertools.islice(run.articles, self.chunk))
                if not batch:
                    run.exhausted = True
                    continue
                task = _Task(run.seq, batch, run=run)
                run.seq += len(batch)
            else:
                continue
            w.task = task
            try:
                w.tasks.send(("code", task.articles))
            except OSError:  # died since its last answer: _collect sees the end of its pipe
                pass

    def _collect(self, run: "_Run") -> None:
        """Wait for results or a worker's death (the end of its result pipe, or its exit), and
        record them. A result for another ``pipe`` call (an abandoned one) is dropped."""
        busy = {w.results: w for w in self._pool if w.task is not None}
        ready = wait(list(busy), timeout=LIVENESS_S)
        if not ready:  # nothing for a while: a worker that exited without closing its pipe?
            for w in busy.values():
                if w.process.poll() is not None:
                    self._replace(w, run)
            return
        for conn in ready:
            w = busy[conn]
            try:
                kind, payload = conn.recv()
            except (EOFError, OSError, ValueError):  # died (maybe mid-message)
                self._replace(w, run)
                continue
            task = w.task
            if kind != "done" or not isinstance(payload, list) or len(payload) != len(task.articles):
                self._replace(w, run)  # not what we asked for: never wait on it again
                continue
            w.task = None
            if task.run is run:
                run.done[task.seq] = payload
                self.failures.extend((c.article.id, c.error) for c in payload if c.error)

    def _replace(self, w: _Worker, run: "_Run") -> None:
        """A worker died (or broke the protocol) holding ``w.task``: retry its articles one by one
        in a fresh worker, or, if this was the retry, record the article as failed."""
        if w.process.poll() is None:
            w.process.kill()  # alive but of no use: never block on it
        code = w.process.wait()
        task, w.task = w.task, None
        if task.run is not run:
            pass  # an abandoned pipe's batch: nobody waits for it
        elif task.attempt == 0:
            run.retry.extend(_Task(task.seq + i, [a], attempt=1, run=run)
                             for i, a in enumerate(task.articles))
        else:
            how = f"signal {signal.Signals(-code).name}" if code < 0 else f"exit code {code}"
            reason = f"the worker process coding this article died twice ({how})"
            article = task.articles[0]
            self.failures.append((article.id, reason))
            run.done[task.seq] = [CodedArticle(article, [], error=reason)]
        w.tasks.close()
        w.results.close()
        fresh = self._spawn()
        self._pool[self._pool.index(w)] = fresh
        self._await_ready(fresh)


@dataclass(eq=False)
class _Run:
    """One ``pipe`` call's dispatch: input, the window of articles out of order, and results."""
    articles: Iterator[Article]
    window: int  # at most this many articles handed out beyond the first not yet yielded
    seq: int = 0  # articles handed out so far
    next_out: int = 0  # position of the next article to yield
    exhausted: bool = False
    retry: deque = field(default_factory=deque)
    done: dict[int, list[CodedArticle]] = field(default_factory=dict)


def _validate(options: Options) -> None:
    """Fail in the caller, with the usual message, on what every worker would fail on: a bad
    dictionary or pattern file, or no spaCy model."""
    from dyad import nlp as nlp_stage
    from dyad.actors.lexicon import load_lexicon
    from dyad.events.patterns import load_patterns

    if options.actor_files:
        load_lexicon(tuple(options.actor_files))
    load_patterns(options.pattern_files)
    nlp_stage.find_model(options.model)




# --- inside a worker ------------------------------------------------------------------------------
def serve(task_fd: int, result_fd: int) -> None:
    """A worker's main loop (run by ``python -c`` in a fresh interpreter, see ``_spawn``): load
    the coder once, then code each batch received until told to stop. When the parent is gone
    (killed: the end of a pipe) the worker just exits — nothing is printed to the user's terminal."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    tasks, results = Connection(task_fd, writable=False), Connection(result_fd, readable=False)
    try:
        _serve(tasks, results)
    except (EOFError, OSError):  # the parent is gone (BrokenPipeError on send, EOF on receive)
        pass


def _serve(tasks: Connection, results: Connection) -> None:
    try:
        sys.path[:] = tasks.recv()  # before the next message, which may name our modules
        options, initializer = tasks.recv()
        if initializer is not None:
            initializer()
        coder = Coder(options)
    except (EOFError, OSError):
        raise
    except Exception as exc:  # noqa: BLE001 - reported to the parent as the reason
        results.send(("fatal", f"a dyad worker could not load the coder: {exc}"))
        return
    results.send(("ready", None))
    while True:
        msg = tasks.recv()
        if msg is None:
            results.send(("bye", _peak_mb()))
            return
        results.send(("done", _code_batch(coder, msg[1])))


def _code_batch(coder: Coder, articles: list[Article]) -> list[CodedArticle]:
    """The batch as the in-process coder codes it; when an article raises, the batch is coded
    one article at a time so that only the bad article comes back as an error."""
    try:
        return list(coder.pipe(articles))
    except Exception:  # noqa: BLE001
        pass
    out = []
    for article in articles:
        try:
            out.extend(coder.pipe([article]))
        except Exception as exc:  # noqa: BLE001
            out.append(CodedArticle(article, [], error=f"coding failed: {type(exc).__name__}: {exc}"))
    return out


def _peak_mb() -> float:
    from dyad.bench import _peak_mb as peak

    return peak()


def print_workers_bench(corpus, counts: str, limit, model, rounds: int, sample: int,
                        as_json: bool) -> None:
    """``dyad bench CORPUS --workers 1,2``: the table (or JSON) of ``dyad.bench.run_workers``."""
    import json

    import typer
    from rich.console import Console
    from rich.table import Table

    from dyad.bench import run_workers

    err = Console(stderr=True)
    try:
        ns = [int(x) for x in counts.split(",") if x.strip()]
        if not ns or min(ns) < 1:
            raise ValueError
    except ValueError:
        err.print(f"[red]error:[/red] --workers takes worker counts like 1,2 (got {counts!r})",
                  highlight=False)
        raise typer.Exit(2)
    rows = run_workers(corpus, ns, limit, model, rounds, sample,
                       lambda msg: err.print(msg, highlight=False))
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    table = Table(title=f"dyad bench --workers: {corpus.name}, {rows[0]['articles']} articles x "
                        f"{rows[0]['rounds']} rounds (medians; min-max of per-round ratios)")
    for col in ("workers", "articles/s", "× first speed", "peak RSS MB (all)", "per worker MB",
                "+memory per added worker"):
        table.add_column(col, justify="right")
    for r in rows:
        added = r["memory_per_added_worker"]
        table.add_row(str(r["workers"]), f"{r['articles_per_s']:.2f}",
                      f"{r['throughput_vs_first']:.2f} ({r['throughput_vs_first_min']:.2f}-"
                      f"{r['throughput_vs_first_max']:.2f})", f"{r['peak_rss_mb']:.0f}",
                      f"{r['worker_peak_rss_mb']:.0f}", "" if added is None else f"{added:.2f}×")
    Console(width=160).print(table)
    err.print(f"{os.getloadavg()[0]:.2f} load average (1 min) at the end; {default_workers()} "
              "usable core(s)", highlight=False)
