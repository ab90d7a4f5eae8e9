"""What the pages read and write, cached: the model, scores, store queries, first-start sample data.

Pages call these functions instead of the library directly, so moving between pages re-uses
the model and earlier results instead of loading or scoring again. Store queries are cached
under the store's version (its newest score and review ids): any write, from the dashboard or
from the CLI, makes the next page run read afresh, and nothing is read twice otherwise.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from scoring import review, store

SAMPLE_ARTICLES = Path(__file__).resolve().parents[2] / "data" / "sample_articles.csv"
REVIEW_QUEUE_LENGTH = 50
OUTLET_ARTICLES_LISTED = 200
# What scoring.outlets calls articles stored without an outlet.
NO_OUTLET = "(no outlet)"
# Only what the Outlets page aggregates (the counts are the ones scoring.outlets reads): 100,000
# rows of these load several times faster than store.latest_scores, which also parses features.
_SCORED_ARTICLES_COLUMNS = [
    "outlet", "published", "score",
    "named_sources", "unnamed_sources", "hedges", "boosters", "assessments", "words",
]  # fmt: skip
_SCORED_ARTICLES_QUERY = (
    "SELECT a.outlet, a.published, "
    + ", ".join(f"s.{c}" for c in _SCORED_ARTICLES_COLUMNS[2:])
    + f" FROM articles a {store._LATEST_JOIN}"
)


def db_path() -> str:
    """The store this dashboard shows: $RELIABILITY_DB (set by ``reliability dashboard --db``)."""
    return str(store.resolve_db().resolve())


def store_version(db: str) -> tuple[int, int]:
    """(newest score id, newest review id): changes whenever anything is scored or reviewed."""
    with store.opened(db) as conn:
        row = conn.execute("SELECT (SELECT ifnull(max(id), 0) FROM scores), (SELECT ifnull(max(id), 0) FROM reviews)")
        return tuple(row.fetchone())


@st.cache_resource(show_spinner="Loading the scoring model ...")
def model():
    from scoring.model import load_model

    return load_model()


@st.cache_data(max_entries=64, show_spinner="Scoring ...")
def score_article(text: str, title: str | None):
    """The ArticleScore of one text (cached, so revisiting a page does not score again)."""
    from scoring.model import score

    return score(text, title, model=model())


def band_meaning(band_name: str) -> str:
    from scoring.model import BANDS

    for band in BANDS:
        if band.name == band_name:
            return f"{band.name} ({band.low:.0f}-{band.high:.0f}): {band.meaning}"
    return ""


@st.cache_resource(show_spinner="Preparing the store ...")
def load_sample_data(db: str) -> int:
    """On a first start with an empty store, import the sample articles; how many were added.

    Cached per store file, so the check runs once per server process.
    """
    with store.opened(db) as conn:
        if conn.execute("SELECT count(*) FROM articles").fetchone()[0] or not SAMPLE_ARTICLES.is_file():
            return 0
    frame = pd.read_csv(SAMPLE_ARTICLES, dtype=str, keep_default_na=False)
    return store.import_frame(db, frame, model=model()).added


def scored_articles(db: str) -> pd.DataFrame:
    """Every stored article's outlet, date, latest score and evidence counts (no text, no title)."""
    return _scored_articles(db, store_version(db))


@st.cache_data(max_entries=8, show_spinner="Reading the store ...")
def _scored_articles(db: str, version: tuple[int, int]) -> pd.DataFrame:
    with store.opened(db) as conn:
        cursor = conn.cursor()
        cursor.row_factory = None  # plain tuples: a third faster than sqlite3.Row for 100,000 rows
        rows = cursor.execute(_SCORED_ARTICLES_QUERY).fetchall()
    frame = pd.DataFrame.from_records(rows, columns=_SCORED_ARTICLES_COLUMNS)
    frame["outlet"] = frame["outlet"].fillna(NO_OUTLET)
    frame["score"] = frame["score"].astype(float)
    return frame


def outlet_articles(db: str, outlet: str, since=None, until=None) -> pd.DataFrame:
    """An outlet's most recent articles in the period: article_id, published, title, score, band."""
    return _outlet_articles(db, store_version(db), outlet, since, until)


@st.cache_data(max_entries=64)
def _outlet_articles(db: str, version: tuple[int, int], outlet: str, since, until) -> pd.DataFrame:
    low, high = store.period_bounds(since, until)
    query = (
        f"SELECT a.id AS article_id, a.published, a.title, s.score, s.band FROM articles a {store._LATEST_JOIN}"
        " WHERE a.outlet IS ? AND (? IS NULL OR a.published >= ?) AND (? IS NULL OR a.published < ?)"
        " ORDER BY a.published DESC LIMIT ?"
    )
    with store.opened(db) as conn:
        stored_outlet = None if outlet == NO_OUTLET else outlet
        rows = conn.execute(query, (stored_outlet, low, low, high, high, OUTLET_ARTICLES_LISTED)).fetchall()
    return pd.DataFrame(rows, columns=["article_id", "published", "title", "score", "band"])


def stored_article(db: str, article_id: str) -> dict | None:
    return _stored_article(db, store_version(db), article_id)


@st.cache_data(max_entries=256)
def _stored_article(db: str, version: tuple[int, int], article_id: str) -> dict | None:
    return store.get_article(db, article_id)


def review_queue(db: str) -> pd.DataFrame:
    return _review_queue(db, store_version(db))


@st.cache_data(max_entries=8, show_spinner="Building the review queue ...")
def _review_queue(db: str, version: tuple[int, int]) -> pd.DataFrame:
    return review.queue(db, limit=REVIEW_QUEUE_LENGTH)


def article_reviews(db: str, article_id: str) -> pd.DataFrame:
    return _article_reviews(db, store_version(db), article_id)


@st.cache_data(max_entries=256)
def _article_reviews(db: str, version: tuple[int, int], article_id: str) -> pd.DataFrame:
    return review.reviews(db, article_id)


def save_article(text: str, title: str | None, outlet: str, url: str | None) -> str:
    """Store an article with its (cached) score; its id."""
    article = {"text": text, "title": title, "outlet": outlet, "url": url}
    return store.save_scored_article(db_path(), article, score_article(text, title))


def add_review(article_id: str, reviewer: str, verdict: str, notes: str,
               corrected_score: float | None, corrected_band: str | None) -> int:
    """Record a review (ValueError, nothing written, when a field is unusable); its id."""
    return review.add_review(db_path(), article_id, reviewer, verdict, notes, corrected_score, corrected_band)
