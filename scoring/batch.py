"""Batch scoring of many articles: streamed readers and writers, rejects, and the scoring engines.

Every input row comes out once, in order: scored, or with ``error`` filled and no score. A
record that cannot be parsed at all (wrong field count, unbalanced quote, bad JSON) goes to a
rejects file with its line number and raw text instead, so rows out + rejects = rows in.
Input is read in chunks and written as it is scored, so memory stays bounded however large
the file; with several jobs the chunks are scored by a process pool in input order.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from itertools import chain, islice
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

INPUT_FORMATS = ("csv", "tsv", "jsonl", "parquet")
OUTPUT_FORMATS = ("csv", "tsv", "jsonl", "parquet")
_EXTENSIONS = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl",
               ".parquet": "parquet", ".pq": "parquet"}  # fmt: skip

DEFAULT_CHUNK_SIZE = 500
# A field longer than this is a broken record (an unbalanced quote swallowing the file), not an
# article: far above any MAX_TEXT_CHARS, it only bounds the memory one bad record can take.
MAX_FIELD_CHARS = 20_000_000
REJECT_COLUMNS = ("line", "error", "raw")
# RFC 4180 line ends; they also make the writer quote a field holding a bare carriage return,
# which it leaves unquoted (and so splits the row) when lines end in "\n" alone.
CSV_LINE_END = "\r\n"

EXIT_OK, EXIT_ROW_PROBLEMS, EXIT_FATAL, EXIT_INTERRUPTED = 0, 1, 2, 130

# Spreadsheets run a cell starting with one of these as a formula (OWASP CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Lone surrogates: undecodable bytes kept by errors="surrogateescape", or JSON "\ud800" escapes.
_SURROGATES = re.compile("[\ud800-\udfff]")


class BatchError(Exception):
    """A fatal problem with the run as a whole: bad arguments, a missing column, an unreadable file."""


@dataclass(frozen=True)
class Reject:
    """An input record that could not be parsed into a row."""

    line: int  # 1-based physical line where the record starts; the header is line 1
    error: str
    raw: str


@dataclass
class Chunk:
    """Consecutive input rows, with what went wrong while reading them."""

    rows: pd.DataFrame  # every input column, in input order
    row_errors: list[str]  # per row: "" or why the row cannot be scored (e.g. undecodable bytes)
    rejects: list[Reject] = field(default_factory=list)  # records met while reading these rows


@dataclass
class Totals:
    rows: int = 0
    scored: int = 0
    errors: int = 0
    rejected: int = 0
    elapsed: float = 0.0
    # Said after the summary: input columns replaced by score columns, the first rows with errors.
    notes: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return EXIT_ROW_PROBLEMS if self.errors or self.rejected else EXIT_OK

    def summary(self) -> str:
        rate = self.rows / self.elapsed if self.elapsed > 0 else 0.0
        return (
            f"rows read {self.rows + self.rejected:,}: scored {self.scored:,}, with errors {self.errors:,}, "
            f"rejected {self.rejected:,}; elapsed {self.elapsed:.1f} s, {rate:,.0f} articles/s"
        )


def format_for(path: str, given: str | None, choices: tuple[str, ...], what: str) -> str:
    """The file format: ``given`` if set, else from the extension; ``-`` (stdin/stdout) means CSV."""
    if given:
        return given
    if path == "-":
        return "csv"
    fmt = _EXTENSIONS.get(Path(path).suffix.lower())
    if fmt not in choices:
        raise BatchError(
            f"cannot tell the {what} format of {path!r} from its extension; "
            f"use --{what}-format ({', '.join(choices)})"
        )
    return fmt


def excel_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy where every text cell (and column name) a spreadsheet would run as a formula starts with ``'``.

    Text starting with ``= + - @``, tab or carriage return is prefixed (OWASP). Numbers stay numbers:
    a negative score is a float, not text, so it is left alone.
    """
    safe = frame.copy()
    safe.columns = [_defuse(c) if isinstance(c, str) else c for c in frame.columns]
    for i in range(frame.shape[1]):
        values = frame.iloc[:, i]
        if pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values):
            risky = values.map(
                lambda v: isinstance(v, str) and v.startswith(_FORMULA_STARTS)
            ).to_numpy(dtype=bool)
            if risky.any():
                safe.iloc[risky, i] = "'" + values[risky]
    return safe


