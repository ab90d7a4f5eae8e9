"""The editorial review loop: reviewers' verdicts on scores, what to discuss next, and labels.

Reviews are append-only: a changed mind is a new review, and the history is kept. Each review
records the score the reviewer saw (the article's latest score at that moment).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from scoring.outlets import NO_OUTLET, summarize_outlets
from scoring.store import latest_scores, now_utc, opened, outlet_stats, storable, transaction

VERDICTS = ("agree", "score too high", "score too low", "needs follow-up")
MAX_NOTES_CHARS = 10_000
MAX_REVIEWER_CHARS = 200

REVIEW_COLUMNS = (
    "review_id", "article_id", "reviewer", "verdict", "corrected_score", "corrected_band", "notes",
    "created_at", "reviewed_score", "reviewed_band", "reviewed_model_id", "outlet", "title",
)  # fmt: skip


def _band_names() -> tuple[str, ...]:
    from scoring.model import BANDS

    return tuple(b.name for b in BANDS)


def _validated(reviewer, verdict, notes, corrected_score, corrected_band):
    if verdict not in VERDICTS:
        raise ValueError(f"unknown verdict {verdict!r}: use one of {', '.join(map(repr, VERDICTS))}")
    if not isinstance(reviewer, str) or not reviewer.strip():
        raise ValueError("the reviewer's name is empty: say who is reviewing")
    reviewer = storable(" ".join(reviewer.split()))
    if len(reviewer) > MAX_REVIEWER_CHARS:
        raise ValueError(f"the reviewer's name is longer than {MAX_REVIEWER_CHARS} characters")
    notes = "" if notes is None else notes
    if not isinstance(notes, str):
        raise ValueError(f"notes must be text, got {type(notes).__name__}")
    if len(notes) > MAX_NOTES_CHARS:
        raise ValueError(f"notes are {len(notes)} characters; at most {MAX_NOTES_CHARS} are kept")
    notes = storable(notes)
    if corrected_score is not None:
        if isinstance(corrected_score, bool):
            raise ValueError("corrected score must be a number from 0 to 100")
        try:
            corrected_score = float(corrected_score)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"corrected score {corrected_score!r} is not a number from 0 to 100") from exc
        if math.isnan(corrected_score) or not 0 <= corrected_score <= 100:
            raise ValueError(f"corrected score {corrected_score:g} is outside 0-100")
    if corrected_band not in (None, ""):
        bands = _band_names()
        if corrected_band not in bands:
            raise ValueError(f"unknown band {corrected_band!r}: use one of {', '.join(map(repr, bands))}")
    else:
        corrected_band = None
    return reviewer, notes, corrected_score, corrected_band


def add_review(
    db, article_id: str, reviewer: str, verdict: str, notes: str = "",
    corrected_score: float | None = None, corrected_band: str | None = None,
) -> int:
    """Record one review of an article's latest score; its review id.

    Raises ValueError, writing nothing, for an unknown verdict (see VERDICTS), an unknown article,
    an empty reviewer name, a corrected score outside 0-100 or an unknown corrected band.
    """
    reviewer, notes, corrected_score, corrected_band = _validated(
        reviewer, verdict, notes, corrected_score, corrected_band
    )
    with opened(db) as conn, transaction(conn):
        if conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
            raise ValueError(f"no article with id {article_id!r} in the store")
        latest = conn.execute("SELECT max(id) FROM scores WHERE article = ?", (article_id,)).fetchone()[0]
        cur = conn.execute(
            "INSERT INTO reviews (article, score, reviewer, verdict, corrected_score, corrected_band,"
            " notes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (article_id, latest, reviewer, verdict, corrected_score, corrected_band, notes, now_utc()),
        )
        return cur.lastrowid


_REVIEWS_QUERY = (
    "SELECT r.id AS review_id, r.article AS article_id, r.reviewer, r.verdict, r.corrected_score,"
    " r.corrected_band, r.notes, r.created_at, s.score AS reviewed_score, s.band AS reviewed_band,"
    " s.model_id AS reviewed_model_id, a.outlet, a.title"
    " FROM reviews r JOIN articles a ON a.id = r.article LEFT JOIN scores s ON s.id = r.score"
)


def reviews(db, article_id: str | None = None) -> pd.DataFrame:
    """Review history, newest first (REVIEW_COLUMNS); one article's when ``article_id`` is given.

    ``reviewed_score`` / ``reviewed_band`` / ``reviewed_model_id`` are the score the reviewer saw;
    ``corrected_score`` is NaN and ``corrected_band`` "" when the reviewer corrected nothing.
    """
    query, params = _REVIEWS_QUERY, []
    if article_id is not None:
        query += " WHERE r.article = ?"
        params.append(article_id)
    with opened(db) as conn:
        rows = conn.execute(query + " ORDER BY r.id DESC", params).fetchall()
    frame = pd.DataFrame(rows, columns=list(REVIEW_COLUMNS))
    for col in ("corrected_score", "reviewed_score"):
        frame[col] = frame[col].astype(float)
    frame["corrected_band"] = frame["corrected_band"].fillna("")
    return frame


def _latest_reviews(db) -> pd.DataFrame:
    """Each reviewed article's most recent review, with how many reviews it has had."""
    history = reviews(db)
    counts = history.groupby("article_id").size().rename("review_count")
    latest = history.drop_duplicates("article_id", keep="first").set_index("article_id")
    return latest.join(counts)


