"""Who is quoted: reporting cues, their sources, the claims, and how identifiable each source is."""

from __future__ import annotations

from dataclasses import dataclass

from scoring.text import Span

SOURCE_KINDS = ("named_person", "named_org", "document", "unnamed")


@dataclass(frozen=True, slots=True)
class Attribution:
    """One claim attributed to a source.

    ``kind`` is one of SOURCE_KINDS. For a pronoun source ("he said") ``source`` is the pronoun,
    ``resolved_from`` the antecedent it was resolved to, and ``kind`` the antecedent's kind.
    """

    cue: Span
    source: Span | None
    content: Span | None
    direct_quote: bool
    kind: str
    sentence: int
    resolved_from: Span | None = None
    anonymity_reason: Span | None = None

    @property
    def named(self) -> bool:
        return self.kind != "unnamed"

    def to_dict(self) -> dict:
        def span(s: Span | None):
            return None if s is None else s.to_dict()

        return {
            "cue": span(self.cue),
            "source": span(self.source),
            "content": span(self.content),
            "direct_quote": self.direct_quote,
            "kind": self.kind,
            "sentence": self.sentence,
            "resolved_from": span(self.resolved_from),
            "anonymity_reason": span(self.anonymity_reason),
        }


def find_quotes(text: str) -> tuple[Span, ...]:
    """Quoted passages (straight or curly double quotes)."""
    return ()


def find_attributions(text: str, sentences: tuple[Span, ...]) -> tuple[Attribution, ...]:
    """Every attribution in the text, in text order."""
    return ()
