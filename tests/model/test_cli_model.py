"""``reliability train``, ``evaluate`` and ``explain`` on fictional outlets."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from scoring.cli import main


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def test_train_then_evaluate_round_trip(tmp_path, fictional_csv):
    out = tmp_path / "models" / "fictional"
    trained = run("train", fictional_csv, "-o", out, "--label-column", "verdict", "--folds", 3,
                  "--leave-out", "hedges_per_1000_words", "--leave-out", "boosters_per_1000_words")
    assert trained.exit_code == 0, trained.output
    assert "roc_auc" in trained.output and "saved" in trained.output
    card = json.loads((tmp_path / "models" / "fictional.card.json").read_text())
    assert card["model_id"].startswith("fictional-")
    assert card["training"]["label_counts"] == {"0": 18, "1": 18}
    assert card["training"]["outlets"] == 6
    assert sum(row["n"] for row in card["cross_validation"]["calibration"]) == 36
    assert len(card["training"]["files"][0]["sha256"]) == 64
    assert "--label-column verdict" in card["training"]["command"]
    assert card["training"]["command"].endswith("--leave-out hedges_per_1000_words --leave-out boosters_per_1000_words")

    evaluated = run("evaluate", out.with_suffix(".skops"), fictional_csv, "--label-column", "verdict", "--json")
    assert evaluated.exit_code == 0, evaluated.output
    metrics = json.loads(evaluated.output[evaluated.output.index("{"):])
    assert metrics["model_id"] == card["model_id"]
    assert metrics["roc_auc"] == 1.0  # the two kinds of fictional sourcing are easy to tell apart
    assert sum(row["n"] for row in metrics["calibration"]) == 36


def test_evaluate_with_outlet_ratings_ranks_outlets(tmp_path, fictional_csv):
    out = tmp_path / "m"
    assert run("train", fictional_csv, "-o", out, "--label-column", "verdict", "--folds", 3).exit_code == 0
    ratings = tmp_path / "ratings.csv"
    pd.DataFrame(
        {
            "site": ["harlow-ledger.example", "kestov-times.example", "orchard-post.example",
                     "truthblast.example", "rumour-mill.example", "outrage-daily.example"],
            "quality": [0.9, 0.8, 0.85, 0.2, 0.1, 0.3],
        }
    ).to_csv(ratings, index=False)
    evaluated = run("evaluate", f"{out}.skops", fictional_csv, "--outlet-ratings", ratings,
                    "--ratings-domain-column", "site", "--rating-column", "quality", "--threshold", 0.5)
    assert evaluated.exit_code == 0, evaluated.output
    assert "outlet_spearman" in evaluated.output and "outlets_ranked: 6" in evaluated.output


def test_train_names_the_columns_when_the_label_column_is_missing(tmp_path, fictional_csv):
    result = run("train", fictional_csv, "-o", tmp_path / "m", "--label-column", "truth")
    assert result.exit_code != 0
    assert "no label column 'truth'" in result.output and "outlet, text, verdict" in result.output


def test_train_refuses_a_single_class(tmp_path):
    path = tmp_path / "one.csv"
    pd.DataFrame({"outlet": ["a.example", "b.example"], "text": ["x", "y"], "label": [1, 1]}).to_csv(path, index=False)
    result = run("train", path, "-o", tmp_path / "m", "--label-column", "label")
    assert result.exit_code != 0 and "both reliable (1) and unreliable (0)" in result.output


def test_train_needs_two_outlets_for_grouped_folds(tmp_path):
    path = tmp_path / "one_outlet.csv"
    pd.DataFrame({"outlet": ["a.example"] * 4, "text": ["x", "y", "z", "w"], "label": [1, 0, 1, 0]}).to_csv(path, index=False)
    result = run("train", path, "-o", tmp_path / "m", "--label-column", "label")
    assert result.exit_code != 0 and "at least 2 outlets; found 1" in result.output


def test_train_drops_unlabelled_rows_and_says_how_many(tmp_path, fictional_csv):
    rows = pd.read_csv(fictional_csv)
    rows.loc[:2, "verdict"] = "mixed"
    rows.loc[3, "verdict"] = None
    rows.loc[20, "text"] = "   "
    rows.to_csv(fictional_csv, index=False)
    result = run("train", fictional_csv, "-o", tmp_path / "m", "--label-column", "verdict", "--folds", 3)
    assert result.exit_code == 0, result.output
    assert "dropped 5 of 36 rows" in result.output and "(1 without text" in result.output


def test_numeric_labels_need_a_threshold(tmp_path, fictional_csv):
    rows = pd.read_csv(fictional_csv)
    rows["rating"] = (rows["verdict"] == "reliable") * 0.7 + 0.1
    rows.to_csv(fictional_csv, index=False)
    result = run("train", fictional_csv, "-o", tmp_path / "m", "--label-column", "rating")
    assert result.exit_code != 0 and "give --threshold" in result.output


@pytest.mark.parametrize("source", ["file", "stdin"])
def test_explain_shows_score_band_and_points(tmp_path, articles, source):
    path = tmp_path / "article.txt"
    path.write_text(articles["anonymous"], encoding="utf-8")
    result = run("explain", "-" if source == "stdin" else path, "--top", 3,
                 input=articles["anonymous"] if source == "stdin" else None)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("score ") and "/100" in result.output
    assert result.output.count(" pts") == 3


def test_explain_refuses_an_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("  ", encoding="utf-8")
    result = run("explain", path)
    assert result.exit_code != 0 and "no text" in result.output


def test_from_reviews_adds_the_reviewers_labels(tmp_path, fictional_csv, articles, monkeypatch):
    import scoring.review

    db = tmp_path / "reviews.db"
    db.write_bytes(b"a review store")  # only fingerprinted here; training_labels is replaced below
    reviewed = pd.DataFrame(
        {"text": [articles["named"], articles["anonymous"]], "title": [None, None],
         "outlet": ["https://www.new-outlet.example/a", "other.example"], "label": [1.0, 0.0]}
    )
    monkeypatch.setattr(scoring.review, "training_labels", lambda path: reviewed)
    out = tmp_path / "m"
    result = run("train", fictional_csv, "-o", out, "--label-column", "verdict", "--folds", 3,
                 "--from-reviews", "--db", db)
    assert result.exit_code == 0, result.output
    card = json.loads((tmp_path / "m.card.json").read_text())
    assert card["training"]["label_counts"] == {"0": 19, "1": 19}
    assert card["training"]["outlets"] == 8
    assert "reviewers' verdicts" in card["training"]["labels_from"]


def test_from_reviews_needs_a_db(tmp_path, fictional_csv):
    result = run("train", fictional_csv, "-o", tmp_path / "m", "--label-column", "verdict", "--from-reviews")
    assert result.exit_code != 0 and "--db" in result.output


def test_train_explains_a_file_that_is_not_csv(tmp_path):
    path = tmp_path / "articles.csv"
    path.write_bytes(b"outlet,text\n\xff\xfe\x00broken")
    result = run("train", path, "-o", tmp_path / "m", "--label-column", "label")
    assert result.exit_code != 0 and f"cannot read {path} as CSV" in result.output
