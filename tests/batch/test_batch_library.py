"""scoring.batch as a library: spreadsheet safety, atomic output, and the row-count invariant."""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import re
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from scoring.batch import BatchError, BatchSettings, ModelScorer, excel_safe, run_local


def test_excel_safe_prefixes_risky_text_and_leaves_numbers_alone():
    frame = pd.DataFrame(
        {
            "title": ["=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "\ry", "plain", None, "a=b"],
            "score": [-1.5, 2.0, np.nan, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0],
            "=cmd": list(range(9)),
        }
    )
    safe = excel_safe(frame)
    assert list(safe["title"].fillna("(missing)")) == [
        "'=1+1", "'+1", "'-2+3", "'@SUM(A1)", "'\tx", "'\ry", "plain", "(missing)", "a=b",
    ]  # fmt: skip
    assert safe["score"].equals(frame["score"])
    assert list(safe.columns) == ["title", "score", "'=cmd"]
    assert list(frame["title"])[0] == "=1+1"  # the caller's frame is not changed


def test_a_failure_mid_run_leaves_no_output_no_rejects_and_no_temporary_file(
    tmp_path, model_path, articles
):
    lines = articles.to_csv(index=False).splitlines()
    (tmp_path / "in.csv").write_text("\n".join([*lines[:3], "junk,row", *lines[3:]]) + "\n")
    real = ModelScorer(model_path, "text", "title")
    calls = []

    def fails_on_second_chunk(inputs):
        calls.append(len(inputs))
        if len(calls) == 2:
            raise RuntimeError("disk full, say")
        return real(inputs)

    settings = BatchSettings(
        input=str(tmp_path / "in.csv"), output=str(tmp_path / "out.csv"), chunk_size=4
    )
    with pytest.raises(RuntimeError, match="disk full"):
        run_local(settings, scorer=fails_on_second_chunk)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_a_scoring_process_that_dies_stops_the_run_with_a_clear_message(tmp_path, articles):
    articles.to_csv(tmp_path / "in.csv", index=False)
    this_process = os.getpid()

    def dies_in_a_worker(inputs):
        if os.getpid() != this_process:
            os._exit(9)  # as the kernel's out-of-memory killer would end it
        raise AssertionError("with two jobs the workers score, not this process")

    settings = BatchSettings(
        input=str(tmp_path / "in.csv"), output=str(tmp_path / "out.csv"), chunk_size=2, jobs=2
    )
    with pytest.raises(BatchError, match="a scoring process stopped unexpectedly"):
        run_local(settings, scorer=dies_in_a_worker)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_a_failed_run_stops_its_workers_mid_chunk(tmp_path, model_path, articles, monkeypatch):
    from scoring import batch

    articles.to_csv(tmp_path / "in.csv", index=False)
    real = ModelScorer(model_path, "text", "title")
    first_text = articles["text"].iloc[0]

    def slow_after_the_first_chunk(inputs):
        if inputs["text"].iloc[0] != first_text:
            time.sleep(120)
        return real(inputs)

    def fails(*args):
        raise RuntimeError("disk full, say")

    monkeypatch.setattr(batch, "join_scores", fails)  # writing the first chunk fails
    settings = BatchSettings(
        input=str(tmp_path / "in.csv"), output=str(tmp_path / "out.csv"), chunk_size=1, jobs=2
    )
    with pytest.raises(RuntimeError, match="disk full"):
        run_local(settings, scorer=slow_after_the_first_chunk)
    deadline = time.monotonic() + 20  # far less than the workers' chunks would take
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert multiprocessing.active_children() == []


# The row-count invariant: whatever junk is mixed in, each row comes out once, in order, or is rejected.

_text = st.text(alphabet="ab ,\"\n'é", min_size=1, max_size=30).filter(lambda t: t.strip(" \n"))
_row = st.one_of(
    st.tuples(st.just("good"), _text, _text),
    st.tuples(st.sampled_from(["empty text", "undecodable", "too many fields", "too few fields", "unbalanced quote"]), _text, _text),
)  # fmt: skip


def _csv_line(fields) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(fields)
    return out.getvalue().encode()


def _build(rows) -> tuple[bytes, list[str], list[str]]:
    """The CSV bytes, the ids expected in the output in order, and the ids expected as rejects."""
    data, kept, rejected = [b"id,title,text\n"], [], []
    for i, (kind, title, text) in enumerate(rows):
        row_id = f"r{i}"
        if kind == "good":
            data.append(_csv_line([row_id, title, text]))
        elif kind == "empty text":
            data.append(_csv_line([row_id, title, ""]))
        elif kind == "undecodable":
            data.append(row_id.encode() + b",t,\xff\xfe text\n")
        elif kind == "too many fields":
            data.append(row_id.encode() + b",a,b,c\n")
        elif kind == "too few fields":
            data.append(row_id.encode() + b",a\n")
        else:
            data.append(row_id.encode() + b',"never closed,x\n')
        (kept if kind in ("good", "empty text", "undecodable") else rejected).append(row_id)
    return b"".join(data), kept, rejected


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(_row, min_size=1, max_size=8), chunk_size=st.integers(1, 4))
@example(rows=[("unbalanced quote", "a", "a"), ("good", "a", ",\na\n")], chunk_size=1)  # found by hypothesis
def test_rows_out_plus_rejects_equals_rows_in(model_path, rows, chunk_size):
    data, kept, rejected = _build(rows)
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder, "in.csv"), Path(folder, "out.csv")
        source.write_bytes(data)
        totals = run_local(
            BatchSettings(
                input=str(source), output=str(out), model=model_path, chunk_size=chunk_size
            )
        )
        scored = pd.read_csv(out, dtype=str, keep_default_na=False)
        rejects_file = Path(f"{out}.rejects.csv")
        raws = pd.read_csv(rejects_file, dtype=str)["raw"].tolist() if rejects_file.exists() else []
    numbers = [int(row_id[1:]) for row_id in scored["id"] if re.fullmatch(r"r\d+", row_id)]
    assert numbers == sorted(set(numbers))
    if all(kind != "unbalanced quote" for kind, _, _ in rows):
        assert totals.rows + totals.rejected == len(rows)
        assert list(scored["id"]) == kept
        assert [raw.split(",")[0] for raw in raws] == rejected
    else:
        # An unbalanced quote makes the bytes ambiguous: the quote can close inside a later row, and
        # that row's remaining lines then parse as records of their own, so the counts can differ
        # from what was meant. No line is lost, though: every row's id is in some output cell or reject.
        everything = " ".join(scored.to_numpy().ravel()) + " " + " ".join(raws)
        assert all(f"r{i}" in everything for i in range(len(rows)))
    assert totals.exit_code == (0 if all(kind == "good" for kind, _, _ in rows) else 1)


