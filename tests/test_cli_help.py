"""Every command and option of ``reliability`` explains itself."""

import ast
import subprocess
import sys

import click
import pytest

from scoring.cli import main


def _commands(group: click.Group, prefix=()):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


COMMANDS = list(_commands(main))


def test_the_cli_has_commands():
    assert ("analyze",) in [path for path, _ in COMMANDS]
    assert all(command.name == path[-1] for path, command in COMMANDS)
    assert ("review", "add") in [path for path, _ in COMMANDS]


def _run_in_new_interpreter(args: list[str], stdin: str = "") -> tuple[list[str], list[str]]:
    """(output lines, modules of scoring.cli, scoring.model and sklearn imported) of
    `reliability ARGS` run in a new Python, so earlier tests' imports do not count."""
    code = (
        "import sys; from click.testing import CliRunner; from scoring.cli import main; "
        f"r = CliRunner().invoke(main, {args!r}, input={stdin!r}); assert r.exit_code == 0, r.output; "
        "print(r.output); print(sorted(m for m in sys.modules "
        "if m.startswith('scoring.cli.') or m in ('scoring.model', 'sklearn')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    *output, imported = result.stdout.strip().splitlines()
    return output, ast.literal_eval(imported)


def test_analyze_does_not_import_the_model():
    """Commands load lazily: reading an article must not pay for scikit-learn."""
    _, imported = _run_in_new_interpreter(["analyze", "-"], stdin="Ms. Vale said so.")
    assert "scoring.model" not in imported and "sklearn" not in imported


def test_help_lists_every_command_without_importing_them():
    help_text, imported = _run_in_new_interpreter(["--help"])
    assert imported == []
    listed = [line.split()[0] for line in help_text[help_text.index("Commands:") + 1 :] if line.strip()]
    assert listed == [path[0] for path, _ in COMMANDS if len(path) == 1]
    assert "Score every article in INPUT" in "\n".join(help_text)


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_and_option_has_help(path, command):
    assert (command.help or command.short_help), f"reliability {' '.join(path)} has no help text"
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"option {param.opts} of reliability {' '.join(path)} has no help text"
