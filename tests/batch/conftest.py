"""Fixtures for batch scoring tests: fictional articles and a small model trained on them."""

from __future__ import annotations

import pandas as pd
import pytest

from scoring.features import SignalFeatures
from scoring.model import fit_model, save_model

WELL_SOURCED = (
    "The Harrowgate council approved the {thing} budget on Tuesday, said Mayor Odile Brask. "
    '"We counted every {thing} twice," Brask told reporters. According to the council minutes, '
    "the vote was 7 to 2. Treasurer Ivo Plenn said the plan costs 4.2 million crowns over 3 years. "
    "The audit office report, published on 12 March, found no errors in the {thing} accounts."
)
POORLY_SOURCED = (
    "Sources say the {thing} scandal may be far worse than anyone thinks. It is clearly a disaster, "
    "and insiders reportedly believe it could possibly bring down the whole {thing} board. "
    "One person familiar with the matter said it was likely a cover-up. Undoubtedly, more will come out."
)
THINGS = ("harbour", "library", "tram", "bridge", "school", "orchard", "museum", "ferry")


def fictional_articles(n: int, outlets: int = 4) -> pd.DataFrame:
    """n fictional articles from made-up outlets, alternating well and poorly sourced."""
    rows = []
    for i in range(n):
        good = i % 2 == 0
        thing = THINGS[i % len(THINGS)]
        rows.append({
            "id": f"a-{i:04d}",
            "outlet": f"outlet-{i % outlets}.example",
            "published": f"2026-01-{1 + i % 28:02d}",
            "title": f"{'Council' if good else 'Shock'} {thing} story {i}",
            "text": (WELL_SOURCED if good else POORLY_SOURCED).format(thing=thing),
        })  # fmt: skip
    return pd.DataFrame(rows)


@pytest.fixture(scope="session")
def model_path(tmp_path_factory) -> str:
    articles = fictional_articles(80, outlets=8)
    features = SignalFeatures().transform(articles)
    labels = [1 if i % 2 == 0 else 0 for i in range(len(articles))]
    model = fit_model(features, labels, articles["outlet"], card={"model_id": "batch-test"})
    return str(save_model(model, tmp_path_factory.mktemp("model") / "batch-test"))


@pytest.fixture
def articles() -> pd.DataFrame:
    return fictional_articles(12)