def test_progress_off_a_terminal_is_a_plain_line_with_rate_and_time_left(tmp_path, articles):
    from scoring.batch import Progress, open_source

    articles.to_csv(tmp_path / "in.csv", index=False)
    log = io.StringIO()
    with open_source(str(tmp_path / "in.csv"), "csv", chunk_size=6) as source:
        progress = Progress(source, log, interval=0)
        done = 0
        for chunk in source.chunks():
            done += len(chunk.rows)
            progress.update(done, len(chunk.rows))
        progress.close()
    lines = log.getvalue().splitlines()
    assert len(lines) == 2
    assert all(
        re.fullmatch(r"reliability score: \d+ rows, [\d,]+ articles/s, about [\d,]+ s left", line)
        for line in lines
    )
    assert lines[-1].startswith("reliability score: 12 rows")


def test_undo_excel_safe_restores_exactly_what_excel_safe_guarded():
    from scoring.batch import excel_safe, undo_excel_safe

    frame = pd.DataFrame({"title": ["=SUM(A1)", "+1", "plain", "'quoted already", "@home"], "score": [-1.5, 2.0, 3.0, 4.0, 5.0]})
    guarded = excel_safe(frame)
    assert guarded["title"].tolist() == ["'=SUM(A1)", "'+1", "plain", "'quoted already", "'@home"]
    pd.testing.assert_frame_equal(undo_excel_safe(guarded), frame)
