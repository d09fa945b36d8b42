"""``dyad eval quality/realnews/``: score the coder against dyad's own real-news gold.

The gold (quality/realnews/, see its README and GUIDE) is article ids, character offsets and codes;
the article text is read from ``../shared/data/news`` (``--news`` to point elsewhere). Only *core*
gold events count (asserted, in the article's news window). Predictions are dyad's asserted
(``dyad.events.realis``; ``--realis all`` for every realis), non-negated events with a PLOVER type. Three measures, each P/R/F1:

* ``triples``: per article, the distinct (source country, target country, PLOVER type) of the core
  events, the unit ``dyad eval`` scores on GSR and the one the annotators' agreement (F1 0.84) was
  measured on: the ceiling to read it against. Lists expand to one triple per country.
* ``events (country)``: one-to-one event matching. A prediction matches a gold core event when its
  trigger overlaps the gold trigger or lies in the gold event's sentence, the PLOVER type is the
  same, and source and target agree at country level (a gold list matches any of its countries;
  no actor matches only no actor). A joint event (dyad's reciprocal pair X→Y, Y→X) is one
  prediction whose participants must all be among the gold source's countries, target none.
  Gold events are taken by the most confident prediction first.
* ``events (full)``: the same with sectors too (a gold actor with no sector matches only a
  prediction with no sector).

Each unmatched prediction is also given its likeliest cause against the gold (``fp_causes``): the
act is in the gold but not core (its realis), or a core gold event in the same place has another
type / source / target, or nothing in the gold is there.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from dyad.coder import Coder
from dyad.dates import parse_published
from dyad.evaluate import predicted_triples
from dyad.evaluate_gold import norm
from dyad.evaluate_scores import PRF_COLUMNS, Scores, TableSpec
from dyad.ingest.jsonlines import numbered_json
from dyad.record import Article, Event

SPLITS = ("tune", "validation")
# sha1 of the sorted validation ids of sample.json, one per line: a changed split is refused
VALIDATION_DIGEST = "b62fe72e48fb3922d6487a844f9b23af83d07400"
LEVELS = ("triples", "events_country", "events_full")


def default_news_dir(gold_dir: Path) -> Path:
    """``../shared/data/news`` beside the checkout that holds ``quality/realnews``."""
    return Path(gold_dir).resolve().parents[1].parent / "shared" / "data" / "news"


def is_realnews_gold(path: Path) -> bool:
    return Path(path).is_dir() and (Path(path) / "sample.json").is_file()


# --- reading the gold ----------------------------------------------------------------------
@dataclass
class GoldArticle:
    article: Article
    corpus: str
    annotator: str
    split: str
    events: list[dict[str, Any]]

    @property
    def core(self) -> list[dict[str, Any]]:
        return [e for e in self.events if e.get("core") and e.get("plover")]


def _validation_digest(ids: Iterable[str]) -> str:
    return hashlib.sha1("\n".join(sorted(ids)).encode("utf-8")).hexdigest()


def read_sample(gold_dir: Path) -> list[dict[str, Any]]:
    path = Path(gold_dir) / "sample.json"
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))["articles"]
    except (OSError, ValueError, KeyError) as exc:
        raise ValueError(f"{path}: not a real-news sample file ({exc})") from None
    return rows


def check_split(rows: list[dict[str, Any]], where: Path) -> None:
    got = _validation_digest(r["article_id"] for r in rows if r.get("split") == "validation")
    if got != VALIDATION_DIGEST:
        raise ValueError(f"{where}: its validation half is not the one fixed for the real-news gold "
                         "(sample.json changed); score it without --split")


def _news_texts(news_dir: Path, corpora: set[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for corpus in sorted(corpora):
        path = news_dir / corpus
        if not path.is_file():
            raise ValueError(f"{path} not found: the real-news gold reads article text from "
                             "../shared/data/news (give --news DIR)")
        for line in numbered_json(path):
            obj = line.json()
            out[str(obj["id"])] = obj
    return out


def _gold_lines(gold_dir: Path) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(Path(gold_dir).glob("gold_*.jsonl")):
        for line in numbered_json(path):
            try:
                obj = line.json()
                out[str(obj["article_id"])] = obj
            except (ValueError, KeyError) as exc:
                raise ValueError(f"{line.where}: not a gold line ({exc})") from None
    return out


def load_gold(gold_dir: Path, split: str | None = None, news_dir: Path | None = None
              ) -> tuple[list[GoldArticle], list[str]]:
    """The gold articles of ``split`` (None or 'all' = every one) with their text, and a list of
    problems (an article missing from the news files or the gold, offsets past its text)."""
    gold_dir = Path(gold_dir)
    if split not in (None, "all", *SPLITS):
        raise ValueError(f"unknown split {split!r}: use one of {', '.join(SPLITS)} (or 'all')")
    rows = read_sample(gold_dir)
    if split in SPLITS:
        check_split(rows, gold_dir / "sample.json")
        rows = [r for r in rows if r.get("split") == split]
    news = _news_texts(news_dir or default_news_dir(gold_dir), {r["corpus"] for r in rows})
    lines = _gold_lines(gold_dir)
    out, problems = [], []
    for row in rows:
        aid = str(row["article_id"])
        if aid not in news or aid not in lines:
            problems.append(f"{aid}: not in {'the news files' if aid not in news else 'gold_*.jsonl'}")
            continue
        text = news[aid]["text"]
        bad = [e for e in lines[aid]["events"] if max(e["sentence"][1], e["trigger"][1]) > len(text)]
        if bad:
            problems.append(f"{aid}: {len(bad)} event offsets past the article's text (text changed?)")
            continue
        article = Article(id=aid, text=text, published=parse_published(
            lines[aid].get("published") or news[aid].get("date")), title=news[aid].get("title"))
        out.append(GoldArticle(article, row["corpus"], row.get("annotator", ""),
                               row.get("split", ""), lines[aid]["events"]))
    return out, problems


# --- matching ------------------------------------------------------------------------------
def _countries(side: dict | None) -> set[str | None]:
    codes = [norm(c) for c in (side or {}).get("country") or [] if c]
    return set(codes) or {None}


def _sectors(side: dict | None) -> set[str | None]:
    return set((side or {}).get("sector") or []) or {None}


def gold_core_triples(events: list[dict[str, Any]]) -> set[tuple]:
    return {(s, t, e["plover"]) for e in events if e.get("core") and e.get("plover")
            for s in _countries(e.get("source")) for t in _countries(e.get("target"))}


@dataclass
class Prediction:
    """One scored prediction: an event, or a joint pair (X→Y and Y→X) as one."""

    event: Event
    participants: tuple  # ((country, sector), ...): the source(s); both sides when joint

    @property
    def target(self) -> tuple | None:
        t = self.event.target
        return None if self.event.joint or t is None else (norm(t.country), t.sector)


def predictions(events: list[Event]) -> list[Prediction]:
    out: list[Prediction] = []
    seen: set[tuple] = set()
    for e in events:
        if not e.plover or e.negated:
            continue
        sides = [e.source] + ([e.target] if e.joint else [])
        parts = tuple(sorted((((norm(a.country), a.sector) if a else (None, None)) for a in sides),
                             key=str))
        key = (e.trigger.start_char, e.plover, parts, None if e.joint else
               (e.target and (norm(e.target.country), e.target.sector)))
        if key not in seen:
            seen.add(key)
            out.append(Prediction(e, parts))
    return sorted(out, key=lambda p: -p.event.confidence)


def _place(pred: Event, gold: dict[str, Any]) -> bool:
    s, e = pred.trigger.start_char, pred.trigger.end_char
    (gs, ge), (ss, se) = gold["trigger"], gold["sentence"]
    return (s < ge and gs < e) or ss <= s < se


def _side_ok(actor: tuple | None, gold_side: dict | None, full: bool) -> bool:
    country, sector = actor if actor else (None, None)
    if country not in _countries(gold_side):
        return False
    return not full or sector in _sectors(gold_side)


def _actors_ok(p: Prediction, gold: dict[str, Any], full: bool) -> bool:
    if p.event.joint:
        return gold.get("target") is None and all(
            _side_ok(part, gold.get("source"), full) for part in p.participants)
    return _side_ok(p.participants[0], gold.get("source"), full) and \
        _side_ok(p.target, gold.get("target"), full)


def match_events(preds: list[Prediction], gold: list[dict[str, Any]], full: bool
                 ) -> list[int | None]:
    """For each prediction, the index of the core gold event it matches (one-to-one), or None."""
    used: set[int] = set()
    out: list[int | None] = []
    for p in preds:
        hit = next((i for i, g in enumerate(gold) if i not in used and g.get("core")
                    and g.get("plover") == p.event.plover and _place(p.event, g)
                    and _actors_ok(p, g, full)), None)
        if hit is not None:
            used.add(hit)
        out.append(hit)
    return out


def fp_cause(p: Prediction, gold: list[dict[str, Any]]) -> str:
    """Why an unmatched prediction is false, judged from the gold in the same place."""
    here = [g for g in gold if g.get("plover") and _place(p.event, g)]
    for g in here:
        if not g.get("core") and g["plover"] == p.event.plover and _actors_ok(p, g, False):
            return f"gold {g.get('realis') or 'not core'}"
    core = [g for g in here if g.get("core")]
    if not core:
        return "no gold event here"
    same_type = [g for g in core if g["plover"] == p.event.plover]
    if not same_type:
        return "other type"
    if p.event.joint:
        return "joint participants"
    if any(_side_ok(p.target, g.get("target"), False) for g in same_type):
        return "source"
    if any(_side_ok(p.participants[0], g.get("source"), False) for g in same_type):
        return "target missing" if p.target is None else "target"
    return "source and target"


# --- scores --------------------------------------------------------------------------------
@dataclass
class RealnewsScores:
    levels: dict[str, Scores] = field(default_factory=lambda: {k: Scores() for k in LEVELS})
    fp_causes: Counter = field(default_factory=Counter)
    articles: int = 0
    split: str = "all"
    errors: list[str] = field(default_factory=list)

    def overall(self, level: str = "triples") -> dict[str, float]:
        return self.levels[level].overall()

    def to_dict(self) -> dict[str, Any]:
        return {"format": "realnews", "split": self.split, "articles": self.articles,
                **{k: {"overall": s.overall(), "by_plover": s.by_type()}
                   for k, s in self.levels.items()},
                "fp_causes": dict(self.fp_causes.most_common()), "errors": self.errors}

    def tables(self, title: str) -> list[TableSpec]:
        names = {"triples": "core triples per article (source country, target country, PLOVER)",
                 "events_country": "core events, same sentence/trigger + type + countries",
                 "events_full": "core events, ... + sectors"}
        summary = [[names[k], *_cells(s.overall())] for k, s in self.levels.items()]
        causes = [[c, str(n)] for c, n in self.fp_causes.most_common()]
        head = f"{title} ({self.split}): {self.articles} articles"
        return [(head, ["measure", *PRF_COLUMNS], summary),
                (f"{head}: core events (country) by PLOVER type", ["PLOVER type", *PRF_COLUMNS],
                 self.levels["events_country"].rows()),
                (f"{head}: false events (country level) by likeliest cause", ["cause", "events"],
                 causes)]


def _cells(s: dict[str, float]) -> list[str]:
    return [f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}", str(s["tp"]),
            str(s["fp"]), str(s["fn"])]


def _tally_events(scores: Scores, preds: list[Prediction], gold: list[dict[str, Any]],
                  hits: list[int | None]) -> None:
    matched = set(h for h in hits if h is not None)
    for p, h in zip(preds, hits):
        (scores.tp if h is not None else scores.fp)[p.event.plover] += 1
    for i, g in enumerate(gold):
        if g.get("core") and g.get("plover") and i not in matched:
            scores.fn[g["plover"]] += 1


def score_article(scores: RealnewsScores, gold: GoldArticle, events: list[Event]
                  ) -> dict[str, Any]:
    """Add one coded article to ``scores``; its detail row."""
    text = gold.article.text
    pred_t, gold_t = predicted_triples(events), gold_core_triples(gold.events)
    t = scores.levels["triples"]
    for triple in pred_t & gold_t:
        t.tp[triple[2]] += 1
    for triple in pred_t - gold_t:
        t.fp[triple[2]] += 1
    for triple in gold_t - pred_t:
        t.fn[triple[2]] += 1
    preds = predictions(events)
    hits = {}
    for level, full in (("events_country", False), ("events_full", True)):
        hits[level] = match_events(preds, gold.events, full)
        _tally_events(scores.levels[level], preds, gold.events, hits[level])
    causes = [None if h is not None else fp_cause(p, gold.events)
              for p, h in zip(preds, hits["events_country"])]
    scores.fp_causes.update(c for c in causes if c)
    scores.articles += 1
    matched = {h for h in hits["events_country"] if h is not None}
    return {"article_id": gold.article.id, "split": gold.split, "annotator": gold.annotator,
            "published": gold.article.published and gold.article.published.isoformat(),
            "gold": [_gold_row(text, g, i in matched) for i, g in enumerate(gold.events)],
            "predicted": [_pred_row(p, h, hf, c) for p, h, hf, c in
                          zip(preds, hits["events_country"], hits["events_full"], causes)]}


def _span_text(text: str, side: dict | None) -> str | None:
    return text[side["span"][0]:side["span"][1]] if side and side.get("span") else None


def _gold_row(text: str, g: dict[str, Any], matched: bool) -> dict[str, Any]:
    def code(side):
        return side and f"{'/'.join(side.get('country') or ['-'])}{'/'.join(side.get('sector') or [])}"
    return {"core": g.get("core"), "realis": g.get("realis"), "plover": g.get("plover"),
            "source": code(g.get("source")), "source_text": _span_text(text, g.get("source")),
            "target": code(g.get("target")), "target_text": _span_text(text, g.get("target")),
            "joint": g.get("joint", False), "trigger": text[g["trigger"][0]:g["trigger"][1]],
            "sentence": text[g["sentence"][0]:g["sentence"][1]], "matched": matched}


def _pred_row(p: Prediction, hit: int | None, hit_full: int | None, cause: str | None
              ) -> dict[str, Any]:
    e = p.event
    return {"source": e.source and e.source.code, "source_text": e.source and e.source.text,
            "target": e.target and e.target.code, "target_text": e.target and e.target.text,
            "plover": e.plover, "cameo": e.cameo, "joint": e.joint, "trigger": e.trigger.text,
            "trigger_start": e.trigger.start_char, "rule": e.rule,
            "confidence": round(e.confidence, 3), "realis": e.realis, "realis_cue": e.realis_cue,
            "matched": hit is not None, "matched_full": hit_full is not None, "cause": cause,
            "sentence": e.sentence}


def asserted(event: Event) -> bool:
    return event.realis == "asserted"


def evaluate_realnews(coder: Coder, gold_dir: Path, split: str | None = None,
                      details: list | None = None, news_dir: Path | None = None,
                      keep=asserted) -> RealnewsScores:
    """Score ``coder`` on the real-news gold in ``gold_dir``. ``keep(event)`` selects the events
    that count as predictions (default: asserted ones, dyad.events.realis; None: all; negated
    events never count)."""
    golds, problems = load_gold(gold_dir, split, news_dir)
    scores = RealnewsScores(split=split or "all", errors=problems)
    by_id = {g.article.id: g for g in golds}
    for coded in coder.pipe(g.article for g in golds):
        events = [e for e in coded.events if keep is None or keep(e)]
        row = score_article(scores, by_id[coded.article.id], events)
        if details is not None:
            details.append(row)
    return scores



def run_command(make_coder, gold_dir: Path, split: str | None, details_path: Path | None,
                news_dir: Path | None, as_json: bool, err, realis: str = "asserted") -> None:
    """``dyad eval quality/realnews/``: print the scores (tables or JSON), write ``--details``;
    a bad folder, split or missing news file is one line on stderr and exit code 2."""
    import typer
    from rich.console import Console
    from rich.table import Table

    if not is_realnews_gold(gold_dir):
        err.print(f"[red]error[/red] {gold_dir}: a gold folder needs sample.json and gold_*.jsonl "
                  "(the real-news gold, quality/realnews/)", highlight=False)
        raise typer.Exit(2)
    try:
        load_gold(gold_dir, split, news_dir)  # fail fast, before loading the models
    except ValueError as exc:
        err.print(f"[red]error[/red] {exc}", highlight=False)
        raise typer.Exit(2)
    rows: list | None = [] if details_path else None
    scores = evaluate_realnews(make_coder(), gold_dir, split, rows, news_dir,
                               None if realis == "all" else asserted)
    if details_path and rows is not None:
        tmp = details_path.with_name(details_path.name + ".tmp")
        tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                       encoding="utf-8")
        tmp.replace(details_path)
    for e in scores.errors:
        err.print(f"[yellow]skipped[/yellow] {e}", highlight=False)
    if as_json:
        print(json.dumps(scores.to_dict(), indent=2))
        return
    for title, columns, body in scores.tables(Path(gold_dir).name):
        table = Table(title=title)
        for i, col in enumerate(columns):
            table.add_column(col, justify="left" if i == 0 else "right")
        for row in body:
            table.add_row(*row)
        Console(width=140).print(table)
