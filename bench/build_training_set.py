"""Build the default model's training CSV from the development corpora (never committed).

    python bench/build_training_set.py [DATA_DIR] [-o bench/_work/training_articles.csv]

Writes one row per article with ``article_id``, ``outlet`` (a domain), ``corpus`` and ``text``:
the MisInfoText BuzzFeed articles (Asr & Taboada 2019) with the quotation marks and dashes
that the corpus lost restored (``restore_lost_marks``) and the web-page furniture scraped with
them removed (``strip_page_furniture``; ``--as-published`` keeps the texts as the corpus has
them), and the PolNeAR training
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

# The BuzzFeed corpus replaced every non-ASCII character with "?": curly quotes, dashes and
# apostrophes. Outlets that wrote straight quotes kept them, the others lost every quotation,
# so quoted speech counted as the writer's own words. A "?" between spaces was a dash; one
# after a space and before a word opened a quotation; the first "?" after it that ends a word
# or follows punctuation, on the same line, closed it. Lost apostrophes cannot be restored
# (the corpus dropped the letters around them too) and are left alone.
_LOST_DASH = re.compile(r"(?<= )\?(?= )")
_LOST_OPENING = re.compile(r"(?:^|(?<=[\s(\[]))\?(?=[\w$])", re.MULTILINE)
_LOST_CLOSING = re.compile(r"\?(?=[\s,.;:)]|$)")


def polnear_body(raw: str) -> str:
    """The article without its first paragraph (the headline) and archive markers."""
    parts = re.split(r"\n\s*\n", raw.strip(), maxsplit=1)
    body = parts[1] if len(parts) == 2 else parts[0]
    return _ARCHIVE_MARKERS.sub("", body).strip()


# Web-page furniture scraped into some BuzzFeed texts along with the article: share bars
# ("1,234 SHARES Facebook Twitter Pinterest ...", a share widget's form labels) and closing
# promotional tails (download our app, click here, follow us on Facebook, add your name to a
# petition, share this). They are the same on every article of an outlet, so a model would
# learn the outlet's page template from them; a newsroom scores article text without them.
_SHARE_BAR = re.compile(
    r"\b(?:\d[\d,]*\s+)?(?:SHARES?\s+)*(?:(?:Share|Tweet|Email|Facebook|Twitter|Google\+?|Pinterest|Digg"
    r"|Linked[Ii]n|Reddit|Stumble[Uu]pon|Print|Delicious|Pocket|Tumblr|WhatsApp)\s*){3,}"
    r"(?:address:\s*Leave this field empty if you're human:)?"
)
_PROMOTION = re.compile(
    r"[^.!?\n]*\b(?:click(?:ing)? here|follow us on|like us on|add your name|sign the petition|share this"
    r"|subscribe to our)\b",
    re.IGNORECASE,
)
PROMOTION_TAIL_CHARS = 600  # a promotion this close to the end closes the page, not the story


def strip_page_furniture(text: str) -> str:
    """The text without share bars and without a promotional tail in its last 600 characters."""
    text = _SHARE_BAR.sub(" ", text)
    tail = _PROMOTION.search(text, max(0, len(text) - PROMOTION_TAIL_CHARS))
    return text[: tail.start()].rstrip() if tail else text


def restore_lost_marks(text: str) -> str:
    """Curly quotes and dashes back where the corpus left a "?" for them; offsets do not move."""
    text = _LOST_OPENING.sub("\u201c", _LOST_DASH.sub("\u2014", text))
    lines = []
    for line in text.split("\n"):
        chars = list(line)
        opening = line.find("\u201c")
        while opening >= 0:
            closing = _LOST_CLOSING.search(line, opening + 1)
            next_opening = line.find("\u201c", opening + 1)
            if closing is not None and (next_opening < 0 or closing.start() < next_opening):
                chars[closing.start()] = "\u201d"
            opening = next_opening
        lines.append("".join(chars))
    return "\n".join(lines)


def lose_marks(text: str) -> str:
    """What the BuzzFeed corpus did to its texts: every non-ASCII character becomes "?"."""
    return "".join(c if c.isascii() else "?" for c in text)


def build(data_dir: Path, restore: bool = True, strip_furniture: bool = True) -> pd.DataFrame:
    buzzfeed = pd.read_csv(data_dir / "articles" / "misinfotext_buzzfeed.csv")
    texts = buzzfeed["text"]
    if restore:
        texts = texts.map(restore_lost_marks, na_action="ignore")
    if strip_furniture:
        texts = texts.map(strip_page_furniture, na_action="ignore")
    buzzfeed = pd.DataFrame(
        {
            "article_id": "buzzfeed-" + buzzfeed["article_id"].astype(str),
            "outlet": buzzfeed["outlet"],
            "corpus": "misinfotext_buzzfeed",
            "text": texts,
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


def check_restore(data_dir: Path) -> None:
    """Quotation spans found in PolNeAR texts with curly quotes, before damage and after repair."""
    from scoring.signals.attribution import find_quotes

    articles = build(data_dir)
    texts = [t for t in articles.loc[articles["corpus"] == "polnear_train", "text"] if "\u201c" in t]
    original = repaired = same = lost = 0
    for text in texts:
        before = {(q.start, q.end) for q in find_quotes(text)}
        damaged = lose_marks(text)
        after = {(q.start, q.end) for q in find_quotes(restore_lost_marks(damaged))}
        original, repaired, same = original + len(before), repaired + len(after), same + len(before & after)
        lost += len(find_quotes(damaged))
    print(
        f"{len(texts)} PolNeAR articles with curly quotes: {original} quotations; after the BuzzFeed damage "
        f"{lost} are found; after restore_lost_marks {repaired}, of which {same} exactly as in the original "
        f"(recall {same / original:.3f}, precision {same / repaired:.3f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", default=REPO_ROOT.parent / "shared" / "data", type=Path)
    parser.add_argument("-o", "--output", default=REPO_ROOT / "bench" / "_work" / "training_articles.csv", type=Path)
    parser.add_argument("--as-published", action="store_true",
                        help="keep the BuzzFeed texts as the corpus has them (quotation marks lost, page furniture kept)")
    parser.add_argument("--check-restore", action="store_true",
                        help="measure restore_lost_marks on PolNeAR texts damaged the way the BuzzFeed corpus was")
    args = parser.parse_args()
    if args.check_restore:
        check_restore(args.data_dir)
        return
    articles = build(args.data_dir, restore=not args.as_published, strip_furniture=not args.as_published)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    articles.to_csv(args.output, index=False)
    print(f"wrote {len(articles)} articles from {articles['outlet'].nunique()} outlets to {args.output}")


if __name__ == "__main__":
    main()
