import numpy as np
import pandas as pd
import pytest

from scoring.outlets import SUMMARY_COLUMNS, outlet_summary, outlet_trend


def _scored(rows):
    return pd.DataFrame(rows, columns=["outlet", "score", "named_sources", "unnamed_sources", "hedges", "words"])


def test_a_small_outlet_is_shrunk_toward_the_overall_mean_and_not_ranked_first():
    rng = np.random.default_rng(3)
    rows = [("big-steady.example", s, 3, 1, 2, 500) for s in rng.normal(70, 8, 300)]
    rows += [("tiny-lucky.example", s, 1, 0, 0, 400) for s in (92, 95, 94)]
    rows += [("middling.example", s, 2, 2, 4, 500) for s in rng.normal(50, 8, 200)]
    summary = outlet_summary(_scored(rows))

    assert list(summary.columns) == list(SUMMARY_COLUMNS)
    tiny = summary.set_index("outlet").loc["tiny-lucky.example"]
    big = summary.set_index("outlet").loc["big-steady.example"]
    assert tiny["shrunk_score"] < tiny["mean_score"]  # pulled toward the overall mean
    assert (tiny["ci_high"] - tiny["ci_low"]) > 3 * (big["ci_high"] - big["ci_low"])
    assert big["ci_low"] <= big["shrunk_score"] <= big["ci_high"]
    assert summary["shrunk_score"].is_monotonic_decreasing


def test_sourcing_profile_pools_counts_over_the_outlets_articles():
    summary = outlet_summary(
        _scored([("a.example", 60, 3, 1, 2, 1000), ("a.example", 40, 1, 3, 4, 1000)])
    ).iloc[0]
    assert summary["articles"] == 2
    assert summary["unnamed_source_share"] == pytest.approx(0.5)
    assert summary["hedges_per_1000_words"] == pytest.approx(3.0)


def test_rows_that_failed_to_score_count_as_errors_not_articles():
    summary = outlet_summary(_scored([("a.example", 60, 1, 0, 0, 100), ("a.example", np.nan, 0, 0, 0, 0)]))
    assert summary.loc[0, "articles"] == 1
    assert summary.loc[0, "errors"] == 1


def test_missing_outlet_column_lists_the_columns_found():
    with pytest.raises(KeyError, match="columns found: score"):
        outlet_summary(pd.DataFrame({"score": [1.0]}))


def test_monthly_trend_groups_by_calendar_month_and_skips_undated_rows():
    scored = pd.DataFrame(
        {
            "outlet": ["a.example"] * 4,
            "published": ["2026-01-03", "2026-01-28", "2026-02-10", "not a date"],
            "score": [40.0, 60.0, 80.0, 10.0],
        }
    )
    trend = outlet_trend(scored, freq="M")
    assert trend["period"].dt.strftime("%Y-%m").tolist() == ["2026-01", "2026-02"]
    assert trend["mean_score"].tolist() == [50.0, 80.0]
    assert trend["articles"].tolist() == [2, 1]


def test_trend_rejects_an_unknown_frequency():
    with pytest.raises(ValueError, match="freq"):
        outlet_trend(pd.DataFrame({"outlet": [], "published": [], "score": []}), freq="D")
