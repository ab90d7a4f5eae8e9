"""`reliability score`: formats, every row accounted for, rejects, spreadsheet safety, exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from scoring.cli.batch import score_command
from scoring.model import SCORE_COLUMNS
from scoring.outlets import outlet_summary

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample_articles.csv"


def run(args, model_path, input=None):
    result = CliRunner().invoke(
        score_command, [*map(str, args), "--model", model_path, "--jobs", "1"], input=input
    )
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def read_text_csv(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_sample_articles_round_trip_every_row_in_order(tmp_path, model_path):
    out = tmp_path / "scored.csv"
    result = run(
        [SAMPLE, "-o", out, "--outlet-col", "outlet", "--id-col", "id", "--date-col", "published"],
        model_path,
    )
    articles = read_text_csv(SAMPLE)
    scored = read_text_csv(out)
    assert result.exit_code == 0, result.output
    assert list(scored.columns) == list(articles.columns) + list(SCORE_COLUMNS)
    assert scored[list(articles.columns)].equals(articles)
    assert (scored["error"] == "").all()
    assert pd.to_numeric(scored["score"]).between(0, 100).all()
    assert (
        f"rows read {len(articles)}: scored {len(articles)}, with errors 0, rejected 0"
        in result.output
    )
    assert not Path(f"{out}.rejects.csv").exists()


def test_bad_rows_of_every_kind_are_accounted_for(tmp_path, model_path):
    source = tmp_path / "in.csv"
    source.write_bytes(
        b"id,title,text\n"
        b'1,Fine,"Mayor Odile Brask said the Harrowgate bridge opens in May."\n'
        b"2,Empty,\n"
        b'3,"Unbalanced,The quote never closes\n'
        b'4,Fine,"The ferry timetable changes on 3 June, the port office said."\n'
        b"5,Too,many,fields\n"
        b'6,Bytes,"caf\xe9 \xff menu"\n'
        b"7,Short\n"
        b'8,Long,"' + b"word " * 500_001 + b'"\n'
        b'9,Last,"The tram line reopened, said operator Kell Marsh."\n'
    )
    out = tmp_path / "out.csv"
    result = run([source, "-o", out], model_path)
    scored = read_text_csv(out)
    rejects = read_text_csv(f"{out}.rejects.csv")
    assert result.exit_code == 1
    assert list(scored["id"]) == ["1", "2", "4", "6", "8", "9"]
    assert len(scored) + len(rejects) == 9
    errors = dict(zip(scored["id"], scored["error"], strict=True))
    assert errors["1"] == errors["4"] == errors["9"] == ""
    assert errors["2"] == "no text"
    assert errors["6"] == "undecodable bytes in column text"
    assert errors["8"].startswith("text too long")
    assert (scored.loc[scored["error"] != "", "score"] == "").all()
    assert scored.loc[scored["id"] == "6", "text"].item() == "caf\ufffd \ufffd menu"
    assert list(rejects["line"]) == ["4", "6", "8"]
    assert rejects["error"].str.contains("unbalanced quote").tolist() == [True, False, False]
    assert list(rejects["error"][1:]) == [
        "expected 3 fields, found 4",
        "expected 3 fields, found 2",
    ]
    assert list(rejects["raw"]) == [
        '3,"Unbalanced,The quote never closes',
        "5,Too,many,fields",
        "7,Short",
    ]
    assert "rows read 9: scored 3, with errors 3, rejected 3" in result.output
    assert "output row 2: no text\noutput row 4: undecodable bytes in column text\n" in result.output


def test_an_unterminated_quote_at_the_end_loses_no_earlier_row(tmp_path, model_path):
    source = tmp_path / "in.csv"
    source.write_text(
        'id,title,text\n1,A,"The port office said so."\n2,B,"never closed\n3,C,after it\n'
    )
    out = tmp_path / "out.csv"
    result = run([source, "-o", out], model_path)
    assert result.exit_code == 1
    assert list(read_text_csv(out)["id"]) == ["1", "3"]
    assert list(read_text_csv(f"{out}.rejects.csv")["line"]) == ["3"]


FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1", "-2+3", "@SUM(A1)", "\tTab", "\rReturn"]


@pytest.mark.parametrize("flag, prefix", [([], "'"), (["--no-excel-safe"], "")])
def test_formula_looking_cells_are_neutralised_unless_turned_off(
    tmp_path, model_path, articles, flag, prefix
):
    articles = articles.head(len(FORMULAS)).assign(title=FORMULAS)
    articles.to_csv(
        tmp_path / "in.csv", index=False, quoting=csv.QUOTE_ALL
    )  # a bare CR would end the row
    out = tmp_path / "out.csv"
    result = run([tmp_path / "in.csv", "-o", out, *flag], model_path)
    scored = read_text_csv(out)
    assert result.exit_code == 0, result.output
    assert list(scored["title"]) == [prefix + f for f in FORMULAS]
    # Numbers stay numbers: a score is never prefixed.
    assert pd.to_numeric(scored["score"]).notna().all()


def test_stdin_to_stdout(tmp_path, model_path, articles):
    result = CliRunner().invoke(
        score_command, ["-", "-o", "-", "--model", model_path, "--jobs", "1", "--quiet"],
        input=articles.to_csv(index=False),
    )  # fmt: skip
    assert result.exit_code == 0
    scored = pd.read_csv(io.StringIO(result.stdout), dtype=str, keep_default_na=False)
    assert list(scored["id"]) == list(articles["id"])
    assert result.stderr == ""


@pytest.mark.parametrize("suffix", [".tsv", ".jsonl", ".parquet"])
def test_every_input_format_gives_the_same_scores(tmp_path, model_path, articles, suffix):
    source = tmp_path / f"in{suffix}"
    if suffix == ".tsv":
        articles.to_csv(source, sep="\t", index=False)
    elif suffix == ".jsonl":
        articles.to_json(source, orient="records", lines=True)
    else:
        articles.to_parquet(source, index=False)
    articles.to_csv(tmp_path / "in.csv", index=False)
    assert run([tmp_path / "in.csv", "-o", tmp_path / "ref.csv"], model_path).exit_code == 0
    assert run([source, "-o", tmp_path / "out.csv"], model_path).exit_code == 0
    assert read_text_csv(tmp_path / "out.csv").equals(read_text_csv(tmp_path / "ref.csv"))


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet", ".tsv"])
def test_every_output_format_holds_the_same_rows(tmp_path, model_path, articles, suffix):
    articles.to_csv(tmp_path / "in.csv", index=False)
    assert run([tmp_path / "in.csv", "-o", tmp_path / "ref.csv"], model_path).exit_code == 0
    out = tmp_path / f"out{suffix}"
    assert run([tmp_path / "in.csv", "-o", out], model_path).exit_code == 0
    if suffix == ".jsonl":
        back = pd.read_json(out, lines=True, dtype=False)
    elif suffix == ".parquet":
        back = pd.read_parquet(out)
    else:
        back = pd.read_csv(out, sep="\t")
    reference = pd.read_csv(tmp_path / "ref.csv")
    assert list(back.columns) == list(reference.columns)
    assert list(back["id"]) == list(reference["id"])
    assert back["score"].to_numpy() == pytest.approx(reference["score"].to_numpy())


def test_jsonl_bad_lines_go_to_rejects_with_their_line_numbers(tmp_path, model_path):
    source = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "1", "text": "The port office said the ferry runs daily."}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "4", "text": "The council said the library opens at nine."}),
    ]
    source.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out.jsonl"
    result = run([source, "-o", out], model_path)
    assert result.exit_code == 1
    assert [row["id"] for row in map(json.loads, out.read_text().splitlines())] == ["1", "4"]
    rejects = read_text_csv(f"{out}.rejects.csv")
    assert list(rejects["line"]) == ["2", "3"]
    assert rejects["error"][1] == "not a JSON object"


def test_a_byte_order_mark_and_another_encoding_are_read(tmp_path, model_path, articles):
    text = articles.head(2).to_csv(index=False)
    (tmp_path / "bom.csv").write_bytes(b"\xef\xbb\xbf" + text.encode())
    (tmp_path / "latin.csv").write_bytes(text.replace("Council", "Café").encode("cp1252"))
    assert run([tmp_path / "bom.csv", "-o", tmp_path / "a.csv"], model_path).exit_code == 0
    assert list(read_text_csv(tmp_path / "a.csv").columns)[0] == "id"
    assert (
        run(
            [tmp_path / "latin.csv", "-o", tmp_path / "b.csv", "--encoding", "cp1252"], model_path
        ).exit_code
        == 0
    )
    assert read_text_csv(tmp_path / "b.csv")["title"][0].startswith("Café")


def test_outlet_summary_equals_outlet_summary_of_the_output(tmp_path, model_path, articles):
    articles.loc[3, "text"] = ""  # an error row counts as an error for its outlet
    articles.to_csv(tmp_path / "in.csv", index=False)
    out, summary = tmp_path / "out.csv", tmp_path / "outlets.csv"
    result = run(
        [tmp_path / "in.csv", "-o", out, "--outlet-col", "outlet", "--outlet-summary", summary],
        model_path,
    )
    assert result.exit_code == 1
    expected = outlet_summary(pd.read_csv(out, keep_default_na=False, na_values={"score": [""]}))
    got = pd.read_csv(summary)
    assert list(got["outlet"]) == list(expected["outlet"])
    assert got["errors"].sum() == 1
    assert got["shrunk_score"].to_numpy() == pytest.approx(expected["shrunk_score"].to_numpy())


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--text-col", "body"], "--text-col 'body' is not a column of the input; columns found: id, outlet, published, title, text"),
        (["--encoding", "klingon"], "unknown encoding 'klingon'"),
    ],
)  # fmt: skip
def test_fatal_errors_exit_2_and_write_nothing(tmp_path, model_path, articles, extra, message):
    articles.to_csv(tmp_path / "in.csv", index=False)
    out = tmp_path / "out.csv"
    result = run([tmp_path / "in.csv", "-o", out, *extra], model_path)
    assert result.exit_code == 2
    assert message in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_outlet_summary_uses_the_outlet_column_unless_told_otherwise(tmp_path, model_path, articles):
    articles.to_csv(tmp_path / "in.csv", index=False)
    summary = tmp_path / "outlets.csv"
    assert run([tmp_path / "in.csv", "-o", tmp_path / "out.csv", "--outlet-summary", summary], model_path).exit_code == 0
    assert set(pd.read_csv(summary)["outlet"]) == set(articles["outlet"])

    articles.drop(columns="outlet").to_csv(tmp_path / "no_outlet.csv", index=False)
    result = run([tmp_path / "no_outlet.csv", "-o", tmp_path / "out2.csv", "--outlet-summary", summary], model_path)
    assert result.exit_code == 2
    assert "there is no 'outlet' column, so name one with --outlet-col" in result.output


def test_unreadable_input_and_bad_model_exit_2(tmp_path, model_path, articles):
    missing = run([tmp_path / "nope.csv", "-o", tmp_path / "out.csv"], model_path)
    assert missing.exit_code == 2 and "cannot read" in missing.output
    articles.to_csv(tmp_path / "in.csv", index=False)
    (tmp_path / "fake.skops").write_bytes(b"not a model")
    bad_model = run([tmp_path / "in.csv", "-o", tmp_path / "out.csv"], str(tmp_path / "fake.skops"))
    assert bad_model.exit_code == 2 and "not a skops model file" in bad_model.output


def test_interrupted_run_exits_130_leaving_the_old_output_and_no_temporary_file(
    tmp_path, model_path, articles, monkeypatch
):
    articles.to_csv(tmp_path / "in.csv", index=False)
    out = tmp_path / "out.csv"
    out.write_text("previous results\n")
    from scoring import batch

    real_join = batch.join_scores
    calls = []

    def interrupt_on_second_chunk(*args):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_join(*args)

    monkeypatch.setattr(batch, "join_scores", interrupt_on_second_chunk)
    result = run([tmp_path / "in.csv", "-o", out, "--chunk-size", "4"], model_path)
    assert result.exit_code == 130
    assert "Interrupted" in result.output
    assert out.read_text() == "previous results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]


def test_two_jobs_give_the_same_rows_in_the_same_order(tmp_path, model_path, articles):
    articles.to_csv(tmp_path / "in.csv", index=False)
    common = [tmp_path / "in.csv", "--model", model_path, "--chunk-size", "3"]
    one = CliRunner().invoke(
        score_command, [*map(str, common), "-o", str(tmp_path / "one.csv"), "--jobs", "1"]
    )
    two = CliRunner().invoke(
        score_command, [*map(str, common), "-o", str(tmp_path / "two.csv"), "--jobs", "2"]
    )
    assert one.exit_code == two.exit_code == 0, two.output
    assert read_text_csv(tmp_path / "two.csv").equals(read_text_csv(tmp_path / "one.csv"))


def test_parquet_from_stdin_and_undecodable_jsonl(tmp_path, model_path, articles):
    buffer = io.BytesIO()
    articles.to_parquet(buffer, index=False)
    result = CliRunner().invoke(
        score_command, ["-", "--input-format", "parquet", "-o", "-", "--model", model_path, "--jobs", "1", "--quiet"],
        input=buffer.getvalue(),
    )  # fmt: skip
    assert result.exit_code == 0
    assert list(pd.read_csv(io.StringIO(result.stdout), dtype=str)["id"]) == list(articles["id"])

    (tmp_path / "in.jsonl").write_bytes(b'{"id": "1", "text": "The mayor said \xff so."}\n')
    assert run([tmp_path / "in.jsonl", "-o", tmp_path / "out.csv"], model_path).exit_code == 1
    assert read_text_csv(tmp_path / "out.csv")["error"][0] == "undecodable bytes in column text"


def test_outlet_summary_and_rows_cannot_both_go_to_stdout(model_path, articles):
    result = CliRunner().invoke(
        score_command, ["-", "-o", "-", "--outlet-col", "outlet", "--outlet-summary", "-", "--model", model_path],
        input=articles.to_csv(index=False),
    )  # fmt: skip
    assert result.exit_code == 2
    assert "cannot both be standard output" in result.stderr
    assert result.stdout == ""


def test_the_command_has_one_thread_when_it_forks_its_workers():
    """A thread running during fork() can leave a lock held for ever in the child."""
    code = (
        "import os; from scoring.cli import main; from scoring.batch import ModelScorer; "
        "ModelScorer().load(); import pandas; pandas.DataFrame({'a': [1]}).to_parquet(os.devnull); "
        "print(len(os.listdir('/proc/self/task')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "1"
