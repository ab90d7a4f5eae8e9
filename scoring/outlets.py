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

# What articles stored without an outlet are counted under, in every view.
NO_OUTLET = "(no outlet)"

_COUNTS = ("named_sources", "unnamed_sources", "hedges", "boosters", "assessments", "words")
# Per-outlet sums from which summarize_outlets works: adding two outlets' rows adds their articles.
STATS_COLUMNS = ("outlet", "articles", "errors", "score_sum", "score_sq_sum", *_COUNTS)


def outlet_summary(scored: pd.DataFrame, outlet_col: str = "outlet") -> pd.DataFrame:
    """One row per outlet, best first by shrunk score (see SUMMARY_COLUMNS).

    ``scored`` holds one row per article with ``score`` (NaN where scoring failed) and, when
    present, the count columns ``named_sources``, ``unnamed_sources``, ``hedges``, ``boosters``,
    ``assessments`` and ``words`` that ``score_frame`` writes.
    """
    return summarize_outlets(outlet_stats(scored, outlet_col))


def outlet_stats(scored: pd.DataFrame, outlet_col: str = "outlet") -> pd.DataFrame:
    """One row per outlet of sums over its articles (STATS_COLUMNS), in order of first appearance.

    ``articles`` counts the scored ones, ``errors`` those whose scoring failed; ``score_sum`` and
    ``score_sq_sum`` add up the scores and their squares. The sums of two frames' stats are the
    stats of both frames, so a file or a store can be summarized chunk by chunk.
    """
    if outlet_col not in scored.columns:
        raise KeyError(f"no outlet column {outlet_col!r}; columns found: {', '.join(map(str, scored.columns))}")
    frame = pd.DataFrame({"outlet": scored[outlet_col].replace("", None).fillna(NO_OUTLET).astype(str)})
    score = pd.to_numeric(scored["score"], errors="coerce")
    frame["articles"] = score.notna().astype(int)
    frame["errors"] = 1 - frame["articles"]
    frame["score_sum"] = score.fillna(0)
    frame["score_sq_sum"] = score.fillna(0) ** 2
    for col in _COUNTS:
        frame[col] = pd.to_numeric(scored[col], errors="coerce").fillna(0) if col in scored else 0.0
    return frame.groupby("outlet", sort=False).sum().reset_index().loc[:, list(STATS_COLUMNS)]


def combine_stats(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """``outlet_stats`` frames added into one row per outlet."""
    stats = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return stats.loc[:, list(STATS_COLUMNS)].groupby("outlet", sort=False).sum().reset_index()


def summarize_outlets(stats: pd.DataFrame) -> pd.DataFrame:
    """One row per outlet, best first by shrunk score (SUMMARY_COLUMNS), from ``outlet_stats`` rows.

    An outlet may have several rows (stats of separate chunks): they are added first.
    """
    out = combine_stats([stats]).set_index("outlet")
    out["articles"] = out["articles"].astype(int)
    out["errors"] = out["errors"].astype(int)
    n = out["articles"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["mean_score"] = np.where(n > 0, out["score_sum"] / n, np.nan)
    _shrink(out)

    attributed = out["named_sources"] + out["unnamed_sources"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["named_source_share"] = np.where(attributed > 0, out["named_sources"] / attributed, np.nan)
        out["unnamed_source_share"] = np.where(attributed > 0, out["unnamed_sources"] / attributed, np.nan)
        for col in ("hedges", "boosters", "assessments"):
            out[f"{col}_per_1000_words"] = np.where(out["words"] > 0, 1000 * out[col] / out["words"], np.nan)
    out = out.reset_index().sort_values(["shrunk_score", "articles"], ascending=False, na_position="last")
    return out.loc[:, list(SUMMARY_COLUMNS)].reset_index(drop=True)


def _shrink(out: pd.DataFrame) -> None:
    """Add shrunk_score, ci_low and ci_high to the per-outlet sums ``out`` in place."""
    n = out["articles"].to_numpy(dtype=float)
    means = out["mean_score"].to_numpy(dtype=float)
    has = n > 0
    if not has.any():
        out["shrunk_score"] = out["ci_low"] = out["ci_high"] = np.nan
        return
    total_n = n.sum()
    total_sum, total_sq = float(out["score_sum"].sum()), float(out["score_sq_sum"].sum())
    grand_mean = total_sum / total_n
    total_var = max((total_sq - total_sum**2 / total_n) / (total_n - 1), 0.0) if total_n > 1 else 0.0
    # Within-outlet variance, pooled over outlets with at least two articles: the sum of squared
    # deviations from each outlet's own mean, over the degrees of freedom.
    sums, sq_sums = out["score_sum"].to_numpy(dtype=float), out["score_sq_sum"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        squares = np.where(has, sq_sums - sums**2 / n, 0.0)
    dof = np.clip(n - 1, 0, None)
    sigma2 = float(np.clip(squares, 0, None).sum() / dof.sum()) if dof.sum() > 0 else total_var
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

    Rows without an ISO 8601 date (as the store keeps them: a day, or a time in UTC) or without
    a score are left out.
    """
    if freq not in ("W", "M"):
        raise ValueError(f"freq must be 'W' (weekly) or 'M' (monthly), got {freq!r}")
    for col in (outlet_col, date_col):
        if col not in scored.columns:
            raise KeyError(f"no column {col!r}; columns found: {', '.join(map(str, scored.columns))}")
    # ISO8601: else pandas takes the first row's format for all, and drops times after a bare day.
    dates = pd.to_datetime(scored[date_col], errors="coerce", utc=True, format="ISO8601").dt.tz_localize(None)
    frame = pd.DataFrame(
        {
            "outlet": scored[outlet_col].fillna(NO_OUTLET).astype(str),
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


def weighted_quantiles(values, counts, quantiles) -> np.ndarray:
    """The ``quantiles`` (0-1) of data in which each of ``values`` occurs ``counts`` times.

    Equal to ``np.quantile`` of the expanded data (linear interpolation), without expanding it:
    so a histogram of 100,000 scores gives their quantiles from at most 101 bins. NaN when the
    counts are all zero.
    """
    values, counts = np.asarray(values, dtype=float), np.asarray(counts, dtype=np.int64)
    order = np.argsort(values, kind="stable")
    values, ends = values[order], np.cumsum(counts[order])  # ends: position after each value's last copy
    positions = np.asarray(quantiles, dtype=float)
    if not len(ends) or ends[-1] == 0:
        return np.full(positions.shape, np.nan)
    positions = (ends[-1] - 1) * positions
    below, above = np.floor(positions), np.ceil(positions)

    def value_at(position):
        return values[np.searchsorted(ends, position, side="right")]

    return value_at(below) + (value_at(above) - value_at(below)) * (positions - below)
