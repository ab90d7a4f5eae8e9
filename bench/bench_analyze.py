"""Speed of scoring.analyze on real articles, on one core.

    python bench/bench_analyze.py [DATA_DIR] [--profile]

Runs ``analyze(text, title)`` over every article of DATA_DIR/articles/misinfotext_buzzfeed.csv
(default DATA_DIR: ../shared/data from the repository root) and prints articles/s and MB/s, then
the time for one text of about 1 MB and of about 2 MB built from those articles, to show that the
time grows linearly with length. ``--profile`` adds the time spent in each step of analyze().
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

import pandas as pd

from scoring import analysis
from scoring.analysis import analyze
from scoring.signals.attribution import find_attributions, find_quotes
from scoring.signals.cues import scan
from scoring.text import split_sentences

REPO = Path(__file__).resolve().parent.parent


def timed(fn, *args) -> float:
    """CPU seconds spent in fn(*args)."""
    start = time.process_time()
    fn(*args)
    return time.process_time() - start


def profile(texts: list[str]) -> None:
    """CPU milliseconds per article for each step of analyze(), called in analyze()'s order.

    The shared lexicon scan is timed on its own; the finders after it read its cached result.
    """
    seconds: Counter[str] = Counter()

    def run(name, fn, *args):
        start = time.process_time()
        result = fn(*args)
        seconds[name] += time.process_time() - start
        return result

    for text in texts:
        sentences = run("split_sentences", split_sentences, text)
        attributions = run("find_attributions", find_attributions, text, sentences)
        run("find_quotes", find_quotes, text)
        run("cues.scan (shared)", scan, text)
        run("find_hedges", analysis.find_hedges, text)
        run("find_boosters", analysis.find_boosters, text)
        run("find_assessments", analysis.find_assessments, text, sentences, attributions)
        run("find_numbers", analysis.find_numbers, text)
        run("find_dates", analysis.find_dates, text)
        run("find_first_person", analysis.find_first_person, text)
        run("find_loaded_words", analysis.find_loaded_words, text)
    for name, total in seconds.items():
        print(f"  {name:<22} {total / len(texts) * 1000:7.3f} ms/article (cpu)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", default=str(REPO.parent / "shared" / "data"))
    parser.add_argument("--profile", action="store_true", help="time each signal finder too")
    args = parser.parse_args()
    path = Path(args.data_dir) / "articles" / "misinfotext_buzzfeed.csv"
    if not path.is_file():
        raise SystemExit(f"bench_analyze: no such file {path} (pass the data folder as the first argument)")
    frame = pd.read_csv(path)
    texts = frame["text"].fillna("").astype(str).tolist()
    titles = frame["title"].fillna("").astype(str).tolist() if "title" in frame else [None] * len(texts)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6

    analyze(texts[0], titles[0])  # compile the lexicon patterns before timing
    wall, cpu = time.perf_counter(), time.process_time()
    for text, title in zip(texts, titles, strict=True):
        analyze(text, title)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    # CPU time is what this process used; on a busy machine wall time also counts waiting for a core.
    for label, seconds in (("wall", wall), ("cpu", cpu)):
        print(f"{len(texts)} articles, {megabytes:.1f} MB in {seconds:.2f} s {label}: "
              f"{len(texts) / seconds:.0f} articles/s, {megabytes / seconds:.2f} MB/s")

    joined = "\n\n".join(texts)
    for size in (1_000_000, 2_000_000):
        big = (joined * (size // len(joined) + 1))[:size]
        print(f"one {size / 1e6:.0f} MB text: {timed(analyze, big):.2f} s cpu")
    if args.profile:
        profile(texts)


if __name__ == "__main__":
    main()
