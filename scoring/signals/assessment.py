"""Judgement language: who assesses what, how likely (ICD 203), with what confidence.

An assessment is a judgement phrase ("we assess", "officials believe", "this indicates") or, in a
sentence without one, an estimative term on its own ("probably", "very unlikely") or a confidence
statement ("we have moderate confidence"). A judgement phrase takes the estimative term and the
confidence statement of its sentence. Lexicons: ``assessment_phrases.txt`` and
``estimative_terms.txt``, found by the shared scan of ``scoring.signals.cues``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from scoring.signals.cues import ROWS, scan
from scoring.signals.hedging import in_hedge_sense
from scoring.signals.style import quoted_passages
from scoring.text import SentenceIndex, Span


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


_PHRASES = ROWS["assessment_phrases"]
_LIKELIHOODS = {
    phrase: Likelihood(row[1], float(row[2]), float(row[3])) for phrase, row in ROWS["estimative_terms"].items()
}

_WRITER_SUBJECTS = frozenset({"i", "we", "it", "this", "that"})
# Words that may stand between a subject and its verb ("officials still firmly believe").
_BETWEEN_SUBJECT_AND_VERB = frozenset(
    {"also", "still", "now", "do", "does", "did", "not", "don't", "doesn't", "didn't", "would", "may",
     "might", "could", "can", "will", "must", "should", "all", "both", "too", "already", "had", "have", "has",
     "wouldn't", "couldn't", "can't", "cannot", "won't", "shouldn't", "never"}
)
# A word here before the verb means it is no judgement with a subject: a noun ("the estimate",
# "a thought"), an infinitive ("to believe") or a passive ("was assessed at").
_NOT_A_SUBJECT = frozenset(
    {"the", "a", "an", "to", "of", "in", "on", "at", "for", "with", "by", "from", "and", "or", "but",
     "is", "are", "was", "were", "be", "been", "being", "am", "his", "her", "their", "its", "my", "our",
     "your", "no", "any", "some", "first", "initial", "latest", "new", "cost", "without", "beyond",
     "reasonable", "little", "much", "second", "every", "each", "whose", "as", "than", "us", "me", "him",
     "them"}
)
# These verbs are also common nouns ("the judge", "the estimates"): only a pronoun subject or a
# following "that" makes them judgements.
_NOUN_LIKE_VERBS = frozenset({"judge", "judges", "estimate", "estimates", "doubt", "doubts", "thought", "suspect", "suspects"})
# Evidential phrases that open on their verb: "reports indicate that" has a subject to check,
# "this indicates" carries its own.
_EVIDENTIAL_VERBS = frozenset({"suggests that", "suggest that", "indicates that", "indicate that"})
_PRONOUNS = frozenset({"i", "we", "you", "they", "he", "she", "who"})
_THAT_AFTER = re.compile(r"\s+that\b", re.IGNORECASE)


def _subject(text: str, start: int, end: int) -> str | None:
    """The lower-case subject of the cognitive verb at start:end, or None when it has none."""
    words = text[max(0, start - 60) : start].replace(",", " ").split()[-4:]
    for word in reversed(words):
        word = word.lower().replace("’", "'").lstrip("\"“‘'([")  # “We think
        if word.endswith("ly") or word in _BETWEEN_SUBJECT_AND_VERB:
            continue
        if not word.replace("'", "").isalnum() or word in _NOT_A_SUBJECT:
            return None  # punctuation ("Yes. Believe it"), a noun use, an infinitive or a passive
        verb = text[start:end].lower()
        if verb in _NOUN_LIKE_VERBS and word not in _PRONOUNS and not _THAT_AFTER.match(text, end):
            return None
        return word
    return None


class _Sourcing:
    """Whether a place in the text is a source's voice: inside a quote, a reported claim, or a
    sentence with an attribution."""

    def __init__(self, text: str, attributions) -> None:
        ranges = sorted(
            [(q.start, q.end) for q in quoted_passages(text)]
            + [(a.content.start, a.content.end) for a in attributions if a.content is not None]
        )
        self.ranges: list[tuple[int, int]] = []
        for start, end in ranges:  # quotes sit inside claims: merge them into disjoint ranges
            if self.ranges and start <= self.ranges[-1][1]:
                self.ranges[-1] = (self.ranges[-1][0], max(end, self.ranges[-1][1]))
            else:
                self.ranges.append((start, end))
        self.starts = [r[0] for r in self.ranges]
        self.sentences = {a.sentence for a in attributions}

    def __call__(self, pos: int, sentence: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return sentence in self.sentences or (i >= 0 and pos < self.ranges[i][1])


def _estimates(text: str, hits, index: SentenceIndex) -> dict[int, list[tuple[Span, Likelihood]]]:
    """Estimative terms by sentence, in text order."""
    found: dict[int, list[tuple[Span, Likelihood]]] = {}
    for start, end, phrase in hits:
        if " " not in phrase and not in_hedge_sense(text, start, end):
            continue  # "probable cause", "likely voters"
        likelihood = _LIKELIHOODS[phrase]
        span = Span.of(text, start, end, "estimative", likelihood.term)
        found.setdefault(index.index_of(start), []).append((span, likelihood))
    return found


def find_assessments(text, sentences, attributions) -> tuple[Assessment, ...]:
    """Every judgement in the text, in text order."""
    index = SentenceIndex(sentences)
    sourced = _Sourcing(text, attributions)
    hits = scan(text)
    estimates = _estimates(text, hits["estimative_terms"], index)
    confidences: dict[int, Span] = {}  # the first confidence statement of each sentence
    found: list[Assessment] = []
    for start, end, phrase in hits["assessment_phrases"]:
        kind = _PHRASES[phrase][1]
        sentence = index.index_of(start)
        if kind == "confidence":
            confidences.setdefault(sentence, Span.of(text, start, end, kind, _PHRASES[phrase][2]))
            continue
        third_person = False
        if kind == "cognitive" and not in_hedge_sense(text, start, end):
            continue  # "couldn't believe it", "think about", "school of thought"
        if kind == "cognitive" or phrase in _EVIDENTIAL_VERBS:
            subject = _subject(text, start, end)
            if subject is None and kind == "cognitive":
                continue
            third_person = subject is not None and subject not in _WRITER_SUBJECTS
        terms = estimates.get(sentence, [])
        after = [t for t in terms if t[0].start >= end] or terms
        found.append(
            Assessment(
                Span.of(text, start, end, kind, phrase),
                sentence,
                third_person or sourced(start, sentence),
                likelihood=after[0][1] if after else None,
            )
        )

    judged = {a.sentence for a in found}
    for sentence, terms in estimates.items():
        if sentence not in judged:
            found += [Assessment(span, sentence, sourced(span.start, sentence), likelihood) for span, likelihood in terms]
    for sentence, span in confidences.items():
        if sentence not in judged and sentence not in estimates:
            found.append(Assessment(span, sentence, sourced(span.start, sentence)))
    # A sentence's confidence statement qualifies every judgement in it.
    return tuple(
        sorted(
            (replace(a, confidence=confidences[a.sentence].detail) if a.sentence in confidences else a for a in found),
            key=lambda a: a.span.start,
        )
    )
