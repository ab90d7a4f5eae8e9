"""``reliability dashboard`` serves the packaged app, and its Streamlit child ends with it."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from scoring.cli.dashboard import dashboard_argv, streamlit_flags


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_health(port: int, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                return r.read().decode()
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"the dashboard did not answer /_stcore/health on port {port} within {timeout}s")


def children_of(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def is_running(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    # a zombie (state Z) has ended and only waits to be reaped
    return stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"


def test_the_packaged_settings_become_streamlit_flags():
    flags = streamlit_flags()
    assert "--server.maxUploadSize=200" in flags
    assert "--browser.gatherUsageStats=false" in flags
    argv = dashboard_argv(8765)
    assert argv[1:4] == ["-m", "streamlit", "run"]
    assert argv[4].endswith(os.path.join("scoring", "dashboard", "app.py")) and Path(argv[4]).is_file()
    assert "--server.port=8765" in argv


def test_the_repo_config_is_the_packaged_one():
    root = Path(__file__).resolve().parents[2]
    assert (root / ".streamlit" / "config.toml").read_text() == (root / "scoring/dashboard/config.toml").read_text()


def test_dashboard_answers_health_and_its_child_ends_with_it(tmp_path):
    port = free_port()
    reliability = shutil.which("reliability") or str(Path(sys.executable).with_name("reliability"))
    parent = subprocess.Popen(
        [reliability, "dashboard", "--db", str(tmp_path / "store.db"), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for_health(port) == "ok"
        children = children_of(parent.pid)
        assert children, "reliability dashboard started no child process"
        parent.send_signal(signal.SIGTERM)
        assert parent.wait(timeout=30) is not None
        deadline = time.monotonic() + 10
        while any(is_running(c) for c in children) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(is_running(c) for c in children), "the Streamlit child outlived its parent"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
