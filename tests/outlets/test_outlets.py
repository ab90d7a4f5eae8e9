import numpy as np
import pandas as pd
import pytest

from scoring.outlets import (
    NO_OUTLET,
    SUMMARY_COLUMNS,
    outlet_stats,
    outlet_summary,
    outlet_trend,
    summarize_outlets,
    weighted_quantiles,
)


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


def test_stats_of_two_halves_added_give_the_summary_of_the_whole():
    rng = np.random.default_rng(7)
    rows = [(o, s, n, u, h, w) for o, s, n, u, h, w in zip(
        rng.choice(["a.example", "b.example", "c.example", None], 400), rng.normal(60, 15, 400),
        rng.poisson(3, 400), rng.poisson(1, 400), rng.poisson(2, 400), rng.integers(100, 900, 400), strict=True,
    )]  # fmt: skip
    rows[5] = ("d.example", np.nan, 0, 0, 0, 0)  # an outlet whose only article failed to score
    whole = _scored(rows)
    halves = pd.concat([outlet_stats(whole.iloc[:150]), outlet_stats(whole.iloc[150:])])
    pd.testing.assert_frame_equal(
        summarize_outlets(halves).sort_values("outlet").reset_index(drop=True),
        outlet_summary(whole).sort_values("outlet").reset_index(drop=True),
        check_exact=False, rtol=1e-9,
    )  # fmt: skip
    assert NO_OUTLET in set(outlet_summary(whole)["outlet"])
    assert outlet_summary(whole).set_index("outlet").loc["d.example", ["articles", "errors"]].tolist() == [0, 1]


def test_trend_reads_days_and_utc_times_in_one_column():
    scored = pd.DataFrame(
        {"outlet": ["a.example"] * 2, "published": ["2026-03-01", "2026-03-31T23:10:00Z"], "score": [40.0, 60.0]}
    )
    trend = outlet_trend(scored, freq="M")
    assert trend["articles"].tolist() == [2]


@pytest.mark.parametrize("quantiles", [(0.05, 0.25, 0.5, 0.75, 0.95), (0.0, 1.0), (0.333,)])
def test_weighted_quantiles_equal_the_quantiles_of_the_expanded_data(quantiles):
    rng = np.random.default_rng(11)
    values = rng.permutation(np.arange(0, 101))
    counts = rng.integers(0, 30, len(values))
    expected = np.quantile(np.repeat(values, counts), quantiles)
    assert weighted_quantiles(values, counts, quantiles) == pytest.approx(expected)


def test_weighted_quantiles_of_one_value_and_of_nothing():
    assert weighted_quantiles([42], [5], [0.05, 0.95]).tolist() == [42.0, 42.0]
    assert np.isnan(weighted_quantiles([1, 2], [0, 0], [0.5])).all()
