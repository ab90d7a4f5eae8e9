"""Second-hand sourcing: claims resting on other news media's reporting, on social-media posts,
and on reports nobody is named for.

An attribution rests on another outlet when its source is a news organisation or the press
("The Times reported", "according to a report in Politico", "a local newspaper said"): the
writer passes on someone else's reporting instead of reaching the source. "Told CNN" is not
counted: in CNN's own story it is CNN's interview, and the text does not say whose story it
is. Social-media posts (tweeted, on Facebook) are sources the writer found online.
"Reportedly", "according to reports" and "is said to" pass a claim on without saying whose
report it is. Lexicons: ``news_media`` (matched inside source spans), ``social_media`` and
``unattributed_reports`` (found by the shared scan of ``scoring.signals.cues``).
"""

from __future__ import annotations

import re

from scoring.lexicons import load, lowered, phrase_pattern
from scoring.signals.attribution import Attribution
from scoring.signals.cues import ROWS, key, scan
from scoring.text import Span

_MEDIA = {row[0]: row[1] for row in load("news_media")}
_MEDIA_RE = phrase_pattern(_MEDIA, flags=0)  # run over lower-cased text


def find_media_sources(text: str, attributions: tuple[Attribution, ...]) -> tuple[Span, ...]:
    """For each attribution that rests on other news media, the span naming the media
    (``kind`` "outlet" or "press"), in text order; at most one span per attribution."""
    lower = lowered(text)
    spans = []
    for attribution in attributions:
        source = attribution.source
        m = _MEDIA_RE.search(lower, source.start, source.end) if source is not None else None
        if m is not None:
            spans.append(Span.of(text, m.start(), m.end(), _MEDIA[key(m.group())]))
    return tuple(sorted(spans, key=lambda s: s.start))


def find_social_media(text: str) -> tuple[Span, ...]:
    """Mentions of social-media platforms and posts (Twitter, tweeted, Facebook); ``kind`` is
    "platform" or "post"."""
    rows = ROWS["social_media"]
    return tuple(Span.of(text, start, end, rows[word][1], word) for start, end, word in scan(text)["social_media"])


# "According to reports from the health ministry" says whose reports they are.
_REPORTS_NAMED_RE = re.compile(r"[ \t\u00a0]+(?:from|by|in|of|published|released|filed)\b", re.IGNORECASE)


def find_unattributed_reports(text: str) -> tuple[Span, ...]:
    """Claims passed on without saying whose report they are (reportedly, according to reports,
    is said to be); ``kind`` is "hearsay", "reports" or "passive"."""
    rows = ROWS["unattributed_reports"]
    return tuple(
        Span.of(text, start, end, rows[word][1], word)
        for start, end, word in scan(text)["unattributed_reports"]
        if not (rows[word][1] == "reports" and _REPORTS_NAMED_RE.match(text, end))
    )
