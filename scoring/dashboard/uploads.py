"""Files editors upload: the size limits, decoding, and HTML reduced to its article text.

Plain functions over bytes, so they are tested without Streamlit. Nothing here fetches a URL.
"""

from __future__ import annotations

import io
from pathlib import PurePath

import pandas as pd
import trafilatura

ARTICLE_EXTENSIONS = ("txt", "md", "html", "htm")
ARTICLE_MAX_MB = 5
# The Batch page's limit; server.maxUploadSize in config.toml is the same figure.
BATCH_MAX_MB = 200


class UploadError(ValueError):
    """An upload the dashboard cannot use; the message names the file and what is wrong."""


def check_size(name: str, size: int, limit_mb: int) -> None:
    if size > limit_mb * 1024 * 1024:
        raise UploadError(f"{name} is {size / 1024 / 1024:.1f} MB; this page takes files up to {limit_mb} MB.")


def decode(data: bytes) -> str:
    """Text from bytes: UTF-8 (a BOM is dropped), undecodable bytes become U+FFFD."""
    return data.decode("utf-8-sig", errors="replace")


def article_from_upload(name: str, data: bytes) -> tuple[str | None, str]:
    """(headline or None, article text) from an uploaded .txt, .md or .html file."""
    check_size(name, len(data), ARTICLE_MAX_MB)
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in ARTICLE_EXTENSIONS:
        raise UploadError(f"{name}: expected a {', '.join('.' + e for e in ARTICLE_EXTENSIONS)} file.")
    text = decode(data)
    if extension in ("html", "htm"):
        document = trafilatura.bare_extraction(text, include_comments=False, with_metadata=True)
        if document is None or not (document.text or "").strip():
            raise UploadError(f"{name}: no article text found in this HTML page.")
        return document.title or None, document.text
    if not text.strip():
        raise UploadError(f"{name} is empty.")
    return None, text


def read_csv_upload(name: str, data: bytes) -> pd.DataFrame:
    """Every cell as text (no number or date guessing), empty cells as empty strings."""
    check_size(name, len(data), BATCH_MAX_MB)
    try:
        return pd.read_csv(
            io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig", encoding_errors="replace"
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise UploadError(f"{name} could not be read as CSV: {exc}") from exc


def read_ratings_upload(name: str, data: bytes) -> pd.DataFrame:
    """An outlet ratings table: columns ``outlet`` (or ``domain``) and a numeric ``rating``."""
    frame = read_csv_upload(name, data)
    columns = {c.strip().lower(): c for c in frame.columns}
    outlet = columns.get("outlet") or columns.get("domain")
    if outlet is None or "rating" not in columns:
        raise UploadError(
            f"{name} needs an 'outlet' (or 'domain') column and a 'rating' column; "
            f"columns found: {', '.join(frame.columns) or '(none)'}"
        )
    ratings = pd.DataFrame(
        {"outlet": frame[outlet].str.strip(), "rating": pd.to_numeric(frame[columns["rating"]], errors="coerce")}
    )
    bad = ratings["rating"].isna() | (ratings["outlet"] == "")
    if bad.any():
        rows = ", ".join(str(i + 2) for i in ratings.index[bad][:5])  # +2: the header is line 1
        raise UploadError(f"{name}: lines {rows} have no outlet or a rating that is not a number.")
    return ratings.drop_duplicates("outlet", keep="last")
