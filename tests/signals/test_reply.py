"""Requests for comment: the writer says it asked the people a story is about for their side.

Every person and organisation here is fictional.
"""

from __future__ import annotations

import pytest

from scoring.analysis import analyze
from scoring.signals.reply import find_comment_requests
from scoring.text import split_sentences


def requests(text):
    spans = find_comment_requests(text, split_sentences(text))
    assert all(text[s.start : s.end] == s.text for s in spans)
    return [(s.text, s.kind) for s in spans]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one request per sentence, from its first phrase to its last
        (
            "Harlow Mills did not respond to a request for comment.",
            [("did not respond to a request for comment", "unanswered")],
        ),
        ("A spokeswoman for the board declined to comment on Monday.", [("declined to comment", "declined")]),
        ("Okafor could not be reached.", [("could not be reached", "unanswered")]),
        ("When reached by phone, Okafor said the dam held.", [("reached by phone", "sought")]),
        ("The board was not available for comment.", [("available for comment", "sought")]),
        (
            "Okafor declined to comment. The board was not immediately available for comment.",
            [("declined to comment", "declined"), ("was not immediately available for comment", "unanswered")],
        ),
        # "did not respond" and "did not return" only with what went unanswered
        ("The striker did not return to the pitch after half-time.", []),
        ("Firefighters did not respond to the alarm until noon.", []),
        ("Okafor did not return calls on Friday.", [("did not return calls", "unanswered")]),
        (
            "Okafor did not respond to questions about the budget.",
            [("did not respond to questions", "unanswered")],
        ),
        # a consultation, or the police reaching someone, is not the writer seeking comment
        ("The council put the draft plan out for comment until May.", []),
        ("When contacted by police, the driver fled.", []),
    ],
)
def test_find_comment_requests(text, expected):
    assert requests(text) == expected


def test_analyze_holds_the_requests():
    text = "The dam cracked, engineers said. Harlow Mills declined to comment."
    assert [s.text for s in analyze(text).comment_requests] == ["declined to comment"]
    assert analyze(text).to_dict()["comment_requests"] == [
        {"start": text.index("declined"), "end": len(text) - 1, "text": "declined to comment", "kind": "declined"}
    ]
