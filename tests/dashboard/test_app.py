"""The whole dashboard: a first start fills an empty store with the sample articles and says so."""

from scoring import store


def test_a_first_start_loads_the_sample_articles_and_says_so(whole_app, empty_db):
    at = whole_app.run()
    assert not at.exception
    stored = store.latest_scores(empty_db)
    assert len(stored) > 0 and stored["score"].notna().all()
    notice = at.info[0].value
    assert f"{len(stored)} sample articles" in notice
    assert at.title[0].value == "How well is this article sourced?"  # the Article page opens first
    at = at.run()  # the notice is shown once per session, not on every rerun
    assert not any("sample articles" in i.value for i in at.info)


def test_a_store_with_articles_is_left_as_it_is(whole_app, db):
    before = len(store.latest_scores(db))
    at = whole_app.run()
    assert not at.exception
    assert len(store.latest_scores(db)) == before
    assert not any("sample articles" in i.value for i in at.info)
