"""The shipped sample data: shape, fictional domains and ratings coverage."""

from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest

from scoring.text import word_count

DATA = Path(__file__).resolve().parents[2] / "data"
COLUMNS = ["id", "outlet", "url", "published", "author", "title", "text"]


@pytest.fixture(scope="module")
def articles() -> pd.DataFrame:
    return pd.read_csv(DATA / "sample_articles.csv", dtype=str, keep_default_na=False)


def test_columns_are_exactly_the_documented_ones(articles):
    assert list(articles.columns) == COLUMNS


def test_enough_articles_and_outlets(articles):
    assert len(articles) >= 60
    assert articles["outlet"].nunique() >= 6
    assert articles["outlet"].value_counts().min() >= 12


def test_ids_are_unique_and_non_empty(articles):
    assert articles["id"].str.strip().ne("").all()
    assert articles["id"].is_unique


def test_dates_parse_and_span_at_least_four_months(articles):
    dates = pd.to_datetime(articles["published"], format="%Y-%m-%d", errors="raise")
    assert (dates.max() - dates.min()).days >= 4 * 30


def test_every_url_is_https_on_its_own_outlet_domain(articles):
    for row in articles.itertuples():
        parts = urlsplit(row.url)
        assert parts.scheme == "https", row.id
        assert parts.hostname == row.outlet, row.id
        assert parts.path.strip("/"), row.id


def test_every_domain_is_in_the_reserved_example_tld(articles):
    for outlet in articles["outlet"].unique():
        assert outlet.endswith(".example"), outlet


@pytest.mark.parametrize("column", ["title", "text"])
def test_titles_and_texts_are_filled(articles, column):
    assert articles[column].str.strip().ne("").all()


def test_every_text_is_article_length(articles):
    words = articles["text"].map(word_count)
    short = articles.loc[words < 150, "id"].tolist()
    assert short == []


def test_sample_article_file_is_one_of_the_articles(articles):
    sample = (DATA / "sample_article.txt").read_text(encoding="utf-8")
    headline, _, body = sample.partition("\n")
    match = articles[articles["title"] == headline.strip()]
    assert len(match) == 1
    assert match["text"].iloc[0].strip() == body.strip()


def test_ratings_cover_every_outlet_within_zero_to_one(articles):
    ratings = pd.read_csv(DATA / "sample_outlet_ratings.csv")
    assert list(ratings.columns) == ["outlet", "rating"]
    assert ratings["outlet"].is_unique
    assert set(articles["outlet"]) <= set(ratings["outlet"])
    assert ratings["rating"].between(0, 1).all()
