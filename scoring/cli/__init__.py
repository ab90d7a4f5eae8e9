"""The ``reliability`` command: parses arguments, calls the library, prints. One module per command group."""

from __future__ import annotations

import importlib
import os

import click

# Scoring runs in one thread, and --jobs runs processes. Keeping the native libraries from
# starting idle thread pools (OpenBLAS's, pyarrow's jemalloc background thread) leaves the
# command with one thread, so `reliability score` can fork its workers safely.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("JE_ARROW_MALLOC_CONF", "background_thread:false")

# Command name -> ("module:object", its line in `reliability --help`). A command's module is
# imported only when that command is asked for, so `reliability analyze` does not pay for
# importing scikit-learn and `reliability --help` imports none of them (tested).
COMMANDS = {
    "analyze": ("scoring.cli.analyze:analyze_command", "Show the sources and other sourcing signals found in FILE."),
    "dashboard": ("scoring.cli.dashboard:dashboard_command", "Serve the dashboard at http://localhost:PORT until stopped."),
    "evaluate": ("scoring.cli.model:evaluate_command", "Measure MODEL (a .skops file) on labelled articles in DATA."),
    "explain": ("scoring.cli.model:explain_command", "Score FILE and show what moved its score most."),
    "import": ("scoring.cli.store:import_command", "Add the articles in FILE (CSV, Parquet or JSONL) to the store."),
    "report": ("scoring.cli.store:report_command", "Write the meeting report: outlets ranked, trends, reviews."),
    "review": ("scoring.cli.store:review_group", "Record reviewers' verdicts on scores and read the review history."),
    "score": ("scoring.cli.batch:score_command", "Score every article in INPUT and write them to OUTPUT."),
    "train": ("scoring.cli.model:train_command", "Train a model on labelled articles in DATA and save it."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attribute = COMMANDS[name][0].split(":")
        return getattr(importlib.import_module(module), attribute)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, COMMANDS[name][1]) for name in self.list_commands(ctx)])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="source-reliability")
def main() -> None:
    """Score how well news articles are sourced, and explain why."""
