"""Requests for comment: the writer says it asked the people a story is about for their side.

"Acme did not respond to a request for comment", "Okafor declined to comment", "could not be
reached": the right of reply (SPJ Code of Ethics) shown in the text. Lexicon
``comment_requests``, found by the shared scan of ``scoring.signals.cues``.
"""

from __future__ import annotations

import bisect

from scoring.signals.cues import ROWS, scan
from scoring.text import Span


def find_comment_requests(text: str, sentences: tuple[Span, ...]) -> tuple[Span, ...]:
    """One span per sentence that says comment was sought: from its first such phrase to its
    last ("did not respond to a request for comment" is one request, not two). ``kind`` is the
    first phrase's: "declined", "unanswered" or "sought"."""
    rows = ROWS["comment_requests"]
    starts = [s.start for s in sentences]
    by_sentence: dict[int, list[tuple[int, int, str]]] = {}
    for start, end, phrase in scan(text)["comment_requests"]:
        by_sentence.setdefault(bisect.bisect_right(starts, start) - 1, []).append((start, end, phrase))
    return tuple(
        Span.of(text, hits[0][0], hits[-1][1], rows[hits[0][2]][1])
        for _, hits in sorted(by_sentence.items())
    )
