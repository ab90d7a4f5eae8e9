"""The dashboard's entry point: page set-up, first-start sample data, and the page router."""

from __future__ import annotations

import streamlit as st

from scoring.dashboard import data
from scoring.dashboard.highlight import markdown_text
from scoring.dashboard.views import article, batch, model_card, outlets, page_of, review

VIEWS = (article, outlets, batch, review, model_card)


def main() -> None:
    st.set_page_config(page_title="Source reliability", page_icon=":material/fact_check:", layout="wide")
    db = data.db_path()
    added = data.load_sample_data(db)
    if added and not st.session_state.get("app.sample_notice_shown"):
        st.session_state["app.sample_notice_shown"] = True
        st.info(
            f"The store was empty, so {added} sample articles from fictional outlets "
            "(data/sample_articles.csv) were scored with the shipped model and loaded, "
            "so every page has something to show. Import your own on the Batch page."
        )
    st.sidebar.caption(markdown_text(f"Store: {db}"))
    st.navigation([page_of(view) for view in VIEWS]).run()


if __name__ == "__main__":
    main()
