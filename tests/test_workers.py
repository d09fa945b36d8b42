"""dyad.workers: many processes code exactly what one does, in the same order, and a worker that
dies loses no article (its batch is retried once, then the article is an error)."""
import contextlib
import json
import os
import signal
import sqlite3
import time

import pytest
from typer.testing import CliRunner

from conftest import NEWS, need
from dyad.cli import app
from dyad.coder import Coder, Options
from dyad.record import Article
from dyad.store.ingest import ingest
from dyad.workers import ParallelCoder, default_workers, make_coder

TEXTS = [
    "Iran accused Israel of sabotage on Monday. Israel denied it.",
    "“We will not talk,” the North Korean foreign minister said. China urged restraint.",
    "Russia and Ukraine signed a ceasefire in Minsk on Tuesday.",
    "Protesters clashed with police in Caracas. The government imposed a curfew.",
    "The United States imposed sanctions on Venezuela. Maduro condemned the decision.",
    "Japan pledged aid to the Philippines after the typhoon.",
    "Turkish troops shelled Kurdish positions near Afrin, killing five.",
    "German Chancellor Angela Merkel met French President Emmanuel Macron in Paris.",
    "Pakistan expelled an Indian diplomat. India said it would retaliate.",
    "The UN Security Council demanded that Syria allow aid convoys into Aleppo.",
    "Kim Jong-un vowed to build an invincible military. He accused Washington of hostility.",
]


def articles(prefix="w"):
    return [Article(f"{prefix}{i}", text, None) for i, text in enumerate(TEXTS)]


def lines(coded) -> list[str]:
    return [json.dumps([e.to_dict() for e in c.events], ensure_ascii=False, sort_keys=True)
            + json.dumps([q.to_dict() for q in c.quotes], sort_keys=True) + str(c.sentences)
            for c in coded]


@pytest.fixture(scope="module")
def reference(coder):
    return lines(coder.pipe(articles()))


def poison():
    """Initializer for a worker: it kills itself (SIGKILL) whenever it codes article "poison"."""
    original = Coder.code_doc

    def code_doc(self, doc, article):
        if article.id == "poison":
            os.kill(os.getpid(), signal.SIGKILL)
        return original(self, doc, article)

    Coder.code_doc = code_doc


def test_default_is_every_usable_core_and_one_is_this_process():
    assert default_workers() == len(os.sched_getaffinity(0))
    assert isinstance(make_coder(Options(), 1), Coder)
    for default in (make_coder(Options()), make_coder(Options(), 0)):
        assert isinstance(default, Coder) if default_workers() == 1 else \
            default.workers == default_workers()
    with pytest.raises(ValueError, match="0 \\(every core\\) or more"):
        make_coder(Options(), -1)


@contextlib.contextmanager
def within(seconds: float):
    """Fail (TimeoutError) instead of hanging when the block takes longer than ``seconds``."""
    def alarm(signum, frame):
        raise TimeoutError(f"still running after {seconds}s: the pool hangs")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def slow_first():
    """Initializer for a worker: coding article "w0" takes 4 s longer."""
    original = Coder.code_doc

    def code_doc(self, doc, article):
        if article.id == "w0":
            time.sleep(4)
        return original(self, doc, article)

    Coder.code_doc = code_doc


def test_one_slow_batch_that_fills_the_window_does_not_stall_the_pool(reference):
    """The resumed-ingest hang: while the first batch is slow, the other worker runs ahead until
    the window (4 x workers x chunk articles) is full; when the slow batch ends, every worker is
    idle and the window is yielded at once. The pool must hand out the rest, not wait on
    nothing (it waited forever, later raised "nothing in flight")."""
    with within(120), ParallelCoder(Options(), workers=2, chunk=1, initializer=slow_first) as pool:
        got = list(pool.pipe(articles()))
    assert lines(got) == reference and pool.failures == []


def echo():
    """Initializer for a worker: "coding" returns the article untouched, at once (the transport
    is under test, not the coder; coding 70 KB articles takes minutes)."""
    from dyad.coder import CodedArticle

    Coder.pipe = lambda self, items, batch_size=None: (CodedArticle(a, []) for a in items)


def test_tasks_and_results_over_a_pipe_buffer_round_trip_without_deadlock():
    """Batches and results far over the 64 KB of a pipe's buffer, both ways, while the other
    worker is sending too: every article comes back whole, in order."""
    big = [Article(f"big{i}", f"{i} " + "x" * (70_000 + i * 5_000), None) for i in range(40)]
    with within(120), ParallelCoder(Options(), workers=2, chunk=3, initializer=echo) as pool:
        got = list(pool.pipe(big))
    assert [(c.article.id, c.article.text) for c in got] == [(a.id, a.text) for a in big]


