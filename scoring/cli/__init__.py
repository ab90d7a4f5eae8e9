"""The ``reliability`` command: parses arguments, calls the library, prints. One module per command group."""

from __future__ import annotations

import click

from scoring.cli.analyze import analyze_command
from scoring.cli.batch import score_command
from scoring.cli.dashboard import dashboard_command
from scoring.cli.model import evaluate_command, explain_command, train_command
from scoring.cli.store import import_command, report_command, review_group


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="source-reliability")
def main() -> None:
    """Score how well news articles are sourced, and explain why."""


main.add_command(analyze_command)
main.add_command(dashboard_command)
main.add_command(train_command)
main.add_command(evaluate_command)
main.add_command(explain_command)
main.add_command(import_command)
main.add_command(review_group)
main.add_command(report_command)
main.add_command(score_command)
