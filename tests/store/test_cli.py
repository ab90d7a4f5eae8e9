"""`reliability import`, `review add` / `review list` and `report` drive the store from the shell."""

import pytest
from click.testing import CliRunner

from scoring.cli import main
from scoring.model import save_model
from scoring.store import latest_scores


@pytest.fixture
def run():
    runner = CliRunner()
    return lambda *args: runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def scored_csv(tmp_path, scored):
    path = tmp_path / "scored.csv"
    scored(
        [{"article_id": f"gz-{i}", "outlet": "lowmere-gazette.example", "score": 50 + 5 * i} for i in range(4)]
    ).to_csv(path, index=False)
    return path


def test_import_stores_a_scored_csv_once(run, db, scored_csv):
    first = run("import", scored_csv, "--db", db)
    assert first.exit_code == 0
    assert "added 4, skipped 0 already stored, scored 0" in first.output
    again = run("import", scored_csv, "--db", db)
    assert "added 0, skipped 4 already stored, scored 0" in again.output
    assert latest_scores(db)["score"].tolist() == [50.0, 55.0, 60.0, 65.0]


def test_import_scores_raw_articles_with_a_model_file_and_renamed_columns(run, db, tmp_path, raw_articles, model_a):
    model_path = save_model(model_a, tmp_path / "tiny")
    path = tmp_path / "raw.csv"
    raw_articles.rename(columns={"text": "body", "outlet": "site"}).to_csv(path, index=False)
    result = run("import", path, "--db", db, "--model", model_path, "--text-col", "body", "--outlet-col", "site")
    assert result.exit_code == 0, result.output
    assert "added 3, skipped 0 already stored, scored 3" in result.output
    latest = latest_scores(db)
    assert set(latest["model_id"]) == {"tiny-a"}
    assert set(latest["outlet"]) == {"lowmere-gazette.example", "fenwick-post.example"}


def test_import_names_the_missing_text_column(run, db, scored_csv):
    result = run("import", scored_csv, "--db", db, "--text-col", "story")
    assert result.exit_code == 1
    assert "no text column 'story'" in result.output


def test_review_add_and_list(run, db, scored_csv):
    run("import", scored_csv, "--db", db)
    added = run("review", "add", "--db", db, "--article", "gz-2", "--reviewer", "Ruth Okafor",
                "--verdict", "score too high", "--notes", "one unnamed official\x1b[31m", "--corrected-score", 40)
    assert added.exit_code == 0
    assert "review 1 recorded: gz-2 score too high" in added.output
    run("review", "add", "--db", db, "--article", "gz-0", "--reviewer", "Sam Ortiz", "--verdict", "agree")

    listed = run("review", "list", "--db", db)
    lines = listed.output.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("#2 ") and "gz-0 Sam Ortiz: agree (score seen 50)" in lines[0]
    assert "gz-2 Ruth Okafor: score too high (score seen 60); corrected score 40 | one unnamed official" in lines[1]
    assert "\x1b" not in listed.output  # terminal escapes in notes are not replayed

    only = run("review", "list", "--db", db, "--article", "gz-0")
    assert len(only.output.splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--article", "gz-9", "--reviewer", "Ruth", "--verdict", "agree"), "no article with id 'gz-9'"),
        (("--article", "gz-1", "--reviewer", " ", "--verdict", "agree"), "reviewer's name is empty"),
        (("--article", "gz-1", "--reviewer", "Ruth", "--verdict", "meh"), "unknown verdict 'meh'"),
        (("--article", "gz-1", "--reviewer", "Ruth", "--verdict", "agree", "--corrected-score", 140), "outside 0-100"),
    ],
)
def test_review_add_refuses_bad_input_with_the_reason(run, db, scored_csv, args, message):
    run("import", scored_csv, "--db", db)
    result = run("review", "add", "--db", db, *args)
    assert result.exit_code == 1
    assert message in result.output
    assert run("review", "list", "--db", db).output.strip() == "no reviews yet"


def test_report_writes_html_and_markdown(run, db, scored_csv, tmp_path):
    run("import", scored_csv, "--db", db)
    run("review", "add", "--db", db, "--article", "gz-1", "--reviewer", "Ruth Okafor", "--verdict", "score too low")
    page = tmp_path / "meeting.html"
    result = run("report", "--db", db, "--since", "2026-03-01", "--outlet", "lowmere-gazette.example", "-o", page)
    assert result.exit_code == 0
    assert "4 articles, 1 reviews" in result.output
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "lowmere-gazette.example" in html and "score too low" in html

    minutes = tmp_path / "minutes.md"
    run("report", "--db", db, "-o", minutes)
    assert minutes.read_text(encoding="utf-8").startswith("# Sourcing review: all dates")


def test_report_refuses_an_unknown_format_and_a_bad_date(run, db, tmp_path):
    assert run("report", "--db", db, "-o", tmp_path / "r.pdf").exit_code == 2
    bad = run("report", "--db", db, "--since", "soon", "-o", tmp_path / "r.html")
    assert bad.exit_code == 1 and "since 'soon' is not a date" in bad.output


def test_the_db_comes_from_the_environment_when_not_given(run, tmp_path, scored_csv, monkeypatch):
    monkeypatch.setenv("RELIABILITY_DB", str(tmp_path / "env.db"))
    assert "added 4" in run("import", scored_csv).output
    assert (tmp_path / "env.db").exists()


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_import_reads_json_lines_and_parquet(run, db, tmp_path, scored, suffix):
    frame = scored([{"article_id": f"pq-{i}", "outlet": "fenwick-post.example", "score": 40 + i} for i in range(3)])
    path = tmp_path / f"scored{suffix}"
    if suffix == ".jsonl":
        frame.to_json(path, orient="records", lines=True)
    else:
        frame.to_parquet(path)
    result = run("import", path, "--db", db)
    assert "added 3, skipped 0 already stored, scored 0" in result.output
    assert latest_scores(db)["score"].tolist() == [40.0, 41.0, 42.0]


def test_import_of_a_spreadsheet_safe_csv_stores_the_original_text(run, db, tmp_path, scored):
    from scoring.batch import excel_safe

    frame = scored([{"article_id": "gz-9", "outlet": "lowmere-gazette.example", "score": 40}])
    frame["title"] = "-40% of bridges fail inspection"
    path = tmp_path / "safe.csv"
    excel_safe(frame).to_csv(path, index=False)
    assert "'-40% of bridges" in path.read_text()

    assert run("import", path, "--db", db).exit_code == 0
    assert latest_scores(db)["title"].tolist() == ["-40% of bridges fail inspection"]
