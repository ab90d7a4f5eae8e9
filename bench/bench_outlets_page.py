"""How fast the dashboard's Outlets page is with 100,000 scored articles in the store.

Fills a fresh store with synthetic scored articles written straight into its tables (no model
runs), then prints the time of each query the page makes (each aggregates in SQL: the store's
outlet views) and of full AppTest runs of the page (the first with empty caches, the second with
warm ones, as when an editor moves between pages).

    .venv/bin/python bench/bench_outlets_page.py [--articles 100000] [--db bench/_work/outlets.db]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import time
from pathlib import Path

import numpy as np
import pandas as pd

from scoring import store
from scoring.model import band_for
from scoring.outlets import summarize_outlets

HERE = Path(__file__).resolve().parent


def synthetic_articles(n: int, seed: int = 0) -> pd.DataFrame:
    """n scored articles from 40 fictional outlets over two years, with counts and scores."""
    rng = np.random.default_rng(seed)
    outlet_names = [f"outlet-{i:02d}.example" for i in range(40)]
    weights = rng.dirichlet(np.ones(len(outlet_names)) * 0.7)
    outlet = rng.choice(len(outlet_names), size=n, p=weights)
    quality = rng.normal(55, 12, len(outlet_names))
    score = np.clip(rng.normal(quality[outlet], 15), 0, 100)
    words = rng.integers(200, 2000, n)
    named = rng.poisson(words / 150)
    frame = pd.DataFrame(
        {
            "id": [f"bench-{i:06d}" for i in range(n)],
            "outlet": np.array(outlet_names)[outlet],
            "published": (pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 730, n), "D")).strftime("%Y-%m-%d"),
            "title": [f"Synthetic article {i}" for i in range(n)],
            "text": [f"Synthetic article {i} body." for i in range(n)],
            "score": score,
            "band": [band_for(s) for s in score],
            "probability": score / 100,
            "model_id": "bench-synthetic",
            "named_sources": named,
            "unnamed_sources": rng.poisson(words / 400),
            "quotes": rng.poisson(3, n),
            "hedges": rng.poisson(words / 200),
            "boosters": rng.poisson(words / 500),
            "assessments": rng.poisson(words / 600),
            "words": words,
        }
    )
    return frame


def fill_store(db: Path, frame: pd.DataFrame) -> None:
    """Write the articles and one score each through the store's schema, in one transaction."""
    now = store.now_utc()
    with store.opened(db) as conn, store.transaction(conn):
        conn.executemany(
            "INSERT INTO outlets (name, first_seen) VALUES (?, ?)", [(o, now) for o in frame["outlet"].unique()]
        )
        conn.executemany(
            "INSERT INTO articles (id, outlet, title, published, text, text_sha256, imported_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (r.id, r.outlet, r.title, r.published, r.text, hashlib.sha256(r.text.encode()).hexdigest(), now)
                for r in frame.itertuples()
            ),
        )
        counts = list(store.COUNT_COLUMNS)
        conn.executemany(
            f"INSERT INTO scores (article, model_id, score, band, probability, {', '.join(counts)}, scored_at)"
            f" VALUES (?, ?, ?, ?, ?, {', '.join('?' * len(counts))}, ?)",
            (
                (r["id"], r["model_id"], r["score"], r["band"], r["probability"], *(int(r[c]) for c in counts), now)
                for r in frame.to_dict("records")
            ),
        )


def timed(label: str, fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    print(f"{label:<48} {time.perf_counter() - start:7.3f} s")
    return result


def outlets_page() -> None:
    from scoring.dashboard.views import outlets

    outlets.render()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=HERE / "_work" / "outlets.db")
    args = parser.parse_args()

    if args.db.exists():
        args.db.unlink()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    frame = synthetic_articles(args.articles)
    timed(f"fill the store with {args.articles:,} scored articles", fill_store, args.db, frame)

    from scoring.dashboard.views.outlets import score_quantiles

    db = str(args.db)
    half_year = {"since": "2024-07-01", "until": "2024-12-31"}
    some = ["outlet-00.example", "outlet-01.example", "outlet-02.example"]
    timed("query: first and last publication date", store.published_range, db)
    stats = timed("query: outlet stats, all articles", store.outlet_stats, db)
    assert stats["articles"].sum() == args.articles
    timed("query: outlet stats, half a year", store.outlet_stats, db, **half_year)
    timed("query: outlet stats, three outlets", store.outlet_stats, db, outlets=some)
    timed("  ranking from the stats (pandas)", summarize_outlets, stats)
    histogram = timed("query: score histogram per outlet", store.score_histogram, db)
    timed("  quantiles from the histogram (pandas)", score_quantiles, histogram)
    timed("query: monthly trend", store.score_trend, db, "M")
    timed("query: weekly trend", store.score_trend, db, "W")
    timed("query: weekly trend, half a year", store.score_trend, db, "W", **half_year)
    timed("query: one outlet's latest 200 articles", store.outlet_articles, db, "outlet-00.example")
    print(f"rows read into pandas: stats {len(stats)}, histogram {len(histogram)}")

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["RELIABILITY_DB"] = db
    st.cache_data.clear()  # so the first run below is really cold
    page = AppTest.from_function(outlets_page, default_timeout=120)
    timed("page: full AppTest run (cold caches)", page.run)
    assert not page.exception, page.exception
    timed("page: full AppTest run (warm caches)", page.run)
    assert not page.exception, page.exception
    page.date_input(key="outlets.dates").set_value((pd.Timestamp(half_year["since"]).date(), pd.Timestamp(half_year["until"]).date()))
    timed("page: run after picking half a year (new queries)", page.run)
    assert not page.exception, page.exception


if __name__ == "__main__":
    main()
