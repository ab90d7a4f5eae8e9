"""One pass over an article for every cue lexicon of the attribution, hedging, assessment and style signals.

A regex pass over a whole article costs about as much whatever it looks for, and these finders
use fourteen lexicons. So all their phrases form one trie pattern (``phrase_pattern``) run once over
the lower-cased text, and each finder takes its own lexicon's hits from the cached result.

The one pattern finds the longest phrase at each place, across lexicons. A phrase of another
lexicon inside it ("believed" in "it is believed", "suggests" in "suggests that") is recorded with
it when the lexicons are loaded, so every lexicon gets the hits it would get on its own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from scoring.lexicons import load, lowered, phrase_pattern

LEXICONS = (
    "reporting_verbs",
    "hedges",
    "boosters",
    "assessment_phrases",
    "estimative_terms",
    "loaded_words",
    "first_person",
    "time_words",
    "quantity_words",
    "calendar_words",
    "social_media",
    "second_person",
    "comment_requests",
    "unattributed_reports",
)


def key(phrase: str) -> str:
    """A phrase as the lexicons spell it: lower case, single spaces, straight apostrophes."""
    return " ".join(phrase.lower().replace("’", "'").split())


ROWS: dict[str, dict[str, tuple[str, ...]]] = {
    name: {key(row[0]): row for row in load(name)} for name in LEXICONS
}


def _sub_phrases() -> dict[str, tuple[tuple[str, int, int], ...]]:
    """For every phrase, the (lexicon, first word, end word) of each lexicon hit it stands for."""
    phrases = {phrase for rows in ROWS.values() for phrase in rows}
    table = {}
    for phrase in phrases:
        words = phrase.split(" ")
        hits = []
        for name, rows in ROWS.items():
            if phrase in rows:
                hits.append((name, 0, len(words)))
                continue  # a lexicon's own longest phrase hides its shorter ones
            for i in range(len(words)):
                for j in range(i + 1, len(words) + 1):
                    if " ".join(words[i:j]) in rows:
                        hits.append((name, i, j))
                for other in rows:  # a phrase starting inside this one and running past its end
                    if i and other.startswith(" ".join(words[i:]) + " "):
                        raise ValueError(f"lexicon {name}: {other!r} overlaps the end of {phrase!r}")
        table[phrase] = tuple(hits)
    return table


_HITS = _sub_phrases()
_PATTERN = phrase_pattern(_HITS, flags=0)
_WORD_RE = re.compile(r"\S+")


@lru_cache(maxsize=8)  # the finders of one analyze() call share one scan of the same text
def scan(text: str) -> Mapping[str, tuple[tuple[int, int, str], ...]]:
    """Every lexicon's hits in ``text`` as (start, end, phrase key), in text order."""
    lower = lowered(text)
    found: dict[str, list[tuple[int, int, str]]] = {name: [] for name in LEXICONS}
    for m in _PATTERN.finditer(lower):
        phrase = m.group()
        if phrase not in _HITS:
            phrase = key(phrase)  # a line break, a double space or a curly apostrophe inside
        hits = _HITS[phrase]
        if len(hits) == 1 and hits[0][1] == 0:
            found[hits[0][0]].append((m.start(), m.end(), phrase))
            continue
        words = [w.span() for w in _WORD_RE.finditer(lower, m.start(), m.end())]
        for name, i, j in hits:
            start, end = words[i][0], words[j - 1][1]
            found[name].append((start, end, key(lower[start:end])))
    # Read-only: the cached result is shared by every finder that asks for the same text.
    return MappingProxyType({name: tuple(sorted(hits)) for name, hits in found.items()})
