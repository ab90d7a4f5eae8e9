"""Fixtures for the store tests: a fresh database file, pre-scored fictional articles, tiny models."""

import numpy as np
import pandas as pd
import pytest

from scoring.features import FEATURE_NAMES
from scoring.model import band_for, fit_model


@pytest.fixture
def db(tmp_path):
    return tmp_path / "newsroom.db"


def scored_article(article_id, outlet, score, *, published="2026-03-02", named=3, unnamed=1,
                   probability=None, model_id="fixture-model", title=None, text=None):
    """One row as `reliability score` writes it, for a fictional article."""
    return {
        "id": article_id,
        "outlet": outlet,
        "url": f"https://{outlet}/{article_id}",
        "published": published,
        "author": "Pat Quill",
        "title": title or f"Harbour council vote, story {article_id}",
        "text": text or f"The Lowmere harbour council voted on story {article_id}, its clerk said.",
        "score": score,
        "band": band_for(score),
        "probability": score / 100 if probability is None else probability,
        **{name: 0.5 for name in FEATURE_NAMES},
        "named_sources": named,
        "unnamed_sources": unnamed,
        "quotes": 2,
        "hedges": 1,
        "boosters": 0,
        "assessments": 1,
        "words": 400,
        "model_id": model_id,
        "warnings": "",
        "error": "",
    }


@pytest.fixture
def scored():
    """Build a pre-scored frame from scored_article keyword sets."""
    return lambda rows: pd.DataFrame([scored_article(**r) for r in rows])


def tiny_model(model_id: str, seed: int):
    """A real fitted model on random features: enough to score, not to judge anything."""
    rng = np.random.default_rng(seed)
    features = pd.DataFrame(rng.normal(1, 0.5, (80, len(FEATURE_NAMES))).clip(0), columns=list(FEATURE_NAMES))
    y = np.tile([0, 1], 40)
    groups = np.repeat([f"outlet-{i}.example" for i in range(8)], 10)
    return fit_model(features, y, groups, seed=seed, card={"model_id": model_id})


@pytest.fixture(scope="session")
def model_a():
    return tiny_model("tiny-a", 1)


@pytest.fixture(scope="session")
def model_b():
    return tiny_model("tiny-b", 2)


RAW_ARTICLES = pd.DataFrame(
    {
        "id": ["lm-1", "lm-2", "lm-3"],
        "outlet": ["lowmere-gazette.example", "lowmere-gazette.example", "fenwick-post.example"],
        "published": ["2026-02-01", "2026-02-09T14:30:00+01:00", "2026-02-20"],
        "title": ["Ferry timetable changes", "Bridge repairs delayed", "Council budget gap"],
        "text": [
            'The ferry operator will cut two evening crossings from March, its director Ines Marlow said. '
            '"We carried fewer than forty people on those sailings," she told the Gazette.',
            "Repairs to the Tollin bridge may slip into next year, according to a person familiar with "
            "the contract, who asked not to be named because the talks are private.",
            "The council faces a budget gap of 2.4 million, the finance committee's report shows. "
            "Officials said cuts were likely.",
        ],
    }
)


@pytest.fixture
def raw_articles():
    return RAW_ARTICLES.copy()
