"""Train dyad's event detector (dyad.detect) and write src/dyad/data/models/detector.npz.

    /work/venv/bin/python scripts/train_detector.py                 # detector.npz (sparse)
    /work/venv/bin/python scripts/train_detector.py --dense minilm  # detector_minilm.npz
    /work/venv/bin/python scripts/train_detector.py --out /tmp/d.npz --cache /tmp/det-cache

Trains only on data that is not a validation half: the *tune* ids (dyad.splits) of the
ConfliBERT spans, PLOVER GSR and PETRARCH2 gold files, the pattern lexicon's trigger lemmas
and (for the type table only) the synthetic PLOVER stories. Needs scikit-learn (development
only; the shipped file is plain arrays predicted with numpy). Deterministic: liblinear/lbfgs
from zeros, folds by index. Prints aggregate figures on the validation halves (never errors).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from dyad import ontology
from dyad.classify.data import gold_dir
from dyad.detect import features as F
from dyad.detect import roles as R
from dyad.detect import types as T
from dyad.detect.model import (DEFAULT_PATH, EMBED_PATH, DetectorModel, RoleModel, SentenceModel,
                               softmax)
from dyad.evaluate import gold_spans
from dyad.events.patterns import load_patterns
from dyad.splits import split_ids

CONFLIBERT = "cameo_quadclass_spans_train.jsonl"
GSR = "plover_gsr_dev.jsonl"
PETRARCH = "petrarch2_unit_records.jsonl"
SYNTHETIC = "plover_synthetic_stories.jsonl"
REALNEWS = "quality/realnews (tune)"


@dataclass
class Item:
    id: str
    source: str
    split: str
    label: int | None                 # five-way class, None when unknown
    code: str | None = None           # CAMEO code when known
    bag: Counter = field(default_factory=Counter)
    dense: np.ndarray | None = None
    keys: list[str] = field(default_factory=list)
    role_rows: list[tuple[list[str], int, int]] = field(default_factory=list)
    text: str = ""                    # the sentence the features come from


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def plover_code(ptype: str) -> str | None:
    """The most general CAMEO code of a PLOVER type (its shortest code in the mapping)."""
    best = None
    for code, c in ontology.cameo_codes().items():
        p = ontology.to_plover(code)
        if p is not None and p.type == ptype and not p.mode:
            if best is None or (len(code), code) < (len(best), best):
                best = code
    return best


def raw_examples(gold: Path, synthetic: int) -> list[tuple[str, str, str, int | None, str | None, dict]]:
    """(id, source, split, label, code, extra) for every usable line; split is tune/validation."""
    out = []
    parts = {name: {s: split_ids(gold / name, s) for s in ("tune", "validation")}
             for name in (CONFLIBERT, GSR, PETRARCH)}

    def split_of(name: str, rid: str) -> str:
        return "validation" if rid in parts[name]["validation"] else "tune"

    for r in _rows(gold / CONFLIBERT):
        lab = (r.get("labels") or {})
        out.append((r["id"], CONFLIBERT, split_of(CONFLIBERT, r["id"]), lab.get("pentaclass"),
                    None, {"text": r["text"], "labels": lab}))
    types = ontology.plover_types()
    for r in _rows(gold / GSR):
        ev = (r.get("events") or [{}])[0]
        pt = types.get(ev.get("plover"))
        code = plover_code(ev.get("plover")) if pt else None
        out.append((r["article_id"], GSR, split_of(GSR, r["article_id"]),
                    int(pt.quad_class) if pt else None, code, {"text": r["text"]}))
    for r in _rows(gold / PETRARCH):
        codes = [lab.get("eventcode") for lab in r.get("labels") or [] if lab.get("eventcode")]
        code = None
        for c in codes:
            try:
                code = ontology.cameo(str(c)).code
                break
            except KeyError:
                continue
        label = T.pentaclass_of(code) if code else None
        out.append((r["id"], PETRARCH, split_of(PETRARCH, r["id"]), label, code, {"text": r["text"]}))
    if synthetic:
        rows = _rows(gold / SYNTHETIC)[:synthetic]
        for r in rows:
            pt = (r.get("labels") or {}).get("event")
            code = plover_code(pt) if pt in types else None
            first = r["text"].strip().split("\n")[0]
            out.append((r["id"], SYNTHETIC, "tune", None, code, {"text": first}))
    return out


def realnews_examples(nlp) -> list[tuple[str, str, str, int | None, str | None, dict]]:
    """Every sentence of the *tune* articles of dyad's real-news gold (quality/realnews): no gold
    event of any realis -> class 0 (news text that reports nothing: what the other sets lack),
    a core event -> its type's class; sentences with only background/unrealised events are left
    out (neither label is right for them)."""
    from dyad.evaluate_realnews import load_gold

    root = Path(__file__).resolve().parents[1] / "quality" / "realnews"
    golds, problems = load_gold(root, "tune")
    if problems:
        raise SystemExit("real-news gold: " + "; ".join(problems))
    types = ontology.plover_types()
    out = []
    for g in golds:
        doc = nlp(g.article.text)
        for k, sent in enumerate(s for s in doc.sents if s.text.strip()):
            lo, hi = sent.start_char, sent.end_char
            here = [e for e in g.events if e["sentence"][0] < hi and lo < e["sentence"][1]]
            core = [e for e in here if e.get("core") and e.get("plover") in types]
            if here and not core:
                continue
            label = int(types[core[0]["plover"]].quad_class) if core else 0
            out.append((f"{g.article.id}#{k}", REALNEWS, "tune", label,
                        plover_code(core[0]["plover"]) if core else None, {"text": sent.text}))
    return out


def extract(examples, coder) -> list[Item]:
    """Parse each example once and compute its features, trigger keys and role rows."""
    items = []
    stream = ((ex[5]["text"], ex) for ex in examples)
    for doc, ex in coder.nlp.pipe(stream, as_tuples=True, batch_size=64):
        rid, source, split, label, code, extra = ex
        sents = [s for s in doc.sents if s.text.strip()]
        if not sents:
            continue
        sent = max(sents, key=len) if source != SYNTHETIC else sents[0]
        item = Item(rid, source, split, label, code, F.sparse(sent), None,
                    T.trigger_keys(sent), text=sent.text)
        if source == CONFLIBERT and (extra["labels"].get("spans")):
            actors = coder.finder.annotate(doc, None)
            spans = gold_spans(doc.text, extra["labels"])
            trig = T.trigger(sent)
            cands = R.candidates(sent, trig, actors)
            for cand, feats in zip(cands, R.features_for(cands, trig)):
                a = (cand.actor.start_char, cand.actor.end_char)
                is_s = any(a[0] < b and g < a[1] for g, b in spans["source"])
                is_t = any(a[0] < b and g < a[1] for g, b in spans["target"])
                item.role_rows.append((feats, int(is_s), int(is_t)))
        items.append(item)
    return items


# --- the sentence model ------------------------------------------------------------------------
def build_matrix(items, vocab_index, idf, dense_mean, dense_scale, dense_weight):
    from scipy.sparse import csr_matrix, hstack

    from dyad.detect.model import log_tf

    rows, cols, vals = [], [], []
    for i, it in enumerate(items):
        c, v = log_tf(it.bag, vocab_index, idf)
        rows += [i] * len(c)
        cols += c.tolist()
        vals += v.tolist()
    xs = csr_matrix((vals, (rows, cols)), shape=(len(items), len(vocab_index)))
    if not dense_weight:
        return xs
    d = np.stack([((it.dense if it.dense is not None else dense_mean) - dense_mean) / dense_scale
                  for it in items]) * dense_weight
    return hstack([xs, csr_matrix(d)]).tocsr()


def fit_sentence(train: list[Item], c: float, min_df: int, dense_weight: float,
                 dense_kind: str = "none", folds: int = 5):
    from sklearn.linear_model import LogisticRegression

    df = Counter()
    for it in train:
        df.update(it.bag.keys())
    vocab = sorted(f for f, n in df.items() if n >= min_df)
    index = {f: i for i, f in enumerate(vocab)}
    n = len(train)
    idf = np.array([np.log((1 + n) / (1 + df[f])) + 1.0 for f in vocab])
    dense = [it.dense for it in train if it.dense is not None]
    if dense_weight and dense:
        mean = np.stack(dense).mean(axis=0)
        scale = np.stack(dense).std(axis=0) + 1e-6
    else:
        mean = scale = np.zeros(0)
        dense_weight = 0.0
    x = build_matrix(train, index, idf, mean, scale, dense_weight)
    y = np.array([it.label for it in train])

    def model():
        return LogisticRegression(C=c, max_iter=2000, class_weight="balanced")

    # out-of-fold scores for the temperature
    oof = np.zeros((n, 5))
    fold = np.arange(n) % folds
    for k in range(folds):
        m = model().fit(x[fold != k], y[fold != k])
        oof[fold == k] = m.decision_function(x[fold == k])
    temps = np.linspace(0.3, 3.0, 55)
    nll = [-np.log(softmax(oof / t)[np.arange(n), y] + 1e-12).mean() for t in temps]
    temperature = float(temps[int(np.argmin(nll))])
    m = model().fit(x, y)
    v = len(vocab)
    coef = m.coef_.T  # (V + D, 5)
    w_dense = coef[v:] if dense_weight else np.zeros((0, 5))
    return SentenceModel(vocab, idf.astype(np.float32), coef[:v].astype(np.float32),
                         mean.astype(np.float32), scale.astype(np.float32),
                         w_dense.astype(np.float32), m.intercept_.astype(np.float32),
                         dense_weight, temperature, dense_kind), oof, y


# --- the type table and the role model -----------------------------------------------------------
def type_table(items: list[Item], pattern_weight: float, synthetic_weight: float):
    table: dict[str, Counter] = defaultdict(Counter)
    for p in load_patterns():
        if pentaclass_safe(p.cameo) is None:
            continue
        if p.pos == "verb":
            if p.object and p.lemmas and set(p.lemmas) & F.LIGHT:
                for obj in p.object:
                    table["n:" + obj][p.cameo] += pattern_weight
            if not p.object:
                for lem in p.lemmas:
                    table["v:" + lem][p.cameo] += pattern_weight
                    table["x:" + lem][p.cameo] += pattern_weight
        else:
            for lem in p.lemmas:
                table["n:" + lem][p.cameo] += pattern_weight
    by_quad: Counter = Counter()
    for it in items:
        if it.split != "tune" or not it.code:
            continue
        w = synthetic_weight if it.source == SYNTHETIC else 1.0
        for key in it.keys:
            table[key][it.code] += w
        q = pentaclass_safe(it.code)
        if q:
            by_quad[(q, it.code)] += w
    fallback = {}
    for q in range(1, 5):
        codes = [(n, c) for (qq, c), n in by_quad.items() if qq == q]
        if codes:
            fallback[q] = max(codes)[1]
    return {k: sorted((c, float(w)) for c, w in v.items()) for k, v in table.items()}, fallback


def pentaclass_safe(code: str) -> int | None:
    try:
        return T.pentaclass_of(code)
    except KeyError:
        return None


def fit_roles(items: list[Item], c: float = 1.0) -> RoleModel:
    from sklearn.linear_model import LogisticRegression

    rows = [r for it in items if it.split == "tune" for r in it.role_rows]
    feats = sorted({f for fs, _, _ in rows for f in fs})
    index = {f: i for i, f in enumerate(feats)}
    x = np.zeros((len(rows), len(feats)))
    for i, (fs, _, _) in enumerate(rows):
        for f in fs:
            x[i, index[f]] = 1.0
    w = np.zeros((len(feats), 2))
    b = np.zeros(2)
    for col in (0, 1):
        y = np.array([r[1 + col] for r in rows])
        m = LogisticRegression(C=c, max_iter=2000).fit(x, y)
        w[:, col], b[col] = m.coef_[0], m.intercept_[0]
    return RoleModel(feats, w.astype(np.float32), b.astype(np.float32))


# --- reporting (aggregates only) ----------------------------------------------------------------
def macro_f1(y: np.ndarray, p: np.ndarray) -> float:
    f1s = []
    for k in range(5):
        tp = int(((p == k) & (y == k)).sum())
        fp = int(((p == k) & (y != k)).sum())
        fn = int(((p != k) & (y == k)).sum())
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(f1s))


def ece(probs: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    conf, pred = probs.max(axis=1), probs.argmax(axis=1)
    total = 0.0
    for lo in np.linspace(0, 1, bins, endpoint=False):
        sel = (conf >= lo) & (conf < lo + 1 / bins)
        if sel.any():
            total += sel.mean() * abs((pred[sel] == y[sel]).mean() - conf[sel].mean())
    return float(total)


def embed(items: list[Item], cache: Path | None) -> None:
    """Each item's MiniLM sentence embedding (dyad.detect.encoder), cached by text digest."""
    from dyad.detect import encoder

    items = [it for it in items if it.source != SYNTHETIC]  # those only feed the type table
    texts = [it.text for it in items]
    key = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    path = cache / f"minilm-{key}.npy" if cache else None
    if path is not None and path.exists():
        vecs = np.load(path)
    else:
        vecs = encoder.load().encode(texts)
        if path is not None:
            np.save(path, vecs)
    for it, v in zip(items, vecs):
        it.dense = v


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, help="default: the shipped file of the --dense kind")
    ap.add_argument("--dense", choices=("none", "minilm"), default="none",
                    help="dense block: none, or the MiniLM sentence embedding (dyad.detect.encoder)")
    ap.add_argument("--cache", type=Path, help="keep parsed features here between runs")
    ap.add_argument("--c", type=float, default=4.0, help="inverse L2 strength, sentence model")
    ap.add_argument("--min-df", type=int, default=2)
    ap.add_argument("--dense-weight", type=float, default=0.05,
                    help="scale of the standardised embedding block against the (unit-length) "
                         "sparse block; used with --dense minilm")
    ap.add_argument("--synthetic", type=int, default=1500,
                    help="synthetic stories used for the type table (first N; 0 = none)")
    ap.add_argument("--pattern-weight", type=float, default=2.0)
    ap.add_argument("--synthetic-weight", type=float, default=0.3)
    ap.add_argument("--realnews", action="store_true",
                    help="also train on the sentences of the real-news gold's tune articles (not "
                         "the shipped model's setting: README, 'The learned event detector')")
    args = ap.parse_args(argv)

    from dyad.coder import Coder, Options

    gold = gold_dir()
    cache = args.cache / f"items-{args.synthetic}-{int(args.realnews)}.pkl" \
        if args.cache else None
    if cache is not None and cache.exists():
        items = pickle.loads(cache.read_bytes())
    else:
        coder = Coder(Options(second_opinion=False, detector=False))
        examples = raw_examples(gold, args.synthetic)
        if args.realnews:
            examples += realnews_examples(coder.nlp)
        items = extract(examples, coder)
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            cache.write_bytes(pickle.dumps(items))
    dense_weight = args.dense_weight if args.dense == "minilm" else 0.0
    if dense_weight:
        embed(items, args.cache)
    train = [it for it in items if it.split == "tune" and it.label is not None
             and it.source != SYNTHETIC]
    sentence, oof, y = fit_sentence(train, args.c, args.min_df, dense_weight, args.dense)
    types, fallback = type_table(items, args.pattern_weight, args.synthetic_weight)
    roles = fit_roles(items)
    meta = {"script": "scripts/train_detector.py", "sentences": str(len(train)),
            "trained_on": ", ".join(f"{n} {_sha(gold / n)} (tune ids)"
                                    for n in (CONFLIBERT, GSR, PETRARCH))
            + (f", {REALNEWS}" if args.realnews else ""),
            "args": json.dumps({k: str(v) for k, v in vars(args).items() if k not in ("out", "cache")})}
    model = DetectorModel(sentence, types, fallback, roles, meta)
    path = model.save(args.out or (EMBED_PATH if dense_weight else DEFAULT_PATH))
    cal = softmax(oof / sentence.temperature)
    print(f"wrote {path} ({path.stat().st_size:,} bytes; {len(sentence.vocab):,} features, "
          f"{len(types):,} trigger keys, {len(roles.features)} role features; "
          f"temperature {sentence.temperature:.2f}, out-of-fold ECE {ece(cal, y):.3f}, "
          f"out-of-fold macro-F1 on tune {macro_f1(y, oof.argmax(1)):.3f})")
    val = [it for it in items if it.split == "validation" and it.label is not None
           and it.source == CONFLIBERT]
    probs = sentence.predict_proba([it.bag for it in val], [it.dense for it in val])
    yv = np.array([it.label for it in val])
    print(f"ConfliBERT validation, sentence model alone: macro-F1 {macro_f1(yv, probs.argmax(1)):.3f}"
          f" accuracy {(probs.argmax(1) == yv).mean():.3f} ECE {ece(probs, yv):.3f} (n={len(val)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