# How much each reason weighs in the queue's priority (points on the 0-100 score scale).
UNCERTAIN_POINTS = 20.0  # at probability 0.5, falling to 0 at 0 or 1
GAP_NOTABLE = 10.0  # points below the outlet's usual score worth mentioning
UNNAMED_NOTABLE = 0.5  # share of unnamed sources worth mentioning in a high-scoring article
UNSURE_NOTABLE = 0.1  # distance of the probability from 0.5 within which the model is "unsure"

QUEUE_COLUMNS = (
    "article_id", "outlet", "title", "published", "score", "band", "probability", "priority", "reason",
    "review_count", "latest_verdict",
)  # fmt: skip


def queue(db, outlets=None, since=None, until=None, limit: int | None = 50) -> pd.DataFrame:
    """What to discuss next: articles where a human look is worth most, first (QUEUE_COLUMNS).

    The rule. Each article's ``priority`` adds up, on the score's 0-100 scale:

    - below its outlet: how far the score is below the outlet's shrunk mean score
      (``scoring.outlets.summarize_outlets`` over every stored article, not just the period), so a
      weak article from a usually strong outlet comes first;
    - praised despite unnamed sources: the unnamed share of its sources times how far the score
      is above 50, so a high score resting on anonymous sourcing is checked;
    - the model is unsure: up to 20 points as its probability nears 0.5 (the score nears the
      middle band boundary).

    Articles never reviewed, or whose latest review is "needs follow-up", come before articles
    already settled by a review, whatever their priority; then higher priority first; ties by
    article id. ``reason`` says in words what drove the priority. Articles that failed to score
    are left out.
    """
    period = latest_scores(db, since=since, until=until, outlets=outlets)
    period = period[period["score"].notna()].copy()
    if period.empty:
        return pd.DataFrame(columns=list(QUEUE_COLUMNS))

    usual = summarize_outlets(outlet_stats(db)).set_index("outlet")["shrunk_score"]
    period["outlet_usual"] = period["outlet"].fillna(NO_OUTLET).map(usual)
    period["below"] = (period["outlet_usual"] - period["score"]).clip(lower=0).fillna(0)

    period["attributed"] = period["named_sources"].fillna(0) + period["unnamed_sources"].fillna(0)
    period["unnamed_share"] = (
        period["unnamed_sources"].fillna(0) / period["attributed"].where(period["attributed"] > 0)
    ).fillna(0)
    praised_despite_unnamed = period["unnamed_share"] * (period["score"] - 50).clip(lower=0)

    period["probability"] = period["probability"].fillna(period["score"] / 100)
    unsure = UNCERTAIN_POINTS * (1 - (period["probability"] - 0.5).abs() / 0.5)

    period["priority"] = (period["below"] + praised_despite_unnamed + unsure).round(1)

    latest = _latest_reviews(db)
    counts, verdicts = latest["review_count"].to_dict(), latest["verdict"].to_dict()
    period["review_count"] = [int(counts.get(a, 0)) for a in period["article_id"]]
    period["latest_verdict"] = [verdicts.get(a, "") for a in period["article_id"]]
    period["settled"] = (period["review_count"] > 0) & (period["latest_verdict"] != "needs follow-up")

    ordered = period.sort_values(["settled", "priority", "article_id"], ascending=[True, False, True])
    if limit is not None:
        ordered = ordered.head(limit).copy()
    # Words only for the rows shown: building them is the slow part on a large store.
    ordered["reason"] = [_reason(row) for row in ordered.itertuples()]
    return ordered.loc[:, list(QUEUE_COLUMNS)].reset_index(drop=True)


