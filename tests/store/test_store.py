"""The store keeps articles and every score, migrates old files and refuses newer ones."""

import datetime
import json
import sqlite3

import pandas as pd
import pytest

from scoring import store
from scoring.store import (
    SCHEMA_VERSION,
    StoreError,
    connect,
    get_article,
    import_frame,
    latest_scores,
    outlets,
    rescore,
    resolve_db,
    save_scored_article,
)


def test_an_imported_scored_article_comes_back_as_stored(db, scored):
    frame = scored([{"article_id": "gz-1", "outlet": "lowmere-gazette.example", "score": 72.5, "unnamed": 2}])
    assert import_frame(db, frame) == store.ImportResult(added=1, skipped=0, scored=0)

    latest = latest_scores(db)
    row = latest.iloc[0]
    assert list(latest["article_id"]) == ["gz-1"]
    assert row["outlet"] == "lowmere-gazette.example"
    assert row["score"] == 72.5
    assert row["band"] == "Well sourced"
    assert row["unnamed_sources"] == 2
    assert row["model_id"] == "fixture-model"
    assert row["named_source_share"] == 0.5  # a feature column, expanded from the stored JSON

    article = get_article(db, "gz-1")
    assert article["text"] == frame.loc[0, "text"]
    assert article["published"] == "2026-03-02"
    assert article["latest"]["features"]["named_source_share"] == 0.5
    assert [s["model_id"] for s in article["scores"]] == ["fixture-model"]
    assert get_article(db, "no-such-article") is None
    assert outlets(db) == ["lowmere-gazette.example"]


