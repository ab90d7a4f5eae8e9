"""The Article page: one article's score, what drove it, and its evidence highlighted in the text."""

from __future__ import annotations

import math
import sys

import pandas as pd
import streamlit as st

from scoring.dashboard import data
from scoring.dashboard.charts import contributions_chart
from scoring.dashboard.highlight import (
    EVIDENCE_KINDS,
    evidence_counts,
    highlight_html,
    legend_html,
    markdown_text,
)
from scoring.dashboard.uploads import (
    ARTICLE_EXTENSIONS,
    ARTICLE_MAX_MB,
    UploadError,
    article_from_upload,
)
from scoring.dashboard.views import page_of
from scoring.features import FEATURE_MEANINGS

TITLE = "Article"
ICON = ":material/article:"
URL_PATH = "article"

# The article on show, kept across page switches: {"text", "title", "article_id"}.
_CURRENT = "article.current"


def open_article(article_id: str) -> None:
    """Switch to this page showing a stored article (used by the Outlets and Review pages)."""
    st.switch_page(page_of(sys.modules[__name__]), query_params={"article": article_id})


def render() -> None:
    st.title("How well is this article sourced?")
    st.caption(
        "Paste an article or upload a file. The score (0-100) says how well the article attributes "
        "what it reports; below it, the signals that moved the score and every source, hedge, "
        "booster and assessment marked in the text."
    )
    _take_stored_article_from_url()
    _article_inputs()
    current = st.session_state.get(_CURRENT)
    if not current or not current["text"].strip():
        st.info("Paste an article above, upload a file, or open one from the Outlets or Review page.")
        return
    show_scored_article(current["text"], current["title"])
    if current.get("article_id") is None:
        _save_form(current)


def _take_stored_article_from_url() -> None:
    article_id = st.query_params.get("article")
    if not article_id:
        return
    current = st.session_state.get(_CURRENT)
    if current and current.get("article_id") == article_id:
        return
    stored = data.stored_article(data.db_path(), article_id)
    if stored is None:
        st.warning(markdown_text(f"No article with id {article_id!r} in the store."))
        return
    st.session_state[_CURRENT] = {"text": stored["text"], "title": stored["title"], "article_id": article_id}


def _article_inputs() -> None:
    with st.form("article.paste"):
        title = st.text_input("Headline (optional)")
        text = st.text_area("Article text", height=220, placeholder="Paste the article here")
        if st.form_submit_button("Score this article", type="primary"):
            st.query_params.pop("article", None)
            st.session_state[_CURRENT] = {"text": text, "title": title.strip() or None, "article_id": None}
    upload = st.file_uploader(
        f"... or upload a file ({', '.join('.' + e for e in ARTICLE_EXTENSIONS)}, up to {ARTICLE_MAX_MB} MB)",
        type=list(ARTICLE_EXTENSIONS),
        max_upload_size=ARTICLE_MAX_MB,
        key="article.upload",
    )
    if upload is not None and st.session_state.get("article.upload_seen") != upload.file_id:
        st.session_state["article.upload_seen"] = upload.file_id
        try:
            title, text = article_from_upload(upload.name, upload.getvalue())
        except UploadError as exc:
            st.error(markdown_text(str(exc)))
            return
        st.query_params.pop("article", None)
        st.session_state[_CURRENT] = {"text": text, "title": title, "article_id": None}


def show_scored_article(text: str, title: str | None) -> None:
    """Score, band, contributions, highlighted text and sources table (the Review page shows this too)."""
    result = data.score_article(text, title)
    if title:
        st.subheader(markdown_text(title))
    if math.isnan(result.score):
        st.error(markdown_text(f"This text cannot be scored: {'; '.join(result.warnings)}."))
        return
    counts = evidence_counts(result.analysis)
    score_col, band_col, named_col, unnamed_col = st.columns([1, 2, 1, 1])
    score_col.metric("Score", f"{result.score:.0f} / 100")
    band_col.metric("Band", result.band)
    named_col.metric("Named sources", counts["named_source"])
    unnamed_col.metric("Unnamed sources", counts["unnamed_source"])
    st.caption(data.band_meaning(result.band))
    for warning in result.warnings:
        st.warning(markdown_text(warning))

    chart_col, text_col = st.columns([2, 3])
    with chart_col:
        st.markdown("**What moved the score**")
        st.caption(
            f"Each bar is one signal's push, in points, from the baseline of {result.baseline:.0f}: "
            "blue raises the score, vermillion lowers it. Hover a bar for what the signal measures."
        )
        st.altair_chart(
            contributions_chart(result.contributions, FEATURE_MEANINGS), width="stretch"
        )
    with text_col:
        st.markdown("**The evidence in the text**")
        with st.popover("Choose what to highlight"):
            shown = st.pills(
                "Highlight", list(EVIDENCE_KINDS), selection_mode="multi", key="evidence.kinds",
                default=[k for k in EVIDENCE_KINDS if k != "specific"],  # figures and dates are dense
                format_func=lambda k: EVIDENCE_KINDS[k].label,
            )  # fmt: skip
        st.markdown(legend_html(counts, shown), unsafe_allow_html=True)
        st.markdown(highlight_html(result.analysis, shown), unsafe_allow_html=True)

    st.markdown("**Sources**")
    st.dataframe(sources_table(result.analysis), hide_index=True, width="stretch")


def sources_table(analysis) -> pd.DataFrame:
    """One row per attribution: who, what kind, the reporting cue and the claim."""
    rows = []
    for att in analysis.attributions:
        who = att.source.text if att.source else "(no source given)"
        if att.resolved_from is not None:
            who += f" \u2192 {att.resolved_from.text}"
        rows.append(
            {
                "source": who,
                "kind": att.kind.replace("_", " "),
                "cue": att.cue.text,
                "quote": "direct quote" if att.direct_quote else "paraphrase",
                "claim": att.content.text if att.content else "",
            }
        )
    return pd.DataFrame(rows, columns=["source", "kind", "cue", "quote", "claim"])


def _save_form(current: dict) -> None:
    with st.expander("Save this article to the store"), st.form("article.save"):
        outlet = st.text_input("Outlet (its domain, e.g. harbour-gazette.example)")
        url = st.text_input("URL (optional)")
        title = st.text_input("Headline", value=current["title"] or "")
        if st.form_submit_button("Save"):
            if not outlet.strip():
                st.error("Give the outlet so the article counts toward its ranking.")
                return
            article_id = data.save_article(current["text"], title.strip() or None, outlet.strip(), url.strip() or None)
            current["article_id"] = article_id
            st.success(markdown_text(f"Saved as article {article_id}."))
