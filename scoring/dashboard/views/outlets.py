"""The Outlets page: outlets ranked by shrunk mean score, how their scores spread and move, how they source.

Everything is aggregated in the store (per-outlet sums, per-period means, per-outlet score
histograms), so neither pandas nor the browser ever holds one row per article, and the page
stays light with 100,000 articles in the store.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from scoring.dashboard import data
from scoring.dashboard.charts import NEUTRAL, OUTLET_COLOURS, RAISES
from scoring.dashboard.highlight import markdown_text
from scoring.dashboard.uploads import ARTICLE_MAX_MB, UploadError, read_ratings_upload
from scoring.dashboard.views import article
from scoring.outlets import summarize_outlets, weighted_quantiles

TITLE = "Outlets"
ICON = ":material/leaderboard:"
URL_PATH = "outlets"

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
RANKING_COLUMNS = {
    "outlet": "outlet",
    "articles": st.column_config.NumberColumn("articles", help="articles scored"),
    "errors": st.column_config.NumberColumn("errors", help="articles that could not be scored"),
    "mean_score": st.column_config.NumberColumn("plain mean", format="%.1f"),
    "shrunk_score": st.column_config.NumberColumn("shrunk mean", format="%.1f", help="the ranking's score"),
    "ci_low": st.column_config.NumberColumn("95% from", format="%.1f"),
    "ci_high": st.column_config.NumberColumn("95% to", format="%.1f"),
    "named_source_share": st.column_config.NumberColumn("named sources", format="percent"),
    "unnamed_source_share": st.column_config.NumberColumn("unnamed sources", format="percent"),
    "hedges_per_1000_words": st.column_config.NumberColumn("hedges /1,000 words", format="%.1f"),
    "assessments_per_1000_words": st.column_config.NumberColumn("assessments /1,000 words", format="%.1f"),
    "boosters_per_1000_words": st.column_config.NumberColumn("boosters /1,000 words", format="%.1f"),
}
PROFILE = (
    ("unnamed_source_share", "Share of sources unnamed", ".0%"),
    ("hedges_per_1000_words", "Hedges per 1,000 words", ".1f"),
    ("assessments_per_1000_words", "Assessments per 1,000 words", ".1f"),
)


def render() -> None:
    st.title("How do the outlets compare?")
    st.caption(
        "Each outlet's mean article score, shrunk toward the overall mean by how few articles it "
        "has, so three articles do not outrank three hundred. Filter by date, outlet and size."
    )
    db = data.db_path()
    everything = data.outlet_stats(db)
    if everything.empty:
        st.info("No scored articles in the store yet: import a CSV on the Batch page.")
        return
    period, chosen, min_articles = _filters(db, everything["outlet"].tolist())
    stats = data.outlet_stats(db, *period, chosen)
    summary = summarize_outlets(stats)
    summary = summary[summary["articles"] >= min_articles].reset_index(drop=True)
    if summary.empty:
        st.warning("No outlet matches these filters: widen the dates or lower the minimum article count.")
        return
    order = summary["outlet"].tolist()
    shown = stats[stats["outlet"].isin(order)]

    st.subheader("Ranking")
    st.caption(
        "Dot: the outlet's shrunk mean score; line: its 95% interval. The grey line is the mean "
        "of all articles shown. Overlapping intervals mean the data cannot tell those outlets apart."
    )
    st.altair_chart(ranking_chart(summary, shown["score_sum"].sum() / shown["articles"].sum()), width="stretch")
    st.dataframe(summary, hide_index=True, width="stretch", column_config=RANKING_COLUMNS)

    spread_col, trend_col = st.columns(2)
    with spread_col:
        st.subheader("Spread of article scores")
        st.caption("Box: the middle half of an outlet's articles; whiskers: 5th to 95th percentile; tick: median.")
        histogram = data.score_histogram(db, *period, chosen)
        quantiles = score_quantiles(histogram[histogram["outlet"].isin(order)])
        st.altair_chart(distribution_chart(quantiles, order), width="stretch")
    with trend_col:
        st.subheader("Over time")
        freq = st.segmented_control(
            "Period", ["W", "M"], default="M", key="outlets.freq",
            format_func={"W": "Weekly", "M": "Monthly"}.get,
        )  # fmt: skip
        trend = data.score_trend(db, freq or "M", *period, chosen)
        st.caption("Mean score of each outlet's articles per period (articles without a date are left out).")
        st.altair_chart(trend_chart(trend[trend["outlet"].isin(order)], order), width="stretch")

    st.subheader("Sourcing profile")
    st.caption(
        "How each outlet sources its reporting: the share of attributed claims whose source is "
        "unnamed, and how often its articles hedge or make judgements."
    )
    for col, (measure, label, fmt) in zip(st.columns(len(PROFILE)), PROFILE, strict=True):
        col.altair_chart(profile_chart(summary, measure, label, fmt, order), width="stretch")

    _outlet_articles(db, order, period)
    _ratings(summary)


def _filters(db: str, outlets: list[str]) -> tuple[tuple, tuple[str, ...], int]:
    """The period picked ((None, None) for all dates), the outlets picked (empty for all), the minimum size."""
    dates_col, outlets_col, size_col = st.columns([2, 3, 1])
    period = (None, None)
    published = data.published_range(db)
    if published is not None:
        first, last = (pd.Timestamp(day[:10]).date() for day in published)
        picked = dates_col.date_input(
            "Published between", (first, last), min_value=first, max_value=last,
            key="outlets.dates", help="Articles without a date count only while the full range is chosen.",
        )  # fmt: skip
        if len(picked) == 2 and tuple(picked) != (first, last):
            period = tuple(picked)
    chosen = outlets_col.multiselect("Outlets", sorted(outlets), placeholder="All outlets", key="outlets.chosen")
    min_articles = size_col.number_input("Min. articles", min_value=1, value=1, step=1, key="outlets.min")
    return period, tuple(chosen), int(min_articles)


def ranking_chart(summary: pd.DataFrame, overall_mean: float) -> alt.LayerChart:
    base = alt.Chart(summary).encode(y=_outlet_axis(summary["outlet"].tolist()))
    score_axis = alt.X("ci_low:Q", title="score, shrunk mean with 95% interval", scale=alt.Scale(domain=[0, 100]))
    tooltip = [
        alt.Tooltip("outlet:N"),
        alt.Tooltip("shrunk_score:Q", title="shrunk mean", format=".1f"),
        alt.Tooltip("ci_low:Q", title="interval from", format=".1f"),
        alt.Tooltip("ci_high:Q", title="interval to", format=".1f"),
        alt.Tooltip("mean_score:Q", title="plain mean", format=".1f"),
        alt.Tooltip("articles:Q"),
    ]
    intervals = base.mark_rule(strokeWidth=3, color=RAISES, opacity=0.5).encode(x=score_axis, x2="ci_high:Q")
    points = base.mark_circle(size=90, color=RAISES, opacity=1).encode(x="shrunk_score:Q", tooltip=tooltip)
    counts = base.mark_text(align="left", dx=8, color="#555").encode(
        x="ci_high:Q", text=alt.Text("articles:Q", format="d")
    )
    mean = alt.Chart(pd.DataFrame({"mean": [overall_mean]})).mark_rule(color=NEUTRAL, strokeDash=[4, 4]).encode(x="mean:Q")
    return (mean + intervals + points + counts).properties(height=alt.Step(28))


def score_quantiles(histogram: pd.DataFrame) -> pd.DataFrame:
    """One row per outlet: the score at each of QUANTILES (columns q5, q25, q50, q75, q95), from
    a histogram of articles per outlet and whole-point score (``store.score_histogram``)."""
    names = [f"q{round(q * 100)}" for q in QUANTILES]
    rows = [
        (outlet, *weighted_quantiles(bins["score"], bins["articles"], QUANTILES))
        for outlet, bins in histogram.groupby("outlet", sort=False)
    ]
    return pd.DataFrame(rows, columns=["outlet", *names])


def distribution_chart(quantiles: pd.DataFrame, order: list[str]) -> alt.LayerChart:
    base = alt.Chart(quantiles).encode(y=_outlet_axis(order))
    whiskers = base.mark_rule(color=NEUTRAL).encode(
        x=alt.X("q5:Q", title="article score", scale=alt.Scale(domain=[0, 100])), x2="q95:Q"
    )
    box = base.mark_bar(color=RAISES, opacity=0.35, height=16).encode(x="q25:Q", x2="q75:Q")
    median = base.mark_tick(color=RAISES, thickness=3, size=18).encode(
        x="q50:Q",
        tooltip=[alt.Tooltip("outlet:N")] + [alt.Tooltip(f"q{round(q * 100)}:Q", format=".0f") for q in QUANTILES],
    )
    return (whiskers + box + median).properties(height=alt.Step(28))


def _outlet_axis(order: list[str]) -> alt.Y:
    return alt.Y("outlet:N", sort=order, title=None, axis=alt.Axis(labelLimit=240))


def _outlet_colour(order: list[str]) -> alt.Scale:
    return alt.Scale(domain=order, range=[OUTLET_COLOURS[i % len(OUTLET_COLOURS)] for i in range(len(order))])


def trend_chart(trend: pd.DataFrame, order: list[str]) -> alt.Chart:
    return (
        alt.Chart(trend)
        .mark_line(point=True)
        .encode(
            x=alt.X("period:T", title=None),
            y=alt.Y("mean_score:Q", title="mean score", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "outlet:N", scale=_outlet_colour(order),
                legend=alt.Legend(orient="bottom", title=None, columns=2, labelLimit=220),
            ),  # fmt: skip
            tooltip=[
                alt.Tooltip("outlet:N"),
                alt.Tooltip("period:T"),
                alt.Tooltip("mean_score:Q", format=".1f"),
                alt.Tooltip("articles:Q"),
            ],
        )
    )


def profile_chart(summary: pd.DataFrame, measure: str, label: str, fmt: str, order: list[str]) -> alt.Chart:
    return (
        alt.Chart(summary[["outlet", measure]])
        .mark_bar()
        .encode(
            x=alt.X(f"{measure}:Q", title=label, axis=alt.Axis(format=fmt)),
            y=_outlet_axis(order),
            color=alt.Color("outlet:N", scale=_outlet_colour(order), legend=None),
            tooltip=[alt.Tooltip("outlet:N"), alt.Tooltip(f"{measure}:Q", title=label, format=fmt)],
        )
        .properties(height=alt.Step(24))
    )


def _outlet_articles(db: str, order: list[str], period: tuple) -> None:
    st.subheader("An outlet's articles")
    outlet = st.selectbox("Outlet", order, key="outlets.articles_of")
    articles = data.outlet_articles(db, outlet, *period)
    st.caption(markdown_text(f"The {len(articles)} most recent articles of {outlet} in the chosen period."))
    st.dataframe(
        articles, hide_index=True, width="stretch",
        column_config={"article_id": "id", "score": st.column_config.NumberColumn("score", format="%.0f")},
    )  # fmt: skip
    titles = dict(zip(articles["article_id"], articles["title"].fillna("(no headline)"), strict=True))
    picked = st.selectbox("Article", list(titles), format_func=titles.get, key="outlets.article")
    if picked is not None and st.button("Open on the Article page", key="outlets.open"):
        article.open_article(picked)


def _ratings(summary: pd.DataFrame) -> None:
    st.subheader("Against an outside rating")
    st.caption(
        "Upload a CSV with an outlet (or domain) column and a numeric rating column to see whether "
        "outlets rated higher elsewhere also score higher here."
    )
    upload = st.file_uploader("Outlet ratings (CSV)", type=["csv"], max_upload_size=ARTICLE_MAX_MB, key="outlets.ratings")
    if upload is None:
        return
    try:
        ratings = read_ratings_upload(upload.name, upload.getvalue())
    except UploadError as exc:
        st.error(markdown_text(str(exc)))
        return
    matched = summary.merge(ratings, on="outlet")
    missing = sorted(set(summary["outlet"]) - set(matched["outlet"]))
    if missing:
        st.caption(markdown_text(f"No rating for: {', '.join(missing)}"))
    if len(matched) < 3:
        st.warning(f"Only {len(matched)} of the outlets shown have a rating; a rank correlation needs at least 3.")
        return
    rho = matched["rating"].corr(matched["shrunk_score"], method="spearman")
    st.metric("Spearman rank correlation", f"{rho:+.2f}", help="+1: same order, 0: unrelated, -1: reversed.")
    st.altair_chart(ratings_chart(matched), width="stretch")


def ratings_chart(matched: pd.DataFrame) -> alt.LayerChart:
    base = alt.Chart(matched).encode(
        x=alt.X("rating:Q", title="outside rating"),
        y=alt.Y("shrunk_score:Q", title="shrunk mean score", scale=alt.Scale(zero=False)),
    )
    points = base.mark_circle(size=90, color=RAISES).encode(
        tooltip=[alt.Tooltip("outlet:N"), alt.Tooltip("rating:Q"), alt.Tooltip("shrunk_score:Q", format=".1f")]
    )
    labels = base.mark_text(align="left", dx=8, color="#555").encode(text="outlet:N")
    return points + labels
