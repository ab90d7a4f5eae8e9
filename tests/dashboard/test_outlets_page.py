"""The Outlets page ranks outlets with intervals, shows spread, trend and sourcing, and opens their articles."""

import pandas as pd
from streamlit.testing.v1 import AppTest

from scoring import store

from .conftest import TIMEOUT


def test_outlets_are_ranked_by_shrunk_score_with_intervals(page, db, chart_with_field):
    at = page("outlets").run()
    assert not at.exception
    expected = set(store.latest_scores(db)["outlet"])
    ranking = chart_with_field(at, "shrunk_score")
    rows = next(f for f in ranking["frames"].values() if "shrunk_score" in f)
    assert set(rows["outlet"]) == expected
    assert rows["shrunk_score"].is_monotonic_decreasing
    assert (rows["ci_low"] <= rows["shrunk_score"]).all() and (rows["shrunk_score"] <= rows["ci_high"]).all()
    table = at.dataframe[0].value
    assert table["articles"].sum() == len(store.latest_scores(db))


def test_spread_trend_and_profile_are_aggregated_per_outlet(page, db, chart_with_field):
    at = page("outlets").run()
    outlets = store.latest_scores(db)["outlet"].nunique()
    (spread,) = chart_with_field(at, "q50")["frames"].values()
    assert len(spread) == outlets and (spread["q25"] <= spread["q50"]).all() and (spread["q50"] <= spread["q75"]).all()
    (trend,) = chart_with_field(at, "period")["frames"].values()
    assert set(trend.columns) >= {"outlet", "period", "mean_score", "articles"}
    for measure in ("unnamed_source_share", "hedges_per_1000_words", "assessments_per_1000_words"):
        (profile,) = chart_with_field(at, measure)["frames"].values()
        assert len(profile) == outlets


def test_filters_narrow_the_ranking(page, db):
    at = page("outlets").run()
    everything = at.dataframe[0].value["articles"].sum()
    first, last = at.date_input(key="outlets.dates").value
    at.date_input(key="outlets.dates").set_value((first, first + (last - first) / 2)).run()
    assert 0 < at.dataframe[0].value["articles"].sum() < everything
    at.number_input(key="outlets.min").set_value(10_000).run()
    assert "No outlet matches these filters" in at.warning[0].value


def test_an_outlets_article_opens_on_the_article_page(db):
    def outlets_then_article():
        import streamlit as st

        from scoring.dashboard.views import article, outlets, page_of

        st.navigation([page_of(outlets), page_of(article)]).run()

    at = AppTest.from_function(outlets_then_article, default_timeout=TIMEOUT).run()
    outlet = at.selectbox(key="outlets.articles_of").value
    chosen = at.selectbox(key="outlets.article").value
    stored = store.get_article(db, chosen)
    assert stored["outlet"] == outlet
    at.button(key="outlets.open").click().run()
    assert not at.exception
    assert at.title[0].value == "How well is this article sourced?"
    assert at.subheader[0].value.replace("\\", "") == stored["title"]


def test_outside_ratings_are_compared_by_rank(page, db, chart_with_field):
    outlets = sorted(store.latest_scores(db)["outlet"].unique())
    ratings = pd.DataFrame({"domain": outlets, "rating": [i / len(outlets) for i in range(len(outlets))]})
    at = page("outlets").run()
    at.file_uploader(key="outlets.ratings").set_value(("ratings.csv", ratings.to_csv(index=False).encode(), "text/csv"))
    at = at.run()
    assert not at.exception
    (rho,) = [m.value for m in at.metric if m.label == "Spearman rank correlation"]
    assert -1 <= float(rho) <= 1
    (matched,) = chart_with_field(at, "rating")["frames"].values()
    assert sorted(matched["outlet"]) == outlets


def test_a_ratings_file_without_a_rating_column_says_what_it_found(page, db):
    at = page("outlets").run()
    at.file_uploader(key="outlets.ratings").set_value(("r.csv", b"site,stars\na.example,3\n", "text/csv"))
    at = at.run()
    assert "columns found: site, stars" in at.error[0].value


def test_articles_stored_without_an_outlet_are_counted_and_listed(page, db):
    store.import_frame(db, pd.DataFrame({
        "id": ["loose-1", "loose-2"], "published": ["2026-02-03", "2026-02-04"],
        "title": ["Tram depot floods", "Library hours cut"], "text": ["a", "b"],
        "score": [55.0, 45.0], "band": ["Adequately sourced", "Thinly sourced"], "model_id": ["m", "m"],
        "named_sources": [1, 0], "unnamed_sources": [0, 1], "words": [200, 300],
    }))  # fmt: skip
    at = page("outlets").run()
    assert not at.exception
    ranking = at.dataframe[0].value.set_index("outlet")
    assert ranking.loc["(no outlet)", "articles"] == 2
    at.selectbox(key="outlets.articles_of").set_value("(no outlet)").run()
    assert sorted(at.dataframe[1].value["title"]) == ["Library hours cut", "Tram depot floods"]


def test_weekly_trend_and_outlet_filter_come_from_the_stores_aggregates(page, db, chart_with_field):
    at = page("outlets").run()
    chosen = sorted(store.latest_scores(db)["outlet"].unique())[:2]
    at.multiselect(key="outlets.chosen").set_value(chosen).run()
    at.segmented_control(key="outlets.freq").set_value("W").run()
    assert not at.exception
    assert sorted(at.dataframe[0].value["outlet"]) == chosen
    (trend,) = chart_with_field(at, "period")["frames"].values()
    assert set(trend["outlet"]) <= set(chosen)
    assert (pd.to_datetime(trend["period"]).dt.day_of_week == 0).all()  # weeks start on Monday
    expected = store.latest_scores(db, outlets=chosen)
    assert trend["articles"].sum() == (expected["score"].notna() & expected["published"].notna()).sum()
