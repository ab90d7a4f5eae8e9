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

# Command name -> "module:object". A command's module is imported only when that command is
# asked for, so `reliability analyze` or `review add` do not pay for importing scikit-learn.
COMMANDS = {
    "analyze": "scoring.cli.analyze:analyze_command",
    "dashboard": "scoring.cli.dashboard:dashboard_command",
    "evaluate": "scoring.cli.model:evaluate_command",
    "explain": "scoring.cli.model:explain_command",
    "import": "scoring.cli.store:import_command",
    "report": "scoring.cli.store:report_command",
    "review": "scoring.cli.store:review_group",
    "score": "scoring.cli.batch:score_command",
    "train": "scoring.cli.model:train_command",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attribute = COMMANDS[name].split(":")
        return getattr(importlib.import_module(module), attribute)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="source-reliability")
def main() -> None:
    """Score how well news articles are sourced, and explain why."""
