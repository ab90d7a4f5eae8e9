"""Build the default model's training CSV from the development corpora (never committed).

    python bench/build_training_set.py [DATA_DIR] [-o bench/_work/training_articles.csv]

Writes one row per article with ``article_id``, ``outlet`` (a domain), ``corpus`` and ``text``:
the MisInfoText BuzzFeed articles (Asr & Taboada 2019) as they are, and the PolNeAR training
articles (Newell, Margolin & Ruths 2018) with their headline paragraph and the "ABSTRACT." /
"FULL TEXT." markers of one publisher's archive removed, so neither corpus carries a layout
the other lacks. Headlines are left out on purpose: most articles have none, and a feature
that only exists for one corpus would teach the model the corpus.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pandas as pd

REPO_ROOT = Path(__file__).resolve().parent.parent

# PolNeAR publisher names -> the outlet's domain as the outlet-rating lists spell it.
POLNEAR_DOMAINS = {
    "breitbart": "breitbart.com",
    "huff-post": "huffingtonpost.com",
    "nyt": "nytimes.com",
    "politico": "politico.com",
    "usa-today": "usatoday.com",
    "wash-post": "washingtonpost.com",
    "west-journal": "westernjournal.com",
}
_ARCHIVE_MARKERS = re.compile(r"^(?:ABSTRACT|FULL TEXT)\.\s*$", re.MULTILINE)


def polnear_body(raw: str) -> str:
    """The article without its first paragraph (the headline) and archive markers."""
    parts = re.split(r"\n\s*\n", raw.strip(), maxsplit=1)
    body = parts[1] if len(parts) == 2 else parts[0]
    return _ARCHIVE_MARKERS.sub("", body).strip()


def build(data_dir: Path) -> pd.DataFrame:
    buzzfeed = pd.read_csv(data_dir / "articles" / "misinfotext_buzzfeed.csv")
    buzzfeed = pd.DataFrame(
        {
            "article_id": "buzzfeed-" + buzzfeed["article_id"].astype(str),
            "outlet": buzzfeed["outlet"],
            "corpus": "misinfotext_buzzfeed",
            "text": buzzfeed["text"],
        }
    )
    polnear_dir = data_dir / "attribution" / "polnear_train"
    metadata = pd.read_csv(polnear_dir / "metadata.tsv", sep="\t")
    texts = [
        polnear_body((polnear_dir / "text" / f"{name}.txt").read_text(encoding="utf-8"))
        for name in metadata["filename"]
    ]
    polnear = pd.DataFrame(
        {
            "article_id": "polnear-" + metadata["filename"],
            "outlet": metadata["publisher"].map(POLNEAR_DOMAINS),
            "corpus": "polnear_train",
            "text": texts,
        }
    )
    return pd.concat([buzzfeed, polnear], ignore_index=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", default=REPO_ROOT.parent / "shared" / "data", type=Path)
    parser.add_argument("-o", "--output", default=REPO_ROOT / "bench" / "_work" / "training_articles.csv", type=Path)
    args = parser.parse_args()
    articles = build(args.data_dir)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    articles.to_csv(args.output, index=False)
    print(f"wrote {len(articles)} articles from {articles['outlet'].nunique()} outlets to {args.output}")


if __name__ == "__main__":
    main()
