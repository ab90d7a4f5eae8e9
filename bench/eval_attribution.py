"""Measure find_attributions against PolNeAR and our source-kind labels, and print the figures.

    .venv/bin/python bench/eval_attribution.py [DATA_DIR] [--errors N]

1. PolNeAR training split (one annotator per article: the first in sorted order).
   Precision: an extracted attribution is correct when its source or cue overlaps the source or
   cue of a gold attribution. Recall: over gold attributions whose cue contains a reporting verb
   (REPORTING_VERBS below), the share that an extracted source or cue overlaps the same way.
   Source boundaries: for each extracted source overlapping a gold source, the Dice overlap of
   their characters with the best such gold source, and the share that match exactly.
2. Source kind on sourcing/sourcing_dev.csv (our hand labels, ``resolved_label``): for each gold
   source span, the kind of the extracted attribution whose source overlaps it most.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from scoring.signals.attribution import SOURCE_KINDS, find_attributions
from scoring.text import split_sentences

REPORTING_VERBS = frozenset({
    "say", "said", "says", "told", "tell", "according", "added", "wrote", "noted", "stated", "argued",
    "claimed", "warned", "denied", "confirmed", "acknowledged", "insisted", "explained", "announced",
    "tweeted", "asked", "reported",
})
NAMED = {"named_person", "named_org", "document"}


def ranges(offsets: str) -> list[tuple[int, int]]:
    """``"12 20;31 40"`` -> [(12, 20), (31, 40)]; empty or missing -> []."""
    out = []
    for part in (offsets or "").split(";"):
        bits = part.split()
        if len(bits) == 2:
            out.append((int(bits[0]), int(bits[1])))
    return out


def overlaps(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def boundary_agreement(found: tuple[int, int], gold: list[tuple[int, int]]) -> float:
    """Dice overlap of the characters of a found source span and a gold one (several ranges)."""
    gold_chars = {c for s, e in gold for c in range(s, e)}
    found_chars = set(range(*found))
    if not gold_chars or not found_chars:
        return 0.0
    return 2 * len(found_chars & gold_chars) / (len(found_chars) + len(gold_chars))


def has_reporting_verb(cue: str) -> bool:
    words = re.findall(r"[a-z]+", cue.lower())
    return any(w in REPORTING_VERBS for w in words)


def spans_of(attribution) -> list[tuple[int, int]]:
    spans = [(attribution.cue.start, attribution.cue.end)]
    if attribution.source is not None:
        spans.append((attribution.source.start, attribution.source.end))
    return spans


def read_text(folder: Path, article: str) -> str:
    with (folder / "text" / f"{article}.txt").open(encoding="utf-8", newline="") as f:
        return f.read()


def load_gold(folder: Path) -> dict[str, list[dict]]:
    """Gold attributions per article, from the first annotator in sorted order."""
    rows = defaultdict(list)
    with (folder / "attributions.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            rows[row["article"]].append(row)
    gold = {}
    for article, article_rows in rows.items():
        annotator = min(r["annotator"] for r in article_rows)
        gold[article] = [r for r in article_rows if r["annotator"] == annotator]
    return gold


def context(text: str, start: int, end: int, width: int = 90) -> str:
    left = text[max(0, start - width):start]
    right = text[end:end + width]
    return " ".join(f"{left}[[{text[start:end]}]]{right}".split())


def eval_polnear(folder: Path, errors: int) -> dict[str, list]:
    gold = load_gold(folder)
    extracted_total = extracted_correct = 0
    recall_total = recall_hit = 0
    false_positives, misses = [], []
    source_agreement = []  # per extracted source that overlaps a gold one: how well the two agree
    predictions = {}
    seconds = 0.0
    for article, rows in sorted(gold.items()):
        text = read_text(folder, article)
        sentences = split_sentences(text)
        started = time.process_time()
        found = find_attributions(text, sentences)
        seconds += time.process_time() - started
        predictions[article] = (text, found)
        gold_spans = [ranges(r["source_offsets"]) + ranges(r["cue_offsets"]) for r in rows]
        for a in found:
            extracted_total += 1
            if any(overlaps(spans_of(a), g) for g in gold_spans):
                extracted_correct += 1
            else:
                false_positives.append((text, a))
        gold_sources = [ranges(r["source_offsets"]) for r in rows]
        for a in found:
            if a.source is not None:
                dice = max((boundary_agreement((a.source.start, a.source.end), g) for g in gold_sources), default=0.0)
                if dice > 0:
                    source_agreement.append(dice)
        found_spans = [spans_of(a) for a in found]
        for r, g in zip(rows, gold_spans, strict=True):
            if not has_reporting_verb(r["cue"]):
                continue
            recall_total += 1
            if any(overlaps(f, g) for f in found_spans):
                recall_hit += 1
            else:
                misses.append((text, r))
    print(f"PolNeAR train: {len(gold)} articles, {extracted_total} extracted, {recall_total} gold with a reporting verb")
    print(f"  precision {extracted_correct / max(1, extracted_total):.3f}   target >= 0.90")
    print(f"  recall    {recall_hit / max(1, recall_total):.3f}   target >= 0.85")
    exact = sum(d == 1.0 for d in source_agreement) / max(1, len(source_agreement))
    print(
        f"  source boundaries, {len(source_agreement)} sources overlapping a gold source: character Dice "
        f"{sum(source_agreement) / max(1, len(source_agreement)):.3f}, exact {exact:.3f}"
    )
    print(f"  find_attributions: {1000 * seconds / max(1, len(gold)):.2f} ms of cpu per article")
    for text, a in false_positives[:errors]:
        src = a.source.text if a.source else None
        print(f"  FALSE POSITIVE cue={a.cue.text!r} source={src!r}: {context(text, a.cue.start, a.cue.end)}")
    for text, r in misses[:errors]:
        (s, e), *_ = ranges(r["cue_offsets"]) or [(0, 0)]
        print(f"  MISSED source={r['source']!r} cue={r['cue']!r}: {context(text, s, e)}")
    return predictions


def f1(gold: list[str], pred: list[str], label: str) -> float:
    tp = sum(g == label and p == label for g, p in zip(gold, pred, strict=True))
    fp = sum(g != label and p == label for g, p in zip(gold, pred, strict=True))
    fn = sum(g == label and p != label for g, p in zip(gold, pred, strict=True))
    return 2 * tp / max(1, 2 * tp + fp + fn)


def macro_f1_named(gold: list[str], pred: list[str]) -> float:
    g = ["named" if k in NAMED else "unnamed" for k in gold]
    p = ["named" if k in NAMED else "unnamed" for k in pred]
    return (f1(g, p, "named") + f1(g, p, "unnamed")) / 2


def eval_kinds(data: Path, predictions: dict, errors: int) -> None:
    with (data / "sourcing" / "sourcing_dev.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    folder = data / "attribution" / "polnear_train"
    covered_gold, covered_pred = [], []
    verb_gold, verb_pred = [], []
    wrong = []
    for r in rows:
        if r["article"] not in predictions:
            predictions[r["article"]] = (text := read_text(folder, r["article"]), find_attributions(text, split_sentences(text)))
        text, found = predictions[r["article"]]
        gold_span = ranges(r["source_offsets"])
        label = r["resolved_label"]
        best, best_overlap = None, 0
        for a in found:
            if a.source is None:
                continue
            overlap = sum(max(0, min(e, a.source.end) - max(s, a.source.start)) for s, e in gold_span)
            if overlap > best_overlap:
                best, best_overlap = a, overlap
        if best is not None:
            covered_gold.append(label)
            covered_pred.append(best.kind)
            if best.kind != label:
                wrong.append((text, gold_span, r, best))
        if has_reporting_verb(r["cue"]):
            verb_gold.append(label)
            # A span no extraction overlaps counts as wrong: the opposite side of named/unnamed.
            verb_pred.append(best.kind if best else ("unnamed" if label in NAMED else "named_person"))
            if best is None:
                wrong.append((text, gold_span, r, None))
    print(f"Source kind on sourcing_dev.csv: {len(rows)} gold source spans")
    confusion = Counter(zip(covered_gold, covered_pred, strict=True))
    print("  confusion over overlapped spans (rows gold, columns extracted):")
    print("  " + " " * 14 + "".join(f"{k:>14}" for k in SOURCE_KINDS))
    for g in SOURCE_KINDS:
        print(f"  {g:>14}" + "".join(f"{confusion[g, p]:>14}" for p in SOURCE_KINDS))
    print(f"  (a) macro-F1 named vs unnamed, overlapped spans ({len(covered_gold)}): "
          f"{macro_f1_named(covered_gold, covered_pred):.3f}   target >= 0.90")
    print(f"  (b) macro-F1 named vs unnamed, reporting-verb spans ({len(verb_gold)}, misses wrong): "
          f"{macro_f1_named(verb_gold, verb_pred):.3f}   target >= 0.85")
    print(f"  (c) coverage: {len(covered_gold) / max(1, len(rows)):.3f}   target >= 0.60")
    for text, gold_span, r, a in wrong[:errors]:
        s, e = gold_span[0]
        got = f"{a.kind} source={a.source.text!r}" if a else "no overlapping source"
        print(f"  KIND gold={r['resolved_label']} got {got}: {context(text, s, e)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
    parser.add_argument("data_dir", nargs="?", type=Path, default=default, help="the shared data folder")
    parser.add_argument("--errors", type=int, default=0, help="print this many error examples of each type")
    args = parser.parse_args(argv)
    folder = args.data_dir / "attribution" / "polnear_train"
    if not (folder / "attributions.csv").is_file():
        print(f"no PolNeAR training split at {folder}", file=sys.stderr)
        return 2
    predictions = eval_polnear(folder, args.errors)
    eval_kinds(args.data_dir, predictions, args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
