"""The Review page: the queue, a verdict saved through the form into the history, the meeting report."""

from scoring import review


def test_a_review_saved_through_the_form_appears_in_the_history(page, db):
    at = page("review").run()
    assert not at.exception
    queue = at.dataframe[0].value
    assert len(queue) > 0 and {"title", "outlet", "priority", "reason"} <= set(queue.columns)
    article_id = at.selectbox(key="review.article").value
    assert at.metric[0].label == "Score"  # the chosen article is shown with its score and evidence
    assert any('class="evidence-text"' in m.value for m in at.markdown)
    assert "No reviews of this article yet." in [c.value for c in at.caption]

    at.text_input(key="review.name").input("Desk editor Juno Vale")
    at.radio(key="review.verdict").set_value("score too high")
    at.number_input(key="review.corrected_score").set_value(40)
    at.text_area(key="review.notes").input("Leans on <b>two</b> unnamed officials.")
    at.button(key="review.save").click()
    at = at.run()
    assert not at.exception
    assert at.success[0].value == "Review saved."
    history = at.dataframe[-1].value
    assert history[["reviewer", "verdict", "corrected_score", "notes"]].iloc[0].tolist() == [
        "Desk editor Juno Vale", "score too high", 40.0, "Leans on <b>two</b> unnamed officials."
    ]
    assert review.reviews(db, article_id)["verdict"].tolist() == ["score too high"]
    # the name is remembered for the session, in the page's own key
    assert at.session_state["review.reviewer"] == "Desk editor Juno Vale"
    assert at.text_input(key="review.name").value == "Desk editor Juno Vale"


def test_a_review_without_a_name_is_refused_with_the_reason(page, db):
    at = page("review").run()
    article_id = at.selectbox(key="review.article").value
    at.button(key="review.save").click()
    at = at.run()
    assert at.error[0].value.startswith("Review not saved: the reviewer")
    assert review.reviews(db, article_id).empty


def test_the_meeting_report_is_offered_as_html(page, db):
    at = page("review").run()
    first, last = at.date_input(key="review.period").value
    at.button(key="review.prepare").click()
    at = at.run()
    assert not at.exception
    (download,) = at.get("download_button")
    assert download.proto.label == "Download the report (HTML)"
    assert f"reliability-report-{first}-to-{last}.html" in [c.value for c in at.caption][-1]
