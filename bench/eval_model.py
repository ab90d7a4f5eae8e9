"""Measure the sourcing model on outlets it never saw, next to a bag-of-words baseline.

    python bench/eval_model.py [DATA_DIR] [--threshold 0.6] [--folds 5]

Both models see the same outlet-grouped folds of the default model's training articles
(see build_training_set.py), labelled by the Lin et al. (2023) expert-consensus score ``pc1``
of their outlet (>= threshold is reliable). Printed for each: ROC-AUC, macro-F1, Brier score
and the Spearman correlation between each outlet's mean score and its pc1 (outlets with at
least 3 articles), the ROC-AUC within each corpus, and the ROC-AUC of the same scores against
Burdisso et al. (2024) outlet labels. Rows: the sourcing model as shipped, the same with the
quote features kept, the same with free directions, and a baseline of tf-idf over words and
word pairs + logistic regression, which can pick up topic and house style, as the sourcing
model deliberately cannot.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.pipeline import make_pipeline

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_training_set import REPO_ROOT, build  # noqa: E402

from scoring.features import SignalFeatures  # noqa: E402
from scoring.model import (  # noqa: E402
    cross_validated_probabilities,
    evaluation_metrics,
    labels_from_values,
    normalise_domain,
    outlet_ratings,
)

# The BuzzFeed texts of most partisan outlets lost every quotation mark (and curly apostrophe)
# before they reached us, so quote counts there say more about the corpus than the outlet.
QUOTE_FEATURES = ("quotes_per_1000_words", "direct_quote_share")
# named_source_share is 1 - unnamed_source_share: keeping one keeps each fact on one line.
DEFAULT_LEFT_OUT = (*QUOTE_FEATURES, "named_source_share")


def bag_of_words_probabilities(texts: pd.Series, y, groups, n_splits: int, seed: int) -> np.ndarray:
    """Out-of-fold probabilities from tf-idf + logistic regression, on the same folds as the model."""
    splitter = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    out = np.full(len(y), np.nan)
    for train_rows, test_rows in splitter.split(np.zeros(len(y)), y, groups):
        baseline = make_pipeline(
            TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_features=50_000, sublinear_tf=True),
            LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000),
        )
        baseline.fit(texts.iloc[train_rows], y[train_rows])
        out[test_rows] = baseline.predict_proba(texts.iloc[test_rows])[:, 1]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", default=REPO_ROOT.parent / "shared" / "data", type=Path)
    parser.add_argument("--threshold", type=float, default=0.6, help="pc1 at or above this is reliable")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--leave-out", nargs="*", default=list(DEFAULT_LEFT_OUT),
                        help="features the sourcing model gives no weight (default: as the shipped model)")
    args = parser.parse_args()

    articles = build(args.data_dir)
    ratings = outlet_ratings(args.data_dir / "outlets" / "lin2023_domain_pc1.csv", "domain", "pc1")
    articles["outlet"] = articles["outlet"].map(normalise_domain)
    articles["label"] = labels_from_values(articles["outlet"].map(ratings), args.threshold, "pc1")
    articles = articles.dropna(subset=["label", "text"]).reset_index(drop=True)
    y, groups = articles["label"].astype(int).to_numpy(), articles["outlet"].to_numpy()
    print(
        f"{len(articles)} articles, {len(set(groups))} outlets, {int(y.sum())} from reliable outlets "
        f"(pc1 >= {args.threshold}); {args.folds} folds grouped by outlet"
    )

    started = time.perf_counter()
    features = SignalFeatures().transform(articles)
    analysed = time.perf_counter() - started
    left_out = tuple(args.leave_out)
    with_quotes = tuple(f for f in left_out if f not in QUOTE_FEATURES)
    results = {
        "sourcing model": cross_validated_probabilities(features, y, groups, args.folds, args.seed, left_out),
        "  + quote feats": cross_validated_probabilities(features, y, groups, args.folds, args.seed, with_quotes),
        "  free signs": cross_validated_probabilities(
            features, y, groups, args.folds, args.seed, left_out, follow_directions=False
        ),
        "bag of words": bag_of_words_probabilities(articles["text"], y, groups, args.folds, args.seed),
    }
    print(f"sourcing model leaves out: {', '.join(left_out) or 'nothing'}; '+ quote feats' keeps the "
          "quote features, 'free signs' ignores the editorial directions")
    print(f"analysis took {analysed:.0f} s ({1000 * analysed / len(articles):.1f} ms per article)\n")
    print(f"{'':>16} {'ROC-AUC':>8} {'macro-F1':>8} {'Brier':>8} {'outlet rho':>10} {'outlets':>7}")
    for name, probability in results.items():
        m = evaluation_metrics(y, probability, groups, ratings)
        print(
            f"{name:>16} {m['roc_auc']:8.3f} {m['macro_f1']:8.3f} {m['brier']:8.3f} "
            f"{m.get('outlet_spearman', float('nan')):10.3f} {m.get('outlets_ranked', 0):7d}"
        )

    print("\nROC-AUC within each corpus:")
    for corpus in sorted(articles["corpus"].unique()):
        rows = (articles["corpus"] == corpus).to_numpy()
        figures = "  ".join(f"{name} {roc_auc_score(y[rows], p[rows]):.3f}" for name, p in results.items())
        print(f"  {corpus}: {figures}")

    burdisso = outlet_ratings(
        args.data_dir / "outlets" / "burdisso2024_reliability_labels.csv", "domain", "reliability_label"
    )
    second_opinion = labels_from_values(articles["outlet"].map(burdisso), None, "Burdisso label").to_numpy()
    rated = ~np.isnan(second_opinion)
    print(
        f"\nROC-AUC against Burdisso et al. (2024) labels instead (reliable vs unreliable, mixed left out; "
        f"{int(rated.sum())} articles from {len(set(groups[rated]))} outlets, same out-of-fold scores):"
    )
    for name, probability in results.items():
        print(f"  {name}: {roc_auc_score(second_opinion[rated], probability[rated]):.3f}")

    shown = {k: v for k, v in results.items() if not k.startswith(" ")}
    per_outlet = pd.DataFrame({"outlet": groups, **{k: 100 * v for k, v in shown.items()}})
    per_outlet = per_outlet.groupby("outlet").agg(
        articles=("outlet", "size"), **{k: (k, "mean") for k in shown}
    )
    per_outlet["pc1"] = ratings.reindex(per_outlet.index).to_numpy()
    print("\nmean out-of-fold score per outlet (each outlet scored by models that never saw it):")
    print(per_outlet.sort_values("pc1", ascending=False).round(2).to_string())


if __name__ == "__main__":
    main()
