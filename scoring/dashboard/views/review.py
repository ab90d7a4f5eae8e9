"""The Review page: the queue of articles worth a human look, a verdict form, history, the meeting report."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scoring.dashboard import data
from scoring.dashboard.highlight import markdown_text
from scoring.dashboard.views.article import show_scored_article
from scoring.model import BANDS
from scoring.outlets import NO_OUTLET
from scoring.report import build_report
from scoring.review import MAX_NOTES_CHARS, VERDICTS

TITLE = "Review"
ICON = ":material/rate_review:"
URL_PATH = "review"

# Remembered for the session, outside any widget: widget state is dropped when the page changes.
_REVIEWER = "review.reviewer"
_REPORT = "review.report"


def render() -> None:
    st.title("Review queue")
    st.caption(
        "Articles where a second look is worth most come first: scores far below the outlet's "
        "usual, high scores resting on unnamed sources, and scores the model is unsure of. "
        "Articles already settled by a review go to the back."
    )
    db = data.db_path()
    queue = data.review_queue(db)
    if queue.empty:
        st.info("Nothing to review: the store has no scored articles yet.")
    else:
        st.dataframe(
            queue[["title", "outlet", "published", "score", "band", "priority", "reason", "review_count"]],
            hide_index=True, width="stretch",
            column_config={
                "score": st.column_config.NumberColumn("score", format="%.0f"),
                "priority": st.column_config.NumberColumn("priority", format="%.0f", help="points; see the reason"),
                "review_count": st.column_config.NumberColumn("reviews"),
            },
        )  # fmt: skip
        labels = {
            row.article_id: f"{row.title or '(no headline)'} - {row.outlet or NO_OUTLET} ({row.score:.0f})"
            for row in queue.itertuples()
        }
        article_id = st.selectbox("Article to review", list(labels), format_func=labels.get, key="review.article")
        if article_id is not None:
            _review_article(db, article_id)
    _meeting_report(db)


def _review_article(db: str, article_id: str) -> None:
    stored = data.stored_article(db, article_id)
    if stored is None:
        st.warning(markdown_text(f"Article {article_id!r} is no longer in the store."))
        return
    latest = stored["latest"] or {}
    if latest.get("score") is not None:
        st.caption(markdown_text(
            f"The review records the stored score, {latest['score']:.0f} ({latest['band']}) "
            f"from model {latest['model_id']}; below, the article as the current model reads it."
        ))
    show_scored_article(stored["text"], stored["title"])

    st.subheader("Your verdict")
    with st.form("review.form", clear_on_submit=True):
        reviewer = st.text_input("Your name", value=st.session_state.get(_REVIEWER, ""), key="review.name")
        verdict = st.radio("Verdict", VERDICTS, horizontal=True, key="review.verdict")
        score_col, band_col = st.columns(2)
        corrected_score = score_col.number_input(
            "Corrected score (optional)", min_value=0.0, max_value=100.0, value=None, step=1.0,
            key="review.corrected_score",
        )
        corrected_band = band_col.selectbox(
            "Corrected band (optional)", [b.name for b in BANDS], index=None, key="review.corrected_band"
        )
        notes = st.text_area("Notes", max_chars=MAX_NOTES_CHARS, key="review.notes")
        if st.form_submit_button("Save review", type="primary", key="review.save"):
            try:
                data.add_review(article_id, reviewer, verdict, notes, corrected_score, corrected_band)
            except ValueError as exc:
                st.error(markdown_text(f"Review not saved: {exc}"))
            else:
                st.session_state[_REVIEWER] = " ".join(reviewer.split())
                st.success("Review saved.")

    st.subheader("Review history")
    history = data.article_reviews(db, article_id)
    if history.empty:
        st.caption("No reviews of this article yet.")
    else:
        st.dataframe(
            history[["created_at", "reviewer", "verdict", "corrected_score", "corrected_band", "notes",
                     "reviewed_score", "reviewed_band"]],
            hide_index=True, width="stretch",
        )  # fmt: skip


def _meeting_report(db: str) -> None:
    st.subheader("Meeting report")
    st.caption("Outlet ranking, trend, reviews and disagreements, and the queue for the chosen period, as one HTML file.")
    published = data.published_range(db)
    # Default: the four weeks up to the newest article, so the report is never empty by default.
    last = pd.Timestamp(published[1][:10]).date() if published else pd.Timestamp.today().date()
    period = st.date_input(
        "Period (published between)", (last - pd.Timedelta(days=27), last), key="review.period"
    )
    if st.button("Prepare the report", key="review.prepare") and len(period) == 2:
        since, until = period
        report = build_report(db, since=since, until=until)
        st.session_state[_REPORT] = (f"reliability-report-{since}-to-{until}.html", report.to_html(), report.articles)
    prepared = st.session_state.get(_REPORT)
    if prepared:
        file_name, html_text, articles = prepared
        st.caption(f"{file_name}: {articles} articles in the period.")
        st.download_button("Download the report (HTML)", html_text, file_name=file_name, mime="text/html")
