"""The 0-100 score: bands, contributions that add up, score_frame's contract, the skops loader."""

from __future__ import annotations

import json
import math
import zipfile

import numpy as np
import pandas as pd
import pytest
import skops.io as sio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring.features import FEATURE_NAMES, FEATURE_SET_VERSION, FEATURES, SignalFeatures
from scoring.model import (
    BANDS,
    MAX_TEXT_CHARS,
    SCORE_COLUMNS,
    EditorialRegression,
    ModelFileError,
    band_for,
    fit_model,
    load_model,
    save_model,
    score,
    score_frame,
)


def test_bands_cover_0_to_100_without_gaps():
    edges = sorted((b.low, b.high) for b in BANDS)
    assert edges[0][0] == 0 and edges[-1][1] == 100
    assert all(high == low for (_, high), (low, _) in zip(edges, edges[1:], strict=False))
    assert band_for(100) == band_for(70) == "Well sourced"
    assert band_for(69.99) == "Adequately sourced"
    assert band_for(0) == "Poorly sourced"
    assert band_for(math.nan) == ""


@pytest.mark.parametrize("which", ["named", "anonymous", "short"])
def test_contributions_add_up_to_score_minus_baseline(default_model, fictional_model, articles, which):
    for model in (default_model, fictional_model):
        result = score(articles[which], model=model)
        assert sum(result.contributions.values()) == pytest.approx(result.score - result.baseline, abs=1e-6)
        assert list(result.contributions) == sorted(result.contributions, key=lambda n: -abs(result.contributions[n]))
        assert set(result.contributions) == set(FEATURE_NAMES)


def test_predictions_match_sklearns_calibrated_pipeline(fictional_model, articles):
    features = SignalFeatures().transform(pd.DataFrame({"text": [articles["named"], articles["anonymous"]]}))
    ours = fictional_model.predict_proba(features)
    sklearn = fictional_model.calibrated.predict_proba(features)[:, 1]
    assert np.allclose(ours, sklearn, atol=1e-12)


def test_baseline_is_the_score_of_the_training_mean(fictional_model):
    # Rates enter the regression as log(1 + rate): undo that to get the article at the mean.
    mean_inputs = fictional_model.pipeline.named_steps["scale"].mean_
    is_rate = np.array([name.endswith("_per_1000_words") for name in FEATURE_NAMES])
    mean = pd.DataFrame([np.where(is_rate, np.expm1(mean_inputs), mean_inputs)], columns=list(FEATURE_NAMES))
    assert fictional_model.score(mean)[0] == pytest.approx(fictional_model.baseline)
    assert np.allclose(fictional_model.contributions(mean).to_numpy(), 0.0)


def test_named_sourcing_scores_higher_than_anonymous_hedged_sourcing(default_model, articles):
    named = score(articles["named"], model=default_model)
    anonymous = score(articles["anonymous"], model=default_model)
    assert named.score > anonymous.score
    assert anonymous.analysis.counts["unnamed_sources"] > 0
    assert anonymous.contributions["unnamed_source_share"] < 0
    assert 0 <= anonymous.score <= 100 and named.band == band_for(named.score)


@pytest.mark.parametrize("text", ["", "   \n\t ", None, 42])
def test_score_of_no_text_warns_instead_of_raising(fictional_model, text):
    result = score(text, model=fictional_model)
    assert result.warnings == ("no text",)
    assert math.isnan(result.score) and result.band == "" and result.contributions == {}


