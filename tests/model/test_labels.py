"""Labels from article columns and from outlet ratings joined on the outlet's domain."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from scoring.model import LabelError, labels_from_values, normalise_domain, outlet_ratings


@pytest.mark.parametrize(
    ("value", "domain"),
    [
        ("https://WWW.Harlow-Ledger.example/news/1", "harlow-ledger.example"),
        ("www.kestov-times.example", "kestov-times.example"),
        (" Orchard-Post.example ", "orchard-post.example"),
        (None, ""),
        (float("nan"), ""),
    ],
)
def test_normalise_domain(value, domain):
    assert normalise_domain(value) == domain


def _labels(values, threshold=None):
    out = labels_from_values(pd.Series(values, dtype=object), threshold, "test column")
    return [None if math.isnan(v) else int(v) for v in out]


def test_words_binary_and_three_way_labels():
    assert _labels(["Reliable", "mixed", "unreliable", None]) == [1, None, 0, None]
    assert _labels([1, 0, 1]) == [1, 0, 1]
    assert _labels([1, 0, -1]) == [1, None, 0]


def test_numeric_ratings_use_the_threshold_inclusively():
    assert _labels([0.2, 0.6, 0.9, None], threshold=0.6) == [0, 1, 1, None]
    with pytest.raises(LabelError, match=r"0.2 to 0.9\); give --threshold"):
        _labels([0.2, 0.9])


def test_unknown_words_are_named():
    with pytest.raises(LabelError, match="not labels: maybe"):
        _labels(["reliable", "maybe"])


def test_outlet_ratings_normalise_domains_and_skip_section_ratings(tmp_path):
    path = tmp_path / "ratings.csv"
    pd.DataFrame(
        {
            "domain": ["rumour-mill.example/opinion", "www.Rumour-Mill.example", "harlow-ledger.example"],
            "score": [0.9, 0.2, 0.8],
        }
    ).to_csv(path, index=False)
    ratings = outlet_ratings(path, "domain", "score")
    assert ratings.to_dict() == {"rumour-mill.example": 0.2, "harlow-ledger.example": 0.8}
    with pytest.raises(LabelError, match="no column 'pc1'; columns found: domain, score"):
        outlet_ratings(path, "domain", "pc1")
