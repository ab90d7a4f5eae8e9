"""Outlet views over many scored articles: shrunk rankings with intervals, sourcing profiles, trends.

An outlet's mean score is shrunk toward the overall mean with a normal-normal empirical-Bayes
model, so an outlet with three articles is not ranked above one with three hundred: its
estimate moves toward the overall mean by how little its own articles say, and its interval
is wide.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

Z_95 = 1.959964

SUMMARY_COLUMNS = (
    "outlet", "articles", "errors", "mean_score", "shrunk_score", "ci_low", "ci_high",
    "named_source_share", "unnamed_source_share",
    "hedges_per_1000_words", "boosters_per_1000_words", "assessments_per_1000_words",
)  # fmt: skip

_COUNTS = ("named_sources", "unnamed_sources", "hedges", "boosters", "assessments", "words")


def outlet_summary(scored: pd.DataFrame, outlet_col: str = "outlet") -> pd.DataFrame:
    """One row per outlet, best first by shrunk score (see SUMMARY_COLUMNS).

    ``scored`` holds one row per article with ``score`` (NaN where scoring failed) and, when
    present, the count columns ``named_sources``, ``unnamed_sources``, ``hedges``, ``boosters``,
    ``assessments`` and ``words`` that ``score_frame`` writes.
    """
    if outlet_col not in scored.columns:
        raise KeyError(f"no outlet column {outlet_col!r}; columns found: {', '.join(map(str, scored.columns))}")
    frame = pd.DataFrame({"outlet": scored[outlet_col].fillna("(no outlet)").astype(str)})
    frame["score"] = pd.to_numeric(scored["score"], errors="coerce")
    for col in _COUNTS:
        frame[col] = pd.to_numeric(scored[col], errors="coerce").fillna(0) if col in scored else 0.0
    frame["ok"] = frame["score"].notna()

    grouped = frame.groupby("outlet", sort=False)
    out = grouped.agg(
        articles=("ok", "sum"),
        rows=("ok", "size"),
        mean_score=("score", "mean"),
        score_var=("score", "var"),
        **{col: (col, "sum") for col in _COUNTS},
    )
    out["errors"] = out.pop("rows") - out["articles"]
    _shrink(out, frame.loc[frame["ok"], "score"])

    attributed = out["named_sources"] + out["unnamed_sources"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["named_source_share"] = np.where(attributed > 0, out["named_sources"] / attributed, np.nan)
        out["unnamed_source_share"] = np.where(attributed > 0, out["unnamed_sources"] / attributed, np.nan)
        for col in ("hedges", "boosters", "assessments"):
            out[f"{col}_per_1000_words"] = np.where(out["words"] > 0, 1000 * out[col] / out["words"], np.nan)
    out = out.reset_index().sort_values(["shrunk_score", "articles"], ascending=False, na_position="last")
    out["articles"] = out["articles"].astype(int)
    out["errors"] = out["errors"].astype(int)
    return out.loc[:, list(SUMMARY_COLUMNS)].reset_index(drop=True)


def _shrink(out: pd.DataFrame, scores: pd.Series) -> None:
    """Add shrunk_score, ci_low and ci_high to the per-outlet frame ``out`` in place."""
    n = out["articles"].to_numpy(dtype=float)
    means = out["mean_score"].to_numpy(dtype=float)
    has = n > 0
    if not has.any():
        out["shrunk_score"] = out["ci_low"] = out["ci_high"] = np.nan
        return
    grand_mean = float(scores.mean())
    total_var = float(scores.var()) if len(scores) > 1 else 0.0
    # Within-outlet variance, pooled over outlets with at least two articles.
    dof = np.clip(n - 1, 0, None)
    within = out["score_var"].fillna(0).to_numpy(dtype=float)
    sigma2 = float((within * dof).sum() / dof.sum()) if dof.sum() > 0 else total_var
    sigma2 = max(sigma2, 1e-6)
    # Between-outlet variance by the method of moments, floored so shrinkage never becomes total.
    if has.sum() > 1:
        tau2 = float(np.var(means[has], ddof=1) - np.mean(sigma2 / n[has]))
    else:
        tau2 = total_var
    tau2 = max(tau2, 0.01 * max(total_var, 1e-6))
    with np.errstate(divide="ignore", invalid="ignore"):
        sampling_var = sigma2 / n
        weight = tau2 / (tau2 + sampling_var)
        shrunk = grand_mean + weight * (means - grand_mean)
        half = Z_95 * np.sqrt(weight * sampling_var)
    out["shrunk_score"] = np.where(has, shrunk, np.nan)
    out["ci_low"] = np.where(has, np.clip(shrunk - half, 0, 100), np.nan)
    out["ci_high"] = np.where(has, np.clip(shrunk + half, 0, 100), np.nan)


def outlet_trend(
    scored: pd.DataFrame, outlet_col: str = "outlet", date_col: str = "published", freq: str = "M"
) -> pd.DataFrame:
    """Articles and mean score per outlet per week (``freq="W"``) or month (``"M"``).

    Rows without a parseable date or a score are left out.
    """
    if freq not in ("W", "M"):
        raise ValueError(f"freq must be 'W' (weekly) or 'M' (monthly), got {freq!r}")
    for col in (outlet_col, date_col):
        if col not in scored.columns:
            raise KeyError(f"no column {col!r}; columns found: {', '.join(map(str, scored.columns))}")
    dates = pd.to_datetime(scored[date_col], errors="coerce", utc=True).dt.tz_localize(None)
    frame = pd.DataFrame(
        {
            "outlet": scored[outlet_col].fillna("(no outlet)").astype(str),
            "period": dates.dt.to_period(freq).dt.start_time,
            "score": pd.to_numeric(scored["score"], errors="coerce"),
        }
    ).dropna(subset=["period", "score"])
    trend = (
        frame.groupby(["outlet", "period"], sort=True)
        .agg(articles=("score", "size"), mean_score=("score", "mean"))
        .reset_index()
    )
    return trend
