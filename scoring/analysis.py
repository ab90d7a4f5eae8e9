"""The Analysis of one article: its text, its sentences and every piece of evidence found in it."""

from __future__ import annotations

from dataclasses import dataclass

from scoring.signals.assessment import Assessment, find_assessments
from scoring.signals.attribution import Attribution, find_attributions, find_quotes
from scoring.signals.hedging import find_boosters, find_hedges
from scoring.signals.media import find_media_sources, find_social_media, find_unattributed_reports
from scoring.signals.reply import find_comment_requests
from scoring.signals.style import (
    find_dates,
    find_exclamations,
    find_first_person,
    find_headline_signals,
    find_loaded_words,
    find_numbers,
    find_second_person,
)
from scoring.text import Span, split_sentences, word_count


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything found in one article. Span offsets index ``text``; ``headline`` ones index ``title``."""

    text: str
    title: str | None
    words: int
    sentences: tuple[Span, ...]
    quotes: tuple[Span, ...]
    attributions: tuple[Attribution, ...]
    hedges: tuple[Span, ...]
    boosters: tuple[Span, ...]
    assessments: tuple[Assessment, ...]
    numbers: tuple[Span, ...]
    dates: tuple[Span, ...]
    first_person: tuple[Span, ...]
    loaded_words: tuple[Span, ...]
    headline: tuple[Span, ...]
    media_sources: tuple[Span, ...] = ()  # one per attribution resting on other news media
    social_media: tuple[Span, ...] = ()
    second_person: tuple[Span, ...] = ()
    exclamations: tuple[Span, ...] = ()
    comment_requests: tuple[Span, ...] = ()  # one per sentence saying comment was sought
    unattributed_reports: tuple[Span, ...] = ()

    @property
    def counts(self) -> dict[str, int]:
        kinds = [a.kind for a in self.attributions]
        return {
            "words": self.words,
            "sentences": len(self.sentences),
            "quotes": len(self.quotes),
            "attributions": len(self.attributions),
            "named_sources": sum(k != "unnamed" for k in kinds),
            "unnamed_sources": kinds.count("unnamed"),
            "hedges": len(self.hedges),
            "boosters": len(self.boosters),
            "assessments": len(self.assessments),
            "numbers": len(self.numbers),
            "dates": len(self.dates),
            "first_person": len(self.first_person),
            "loaded_words": len(self.loaded_words),
        }

    def to_dict(self) -> dict:
        spans = lambda xs: [x.to_dict() for x in xs]  # noqa: E731
        return {
            "text": self.text,
            "title": self.title,
            "counts": self.counts,
            "sentences": spans(self.sentences),
            "quotes": spans(self.quotes),
            "attributions": spans(self.attributions),
            "hedges": spans(self.hedges),
            "boosters": spans(self.boosters),
            "assessments": spans(self.assessments),
            "numbers": spans(self.numbers),
            "dates": spans(self.dates),
            "first_person": spans(self.first_person),
            "loaded_words": spans(self.loaded_words),
            "headline": spans(self.headline),
            "media_sources": spans(self.media_sources),
            "social_media": spans(self.social_media),
            "second_person": spans(self.second_person),
            "exclamations": spans(self.exclamations),
            "comment_requests": spans(self.comment_requests),
            "unattributed_reports": spans(self.unattributed_reports),
        }


def analyze(text: str, title: str | None = None) -> Analysis:
    """Find every signal in an article. Never raises on any string; raises TypeError on non-strings."""
    if not isinstance(text, str):
        raise TypeError(f"analyze() needs the article text as str, got {type(text).__name__}")
    if title is not None and not isinstance(title, str):
        raise TypeError(f"analyze() needs the title as str or None, got {type(title).__name__}")
    sentences = split_sentences(text)
    attributions = find_attributions(text, sentences)
    return Analysis(
        text=text,
        title=title,
        words=word_count(text),
        sentences=sentences,
        quotes=find_quotes(text),
        attributions=attributions,
        hedges=find_hedges(text),
        boosters=find_boosters(text),
        assessments=find_assessments(text, sentences, attributions),
        numbers=find_numbers(text),
        dates=find_dates(text),
        first_person=find_first_person(text),
        loaded_words=find_loaded_words(text),
        headline=find_headline_signals(title) if title else (),
        media_sources=find_media_sources(text, attributions),
        social_media=find_social_media(text),
        second_person=find_second_person(text),
        exclamations=find_exclamations(text),
        comment_requests=find_comment_requests(text, sentences),
        unattributed_reports=find_unattributed_reports(text),
    )