def test_score_frame_keeps_rows_order_and_columns_and_reports_bad_rows(fictional_model, articles):
    df = pd.DataFrame(
        {
            "id": ["a", "b", "c", "d", "e"],
            "text": [articles["named"], "", 17, "x " * (MAX_TEXT_CHARS // 2 + 1), articles["anonymous"]],
            "outlet": ["one.example"] * 5,
        },
        index=[40, 10, 30, 20, 50],
    )
    out = score_frame(df, model=fictional_model)
    assert out is not df and list(df.columns) == ["id", "text", "outlet"]
    assert list(out.index) == [40, 10, 30, 20, 50]
    assert list(out.columns) == ["id", "text", "outlet", *SCORE_COLUMNS]
    assert list(out["error"]) == [
        "",
        "no text",
        "no text",
        f"text too long ({MAX_TEXT_CHARS + 2} characters; limit {MAX_TEXT_CHARS})",
        "",
    ]
    good = out["error"] == ""
    assert out.loc[good, "score"].between(0, 100).all() and out.loc[~good, "score"].isna().all()
    assert (out.loc[~good, "band"] == "").all()
    assert out.loc[40, "score"] == pytest.approx(score(articles["named"], model=fictional_model).score)
    assert out.loc[40, "words"] == score(articles["named"], model=fictional_model).analysis.words
    assert out["words"].dtype == np.int64 and out["score"].dtype == np.float64
    assert (out["model_id"] == fictional_model.model_id).all()


def test_score_frame_replaces_old_score_columns_and_needs_its_text_column(fictional_model, articles):
    df = pd.DataFrame({"score": [1.0], "body": [articles["named"]]})
    out = score_frame(df, text_col="body", model=fictional_model)
    assert list(out.columns) == ["body", *SCORE_COLUMNS] and out.loc[0, "score"] != 1.0
    with pytest.raises(KeyError, match="columns found: score, body"):
        score_frame(df, model=fictional_model)


def test_score_frame_keeps_a_repeated_index(fictional_model, articles):
    df = pd.DataFrame({"text": [articles["named"], np.nan, articles["anonymous"]]}, index=["x", "x", "y"])
    out = score_frame(df, model=fictional_model)
    assert list(out.index) == ["x", "x", "y"]
    assert list(out["error"]) == ["", "no text", ""]
    assert out["score"].iloc[0] > out["score"].iloc[2]


def test_score_frame_of_an_empty_frame_has_every_column(fictional_model):
    out = score_frame(pd.DataFrame({"text": []}), model=fictional_model)
    assert list(out.columns) == ["text", *SCORE_COLUMNS] and out.empty


def test_every_weight_follows_its_editorial_direction(default_model):
    directions = {f.name: f.direction for f in FEATURES}
    for feature in default_model.card["features"]:
        assert directions[feature["name"]] * feature["coefficient"] >= 0, feature["name"]


def test_a_feature_against_its_direction_is_held_at_zero(fictional_frame):
    # The fictional reliable outlets state dates; turn the dates feature upside down so that the
    # data says "more dates, less reliable", against its direction: the model must not learn that.
    rows = fictional_frame
    y = (rows["verdict"] == "reliable").astype(int)
    features = SignalFeatures().transform(rows)
    dates_rate = features["dates_per_1000_words"]
    flipped = features.assign(dates_per_1000_words=dates_rate.max() - dates_rate)
    dates = FEATURE_NAMES.index("dates_per_1000_words")
    assert fit_model(flipped, y, rows["outlet"], follow_directions=False)._coef[dates] < 0
    model = fit_model(flipped, y, rows["outlet"])
    assert model._coef[dates] == 0
    assert "dates_per_1000_words" in model.card["held_at_zero_against_direction"]
    assert all(f.direction * c >= 0 for f, c in zip(FEATURES, model._coef, strict=True))


def test_without_bounds_the_regression_is_scikit_learns_logistic_regression():
    from sklearn.datasets import make_classification
    from sklearn.linear_model import LogisticRegression

    X, y = make_classification(400, 5, weights=[0.7], random_state=1)
    weights = np.random.default_rng(1).uniform(0.2, 3.0, len(y))
    for sample_weight in (None, weights):
        ours = EditorialRegression(C=0.5, clip=np.inf).fit(X, y, sample_weight=sample_weight)
        theirs = LogisticRegression(C=0.5, class_weight="balanced", max_iter=2000).fit(X, y, sample_weight=sample_weight)
        assert np.allclose(ours.coef_, theirs.coef_, atol=2e-3)
        assert np.allclose(ours.intercept_, theirs.intercept_, atol=2e-3)
        assert np.allclose(ours.predict_proba(X), theirs.predict_proba(X), atol=2e-3)
        assert (ours.predict(X) == theirs.predict(X)).mean() > 0.99


def test_bounds_that_cannot_hold_are_refused_by_name():
    X, y = np.random.default_rng(0).normal(size=(20, 2)), np.array([0, 1] * 10)
    with pytest.raises(ValueError, match="2 lower and 1 upper bounds for 2 features"):
        EditorialRegression(lower=(None, None), upper=(None,)).fit(X, y)
    with pytest.raises(ValueError, match="feature 1 has lower bound 0.5 above upper bound 0.0"):
        EditorialRegression(lower=(None, 0.5), upper=(None, 0.0)).fit(X, y)
    with pytest.raises(ValueError, match="needs two classes"):
        EditorialRegression().fit(X, np.zeros(20))
    with pytest.raises(ValueError, match="got 3 sample weights for 20 samples"):
        EditorialRegression().fit(X, y, sample_weight=[1.0, 2.0, 3.0])


def test_bounds_hold_and_inputs_are_clipped():
    from sklearn.datasets import make_classification

    X, y = make_classification(400, 3, n_informative=3, n_redundant=0, random_state=2)
    free = EditorialRegression().fit(X, y).coef_[0]
    lower = tuple(0.0 if c < 0 else None for c in free)  # forbid the sign each weight took
    upper = tuple(0.0 if c > 0 else None for c in free)
    assert np.all(EditorialRegression(lower=lower, upper=upper).fit(X, y).coef_ == 0.0)
    floored = EditorialRegression(upper=(-0.8, None, None), lower=(None, None, None)).fit(X, y)
    assert floored.coef_[0, 0] <= -0.8
    far = np.array([[1e6, 0.0, 0.0]])
    at_clip = np.array([[floored.clip, 0.0, 0.0]])
    assert floored.decision_function(far) == pytest.approx(floored.decision_function(at_clip))


def test_unnamed_sources_always_cost_points(default_model, articles, fictional_frame):
    """The standards' floor: anonymity counts against an article whatever the training outlets did."""
    floor = next(f.floor for f in FEATURES if f.name == "unnamed_source_share")
    assert floor > 0
    weights = {f["name"]: f["coefficient"] for f in default_model.card["features"]}
    assert weights["unnamed_source_share"] <= -floor + 1e-9
    rows = fictional_frame
    y = (rows["verdict"] == "reliable").astype(int)
    features = SignalFeatures().transform(rows)
    # The data upside down: more unnamed sources, more reliable. The floor still holds ...
    flipped = features.assign(unnamed_source_share=1 - features["unnamed_source_share"])
    unnamed = FEATURE_NAMES.index("unnamed_source_share")
    assert fit_model(flipped, y, rows["outlet"])._coef[unnamed] <= -floor + 1e-9
    # ... unless training is told to ignore the editorial directions.
    assert fit_model(flipped, y, rows["outlet"], follow_directions=False)._coef[unnamed] > 0
    assert score(articles["anonymous"], model=default_model).contributions["unnamed_source_share"] < -1
    assert "unnamed_source_share" in default_model.card["held_at_floor"]
    assert default_model.card["floors"] == {"unnamed_source_share": floor}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.floats(min_value=0, max_value=1e4), min_size=len(FEATURE_NAMES), max_size=len(FEATURE_NAMES)))
