"""Fictional articles and outlets shared by the model tests."""

from __future__ import annotations

import pandas as pd
import pytest

from scoring.features import SignalFeatures
from scoring.model import fit_model, load_model

NAMED_ARTICLE = (
    "The Harlow County water board approved a 4.2 million crown budget on Tuesday, March 3, 2026. "
    '"We will replace every lead pipe on Orchard Street by June," said board chair Delia Marsh. '
    "According to the board's annual report, 312 homes still draw water through lead service lines. "
    'Engineer Tomas Quill told the Harlow Ledger that the work would take 14 weeks. '
    '"The contract was awarded after three public bids," Quill said. '
    "The county auditor, Renata Oyelaran, said the budget had been reviewed line by line. "
    "Records filed with the county clerk on February 20 show the lowest bid was 3.9 million crowns. "
    "Mayor Ivo Brandt said in a statement that the council would vote on the plan on March 17. "
)

ANONYMOUS_ARTICLE = (
    "Sources say the water board may be hiding something, and it is clearly a disgrace. "
    "Officials who spoke on condition of anonymity said the budget could reportedly be far larger. "
    "Insiders believe the plan is probably a cover-up, according to people familiar with the matter. "
    "It appears that residents were possibly misled, one source said. "
    "Some say the board might have known for years, a person close to the board said. "
    "We think this is obviously outrageous and undoubtedly shocking. "
    "It is likely that more revelations may follow, sources claimed. "
)


def fictional_rows(n_per_outlet: int = 6) -> list[dict]:
    """Articles from six fictional outlets: three reliable (named sourcing), three not."""
    rows = []
    for i, outlet in enumerate(["harlow-ledger.example", "www.kestov-times.example", "orchard-post.example"]):
        for j in range(n_per_outlet):
            rows.append({"outlet": outlet, "text": NAMED_ARTICLE.replace("14 weeks", f"{10 + i + j} weeks"), "verdict": "reliable"})
    for i, outlet in enumerate(["truthblast.example", "rumour-mill.example", "outrage-daily.example"]):
        for j in range(n_per_outlet):
            rows.append({"outlet": outlet, "text": ANONYMOUS_ARTICLE.replace("for years", f"for {2 + i + j} years"), "verdict": "unreliable"})
    return rows


ARTICLES = {"named": NAMED_ARTICLE, "anonymous": ANONYMOUS_ARTICLE, "short": "Short text, said nobody."}


@pytest.fixture(scope="session")
def articles() -> dict[str, str]:
    return ARTICLES


@pytest.fixture
def fictional_csv(tmp_path):
    path = tmp_path / "articles.csv"
    pd.DataFrame(fictional_rows()).to_csv(path, index=False)
    return path


@pytest.fixture(scope="session")
def fictional_frame() -> pd.DataFrame:
    """Four articles from each of the six fictional outlets, of varied length."""
    rows = pd.DataFrame(fictional_rows(4))
    rows["text"] = [t + " The meeting ended." * (i % 3) for i, t in enumerate(rows["text"])]
    return rows


@pytest.fixture(scope="session")
def fictional_model(fictional_frame):
    """A model fitted in memory on the fictional outlets (no file involved)."""
    rows = fictional_frame
    y = (rows["verdict"] == "reliable").astype(int)
    return fit_model(SignalFeatures().transform(rows), y, rows["outlet"], card={"model_id": "fictional"})


@pytest.fixture(scope="session")
def default_model():
    return load_model()
