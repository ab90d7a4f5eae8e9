"""The feature table: how an Analysis becomes a fixed, named, length-normalised vector.

Every feature is a rate per 1,000 words or a share, so an article is not better or worse
for being long. Two guards keep very short texts from becoming outliers: rates divide by at
least ``MIN_WORDS_FOR_RATES`` words and are capped at ``RATE_CAP``, and shares are smoothed
toward one half (``(part + 0.5) / (whole + 1)``), which is also their neutral value when
there is nothing to share out (no attributions, no assessments); the matching rate says
how much there was.

Only the fields of ``scoring.analysis.Analysis`` are read here: the signal finders can
change how they find evidence without this module changing.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

from scoring.analysis import Analysis, analyze
from scoring.signals.attribution import neutral_verb
from scoring.text import Span

MORE_IS_BETTER, NO_PRIOR, MORE_IS_WORSE = 1, 0, -1


@dataclass(frozen=True)
class Feature:
    name: str
    meaning: str  # one line, shown to editors next to the feature's contribution
    # Which way sourcing standards say this feature should move the score. Training keeps its
    # weight on that side of 0 (see scoring.model.editorial_bounds).
    direction: int = NO_PRIOR
    # The least weight (logit per standard deviation) the standards give it, whatever the
    # training outlets did: only for what the product is about, named against unnamed sources.
    floor: float = 0.0


FEATURES: tuple[Feature, ...] = (
    Feature("attributions_per_1000_words", "claims attributed to any source, per 1,000 words", MORE_IS_BETTER),
    Feature("named_source_share", "share of attributions whose source is named (a person, organisation or document)", MORE_IS_BETTER),
    Feature("unnamed_source_share", "share of attributions whose source is not named", MORE_IS_WORSE, floor=0.3),
    Feature("document_source_share", "share of attributions to documents, records or data", MORE_IS_BETTER),
    Feature("media_source_share", "share of attributions resting on other news media (the Times reported, according to a local newspaper)", MORE_IS_WORSE),
    Feature("neutral_verb_share", "share of attributions with a neutral verb (said, told, according to) rather than one that colours the claim (claimed, admitted)", MORE_IS_BETTER),
    Feature("direct_quote_share", "share of attributions given as direct quotations", MORE_IS_BETTER),
    Feature("quotes_per_1000_words", "quoted passages, per 1,000 words", MORE_IS_BETTER),
    Feature("hedges_per_1000_words", "hedging words and phrases (may, reportedly, appears), per 1,000 words"),
    Feature("boosters_per_1000_words", "certainty boosters (clearly, undoubtedly) outside quotations, per 1,000 words", MORE_IS_WORSE),
    Feature("assessments_per_1000_words", "judgements and estimates (likely, we assess), per 1,000 words"),
    Feature("own_assessment_share", "share of judgements that are the writer's own rather than a source's", MORE_IS_WORSE),
    Feature("estimates_without_confidence_per_1000_words", "likelihood estimates with no confidence level stated, per 1,000 words", MORE_IS_WORSE),
    Feature("numbers_per_1000_words", "figures and quantities, per 1,000 words", MORE_IS_BETTER),
    Feature("dates_per_1000_words", "dates and times, per 1,000 words", MORE_IS_BETTER),
    Feature("first_person_per_1000_words", "the writer's first person (I, we, our) outside quotations, per 1,000 words", MORE_IS_WORSE),
    Feature("second_person_per_1000_words", "the writer addressing the reader (you, your) outside quotations, per 1,000 words", MORE_IS_WORSE),
    Feature("loaded_words_per_1000_words", "emotive or loaded words outside quotations, per 1,000 words", MORE_IS_WORSE),
    Feature("exclamations_per_1000_words", "exclamation marks outside quotations, per 1,000 words", MORE_IS_WORSE),
    Feature("social_media_per_1000_words", "social-media posts and platforms mentioned outside quotations (tweeted, on Facebook), per 1,000 words", MORE_IS_WORSE),
    Feature("comment_requests_per_1000_words", "sentences saying the writer sought comment from those involved (declined to comment, did not respond to a request for comment) outside quotations, per 1,000 words", MORE_IS_BETTER),
    Feature("unattributed_reports_per_1000_words", "claims passed on without saying whose report they are (reportedly, according to reports, is said to) outside quotations, per 1,000 words", MORE_IS_WORSE),
    Feature("headline_signals", "attention-seeking signals in the headline (0 when there is no headline)", MORE_IS_WORSE),
    Feature("words_per_sentence", "average sentence length in words"),
)
FEATURE_NAMES: tuple[str, ...] = tuple(f.name for f in FEATURES)
FEATURE_MEANINGS: dict[str, str] = {f.name: f.meaning for f in FEATURES}

# Bump when a feature's name, meaning or computation changes incompatibly: models trained on
# another version are refused by the loader.
FEATURE_SET_VERSION = 5

MIN_WORDS_FOR_RATES = 150
RATE_CAP = 200.0
HEADLINE_SIGNAL_CAP = 5
WORDS_PER_SENTENCE_CAP = 80.0


def per_1000_words(count: int, words: int) -> float:
    return min(RATE_CAP, 1000.0 * count / max(words, MIN_WORDS_FOR_RATES))


def smoothed_share(part: int, whole: int) -> float:
    return (part + 0.5) / (whole + 1.0)


def writers_own(spans: tuple[Span, ...], analysis: Analysis) -> tuple[Span, ...]:
    """The spans that are not inside a quoted passage: the writer's words, not a source's."""
    quotes: list[tuple[int, int]] = []
    for start, end in sorted((q.start, q.end) for q in analysis.quotes):
        if quotes and start <= quotes[-1][1]:  # nested or touching quotations: one passage
            quotes[-1] = (quotes[-1][0], max(end, quotes[-1][1]))
        else:
            quotes.append((start, end))
    starts = [start for start, _ in quotes]

    def quoted(span: Span) -> bool:
        i = bisect.bisect_right(starts, span.start) - 1
        return i >= 0 and span.start < quotes[i][1]

    return tuple(span for span in spans if not quoted(span))


def feature_vector(analysis: Analysis) -> dict[str, float]:
    """The features of one analysed article, in FEATURE_NAMES order."""
    words = analysis.words
    attributions = analysis.attributions
    unnamed = [a for a in attributions if a.kind == "unnamed"]
    estimates = [a for a in analysis.assessments if a.likelihood is not None]
    rate = lambda n: per_1000_words(n, words)  # noqa: E731
    return {
        "attributions_per_1000_words": rate(len(attributions)),
        "named_source_share": smoothed_share(len(attributions) - len(unnamed), len(attributions)),
        "unnamed_source_share": smoothed_share(len(unnamed), len(attributions)),
        "document_source_share": smoothed_share(
            sum(a.kind == "document" for a in attributions), len(attributions)
        ),
        "media_source_share": smoothed_share(len(analysis.media_sources), len(attributions)),
        "neutral_verb_share": smoothed_share(sum(map(neutral_verb, attributions)), len(attributions)),
        "direct_quote_share": smoothed_share(
            sum(a.direct_quote for a in attributions), len(attributions)
        ),
        "quotes_per_1000_words": rate(len(analysis.quotes)),
        "hedges_per_1000_words": rate(len(analysis.hedges)),
        "boosters_per_1000_words": rate(len(writers_own(analysis.boosters, analysis))),
        "assessments_per_1000_words": rate(len(analysis.assessments)),
        "own_assessment_share": smoothed_share(
            sum(not a.attributed for a in analysis.assessments), len(analysis.assessments)
        ),
        "estimates_without_confidence_per_1000_words": rate(
            sum(a.confidence is None for a in estimates)
        ),
        "numbers_per_1000_words": rate(len(analysis.numbers)),
        "dates_per_1000_words": rate(len(analysis.dates)),
        "first_person_per_1000_words": rate(len(writers_own(analysis.first_person, analysis))),
        "second_person_per_1000_words": rate(len(writers_own(analysis.second_person, analysis))),
        "loaded_words_per_1000_words": rate(len(writers_own(analysis.loaded_words, analysis))),
        "exclamations_per_1000_words": rate(len(writers_own(analysis.exclamations, analysis))),
        "social_media_per_1000_words": rate(len(writers_own(analysis.social_media, analysis))),
        "comment_requests_per_1000_words": rate(len(writers_own(analysis.comment_requests, analysis))),
        "unattributed_reports_per_1000_words": rate(len(writers_own(analysis.unattributed_reports, analysis))),
        "headline_signals": float(min(len(analysis.headline), HEADLINE_SIGNAL_CAP)),
        "words_per_sentence": min(
            WORDS_PER_SENTENCE_CAP, words / len(analysis.sentences) if analysis.sentences else 0.0
        ),
    }


def feature_frame(analyses, index=None) -> pd.DataFrame:
    """One row of features per Analysis, columns in FEATURE_NAMES order."""
    rows = [feature_vector(a) for a in analyses]
    return pd.DataFrame(rows, columns=list(FEATURE_NAMES), index=index, dtype=float)


def _text_or_empty(value) -> str:
    return value if isinstance(value, str) else ""


class SignalFeatures(TransformerMixin, BaseEstimator):
    """Articles (a DataFrame with a text column and optionally a title column) -> features.

    Stateless: ``fit`` only checks the input. Missing or non-string text counts as empty,
    which gives every rate 0 and every share its neutral value; ``scoring.model.score_frame``
    reports such rows as errors instead of scoring them.
    """

    def __init__(self, text_column: str = "text", title_column: str = "title"):
        self.text_column = text_column
        self.title_column = title_column

    def fit(self, X, y=None):
        self._articles(X)
        return self

    def transform(self, X) -> pd.DataFrame:
        texts, titles, index = self._articles(X)
        analyses = (
            analyze(_text_or_empty(text), title if isinstance(title, str) else None)
            for text, title in zip(texts, titles, strict=True)
        )
        return feature_frame(analyses, index=index)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return np.asarray(FEATURE_NAMES, dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.requires_fit = False
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags

    def _articles(self, X):
        """(texts, titles, index) from a DataFrame, a Series or a list of texts."""
        if isinstance(X, pd.DataFrame):
            if self.text_column not in X.columns:
                raise KeyError(
                    f"SignalFeatures needs a {self.text_column!r} column; "
                    f"found {', '.join(map(str, X.columns)) or 'no columns'}"
                )
            titles = X[self.title_column] if self.title_column in X.columns else [None] * len(X)
            return X[self.text_column], titles, X.index
        if isinstance(X, pd.Series):
            return X, [None] * len(X), X.index
        texts = list(X)
        return texts, [None] * len(texts), None


def evidence_for(name: str, analysis: Analysis) -> tuple[Span, ...]:
    """The spans in the text that a feature counts (empty for features with no spans, such as
    sentence length, or whose evidence is in the headline)."""
    attributions = analysis.attributions
    by_feature = {
        "attributions_per_1000_words": [a.cue for a in attributions],
        "named_source_share": [a.cue for a in attributions if a.kind != "unnamed"],
        "unnamed_source_share": [a.cue for a in attributions if a.kind == "unnamed"],
        "document_source_share": [a.cue for a in attributions if a.kind == "document"],
        "media_source_share": analysis.media_sources,
        # the verbs that pull the share down: the ones an editor may want to change to "said"
        "neutral_verb_share": [a.cue for a in attributions if not neutral_verb(a)],
        "direct_quote_share": [a.cue for a in attributions if a.direct_quote],
        "quotes_per_1000_words": analysis.quotes,
        "hedges_per_1000_words": analysis.hedges,
        "boosters_per_1000_words": writers_own(analysis.boosters, analysis),
        "assessments_per_1000_words": [a.span for a in analysis.assessments],
        "own_assessment_share": [a.span for a in analysis.assessments if not a.attributed],
        "estimates_without_confidence_per_1000_words": [
            a.span for a in analysis.assessments if a.likelihood is not None and a.confidence is None
        ],
        "numbers_per_1000_words": analysis.numbers,
        "dates_per_1000_words": analysis.dates,
        "first_person_per_1000_words": writers_own(analysis.first_person, analysis),
        "second_person_per_1000_words": writers_own(analysis.second_person, analysis),
        "loaded_words_per_1000_words": writers_own(analysis.loaded_words, analysis),
        "exclamations_per_1000_words": writers_own(analysis.exclamations, analysis),
        "social_media_per_1000_words": writers_own(analysis.social_media, analysis),
        "comment_requests_per_1000_words": writers_own(analysis.comment_requests, analysis),
        "unattributed_reports_per_1000_words": writers_own(analysis.unattributed_reports, analysis),
    }
    return tuple(by_feature.get(name, ()))
