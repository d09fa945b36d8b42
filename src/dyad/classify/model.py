"""A multinomial logistic regression over sparse sentence features, in numpy alone.

Training and prediction need nothing beyond numpy (which spaCy already brings): no pickles,
no scikit-learn at run time. The model file is gzip-compressed JSON (written with a zero
timestamp and rounded weights, so retraining on the same data gives the same bytes):
``{"format", "classes", "config", "vocab", "weights" (one row of 5 per vocab entry), "bias",
"meta"}``.
"""
from __future__ import annotations

import functools
import gzip
import io
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

from dyad.classify.features import features
from dyad.errors import DyadError

FORMAT = "dyad-quadclass/1"
CLASSES = (0, 1, 2, 3, 4)
CLASS_NAMES = ("statement", "verbal cooperation", "material cooperation", "verbal conflict",
               "material conflict")
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "models" / "quadclass.json.gz"


@dataclass(frozen=True)
class Config:
    """Training settings; stored in the model file so a model can be retrained the same way."""

    c: float = 64.0             # inverse L2 strength (as scikit-learn's C: larger = less regularised)
    min_df: int = 2             # keep features seen in at least this many training sentences
    char_ngrams: tuple[int, int] = (0, 0)
    max_iter: int = 300
    prune: float = 0.0          # drop features whose largest |weight| is below this after training

    def to_dict(self) -> dict[str, Any]:
        return {"c": self.c, "min_df": self.min_df, "char_ngrams": list(self.char_ngrams),
                "max_iter": self.max_iter, "prune": self.prune}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Config":
        return cls(c=float(d["c"]), min_df=int(d["min_df"]),
                   char_ngrams=tuple(d["char_ngrams"]), max_iter=int(d["max_iter"]),
                   prune=float(d.get("prune", 0.0)))


class ModelFileError(DyadError, ValueError):
    pass


