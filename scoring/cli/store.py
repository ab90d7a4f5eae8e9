"""``reliability import``, ``review add`` / ``review list`` and ``report``: the store from the shell."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import click
import pandas as pd

from scoring.batch import undo_excel_safe
from scoring.report import build_report
from scoring.review import VERDICTS, add_review, reviews
from scoring.store import ENV_VAR, ImportResult, StoreError, import_frame, resolve_db

DB_HELP = f"The store's SQLite file (default: ${ENV_VAR}, else ./reliability.db)."
db_option = click.option("--db", type=click.Path(dir_okay=False), help=DB_HELP)
READ_CHUNK = 5_000


@contextmanager
def _clear_errors():
    """Library refusals become one-line CLI errors (exit status 1) instead of tracebacks."""
    try:
        yield
    except (ValueError, KeyError, StoreError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        raise click.ClickException(str(message)) from exc


def _printable(text) -> str:
    """One terminal line: control characters (escape sequences, newlines) become spaces."""
    return "".join(ch if ch.isprintable() else " " for ch in str(text))


def _read_frames(path: str):
    """The file's rows as frames of at most READ_CHUNK rows; every cell read as text."""
    suffix = Path(path).suffix.lower()
    if suffix == ".parquet":
        frame = pd.read_parquet(path)
        yield from (frame.iloc[i:i + READ_CHUNK] for i in range(0, max(len(frame), 1), READ_CHUNK))
    elif suffix in (".jsonl", ".ndjson"):
        with pd.read_json(path, lines=True, dtype=False, chunksize=READ_CHUNK) as reader:
            yield from reader
    else:
        # A CSV from `reliability score` is spreadsheet-safe: take its guard off the stored text.
        with pd.read_csv(path, dtype=str, keep_default_na=False, chunksize=READ_CHUNK) as reader:
            yield from (undo_excel_safe(chunk) for chunk in reader)


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@db_option
@click.option("--model", "model_path", type=click.Path(exists=True, dir_okay=False),
              help="Model file to score unscored rows with (default: the shipped model).")
@click.option("--text-col", default="text", show_default=True, help="Column holding the article text.")
@click.option("--id-col", default="id", show_default=True,
              help="Column holding the article id (missing ids are derived from outlet and text).")
@click.option("--outlet-col", default="outlet", show_default=True, help="Column holding the outlet name.")
@click.option("--title-col", default="title", show_default=True, help="Column holding the headline.")
def import_command(file, db, model_path, text_col, id_col, outlet_col, title_col) -> None:
    """Add the articles in FILE (CSV, Parquet or JSONL) to the store, scoring unscored rows.

    Importing the same file again adds nothing. Rows from `reliability score` keep their scores.
    """
    total = ImportResult(0, 0, 0)
    model = None
    with _clear_errors():
        if model_path:
            from scoring.model import load_model

            model = load_model(model_path)
        for frame in _read_frames(file):
            if frame.empty:
                continue
            result = import_frame(db, frame, model=model, id_col=id_col, text_col=text_col,
                                  outlet_col=outlet_col, title_col=title_col)
            total = ImportResult(*(a + b for a, b in zip(
                (total.added, total.skipped, total.scored),
                (result.added, result.skipped, result.scored), strict=True)))
    click.echo(f"{resolve_db(db)}: added {total.added}, skipped {total.skipped} already stored, "
               f"scored {total.scored}")


@click.group("review")
def review_group() -> None:
    """Record reviewers' verdicts on scores and read the review history."""


@review_group.command("add")
@db_option
@click.option("--article", "article_id", required=True, help="Id of the article reviewed.")
@click.option("--reviewer", required=True, help="Who is reviewing.")
@click.option("--verdict", required=True, help=f"One of: {', '.join(VERDICTS)}.")
@click.option("--notes", default="", help="What was said, for the record.")
@click.option("--corrected-score", type=float, help="The score the reviewer thinks right (0-100).")
@click.option("--corrected-band", help="The band the reviewer thinks right.")
def review_add_command(db, article_id, reviewer, verdict, notes, corrected_score, corrected_band) -> None:
    """Record one review of an article's latest score (reviews are never changed, only added)."""
    with _clear_errors():
        review_id = add_review(db, article_id, reviewer, verdict, notes=notes,
                               corrected_score=corrected_score, corrected_band=corrected_band)
    click.echo(f"review {review_id} recorded: {_printable(article_id)} {verdict}")


@review_group.command("list")
@db_option
@click.option("--article", "article_id", help="Only this article's reviews.")
def review_list_command(db, article_id) -> None:
    """Print the review history, newest first."""
    with _clear_errors():
        history = reviews(db, article_id)
    if history.empty:
        click.echo("no reviews yet")
        return
    for _, r in history.iterrows():
        seen = "" if pd.isna(r["reviewed_score"]) else f" (score seen {r['reviewed_score']:.0f})"
        fixes = []
        if pd.notna(r["corrected_score"]):
            fixes.append(f"corrected score {r['corrected_score']:g}")
        if r["corrected_band"]:
            fixes.append(f"corrected band {r['corrected_band']}")
        line = f"#{r['review_id']} {r['created_at']} {r['article_id']} {r['reviewer']}: {r['verdict']}{seen}"
        if fixes:
            line += "; " + ", ".join(fixes)
        if r["notes"]:
            line += f" | {r['notes']}"
        click.echo(_printable(line))


@click.command("report")
@db_option
@click.option("--since", help="First publication date included (YYYY-MM-DD).")
@click.option("--until", help="Last publication date included (YYYY-MM-DD).")
@click.option("--outlet", "outlets", multiple=True, help="Only this outlet (repeat for several).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="File to write: .html (self-contained page) or .md (Markdown for the minutes).")
def report_command(db, since, until, outlets, output) -> None:
    """Write the meeting report: outlets ranked, trends, reviews, disagreements, the next queue."""
    suffix = Path(output).suffix.lower()
    if suffix not in (".html", ".htm", ".md"):
        raise click.BadParameter(f"{output!r} must end in .html or .md", param_hint="-o")
    with _clear_errors():
        report = build_report(db, since=since, until=until, outlets=list(outlets))
    text = report.to_markdown() if suffix == ".md" else report.to_html()
    Path(output).write_text(text, encoding="utf-8")
    click.echo(f"wrote {output}: {report.articles} articles, {len(report.reviewed)} reviews, "
               f"{len(report.queue)} in the queue")
