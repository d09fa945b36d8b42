"""The store's CLI commands — ``dyad ingest``, ``dyad events``, ``dyad export`` — thin wrappers
over ``dyad.store``; ``register(app)`` adds them to the main Typer app."""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from dyad.errors import DyadError
from dyad.store.queries import REALIS_HELP

err = Console(stderr=True)
EXIT_INTERRUPTED = 130  # as a shell reports a command ended by Ctrl-C
DB_HELP = "Event store file (SQLite). Default: $DYAD_DB, else ./dyad.db."


class EventsFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    plover = "plover"


def _db(db: Optional[Path]) -> Path:
    from dyad.store.schema import default_db

    return db or Path(default_db())


def _open(db: Optional[Path]):
    from dyad.store.schema import connect

    try:
        return connect(_db(db), create=False)
    except (FileNotFoundError, ValueError) as exc:  # ValueError: StoreError, one line
        err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(2)


def ingest_cmd(
    inputs: list[str] = typer.Argument(..., help="Files, folders or URLs: text, JSONL, CSV/TSV, HTML, RSS/Atom, WARC(.gz); - for stdin."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    globs: Optional[list[str]] = typer.Option(None, "--glob", "-g", help="In folders, only files whose name or relative path matches (repeatable), e.g. '*.html'."),
    published: Optional[str] = typer.Option(None, "--published", "-p", help="Publication date for inputs that carry none (ISO 8601)."),
    columns: Optional[str] = typer.Option(None, "--columns", help="CSV column mapping, e.g. text=body,published=pub_date,id=guid."),
    max_bytes: int = typer.Option(5_000_000, "--max-bytes", help="Refuse a document file or fetched page bigger than this."),
    max_chars: int = typer.Option(1_000_000, "--max-chars", help="Refuse an article text longer than this."),
    timeout: float = typer.Option(20.0, "--timeout", help="Seconds per web download, in all (a slow server is cut off)."),
    follow_symlinks: bool = typer.Option(False, "--follow-symlinks", help="In folders, follow symbolic links (by default they are reported and not read)."),
    allow_private: bool = typer.Option(False, "--allow-private", help="Let feed links point to loopback/private addresses (testing only)."),
    batch_size: int = typer.Option(64, "--batch-size", help="Articles per transaction."),
    model: Optional[str] = typer.Option(None, "--model", help="spaCy model package name."),
    actors: Optional[list[Path]] = typer.Option(None, "--actors", help="Extra actor dictionary file (TSV); repeatable."),
    patterns: Optional[list[Path]] = typer.Option(None, "--patterns", help="Extra pattern file (YAML); repeatable."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    as_json: bool = typer.Option(False, "--json", help="Print the closing summary as JSON on stdout."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=0, help="Worker processes coding in parallel (default: every usable core; 1: this process alone); this process alone writes the store."),
) -> None:
    """Read sources into the event store: code new articles, skip those already stored, record
    every failure with its reason."""
    from dyad.coder import Options
    from dyad.dates import parse_published
    from dyad.ingest.files import parse_columns
    from dyad.ingest.folders import IngestOptions
    from dyad.workers import make_coder

    try:
        options = IngestOptions(globs=tuple(globs or ()), published=parse_published(published),
                                max_bytes=max_bytes, max_chars=max_chars, timeout=timeout,
                                columns=parse_columns(columns), allow_private=allow_private,
                                follow_symlinks=follow_symlinks)
        coder = make_coder(Options(model=model, actor_files=tuple(actors or ()),
                                   pattern_files=tuple(patterns or ())), workers)
    except DyadError as exc:  # a bad date, column mapping, dictionary or pattern file; no model
        err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    except KeyboardInterrupt:  # while the coder loads
        _interrupted(_db(db), None, as_json)
        raise typer.Exit(EXIT_INTERRUPTED)
    path = _db(db)
    summary = _ingest_with_progress(inputs, path, options, coder, batch_size, quiet, as_json)
    if as_json:
        print(json.dumps({**summary.to_dict(), "db": str(path)}, indent=2))
    err.print(f"{path}: coded {summary.coded} article(s) ({summary.events} event mention(s)); "
              f"skipped {summary.skipped} already stored; failed {summary.failed}", highlight=False, soft_wrap=True)
    for e in summary.errors:
        err.print(f"  [yellow]failed[/yellow] {e.where}: {e.message}", highlight=False, soft_wrap=True)
    if summary.failed > len(summary.errors):
        err.print(f"  … and {summary.failed - len(summary.errors)} more (table 'errors', run "
                  f"{summary.run_id})", highlight=False, soft_wrap=True)
    if summary.coded == 0 and summary.skipped == 0 and summary.failed > 0:
        raise typer.Exit(1)


def _ingest_with_progress(inputs: list[str], path: Path, options, coder, batch_size: int,
                          quiet: bool, as_json: bool = False):
    """Run the ingest under a progress bar (none with ``quiet``); a store error, a worker that
    cannot start or Ctrl-C ends the command with a message and exit status 2 (130 for Ctrl-C)."""
    from dyad.store.faults import StoreError, stop_on_sigterm
    from dyad.store.ingest import ingest
    from dyad.workers import WorkerError

    counts = {"coded": 0, "skipped": 0, "failed": 0}
    with Progress(SpinnerColumn(), TextColumn("[bold]ingest[/bold]"), BarColumn(),
                  TextColumn("{task.fields[status]}"), TimeElapsedColumn(), console=err,
                  disable=quiet, transient=False) as bar:
        task = bar.add_task("ingest", total=None, status="")

        def progress(kind: str, item) -> None:
            counts[kind] += 1
            bar.update(task, advance=1, status=f"{counts['coded']} coded · {counts['skipped']} "
                                               f"already stored · {counts['failed']} failed")

        try:
            with stop_on_sigterm():
                return ingest(inputs, path, options, coder=coder, batch_size=batch_size,
                              progress=progress)
        except StoreError as exc:
            bar.stop()
            err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(2)
        except KeyboardInterrupt as exc:
            bar.stop()
            _interrupted(path, getattr(exc, "summary", None), as_json)
            raise typer.Exit(EXIT_INTERRUPTED)
        except WorkerError as exc:  # a worker process could not start
            err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(2)


def _interrupted(path: Path, summary, as_json: bool) -> None:
    """The summary of an interrupted ingest: what its committed batches stored."""
    if summary is None:  # interrupted before the run began
        err.print("[yellow]interrupted[/yellow] before anything was stored", highlight=False)
        return
    if as_json:
        print(json.dumps({**summary.to_dict(), "db": str(path), "interrupted": True}, indent=2))
    err.print(f"[yellow]interrupted[/yellow]: {path}: stored {summary.coded} article(s) "
              f"({summary.events} event mention(s)); skipped {summary.skipped} already stored; "
              f"failed {summary.failed} — every committed batch is kept (run "
              f"{summary.run_id} is marked interrupted); run the same command again to go on",
              highlight=False, soft_wrap=True)


def _realis(value: str) -> str:
    from dyad.store.queries import realis_value

    try:
        return realis_value(value)
    except ValueError as exc:
        err.print(f"[red]error:[/red] --realis: {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(2)


def events_cmd(
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    source: Optional[str] = typer.Option(None, "--source", "-s", help="Source actor code prefix: PRK matches PRK, PRKGOV, …"),
    target: Optional[str] = typer.Option(None, "--target", "-t", help="Target actor code prefix."),
    actor: Optional[str] = typer.Option(None, "--actor", "-a", help="Actor code prefix on either side."),
    plover: Optional[str] = typer.Option(None, "--plover", help="PLOVER type, e.g. ACCUSE."),
    root: Optional[str] = typer.Option(None, "--root", help="CAMEO root code, 01-20."),
    since: Optional[str] = typer.Option(None, "--since", help="Events dated on or after (YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, "--until", help="Events dated on or before (YYYY[-MM[-DD]])."),
    text: Optional[str] = typer.Option(None, "--text", help="Only events with a mention whose sentence contains this text."),
    no_negated: bool = typer.Option(False, "--no-negated", help="Leave out negated events."),
    realis: str = typer.Option("asserted", "--realis", help=REALIS_HELP),
    ids: Optional[list[str]] = typer.Option(None, "--id", help="Only these event ids (repeatable, or comma-separated), e.g. the evidence listed by dyad alerts."),
    fmt: EventsFormat = typer.Option(EventsFormat.table, "--format", "-f", help="Output format."),
    limit: int = typer.Option(100, "--limit", "-n", help="At most this many events (0: all)."),
) -> None:
    """Query deduplicated events in the store, with mention, source and article counts."""
    from dyad.store.queries import EventFilter, query_events

    conn = _open(db)
    where = EventFilter(source=source, target=target, actor=actor, plover=plover, root=root,
                        since=since, until=until, text=text, include_negated=not no_negated,
                        realis=_realis(realis), limit=limit or None,
                        ids=tuple(i.strip() for v in ids or () for i in v.split(",") if i.strip()))
    from dyad.store.faults import store_errors

    try:
        with store_errors(_db(db)):
            _print_events(query_events(conn, where), fmt)
    except ValueError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(2)


def _print_events(events, fmt: "EventsFormat") -> None:
    import csv

    from dyad.store.exports import GDELT_COLUMNS, gdelt_row

    if fmt is EventsFormat.jsonl:
        for ev in events:
            sys.stdout.write(json.dumps(ev, ensure_ascii=False) + "\n")
    elif fmt is EventsFormat.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=GDELT_COLUMNS)
        writer.writeheader()
        for ev in events:
            writer.writerow(gdelt_row(ev))
    else:
        table = Table()
        for col, width in (("date", 10), ("source", 6), ("target", 6), ("cameo", 5),
                           ("plover", 9), ("m/a/s", 5)):
            table.add_column(col, min_width=width)
        table.add_column("evidence")
        n = 0
        for ev in events:
            n += 1
            src, tgt = ev["source"] or {}, ev["target"] or {}
            first = ev["mentions"][0] if ev["mentions"] else {}
            table.add_row(ev["date"] or "undated", src.get("code") or "", tgt.get("code") or "",
                          ev["cameo"], (ev["plover"] or "") + (" (neg)" if ev["negated"] else ""),
                          f"{ev['num_mentions']}/{ev['num_articles']}/{ev['num_sources']}",
                          _clip(first.get("sentence") or "", 60))
        Console().print(table)
        err.print(f"{n} event(s); m/a/s = mentions/articles/sources", highlight=False, soft_wrap=True)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def export_cmd(
    fmt: ExportFormat = typer.Option(..., "--format", "-f", help="jsonl (events with mentions), csv (GDELT 2.0-like columns), parquet (folder partitioned by month), plover (PLOVER JSON lines)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Output file (stdout if omitted); for parquet, a new folder (required)."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    since: Optional[str] = typer.Option(None, "--since", help="Only events dated on or after."),
    until: Optional[str] = typer.Option(None, "--until", help="Only events dated on or before."),
    realis: str = typer.Option("asserted", "--realis", help=REALIS_HELP),
) -> None:
    """Export the store's events: JSONL, GDELT-like CSV, month-partitioned Parquet or PLOVER JSON."""
    from dyad.store.exports import export
    from dyad.store.queries import EventFilter

    conn = _open(db)
    if fmt is ExportFormat.parquet and output is None:
        err.print("[red]error:[/red] --format parquet needs --output FOLDER", highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    from dyad.store.faults import store_errors

    try:
        with store_errors(_db(db)):
            n = export(conn, fmt.value, output if output is not None else sys.stdout,
                       EventFilter(since=since, until=until, realis=_realis(realis)))
    except BrokenPipeError:
        raise typer.Exit(1)
    except OSError as exc:  # stdout on a full disk, a closed pipe...
        err.print(f"[red]error:[/red] could not write the export: {exc.strerror or exc}",
                  highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    except ValueError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    err.print(f"exported {n} event(s) as {fmt.value}" + (f" to {output}" if output else ""),
              highlight=False)


def check_cmd(db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP)) -> None:
    """Check the store file with SQLite's quick_check: exit 0 if sound, 2 with the problems."""
    from dyad.store.faults import quick_check

    path = _db(db)
    if not path.exists():
        err.print(f"[red]error:[/red] no event store at {path}", highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    try:
        problems = quick_check(path)
    except ValueError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    if problems:
        err.print(f"[red]damaged:[/red] {path} failed SQLite's quick_check: "
                  + "; ".join(problems[:5]) + " — restore it from a backup or re-ingest into a "
                  "new store", highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    err.print(f"ok: {path} passed SQLite's quick_check", highlight=False, soft_wrap=True)


def import_parquet_cmd(
    folder: Path = typer.Argument(..., exists=True, file_okay=False, help="The --output folder of dyad spark."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON on stdout."),
) -> None:
    """Load dyad spark's Parquet output into the store, deduplicated as dyad ingest does."""
    from dyad.store.parquet_import import import_parquet

    path = _db(db)
    try:
        summary = import_parquet(folder, path)
    except (DyadError, OSError) as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    if as_json:
        print(json.dumps({**summary.to_dict(), "db": str(path)}, indent=2))
    err.print(f"{path}: imported {summary.imported} article(s) ({summary.mentions} event mention(s)); "
              f"skipped {summary.skipped} already stored", highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("check")(check_cmd)
    app.command("import-parquet")(import_parquet_cmd)
    app.command("ingest")(ingest_cmd)
    app.command("events")(events_cmd)
    app.command("export")(export_cmd)


def print_ingest_bench(corpus: Path, results: list[dict], as_json: bool) -> None:
    """The table for ``dyad bench CORPUS --ingest``."""
    if as_json:
        print(json.dumps(results, indent=2))
        return
    table = Table(title=f"dyad bench --ingest: {corpus.name}")
    for col in ("mode", "articles", "events", "seconds", "articles/s", "peak RSS MB",
                "× coder speed", "× ingest-once memory"):
        table.add_column(col, justify="right")
    for r in results:
        table.add_row(r["mode"], str(r["articles"]), str(r["events"]), f"{r['seconds']:.1f}",
                      f"{r['articles_per_s']:.2f}", f"{r['peak_rss_mb']:.0f}",
                      f"{r['throughput_vs_coder']:.2f}", f"{r['memory_vs_ingest_once']:.2f}")
    Console().print(table)
