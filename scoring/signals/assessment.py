"""Judgement language: who assesses what, how likely (ICD 203), with what confidence."""

from __future__ import annotations

from dataclasses import dataclass

from scoring.text import Span


@dataclass(frozen=True, slots=True)
class Likelihood:
    """An ICD 203 estimative term and its probability range (fractions, e.g. likely = 0.55-0.80)."""

    term: str
    low: float
    high: float

    def label(self) -> str:
        return f"{self.term}: {self.low:.0%}-{self.high:.0%}"


@dataclass(frozen=True, slots=True)
class Assessment:
    """A judgement: ``span`` is the phrase ("we assess", "likely", "officials believe").

    ``attributed`` is True when the judgement belongs to a source, False when it is the writer's.
    """

    span: Span
    sentence: int
    attributed: bool
    likelihood: Likelihood | None = None
    confidence: str | None = None  # "high" | "moderate" | "low"

    def to_dict(self) -> dict:
        return {
            "span": self.span.to_dict(),
            "sentence": self.sentence,
            "attributed": self.attributed,
            "likelihood": None
            if self.likelihood is None
            else {"term": self.likelihood.term, "low": self.likelihood.low, "high": self.likelihood.high},
            "confidence": self.confidence,
        }


def find_assessments(text, sentences, attributions) -> tuple[Assessment, ...]:
    """Every judgement in the text, in text order."""
    return ()