def _reason(row) -> str:
    """What drove a queue row's priority, in words."""
    bits = []
    if row.below >= GAP_NOTABLE:
        bits.append(
            f"scores {row.score:.0f}, {row.below:.0f} points below {row.outlet or NO_OUTLET}'s usual "
            f"{row.outlet_usual:.0f}"
        )
    if row.unnamed_share >= UNNAMED_NOTABLE and row.score > 50:
        bits.append(f"scores {row.score:.0f} with {int(row.unnamed_sources)} of {int(row.attributed)} sources unnamed")
    if abs(row.probability - 0.5) <= UNSURE_NOTABLE:
        bits.append(f"the model is unsure (probability {row.probability:.2f})")
    if not bits:
        bits.append("no strong signal")
    if row.review_count == 0:
        bits.append("never reviewed")
    else:
        bits.append(f"reviewed {row.review_count}x, latest: {row.latest_verdict}")
    return "; ".join(bits)


def training_labels(db) -> pd.DataFrame:
    """Reviewers' verdicts as training labels (columns text, title, outlet, label; 1 = well sourced).

    Only each article's latest review counts. In order of precedence:

    - a corrected score: label 1 when it is 50 or more, else 0;
    - a corrected band: 1 when the band lies at or above 50, 0 when at or below 50 (a band
      straddling 50 says nothing about the side, and falls through to the verdict);
    - "agree": the side of 50 of the score the reviewer saw;
    - "score too high": 0; "score too low": 1;
    - "needs follow-up": no label; the article is left out.
    """
    latest = _latest_reviews(db)
    if latest.empty:
        return pd.DataFrame(columns=["text", "title", "outlet", "label"])
    band_sides = _band_sides()

    def label(row) -> float:
        if not np.isnan(row["corrected_score"]):
            return float(row["corrected_score"] >= 50)
        side = band_sides.get(row["corrected_band"])
        if side is not None:
            return side
        if row["verdict"] == "agree" and not np.isnan(row["reviewed_score"]):
            return float(row["reviewed_score"] >= 50)
        return {"score too high": 0.0, "score too low": 1.0}.get(row["verdict"], np.nan)

    latest["label"] = latest.apply(label, axis=1)
    latest = latest[latest["label"].notna()]
    ids = latest.index.tolist()
    with opened(db) as conn:
        texts = {
            r[0]: (r[1], r[2])
            for start in range(0, len(ids), 500)
            for r in conn.execute(
                f"SELECT id, text, title FROM articles WHERE id IN ({','.join('?' * len(ids[start:start + 500]))})",
                ids[start:start + 500],
            )
        }
    return pd.DataFrame(
        {
            "text": [texts[i][0] for i in ids],
            "title": [texts[i][1] for i in ids],
            "outlet": latest["outlet"].tolist(),
            "label": latest["label"].astype(int).tolist(),
        }
    )


def _band_sides() -> dict[str, float]:
    """Band name -> 1.0 (at or above 50), 0.0 (at or below 50); bands straddling 50 are absent."""
    from scoring.model import BANDS

    sides = {}
    for band in BANDS:
        if band.low >= 50:
            sides[band.name] = 1.0
        elif band.high <= 50:
            sides[band.name] = 0.0
    return sides
