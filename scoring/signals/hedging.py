"""Hedges (may, reportedly, appears) and boosters (clearly, undoubtedly), with sense filters.

Cues come from the lexicons ``hedges.txt`` and ``boosters.txt``, found by the one shared scan of
``scoring.signals.cues``. A cue whose hedge sense depends on context ("May 23", "could not be reached",
"appeared on television", "about the bill") goes through the sense filter named after its
canonical cue; a filter looks only at a few words either side, so the cost stays linear.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from scoring.signals.cues import ROWS, key, scan
from scoring.text import Span


def _entries(name: str) -> dict[str, tuple[str, str]]:
    """Lexicon rows as {phrase key: (category, canonical cue)}."""
    return {phrase: (row[1], row[2] if len(row) > 2 else row[0]) for phrase, row in ROWS[name].items()}


_HEDGES = _entries("hedges")
_BOOSTERS = _entries("boosters")

# How far back a filter may look: a few words, never the whole text.
_BEFORE = 40

_NUMBER_WORDS = (
    r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty"
    r"|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|million|millions|billion"
    r"|billions|trillion|dozen|dozens|half|a\s+third|a\s+quarter|a\s+half|a\s+dozen|a\s+hundred"
    r"|a\s+thousand|a\s+million|a\s+billion)\b"
)
_QUANTITY_AFTER = re.compile(r"\s+(?:[$£€]\s?|US\$)?(?:\d|" + _NUMBER_WORDS + ")", re.IGNORECASE)
_DIGIT_AFTER = re.compile(r"[\s\u00a0]*\d")
_BE = r"(?:is|are|was|were|be|been|being|am|'s|’s|'re|’re|remains|remained)"
_BE_BEFORE = re.compile(_BE + r"\s+(?:\w+ly\s+|not\s+|also\s+|still\s+|now\s+|long\s+|once\s+)?$", re.IGNORECASE)
_ADVERB_BEFORE = re.compile(r"(?:widely|generally|commonly|often|traditionally|largely|universally|once|long)\s+$", re.IGNORECASE)
_SUBJECT_BEFORE = re.compile(
    r"(?:\b(?:i|we|they|he|she|you|police|officials|investigators|authorities|experts|analysts|scientists"
    r"|researchers|doctors|many|some|others)\s+(?:\w+ly\s+|also\s+|still\s+|now\s+)?)$",
    re.IGNORECASE,
)
_THAT_AFTER = re.compile(r"\s+that\b", re.IGNORECASE)
_NEGATED_MODAL_AFTER = re.compile(r"\s+(?:not|never|hardly|barely|scarcely|no\s+longer)\b", re.IGNORECASE)
# "could see", "could only", "could afford": ability, which doubts nothing.
_ABILITY_AFTER = re.compile(
    r"\s+(?:only|easily|still|see|hear|feel|find|afford|do|get|make|play|talk|speak|read|write|walk)\b",
    re.IGNORECASE,
)
_REACHED_AFTER = re.compile(r"\s+(?:\w+\s+)?(?:be\s+)?(?:reached|contacted)\b", re.IGNORECASE)
# "before he could", "so they could", "as fast as it could": ability or purpose, not doubt.
_ABILITY_BEFORE = re.compile(
    r"\b(?:before|so|so\s+that|until|as|than|where|what|whatever|wherever|if|everything|anything|all)"
    r"\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
_MIGHT_NOUN_AFTER = re.compile(r"\s*(?:[.,;:!?)\"”]|$)|\s+(?:of|and|in|to)\b", re.IGNORECASE)
_APPEAR_AFTER = re.compile(r"\s+(?:to\s+(?!the\b|him\b|her\b|them\b|me\b|us\b|you\b|a\b|an\b)|that\b)", re.IGNORECASE)
_IT_BEFORE = re.compile(r"\bit\s+(?:\w+\s+)?$", re.IGNORECASE)
_THOUGHT_NOUN_BEFORE = re.compile(
    r"\b(?:of|a|the|his|her|their|its|my|our|your|this|that|no|second|much|little|some|any|deep|free|political)\s+$",
    re.IGNORECASE,
)
# "couldn't believe it", "hard to believe", "believe it or not": surprise, not a belief held.
_DISBELIEF_BEFORE = re.compile(r"(?:\b(?:can|could)(?:n['’]t|\s+not|not)|\bhard\s+to)\s+$", re.IGNORECASE)
_IT_OR_NOT_AFTER = re.compile(r"\s+it\s+or\s+not\b", re.IGNORECASE)
_THINK_ABOUT_AFTER = re.compile(r"\s+(?:about|of|tank|twice)\b", re.IGNORECASE)
_CONSIDER_AFTER = re.compile(
    r"\s+(?:to\s+be|as|one\s+of|that|him|her|it|them|themselves|himself|herself|itself|among)\b", re.IGNORECASE
)
_REGARDED_AFTER = re.compile(r"\s+(?:as|by|with\s+suspicion)\b", re.IGNORECASE)
_EXPECT_AFTER = re.compile(r"\s+(?:to|that)\b", re.IGNORECASE)
_FEAR_AFTER = re.compile(r"\s+(?:that|dead|killed|lost|missing|drowned)\b", re.IGNORECASE)
_ASSUME_OFFICE_AFTER = re.compile(
    r"\s+(?:the|his|her|their|its|a|an|office|power|control|command|responsibility|responsibilities"
    r"|duties|leadership|ownership|management|name|role|post|position|presidency|throne)\b",
    re.IGNORECASE,
)
_SUPPOSED_TO_AFTER = re.compile(r"\s+to\s+(?!have\b|be\s+(?:the|a|an)\b)", re.IGNORECASE)
_SUSPECT_NOUN_BEFORE = re.compile(
    r"\b(?:the|a|an|one|two|three|four|five|several|prime|main|key|murder|possible|no|alleged"
    r"|suspected|other|another|both|all|of|named)\s+$",
    re.IGNORECASE,
)
_POSSIBLE_BEFORE = re.compile(r"\b(?:it|it's|it’s|that|this|quite|entirely|very|also|seems|seemed|a|an|one|another)\s+(?:is\s+|was\s+|be\s+|seems\s+)?$", re.IGNORECASE)
_POSSIBLE_AFTER_NOT = re.compile(r"\s+(?:to\b|for\b|with\b|[.,;:!?)])", re.IGNORECASE)
_AS_BEFORE = re.compile(r"\b(?:as|if|whenever|wherever|where|when|all|every|any|best|no|not)\s+$", re.IGNORECASE)
_PROBABLE_CAUSE_AFTER = re.compile(r"\s+cause\b", re.IGNORECASE)
_OF_AFTER = re.compile(r"\s+of\b", re.IGNORECASE)
_LIKELY_VOTERS_AFTER = re.compile(r"\s+(?:u\.s\.\s+)?voters\b", re.IGNORECASE)
_NO_BEFORE = re.compile(r"\bno\s+$", re.IGNORECASE)
_REASONABLE_BEFORE = re.compile(r"\breasonable\s+$", re.IGNORECASE)
_NOT_CLEAR_BEFORE = re.compile(_BE + r"\s+(?:still\s+|yet\s+|also\s+)?$", re.IGNORECASE)
_CERTAINLY_WEAKENED_BEFORE = re.compile(r"\b(?:almost|nearly|not|virtually|near)\s+$", re.IGNORECASE)
_MUST_HAVE_AFTER = re.compile(r"\s+(?:been|known|seen|heard|felt|had|thought|realized|realised|noticed)\b", re.IGNORECASE)
_SENTENCE_OPENERS = "\"“‘'([ \t\u00a0"


def _before(text: str, start: int) -> str:
    return text[max(0, start - _BEFORE) : start]


def _starts_sentence(text: str, start: int) -> bool:
    """True when only opening quotes or brackets stand between ``start`` and a sentence end."""
    i = start
    while i > 0 and text[i - 1] in _SENTENCE_OPENERS:
        i -= 1
    return i == 0 or text[i - 1] in ".!?…:\n\r"


def _may(text: str, start: int, end: int) -> bool:
    # "May 23", "may 2024" are dates; a capital "May" inside a sentence is the month or a name
    # ("in May", "Theresa May"). A modal "May" can only open a sentence.
    if _DIGIT_AFTER.match(text, end):
        return False
    return text[start:end] != "May" or _starts_sentence(text, start)


def _might(text: str, start: int, end: int) -> bool:
    return not _MIGHT_NOUN_AFTER.match(text, end)  # "with all its might", "military might and"


def _could(text: str, start: int, end: int) -> bool:
    if _NEGATED_MODAL_AFTER.match(text, end) or _REACHED_AFTER.match(text, end):
        return False  # "could not be reached for comment" reports a fact, not a possibility
    if _ABILITY_AFTER.match(text, end):
        return False
    return not _ABILITY_BEFORE.search(_before(text, start))


def _think(text: str, start: int, end: int) -> bool:
    if text[start:end].lower() == "thought" and _THOUGHT_NOUN_BEFORE.search(_before(text, start)):
        return False  # "school of thought", "a thought"
    return not _THINK_ABOUT_AFTER.match(text, end)


def _believe(text: str, start: int, end: int) -> bool:
    return not (_DISBELIEF_BEFORE.search(_before(text, start)) or _IT_OR_NOT_AFTER.match(text, end))


def _appear(text: str, start: int, end: int) -> bool:
    # Epistemic only: "appears to", "it appears that" - not "appeared on television".
    return bool(_APPEAR_AFTER.match(text, end) or _IT_BEFORE.search(_before(text, start)))


def _consider(text: str, start: int, end: int) -> bool:
    # Judgement ("is widely considered", "considered him a traitor"), not deliberation
    # ("considered running", "will consider the bill").
    before = _before(text, start)
    return bool(_BE_BEFORE.search(before) or _ADVERB_BEFORE.search(before) or _CONSIDER_AFTER.match(text, end))


def _regard(text: str, start: int, end: int) -> bool:
    return bool(_REGARDED_AFTER.match(text, end) or _ADVERB_BEFORE.search(_before(text, start)))


def _expect(text: str, start: int, end: int) -> bool:
    return bool(_EXPECT_AFTER.match(text, end))


def _fear(text: str, start: int, end: int) -> bool:
    return bool(_FEAR_AFTER.match(text, end))


def _assume(text: str, start: int, end: int) -> bool:
    return not _ASSUME_OFFICE_AFTER.match(text, end)  # "assumed office", "assume the role"


def _suppose(text: str, start: int, end: int) -> bool:
    # "was supposed to arrive" is a plan; "is supposed to have fled", "the supposed cure" are doubt.
    return not _SUPPOSED_TO_AFTER.match(text, end)


def _suspect(text: str, start: int, end: int) -> bool:
    word = text[start:end].lower()
    if word == "suspected":
        return True
    # "the suspect", "two suspects" are people; "police suspect that" is doubt.
    before = _before(text, start)
    return not _SUSPECT_NOUN_BEFORE.search(before) and bool(_SUBJECT_BEFORE.search(before))


def _possible(text: str, start: int, end: int) -> bool:
    # "it is possible that", "a possible motive" - not "as soon as possible", "possible to".
    before = _before(text, start)
    if _AS_BEFORE.search(before) or _POSSIBLE_AFTER_NOT.match(text, end):
        return False
    return bool(_POSSIBLE_BEFORE.search(before) or _THAT_AFTER.match(text, end))


def _probable(text: str, start: int, end: int) -> bool:
    return not _PROBABLE_CAUSE_AFTER.match(text, end)  # "probable cause" is a legal standard


def _accused(text: str, start: int, end: int) -> bool:
    return bool(_OF_AFTER.match(text, end))  # "accused of fraud", not "the accused"


def _likely(text: str, start: int, end: int) -> bool:
    return not _LIKELY_VOTERS_AFTER.match(text, end)  # "likely voters" is a polling population


def _uncertain(text: str, start: int, end: int) -> bool:
    return not _NO_BEFORE.search(_before(text, start))  # "in no uncertain terms" is emphasis


def _suspicion(text: str, start: int, end: int) -> bool:
    return not _REASONABLE_BEFORE.search(_before(text, start))  # "reasonable suspicion": legal test


def _unclear(text: str, start: int, end: int) -> bool:
    if text[start:end].lower() == "unclear":
        return True
    return bool(_NOT_CLEAR_BEFORE.search(_before(text, start)))  # "it is not clear", not "did not clear"


def _approximator(text: str, start: int, end: int) -> bool:
    return bool(_QUANTITY_AFTER.match(text, end))  # "about 40 people", not "about the bill"


_HEDGE_FILTERS: dict[str, Callable[[str, int, int], bool]] = {
    "may": _may,
    "might": _might,
    "could": _could,
    "think": _think,
    "believe": _believe,
    "appear": _appear,
    "consider": _consider,
    "regard": _regard,
    "expect": _expect,
    "fear": _fear,
    "assume": _assume,
    "suppose": _suppose,
    "suspect": _suspect,
    "possible": _possible,
    "probable": _probable,
    "unclear": _unclear,
    "likely": _likely,
    "accused": _accused,
    "uncertain": _uncertain,
    "suspicion": _suspicion,
}

_CATEGORY_FILTERS = {"approximator": _approximator}


def _certainly(text: str, start: int, end: int) -> bool:
    return not _CERTAINLY_WEAKENED_BEFORE.search(_before(text, start))  # "almost certainly" is a hedge


def _must_have(text: str, start: int, end: int) -> bool:
    return bool(_MUST_HAVE_AFTER.match(text, end))  # inference ("must have known"), not duty


_BOOSTER_FILTERS: dict[str, Callable[[str, int, int], bool]] = {
    "certainly": _certainly,
    "must have": _must_have,
}


def _find(text: str, lexicon: str, entries, filters, category_filters) -> tuple[Span, ...]:
    spans = []
    for start, end, phrase in scan(text)[lexicon]:
        category, canonical = entries[phrase]
        keep = filters.get(canonical) or category_filters.get(category)
        if keep is None or keep(text, start, end):
            spans.append(Span.of(text, start, end, category, canonical))
    return tuple(spans)


def in_hedge_sense(text: str, start: int, end: int) -> bool:
    """False when the hedge word at ``text[start:end]`` is used in a sense that is no hedge."""
    entry = _HEDGES.get(key(text[start:end]))
    if entry is None:
        return True
    keep = _HEDGE_FILTERS.get(entry[1]) or _CATEGORY_FILTERS.get(entry[0])
    return keep is None or keep(text, start, end)


def find_hedges(text: str) -> tuple[Span, ...]:
    """Hedge cues; ``Span.kind`` is the category (modal, epistemic_verb, adverb, approximator ...)."""
    return _find(text, "hedges", _HEDGES, _HEDGE_FILTERS, _CATEGORY_FILTERS)


def find_boosters(text: str) -> tuple[Span, ...]:
    """Booster cues; ``Span.kind`` is the category."""
    return _find(text, "boosters", _BOOSTERS, _BOOSTER_FILTERS, {})
