"""Requests for comment: the writer says it asked the people a story is about for their side.

"Acme did not respond to a request for comment", "Okafor declined to comment", "could not be
reached": the right of reply (SPJ Code of Ethics) shown in the text. Lexicon
``comment_requests``, found by the shared scan of ``scoring.signals.cues``.
"""

from __future__ import annotations

import re

from scoring.signals.cues import ROWS, scan
from scoring.text import SentenceIndex, Span

_FOR_COMMENT_RE = re.compile(r"[ \t\u00a0]+for[ \t\u00a0]+comment\b", re.IGNORECASE)


def find_comment_requests(text: str, sentences: tuple[Span, ...]) -> tuple[Span, ...]:
    """One span per sentence that says comment was sought: from its first such phrase to its
    last ("did not respond to a request for comment" is one request, not two). ``kind`` is the
    first phrase's: "declined", "unanswered" or "sought"."""
    rows = ROWS["comment_requests"]
    index = SentenceIndex(sentences)
    by_sentence: dict[int, list[tuple[int, int, str]]] = {}
    for start, end, phrase in scan(text)["comment_requests"]:
        by_sentence.setdefault(index.index_of(start), []).append((start, end, phrase))
    spans = []
    for _, hits in sorted(by_sentence.items()):
        end = hits[-1][1]
        more = _FOR_COMMENT_RE.match(text, end)  # "did not respond to a request" [for comment]
        spans.append(Span.of(text, hits[0][0], more.end() if more else end, rows[hits[0][2]][1]))
    return tuple(spans)
