"""``reliability score``: score a file of articles, row for row, with rejects, a summary and exit codes."""

from __future__ import annotations

import os

import click

from scoring.batch import (
    DEFAULT_CHUNK_SIZE,
    EXIT_FATAL,
    EXIT_INTERRUPTED,
    INPUT_FORMATS,
    OUTPUT_FORMATS,
    BatchError,
    BatchSettings,
    rejects_path,
    run_dask,
    run_local,
)

EPILOG = """\b
Exit status: 0 every row scored; 1 some rows have errors (in the error column)
or were rejected (in the rejects file); 2 fatal error, nothing written;
130 interrupted (Ctrl-C), nothing written.
"""


@click.command("score", epilog=EPILOG)
@click.argument("input_path", metavar="INPUT", type=click.Path(allow_dash=True, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(allow_dash=True),
              help="Where to write the scored rows (.csv, .tsv, .jsonl or .parquet; - for stdout, written when the run ends).")  # fmt: skip
@click.option(
    "--input-format",
    type=click.Choice(INPUT_FORMATS),
    help="Format of INPUT when its extension does not say (stdin: csv).",
)
@click.option(
    "--output-format",
    type=click.Choice(OUTPUT_FORMATS),
    help="Format of the output when its extension does not say (stdout: csv).",
)
@click.option(
    "--text-col", default="text", show_default=True, help="Column holding the article text."
)
@click.option(
    "--title-col", help="Column holding the headline  [default: title, when there is one]"
)
@click.option("--outlet-col", help="Column naming the outlet, for --outlet-summary  [default: outlet, when there is one]")
@click.option("--date-col", help="Column with the publication date; checked to exist, kept as is.")
@click.option(
    "--id-col", help="Column identifying each article; named in the list of rows with errors."
)
@click.option(
    "--model",
    "model_path",
    type=click.Path(dir_okay=False),
    help="Model file (.skops)  [default: the shipped model]",
)
@click.option("--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default="all cores",
              help="Processes scoring in parallel.")  # fmt: skip
@click.option("--chunk-size", type=click.IntRange(min=1), default=DEFAULT_CHUNK_SIZE, show_default=True,
              help="Rows read, scored and written at a time (memory grows with it).")  # fmt: skip
@click.option(
    "--encoding",
    default="utf-8",
    show_default=True,
    help="Text encoding of CSV, TSV or JSONL input (a byte-order mark is fine).",
)
@click.option("--rejects", "rejects", type=click.Path(dir_okay=False),
              help="Where to write records that could not be parsed  [default: OUTPUT.rejects.csv]")  # fmt: skip
@click.option(
    "--outlet-summary",
    type=click.Path(dir_okay=False),
    help="Also write one row per outlet (shrunk mean score, interval, sourcing rates).",
)
@click.option("--excel-safe/--no-excel-safe", default=True, show_default=True,
              help="In CSV output, prefix text cells that start with = + - @ tab or CR with ' so spreadsheets do not run them.")  # fmt: skip
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: this machine's processes; dask: a Dask cluster (pip install 'source-reliability[dask]').")  # fmt: skip
@click.option(
    "--scheduler", help="Address of a Dask scheduler for --engine dask  [default: a local cluster]"
)
@click.option(
    "--quiet", is_flag=True, help="No progress and no summary; the exit status still tells."
)
def score_command(input_path, output, input_format, output_format, text_col, title_col, outlet_col, date_col,
                  id_col, model_path, jobs, chunk_size, encoding, rejects, outlet_summary, excel_safe,
                  engine, scheduler, quiet) -> None:  # fmt: skip
    """Score every article in INPUT (.csv, .tsv, .jsonl or .parquet; - for stdin) and write them to OUTPUT.

    Every input column is kept, in order, followed by score, band, probability, the features,
    the evidence counts, model_id, warnings and error. Rows that cannot be scored keep their
    place with error filled; records that cannot be parsed go to the rejects file with their
    line number.
    """
    settings = BatchSettings(
        input=input_path, output=output, input_format=input_format, output_format=output_format,
        text_col=text_col, title_col=title_col, outlet_col=outlet_col, date_col=date_col, id_col=id_col,
        encoding=encoding, chunk_size=chunk_size, jobs=jobs, excel_safety=excel_safe, rejects=rejects,
        outlet_summary=outlet_summary, model=model_path,
    )  # fmt: skip
    log = open(os.devnull, "w") if quiet else None  # noqa: SIM115 -- lives as long as the command
    try:
        if engine == "dask":
            totals = run_dask(settings, scheduler, log=log)
        else:
            totals = run_local(settings, log=log)
    except BatchError as exc:
        click.echo(f"Error: {exc}", err=True)
        raise SystemExit(EXIT_FATAL) from None
    except KeyboardInterrupt:
        click.echo("Interrupted: stopped, and no output was written.", err=True)
        raise SystemExit(EXIT_INTERRUPTED) from None
    if not quiet:
        click.echo(totals.summary(), err=True)
        for line in totals.notes:
            click.echo(line, err=True)
        if totals.rejected:
            click.echo(
                f"{totals.rejected:,} records could not be parsed: see {rejects_path(settings)}",
                err=True,
            )
    raise SystemExit(totals.exit_code)