@dataclass
class QuadClassifier:
    """Predicts a sentence's CAMEO QuadClass: 0 statement, 1 verbal cooperation,
    2 material cooperation, 3 verbal conflict, 4 material conflict."""

    vocab: list[str]
    weights: np.ndarray            # (n_features, 5)
    bias: np.ndarray               # (5,)
    config: Config = field(default_factory=Config)
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.index = {f: i for i, f in enumerate(self.vocab)}

    # --- prediction ----------------------------------------------------------------------------
    def _rows(self, texts: Sequence[str]):
        return _vectorize([features(t, char_ngrams=self.config.char_ngrams) for t in texts],
                          self.index)

    def decision(self, texts: Sequence[str]) -> np.ndarray:
        rows, cols, vals = self._rows(texts)
        return _scores(rows, cols, vals, self.weights, self.bias, len(texts))

    def predict_proba(self, texts: str | Sequence[str]) -> np.ndarray:
        """Class probabilities, an array of shape (n, 5) whose rows sum to 1
        (column k is QuadClass k). A single string gives shape (1, 5)."""
        if isinstance(texts, str):
            texts = [texts]
        return _softmax(self.decision(list(texts)))

    def predict(self, texts: str | Sequence[str]) -> int | list[int]:
        """The most probable QuadClass: an int for one string, a list for a sequence."""
        single = isinstance(texts, str)
        labels = self.predict_proba(texts).argmax(axis=1).tolist()
        return labels[0] if single else labels

    def explain(self, text: str, k: int = 8) -> list[tuple[str, float]]:
        """The features that pushed ``text`` most toward its predicted class (feature, weight)."""
        label = self.predict(text)
        rows, cols, vals = self._rows([text])
        contrib = [(self.vocab[c], float(v * self.weights[c, label])) for c, v in zip(cols, vals)]
        return sorted(contrib, key=lambda x: -x[1])[:k]

    # --- training ------------------------------------------------------------------------------
    @classmethod
    def train(cls, texts: Sequence[str], labels: Sequence[int], *, config: Config | None = None,
              sample_weight: Sequence[float] | None = None,
              meta: dict[str, Any] | None = None) -> "QuadClassifier":
        """Fit on ``texts`` with QuadClass ``labels`` (0–4). Deterministic: no random state."""
        config = config or Config()
        if len(texts) != len(labels):
            raise ValueError(f"{len(texts)} texts but {len(labels)} labels: give one label per text")
        bad = sorted({y for y in labels if y not in CLASSES})
        if bad:
            raise ValueError(f"labels must be QuadClass 0–4, got {bad}")
        bags = [features(t, char_ngrams=config.char_ngrams) for t in texts]
        df: dict[str, int] = {}
        for bag in bags:
            for f in bag:
                df[f] = df.get(f, 0) + 1
        vocab = sorted(f for f, n in df.items() if n >= config.min_df)
        index = {f: i for i, f in enumerate(vocab)}
        rows, cols, vals = _vectorize(bags, index)
        y = np.asarray(labels, dtype=np.int64)
        sw = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        w, b = _fit(rows, cols, vals, y, sw, len(vocab), config)
        if config.prune > 0:
            keep = np.abs(w).max(axis=1) >= config.prune
            vocab = [f for f, k in zip(vocab, keep) if k]
            w = w[keep]
        return cls(vocab, w.astype(np.float32), b.astype(np.float32), config, dict(meta or {}))

    # --- files ---------------------------------------------------------------------------------
    def to_dict(self, digits: int = 4) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "classes": {str(k): n for k, n in zip(CLASSES, CLASS_NAMES)},
            "config": self.config.to_dict(),
            "meta": self.meta,
            "bias": [_round(x, digits) for x in self.bias.tolist()],
            "vocab": self.vocab,
            "weights": [[_round(x, digits) for x in row] for row in self.weights.tolist()],
        }

    def save(self, path: str | Path) -> Path:
        """Write the model as gzip JSON; same model → same bytes (no timestamp in the gzip)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps(self.to_dict(), separators=(",", ":"), sort_keys=True).encode()
        buf = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
            gz.write(payload)
        path.write_bytes(buf.getvalue())
        return path

    @classmethod
    def from_file(cls, path: str | Path) -> "QuadClassifier":
        path = Path(path)
        try:
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                data = json.load(fh)
        except FileNotFoundError:
            raise ModelFileError(
                f"no QuadClass model at {path}. Retrain it with `python scripts/train_classifier.py`"
                " (needs ../shared/data/gold), or pass the path of an existing model file.") from None
        except (OSError, json.JSONDecodeError) as exc:
            raise ModelFileError(f"{path} is not a dyad QuadClass model (gzip JSON): {exc}") from None
        if data.get("format") != FORMAT:
            raise ModelFileError(f"{path}: format {data.get('format')!r}, expected {FORMAT!r}")
        weights = np.asarray(data["weights"], dtype=np.float32).reshape(-1, len(CLASSES))
        if weights.shape[0] != len(data["vocab"]):
            raise ModelFileError(f"{path}: {len(data['vocab'])} features but {weights.shape[0]} weight rows")
        return cls(list(data["vocab"]), weights, np.asarray(data["bias"], dtype=np.float32),
                   Config.from_dict(data["config"]), dict(data.get("meta", {})))

    @classmethod
    def load(cls, path: str | Path | None = None) -> "QuadClassifier":
        """The shipped model (or the one at ``path``), loaded once and cached."""
        return _load_cached(str(Path(path).resolve()) if path else str(DEFAULT_PATH))


@functools.lru_cache(maxsize=4)
def _load_cached(path: str) -> QuadClassifier:
    return QuadClassifier.from_file(path)


def _round(x: float, digits: int) -> float:
    return float(f"{x:.{digits}g}") if x else 0.0


# --- sparse linear algebra in plain numpy ---------------------------------------------------------
def _vectorize(bags: Iterable[dict[str, int]], index: dict[str, int]):
    """COO triplets of the sublinear-tf, L2-normalised feature matrix."""
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for r, bag in enumerate(bags):
        hits = [(index[f], 1.0 + math.log(n)) for f, n in bag.items() if f in index]
        if not hits:
            continue
        norm = math.sqrt(sum(v * v for _, v in hits))
        for c, v in hits:
            rows.append(r)
            cols.append(c)
            vals.append(v / norm)
    return (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64),
            np.asarray(vals, dtype=np.float64))


def _scores(rows, cols, vals, w, b, n) -> np.ndarray:
    if len(rows) == 0:
        return np.tile(np.asarray(b, dtype=np.float64), (n, 1))
    contrib = w[cols].astype(np.float64) * vals[:, None]
    z = np.zeros((n, w.shape[1]))
    _add_rows(z, rows, contrib)
    return z + b


def _add_rows(z, rows, contrib) -> None:
    for k in range(z.shape[1]):
        z[:, k] += np.bincount(rows, weights=contrib[:, k], minlength=z.shape[0])


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _fit(rows, cols, vals, y, sw, n_features, config: Config):
    """Minimise weighted mean cross-entropy + ||W||² / (2·C·n) with L-BFGS (deterministic)."""
    n, k = len(y), len(CLASSES)
    sw = sw / sw.sum()
    lam = 1.0 / (config.c * n)
    onehot = np.zeros((n, k))
    onehot[np.arange(n), y] = 1.0

    def objective(theta):
        w = theta[:-k].reshape(n_features, k)
        b = theta[-k:]
        z = np.zeros((n, k))
        _add_rows(z, rows, w[cols] * vals[:, None])
        z += b
        zmax = z.max(axis=1, keepdims=True)
        logp = z - zmax - np.log(np.exp(z - zmax).sum(axis=1, keepdims=True))
        loss = -(sw * (onehot * logp).sum(axis=1)).sum() + 0.5 * lam * (w * w).sum()
        g = (np.exp(logp) - onehot) * sw[:, None]
        gw = np.empty_like(w)
        gv = g[rows] * vals[:, None]
        for j in range(k):
            gw[:, j] = np.bincount(cols, weights=gv[:, j], minlength=n_features)
        gw += lam * w
        return loss, np.concatenate([gw.ravel(), g.sum(axis=0)])

    theta = _lbfgs(objective, np.zeros(n_features * k + k), config.max_iter)
    return theta[:-k].reshape(n_features, k), theta[-k:]


def _lbfgs(fun, x, max_iter: int, m: int = 10, tol: float = 1e-6):
    f, g = fun(x)
    s_hist: list[np.ndarray] = []
    y_hist: list[np.ndarray] = []
    for it in range(max_iter):
        if np.abs(g).max() < tol:
            break
        q = g.copy()
        alphas = []
        for s, yv in zip(reversed(s_hist), reversed(y_hist)):
            rho = 1.0 / yv.dot(s)
            a = rho * s.dot(q)
            alphas.append((rho, a))
            q -= a * yv
        if s_hist:
            q *= s_hist[-1].dot(y_hist[-1]) / y_hist[-1].dot(y_hist[-1])
        else:
            q /= max(1.0, np.linalg.norm(g))
        for (s, yv), (rho, a) in zip(zip(s_hist, y_hist), reversed(alphas)):
            bcoef = rho * yv.dot(q)
            q += (a - bcoef) * s
        d = -q
        slope = g.dot(d)
        if slope >= 0:               # not a descent direction: restart from steepest descent
            s_hist.clear(), y_hist.clear()
            d, slope = -g, -g.dot(g)
        step = 1.0
        while True:
            x_new = x + step * d
            f_new, g_new = fun(x_new)
            if f_new <= f + 1e-4 * step * slope or step < 1e-10:
                break
            step *= 0.5
        s, yv = x_new - x, g_new - g
        if yv.dot(s) > 1e-12:
            s_hist.append(s)
            y_hist.append(yv)
            if len(s_hist) > m:
                s_hist.pop(0), y_hist.pop(0)
        if abs(f - f_new) < 1e-10 * max(1.0, abs(f)):
            x, f, g = x_new, f_new, g_new
            break
        x, f, g = x_new, f_new, g_new
    return x
