"""Reviews are validated and append-only; the queue puts first what most needs a human look."""

import sqlite3

import pytest

from scoring.review import VERDICTS, add_review, queue, reviews, training_labels
from scoring.store import connect, import_frame


@pytest.fixture
def stored(db, scored):
    import_frame(db, scored([{"article_id": "gz-1", "outlet": "lowmere-gazette.example", "score": 64}]))
    return db


def _review_count(db):
    conn = connect(db)
    try:
        return conn.execute("SELECT count(*) FROM reviews").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"verdict": "looks fine"}, "unknown verdict 'looks fine'"),
        ({"article_id": "gz-404"}, "no article with id 'gz-404'"),
        ({"reviewer": "   "}, "reviewer's name is empty"),
        ({"reviewer": ""}, "reviewer's name is empty"),
        ({"corrected_score": 101}, "outside 0-100"),
        ({"corrected_score": -0.5}, "outside 0-100"),
        ({"corrected_score": float("nan")}, "outside 0-100"),
        ({"corrected_score": "high"}, "not a number"),
        ({"corrected_band": "Splendid"}, "unknown band 'Splendid'"),
        ({"notes": "x" * 10_001}, "at most 10000"),
    ],
)
def test_an_invalid_review_is_refused_and_nothing_is_written(stored, change, message):
    review = {"article_id": "gz-1", "reviewer": "Ruth Okafor", "verdict": "agree", **change}
    with pytest.raises(ValueError, match=message):
        add_review(stored, **review)
    assert _review_count(stored) == 0


def test_reviews_are_kept_as_history_newest_first(stored):
    first = add_review(stored, "gz-1", "Ruth Okafor", "score too high", notes="two anonymous officials")
    second = add_review(stored, "gz-1", "  Ruth   Okafor ", "agree", notes="council confirmed on record",
                        corrected_band="Adequately sourced")
    history = reviews(stored, "gz-1")
    assert history["review_id"].tolist() == [second, first]
    assert history["verdict"].tolist() == ["agree", "score too high"]
    assert history["reviewer"].tolist() == ["Ruth Okafor", "Ruth Okafor"]
    assert history["corrected_band"].tolist() == ["Adequately sourced", ""]
    assert history["reviewed_score"].tolist() == [64.0, 64.0]  # the score the reviewer saw
    assert reviews(stored, "gz-other").empty


def test_broken_unicode_in_names_and_notes_is_kept_readable(stored):
    add_review(stored, "gz-1", "Ruth \ud800", "agree", notes="fine \udfff")
    history = reviews(stored)
    assert history.loc[0, "reviewer"] == "Ruth \ufffd"
    assert history.loc[0, "notes"] == "fine \ufffd"


def test_the_schema_refuses_to_rewrite_or_delete_reviews(stored):
    add_review(stored, "gz-1", "Ruth Okafor", "agree")
    conn = connect(stored)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("UPDATE reviews SET verdict = 'score too low'")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("DELETE FROM reviews")
    finally:
        conn.close()
    assert reviews(stored)["verdict"].tolist() == ["agree"]


def test_verdicts_are_the_four_the_newsroom_uses():
    assert VERDICTS == ("agree", "score too high", "score too low", "needs follow-up")


@pytest.fixture
def newsroom(db, scored):
    """A usually strong outlet with one weak article, a middling outlet with one anonymous star."""
    rows = [{"article_id": f"strong-{i}", "outlet": "strong.example", "score": 80} for i in range(5)]
    rows.append({"article_id": "strong-weak", "outlet": "strong.example", "score": 30})
    rows += [{"article_id": f"mid-{i}", "outlet": "mid.example", "score": 45 + 10 * (i % 2)} for i in range(4)]
    rows.append({"article_id": "mid-anon", "outlet": "mid.example", "score": 85, "named": 0, "unnamed": 5})
    import_frame(db, scored(rows))
    return db


def test_queue_puts_weak_articles_from_strong_outlets_and_anonymous_stars_first(newsroom):
    q = queue(newsroom)
    assert q["article_id"].tolist()[:2] == ["strong-weak", "mid-anon"]
    assert q["priority"].is_monotonic_decreasing
    reasons = q.set_index("article_id")["reason"]
    assert "below strong.example's usual" in reasons["strong-weak"]
    assert "5 of 5 sources unnamed" in reasons["mid-anon"]
    assert "model is unsure (probability 0.45)" in reasons["mid-0"]
    assert all("never reviewed" in r for r in reasons)
    # Equal evidence, equal priority: ties fall back to the article id.
    assert q["article_id"].tolist().index("mid-0") < q["article_id"].tolist().index("mid-2")


def test_queue_puts_settled_articles_after_unreviewed_ones_but_keeps_follow_ups(newsroom):
    add_review(newsroom, "strong-weak", "Ruth Okafor", "agree")
    add_review(newsroom, "mid-anon", "Ruth Okafor", "needs follow-up", notes="ask for the documents")
    q = queue(newsroom)
    ids = q["article_id"].tolist()
    assert ids[0] == "mid-anon"
    assert ids[-1] == "strong-weak"  # highest priority, but already settled
    reasons = q.set_index("article_id")["reason"]
    assert reasons["strong-weak"].endswith("reviewed 1x, latest: agree")
    assert reasons["mid-anon"].endswith("latest: needs follow-up")


def test_queue_filters_and_limits(newsroom):
    q = queue(newsroom, outlets=["mid.example"], limit=3)
    assert len(q) == 3
    assert set(q["outlet"]) == {"mid.example"}
    assert queue(newsroom, since="2030-01-01").empty


def test_training_labels_follow_each_articles_latest_review(db, scored):
    cases = {  # article id: (model score, reviews as (verdict, extra), expected label or None)
        "agree-high": (72, [("agree", {})], 1),
        "agree-low": (31, [("agree", {})], 0),
        "too-high": (72, [("score too high", {})], 0),
        "too-low": (31, [("score too low", {})], 1),
        "corrected-score": (72, [("score too high", {"corrected_score": 55})], 1),
        "corrected-band": (31, [("agree", {"corrected_band": "Adequately sourced"})], 1),
        "follow-up": (60, [("needs follow-up", {})], None),
        "changed-mind": (72, [("score too high", {}), ("agree", {})], 1),
        "unreviewed": (50, [], None),
    }
    import_frame(
        db,
        scored([{"article_id": k, "outlet": "fenwick-post.example", "score": s, "text": f"Story {k}."}
                for k, (s, _, _) in cases.items()]),
    )
    for article_id, (_, steps, _) in cases.items():
        for verdict, extra in steps:
            add_review(db, article_id, "Sam Ortiz", verdict, **extra)

    labels = training_labels(db)
    assert list(labels.columns) == ["text", "title", "outlet", "label"]
    got = dict(zip(labels["text"], labels["label"], strict=True))
    expected = {f"Story {k}.": label for k, (_, _, label) in cases.items() if label is not None}
    assert got == expected
    assert set(labels["outlet"]) == {"fenwick-post.example"}
