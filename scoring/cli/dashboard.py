"""``reliability dashboard``: serve the Streamlit dashboard as a child process and stop it with us."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path

import click

_FORWARDED_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def streamlit_flags() -> list[str]:
    """The dashboard's config.toml as Streamlit command-line flags.

    ``streamlit run`` reads ``.streamlit/config.toml`` only from the working directory, which an
    installed copy does not have, so the packaged settings travel as flags instead.
    """
    config = tomllib.loads(resources.files("scoring.dashboard").joinpath("config.toml").read_text("utf-8"))
    flags = []
    for section, options in config.items():
        for key, value in options.items():
            text = str(value).lower() if isinstance(value, bool) else str(value)
            flags.append(f"--{section}.{key}={text}")
    return flags


def dashboard_argv(port: int) -> list[str]:
    app = resources.files("scoring.dashboard").joinpath("app.py")
    return [
        sys.executable, "-m", "streamlit", "run", str(app),
        *streamlit_flags(),
        f"--server.port={port}",
        "--server.headless=true",
    ]  # fmt: skip


@click.command("dashboard")
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="SQLite store the dashboard reads and writes (default: $RELIABILITY_DB, else the store's default).",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True, help="Local port to serve on.")
def dashboard_command(db: Path | None, port: int) -> None:
    """Serve the dashboard at http://localhost:PORT until stopped (Ctrl-C or SIGTERM)."""
    env = dict(os.environ)
    if db is not None:
        env["RELIABILITY_DB"] = str(db.resolve())
    child = subprocess.Popen(dashboard_argv(port), env=env)

    def forward(signum, _frame):
        child.send_signal(signum)

    for signum in _FORWARDED_SIGNALS:
        signal.signal(signum, forward)
    sys.exit(child.wait())
