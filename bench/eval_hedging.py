"""Accuracy of find_hedges on the Szeged Uncertainty Corpus (Wikipedia), CoNLL-2010 style.

    python bench/eval_hedging.py [DATA_DIR] [--by-cue]

Reads DATA_DIR/hedging/szeged_wikipedia_sentences.csv (default DATA_DIR: ../shared/data from the
repository root). Prints sentence-level precision/recall/F1 of "has a hedge" against the gold
``uncertain`` label, and cue-level figures (a predicted cue counts when it overlaps a gold cue).

Approximators ("about 40") are left out of the scored hedges: they mark imprecision, which the
Szeged/CoNLL-2010 annotation does not count as uncertainty. ``--by-cue`` prints, per canonical
cue, how often it was found and how often it overlapped a gold cue (to curate the lexicon).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import pandas as pd

from scoring.signals.hedging import find_hedges

REPO = Path(__file__).resolve().parent.parent
NOT_UNCERTAINTY = {"approximator"}


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", default=str(REPO.parent / "shared" / "data"))
    parser.add_argument("--by-cue", action="store_true", help="print precision per canonical cue")
    args = parser.parse_args()
    path = Path(args.data_dir) / "hedging" / "szeged_wikipedia_sentences.csv"
    if not path.is_file():
        raise SystemExit(f"eval_hedging: no such file {path} (pass the data folder as the first argument)")
    frame = pd.read_csv(path)

    sentence = Counter()
    cue = Counter()
    found = Counter()
    correct = Counter()
    for text, cues_json, uncertain in zip(frame["text"], frame["cues"], frame["uncertain"], strict=True):
        text = str(text)
        gold = [(c["start"], c["end"]) for c in json.loads(cues_json)]
        predicted = [h for h in find_hedges(text) if h.kind not in NOT_UNCERTAINTY]
        has_hedge = bool(predicted)
        sentence["tp" if has_hedge and uncertain else "fp" if has_hedge else "fn" if uncertain else "tn"] += 1
        for h in predicted:
            hit = any(s < h.end and h.start < e for s, e in gold)
            cue["tp" if hit else "fp"] += 1
            found[h.detail] += 1
            correct[h.detail] += hit
        cue["fn"] += sum(not any(s < h.end and h.start < e for h in predicted) for s, e in gold)

    print(f"{len(frame)} sentences, {int(frame['uncertain'].sum())} uncertain, {sum(found.values())} hedges found")
    for name, counts in (("sentence", sentence), ("cue", cue)):
        p, r, f = f1(counts["tp"], counts["fp"], counts["fn"])
        print(f"{name:>8}-level  precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}")
    if args.by_cue:
        for detail, n in found.most_common():
            print(f"  {detail:<20} found {n:5d}  gold {correct[detail]:5d}  precision {correct[detail] / n:.2f}")


if __name__ == "__main__":
    main()
