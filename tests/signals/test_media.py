"""Second-hand sourcing: attributions resting on other news media, social-media mentions, and
reports nobody is named for."""

from __future__ import annotations

import pytest

from scoring.analysis import analyze
from scoring.lexicons import load
from scoring.signals.media import find_media_sources, find_social_media, find_unattributed_reports

# The lexicon's own first outlet name, so the tests do not hard-code a real outlet.
OUTLET = next(row[0] for row in load("news_media") if row[1] == "outlet").title()


def media_sources(text):
    analysis = analyze(text)
    assert analysis.media_sources == find_media_sources(text, analysis.attributions)
    return [(s.text, s.kind) for s in analysis.media_sources]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The regional newspaper reported that the dam had cracked.", [("newspaper", "press")]),
        ("According to a report in a local newspaper, the dam cracked.", [("newspaper", "press")]),
        (f"The dam cracked, {OUTLET} reported on Monday.", [(OUTLET, "outlet")]),
        # In that outlet's own story this is its own interview: the text cannot tell, so not counted.
        (f"Engineer Pia Lund told {OUTLET} that the dam cracked.", []),
        # Primary sourcing: the writer reached the engineer, the board and the records.
        ("Engineer Pia Lund said the dam cracked. The water board said repairs would start.", []),
        ("Records filed with the Harlow County clerk show the dam cracked.", []),
        ("Pia Lund told reporters the dam cracked.", []),  # a press briefing is the source herself
    ],
)
def test_find_media_sources(text, expected):
    assert media_sources(text) == expected


def test_at_most_one_media_span_per_attribution_and_offsets_hold():
    text = f"According to a newspaper report in {OUTLET}, the dam cracked. {OUTLET} said it held."
    analysis = analyze(text)
    assert len(analysis.media_sources) <= len(analysis.attributions)
    assert len(analysis.media_sources) == 2
    assert all(text[s.start : s.end] == s.text for s in analysis.media_sources)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The mayor tweeted that the dam held.", [("tweeted", "post")]),
        ("A video posted on Facebook and YouTube showed the dam.", [("Facebook", "platform"), ("YouTube", "platform")]),
        ("In a tweet, the mayor said the dam held; social media lit up.", [("tweet", "post"), ("social media", "platform")]),
        ("The mayor said the dam held.", []),
    ],
)
def test_find_social_media(text, expected):
    spans = find_social_media(text)
    assert [(s.text, s.kind) for s in spans] == expected
    assert all(text[s.start : s.end] == s.text for s in spans)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The mayor reportedly left the town on Friday.", [("reportedly", "hearsay")]),
        ("According to reports, the dam cracked.", [("According to reports", "reports")]),
        ("The mayor is said to be against the plan.", [("is said to be", "passive")]),
        ("It has been reported that the dam cracked.", [("It has been reported that", "passive")]),
        # a charge, and reports whose authors are named next, are not unattributed
        ("The man allegedly set the fire, police said.", []),
        ("According to a report by the Harlow County auditor, the dam cracked.", []),
        ("According to reports from the Harlow health board, the ward is full.", []),
        # words said to someone, and a crime reported to the police, are no hearsay
        ("What was said to the jury stays sealed.", []),
        ("The theft was reported to police on Monday.", []),
        ("The water board said the dam held.", []),
    ],
)
def test_find_unattributed_reports(text, expected):
    spans = find_unattributed_reports(text)
    assert [(s.text, s.kind) for s in spans] == expected
    assert all(text[s.start : s.end] == s.text for s in spans)
    assert analyze(text).unattributed_reports == spans
