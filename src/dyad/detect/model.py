"""The shipped detector: plain arrays in one ``.npz`` file, predicted with numpy alone.

``scripts/train_detector.py`` fits it with scikit-learn at development time. Two files ship:
``detector.npz`` (sparse features only) and ``detector_minilm.npz`` (the same features plus the
sentence's all-MiniLM-L6-v2 embedding, ``dyad.detect.encoder``); ``DetectorModel.load`` takes
the embedding model when the encoder's weights are installed, else the sparse one. Each file
holds three small models:

* the **sentence model** — a multinomial logistic regression over the sparse features of
  ``dyad.detect.features`` (log-scaled counts × idf, L2-normalised) and, in the embedding
  model, the standardised sentence embedding (``dense_kind = "minilm"``), giving each
  sentence's five-way class (0 statement or no event, 1 verbal cooperation, 2 material
  cooperation, 3 verbal conflict, 4 material conflict); probabilities are temperature-scaled
  (the temperature fitted on out-of-fold predictions);
* the **type table** — trigger lemma → CAMEO codes with weights, learned from the pattern
  lexicon and the labelled tune data (``dyad.detect.types``);
* the **role model** — two logistic regressions over an actor's grammatical relation to the
  trigger, P(source) and P(target) (``dyad.detect.roles``).
"""
from __future__ import annotations

import functools
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np
from dyad.errors import DyadError

FORMAT = "dyad-detector/1"
MODELS = Path(__file__).resolve().parent.parent / "data" / "models"
DEFAULT_PATH = MODELS / "detector.npz"          # sparse features only
EMBED_PATH = MODELS / "detector_minilm.npz"     # sparse features + MiniLM sentence embedding
DENSE_KINDS = ("none", "minilm")
N_CLASSES = 5


class DetectorFileError(DyadError, ValueError):
    pass