def test_db_path_comes_from_the_argument_then_the_environment_then_the_working_folder(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RELIABILITY_DB", raising=False)
    assert resolve_db() == tmp_path / "reliability.db"
    monkeypatch.setenv("RELIABILITY_DB", str(tmp_path / "from-env.db"))
    assert resolve_db() == tmp_path / "from-env.db"
    assert resolve_db(tmp_path / "given.db") == tmp_path / "given.db"


def test_a_fresh_database_is_current_in_wal_mode_with_foreign_keys(db):
    conn = connect(db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(
                "INSERT INTO scores (article, model_id, scored_at) VALUES ('missing', 'm', 'now')"
            )
    finally:
        conn.close()


# Version 1 as it shipped, written out by hand so the test does not trust the code it checks.
VERSION_1 = """
CREATE TABLE outlets (name TEXT PRIMARY KEY, first_seen TEXT NOT NULL);
CREATE TABLE articles (id TEXT PRIMARY KEY, outlet TEXT REFERENCES outlets(name), url TEXT, title TEXT,
    author TEXT, published TEXT, text TEXT NOT NULL, text_sha256 TEXT NOT NULL, imported_at TEXT NOT NULL);
CREATE UNIQUE INDEX articles_outlet_text ON articles(ifnull(outlet, ''), text_sha256);
CREATE INDEX articles_outlet ON articles(outlet);
CREATE TABLE feature_sets (id INTEGER PRIMARY KEY, names TEXT NOT NULL UNIQUE);
CREATE TABLE scores (id INTEGER PRIMARY KEY, article TEXT NOT NULL REFERENCES articles(id),
    model_id TEXT NOT NULL, score REAL, band TEXT NOT NULL DEFAULT '', probability REAL,
    named_sources INTEGER, unnamed_sources INTEGER, quotes INTEGER, hedges INTEGER, boosters INTEGER,
    assessments INTEGER, words INTEGER, warnings TEXT NOT NULL DEFAULT '', error TEXT NOT NULL DEFAULT '',
    scored_at TEXT NOT NULL, feature_set INTEGER REFERENCES feature_sets(id), features BLOB,
    contributions TEXT NOT NULL DEFAULT '{}');
CREATE INDEX scores_article ON scores(article, id);
CREATE INDEX scores_model ON scores(model_id);
CREATE TABLE reviews (id INTEGER PRIMARY KEY, article TEXT NOT NULL REFERENCES articles(id),
    score INTEGER REFERENCES scores(id), reviewer TEXT NOT NULL, verdict TEXT NOT NULL,
    corrected_score REAL CHECK (corrected_score IS NULL OR corrected_score BETWEEN 0 AND 100),
    notes TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL);
CREATE INDEX reviews_article ON reviews(article, id);
INSERT INTO outlets VALUES ('fenwick-post.example', '2025-12-01T09:00:00+00:00');
INSERT INTO articles VALUES ('fp-7', 'fenwick-post.example', NULL, 'Mill closure', NULL, '2025-11-30',
    'The mill will close, its owner said.', 'abc', '2025-12-01T09:00:00+00:00');
INSERT INTO scores (article, model_id, score, band, scored_at)
    VALUES ('fp-7', 'old-model', 41.0, 'Thinly sourced', '2025-12-01T09:00:00+00:00');
INSERT INTO reviews (article, score, reviewer, verdict, notes, created_at)
    VALUES ('fp-7', 1, 'Noor Haddad', 'score too low', 'owner is on record', '2025-12-02T10:00:00+00:00');
PRAGMA user_version = 1;
"""


def test_a_version_1_database_is_migrated_forward_keeping_its_data(db):
    raw = sqlite3.connect(db)
    raw.executescript(VERSION_1)
    raw.close()

    conn = connect(db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        columns = [r["name"] for r in conn.execute("PRAGMA table_info(reviews)")]
        assert "corrected_band" in columns
        assert conn.execute("SELECT latest_score FROM articles WHERE id = 'fp-7'").fetchone()[0] == 1
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("UPDATE reviews SET verdict = 'agree'")
    finally:
        conn.close()

    from scoring.review import reviews

    history = reviews(db)
    assert history["reviewer"].tolist() == ["Noor Haddad"]
    assert history["reviewed_score"].tolist() == [41.0]
    assert latest_scores(db)["model_id"].tolist() == ["old-model"]


def test_a_database_from_a_newer_version_is_refused_naming_both_versions(db):
    raw = sqlite3.connect(db)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    raw.close()
    with pytest.raises(StoreError, match=rf"version {SCHEMA_VERSION + 5}.*version {SCHEMA_VERSION}"):
        connect(db)


def test_a_file_that_is_not_a_database_is_refused_clearly(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are my meeting notes, not a database" * 20)
    with pytest.raises(StoreError, match="not a usable reliability database"):
        connect(bogus)


def test_importing_the_same_rows_twice_adds_nothing_the_second_time(db, scored):
    frame = scored(
        [{"article_id": f"gz-{i}", "outlet": "lowmere-gazette.example", "score": 40 + i} for i in range(5)]
    )
    assert import_frame(db, frame).added == 5
    assert import_frame(db, frame) == store.ImportResult(added=0, skipped=5, scored=0)
    # The same outlet and text under a new id is the same article.
    renamed = frame.assign(id=[f"copy-{i}" for i in range(5)])
    assert import_frame(db, renamed) == store.ImportResult(added=0, skipped=5, scored=0)
    assert len(latest_scores(db)) == 5


def test_rows_without_an_id_get_a_stable_one_from_outlet_and_text(db, scored):
    frame = scored([{"article_id": "x", "outlet": "fenwick-post.example", "score": 55}]).drop(columns="id")
    frame = pd.concat([frame, frame.assign(outlet="lowmere-gazette.example")], ignore_index=True)
    assert import_frame(db, frame).added == 2  # syndicated copy counts for each outlet
    assert import_frame(db, frame).added == 0
    ids = latest_scores(db)["article_id"].tolist()
    assert all(i.startswith("sha-") for i in ids) and len(set(ids)) == 2


def test_raw_rows_are_scored_with_the_given_model(db, raw_articles, model_a):
    result = import_frame(db, raw_articles, model=model_a)
    assert result == store.ImportResult(added=3, skipped=0, scored=3)
    latest = latest_scores(db).set_index("article_id")
    assert set(latest["model_id"]) == {"tiny-a"}
    assert latest["score"].between(0, 100).all()
    assert latest.loc["lm-1", "named_sources"] >= 0
    # Stored published times are normalised to UTC.
    assert latest.loc["lm-2", "published"] == "2026-02-09T13:30:00Z"


def test_rows_that_cannot_be_scored_are_stored_with_their_error(db, raw_articles, model_a):
    broken = raw_articles.assign(text=["", "   ", raw_articles.loc[2, "text"]], id=["e1", "e2", "e3"])
    import_frame(db, broken, model=model_a)
    latest = latest_scores(db).set_index("article_id")
    assert latest.loc[["e1", "e2"], "score"].isna().all()
    assert (latest.loc[["e1", "e2"], "error"] != "").all()
    assert latest.loc["e3", "error"] == ""


def test_rescoring_adds_new_scores_and_keeps_the_old_ones(db, raw_articles, model_a, model_b):
    import_frame(db, raw_articles, model=model_a)
    before = latest_scores(db).set_index("article_id")["score"]

    assert rescore(db, model_b) == 3
    assert rescore(db, model_b) == 0  # already current

    latest = latest_scores(db).set_index("article_id")
    assert set(latest["model_id"]) == {"tiny-b"}
    history = get_article(db, "lm-1")["scores"]
    assert [s["model_id"] for s in history] == ["tiny-b", "tiny-a"]
    assert history[1]["score"] == before["lm-1"]


def test_save_scored_article_stores_the_score_its_features_and_contributions(db, model_a):
    from scoring.model import score

    text = "The pier reopens on Friday, harbour master Col Brenner said in a statement."
    result = score(text, title="Pier reopens", model=model_a)
    article = {"id": "pier-1", "outlet": "fenwick-post.example", "title": "Pier reopens", "text": text}
    assert save_scored_article(db, article, result) == "pier-1"
    # Same outlet and text under another id: the score joins the stored article.
    assert save_scored_article(db, {**article, "id": "pier-dup"}, result) == "pier-1"

    stored = get_article(db, "pier-1")
    assert len(stored["scores"]) == 2
    assert stored["latest"]["score"] == pytest.approx(result.score)
    assert stored["latest"]["contributions"] == pytest.approx(result.contributions)
    assert set(stored["latest"]["features"]) == set(result.contributions)
    assert stored["latest"]["words"] == result.analysis.words


def test_latest_scores_filters_by_period_both_days_included_and_by_outlet(db, scored):
    frame = scored(
        [
            {"article_id": "a", "outlet": "fenwick-post.example", "score": 50, "published": "2026-03-01"},
            {"article_id": "b", "outlet": "fenwick-post.example", "score": 50, "published": "2026-03-31T23:10:00Z"},
            {"article_id": "c", "outlet": "fenwick-post.example", "score": 50, "published": "2026-04-01"},
            {"article_id": "d", "outlet": "lowmere-gazette.example", "score": 50, "published": "2026-03-15"},
            {"article_id": "e", "outlet": "lowmere-gazette.example", "score": 50, "published": "not a date"},
        ]
    )
    import_frame(db, frame)
    march = latest_scores(db, since="2026-03-01", until="2026-03-31")
    assert march["article_id"].tolist() == ["a", "b", "d"]
    as_dates = latest_scores(db, since=datetime.date(2026, 3, 1), until=datetime.date(2026, 3, 31))
    assert as_dates["article_id"].tolist() == ["a", "b", "d"]
    assert latest_scores(db, outlets=["lowmere-gazette.example"])["article_id"].tolist() == ["d", "e"]
    assert latest_scores(db, since="2026-03-02", outlets=["fenwick-post.example"])["article_id"].tolist() == ["b", "c"]
    with pytest.raises(ValueError, match="not a date"):
        latest_scores(db, since="last tuesday")
    with pytest.raises(ValueError, match="ends"):
        latest_scores(db, since="2026-04-01", until="2026-03-01")


def test_feature_names_are_stored_once_and_values_per_score(db, scored):
    frame = scored([{"article_id": f"j{i}", "outlet": "fenwick-post.example", "score": 61} for i in range(3)])
    import_frame(db, frame.assign(words_per_sentence=[11.0, 12.5, float("nan")]))
    conn = connect(db)
    try:
        (names,) = [json.loads(r[0]) for r in conn.execute("SELECT names FROM feature_sets")]
        blobs = [r[0] for r in conn.execute("SELECT features FROM scores ORDER BY id")]
    finally:
        conn.close()
    assert "words_per_sentence" in names
    assert [len(b) for b in blobs] == [8 * len(names)] * 3
    latest = latest_scores(db).set_index("article_id")["words_per_sentence"]
    assert latest["j0"] == 11.0 and latest["j1"] == 12.5 and pd.isna(latest["j2"])


def test_broken_unicode_is_stored_with_replacement_characters(db, scored):
    # pandas' own string type refuses lone surrogates; an object-typed frame (or a dict) carries them.
    frame = scored([{"article_id": "u1", "outlet": "fenwick-post.example", "score": 50}]).astype(object)
    frame.loc[0, "title"] = "Quay \ud800 works"
    frame.loc[0, "text"] = "The quay \udfff reopened, its owner said."
    assert import_frame(db, frame).added == 1
    article = get_article(db, "u1")
    assert article["title"] == "Quay \ufffd works"
    assert article["text"] == "The quay \ufffd reopened, its owner said."


def test_a_version_2_database_points_each_article_at_its_newest_score_and_keeps_it_current(db):
    raw = sqlite3.connect(db)
    raw.executescript(VERSION_1.replace("PRAGMA user_version = 1;", ""))
    raw.executescript(
        "INSERT INTO scores (article, model_id, score, band, scored_at)"
        " VALUES ('fp-7', 'newer-model', 63.0, 'Adequately sourced', '2025-12-05T09:00:00+00:00');"
        "INSERT INTO articles VALUES ('fp-8', 'fenwick-post.example', NULL, 'Unscored', NULL, NULL,"
        " 'Nobody scored this.', 'def', '2025-12-06T09:00:00+00:00');"
        "ALTER TABLE reviews ADD COLUMN corrected_band TEXT;"
        "PRAGMA user_version = 2;"
    )
    raw.close()

    conn = connect(db)
    try:
        latest = dict(conn.execute("SELECT id, latest_score FROM articles").fetchall())
        assert latest == {"fp-7": 2, "fp-8": None}
        conn.execute(
            "INSERT INTO scores (article, model_id, score, scored_at) VALUES ('fp-8', 'm', 50.0, 'now')"
        )
        assert conn.execute("SELECT latest_score FROM articles WHERE id = 'fp-8'").fetchone()[0] == 3
    finally:
        conn.close()
    assert latest_scores(db).set_index("article_id")["model_id"].to_dict() == {"fp-7": "newer-model", "fp-8": "m"}
