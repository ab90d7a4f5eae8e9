"""The 0-100 sourcing score: the calibrated model, its bands, explanations, training and files.

The model is ``SignalFeatures -> RegressionInputs -> StandardScaler -> EditorialRegression``
(RegressionInputs takes log(1 + rate) of each rate and zeroes left-out features;
EditorialRegression is a logistic regression whose weights stay inside editorial bounds and
whose standardised inputs are clipped at 3 standard deviations). A sigmoid
calibrator turns the regression's logit into the probability that the article comes from a
reliable outlet, and ``score = 100 * probability``. The calibrator is fitted on held-out
outlets: on the logits that regressions fitted without each fold's outlets gave those outlets'
articles (``CalibratedClassifierCV(..., cv=<outlet folds>, ensemble=False)``), while the
shipped regression is fitted on every outlet. Freezing a regression fitted on three quarters
of the outlets and calibrating it on the last quarter (``FrozenEstimator``) was measured too
and lost on every figure (docs/model.md): with ~30 outlets, each one held back costs more
than the calibration gains.

Contributions in points are exact for the linear model. Each feature adds
``term_i = coef_i * (input_i - mean_i) / scale_i`` to the logit
(with the standardised input clipped to [-3, 3]), on top of the intercept,
which is the logit of an article whose inputs all sit at the training mean; the baseline is
that article's score. Calibration bends the logit, so the score change ``score - baseline``
is shared out in proportion to each feature's logit term:
``points_i = term_i * (score - baseline) / sum(terms)`` (at a logit within 1e-9 of the
baseline, the calibrator's slope there is used instead). The points always add up to
``score - baseline``, and a feature pulling the logit down always gets negative points.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import os
import platform
import warnings
import zipfile
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import brier_score_loss, f1_score, roc_auc_score
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.class_weight import compute_class_weight
from sklearn.utils.validation import check_is_fitted, validate_data

from scoring.analysis import Analysis, analyze
from scoring.features import (
    FEATURE_NAMES,
    FEATURE_SET_VERSION,
    FEATURES,
    MORE_IS_BETTER,
    NO_PRIOR,
    SignalFeatures,
    feature_frame,
    feature_vector,
)

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
DEFAULT_MODEL_PATH = MODELS_DIR / "default.skops"
MODEL_ENV_VAR = "RELIABILITY_MODEL"
MAX_TEXT_CHARS = 2_000_000
SHORT_TEXT_WORDS = 100
MIN_ARTICLES_FOR_OUTLET_RANK = 3  # outlets with fewer articles are left out of the Spearman


@dataclass(frozen=True)
class Band:
    name: str
    low: float
    high: float
    meaning: str


BANDS: tuple[Band, ...] = (
    Band("Well sourced", 70, 100, "Claims rest mostly on named, checkable sources and specifics; "
         "sourcing looks like that of reliable outlets."),
    Band("Adequately sourced", 50, 70, "Sourcing is mostly sound with some gaps (a few unnamed sources, "
         "hedged or unattributed claims); worth a normal edit."),
    Band("Thinly sourced", 30, 50, "Many claims are unattributed, anonymous or hedged; an editor should "
         "ask for named sources or documents before relying on it."),
    Band("Poorly sourced", 0, 30, "Sourcing resembles that of unreliable outlets: few named sources, "
         "much opinion or loaded language; verify everything independently."),
)


def band_for(score: float) -> str:
    """The name of the band a 0-100 score falls in (lower bound inclusive); "" for NaN."""
    if score is None or not math.isfinite(score):
        return ""
    for band in BANDS:
        if score >= band.low:
            return band.name
    return BANDS[-1].name


class ModelFileError(ValueError):
    """A model file that cannot or must not be loaded."""


class LabelError(ValueError):
    """Training or evaluation data whose labels cannot be used as given."""


@dataclass(frozen=True)
class ArticleScore:
    score: float
    band: str
    probability: float
    contributions: dict[str, float]  # feature name -> points, largest |points| first
    baseline: float  # score of an article at the training mean; contributions add up to score - baseline
    analysis: Analysis
    model_id: str
    warnings: tuple[str, ...] = field(default=())


# Every type a model file written by save_model may name; a file naming any other type is
# refused before skops reads it (see _types_in: this checks all types, not just the ones skops distrusts).
TRUSTED_TYPES: tuple[str, ...] = (
    "scoring.features.SignalFeatures",
    "scoring.model.RegressionInputs",
    "sklearn.calibration.CalibratedClassifierCV",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "scoring.model.EditorialRegression",
    "sklearn.pipeline.Pipeline",
    "sklearn.preprocessing._data.StandardScaler",
    "numpy.ndarray",
    "numpy.float64",
    "numpy.int64",
    "builtins.dict",
    "builtins.list",
    "builtins.tuple",
    "builtins.str",  # skops stores JSON scalars (numbers, booleans, None) as str nodes
)


class RegressionInputs(TransformerMixin, BaseEstimator):
    """Features as the regression sees them: each rate per 1,000 words as log(1 + rate), so the
    tenth hedge counts for less than the first, and every feature in ``left_out`` as 0, so it
    gets no weight and contributes no points (for features the training data cannot speak for)."""

    def __init__(self, left_out: tuple[str, ...] = ()):
        self.left_out = left_out

    def fit(self, X, y=None):
        unknown = sorted(set(self.left_out) - set(FEATURE_NAMES))
        if unknown:
            raise ValueError(f"cannot leave out unknown features: {', '.join(unknown)}")
        return self

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        values = X.loc[:, list(FEATURE_NAMES)].to_numpy(dtype=float)
        values = np.where(_IS_RATE, np.log1p(np.maximum(values, 0.0)), values)
        values[:, [FEATURE_NAMES.index(name) for name in self.left_out]] = 0.0
        return pd.DataFrame(values, columns=list(FEATURE_NAMES), index=X.index)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return np.asarray(FEATURE_NAMES, dtype=object)


_IS_RATE = np.array([name.endswith("_per_1000_words") for name in FEATURE_NAMES])


class EditorialRegression(ClassifierMixin, BaseEstimator):
    """Logistic regression (L2, balanced classes) whose weights stay inside editorial bounds.

    The inputs are standardised, so ``lower`` and ``upper`` (one per feature, None for no bound)
    are in logit per standard deviation: a feature standards say should lower the score has
    upper 0, one that should raise it lower 0, a floor keeps a feature counting at least that
    much whatever the training outlets did, and a left-out feature has both bounds 0. Inputs
    are clipped to ``[-clip, clip]``, so a rare value of one feature (a short text's one "declined
    to comment") cannot decide a score alone. Fitted by L-BFGS-B on the objective of
    scikit-learn's LogisticRegression: ``sum(weight * log loss) + |coef|^2 / (2 C)``.
    """

    def __init__(self, C: float = 0.5, lower=None, upper=None, clip: float = 3.0, max_iter: int = 2000):
        self.C = C
        self.lower = lower
        self.upper = upper
        self.clip = clip
        self.max_iter = max_iter

    def fit(self, X, y, sample_weight=None):
        X, y = validate_data(self, X, y, dtype=float)
        self.classes_, y = np.unique(y, return_inverse=True)
        if len(self.classes_) != 2:
            raise ValueError(f"EditorialRegression needs two classes; found {len(self.classes_)}")
        n, k = X.shape
        sample_weight = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        if sample_weight.shape != (n,):
            raise ValueError(f"EditorialRegression got {sample_weight.size} sample weights for {n} samples")
        # "balanced" as scikit-learn weighs it, sample weights included
        weight = sample_weight * compute_class_weight("balanced", classes=np.arange(2), y=y,
                                                      sample_weight=sample_weight)[y]
        bounds = self._bounds(k)
        X = np.clip(X, -self.clip, self.clip)

        def objective(theta):
            coef, intercept = theta[:k], theta[k]
            z = X @ coef + intercept
            loss = np.sum(weight * (np.logaddexp(0.0, z) - y * z)) + coef @ coef / (2.0 * self.C)
            gradient = weight * (expit(z) - y)
            return loss, np.append(X.T @ gradient + coef / self.C, gradient.sum())

        start = [min(max(0.0, -np.inf if lo is None else lo), np.inf if hi is None else hi) for lo, hi in bounds]
        result = minimize(objective, np.array([*start, 0.0]), jac=True, method="L-BFGS-B",
                          bounds=[*bounds, (None, None)], options={"maxiter": self.max_iter})
        if not result.success:
            warnings.warn(f"EditorialRegression did not converge: {result.message}", ConvergenceWarning, stacklevel=2)
        self.coef_ = result.x[:k].reshape(1, -1)
        self.intercept_ = result.x[k:]
        self.n_iter_ = np.array([result.nit])
        return self

    def _bounds(self, k: int) -> list[tuple]:
        lower = [None] * k if self.lower is None else list(self.lower)
        upper = [None] * k if self.upper is None else list(self.upper)
        if len(lower) != k or len(upper) != k:
            raise ValueError(f"EditorialRegression has {len(lower)} lower and {len(upper)} upper bounds for {k} features")
        for j, (lo, hi) in enumerate(zip(lower, upper, strict=True)):
            if lo is not None and hi is not None and lo > hi:
                raise ValueError(f"EditorialRegression: feature {j} has lower bound {lo} above upper bound {hi}")
        return list(zip(lower, upper, strict=True))

    def decision_function(self, X) -> np.ndarray:
        check_is_fitted(self)
        X = validate_data(self, X, dtype=float, reset=False)
        return np.clip(X, -self.clip, self.clip) @ self.coef_[0] + self.intercept_[0]

    def predict(self, X) -> np.ndarray:
        return self.classes_[(self.decision_function(X) > 0).astype(int)]

    def predict_proba(self, X) -> np.ndarray:
        p = expit(self.decision_function(X))
        return np.column_stack([1.0 - p, p])


class ReliabilityModel:
    """A fitted pipeline with its calibrator and model card."""

    def __init__(self, pipeline: Pipeline, calibrated: CalibratedClassifierCV, card: dict):
        self.pipeline = pipeline  # SignalFeatures -> RegressionInputs -> StandardScaler -> EditorialRegression
        self.calibrated = calibrated  # sigmoid over the logit of pipeline[1:], fitted on held-out outlets
        self.card = card
        self.model_id: str = card["model_id"]
        scaler, regression = pipeline.named_steps["scale"], pipeline.named_steps["classify"]
        self._mean = np.asarray(scaler.mean_, dtype=float)
        self._scale = np.asarray(scaler.scale_, dtype=float)
        self._coef = np.asarray(regression.coef_[0], dtype=float)
        self._intercept = float(regression.intercept_[0])
        self._clip = float(regression.clip)
        self.baseline: float = 100.0 * float(self._probability_of_logit(np.array([self._intercept]))[0])

    def logit_terms(self, X: pd.DataFrame) -> np.ndarray:
        """Each feature's addition to the logit, rows x FEATURE_NAMES."""
        values = self.pipeline.named_steps["inputs"].transform(X).to_numpy()
        return self._coef * np.clip((values - self._mean) / self._scale, -self._clip, self._clip)

    def logit(self, X: pd.DataFrame) -> np.ndarray:
        return self._intercept + self.logit_terms(X).sum(axis=1)

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        """Calibrated probability that each article (a row of features) is from a reliable outlet."""
        return self._probability_of_logit(self.logit(X))

    def score(self, X: pd.DataFrame) -> np.ndarray:
        return 100.0 * self.predict_proba(X)

    def contributions(self, X: pd.DataFrame) -> pd.DataFrame:
        """Points per feature (rows x FEATURE_NAMES); each row adds up to score - baseline."""
        terms = self.logit_terms(X)
        delta = terms.sum(axis=1)
        score_delta = 100.0 * self._probability_of_logit(self._intercept + delta) - self.baseline
        step = 1e-4
        slope_at_baseline = 100.0 * float(
            np.diff(self._probability_of_logit(self._intercept + np.array([-step, step])))[0]
        ) / (2 * step)
        tiny = np.abs(delta) < 1e-9
        slope = np.where(tiny, slope_at_baseline, score_delta / np.where(tiny, 1.0, delta))
        return pd.DataFrame(terms * slope[:, None], columns=list(FEATURE_NAMES), index=X.index)

    def _probability_of_logit(self, logits: np.ndarray) -> np.ndarray:
        # The calibrator maps the regression's decision value to P(reliable); going through it
        # directly keeps predictions and contributions on the very same function.
        calibrators = [c.calibrators[0] for c in self.calibrated.calibrated_classifiers_]
        return np.mean([c.predict(np.asarray(logits, dtype=float)) for c in calibrators], axis=0)


# --- loading and saving ---------------------------------------------------------------------


def _model_path(path: str | Path) -> Path:
    path = Path(path)
    return path if path.suffix == ".skops" else path.with_name(path.name + ".skops")


def load_model(path: str | Path | None = None) -> ReliabilityModel:
    """Load a model file written by ``save_model``; None loads the default (env RELIABILITY_MODEL
    or models/default.skops), cached. Refuses files with untrusted types or another feature set."""
    if path is None:
        return _load_cached(str(_model_path(os.environ.get(MODEL_ENV_VAR) or DEFAULT_MODEL_PATH)))
    return _load(_model_path(path))


@cache
def _load_cached(path: str) -> ReliabilityModel:
    return _load(Path(path))


def _load(path: Path) -> ReliabilityModel:
    if not path.is_file():
        raise ModelFileError(f"no model file at {path}")
    refused = sorted(_types_in(path) - set(TRUSTED_TYPES))
    if refused:
        raise ModelFileError(
            f"{path} contains types this loader does not trust, so it was not loaded: {', '.join(refused)}"
        )
    import skops.io as sio  # here, not at the top: importing it walks all of scikit-learn (~2 s)

    try:
        content = sio.load(path, trusted=list(TRUSTED_TYPES))
    except Exception as exc:  # a damaged archive; skops raises many kinds
        raise ModelFileError(f"{path} could not be read as a model file ({exc})") from exc
    if not isinstance(content, dict) or not {"pipeline", "calibrated", "card"} <= set(content):
        raise ModelFileError(f"{path} is a skops file but not a source-reliability model")
    version = content.get("feature_set_version")
    if version != FEATURE_SET_VERSION:
        relation = "newer than" if isinstance(version, int) and version > FEATURE_SET_VERSION else "different from"
        raise ModelFileError(
            f"{path} was trained on feature set version {version}, {relation} this code's version "
            f"{FEATURE_SET_VERSION}; retrain it with `reliability train` or use a matching release"
        )
    if tuple(content.get("feature_names", ())) != FEATURE_NAMES:
        raise ModelFileError(f"{path} was trained on other features than this code computes; retrain it")
    return ReliabilityModel(content["pipeline"], content["calibrated"], content["card"])


def _types_in(path: Path) -> set[str]:
    """Every type named anywhere in a skops file's schema (not only those skops itself distrusts)."""
    try:
        with zipfile.ZipFile(path) as archive:
            schema = json.loads(archive.read("schema.json"))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ModelFileError(f"{path} is not a skops model file ({exc})") from exc
    found: set[str] = set()
    pending = [schema]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            if "__class__" in node:
                found.add(f"{node.get('__module__')}.{node['__class__']}")
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return found


def save_model(model: ReliabilityModel, path: str | Path) -> Path:
    """Write ``NAME.skops``, ``NAME.card.json`` and ``NAME.card.md``; returns the .skops path."""
    import skops.io as sio

    skops_path = _model_path(path)
    skops_path.parent.mkdir(parents=True, exist_ok=True)
    sio.dump(
        {
            "feature_set_version": FEATURE_SET_VERSION,
            "feature_names": list(FEATURE_NAMES),
            "pipeline": model.pipeline,
            "calibrated": model.calibrated,
            "card": model.card,
        },
        skops_path,
    )
    stem = skops_path.with_suffix("")
    stem.with_name(stem.name + ".card.json").write_text(
        json.dumps(model.card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    stem.with_name(stem.name + ".card.md").write_text(card_markdown(model.card), encoding="utf-8")
    return skops_path


# --- scoring ----------------------------------------------------------------------------------


def text_problem(text) -> str:
    """Why a text cannot be scored, or "" when it can."""
    if not isinstance(text, str) or not text.strip():
        return "no text"
    if len(text) > MAX_TEXT_CHARS:
        return f"text too long ({len(text)} characters; limit {MAX_TEXT_CHARS})"
    return ""


def text_warnings(analysis: Analysis) -> tuple[str, ...]:
    if analysis.words < SHORT_TEXT_WORDS:
        return (f"short text ({analysis.words} words): the score is uncertain",)
    return ()


def score(text: str, title: str | None = None, model: ReliabilityModel | None = None) -> ArticleScore:
    """Score one article. Text that cannot be scored gives a NaN score and says why in ``warnings``."""
    model = model or load_model()
    problem = text_problem(text)
    if problem:
        return ArticleScore(
            score=math.nan, band="", probability=math.nan, contributions={},
            baseline=model.baseline, analysis=analyze(""), model_id=model.model_id,
            warnings=(problem,),
        )
    analysis = analyze(text, title if isinstance(title, str) else None)
    features = pd.DataFrame([feature_vector(analysis)], columns=list(FEATURE_NAMES))
    probability = float(model.predict_proba(features)[0])
    points = model.contributions(features).iloc[0]
    contributions = {
        name: float(points[name]) for name in sorted(FEATURE_NAMES, key=lambda n: -abs(points[n]))
    }
    return ArticleScore(
        score=100.0 * probability, band=band_for(100.0 * probability), probability=probability,
        contributions=contributions, baseline=model.baseline, analysis=analysis,
        model_id=model.model_id, warnings=text_warnings(analysis),
    )


COUNT_COLUMNS = ("named_sources", "unnamed_sources", "quotes", "hedges", "boosters", "assessments", "words")
SCORE_COLUMNS: tuple[str, ...] = (
    "score", "band", "probability", *FEATURE_NAMES, *COUNT_COLUMNS, "model_id", "warnings", "error",
)


def score_frame(
    df: pd.DataFrame, text_col: str = "text", title_col: str = "title", model: ReliabilityModel | None = None
) -> pd.DataFrame:
    """A new frame: df's columns (any named like a score column are replaced), then SCORE_COLUMNS.

    Never raises for a bad row: its ``error`` says what is wrong and its score is NaN.
    Raises KeyError when ``text_col`` is missing.
    """
    measured = measure_frame(df, text_col, title_col)
    scores = score_measured(measured, model or load_model())
    out = df.drop(columns=[c for c in SCORE_COLUMNS if c in df.columns])
    return pd.concat([out, scores], axis=1)


def measure_frame(df: pd.DataFrame, text_col: str = "text", title_col: str = "title") -> pd.DataFrame:
    """What scoring reads from each text, before any model: the features, COUNT_COLUMNS,
    ``warnings`` and ``error``, one row per row of df (same index). This is nearly all of the
    work of scoring, so batch workers do it and need no model. Raises KeyError when
    ``text_col`` is missing."""
    if text_col not in df.columns:
        raise KeyError(f"no text column {text_col!r}; columns found: {', '.join(map(str, df.columns)) or 'none'}")
    n = len(df)
    titles = df[title_col] if title_col in df.columns else pd.Series([None] * n, index=df.index)
    errors = [text_problem(text) for text in df[text_col]]
    analyses: list[Analysis] = []
    for text, title, error in zip(df[text_col], titles, errors, strict=True):
        if not error:
            analyses.append(analyze(text, title if isinstance(title, str) else None))
    ok = np.array([not e for e in errors], dtype=bool)

    features = pd.DataFrame(np.nan, index=range(n), columns=list(FEATURE_NAMES))
    if analyses:
        features.loc[ok, :] = feature_frame(analyses).to_numpy()
    counts = {c: np.zeros(n, dtype=np.int64) for c in COUNT_COLUMNS}
    warnings = [""] * n
    for row, analysis in zip(np.flatnonzero(ok), analyses, strict=True):
        analysis_counts = analysis.counts
        for c in COUNT_COLUMNS:
            counts[c][row] = analysis_counts[c]
        warnings[row] = "; ".join(text_warnings(analysis))
    measured = {name: features[name].to_numpy() for name in FEATURE_NAMES}
    return pd.DataFrame({**measured, **counts, "warnings": warnings, "error": errors}, index=df.index)


def score_measured(measured: pd.DataFrame, model: ReliabilityModel) -> pd.DataFrame:
    """SCORE_COLUMNS for the rows ``measure_frame`` gave: one predict_proba call for them all."""
    ok = (measured["error"] == "").to_numpy()
    probability = np.full(len(measured), np.nan)
    if ok.any():
        probability[ok] = model.predict_proba(measured.loc[ok, list(FEATURE_NAMES)])
    score_values = 100.0 * probability
    added = {
        "score": score_values,
        "band": [band_for(s) for s in score_values],
        "probability": probability,
        **{c: measured[c].to_numpy() for c in (*FEATURE_NAMES, *COUNT_COLUMNS, "warnings")},
        "model_id": [model.model_id] * len(measured),
        "error": measured["error"].to_numpy(),
    }
    return pd.DataFrame(added, index=measured.index).loc[:, list(SCORE_COLUMNS)]


# --- labels -----------------------------------------------------------------------------------

RELIABLE_WORDS = {"reliable": 1, "mixed": None, "unreliable": 0, "true": 1, "false": 0, "yes": 1, "no": 0}


def normalise_domain(value) -> str:
    """``https://WWW.Example.com/x`` -> ``example.com``; "" for missing values."""
    if not isinstance(value, str) or not value.strip():
        return ""
    value = value.strip().lower()
    host = urlsplit(value if "//" in value else "//" + value).hostname or ""
    return host.removeprefix("www.")


def labels_from_values(values: pd.Series, threshold: float | None, what: str) -> pd.Series:
    """1 reliable / 0 not / NaN unknown or mixed, from binary, -1/0/1, words or a numeric rating.

    Numbers need ``threshold`` (>= threshold is reliable) unless they are only 0/1 or -1/0/1
    (Burdisso et al.: 1 reliable, 0 mixed, -1 unreliable). Words: reliable / mixed / unreliable
    (also true/false, yes/no). Mixed and unknown values become NaN.
    """
    numeric = pd.to_numeric(values, errors="coerce")
    present = values.notna() & (values.astype(str).str.strip() != "")
    if present.any() and numeric[present].notna().all():
        if threshold is not None:
            return (numeric >= threshold).astype(float).where(numeric.notna())
        found = set(numeric.dropna().unique())
        if found <= {0, 1}:
            return numeric.astype(float)
        if found <= {-1, 0, 1}:
            return numeric.map({1: 1.0, 0: np.nan, -1: 0.0})
        raise LabelError(
            f"{what} is numeric ({numeric.min():g} to {numeric.max():g}); give --threshold "
            f"(ratings at or above it count as reliable)"
        )
    words = values.astype(str).str.strip().str.lower()
    unknown = sorted(set(words[present]) - set(RELIABLE_WORDS))
    if unknown:
        raise LabelError(
            f"{what} has values that are not labels: {', '.join(unknown[:5])}; expected 0/1, -1/0/1, "
            f"reliable/mixed/unreliable, or numbers with --threshold"
        )
    return words.map(RELIABLE_WORDS).where(present).astype(float)


def outlet_ratings(path: str | Path, domain_column: str, rating_column: str) -> pd.Series:
    """A ratings CSV as a Series: normalised domain -> rating (first row per domain wins;
    rows rating a section of a site, with a path after the domain, are left out)."""
    ratings = pd.read_csv(path)
    for column in (domain_column, rating_column):
        if column not in ratings.columns:
            raise LabelError(
                f"{path} has no column {column!r}; columns found: {', '.join(map(str, ratings.columns))}"
            )
    raw = ratings[domain_column].astype(str).str.strip().str.lower().str.replace(r"^[a-z]+://", "", regex=True)
    # A rating for a section ("example.com/opinion") is not the outlet's rating.
    domains = ratings[domain_column].map(normalise_domain).where(~raw.str.rstrip("/").str.contains("/"), "")
    series = pd.Series(ratings[rating_column].to_numpy(), index=domains)
    return series[series.index != ""].loc[lambda s: ~s.index.duplicated()]


# --- training and evaluation ------------------------------------------------------------------


def editorial_bounds(
    left_out: tuple[str, ...] = (), follow_directions: bool = True, floors: bool = True
) -> tuple[tuple, tuple]:
    """(lower, upper) bounds of each feature's weight, in FEATURE_NAMES order: 0 on the side its
    editorial direction rules out, its floor (``Feature.floor``, unless ``floors`` is off) on the
    other, both 0 when left out. Without ``follow_directions`` only left-out features are bounded."""
    lower, upper = [], []
    for f in FEATURES:
        if f.floor < 0 or (f.floor and f.direction == NO_PRIOR):
            raise ValueError(f"feature {f.name}: a floor must be >= 0 and needs a direction")
        floor = f.floor if floors else 0.0
        if f.name in left_out:
            lo = hi = 0.0
        elif not follow_directions or f.direction == NO_PRIOR:
            lo = hi = None
        elif f.direction == MORE_IS_BETTER:
            lo, hi = floor, None
        else:
            lo, hi = None, -floor or 0.0
        lower.append(lo)
        upper.append(hi)
    return tuple(lower), tuple(upper)


def new_pipeline(left_out: tuple[str, ...] = (), follow_directions: bool = True, floors: bool = True) -> Pipeline:
    lower, upper = editorial_bounds(tuple(left_out), follow_directions, floors)
    return Pipeline(
        [
            ("features", SignalFeatures()),
            ("inputs", RegressionInputs(left_out=tuple(left_out))),
            ("scale", StandardScaler()),
            ("classify", EditorialRegression(C=0.5, lower=lower, upper=upper)),
        ]
    )


def _calibration_folds(y: np.ndarray, groups: np.ndarray, seed: int) -> tuple[list, str]:
    """Folds whose held-out parts the calibrator learns from: whole outlets held out, each
    training part holding both classes; an article split when the outlets cannot give that."""
    n_groups = len(np.unique(groups))
    if n_groups >= 3:
        splitter = StratifiedGroupKFold(n_splits=min(5, n_groups), shuffle=True, random_state=seed)
        folds = list(splitter.split(np.zeros(len(y)), y, groups))
        if all(len(np.unique(y[train])) == 2 for train, _ in folds):
            return folds, "held-out outlets"
    smallest_class = int(np.bincount(y).min())
    if smallest_class < 2:
        raise LabelError("calibration needs at least 2 articles of each class")
    splitter = StratifiedKFold(n_splits=min(5, smallest_class), shuffle=True, random_state=seed)
    return list(splitter.split(np.zeros(len(y)), y)), "held-out articles (too few outlets to hold some out)"


def fit_model(
    features: pd.DataFrame,
    y,
    groups,
    seed: int = 0,
    card: dict | None = None,
    left_out: tuple[str, ...] = (),
    follow_directions: bool = True,
    floors: bool = True,
) -> ReliabilityModel:
    """Fit the regression on every article, and the sigmoid calibrator on the logits that
    regressions fitted without each fold's outlets gave those outlets' articles.

    With ``follow_directions``, each weight is bounded by its editorial direction
    (``Feature.direction``) and floor (``Feature.floor``; see ``editorial_bounds``): the score
    never rewards what sourcing standards discourage just because, in the training outlets, it
    went with reliability. A feature the data pull against its direction ends at weight 0; the
    card lists those.
    """
    y = np.asarray(y, dtype=int)
    groups = np.asarray(groups)
    folds, how = _calibration_folds(y, groups, seed)
    calibrated = CalibratedClassifierCV(
        new_pipeline(left_out, follow_directions, floors)[1:], method="sigmoid", cv=folds, ensemble=False
    )
    calibrated.fit(features, y)
    fitted = calibrated.calibrated_classifiers_[0].estimator
    varies = fitted.named_steps["scale"].var_ > 0  # a constant feature (no headlines) has nothing to say
    regression = fitted.named_steps["classify"]
    held_at_zero, held_at_floor = [], []
    for f, c, v, lo, hi in zip(FEATURES, regression.coef_[0], varies, regression.lower, regression.upper, strict=True):
        if f.name in left_out or not v or f.direction == NO_PRIOR or not follow_directions:
            continue
        bound = lo if f.direction == MORE_IS_BETTER else hi
        if c == bound:
            (held_at_floor if bound else held_at_zero).append(f.name)
    pipeline = Pipeline([("features", SignalFeatures()), *fitted.steps])
    card = {
        "model_id": "unsaved",
        **(card or {}),
        "left_out_features": list(left_out),
        "held_at_zero_against_direction": held_at_zero,
        "held_at_floor": held_at_floor,
        "floors": {f.name: f.floor for f in FEATURES if f.floor and floors and follow_directions},
        "inputs_clipped_at_sd": regression.clip,
        "calibration": {
            "method": "sigmoid (Platt) on the regression's logit, fitted on out-of-fold logits",
            "held_out": how,
            "folds": len(folds),
        },
    }
    model = ReliabilityModel(pipeline, calibrated, card)
    model.card["baseline_score"] = round(model.baseline, 3)
    model.card["features"] = [
        {
            "name": f.name,
            "meaning": f.meaning,
            "direction": f.direction,
            "coefficient": round(float(coef), 6),
            "training_mean": round(float(mean), 6),
            "training_scale": round(float(scale), 6),
        }
        for f, coef, mean, scale in zip(FEATURES, model._coef, model._mean, model._scale, strict=True)
    ]
    return model


def cross_validated_probabilities(
    features: pd.DataFrame,
    y,
    groups,
    n_splits: int = 5,
    seed: int = 0,
    left_out: tuple[str, ...] = (),
    follow_directions: bool = True,
    floors: bool = True,
) -> np.ndarray:
    """Out-of-fold calibrated probabilities, folds grouped by outlet (each outlet scored unseen)."""
    y = np.asarray(y, dtype=int)
    groups = np.asarray(groups)
    n_groups = len(np.unique(groups))
    if n_groups < 2:
        raise LabelError(f"grouped cross-validation needs at least 2 outlets; found {n_groups}")
    splitter = StratifiedGroupKFold(n_splits=min(n_splits, n_groups), shuffle=True, random_state=seed)
    out = np.full(len(y), np.nan)
    for train_rows, test_rows in splitter.split(np.zeros(len(y)), y, groups):
        if len(np.unique(y[train_rows])) < 2:
            continue  # this fold's training outlets are all one class: leave its rows unscored
        model = fit_model(
            features.iloc[train_rows], y[train_rows], groups[train_rows], seed=seed,
            left_out=left_out, follow_directions=follow_directions, floors=floors,
        )
        out[test_rows] = model.predict_proba(features.iloc[test_rows])
    return out


def calibration_table(y, probability, bins: int = 10) -> pd.DataFrame:
    """Deciles of predicted probability: mean predicted vs observed share reliable, and n."""
    frame = pd.DataFrame({"y": np.asarray(y, dtype=float), "p": np.asarray(probability, dtype=float)})
    frame["bin"] = pd.qcut(frame["p"].rank(method="first"), q=min(bins, len(frame)), labels=False)
    table = frame.groupby("bin").agg(predicted=("p", "mean"), observed=("y", "mean"), n=("y", "size"))
    return table.reset_index(drop=True)


def evaluation_metrics(y, probability, outlets=None, ratings: pd.Series | None = None) -> dict:
    """ROC-AUC, macro-F1 (at probability 0.5), Brier score, calibration table, and with outlet
    ratings the Spearman correlation between each outlet's mean score and its rating."""
    from scipy.stats import spearmanr

    y = np.asarray(y, dtype=int)
    probability = np.asarray(probability, dtype=float)
    scored = ~np.isnan(probability)
    y_s, p_s = y[scored], probability[scored]
    metrics: dict = {"articles": int(scored.sum()), "unscored_articles": int((~scored).sum())}
    metrics["roc_auc"] = float(roc_auc_score(y_s, p_s)) if len(np.unique(y_s)) == 2 else None
    metrics["macro_f1"] = float(f1_score(y_s, (p_s >= 0.5).astype(int), average="macro"))
    metrics["brier"] = float(brier_score_loss(y_s, p_s))
    metrics["calibration"] = calibration_table(y_s, p_s).round(4).to_dict(orient="records")
    if outlets is not None and ratings is not None:
        numeric = pd.to_numeric(ratings, errors="coerce")
        per_outlet = pd.DataFrame({"outlet": np.asarray(outlets)[scored], "score": 100 * p_s})
        per_outlet = per_outlet.groupby("outlet")["score"].agg(["mean", "size"])
        per_outlet = per_outlet[per_outlet["size"] >= MIN_ARTICLES_FOR_OUTLET_RANK]
        per_outlet["rating"] = numeric.reindex(per_outlet.index).to_numpy()
        per_outlet = per_outlet.dropna()
        if len(per_outlet) >= 3:
            rho = spearmanr(per_outlet["mean"], per_outlet["rating"]).statistic
            metrics["outlet_spearman"] = float(rho)
            metrics["outlets_ranked"] = len(per_outlet)
    return metrics


def file_fingerprint(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def library_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for package in ("source-reliability", "scikit-learn", "skops", "numpy", "pandas", "scipy"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return versions


def new_model_id(name: str, model: ReliabilityModel, created: dt.datetime) -> str:
    digest = hashlib.sha256(
        np.concatenate([model._coef, model._mean, model._scale, [model._intercept, model._clip]]).tobytes()
    ).hexdigest()[:8]
    return f"{name}-{created:%Y%m%d}-{digest}"


def card_markdown(card: dict) -> str:
    """The model card as Markdown for people."""
    cv = card.get("cross_validation", {})
    training = card.get("training", {})
    lines = [
        f"# Model card: {card['model_id']}",
        "",
        f"Created {card.get('created', '?')}; feature set version {card.get('feature_set_version', '?')}.",
        "",
        "Score = 100 x calibrated probability that the article comes from a reliable outlet, "
        "judged only from how it is sourced.",
        "",
        "## Training",
        "",
        f"Command: `{training.get('command', '?')}`",
        "",
        f"Rows used: {training.get('rows', '?')}; labels: {training.get('label_counts', '?')}; "
        f"outlets: {training.get('outlets', '?')}; {training.get('labels_from', '')}",
        "",
        "| input file | sha256 | rows |",
        "|---|---|---|",
    ]
    for f in training.get("files", []):
        lines.append(f"| {f['path']} | `{f['sha256']}` | {f.get('rows', '')} |")
    lines += ["", "## Cross-validated figures (outlets never seen in training)", ""]
    for key in ("folds", "grouping", "roc_auc", "macro_f1", "brier", "outlet_spearman", "outlets_ranked"):
        if key in cv and cv[key] is not None:
            value = cv[key]
            lines.append(f"- {key}: {value:.3f}" if isinstance(value, float) else f"- {key}: {value}")
    if cv.get("calibration"):
        lines += ["", "Calibration by decile of predicted probability:", "",
                  "| predicted | observed | articles |", "|---|---|---|"]
        lines += [f"| {r['predicted']:.3f} | {r['observed']:.3f} | {int(r['n'])} |" for r in cv["calibration"]]
    lines += [
        "",
        "## Features",
        "",
        f"Baseline (score of an article at the training mean): {card.get('baseline_score', '?')}",
        "",
        f"Left out by the trainer: {', '.join(card.get('left_out_features', [])) or 'none'}; "
        f"held at weight 0 because the data pointed against sourcing standards: "
        f"{', '.join(card.get('held_at_zero_against_direction', [])) or 'none'}; "
        f"held at the floor sourcing standards set: "
        f"{', '.join(f'{k} ({v})' for k, v in card.get('floors', {}).items() if k in card.get('held_at_floor', [])) or 'none'}. "
        f"Standardised inputs are clipped at {card.get('inputs_clipped_at_sd', '?')} standard deviations.",
        "",
        "| feature | meaning | standards say | coefficient (logit per SD) |",
        "|---|---|---|---|",
    ]
    says = {1: "more is better", 0: "no prior", -1: "more is worse"}
    for f in card.get("features", []):
        lines.append(
            f"| {f['name']} | {f['meaning']} | {says.get(f.get('direction'), '')} | {f['coefficient']:+.3f} |"
        )
    lines += ["", "## Versions", ""]
    lines += [f"- {k}: {v}" for k, v in card.get("versions", {}).items()]
    return "\n".join(lines) + "\n"


__all__ = [
    "BANDS", "COUNT_COLUMNS", "MAX_TEXT_CHARS", "SCORE_COLUMNS", "ArticleScore", "Band", "ModelFileError",
    "ReliabilityModel", "band_for", "load_model", "save_model", "score", "score_frame",
]
