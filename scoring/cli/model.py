"""``reliability train``, ``evaluate`` and ``explain``: fit, measure and explain the sourcing model."""

from __future__ import annotations

import datetime as dt
import json
import shlex
from pathlib import Path

import click
import numpy as np
import pandas as pd

from scoring.cli.analyze import read_article
from scoring.features import (
    FEATURE_MEANINGS,
    FEATURE_NAMES,
    FEATURE_SET_VERSION,
    SignalFeatures,
    evidence_for,
    feature_vector,
)
from scoring.model import (
    LabelError,
    ModelFileError,
    cross_validated_probabilities,
    evaluation_metrics,
    file_fingerprint,
    fit_model,
    labels_from_values,
    library_versions,
    load_model,
    new_model_id,
    normalise_domain,
    outlet_ratings,
    save_model,
    score,
    text_problem,
)
from scoring.text import SentenceIndex


def label_options(command):
    """The options that say where labels come from, shared by train and evaluate."""
    options = [
        click.option("--label-column", help="Article column holding the label: 0/1, -1/0/1, "
                     "reliable/mixed/unreliable, or a number with --threshold."),
        click.option("--outlet-ratings", type=click.Path(exists=True, dir_okay=False),
                     help="CSV of outlet ratings to label each article by its outlet."),
        click.option("--ratings-domain-column", default="domain", show_default=True,
                     help="Column of --outlet-ratings holding the outlet's domain."),
        click.option("--rating-column", help="Column of --outlet-ratings holding the rating."),
        click.option("--threshold", type=float, help="Numeric labels or ratings at or above this count as reliable."),
        click.option("--outlet-column", default="outlet", show_default=True,
                     help="Article column naming the outlet (a domain or URL); folds are grouped by it."),
        click.option("--text-col", default="text", show_default=True, help="Article column holding the text."),
        click.option("--title-col", default="title", show_default=True,
                     help="Article column holding the headline (optional)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def labelled_articles(
    data: list[str], label_column, outlet_ratings_path, ratings_domain_column, rating_column,
    threshold, outlet_column, text_col, title_col,
) -> tuple[pd.DataFrame, pd.Series | None, str]:
    """(articles with text/title/outlet/label, outlet ratings or None, where labels came from).

    Rows without a usable label (missing, mixed, outlet not rated) are dropped and counted on stderr.
    """
    frames = []
    for path in data:
        try:
            frames.append(pd.read_csv(path))
        except (ValueError, UnicodeDecodeError) as exc:  # pandas' parser errors are ValueErrors
            raise LabelError(f"cannot read {path} as CSV: {exc}") from exc
    articles = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    columns = ", ".join(map(str, articles.columns)) or "none"
    if text_col not in articles.columns:
        raise LabelError(f"no text column {text_col!r} in {', '.join(data)}; columns found: {columns}")
    if outlet_column not in articles.columns:
        raise LabelError(f"no outlet column {outlet_column!r} in {', '.join(data)}; columns found: {columns}")
    outlets = articles[outlet_column].map(normalise_domain)
    ratings = None
    if (label_column is None) == (outlet_ratings_path is None):
        raise LabelError("give exactly one of --label-column or --outlet-ratings")
    if label_column is not None:
        if label_column not in articles.columns:
            raise LabelError(f"no label column {label_column!r} in {', '.join(data)}; columns found: {columns}")
        labels = labels_from_values(articles[label_column], threshold, f"label column {label_column!r}")
        source = f"labels from column {label_column}"
    else:
        if not rating_column:
            raise LabelError("--outlet-ratings needs --rating-column (the column holding each outlet's rating)")
        ratings = outlet_ratings(outlet_ratings_path, ratings_domain_column, rating_column)
        labels = labels_from_values(
            outlets.map(ratings), threshold, f"rating column {rating_column!r} of {outlet_ratings_path}"
        )
        source = f"labels from outlet ratings {Path(outlet_ratings_path).name}:{rating_column}" + (
            f" >= {threshold}" if threshold is not None else ""
        )
    result = pd.DataFrame(
        {
            "text": articles[text_col],
            "title": articles[title_col] if title_col in articles.columns else None,
            "outlet": outlets,
            "label": labels,
        }
    )
    no_text = result["text"].map(text_problem) != ""
    unusable = result["label"].isna() | (result["outlet"] == "") | no_text
    if unusable.any():
        click.echo(
            f"dropped {int(unusable.sum())} of {len(result)} rows without a usable label, outlet or text "
            f"({int(no_text.sum())} without text; the rest missing, mixed or unrated)", err=True,
        )
    result = result[~unusable].reset_index(drop=True)
    result["label"] = result["label"].astype(int)
    if result["label"].nunique() < 2:
        found = "no rows" if result.empty else f"only label {result['label'].iloc[0]}"
        raise LabelError(f"need both reliable (1) and unreliable (0) articles; found {found}")
    return result, ratings, source


def _features(articles: pd.DataFrame) -> pd.DataFrame:
    click.echo(f"analysing {len(articles)} articles ...", err=True)
    return SignalFeatures().transform(articles)


def _print_metrics(metrics: dict) -> None:
    for key in ("articles", "roc_auc", "macro_f1", "brier", "outlet_spearman", "outlets_ranked"):
        value = metrics.get(key)
        if value is not None:
            click.echo(f"{key:>16}: {value:.3f}" if isinstance(value, float) else f"{key:>16}: {value}")
    click.echo("calibration (deciles of predicted probability):")
    click.echo(f"  {'predicted':>9} {'observed':>9} {'n':>5}")
    for row in metrics["calibration"]:
        click.echo(f"  {row['predicted']:9.3f} {row['observed']:9.3f} {int(row['n']):5d}")


def _command_line(ctx: click.Context) -> str:
    """The command as the user could retype it: arguments, then every option not left at its default."""
    words = ctx.command_path.split()
    for param in ctx.command.params:
        value = ctx.params.get(param.name)
        if isinstance(param, click.Argument):
            words += [str(v) for v in (value if isinstance(value, tuple) else [value])]
        elif param.multiple:
            for item in value or ():
                words += [param.opts[-1], str(item)]
        elif value not in (None, False, param.default):
            words += [param.opts[-1]] if value is True else [param.opts[-1], str(value)]
    return shlex.join(words)


def _run(action):
    """Turn the library's data errors into click errors that name the problem."""
    try:
        return action()
    except (LabelError, ModelFileError, KeyError) as exc:
        raise click.ClickException(str(exc).strip("'\"")) from exc


@click.command("train")
@click.argument("data", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, help="Where to write the model: NAME gives NAME.skops, "
              "NAME.card.json and NAME.card.md.")
@label_options
@click.option("--from-reviews", is_flag=True, help="Also train on labels from reviewers' verdicts in --db.")
@click.option("--db", type=click.Path(dir_okay=False), help="The review store to read --from-reviews labels from.")
@click.option("--folds", default=5, show_default=True, type=click.IntRange(min=2),
              help="Cross-validation folds (grouped by outlet).")
@click.option("--seed", default=0, show_default=True, help="Random seed for the folds.")
@click.option("--leave-out", multiple=True, type=click.Choice(FEATURE_NAMES), metavar="FEATURE",
              help="A feature the training data cannot speak for (repeatable): it gets no weight and no points.")
@click.option("--free-directions", is_flag=True,
              help="Let the data set every feature's direction and weight, even against sourcing standards "
                   "(no direction bounds, no floor under the unnamed-source weight).")
def train_command(data, output, label_column, outlet_ratings, ratings_domain_column, rating_column,
                  threshold, outlet_column, text_col, title_col, from_reviews, db, folds, seed, leave_out,
                  free_directions):
    """Train a model on labelled articles in DATA (CSV files), cross-validate it by outlet, save it."""
    articles, ratings, source = _run(lambda: labelled_articles(
        list(data), label_column, outlet_ratings, ratings_domain_column, rating_column, threshold,
        outlet_column, text_col, title_col,
    ))
    files = [{"path": Path(p).name, "sha256": file_fingerprint(p), "rows": len(pd.read_csv(p))} for p in data]
    if outlet_ratings:
        files.append({"path": Path(outlet_ratings).name, "sha256": file_fingerprint(outlet_ratings)})
    if from_reviews:
        if not db:
            raise click.UsageError("--from-reviews needs --db PATH (the review store)")
        from scoring.review import training_labels  # the store is optional for plain training

        reviewed = training_labels(db)
        reviewed = reviewed.assign(outlet=reviewed["outlet"].map(normalise_domain))[list(articles.columns)]
        click.echo(f"added {len(reviewed)} reviewed articles from {db}", err=True)
        articles = pd.concat([articles, reviewed], ignore_index=True).astype({"label": int})
        files.append({"path": Path(db).name, "sha256": file_fingerprint(db), "rows": len(reviewed)})
        source += " + reviewers' verdicts"
    y, groups = articles["label"].to_numpy(), articles["outlet"].to_numpy()
    features = _features(articles)
    probability = _run(lambda: cross_validated_probabilities(
        features, y, groups, n_splits=folds, seed=seed, left_out=leave_out, follow_directions=not free_directions
    ))
    metrics = evaluation_metrics(y, probability, groups, ratings)
    click.echo("cross-validated on outlets never seen in training:")
    _print_metrics(metrics)

    created = dt.datetime.now(dt.UTC)
    card = {
        "created": created.isoformat(timespec="seconds"),
        "feature_set_version": FEATURE_SET_VERSION,
        "training": {
            "command": _command_line(click.get_current_context()),
            "files": files,
            "rows": len(articles),
            "label_counts": {str(k): int(v) for k, v in articles["label"].value_counts().sort_index().items()},
            "outlets": int(articles["outlet"].nunique()),
            "labels_from": source,
        },
        "cross_validation": {
            "folds": min(folds, int(articles["outlet"].nunique())),
            "grouping": "StratifiedGroupKFold by outlet: every article is scored by a model that never saw its outlet",
            **metrics,
        },
        "versions": library_versions(),
    }
    model = fit_model(
        features, y, groups, seed=seed, card=card, left_out=leave_out, follow_directions=not free_directions
    )
    model.card["model_id"] = model.model_id = new_model_id(Path(output).name, model, created)
    path = save_model(model, output)
    click.echo(f"saved {path} (model id {model.model_id})")


@click.command("evaluate")
@click.argument("model_path", metavar="MODEL", type=click.Path(exists=True, dir_okay=False))
@click.argument("data", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@label_options
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def evaluate_command(model_path, data, label_column, outlet_ratings, ratings_domain_column, rating_column,
                     threshold, outlet_column, text_col, title_col, as_json):
    """Measure MODEL (a .skops file) on labelled articles in DATA: ROC-AUC, macro-F1, Brier score,
    calibration by decile and, with outlet ratings, the outlet-level Spearman correlation."""
    model = _run(lambda: load_model(model_path))
    articles, ratings, _ = _run(lambda: labelled_articles(
        list(data), label_column, outlet_ratings, ratings_domain_column, rating_column, threshold,
        outlet_column, text_col, title_col,
    ))
    probability = model.predict_proba(_features(articles))
    metrics = evaluation_metrics(articles["label"], probability, articles["outlet"], ratings)
    if as_json:
        click.echo(json.dumps({"model_id": model.model_id, **metrics}, indent=2))
    else:
        click.echo(f"model {model.model_id} on {len(articles)} articles:")
        _print_metrics(metrics)


@click.command("explain")
@click.argument("file", type=click.Path(allow_dash=True, dir_okay=False))
@click.option("--title", help="The article's headline, if it is not in the file.")
@click.option("--model", "model_path", type=click.Path(exists=True, dir_okay=False),
              help="A model file (.skops); default: the shipped model or $RELIABILITY_MODEL.")
@click.option("--top", default=5, show_default=True, help="How many contributions to show.")
@click.option("--encoding", default="utf-8", show_default=True, help="Text encoding of FILE.")
def explain_command(file, title, model_path, top, encoding):
    """Score FILE (- for stdin) and show what moved its score most, with the sentences behind it."""
    try:
        text = read_article(file, encoding)
    except OSError as exc:
        raise click.FileError(file, hint=exc.strerror) from exc
    model = _run(lambda: load_model(model_path))
    result = score(text, title, model=model)
    if not np.isfinite(result.score):
        raise click.ClickException(f"cannot score {file}: {'; '.join(result.warnings)}")
    click.echo(f"score {result.score:.0f}/100 — {result.band} (baseline {result.baseline:.0f}; model {result.model_id})")
    for warning in result.warnings:
        click.echo(f"warning: {warning}")
    sentences = SentenceIndex(result.analysis.sentences)
    values = feature_vector(result.analysis)
    for name, points in list(result.contributions.items())[:top]:
        click.echo(f"\n{FEATURE_MEANINGS[name]}: {points:+.1f} pts (this article: {values[name]:.2f})")
        shown = []
        for span in evidence_for(name, result.analysis):
            sentence = sentences.sentence_at(span.start)
            if sentence is not None and sentence not in shown:
                shown.append(sentence)
        for sentence in shown[:3]:
            click.echo(f"    '{' '.join(sentence.text.split())}'")
