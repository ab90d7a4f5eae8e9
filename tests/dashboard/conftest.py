"""Fixtures for the dashboard tests: stores, and helpers to drive pages in AppTest and read their charts.

The store is filled once with the sample articles (fictional outlets) and copied for each test.
"""

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from scoring import store

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_ARTICLES = ROOT / "data" / "sample_articles.csv"
APP = ROOT / "scoring" / "dashboard" / "app.py"
TIMEOUT = 60  # seconds per script run: the first run loads the model


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("sample") / "sample.db"
    store.import_frame(db, pd.read_csv(SAMPLE_ARTICLES, dtype=str, keep_default_na=False))
    return db


@pytest.fixture
def db(sample_store, tmp_path, monkeypatch) -> Path:
    """A private copy of the sample store, which the dashboard under test uses."""
    copy = tmp_path / "store.db"
    shutil.copy(sample_store, copy)
    monkeypatch.setenv("RELIABILITY_DB", str(copy))
    return copy


@pytest.fixture
def empty_db(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "empty.db"
    monkeypatch.setenv("RELIABILITY_DB", str(path))
    return path


def _one_page(module: str) -> None:
    import importlib

    importlib.import_module(module).render()


@pytest.fixture
def page():
    """page("article") -> an AppTest of scoring.dashboard.views.article alone, not yet run."""

    def make(name: str) -> AppTest:
        return AppTest.from_function(_one_page, args=(f"scoring.dashboard.views.{name}",), default_timeout=TIMEOUT)

    return make


@pytest.fixture
def whole_app():
    """An AppTest of the whole dashboard (router, first-start data), not yet run."""
    return AppTest.from_file(str(APP), default_timeout=TIMEOUT)


def _charts(at: AppTest) -> list[dict]:
    out = []
    for element in at.get("vega_lite_chart"):
        spec = json.loads(element.proto.spec)
        spec["frames"] = {ds.name: convert_arrow_bytes_to_pandas_df(ds.data.data) for ds in element.proto.datasets}
        out.append(spec)
    return out


@pytest.fixture
def chart_with_field():
    """chart_with_field(at, "shrunk_score") -> the first chart encoding that field: its Vega-Lite
    spec, with its datasets as DataFrames under "frames"."""

    def find(at: AppTest, field: str) -> dict:
        for spec in _charts(at):
            if f'"field": "{field}"' in json.dumps({k: v for k, v in spec.items() if k != "frames"}):
                return spec
        raise AssertionError(f"no chart encodes {field!r}")

    return find
