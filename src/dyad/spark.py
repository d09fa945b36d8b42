"""``dyad spark``: code an archive on a Spark cluster, writing partitioned Parquet.

The job follows the cc-pyspark convention: the input is a list of paths (JSONL, WARC or
WARC.gz files, or text manifests listing such paths one per line), spread one path per task;
``mapPartitionsWithIndex`` reads each path's records (WARCs through warcio's
``ArchiveIterator``, via ``dyad.ingest``) and codes them with one coder per Python worker
process (a module-level singleton; no spaCy multiprocessing inside an executor). Records that
cannot be read or coded are counted in accumulators and the first few reasons printed.

Output, under ``--output DIR`` (each a Parquet dataset with an explicit schema, partitioned
``year=YYYY/month=M`` by date — an undated row has null partitions, Spark's
``__HIVE_DEFAULT_PARTITION__``):

* ``mentions/`` — one row per coded event in one sentence of one article: the store's mention
  columns plus ``record``, the event's full JSON as ``dyad code`` prints it;
* ``events/`` — mentions grouped into events as the store groups them (same source, target,
  CAMEO code and negation in the same date window, ``dyad.store.dedup``), with mention, article
  and source counts;
* ``articles/`` — the coded articles (id, url, title, outlet, published, text, sentences).

Event ids are deterministic (a hash of article id, trigger offset, actors and code), and
writes use dynamic partition overwrite: a rerun replaces the partitions it writes and never
duplicates rows. ``dyad import-parquet DIR --db FILE`` loads the output into a store.

Run it with ``dyad spark INPUT... --output DIR [--master local[4]]`` or, on a cluster,
``spark-submit --py-files dyad.zip -m dyad.spark`` style: ``python -m dyad.spark`` takes the
same arguments (see the README's "Scale" section).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional

from dyad.errors import DyadError

SCHEMA_VERSION = 1


class SparkInputError(DyadError, ValueError):
    """The job's inputs: a manifest that is missing, or no paths at all."""
_CODER = None  # one coder per Python worker process, built on first use
_CODER_KEY = None


def _coder(options_json: str):
    """The worker's coder, loaded once per process (and again only if the options change)."""
    global _CODER, _CODER_KEY
    if _CODER is None or _CODER_KEY != options_json:
        from dyad.isolation import block_heavy_imports

        block_heavy_imports()  # before spaCy loads (a no-op if the driver already imported it)
        from dyad.coder import Coder, Options

        opts = json.loads(options_json)
        _CODER = Coder(Options(model=opts.get("model"),
                               actor_files=tuple(Path(p) for p in opts.get("actors", ())),
                               pattern_files=tuple(Path(p) for p in opts.get("patterns", ()))))
        _CODER_KEY = options_json
    return _CODER


def expand_inputs(inputs: Iterable[str]) -> list[str]:
    """The data paths: each input is a data file (JSONL, WARC, WARC.gz, …) or a manifest — a
    ``.txt``/``.paths`` file listing one path per line (blank lines and ``#`` comments skipped;
    relative paths are relative to the manifest)."""
    out: list[str] = []
    for item in inputs:
        p = Path(item)
        if p.suffix.lower() in (".txt", ".paths", ".manifest"):
            if not p.is_file():
                raise SparkInputError(f"{item}: manifest not found")
            for line in p.read_text(encoding="utf-8").splitlines():
                line = line.strip()
                if line and not line.startswith("#"):
                    out.append(line if Path(line).is_absolute() or "://" in line
                               else str(p.parent / line))
        else:
            out.append(item)
    if not out:
        raise SparkInputError("no input paths", "give JSONL or WARC files, or a manifest of them")
    return out


# --- rows ------------------------------------------------------------------------------------------
def _year_month(date: str | None) -> tuple[int | None, int | None]:
    if not date or len(date) < 4 or not date[:4].isdigit():
        return None, None
    month = int(date[5:7]) if len(date) >= 7 and date[5:7].isdigit() else None
    return int(date[:4]), month


def mention_row(ev) -> dict[str, Any]:
    """One coded event as a ``mentions`` row (the store's mention columns)."""
    from dyad.store.dedup import date_window, event_key

    src, tgt = ev.source, ev.target
    year, month = _year_month(ev.date)
    record = ev.to_dict()
    return {
        "mention_id": ev.event_id,
        "event_key": event_key(src and src.code, tgt and tgt.code, ev.cameo, ev.negated, ev.date),
        "date_window": date_window(ev.date),
        "article_id": str(ev.article_id), "sentence_index": ev.sentence_index,
        "source_code": src.code if src else None, "source_name": src.name if src else None,
        "target_code": tgt.code if tgt else None, "target_name": tgt.name if tgt else None,
        "cameo": ev.cameo, "cameo_root": ev.cameo_root, "goldstein": float(ev.goldstein),
        "quad_class": int(ev.quad_class), "plover": ev.plover, "negated": bool(ev.negated),
        "trigger": ev.trigger.text, "date": ev.date, "date_precision": ev.date_precision,
        "confidence": float(record["confidence"]), "rule": ev.rule, "realis": ev.realis,
        "record": json.dumps(record, ensure_ascii=False, sort_keys=True),
        "year": year, "month": month,
    }


