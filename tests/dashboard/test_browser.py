"""A real Chromium against a running dashboard: paste an article, see its score and highlighted sources."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
APP = Path(__file__).resolve().parents[2] / "scoring" / "dashboard" / "app.py"
ARTICLE = (
    "The Larkspur harbour authority will close the north pier for repairs next month, its director "
    "Mira Tolland said on Tuesday. \u201cThe pilings are rotten through,\u201d Tolland said.\n\n"
    "Two port officials, who spoke on condition of anonymity because they were not authorised to "
    "discuss the budget, said the repairs may cost more than 4 million crowns."
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (make browser-deps)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def dashboard(sample_store, tmp_path):
    """The dashboard served on a free port over a copy of the sample store; its URL."""
    db = tmp_path / "store.db"
    shutil.copy(sample_store, db)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless", "true",
         "--server.port", str(port), "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        env={**os.environ, "RELIABILITY_DB": str(db)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_pasted_article_shows_its_score_and_highlighted_sources(dashboard):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1800})
            page.set_default_timeout(120_000)  # the first run loads the model; the machine may be busy
            page.goto(dashboard)
            idle = "[data-testid='stApp'][data-test-script-state='notRunning']"
            page.get_by_label("Article text").wait_for()
            page.get_by_label("Headline (optional)").fill("North pier to close for repairs")
            page.get_by_label("Article text").fill(ARTICLE)
            page.get_by_role("button", name="Score this article").click()
            page.wait_for_selector(".evidence-text")
            page.wait_for_selector(idle)
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "article-page.png"), full_page=True)

            metric = page.locator("[data-testid='stMetric']").first.inner_text()
            assert "Score" in metric and "/ 100" in metric
            named = page.locator("mark[title^='named source:']")
            unnamed = page.locator("mark[title^='unnamed source:']")
            assert named.count() >= 1 and unnamed.count() >= 1
            assert "Mira Tolland" in named.first.inner_text()

            assert page.locator("mark[title^='figure or date:']").count() == 0
            page.get_by_role("button", name="Choose what to highlight").click()
            page.get_by_role("button", name="figure or date").click()
            page.wait_for_selector("mark[title^='figure or date:']")
            page.screenshot(path=str(ARTIFACTS / "article-page-figures.png"), full_page=True)
            marked = page.locator("mark[title^='figure or date:']").all_inner_texts()
            assert "next month" in marked and any("4 million" in text for text in marked)
        finally:
            browser.close()
