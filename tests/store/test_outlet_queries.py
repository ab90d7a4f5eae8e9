"""The store's outlet views aggregate each article's latest score in SQL, as scoring.outlets does in pandas."""

import pandas as pd
import pytest

from scoring import store
from scoring.outlets import NO_OUTLET, outlet_summary, outlet_trend, summarize_outlets

# Fictional articles: Sunday 2026-03-01 and Monday 2026-03-02 fall in different weeks; one
# article is stored at 23:10 UTC on the last day of March; one has no outlet; one no date.
ARTICLES = [
    {"article_id": "a", "outlet": "fenwick-post.example", "score": 40.4, "published": "2026-03-01", "named": 1, "unnamed": 3},
    {"article_id": "b", "outlet": "fenwick-post.example", "score": 70.6, "published": "2026-03-02", "named": 4, "unnamed": 0},
    {"article_id": "c", "outlet": "fenwick-post.example", "score": 55.0, "published": "2026-03-31T23:10:00Z"},
    {"article_id": "d", "outlet": "lowmere-gazette.example", "score": 81.0, "published": "2026-03-08"},
    {"article_id": "e", "outlet": "lowmere-gazette.example", "score": 62.0, "published": "2026-04-14"},
    {"article_id": "f", "outlet": "lowmere-gazette.example", "score": 30.0, "published": "not a date"},
    {"article_id": "g", "outlet": None, "score": 47.0, "published": "2026-03-09"},
]  # fmt: skip


@pytest.fixture
def filled(db, scored):
    frame = scored(ARTICLES)
    frame.loc[frame["id"] == "g", "outlet"] = None
    store.import_frame(db, frame)
    with store.opened(db) as conn:
        # A newer score for "a" (the views must use it) and a failed one for "e".
        conn.execute(
            "INSERT INTO scores (article, model_id, score, named_sources, unnamed_sources, words, scored_at)"
            " VALUES ('a', 'newer', 90.0, 5, 0, 600, 'now')"
        )
        conn.execute("INSERT INTO scores (article, model_id, error, scored_at) VALUES ('e', 'newer', 'too short', 'now')")
    return db


def _by_outlet(frame):
    return frame.sort_values("outlet").reset_index(drop=True)


def test_outlet_stats_summarize_to_the_ranking_of_the_latest_scores(filled):
    expected = outlet_summary(store.latest_scores(filled))
    ranking = summarize_outlets(store.outlet_stats(filled))
    pd.testing.assert_frame_equal(_by_outlet(ranking), _by_outlet(expected), check_exact=False, rtol=1e-9)
    stats = store.outlet_stats(filled).set_index("outlet")
    assert stats.loc["fenwick-post.example", "score_sum"] == pytest.approx(90.0 + 70.6 + 55.0)
    assert stats.loc["lowmere-gazette.example", ["articles", "errors"]].tolist() == [2, 1]
    assert stats.loc[NO_OUTLET, "articles"] == 1


@pytest.mark.parametrize(
    ("filters", "outlets"),
    [
        ({"since": "2026-03-02", "until": "2026-03-31"}, {"fenwick-post.example": 2, "lowmere-gazette.example": 1, NO_OUTLET: 1}),
        ({"outlets": ["lowmere-gazette.example"]}, {"lowmere-gazette.example": 2}),
        ({"outlets": [NO_OUTLET, "fenwick-post.example"]}, {"fenwick-post.example": 3, NO_OUTLET: 1}),
    ],
)  # fmt: skip
def test_outlet_stats_take_the_same_filters_as_latest_scores(filled, filters, outlets):
    stats = store.outlet_stats(filled, **filters)
    assert dict(zip(stats["outlet"], stats["articles"], strict=True)) == outlets


@pytest.mark.parametrize("freq", ["W", "M"])
def test_score_trend_matches_pandas_periods(filled, freq):
    trend = store.score_trend(filled, freq)
    expected = outlet_trend(store.latest_scores(filled), freq=freq)
    pd.testing.assert_frame_equal(trend, expected, check_dtype=False)


def test_weeks_start_on_monday(filled):
    weeks = store.score_trend(filled, "W", outlets=["fenwick-post.example"])
    assert weeks["period"].dt.strftime("%Y-%m-%d").tolist() == ["2026-02-23", "2026-03-02", "2026-03-30"]
    assert (weeks["period"].dt.day_of_week == 0).all()
    with pytest.raises(ValueError, match="freq"):
        store.score_trend(filled, "D")


def test_score_histogram_counts_articles_per_whole_point(filled):
    histogram = store.score_histogram(filled)
    fenwick = histogram[histogram["outlet"] == "fenwick-post.example"]
    assert list(zip(fenwick["score"], fenwick["articles"], strict=True)) == [(55, 1), (71, 1), (90, 1)]
    assert histogram["articles"].sum() == store.latest_scores(filled)["score"].notna().sum()
    assert store.score_histogram(filled, since="2026-04-01")["articles"].sum() == 0


def test_outlet_articles_lists_the_newest_first_with_their_latest_score(filled):
    listed = store.outlet_articles(filled, "fenwick-post.example", limit=2)
    assert listed["article_id"].tolist() == ["c", "b"]
    everything = store.outlet_articles(filled, "fenwick-post.example", since="2026-03-01", until="2026-03-01")
    assert everything[["article_id", "score"]].values.tolist() == [["a", 90.0]]
    assert store.outlet_articles(filled, NO_OUTLET)["article_id"].tolist() == ["g"]


def test_published_range_spans_the_dated_articles(db, filled):
    assert store.published_range(filled) == ("2026-03-01", "2026-04-14")
    assert store.published_range(db.with_name("empty.db")) is None