def test_the_points_use_the_calibrated_pipelines_own_clipped_inputs(default_model, values):
    """However far out a feature value lies, the score explained is the one the pipeline gives."""
    row = pd.DataFrame([values], columns=list(FEATURE_NAMES))
    ours = default_model.predict_proba(row)
    pipeline = default_model.calibrated.predict_proba(row)[:, 1]
    assert ours == pytest.approx(pipeline, abs=1e-9)


def test_left_out_features_get_no_points(articles, fictional_frame):
    rows = fictional_frame
    y = (rows["verdict"] == "reliable").astype(int)
    model = fit_model(SignalFeatures().transform(rows), y, rows["outlet"], left_out=("hedges_per_1000_words",))
    result = score(articles["anonymous"], model=model)
    assert result.contributions["hedges_per_1000_words"] == 0.0
    assert model.card["left_out_features"] == ["hedges_per_1000_words"]


def test_a_saved_model_loads_with_its_card(tmp_path, fictional_model, articles):
    path = save_model(fictional_model, tmp_path / "m")
    assert path.name == "m.skops"
    card = json.loads((tmp_path / "m.card.json").read_text())
    assert card["model_id"] == "fictional" and (tmp_path / "m.card.md").read_text().startswith("# Model card")
    loaded = load_model(tmp_path / "m")
    features = SignalFeatures().transform(pd.DataFrame({"text": [articles["named"]]}))
    assert loaded.predict_proba(features) == pytest.approx(fictional_model.predict_proba(features))


def _rewrite_schema(path, change):
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    schema = json.loads(members["schema.json"])
    change(schema)
    members["schema.json"] = json.dumps(schema).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_the_loader_refuses_a_type_outside_its_allowlist(tmp_path):
    from sklearn.tree import DecisionTreeClassifier  # trusted by skops itself, not by us

    path = tmp_path / "tree.skops"
    sio.dump({"pipeline": DecisionTreeClassifier()}, path)
    with pytest.raises(ModelFileError, match="does not trust.*DecisionTreeClassifier"):
        load_model(path)


def test_the_loader_refuses_a_newer_feature_set_naming_both_versions(tmp_path, fictional_model):
    path = save_model(fictional_model, tmp_path / "future")
    newer = FEATURE_SET_VERSION + 1

    def bump(schema):
        schema["content"]["feature_set_version"]["content"] = str(newer)

    _rewrite_schema(path, bump)
    with pytest.raises(ModelFileError, match=f"version {newer}, newer than this code's version {FEATURE_SET_VERSION}"):
        load_model(path)


def test_the_loader_refuses_files_that_are_not_models(tmp_path):
    not_zip = tmp_path / "model.skops"
    not_zip.write_bytes(b"\x80\x04K\x01.")  # a pickle: never unpickled
    with pytest.raises(ModelFileError, match="not a skops model file"):
        load_model(not_zip)
    with pytest.raises(ModelFileError, match="no model file"):
        load_model(tmp_path / "missing")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(st.floats(0, 200, allow_nan=False), min_size=len(FEATURE_NAMES), max_size=len(FEATURE_NAMES)))
def test_contributions_add_up_for_any_feature_values(fictional_model, values):
    row = pd.DataFrame([values], columns=list(FEATURE_NAMES))
    points = fictional_model.contributions(row).iloc[0]
    assert points.sum() == pytest.approx(fictional_model.score(row)[0] - fictional_model.baseline, abs=1e-6)
    terms = fictional_model.logit_terms(row)[0]
    assert all(p * t >= 0 for p, t in zip(points, terms, strict=True))  # a feature pulling down loses points