def article_row(coded) -> dict[str, Any]:
    a = coded.article
    published = a.published.isoformat() if a.published else None
    year, month = _year_month(published)
    return {"id": str(a.id), "url": a.url, "title": a.title, "outlet": a.outlet,
            "published": published, "text": a.text, "sentences": int(coded.sentences),
            "events": len(coded.events),
            "quotes": json.dumps([q.to_dict() for q in coded.quotes], ensure_ascii=False),
            "year": year, "month": month}


def code_partition(index: int, paths: Iterator[str], options_json: str, bad_records,
                   coded_records) -> Iterator[tuple[str, dict]]:
    """A task: read every record of its paths, code them with this worker's coder, and yield
    ``("article", row)`` and ``("mention", row)`` pairs. Unreadable or uncodable records add to
    the ``bad_records`` accumulator (their reasons go to the executor's stderr)."""
    from dyad.ingest.files import InputError
    from dyad.ingest.folders import IngestOptions, read_file

    coder = _coder(options_json)
    for path in paths:
        readable = []
        for item in read_file(Path(path), IngestOptions()):
            if isinstance(item, InputError):
                bad_records.add(1)
                print(f"dyad spark: partition {index}: {item}", file=sys.stderr)
            else:
                readable.append(item)
        for coded in _code_each(coder, readable, bad_records, index):
            coded_records.add(1)
            yield "article", article_row(coded)
            for ev in coded.events:
                yield "mention", mention_row(ev)


def _code_each(coder, articles: list, bad_records, index: int):
    """The path's articles through the coder in one stream; if an article raises, each is coded
    alone so that only the bad one is lost (and counted)."""
    try:
        yield from list(coder.pipe(articles))
        return
    except Exception:  # noqa: BLE001
        pass
    for article in articles:
        try:
            yield from list(coder.pipe([article]))
        except Exception as exc:  # noqa: BLE001
            bad_records.add(1)
            print(f"dyad spark: partition {index}: {article.id}: {type(exc).__name__}: {exc}",
                  file=sys.stderr)


# --- the job ---------------------------------------------------------------------------------------
def schemas():
    from pyspark.sql.types import (BooleanType, DoubleType, IntegerType, StringType, StructField,
                                   StructType)

    def cols(spec):
        kinds = {"s": StringType(), "i": IntegerType(), "d": DoubleType(), "b": BooleanType()}
        return StructType([StructField(name, kinds[k], nullable) for name, k, nullable in spec])

    mentions = cols([
        ("mention_id", "s", False), ("event_key", "s", False), ("date_window", "s", False),
        ("article_id", "s", False), ("sentence_index", "i", False),
        ("source_code", "s", True), ("source_name", "s", True),
        ("target_code", "s", True), ("target_name", "s", True),
        ("cameo", "s", False), ("cameo_root", "s", False), ("goldstein", "d", False),
        ("quad_class", "i", False), ("plover", "s", True), ("negated", "b", False),
        ("trigger", "s", False), ("date", "s", True), ("date_precision", "s", False),
        ("confidence", "d", False), ("rule", "s", False), ("realis", "s", False),
        ("record", "s", False), ("year", "i", True), ("month", "i", True)])
    articles = cols([
        ("id", "s", False), ("url", "s", True), ("title", "s", True), ("outlet", "s", True),
        ("published", "s", True), ("text", "s", False), ("sentences", "i", False),
        ("events", "i", False), ("quotes", "s", False), ("year", "i", True), ("month", "i", True)])
    return mentions, articles


def events_frame(mentions):
    """Mentions grouped into events as the store groups them: the first mention (by date,
    undated last, then article, sentence and id) gives the event's fields."""
    from pyspark.sql import functions as F

    order = F.struct(F.col("date").isNull().alias("undated"), "date", "article_id",
                     "sentence_index", "mention_id", "source_code", "target_code", "cameo",
                     "cameo_root", "goldstein", "quad_class", "plover", "negated",
                     "date_precision", "realis", "year", "month")
    first = F.min(order)
    grouped = mentions.dropDuplicates(["mention_id"]).groupBy("event_key", "date_window").agg(
        first.alias("first"), F.count("*").alias("num_mentions"),
        F.countDistinct("article_id").alias("num_articles"),
        F.max("confidence").alias("confidence"),
        # asserted when any report asserts it, else the first mention's (dyad.store.dedup)
        F.max(F.col("realis") == "asserted").alias("any_asserted"))
    return grouped.select(
        "event_key", "date_window", F.col("first.mention_id").alias("first_mention"),
        *[F.col(f"first.{c}").alias(c) for c in (
            "date", "date_precision", "source_code", "target_code", "cameo", "cameo_root",
            "goldstein", "quad_class", "plover", "negated")],
        "num_mentions", "num_articles", "confidence",
        F.when(F.col("any_asserted"), F.lit("asserted")).otherwise(F.col("first.realis")).alias("realis"),
        F.col("first.year").alias("year"), F.col("first.month").alias("month"))


