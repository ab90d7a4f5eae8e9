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


# The outlet views, aggregated in the store (never one row per article). Filters: ``since`` and
# ``until`` dates (None for all dates) and ``outlets``, a tuple of names (empty for all).


def published_range(db: str) -> tuple[str, str] | None:
    """The first and last stored publication dates, or None when no article has one."""
    return _published_range(db, store_version(db))


@st.cache_data(max_entries=8)
def _published_range(db: str, version: tuple[int, int]) -> tuple[str, str] | None:
    return store.published_range(db)


def outlet_stats(db: str, since=None, until=None, outlets: tuple[str, ...] = ()) -> pd.DataFrame:
    """Per-outlet sums (``store.outlet_stats``): ``scoring.outlets.summarize_outlets`` ranks them."""
    return _outlet_stats(db, store_version(db), since, until, outlets)


@st.cache_data(max_entries=32, show_spinner="Reading the store ...")
def _outlet_stats(db: str, version: tuple[int, int], since, until, outlets: tuple[str, ...]) -> pd.DataFrame:
    return store.outlet_stats(db, since, until, outlets)


def score_trend(db: str, freq: str, since=None, until=None, outlets: tuple[str, ...] = ()) -> pd.DataFrame:
    """Articles and mean score per outlet per week or month (``store.score_trend``)."""
    return _score_trend(db, store_version(db), freq, since, until, outlets)


@st.cache_data(max_entries=32)
def _score_trend(db: str, version: tuple[int, int], freq: str, since, until, outlets: tuple[str, ...]) -> pd.DataFrame:
    return store.score_trend(db, freq, since, until, outlets)


def score_histogram(db: str, since=None, until=None, outlets: tuple[str, ...] = ()) -> pd.DataFrame:
    """Articles per outlet and whole-point score (``store.score_histogram``)."""
    return _score_histogram(db, store_version(db), since, until, outlets)


@st.cache_data(max_entries=32)
def _score_histogram(db: str, version: tuple[int, int], since, until, outlets: tuple[str, ...]) -> pd.DataFrame:
    return store.score_histogram(db, since, until, outlets)


def outlet_articles(db: str, outlet: str, since=None, until=None) -> pd.DataFrame:
    """An outlet's most recent articles in the period: article_id, published, title, score, band."""
    return _outlet_articles(db, store_version(db), outlet, since, until)


@st.cache_data(max_entries=64)
def _outlet_articles(db: str, version: tuple[int, int], outlet: str, since, until) -> pd.DataFrame:
    return store.outlet_articles(db, outlet, since, until, limit=OUTLET_ARTICLES_LISTED)


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
