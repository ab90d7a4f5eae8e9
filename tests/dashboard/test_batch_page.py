"""The Batch page scores an uploaded CSV in chunks, summarises it, and offers spreadsheet-safe downloads."""

import io

import pandas as pd

from scoring import store

ARTICLES = pd.DataFrame(
    {
        "story_id": ["q-1", "q-2", "q-3"],
        "site": ["quayside-post.example", "quayside-post.example", "fen-echo.example"],
        "headline": ["=HYPERLINK(\"http://evil.example\")", "Bridge reopens", "Mill to close"],
        "when": ["2026-03-02", "2026-03-09", "2026-03-04"],
        "story": [
            "The ferry will run twice a day, the operator Tidewell Lines said in a statement on Monday.",
            "The bridge reopened on Friday, council engineer Pia Marsh said. Residents said it may close again.",
            "",
        ],
    }
)


def upload(at, frame, name="stories.csv"):
    at.file_uploader(key="batch.upload").set_value((name, frame.to_csv(index=False).encode(), "text/csv"))
    return at.run()


def test_a_csv_is_mapped_scored_summarised_and_downloadable(page, db, chart_with_field):
    at = upload(page("batch").run(), ARTICLES)
    assert not at.exception
    # no column with a known name for the text: the page lists the columns it found and asks
    assert "Columns found: story_id, site, headline, when, story." in at.warning[0].value.replace("\\", "")
    assert at.selectbox(key="batch.column.text").value is None
    assert not at.button  # nothing to score until the text column is chosen
    assert at.selectbox(key="batch.column.title").value == "headline"  # a known name for it
    at.selectbox(key="batch.column.text").set_value("story")
    at.selectbox(key="batch.column.outlet").set_value("site")
    at.selectbox(key="batch.column.title").set_value("headline")
    at.selectbox(key="batch.column.published").set_value("when")
    at.selectbox(key="batch.column.id").set_value("story_id")
    at = at.run()
    at.button(key="batch.score").click()
    at = at.run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles scored"] == "2" and metrics["Could not be scored"] == "1"
    (bands,) = chart_with_field(at, "band")["frames"].values()
    assert bands["articles"].sum() == 2

    downloads = {d.label: d for d in at.get("download_button")}
    assert set(downloads) == {"Download the scored CSV", "Download the outlet summary"}
    summary = at.dataframe[-1].value
    assert set(summary["outlet"]) == {"quayside-post.example", "fen-echo.example"}


def test_the_scored_csv_defuses_spreadsheet_formulas(page, db):
    from scoring.dashboard.views.batch import spreadsheet_csv

    scored = pd.DataFrame({"headline": ['=HYPERLINK("http://evil.example")', "+1", "Plain"], "score": [-1.5, 2.0, 3.0]})
    back = pd.read_csv(io.BytesIO(spreadsheet_csv(scored)))
    assert back["headline"].tolist() == ['\'=HYPERLINK("http://evil.example")', "'+1", "Plain"]
    assert back["score"].tolist() == [-1.5, 2.0, 3.0]


def test_scored_rows_can_be_added_to_the_store(page, db):
    at = upload(page("batch").run(), ARTICLES.rename(columns={"story": "body", "site": "outlet", "when": "published"}))
    at.button(key="batch.score").click()
    at = at.run()
    before = len(store.latest_scores(db))
    at.button(key="batch.import").click()
    at = at.run()
    assert not at.exception
    assert "Added 3 articles to the store" in at.success[0].value
    stored = store.latest_scores(db)
    assert len(stored) == before + 3
    assert set(stored.loc[stored["outlet"] == "fen-echo.example", "published"]) == {"2026-03-04"}


def test_a_file_that_is_not_a_csv_gets_a_message(page, db):
    at = page("batch").run()
    at.file_uploader(key="batch.upload").set_value(("empty.csv", b"", "text/csv"))
    at = at.run()
    assert "empty.csv could not be read as CSV" in at.error[0].value