def test_an_abandoned_pipe_neither_stops_nor_feeds_the_next_one(reference):
    """A second pipe() takes over the workers of an unfinished first one: the first one's end
    (here garbage collection) does not stop them, its batches in flight are dropped, and it
    refuses to go on if resumed."""
    import gc

    from dyad.workers import WorkerError

    pool = ParallelCoder(Options(), workers=2, chunk=1)
    first = pool.pipe(articles("old"))
    next(first)  # the first pipe starts (and owns) the workers; several batches are in flight
    second = pool.pipe(articles())
    with within(120):
        got = [next(second)]
        with pytest.raises(WorkerError, match="abandoned"):
            next(first)
        del first
        gc.collect()
        got.extend(second)
    assert lines(got) == reference
    assert [c.article.id for c in got] == [a.id for a in articles()]
    assert pool.pids() == []  # the second pipe, owner since it took over, stopped the workers


def test_a_killed_parent_leaves_no_traceback_from_its_workers(tmp_path):
    """kill -9 of `dyad code --workers 2` while its workers hold batches: they exit quietly."""
    import subprocess
    import sys

    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"k{i}", "text": TEXTS[i % len(TEXTS)] * 3}) + "\n"
                              for i in range(300)))
    proc = subprocess.Popen([sys.executable, "-c", "from dyad.cli import app; app()", "code",
                             str(corpus), "--workers", "2"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout.readline()  # coding: both workers hold batches
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    # the workers share our pipe: it ends when the last of them has exited
    _, err = proc.communicate(timeout=120)
    assert b"Traceback" not in err and b"Error" not in err, err.decode()[-2000:]


def test_a_bad_dictionary_fails_in_the_caller_before_any_worker_starts(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("phrase\tcountry\nFreedonia\tFREEDONIA\n")
    with pytest.raises(ValueError, match="bad.tsv"):
        ParallelCoder(Options(actor_files=(bad,)), 2)


def test_two_workers_code_exactly_what_one_does_and_survive_a_kill(reference):
    """Same content, same order; then SIGKILL a worker holding a batch mid-run: its batch is
    coded again elsewhere and nothing is lost or duplicated."""
    with ParallelCoder(Options(), workers=2, chunk=2) as pool:
        pool.start()  # started here, the workers serve both runs; the block's end stops them
        assert lines(pool.pipe(articles())) == reference
        stream = pool.pipe(articles())
        got = [next(stream)]
        busy = pool.pids(busy=True)
        assert busy, "a worker should be holding a batch"
        os.kill(busy[0], signal.SIGKILL)
        got.extend(stream)
        assert pool.failures == []
        assert busy[0] not in pool.pids()  # replaced by a fresh worker
    assert lines(got) == reference
    assert [c.article.id for c in got] == [a.id for a in articles()]
    assert len(pool.worker_peaks_mb) == 2 and all(mb > 50 for mb in pool.worker_peaks_mb)


def test_an_article_that_kills_its_worker_twice_is_an_error_and_the_rest_are_stored(
        tmp_path, coder):
    items = articles()
    items.insert(3, Article("poison", "Iran accused Israel of sabotage again.", None))
    pool = ParallelCoder(Options(), workers=2, chunk=3, initializer=poison)
    db = tmp_path / "w.db"
    summary = ingest([], db, coder=pool, articles=items)
    assert (summary.coded, summary.failed) == (len(TEXTS), 1)
    assert pool.failures and pool.failures[0][0] == "poison"
    conn = sqlite3.connect(db)
    where, reason = conn.execute("SELECT location, reason FROM errors").fetchone()
    assert where == "poison" and "died twice" in reason and "SIGKILL" in reason
    stored = {r[0] for r in conn.execute("SELECT id FROM articles")}
    assert stored == {a.id for a in articles()}
    # the articles batched with the poison one were retried singly and coded as one process does
    mentions = conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
    assert mentions == sum(len(c.events) for c in coder.pipe(articles()))
    # a rerun codes only what failed; one article is coded in this process (no worker starts
    # for less than a batch), where nothing kills it
    again = ingest([], db, coder=ParallelCoder(Options(), 2, chunk=3, initializer=poison),
                   articles=items)
    assert (again.coded, again.skipped, again.failed) == (1, len(TEXTS), 0)


def test_dyad_code_output_is_byte_identical_for_any_worker_count(tmp_path):
    """On real news (the first articles of a shared corpus): `dyad code --workers 2` prints
    the same bytes as `--workers 1`."""
    corpus = need(NEWS / "world_news_cluster_2016_2018.jsonl")
    small = tmp_path / "news.jsonl"
    with corpus.open(encoding="utf-8") as fh:
        small.write_text("".join(next(fh) for _ in range(10)), encoding="utf-8")
    runner = CliRunner()
    one = runner.invoke(app, ["code", str(small), "--workers", "1"])
    two = runner.invoke(app, ["code", str(small), "--workers", "2"])
    assert one.exit_code == 0 and two.exit_code == 0, two.output
    assert one.stdout.count("\n") > 10
    assert two.stdout == one.stdout
