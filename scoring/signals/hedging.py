"""Hedges (may, reportedly, appears) and boosters (clearly, undoubtedly), with sense filters."""

from __future__ import annotations

from scoring.text import Span


def find_hedges(text: str) -> tuple[Span, ...]:
    """Hedge cues; ``Span.kind`` is the category (modal, epistemic_verb, adverb, approximator ...)."""
    return ()


def find_boosters(text: str) -> tuple[Span, ...]:
    """Booster cues; ``Span.kind`` is the category."""
    return ()
