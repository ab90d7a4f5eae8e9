"""The feature table: fixed names, neutral values, length-normalised rates, the sklearn contract."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.utils import estimator_checks

from scoring.analysis import analyze
from scoring.features import (
    FEATURE_NAMES,
    FEATURES,
    MIN_WORDS_FOR_RATES,
    SignalFeatures,
    evidence_for,
    feature_vector,
    writers_own,
)
from scoring.signals.attribution import Attribution
from scoring.text import Span


def test_every_feature_has_a_unique_name_and_a_one_line_meaning():
    assert len(set(FEATURE_NAMES)) == len(FEATURES)
    for feature in FEATURES:
        assert feature.meaning and "\n" not in feature.meaning


def test_empty_text_gives_zero_rates_and_neutral_shares_never_nan():
    vector = feature_vector(analyze(""))
    assert list(vector) == list(FEATURE_NAMES)
    assert all(math.isfinite(v) for v in vector.values())
    assert vector["named_source_share"] == 0.5
    assert vector["hedges_per_1000_words"] == 0.0


def _with_attributions(text: str, kinds_and_quotes):
    """An Analysis of ``text`` carrying hand-made attributions, so shares do not depend on the finders."""
    base = analyze(text)
    cue = Span(0, 4, text[:4])
    attributions = tuple(
        Attribution(cue=cue, source=None, content=None, direct_quote=quote, kind=kind, sentence=0)
        for kind, quote in kinds_and_quotes
    )
    return base.__class__(**{**{f: getattr(base, f) for f in base.__slots__}, "attributions": attributions})


def test_shares_are_smoothed_counts_of_the_attributions():
    text = " ".join(["word"] * 300)
    analysis = _with_attributions(
        text, [("named_person", True), ("document", False), ("unnamed", False), ("unnamed", False)]
    )
    vector = feature_vector(analysis)
    assert vector["named_source_share"] == pytest.approx((2 + 0.5) / (4 + 1))
    assert vector["document_source_share"] == pytest.approx((1 + 0.5) / (4 + 1))
    assert vector["direct_quote_share"] == pytest.approx((1 + 0.5) / (4 + 1))
    assert vector["unnamed_source_share"] == pytest.approx((2 + 0.5) / (4 + 1))
    assert vector["attributions_per_1000_words"] == pytest.approx(1000 * 4 / 300)


def test_a_very_short_text_is_not_an_outlier():
    analysis = _with_attributions("Officials said so.", [("unnamed", False)])
    assert analysis.words < MIN_WORDS_FOR_RATES
    assert feature_vector(analysis)["attributions_per_1000_words"] == pytest.approx(1000 / MIN_WORDS_FOR_RATES)


def test_rates_do_not_change_when_an_article_is_repeated():
    once = _with_attributions(" ".join(["word"] * 400), [("unnamed", False)])
    twice = _with_attributions(" ".join(["word"] * 800), [("unnamed", False), ("unnamed", False)])
    assert feature_vector(once)["attributions_per_1000_words"] == pytest.approx(
        feature_vector(twice)["attributions_per_1000_words"]
    )


def test_signal_features_keeps_the_index_and_names_its_columns():
    articles = pd.DataFrame(
        {"text": ["The council met on Monday.", None, "It may rain."], "title": ["A", None, 3]},
        index=[7, 3, 9],
    )
    out = SignalFeatures().fit(articles).transform(articles)
    assert list(out.columns) == list(FEATURE_NAMES)
    assert list(out.index) == [7, 3, 9]
    assert not out.isna().any().any()
    assert list(SignalFeatures().get_feature_names_out()) == list(FEATURE_NAMES)


def test_set_output_pandas_gives_a_frame():
    articles = pd.DataFrame({"body": ["The council met on Monday."]})
    out = SignalFeatures(text_column="body").set_output(transform="pandas").fit_transform(articles)
    assert isinstance(out, pd.DataFrame) and list(out.columns) == list(FEATURE_NAMES)


def test_a_missing_text_column_names_the_columns_found():
    with pytest.raises(KeyError, match="found headline, body"):
        SignalFeatures().fit(pd.DataFrame({"headline": ["x"], "body": ["y"]}))


@pytest.mark.parametrize(
    "check",
    [
        estimator_checks.check_get_params_invariance,
        estimator_checks.check_set_params,
        estimator_checks.check_no_attributes_set_in_init,
        estimator_checks.check_parameters_default_constructible,
        estimator_checks.check_estimator_cloneable,
        estimator_checks.check_estimator_repr,
        estimator_checks.check_mixin_order,
        estimator_checks.check_estimator_tags_renamed,
        estimator_checks.check_valid_tag_types,
    ],
    ids=lambda check: check.__name__,
)
def test_sklearn_estimator_checks_that_apply_to_a_text_transformer(check):
    # The other checks feed random numeric matrices, which are not articles.
    check("SignalFeatures", SignalFeatures())


def test_clone_keeps_the_column_names():
    cloned = clone(SignalFeatures(text_column="body", title_column="headline"))
    assert (cloned.text_column, cloned.title_column) == ("body", "headline")
    assert np.array_equal(cloned.get_feature_names_out(), np.asarray(FEATURE_NAMES, dtype=object))


def test_the_writers_voice_leaves_out_words_inside_quotations():
    text = 'We were shocked, I admit. "Our town is ruined and I am furious," the mayor said.'
    base = analyze(text)
    first_person = tuple(Span.of(text, m.start(), m.end()) for m in re.finditer(r"\b(?:We|I|Our)\b", text))
    opening = text.index('"')
    closing = text.index('"', opening + 1) + 1
    # The whole quotation, and a nested piece of it, as a quote finder might report both.
    quotes = (Span.of(text, opening, closing), Span.of(text, opening + 1, opening + 9))
    analysis = base.__class__(
        **{**{f: getattr(base, f) for f in base.__slots__}, "first_person": first_person, "quotes": quotes}
    )
    assert [s.text for s in writers_own(analysis.first_person, analysis)] == ["We", "I"]
    assert feature_vector(analysis)["first_person_per_1000_words"] == pytest.approx(1000 * 2 / MIN_WORDS_FOR_RATES)


def test_media_source_share_is_the_smoothed_share_of_attributions_resting_on_other_media():
    text = (
        "The regional newspaper reported that the Harlow dam had cracked. Engineer Pia Lund said the "
        "crack was small. The water board said repairs would start on Monday. "
    ) + " ".join(["word"] * 200)
    analysis = analyze(text)
    assert len(analysis.attributions) == 3
    assert [s.text for s in analysis.media_sources] == ["newspaper"]
    assert feature_vector(analysis)["media_source_share"] == pytest.approx((1 + 0.5) / (3 + 1))


def test_the_new_voice_features_count_only_outside_quotations():
    quoted = '"You must see this, it is a DISGRACE! We tweeted it," the mayor said. ' + " ".join(["word"] * 200)
    unquoted = 'You must see this, it is a DISGRACE! We tweeted it, the mayor said. ' + " ".join(["word"] * 200)
    inside, outside = feature_vector(analyze(quoted)), feature_vector(analyze(unquoted))
    for name in ("second_person_per_1000_words", "exclamations_per_1000_words", "social_media_per_1000_words"):
        assert inside[name] == 0.0
        assert outside[name] > 0.0
    assert outside["exclamations_per_1000_words"] == pytest.approx(outside["second_person_per_1000_words"])


def test_neutral_verb_share_counts_said_told_and_according_to_and_shows_the_other_verbs():
    text = (
        "The mayor said the dam held. Engineer Pia Lund claimed it cracked. According to the board, "
        "repairs start soon. The clerk admitted the error. "
    ) + " ".join(["word"] * 200)
    analysis = analyze(text)
    assert len(analysis.attributions) == 4
    assert feature_vector(analysis)["neutral_verb_share"] == pytest.approx((2 + 0.5) / (4 + 1))
    assert [s.text for s in evidence_for("neutral_verb_share", analysis)] == ["claimed", "admitted"]


def test_comment_requests_count_sentences_and_unattributed_reports_only_the_writers():
    text = (
        "Harlow Mills did not respond to a request for comment. The mayor reportedly left, "
        '"and the board is said to be split," Okafor said. Okafor declined to comment further. '
    ) + " ".join(["word"] * 200)
    analysis = analyze(text)
    features = feature_vector(analysis)
    words = analysis.words
    assert features["comment_requests_per_1000_words"] == pytest.approx(1000 * 2 / words)
    assert features["unattributed_reports_per_1000_words"] == pytest.approx(1000 * 1 / words)
    assert [s.text for s in evidence_for("comment_requests_per_1000_words", analysis)] == [
        "did not respond to a request for comment", "declined to comment"
    ]
    assert [s.text for s in evidence_for("unattributed_reports_per_1000_words", analysis)] == ["reportedly"]
