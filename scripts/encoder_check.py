"""Agreement and speed of dyad's numpy MiniLM encoder (``dyad.detect.encoder``).

    python scripts/encoder_check.py [--sample 200] [--threads 2] [--gold FILE.jsonl] [--no-reference]

Embeds a sample of sentences (the text of a gold file from ../shared, else the bundled example
report's lines) with dyad's encoder and, unless ``--no-reference``, with sentence-transformers on
the same weights (a development-time check: it needs torch, which dyad itself never imports).
Prints the minimum and mean cosine between the two and each one's sentences/s on the same
sentences in this run. Exit code 1 when the minimum cosine is below 0.999.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "data" / "gold" / "cameo_quadclass_spans_train.jsonl"


def sentences(path: Path, n: int) -> list[str]:
    if path.exists():
        texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8") if line.strip()]
    else:
        texts = [t.strip() for t in (ROOT / "examples" / "wire_report.txt").read_text().split("\n")
                 if t.strip()]
    step = max(1, len(texts) // n)
    return texts[::step][:n]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, default=200)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--no-reference", action="store_true")
    args = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", str(args.threads))
    import numpy as np

    from dyad.detect import encoder

    texts = sentences(args.gold, args.sample)
    enc = encoder.load()
    enc.encode(texts[:4])
    t0, c0 = time.perf_counter(), time.process_time()
    ours = enc.encode(texts)
    t_ours, c_ours = time.perf_counter() - t0, time.process_time() - c0
    report = {"sentences": len(texts), "threads": args.threads,
              "dyad_numpy_sentences_per_s": round(len(texts) / t_ours, 1),
              "dyad_numpy_sentences_per_cpu_s": round(len(texts) / c_ours, 1)}
    if not args.no_reference:
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(args.threads)
        st = SentenceTransformer(str(enc.folder), device="cpu")
        st.encode(texts[:4])
        t0, c0 = time.perf_counter(), time.process_time()
        ref = st.encode(texts, batch_size=32, normalize_embeddings=True)
        t_ref, c_ref = time.perf_counter() - t0, time.process_time() - c0
        cos = (ours * ref).sum(axis=1) / (np.linalg.norm(ours, axis=1) * np.linalg.norm(ref, axis=1))
        report.update({"cosine_min": round(float(cos.min()), 6),
                       "cosine_mean": round(float(cos.mean()), 6),
                       "sentence_transformers_sentences_per_s": round(len(texts) / t_ref, 1),
                       "sentence_transformers_sentences_per_cpu_s": round(len(texts) / c_ref, 1),
                       "speed_vs_sentence_transformers": round(t_ref / t_ours, 2),
                       "cpu_speed_vs_sentence_transformers": round(c_ref / c_ours, 2)})
    print(json.dumps(report, indent=2))
    return 1 if report.get("cosine_min", 1.0) < 0.999 else 0


if __name__ == "__main__":
    sys.exit(main())
