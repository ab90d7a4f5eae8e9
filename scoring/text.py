"""Sentence and word splitting with character offsets into the original text.

Every offset here indexes the text exactly as the caller gave it (CRLF line ends,
curly quotes, non-breaking spaces and emoji included), so ``text[span.start:span.end]``
is always the evidence an editor sees.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of evidence: ``text[start:end]`` of the analysed text, with what it is."""

    start: int
    end: int
    text: str
    kind: str = ""
    detail: str = ""

    @classmethod
    def of(cls, text: str, start: int, end: int, kind: str = "", detail: str = "") -> Span:
        return cls(start, end, text[start:end], kind, detail)

    def to_dict(self) -> dict:
        d = {"start": self.start, "end": self.end, "text": self.text}
        if self.kind:
            d["kind"] = self.kind
        if self.detail:
            d["detail"] = self.detail
        return d


WORD_RE = re.compile(r"\w+(?:['’]\w+)*")

# Abbreviations whose full stop does not end a sentence (titles, months, common forms).
_ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt", "capt", "cmdr", "adm", "maj", "gov", "sen", "rep", "rev", "hon", "pres", "supt", "insp", "st", "jr", "sr", "co", "corp", "inc", "ltd", "bros", "no", "vs", "etc", "approx", "dept", "est", "fig", "al", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "u.s", "u.k", "u.n", "e.u", "d.c", "a.m", "p.m", "i.e", "e.g", "n.y", "calif", "fla", "ill", "mass", "mich", "pa", "tex", "va", "wash"]
)

# A candidate sentence end: terminal punctuation, optional closing quotes/brackets, then space;
# or a run of line breaks (paragraphs end sentences even without a full stop).
_BOUNDARY_RE = re.compile(r"""[.!?…]+["'”’)\]]*(?=\s)|\r?\n(?:[ \t\u00a0]*\r?\n)*""")
_NEXT_START_RE = re.compile(r"""\s*["'“‘(\[]?[\w$£€#@]""")


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` belongs to an abbreviation or an initial."""
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot].lower()
    if not word:
        return False
    if len(word) == 1 and word.isalpha():  # an initial: "John F. Kennedy"
        return True
    return word in _ABBREVIATIONS


def split_sentences(text: str) -> tuple[Span, ...]:
    """Split text into sentence Spans, trimmed of surrounding whitespace."""
    spans: list[Span] = []
    start = 0
    for m in _BOUNDARY_RE.finditer(text):
        end = m.end()
        if text[m.start()] in ".!?…":
            after = text[end:end + 40]
            nxt = _NEXT_START_RE.match(after)
            if nxt is None:
                continue
            first = nxt.group()[-1]
            if first.islower():  # "e.g. the", "said Mr. smith" mid-sentence
                continue
            if text[m.start()] == "." and m.end() - m.start() == 1 and _is_abbreviation(text, m.start()):
                continue
        _append_trimmed(text, start, end, spans)
        start = end
    _append_trimmed(text, start, len(text), spans)
    return tuple(spans)


def _append_trimmed(text: str, start: int, end: int, out: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Span(start, end, text[start:end]))


def word_count(text: str) -> int:
    return len(WORD_RE.findall(text))


class SentenceIndex:
    """Find which sentence a character offset falls in (binary search over sentence starts)."""

    def __init__(self, sentences: tuple[Span, ...]):
        self.sentences = sentences
        self._starts = [s.start for s in sentences]

    def index_of(self, pos: int) -> int:
        """Index of the sentence containing ``pos`` (the nearest earlier one between sentences)."""
        if not self._starts:
            return -1
        return max(0, bisect.bisect_right(self._starts, pos) - 1)

    def sentence_at(self, pos: int) -> Span | None:
        i = self.index_of(pos)
        return self.sentences[i] if i >= 0 else None
