"""The Model page: what the shipped model is, how well it did on outlets it never saw, what the bands mean."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from scoring.dashboard import data
from scoring.dashboard.charts import NEUTRAL, RAISES, band_colours, signal_bars
from scoring.dashboard.highlight import markdown_text
from scoring.model import BANDS

TITLE = "Model"
ICON = ":material/model_training:"
URL_PATH = "model"

METRICS = (
    ("roc_auc", "ROC-AUC", "How often a reliable outlet's article outscores an unreliable one's (0.5 = chance)."),
    ("macro_f1", "Macro-F1", "Balanced accuracy of the reliable / unreliable call at probability 0.5."),
    ("brier", "Brier score", "Mean squared error of the probability (lower is better; 0.25 = always 0.5)."),
    ("outlet_spearman", "Outlet rank correlation", "Spearman correlation of outlets' mean scores with their ratings."),
)


def render() -> None:
    st.title("The scoring model")
    model = data.model()
    card = model.card
    training = card.get("training", {})
    st.caption(
        "A score is 100 times the calibrated probability that an article comes from a reliable "
        "outlet, judged only from how it is sourced. It describes the sourcing, not whether the "
        "article is true."
    )
    st.markdown(f"**Model** `{model.model_id}` &middot; created {card.get('created', 'unknown')}")
    if training:
        st.caption(
            f"Trained on {training.get('rows', '?')} articles from {training.get('outlets', '?')} outlets. "
            f"{training.get('labels_from', '')}"
        )

    st.subheader("How well it does on outlets it never saw")
    cv = card.get("cross_validation", {})
    st.caption(f"Cross-validated, grouped by {cv.get('grouping', 'outlet')}, {cv.get('folds', '?')} folds.")
    for col, (key, label, meaning) in zip(st.columns(len(METRICS)), METRICS, strict=True):
        value = cv.get(key)
        col.metric(label, "n/a" if value is None else f"{value:.2f}", help=meaning)

    bands_col, calibration_col = st.columns(2)
    with bands_col:
        st.subheader("What the bands mean")
        colours = band_colours()
        for band in BANDS:
            swatch = f'<span style="color:{colours[band.name]}">&#9632;</span>'
            st.markdown(
                f"{swatch} **{markdown_text(band.name)}** ({band.low:.0f}-{band.high:.0f})  \n"
                f"{markdown_text(band.meaning)}",
                unsafe_allow_html=True,
            )
    with calibration_col:
        st.subheader("Calibration")
        table = pd.DataFrame(cv.get("calibration", []))
        if table.empty:
            st.info("The model card has no calibration table.")
        else:
            st.caption(
                "Each dot is a tenth of the validation articles: the mean predicted probability "
                "against the share that really came from reliable outlets. On the diagonal = calibrated."
            )
            st.altair_chart(calibration_chart(table), width="stretch")

    st.subheader("Features")
    st.caption(
        "Each feature's weight: how many logit units one standard deviation above the training "
        "mean adds (blue) or takes away (vermillion). The Article page turns these into points per article."
    )
    features = pd.DataFrame(card.get("features", []))
    if not features.empty:
        weights = features.rename(columns={"name": "signal", "coefficient": "weight"})
        st.altair_chart(signal_bars(weights, "weight", "weight (logit per standard deviation)", "+.3f"), width="stretch")
        st.dataframe(
            features[["name", "meaning", "coefficient"]].rename(columns={"coefficient": "weight"}),
            hide_index=True, width="stretch",
        )  # fmt: skip
    versions = card.get("versions", {})
    if versions:
        with st.expander("Library versions it was trained with"):
            st.table(pd.DataFrame({"package": list(versions), "version": list(versions.values())}))


def calibration_chart(table: pd.DataFrame) -> alt.LayerChart:
    diagonal = alt.Chart(pd.DataFrame({"p": [0.0, 1.0]})).mark_line(color=NEUTRAL, strokeDash=[4, 4]).encode(
        x="p:Q", y="p:Q"
    )
    points = alt.Chart(table).mark_line(point=True, color=RAISES).encode(
        x=alt.X("predicted:Q", title="predicted probability", scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("observed:Q", title="observed share reliable", scale=alt.Scale(domain=[0, 1])),
        tooltip=[
            alt.Tooltip("predicted:Q", format=".2f"),
            alt.Tooltip("observed:Q", format=".2f"),
            alt.Tooltip("n:Q", title="articles"),
        ],
    )
    return (diagonal + points).properties(height=320)
