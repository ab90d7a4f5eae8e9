"""The Batch page: score a CSV of articles, see the result at a glance, download it or add it to the store."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from scoring import store
from scoring.batch import excel_safe
from scoring.dashboard import data
from scoring.dashboard.charts import RAISES, band_scale
from scoring.dashboard.highlight import markdown_text
from scoring.dashboard.uploads import BATCH_MAX_MB, UploadError, read_csv_upload
from scoring.model import BANDS, score_frame
from scoring.outlets import outlet_summary

TITLE = "Batch"
ICON = ":material/table_view:"
URL_PATH = "batch"

CHUNK_ROWS = 100
# Column names tried, in order, for each role; the editor can always choose another.
ROLES = {
    "text": ("text", "body", "content", "article", "article_text"),
    "title": ("title", "headline"),
    "outlet": ("outlet", "domain", "source", "publication", "site"),
    "published": ("published", "date", "published_at", "pub_date", "publish_date"),
    "id": ("id", "article_id", "url"),
}
ROLE_LABELS = {"text": "Article text", "title": "Headline", "outlet": "Outlet", "published": "Date", "id": "Article id"}
# Where this page keeps the upload it read and the last scoring run.
_UPLOAD = "batch.upload_frame"
_RESULT = "batch.result"


def render() -> None:
    st.title("Score a file of articles")
    st.caption(
        f"Upload a CSV with one article per row (up to {BATCH_MAX_MB} MB), say which column holds "
        "what, and score it. Download the result or add it to the store for the Outlets and Review pages."
    )
    upload = st.file_uploader("CSV of articles", type=["csv"], max_upload_size=BATCH_MAX_MB, key="batch.upload")
    if upload is None:
        return
    frame = _read(upload)
    if frame is None:
        return
    mapping = _map_columns(upload.name, frame)
    if mapping["text"] is None:
        return
    run_key = (upload.file_id, tuple(mapping.items()))
    if st.button(f"Score {len(frame):,} articles", type="primary", key="batch.score"):
        scored = _score(frame, mapping)
        # The download is built once here, not on every rerun of the page.
        st.session_state[_RESULT] = (run_key, scored, spreadsheet_csv(scored))
    result = st.session_state.get(_RESULT)
    if result is not None and result[0] == run_key:
        _show_result(upload.name, result[1], result[2], mapping)


def _read(upload) -> pd.DataFrame | None:
    """The uploaded CSV, read once per upload (not on every rerun)."""
    kept = st.session_state.get(_UPLOAD)
    if kept is not None and kept[0] == upload.file_id:
        return kept[1]
    try:
        frame = read_csv_upload(upload.name, upload.getvalue())
    except UploadError as exc:
        st.error(markdown_text(str(exc)))
        return None
    if frame.empty:
        st.warning(markdown_text(f"{upload.name} has a header but no rows."))
        return None
    st.session_state[_UPLOAD] = (upload.file_id, frame)
    return frame


def guess_column(columns: list[str], role: str) -> str | None:
    by_name = {c.strip().lower(): c for c in columns}
    return next((by_name[name] for name in ROLES[role] if name in by_name), None)


def _map_columns(name: str, frame: pd.DataFrame) -> dict[str, str | None]:
    columns = [str(c) for c in frame.columns]
    if guess_column(columns, "text") is None:
        st.warning(markdown_text(
            f"{name} has no article text column (looked for {', '.join(ROLES['text'])}). "
            f"Columns found: {', '.join(columns)}. Choose the one that holds the article text."
        ))
    mapping = {}
    for col, role in zip(st.columns(len(ROLES)), ROLES, strict=True):
        guess = guess_column(columns, role)
        mapping[role] = col.selectbox(
            ROLE_LABELS[role], columns, index=None if guess is None else columns.index(guess),
            placeholder="required" if role == "text" else "(none)", key=f"batch.column.{role}",
        )  # fmt: skip
    return mapping


def _score(frame: pd.DataFrame, mapping: dict[str, str | None]) -> pd.DataFrame:
    model = data.model()
    progress = st.progress(0.0, text="Scoring ...")
    parts = []
    for start in range(0, len(frame), CHUNK_ROWS):
        chunk = frame.iloc[start:start + CHUNK_ROWS]
        parts.append(score_frame(chunk, text_col=mapping["text"], title_col=mapping["title"] or "", model=model))
        done = min(start + CHUNK_ROWS, len(frame))
        progress.progress(done / len(frame), text=f"Scored {done:,} of {len(frame):,} articles")
    progress.empty()
    return pd.concat(parts)


def _show_result(name: str, scored: pd.DataFrame, scored_csv: bytes, mapping: dict[str, str | None]) -> None:
    ok = scored["error"] == ""
    scored_col, errors_col, mean_col = st.columns(3)
    scored_col.metric("Articles scored", f"{ok.sum():,}")
    errors_col.metric("Could not be scored", f"{(~ok).sum():,}")
    mean_col.metric("Mean score", f"{scored.loc[ok, 'score'].mean():.0f}" if ok.any() else "n/a")

    bands_col, scores_col = st.columns(2)
    with bands_col:
        st.markdown("**Articles per band**")
        st.altair_chart(band_chart(scored.loc[ok, "band"]), width="stretch")
    with scores_col:
        st.markdown("**Score distribution** (10-point bins)")
        st.altair_chart(histogram(scored.loc[ok, "score"]), width="stretch")
    if (~ok).any():
        st.markdown("**Rows that could not be scored**")
        st.dataframe(scored.loc[~ok, [c for c in (mapping["id"], "error") if c]].head(100), width="stretch")

    stem = name.rsplit(".", 1)[0]
    st.download_button(
        "Download the scored CSV", scored_csv, file_name=f"{stem}-scored.csv", mime="text/csv"
    )
    if mapping["outlet"]:
        st.markdown("**By outlet**")
        summary = outlet_summary(scored, outlet_col=mapping["outlet"])
        st.dataframe(summary.round(2), hide_index=True, width="stretch")
        st.download_button(
            "Download the outlet summary", spreadsheet_csv(summary), file_name=f"{stem}-outlets.csv", mime="text/csv"
        )
    if st.button("Add these articles to the store", key="batch.import"):
        _import(scored, mapping)


def spreadsheet_csv(frame: pd.DataFrame) -> bytes:
    """CSV bytes whose text cells a spreadsheet will not run as formulas."""
    return excel_safe(frame).to_csv(index=False).encode("utf-8")


def _import(scored: pd.DataFrame, mapping: dict[str, str | None]) -> None:
    frame = scored.rename(columns={mapping["published"]: "published"}) if mapping["published"] else scored
    result = store.import_frame(
        data.db_path(), frame, model=data.model(), text_col=mapping["text"],
        id_col=mapping["id"] or "id", outlet_col=mapping["outlet"] or "outlet", title_col=mapping["title"] or "title",
    )  # fmt: skip
    st.success(f"Added {result.added:,} articles to the store; {result.skipped:,} were already there.")


def band_chart(bands: pd.Series) -> alt.Chart:
    order = [b.name for b in reversed(BANDS)]  # lowest band first
    counts = bands.value_counts().reindex(order, fill_value=0).rename_axis("band").reset_index(name="articles")
    return (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            x=alt.X("articles:Q", title="articles"),
            y=alt.Y("band:N", sort=list(reversed(order)), title=None),
            color=alt.Color("band:N", scale=band_scale(), legend=None),
            tooltip=["band:N", "articles:Q"],
        )
    )


def histogram(scores: pd.Series) -> alt.Chart:
    """Articles per 10-point score bin, counted here so the browser gets ten rows."""
    starts = (scores.clip(0, 99.999) // 10 * 10).astype(int)
    counts = starts.value_counts().reindex(range(0, 100, 10), fill_value=0)
    frame = pd.DataFrame({"from": counts.index, "to": counts.index + 10, "articles": counts.to_numpy()})
    return (
        alt.Chart(frame)
        .mark_bar(color=RAISES)
        .encode(
            x=alt.X("from:Q", title="score", scale=alt.Scale(domain=[0, 100])),
            x2="to:Q",
            y=alt.Y("articles:Q"),
            tooltip=["from:Q", "to:Q", "articles:Q"],
        )
    )