def run(inputs: list[str], output: str, master: str | None = None, partitions: int | None = None,
        options: dict | None = None, spark=None) -> dict[str, int]:
    """Code ``inputs`` on Spark and write ``output``/{mentions,events,articles}. Returns the
    counts: paths, coded articles, mentions, events, bad records."""
    from pyspark import StorageLevel
    from pyspark.sql import SparkSession

    paths = expand_inputs(inputs)
    own = spark is None
    if own:
        import os

        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # executors: this interpreter
        builder = SparkSession.builder.appName("dyad")
        if master:
            builder = builder.master(master)
        spark = builder.config("spark.sql.sources.partitionOverwriteMode", "dynamic") \
            .config("spark.python.worker.reuse", "true").getOrCreate()
    spark.conf.set("spark.sql.sources.partitionOverwriteMode", "dynamic")
    sc = spark.sparkContext
    bad, coded = sc.accumulator(0), sc.accumulator(0)
    options_json = json.dumps(options or {}, sort_keys=True)
    rows = sc.parallelize(paths, partitions or len(paths)).mapPartitionsWithIndex(
        lambda i, it: code_partition(i, it, options_json, bad, coded))
    rows.persist(StorageLevel.MEMORY_AND_DISK)  # coded once, read for both datasets
    try:
        mention_schema, article_schema = schemas()
        mentions = spark.createDataFrame(
            rows.filter(lambda kv: kv[0] == "mention").map(lambda kv: _ordered(kv[1], mention_schema)),
            mention_schema)
        articles = spark.createDataFrame(
            rows.filter(lambda kv: kv[0] == "article").map(lambda kv: _ordered(kv[1], article_schema)),
            article_schema)
        out = Path(output) if "://" not in output else None
        target = (lambda name: str(out / name)) if out else (lambda name: f"{output.rstrip('/')}/{name}")
        for name, frame in (("articles", articles), ("mentions", mentions),
                            ("events", events_frame(mentions))):
            frame.write.mode("overwrite").partitionBy("year", "month").parquet(target(name))
        counts = {"paths": len(paths), "articles": coded.value, "mentions": mentions.count(),
                  "bad_records": bad.value}
        counts["events"] = spark.read.parquet(target("events")).count()
        return counts
    finally:
        rows.unpersist()
        if own:
            spark.stop()


def _ordered(row: dict, schema) -> tuple:
    return tuple(row[f.name] for f in schema.fields)


def main(argv: list[str] | None = None) -> int:
    """``python -m dyad.spark INPUT... --output DIR`` (what ``spark-submit`` runs)."""
    parser = argparse.ArgumentParser(prog="python -m dyad.spark", description=__doc__.split("\n")[0])
    parser.add_argument("inputs", nargs="+", help="JSONL/WARC files or manifests of paths")
    parser.add_argument("--output", "-o", required=True, help="output folder (local, hdfs://, s3a://)")
    parser.add_argument("--master", help="Spark master (default: spark-submit's, else local[*])")
    parser.add_argument("--partitions", type=int, help="tasks (default: one per input path)")
    parser.add_argument("--model", help="spaCy model package name")
    parser.add_argument("--actors", action="append", default=[], help="extra actor file (TSV)")
    parser.add_argument("--patterns", action="append", default=[], help="extra pattern file (YAML)")
    args = parser.parse_args(argv)
    try:
        counts = run(args.inputs, args.output, args.master, args.partitions,
                     {"model": args.model, "actors": args.actors, "patterns": args.patterns})
    except (ValueError, ImportError) as exc:
        print(f"dyad spark: error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(counts))
    return 0 if counts["articles"] or not counts["bad_records"] else 1


def register(app) -> None:
    """Add ``dyad spark`` to the CLI: the same job as ``python -m dyad.spark``."""
    import typer

    @app.command("spark")
    def spark(
        inputs: list[str] = typer.Argument(..., help="JSONL/WARC(.gz) files, or manifests (.txt) listing one path per line."),
        output: str = typer.Option(..., "--output", "-o", help="Output folder: articles/, mentions/, events/ as Parquet partitioned by year and month."),
        master: Optional[str] = typer.Option(None, "--master", help="Spark master, e.g. local[4] (default: local[*], or spark-submit's)."),
        partitions: Optional[int] = typer.Option(None, "--partitions", min=1, help="Tasks (default: one per input path)."),
        model: Optional[str] = typer.Option(None, "--model", help="spaCy model package name."),
    ) -> None:
        """Code an archive with PySpark (pip install dyad[spark]); dyad import-parquet loads the result."""
        args = [*inputs, "--output", output]
        for flag, value in (("--master", master), ("--partitions", partitions), ("--model", model)):
            if value is not None:
                args += [flag, str(value)]
        raise typer.Exit(main(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