def log_tf(bag: Counter, index: dict[str, int], idf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One bag as (column indices, values): (1 + log count) × idf, L2-normalised."""
    cols, tf = [], []
    for f, n in bag.items():
        j = index.get(f)
        if j is not None:
            cols.append(j)
            tf.append(1.0 + math.log(n))
    c = np.asarray(cols, dtype=np.int64)
    v = np.asarray(tf, dtype=np.float64) * idf[c]  # one gather, not a numpy scalar per feature
    norm = float(np.sqrt((v * v).sum()))
    return c, (v / norm if norm > 0 else v)


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


@dataclass
class SentenceModel:
    vocab: list[str]
    idf: np.ndarray          # (V,)
    w_sparse: np.ndarray     # (V, 5)
    dense_mean: np.ndarray   # (D,)
    dense_scale: np.ndarray  # (D,)
    w_dense: np.ndarray      # (D, 5)
    bias: np.ndarray         # (5,)
    dense_weight: float = 1.0
    temperature: float = 1.0
    dense_kind: str = "none"  # what the dense block is: "none" or "minilm" (the embedding)

    def __post_init__(self) -> None:
        self.index = {f: i for i, f in enumerate(self.vocab)}
        if not self.w_dense.size:
            self.dense_kind = "none"

    @property
    def uses_embeddings(self) -> bool:
        return self.dense_kind == "minilm"

    def dense_part(self, vec: np.ndarray | None) -> np.ndarray:
        if vec is None or vec.shape != self.dense_mean.shape:
            return np.zeros_like(self.dense_mean)
        return (vec - self.dense_mean) / self.dense_scale * self.dense_weight

    def scores(self, bags: Sequence[Counter], dense: Sequence[np.ndarray | None]) -> np.ndarray:
        out = np.tile(self.bias.astype(np.float64), (len(bags), 1))
        for i, (bag, vec) in enumerate(zip(bags, dense)):
            cols, vals = log_tf(bag, self.index, self.idf)
            if cols.size:
                out[i] += vals @ self.w_sparse[cols]
            if self.w_dense.size:
                out[i] += self.dense_part(vec) @ self.w_dense
        return out

    def predict_proba(self, bags: Sequence[Counter], dense: Sequence[np.ndarray | None]) -> np.ndarray:
        """Calibrated class probabilities, shape (n, 5), rows summing to 1."""
        if not bags:
            return np.zeros((0, N_CLASSES))
        return softmax(self.scores(bags, dense) / self.temperature)


@dataclass
class RoleModel:
    features: list[str]
    w: np.ndarray  # (F, 2): columns source, target
    b: np.ndarray  # (2,)

    def __post_init__(self) -> None:
        self.index = {f: i for i, f in enumerate(self.features)}

    def proba(self, feats: Sequence[str]) -> tuple[float, float]:
        """P(source), P(target) of one candidate from its feature strings."""
        z = self.b.astype(np.float64).copy()
        for f in feats:
            j = self.index.get(f)
            if j is not None:
                z += self.w[j]
        p = 1.0 / (1.0 + np.exp(-z))
        return float(p[0]), float(p[1])


@dataclass
class DetectorModel:
    sentence: SentenceModel
    types: dict[str, list[tuple[str, float]]]  # trigger key -> [(cameo, weight)]
    fallback: dict[int, str]                    # quad class -> most frequent code
    roles: RoleModel
    meta: dict[str, str] = field(default_factory=dict)

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        keys, codes, weights = [], [], []
        for key in sorted(self.types):
            for code, w in self.types[key]:
                keys.append(key)
                codes.append(code)
                weights.append(w)
        s = self.sentence
        arrays = {
            "format": np.array(FORMAT),
            "vocab": np.array(s.vocab), "idf": s.idf.astype(np.float32),
            "w_sparse": s.w_sparse.astype(np.float32), "dense_mean": s.dense_mean.astype(np.float32),
            "dense_scale": s.dense_scale.astype(np.float32), "w_dense": s.w_dense.astype(np.float32),
            "bias": s.bias.astype(np.float32),
            "scalars": np.array([s.dense_weight, s.temperature], dtype=np.float64),
            "dense_kind": np.array(s.dense_kind),
            "type_keys": np.array(keys), "type_codes": np.array(codes),
            "type_weights": np.array(weights, dtype=np.float32),
            "fallback": np.array([self.fallback.get(k, "") for k in range(N_CLASSES)]),
            "role_features": np.array(self.roles.features), "role_w": self.roles.w.astype(np.float32),
            "role_b": self.roles.b.astype(np.float32),
            "meta_keys": np.array(sorted(self.meta)),
            "meta_values": np.array([str(self.meta[k]) for k in sorted(self.meta)]),
        }
        tmp = path.with_name(path.name + ".tmp.npz")
        np.savez_compressed(tmp, **arrays)
        tmp.replace(path)
        return path

    @classmethod
    def from_file(cls, path: str | Path) -> "DetectorModel":
        path = Path(path)
        if not path.exists():
            raise DetectorFileError(f"{path}: detector model file not found "
                                    "(rebuild it with scripts/train_detector.py)")
        try:
            with np.load(path, allow_pickle=False) as z:
                a = {k: z[k] for k in z.files}
        except (OSError, ValueError) as exc:
            raise DetectorFileError(f"{path}: not a readable detector model ({exc})") from exc
        if str(a.get("format")) != FORMAT:
            raise DetectorFileError(f"{path}: format {a.get('format')!s}, expected {FORMAT}")
        dense_weight, temperature = (float(x) for x in a["scalars"])
        kind = str(a["dense_kind"]) if "dense_kind" in a else "none"
        if kind not in DENSE_KINDS:
            raise DetectorFileError(f"{path}: dense block {kind!r}, expected one of {DENSE_KINDS}")
        sentence = SentenceModel([str(v) for v in a["vocab"]], a["idf"], a["w_sparse"],
                                 a["dense_mean"], a["dense_scale"], a["w_dense"], a["bias"],
                                 dense_weight, temperature, kind)
        types: dict[str, list[tuple[str, float]]] = {}
        for k, c, w in zip(a["type_keys"], a["type_codes"], a["type_weights"]):
            types.setdefault(str(k), []).append((str(c), float(w)))
        fallback = {k: str(c) for k, c in enumerate(a["fallback"]) if str(c)}
        roles = RoleModel([str(f) for f in a["role_features"]], a["role_w"], a["role_b"])
        meta = {str(k): str(v) for k, v in zip(a["meta_keys"], a["meta_values"])}
        return cls(sentence, types, fallback, roles, meta)

    @classmethod
    def load(cls, embeddings: bool | None = None) -> "DetectorModel":
        """The shipped model: with embeddings when ``embeddings`` is True, or None (the default)
        and the encoder is installed; else the sparse one. True without an encoder is an error."""
        if embeddings is None:
            from dyad.detect import encoder

            embeddings = EMBED_PATH.exists() and encoder.available()
        return _load_shipped(EMBED_PATH if embeddings else DEFAULT_PATH)


@functools.lru_cache(maxsize=2)
def _load_shipped(path: Path) -> DetectorModel:
    return DetectorModel.from_file(path)
