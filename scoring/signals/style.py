"""Specificity and voice: numbers, dates, first person, loaded words, headline signals."""

from __future__ import annotations

from scoring.text import Span


def find_numbers(text: str) -> tuple[Span, ...]:
    return ()


def find_dates(text: str) -> tuple[Span, ...]:
    return ()


def find_first_person(text: str) -> tuple[Span, ...]:
    return ()


def find_loaded_words(text: str) -> tuple[Span, ...]:
    return ()


def find_headline_signals(title: str) -> tuple[Span, ...]:
    """Signals in the headline; offsets index the title, not the body."""
    return ()