def _defuse(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def undo_excel_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Reverse ``excel_safe`` on text read back from a CSV it wrote (e.g. ``reliability import``).

    Only a ``'`` followed by a formula start is removed: that is exactly what ``excel_safe`` adds.
    """
    def undo(value):
        if isinstance(value, str) and value.startswith("'") and value[1:].startswith(_FORMULA_STARTS):
            return value[1:]
        return value

    restored = frame.copy()
    restored.columns = [undo(c) for c in frame.columns]
    for i in range(frame.shape[1]):
        values = frame.iloc[:, i]
        if pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values):
            restored.iloc[:, i] = values.map(undo)
    return restored


# ---------------------------------------------------------------------------------------------
# Reading


class _Lines:
    """Decoded physical lines, numbered, remembering those of the record being parsed.

    csv.reader pulls lines from here. After a bad record the caller pushes its lines back
    (all but the first, which is rejected) so parsing resumes right after the damage.
    """

    def __init__(self, text: io.TextIOBase):
        self._readline = text.readline
        self._pushed: deque[str] = deque()
        self.record: list[str] = []  # lines are consecutive, so only the first one's number is kept
        self.first_line = 1
        self.undecodable = False

    def __iter__(self):
        return self

    def __next__(self) -> str:  # runs once per line: kept lean
        line = self._pushed.popleft() if self._pushed else self._readline()
        if not line:
            raise StopIteration
        if not line.isascii() and _SURROGATES.search(line):
            self.undecodable = True
        self.record.append(line)
        return line

    def start_record(self) -> None:
        self.first_line += len(self.record)
        self.record = []
        self.undecodable = False

    def reject_first_line(self, error: str) -> Reject:
        """Reject the current record's first line and push the rest back to be parsed again."""
        line, rest = self.record[0], self.record[1:]
        self._pushed.extendleft(reversed(rest))
        self.record = [line]
        return Reject(self.first_line, error, _clean(line.rstrip("\r\n")))


def _clean(text: str) -> str:
    return _SURROGATES.sub("\ufffd", text)


class _Source:
    """An opened input: its columns, its chunks, and how far through it we are (for progress)."""

    def __init__(self, binary: BinaryIO, chunk_size: int, total_bytes: int | None):
        self.binary = binary
        self.chunk_size = chunk_size
        self.total_bytes = total_bytes
        self.total_rows: int | None = None
        self.columns: list[str] = []
        self.rows_read = 0

    def close(self) -> None:
        """Let go of the input; closing it, if it is a file we opened, is open_source's job."""

    def position(self) -> int | None:
        try:
            return self.binary.tell()
        except (OSError, ValueError):
            return None

    def _chunk(self, rows: list, row_errors: list[str], rejects: list[Reject]) -> Chunk:
        index = pd.RangeIndex(self.rows_read, self.rows_read + len(rows))
        self.rows_read += len(rows)
        frame = pd.DataFrame(rows, columns=self.columns, index=index, dtype=object)
        return Chunk(frame, row_errors, rejects)


class _DelimitedSource(_Source):
    """CSV or TSV with a header line, parsed record by record so each bad one is caught and skipped past."""

    def __init__(self, binary, chunk_size, total_bytes, encoding, delimiter):
        super().__init__(binary, chunk_size, total_bytes)
        self._text = io.TextIOWrapper(
            binary, encoding=encoding, errors="surrogateescape", newline=""
        )
        self._lines = _Lines(self._text)
        csv.field_size_limit(MAX_FIELD_CHARS)
        self._reader = csv.reader(self._lines, delimiter=delimiter, strict=True)
        self._well_formed = _well_formed_record(delimiter)
        try:
            header = next(self._reader)
        except StopIteration:
            raise BatchError(
                "the input is empty: expected a header line naming the columns"
            ) from None
        except csv.Error as exc:
            raise BatchError(f"line 1: the header cannot be parsed ({exc})") from None
        if self._lines.undecodable:
            raise BatchError(
                f"line 1: undecodable bytes in the header; is the encoding {encoding!r} right?"
            )
        _check_header(header)
        self.columns = header

    def close(self) -> None:
        self._text.detach()  # else collecting the wrapper would close stdin under the caller

    def chunks(self) -> Iterator[Chunk]:
        rows: list[list[str]] = []
        row_errors: list[str] = []
        rejects: list[Reject] = []
        width = len(self.columns)
        well_formed = self._well_formed
        lines = self._lines
        while True:
            lines.start_record()
            try:
                fields = next(self._reader)
            except StopIteration:
                break
            except csv.Error as exc:
                rejects.append(lines.reject_first_line(f"malformed record: {_csv_problem(exc)}"))
                continue
            if not fields and len(lines.record) == 1:
                continue  # a blank line is no record
            if len(fields) != width:
                rejects.append(
                    lines.reject_first_line(f"expected {width} fields, found {len(fields)}")
                )
                continue
            if len(lines.record) > 1 and not well_formed.fullmatch("".join(lines.record)):
                rejects.append(
                    lines.reject_first_line(
                        "malformed record: a quote out of place (unbalanced quote?)"
                    )
                )
                continue
            problem = ""
            if lines.undecodable:
                bad = [
                    name
                    for name, value in zip(self.columns, fields, strict=True)
                    if _SURROGATES.search(value)
                ]
                fields = [_clean(value) for value in fields]
                problem = _undecodable(bad)
            rows.append(fields)
            row_errors.append(problem)
            if len(rows) >= self.chunk_size:
                yield self._chunk(rows, row_errors, rejects)
                rows, row_errors, rejects = [], [], []
        if rows or rejects:
            yield self._chunk(rows, row_errors, rejects)


def _well_formed_record(delimiter: str) -> re.Pattern:
    """A record by RFC 4180: fields quoted (quotes doubled inside) or free of quotes and line breaks.

    csv.reader takes a quote inside an unquoted field as text. That is harmless on one line, but
    when an unbalanced quote has swallowed line breaks it is the trace left behind: the next row's
    quotes are then read inside out, and the field count can still come out right by chance.
    """
    d = re.escape(delimiter)
    field = f'(?:"[^"]*(?:""[^"]*)*"|[^"{d}\r\n]*)'
    return re.compile(f"{field}(?:{d}{field})*(?:\r\n|\n|\r)?")


def _csv_problem(exc: csv.Error) -> str:
    message = str(exc)
    if "expected after" in message or "end of data" in message:
        return f"unbalanced quote ({message})"
    if "field larger than field limit" in message:
        return f"a field longer than {MAX_FIELD_CHARS:,} characters, likely an unbalanced quote"
    return message


def _undecodable(columns: list[str]) -> str:
    return f"undecodable bytes in column {', '.join(columns)}" if columns else ""


def _check_header(columns: list[str]) -> None:
    if not columns or all(not c.strip() for c in columns):
        raise BatchError("line 1: the header names no columns")
    seen: set[str] = set()
    for name in columns:
        if name in seen:
            raise BatchError(f"line 1: column {name!r} appears twice in the header")
        seen.add(name)


class _JsonLinesSource(_Source):
    """One JSON object per line; the columns are the keys met in the first chunk, in order."""

    def __init__(self, binary, chunk_size, total_bytes, encoding):
        super().__init__(binary, chunk_size, total_bytes)
        self._encoding = encoding
        self._line_number = 0
        self._first = self._read(None)
        self.columns = list(dict.fromkeys(k for record, _ in self._first[0] for k in record))
        if not self.columns:
            raise BatchError("the input has no JSON objects with any keys in its first rows")

    def _read(self, known: set[str] | None):
        """Up to chunk_size (record, row_error) pairs and the rejects met on the way."""
        records: list[tuple[dict, str]] = []
        rejects: list[Reject] = []
        for raw in self.binary:
            self._line_number += 1
            line = raw.decode(self._encoding, errors="surrogateescape").rstrip("\r\n")
            if self._line_number == 1:
                line = line.removeprefix("\ufeff")
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                rejects.append(
                    Reject(
                        self._line_number,
                        f"not valid JSON: {exc.msg} at column {exc.colno}",
                        _clean(line),
                    )
                )
                continue
            if not isinstance(record, dict):
                rejects.append(Reject(self._line_number, "not a JSON object", _clean(line)))
                continue
            extra = [k for k in record if k not in known] if known is not None else []
            if extra:
                rejects.append(
                    Reject(
                        self._line_number,
                        f"keys not in the first rows: {', '.join(extra)}",
                        _clean(line),
                    )
                )
                continue
            bad = [k for k, v in record.items() if isinstance(v, str) and _SURROGATES.search(v)]
            for k in bad:
                record[k] = _clean(record[k])
            records.append((record, _undecodable(bad)))
            if len(records) >= self.chunk_size:
                break
        return records, rejects

    def chunks(self) -> Iterator[Chunk]:
        known = set(self.columns)
        batch, rejects = self._first
        while batch or rejects:
            rows = [[record.get(c) for c in self.columns] for record, _ in batch]
            yield self._chunk(rows, [problem for _, problem in batch], rejects)
            batch, rejects = self._read(known)


class _ParquetSource(_Source):
    """Parquet row groups read in batches; a Parquet file holds typed, valid rows, so nothing is rejected."""

    def __init__(self, binary, chunk_size, total_bytes):
        super().__init__(binary, chunk_size, total_bytes)
        import pyarrow.parquet as pq

        try:
            self._file = pq.ParquetFile(binary)
        except Exception as exc:  # pyarrow raises several types for a file that is not Parquet
            raise BatchError(f"not a readable Parquet file: {exc}") from exc
        self.columns = list(self._file.schema_arrow.names)
        _check_header(self.columns)
        self.total_rows = self._file.metadata.num_rows

    def position(self) -> int | None:
        return None

    def chunks(self) -> Iterator[Chunk]:
        for batch in self._file.iter_batches(batch_size=self.chunk_size):
            frame = batch.to_pandas()
            frame.index = pd.RangeIndex(self.rows_read, self.rows_read + len(frame))
            self.rows_read += len(frame)
            yield Chunk(frame, [""] * len(frame))


def _reading_codec(encoding: str) -> str:
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise BatchError(f"unknown encoding {encoding!r}") from None
    # With utf-8-sig a byte-order mark is dropped instead of becoming part of the first column's name.
    return "utf-8-sig" if codec == "utf-8" else codec


@contextmanager
def open_source(path: str, fmt: str, encoding: str = "utf-8", chunk_size: int = DEFAULT_CHUNK_SIZE):
    """The opened input (``-`` reads stdin); raises BatchError when it cannot be read."""
    codec = _reading_codec(encoding)
    if path == "-":
        binary = sys.stdin.buffer
        if fmt == "parquet":  # Parquet is read from the end: it needs a seekable file
            binary = io.BytesIO(binary.read())
        total = None
    else:
        try:
            binary = open(path, "rb")  # noqa: SIM115 -- closed below, after the caller is done
            total = os.fstat(binary.fileno()).st_size
        except OSError as exc:
            raise BatchError(f"cannot read {path}: {exc.strerror}") from None
    try:
        if fmt in ("csv", "tsv"):
            source = _DelimitedSource(
                binary, chunk_size, total, codec, "," if fmt == "csv" else "\t"
            )
        elif fmt == "jsonl":
            source = _JsonLinesSource(binary, chunk_size, total, codec)
        else:
            source = _ParquetSource(binary, chunk_size, total)
        try:
            yield source
        finally:
            source.close()
    finally:
        if path != "-":
            binary.close()


# ---------------------------------------------------------------------------------------------
# Writing


@contextmanager
def atomic_output(path: str):
    """A temporary path to write to; it becomes ``path`` only when the block ends without error.

    ``-`` means standard output: the finished file is copied there at the end, so a failed or
    interrupted run prints nothing rather than half a file.
    """
    if path == "-":
        handle, tmp = tempfile.mkstemp(prefix="reliability-", suffix=".part")
    else:
        target = Path(path)
        if target.is_dir():
            raise BatchError(f"{path} is a directory, not a file")
        try:
            handle, tmp = tempfile.mkstemp(
                prefix=f".{target.name}.", suffix=".part", dir=target.parent
            )
        except OSError as exc:
            raise BatchError(f"cannot write beside {path}: {exc.strerror}") from None
    os.close(handle)
    try:
        yield tmp
        if path == "-":
            with open(tmp, "rb") as fh:
                shutil.copyfileobj(fh, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        else:
            os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


class TableWriter:
    """Appends frames to one CSV, TSV, JSONL or Parquet file; the first frame fixes the columns."""

    def __init__(self, path: str, fmt: str, excel_safety: bool = True, header: bool = True):
        self.path, self.fmt, self.excel_safety, self.header = path, fmt, excel_safety, header
        self._fh = None
        self._parquet = None
        self._schema = None

    def write(self, frame: pd.DataFrame) -> None:
        if self.fmt in ("csv", "tsv"):
            first = self._fh is None
            if first:
                self._fh = open(self.path, "w", encoding="utf-8", newline="")  # noqa: SIM115
            out = excel_safe(frame) if self.excel_safety else frame
            out.to_csv(
                self._fh,
                sep="," if self.fmt == "csv" else "\t",
                index=False,
                header=first and self.header,
                lineterminator=CSV_LINE_END,
            )
        elif self.fmt == "jsonl":
            if self._fh is None:
                self._fh = open(self.path, "w", encoding="utf-8")  # noqa: SIM115
            if len(frame):
                frame.to_json(
                    self._fh, orient="records", lines=True, force_ascii=False, date_format="iso"
                )
        else:
            self._write_parquet(frame)

    def _write_parquet(self, frame: pd.DataFrame) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(frame, preserve_index=False)
        if self._parquet is None:
            # A column empty in the first chunk has no type yet; text is the safe guess.
            self._schema = pa.schema(
                [f.with_type(pa.string()) if pa.types.is_null(f.type) else f for f in table.schema]
            ).remove_metadata()
            self._parquet = pq.ParquetWriter(self.path, self._schema)
        try:
            table = table.cast(self._schema)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
            raise BatchError(
                f"a column changes type part-way through the input, which Parquet cannot hold: {exc}"
            ) from None
        self._parquet.write_table(table)

    def close(self) -> None:
        if self._parquet is not None:
            self._parquet.close()
        if self._fh is not None:
            self._fh.close()


def write_table(frame: pd.DataFrame, path: str, fmt: str, excel_safety: bool = True) -> None:
    """Write one whole (small) frame atomically, e.g. the outlet summary."""
    with atomic_output(path) as tmp:
        writer = TableWriter(tmp, fmt, excel_safety)
        try:
            writer.write(frame)
        finally:
            writer.close()


# ---------------------------------------------------------------------------------------------
# Scoring


class ModelScorer:
    """``score_frame`` with one model, in two steps so that the costly one needs no model:
    ``measure`` reads the texts (in any process), ``finish`` adds the model's scores; calling
    it does both. The model is loaded once per process; it pickles as its settings only."""

    def __init__(
        self, model_path: str | None = None, text_col: str = "text", title_col: str | None = None
    ):
        self.model_path, self.text_col, self.title_col = model_path, text_col, title_col
        self._model = None

    def __getstate__(self):
        return {**self.__dict__, "_model": None}

    def load(self) -> None:
        if self._model is None:
            from scoring.model import ModelFileError, load_model

            # Kept per process, so each Dask worker reads the file once.
            if self.model_path not in _loaded_models:
                try:
                    _loaded_models[self.model_path] = load_model(self.model_path)
                except ModelFileError as exc:
                    raise BatchError(str(exc)) from None
            self._model = _loaded_models[self.model_path]

    def measure(self, inputs: pd.DataFrame) -> pd.DataFrame:
        from scoring.model import measure_frame

        return measure_frame(inputs, text_col=self.text_col, title_col=self.title_col)

    def finish(self, measured: pd.DataFrame) -> pd.DataFrame:
        from scoring.model import score_measured

        self.load()
        return score_measured(measured, self._model)

    def __call__(self, inputs: pd.DataFrame) -> pd.DataFrame:
        return self.finish(self.measure(inputs))


_loaded_models: dict[str | None, object] = {}
Scorer = Callable[[pd.DataFrame], pd.DataFrame]  # article inputs -> the score columns, same rows


def score_chunk(
    rows: pd.DataFrame, row_errors: list[str], scorer: Scorer, text_col: str, title_col: str | None
) -> pd.DataFrame:
    """The chunk's rows with the score columns after them; rows that cannot be read are not scored."""
    return join_scores(
        rows, row_errors, scorer(article_inputs(rows, row_errors, text_col, title_col))
    )


def article_inputs(
    rows: pd.DataFrame, row_errors: list[str], text_col: str, title_col: str | None
) -> pd.DataFrame:
    """Just what the scorer reads; a row with undecodable bytes gets no text, so it is not scored."""
    inputs = rows.loc[:, [text_col] + ([title_col] if title_col else [])].copy()
    unreadable = np.fromiter((bool(e) for e in row_errors), dtype=bool, count=len(row_errors))
    if unreadable.any():
        inputs.loc[unreadable, text_col] = ""
    return inputs


def join_scores(rows: pd.DataFrame, row_errors: list[str], scores: pd.DataFrame) -> pd.DataFrame:
    """The rows, then the scores; an input column named like a score column is replaced, as in score_frame."""
    scores = scores.set_axis(rows.index)
    rows = rows.drop(columns=[c for c in scores.columns if c in rows.columns])
    unreadable = np.fromiter((bool(e) for e in row_errors), dtype=bool, count=len(row_errors))
    if unreadable.any():
        scores.loc[unreadable, "error"] = [e for e in row_errors if e]
    return pd.concat([rows, scores], axis=1)


def _start_worker(work) -> None:
    # Ctrl-C reaches the whole process group; the parent alone decides how to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    global _worker_step
    _worker_step = work


_worker_step: Scorer | None = None


def _in_worker(inputs: pd.DataFrame) -> pd.DataFrame:
    return _worker_step(inputs)


def _split(scorer: Scorer) -> tuple[Scorer, Callable[[pd.DataFrame], pd.DataFrame]]:
    """(what a worker does with a chunk's inputs, what this process then does with the result).

    A ModelScorer's workers only measure the texts, the costly part, and this process scores
    the measurements, so it loads the model while they start and they need none. Any other
    scorer does all its work in the worker.
    """
    if isinstance(scorer, ModelScorer):
        import scoring.model  # noqa: F401  imported before the workers fork, so they share it

        return scorer.measure, scorer.finish
    return scorer, lambda scores: scores


def _scored(
    chunks: Iterator[Chunk], scorer: Scorer, jobs: int, text_col: str, title_col: str | None
):
    """(chunk, score columns) in input order; with jobs > 1 a pool scores a bounded number ahead."""

    def inputs_of(chunk: Chunk) -> pd.DataFrame:
        return article_inputs(chunk.rows, chunk.row_errors, text_col, title_col)

    head = list(islice(chunks, jobs + 1))
    if jobs <= 1 or len(head) <= jobs:  # too little work to be worth starting workers for
        if hasattr(scorer, "load"):
            scorer.load()  # a bad model file is fatal even when there is nothing to score
        for chunk in chain(head, chunks):
            yield chunk, scorer(inputs_of(chunk))
        return
    # N workers do the costly part; this process reads, hands out and writes the chunks and
    # applies the model (a small share of the work), so the operating system keeps every core
    # busy with whichever process has work.
    in_worker, in_here = _split(scorer)
    pool = ProcessPoolExecutor(
        jobs, mp_context=_pool_context(), initializer=_start_worker, initargs=(in_worker,)
    )
    pending: deque = deque()  # (chunk, Future of the worker's result), in input order
    try:
        for chunk in chain(head, chunks):
            pending.append((chunk, pool.submit(_in_worker, inputs_of(chunk))))
            if hasattr(scorer, "load") and len(pending) == 1:
                scorer.load()  # once the workers have started on the first chunk
            while pending and (len(pending) > 2 * jobs or pending[0][1].done()):
                done, result = pending.popleft()
                yield done, in_here(result.result())
        while pending:
            done, result = pending.popleft()
            yield done, in_here(result.result())
    except BrokenProcessPool as exc:
        _stop(pool)
        raise BatchError(
            f"a scoring process stopped unexpectedly (out of memory?): {exc}"
        ) from None
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown()


def _pool_context():
    """fork on Linux: each worker starts at once with this process's libraries (copy-on-write),
    where a spawned one would spend seconds importing scikit-learn again.
    Elsewhere fork is unsafe (macOS) or missing (Windows): a fork server that imports the
    libraries once, in the background, or else spawn."""
    if sys.platform == "linux":
        return get_context("fork")
    if "forkserver" not in get_all_start_methods():
        return get_context("spawn")
    from multiprocessing import forkserver

    context = get_context("forkserver")
    context.set_forkserver_preload(["__main__", "scoring.batch", "scoring.model"])
    forkserver.ensure_running()  # returns at once; the first worker waits for the imports
    return context


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop the workers mid-chunk, so that an interrupted run ends at once."""
    # Read before shutdown(), which forgets them; there is no public way before Python 3.14.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()


# ---------------------------------------------------------------------------------------------
# Progress


class Progress:
    """A tqdm bar with rate and ETA on a terminal; otherwise a plain line every ``interval`` seconds."""

    def __init__(self, source: _Source, stream=None, interval: float = 10.0):
        self.source = source
        self.stream = stream if stream is not None else sys.stderr
        self.interval = interval
        self.started = self._last_log = time.monotonic()
        self._bar = None
        if hasattr(self.stream, "isatty") and self.stream.isatty():
            from tqdm import tqdm

            self._bar = tqdm(
                total=source.total_rows, unit=" articles", file=self.stream, dynamic_ncols=True
            )

    def update(self, rows_done: int, new_rows: int) -> None:
        if self._bar is not None:
            self._bar.total = self._expected_rows(rows_done) or self._bar.total
            self._bar.update(new_rows)
            return
        now = time.monotonic()
        if now - self._last_log >= self.interval:
            self._last_log = now
            rate = rows_done / max(now - self.started, 1e-9)
            expected = self._expected_rows(rows_done)
            eta = (
                f", about {(expected - rows_done) / rate:,.0f} s left" if expected and rate else ""
            )
            print(
                f"reliability score: {rows_done:,} rows, {rate:,.0f} articles/s{eta}",
                file=self.stream,
                flush=True,
            )

    def _expected_rows(self, rows_done: int) -> int | None:
        """Rows in the whole input: known for Parquet, else estimated from the bytes read so far."""
        if self.source.total_rows is not None:
            return self.source.total_rows
        position, total = self.source.position(), self.source.total_bytes
        if not position or not total or not rows_done:
            return None
        return max(rows_done, round(rows_done * total / position))

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


# ---------------------------------------------------------------------------------------------
# The local engine


class OutletTally:
    """Per-outlet sums (``scoring.outlets.outlet_stats``) added up chunk by chunk: never the texts."""

    def __init__(self, outlet_col: str):
        self.outlet_col = outlet_col
        self._stats: list[pd.DataFrame] = []

    def add(self, scored: pd.DataFrame) -> None:
        from scoring.outlets import outlet_stats

        self.add_stats(outlet_stats(scored, self.outlet_col))

    def add_stats(self, stats: pd.DataFrame) -> None:
        from scoring.outlets import combine_stats

        self._stats.append(stats)
        if len(self._stats) >= 64:  # keep about one row per outlet, however long the file
            self._stats = [combine_stats(self._stats)]

    def write(self, settings: BatchSettings) -> None:
        """The outlet summary, to ``settings.outlet_summary`` in the format its name says."""
        out = settings.outlet_summary
        write_table(self.summary(), out, format_for(out, None, OUTPUT_FORMATS, "output"), settings.excel_safety)

    def summary(self) -> pd.DataFrame:
        from scoring.outlets import combine_stats, outlet_stats, summarize_outlets

        parts = self._stats or [outlet_stats(pd.DataFrame({"outlet": [], "score": []}))]
        return summarize_outlets(combine_stats(parts))


@dataclass
class BatchSettings:
    input: str
    output: str
    input_format: str | None = None
    output_format: str | None = None
    text_col: str = "text"
    title_col: str | None = None  # None: "title" when the input has it
    outlet_col: str | None = None
    date_col: str | None = None
    id_col: str | None = None
    encoding: str = "utf-8"
    chunk_size: int = DEFAULT_CHUNK_SIZE
    jobs: int = 1
    excel_safety: bool = True
    rejects: str | None = None  # None: beside the output
    outlet_summary: str | None = None
    model: str | None = None  # None: the shipped model


SAMPLE_ERRORS = 5  # rows with errors named in the notes; the error column has them all


def rejects_path(settings: BatchSettings) -> str:
    if settings.rejects:
        return settings.rejects
    return "rejects.csv" if settings.output == "-" else f"{settings.output}.rejects.csv"


def resolve_columns(settings: BatchSettings, columns: list[str]) -> str | None:
    """Check every named column is in the input; return the title column to use (or None)."""
    named = {"--text-col": settings.text_col, "--title-col": settings.title_col, "--outlet-col": settings.outlet_col,
             "--date-col": settings.date_col, "--id-col": settings.id_col}  # fmt: skip
    for option, name in named.items():
        if name is not None and name not in columns:
            raise BatchError(
                f"{option} {name!r} is not a column of the input; columns found: {', '.join(columns)}"
            )
    if settings.outlet_summary and settings.outlet_col is None:
        if "outlet" not in columns:
            raise BatchError(
                "--outlet-summary needs the outlet: there is no 'outlet' column, so name one with "
                f"--outlet-col; columns found: {', '.join(columns)}"
            )
        settings.outlet_col = "outlet"
    if settings.outlet_summary == "-" and settings.output == "-":
        raise BatchError("--outlet-summary and --output cannot both be standard output")
    if settings.title_col is not None:
        return settings.title_col
    return "title" if "title" in columns else None


def run_local(settings: BatchSettings, scorer: Scorer | None = None, log=None) -> Totals:
    """Score the input to the output chunk by chunk; raises BatchError for a fatal problem."""
    in_fmt = format_for(settings.input, settings.input_format, INPUT_FORMATS, "input")
    out_fmt = format_for(settings.output, settings.output_format, OUTPUT_FORMATS, "output")
    if settings.chunk_size < 1 or settings.jobs < 1:
        raise BatchError("--chunk-size and --jobs must be at least 1")
    totals = Totals()
    started = time.monotonic()
    with open_source(settings.input, in_fmt, settings.encoding, settings.chunk_size) as source:
        title_col = resolve_columns(settings, source.columns)
        if scorer is None:
            scorer = ModelScorer(settings.model, settings.text_col, title_col)
        replaced = [c for c in source.columns if c in _score_columns()]
        if replaced:
            totals.notes.append(f"input column(s) {', '.join(replaced)} replaced by the new scores")
        tally = OutletTally(settings.outlet_col) if settings.outlet_summary else None
        error_notes: list[str] = []
        progress = Progress(source, log)
        with (
            atomic_output(settings.output) as out_tmp,
            _RejectsFile(rejects_path(settings), settings.excel_safety) as rejects,
            # closed however the run ends, so that its workers stop at once
            closing(
                _scored(source.chunks(), scorer, settings.jobs, settings.text_col, title_col)
            ) as scored_chunks,
        ):
            writer = TableWriter(out_tmp, out_fmt, settings.excel_safety)
            try:
                for chunk, scores in scored_chunks:
                    rejects.add(chunk.rejects)
                    if len(chunk.rows) == 0:
                        continue
                    scored = join_scores(chunk.rows, chunk.row_errors, scores)
                    writer.write(scored)
                    if tally is not None:
                        tally.add(scored)
                    failed = int((scored["error"] != "").sum())
                    if failed and len(error_notes) < SAMPLE_ERRORS:
                        room = SAMPLE_ERRORS - len(error_notes)
                        error_notes += _error_notes(scored, settings.id_col, room)
                    totals.rows += len(scored)
                    totals.errors += failed
                    totals.scored += len(scored) - failed
                    progress.update(totals.rows, len(scored))
                if totals.rows == 0:  # the header alone still says what the output would hold
                    writer.write(_empty_output(source.columns))
            finally:
                writer.close()
                progress.close()
            totals.rejected = rejects.count
        totals.notes += error_notes
        if tally is not None:
            tally.write(settings)
    totals.elapsed = time.monotonic() - started
    return totals


def _score_columns() -> tuple[str, ...]:
    from scoring.model import SCORE_COLUMNS

    return SCORE_COLUMNS


def _empty_output(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        columns=[c for c in columns if c not in _score_columns()] + list(_score_columns())
    )


def _error_notes(scored: pd.DataFrame, id_col: str | None, limit: int) -> list[str]:
    failed = scored[scored["error"] != ""].head(limit)
    return [
        f"output row {row + 1}{f' ({id_col} {failed.at[row, id_col]})' if id_col else ''}: {failed.at[row, 'error']}"
        for row in failed.index
    ]


class _RejectsFile:
    """The rejects CSV (line, error, raw), written atomically and only when there is a reject."""

    def __init__(self, path: str, excel_safety: bool):
        self.path, self.excel_safety = path, excel_safety
        self.count = 0
        self._atomic = None
        self._writer: TableWriter | None = None

    def __enter__(self):
        return self

    def add(self, rejects: list[Reject]) -> None:
        if not rejects:
            return
        if self._writer is None:
            self._atomic = atomic_output(self.path)
            self._writer = TableWriter(self._atomic.__enter__(), "csv", self.excel_safety)
        self._writer.write(
            pd.DataFrame([(r.line, r.error, r.raw) for r in rejects], columns=list(REJECT_COLUMNS))
        )
        self.count += len(rejects)

    def __exit__(self, *exc_info):
        if self._writer is not None:
            self._writer.close()
            self._atomic.__exit__(*exc_info)
        return False


# ---------------------------------------------------------------------------------------------
# The Dask engine


def score_frame_partition(
    partition: pd.DataFrame, scorer: Scorer, text_col: str, title_col: str | None
) -> pd.DataFrame:
    """One Dask partition scored exactly as the local engine scores a chunk."""
    return score_chunk(partition, [""] * len(partition), scorer, text_col, title_col)


def run_dask(settings: BatchSettings, scheduler: str | None = None, log=None) -> Totals:
    """Score with Dask: a cluster at ``scheduler``, or a local one; CSV, TSV or Parquet in, any output format.

    Each partition is scored and written to a part file by a worker, which hands back only the
    few columns the outlet summary needs; the parts are then joined, in order, into one output
    file like the local engine's. With a remote cluster, input and output must be on storage the
    workers share. Input must be well formed: a malformed record or undecodable bytes stop the
    run (exit 2) rather than going to a rejects file. A CSV file is one partition (a quoted
    article may span lines, so it cannot be split blindly): give many files (a glob) or Parquet
    to spread the work.
    """
    try:
        import dask
        import dask.dataframe as dd
        from distributed import Client, LocalCluster
    except ImportError:
        raise BatchError(
            "--engine dask needs Dask, an optional extra: pip install 'source-reliability[dask]'"
        ) from None
    log = log if log is not None else sys.stderr
    in_fmt = format_for(settings.input, settings.input_format, ("csv", "tsv", "parquet"), "input")
    out_fmt = format_for(settings.output, settings.output_format, OUTPUT_FORMATS, "output")
    if "-" in (settings.input, settings.output):
        raise BatchError("--engine dask reads and writes files, not stdin or stdout")
    started = time.monotonic()
    try:
        if in_fmt == "parquet":
            frame = dd.read_parquet(settings.input)
        else:
            frame = dd.read_csv(
                settings.input, sep="," if in_fmt == "csv" else "\t", dtype=str, keep_default_na=False,
                na_filter=False, blocksize=None, encoding=_reading_codec(settings.encoding),
            )  # fmt: skip
    except (OSError, ValueError) as exc:
        raise BatchError(f"cannot read {settings.input}: {exc}") from None
    title_col = resolve_columns(settings, list(frame.columns))
    scorer = ModelScorer(settings.model, settings.text_col, title_col)
    scorer.load()
    # Dask's stand-in row of the input's dtypes, scored, gives the output's real dtypes; an empty
    # frame would not (its band, model_id, warnings and error would come out as floats).
    meta = score_frame_partition(
        frame._meta_nonempty.head(1), scorer, settings.text_col, title_col
    ).iloc[:0]
    scored = frame.map_partitions(
        score_frame_partition, scorer, settings.text_col, title_col, meta=meta
    )
    outlet_col = settings.outlet_col if settings.outlet_summary else None
    cluster = client = None
    parts_dir = tempfile.mkdtemp(prefix=".reliability-parts-", dir=Path(settings.output).parent)
    try:
        if (
            dask.config.get("scheduler", None) is None
        ):  # else the caller chose one (tests: synchronous)
            cluster = None if scheduler else LocalCluster(dashboard_address=None)
            client = Client(scheduler or cluster)
            print(
                f"reliability score: Dask scheduler at {client.scheduler.address}",
                file=log,
                flush=True,
            )
        parts = [os.path.join(parts_dir, f"part-{i:06d}") for i in range(scored.npartitions)]
        writes = [
            dask.delayed(_write_part)(partition, part, out_fmt, settings.excel_safety, outlet_col)
            for partition, part in zip(scored.to_delayed(), parts, strict=True)
        ]
        written = dask.compute(*writes)
        with atomic_output(settings.output) as tmp:
            _join_parts(parts, tmp, out_fmt, meta, settings.excel_safety)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise BatchError(f"the Dask run failed: {exc}") from None
    finally:
        shutil.rmtree(parts_dir, ignore_errors=True)
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
    totals = Totals(rows=sum(rows for rows, _, _ in written))
    totals.errors = sum(errors for _, errors, _ in written)
    totals.scored = totals.rows - totals.errors
    if outlet_col is not None:
        tally = OutletTally(outlet_col)
        for _, _, stats in written:
            tally.add_stats(stats)
        tally.write(settings)
    totals.elapsed = time.monotonic() - started
    return totals


def _write_part(
    scored: pd.DataFrame, path: str, fmt: str, excel_safety: bool, outlet_col: str | None
) -> tuple[int, int, pd.DataFrame | None]:
    """Write one scored partition (CSV parts without a header).

    Returns only what the totals and the outlet summary need, so nothing per row travels back
    to the client: (rows, rows with errors, per-outlet sums or None).
    """
    from scoring.outlets import outlet_stats

    writer = TableWriter(path, fmt, excel_safety, header=False)
    try:
        writer.write(scored)
    finally:
        writer.close()
    stats = outlet_stats(scored, outlet_col) if outlet_col else None
    return len(scored), int((scored["error"] != "").sum()), stats


def _join_parts(
    parts: list[str], path: str, fmt: str, meta: pd.DataFrame, excel_safety: bool
) -> None:
    """One output file from the part files, in partition order, holding one copy of the header."""
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        # An empty partition's text columns have no type to speak of: take the schema from one with rows.
        with_rows = [part for part in parts if pq.read_metadata(part).num_rows] or parts[:1]
        schema = pq.read_schema(with_rows[0])
        with pq.ParquetWriter(path, schema) as writer:
            for part in with_rows:
                with pq.ParquetFile(part) as source:
                    for batch in source.iter_batches():
                        writer.write_table(pa.Table.from_batches([batch]).cast(schema))
        return
    header = TableWriter(path, fmt, excel_safety)
    header.write(meta)
    header.close()
    with open(path, "ab") as out:
        for part in parts:
            with open(part, "rb") as fh:
                shutil.copyfileobj(fh, out)
