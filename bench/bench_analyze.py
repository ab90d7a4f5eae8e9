"""Speed of scoring.analyze on real articles, on one core.

    python bench/bench_analyze.py [DATA_DIR] [--profile]

Runs ``analyze(text, title)`` over every article of DATA_DIR/articles/misinfotext_buzzfeed.csv
(default DATA_DIR: ../shared/data from the repository root) and prints articles/s and MB/s, then
the time for one text of about 1 MB and of about 2 MB built from those articles, to show that the
time grows linearly with length. ``--profile`` adds the time spent in each signal finder.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd

from scoring import analysis
from scoring.analysis import analyze
from scoring.signals.attribution import find_attributions, find_quotes
from scoring.text import split_sentences

REPO = Path(__file__).resolve().parent.parent


def timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def profile(texts: list[str]) -> None:
    """Seconds per 1,000 articles for each finder that analyze() calls."""
    finders = {
        "split_sentences": split_sentences,
        "find_quotes": find_quotes,
        "find_hedges": analysis.find_hedges,
        "find_boosters": analysis.find_boosters,
        "find_numbers": analysis.find_numbers,
        "find_dates": analysis.find_dates,
        "find_first_person": analysis.find_first_person,
        "find_loaded_words": analysis.find_loaded_words,
    }
    for name, finder in finders.items():
        seconds = sum(timed(finder, t) for t in texts)
        print(f"  {name:<22} {seconds / len(texts) * 1000:7.3f} ms/article")
    sentences = [split_sentences(t) for t in texts]
    seconds = sum(timed(find_attributions, t, s) for t, s in zip(texts, sentences, strict=True))
    print(f"  {'find_attributions':<22} {seconds / len(texts) * 1000:7.3f} ms/article")
    attributions = [find_attributions(t, s) for t, s in zip(texts, sentences, strict=True)]
    seconds = sum(
        timed(analysis.find_assessments, t, s, a) for t, s, a in zip(texts, sentences, attributions, strict=True)
    )
    print(f"  {'find_assessments':<22} {seconds / len(texts) * 1000:7.3f} ms/article")


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
    start = time.perf_counter()
    for text, title in zip(texts, titles, strict=True):
        analyze(text, title)
    seconds = time.perf_counter() - start
    print(f"{len(texts)} articles, {megabytes:.1f} MB in {seconds:.2f} s: "
          f"{len(texts) / seconds:.0f} articles/s, {megabytes / seconds:.2f} MB/s")

    joined = "\n\n".join(texts)
    for size in (1_000_000, 2_000_000):
        big = (joined * (size // len(joined) + 1))[:size]
        print(f"one {size / 1e6:.0f} MB text: {timed(analyze, big):.2f} s")
    if args.profile:
        profile(texts)


if __name__ == "__main__":
    main()
