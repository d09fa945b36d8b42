"""Inter-annotator agreement on the real-news gold: annotator D's second annotation of the
articles in quality/realnews/agreement.json against the first annotation (gold_A/B/C).

    python scripts/realnews_agreement.py
Reports, over core events: (source country, target country, PLOVER type) triples per article
(the unit dyad eval scores) as P/R/F1 of D against the first annotator, and event-level trigger
overlap with the same PLOVER type; and realis agreement on events whose triggers overlap.
"""
from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parents[1] / "quality" / "realnews"


def _country(side):
    if not side or not side.get("country"):
        return None
    return side["country"][0]


def _triples(events):
    out = set()
    for e in events:
        if not e.get("core"):
            continue
        srcs = (e.get("source") or {}).get("country") or [None]
        for s in srcs:
            out.add((s, _country(e.get("target")), e["plover"]))
    return out


def _overlap(a, b):
    return min(a[1], b[1]) > max(a[0], b[0])


def _prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    ids = json.loads((HERE / "agreement.json").read_text())["articles"]
    first = {}
    for path in sorted(HERE.glob("gold_*.jsonl")):
        for line in path.open(encoding="utf-8"):
            if line.strip():
                o = json.loads(line)
                first[o["article_id"]] = o
    second = {}
    path = HERE / "agreement_D.jsonl"
    for line in path.open(encoding="utf-8"):
        if line.strip():
            o = json.loads(line)
            second[o["article_id"]] = o
    tp = fp = fn = 0
    etp = efp = efn = 0
    realis_same = realis_n = core_same = 0
    done = [i for i in ids if i in second and i in first]
    for aid in done:
        a, b = _triples(first[aid]["events"]), _triples(second[aid]["events"])
        tp += len(a & b); fp += len(b - a); fn += len(a - b)
        ea = [e for e in first[aid]["events"]]
        eb = [e for e in second[aid]["events"]]
        used = set()
        for e in eb:
            hit = next((i for i, g in enumerate(ea) if i not in used and _overlap(g["trigger"], e["trigger"])), None)
            if hit is None:
                efp += e.get("core", False)
                continue
            used.add(hit)
            g = ea[hit]
            realis_n += 1
            realis_same += g.get("realis") == e.get("realis")
            core_same += bool(g.get("core")) == bool(e.get("core"))
            if g.get("core") and e.get("core"):
                if g["plover"] == e["plover"]:
                    etp += 1
                else:
                    efp += 1; efn += 1
            elif e.get("core"):
                efp += 1
            elif g.get("core"):
                efn += 1
        efn += sum(1 for i, g in enumerate(ea) if i not in used and g.get("core"))
    p, r, f = _prf(tp, fp, fn)
    ep, er, ef = _prf(etp, efp, efn)
    print(f"articles annotated twice: {len(done)} of {len(ids)}")
    print(f"core triples (source country, target country, PLOVER): P {p:.3f} R {r:.3f} F1 {f:.3f} "
          f"(tp {tp}, only second {fp}, only first {fn})")
    print(f"core events by trigger overlap + same type: P {ep:.3f} R {er:.3f} F1 {ef:.3f}")
    if realis_n:
        print(f"on {realis_n} events both marked (trigger overlap): same realis {realis_same / realis_n:.3f}, "
              f"same core/not-core {core_same / realis_n:.3f}")


if __name__ == "__main__":
    main()
