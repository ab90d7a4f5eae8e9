"""Specificity and voice: numbers, dates, first and second person, loaded words, exclamations, headline signals.

Numbers and dates are marks of specific reporting; first person outside quotes is the writer's
own voice, and second person the writer addressing the reader; loaded words, exclamation
marks in the body and headline signals (question and exclamation
headlines, shouting capitals, clickbait phrases) are marks of opinion or hype. Word lists
(``loaded_words.txt``, ``first_person.txt``, ``second_person.txt``, ``time_words.txt``,
``quantity_words.txt``, ``calendar_words.txt``) are
found by the shared scan of ``scoring.signals.cues``; figures by patterns that start on a digit
or a currency sign, so the regex engine skips everything else at C speed.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from scoring.lexicons import load, lowered, phrase_pattern
from scoring.signals.cues import ROWS, scan
from scoring.text import Span

# Quoted passages stop at a line break and never contain another opening quote, so an unmatched
# quote mark costs one scan to the end of its line, not a scan to the end of the text. A quote
# running over several paragraphs leaves each paragraph but the last unclosed and opens the next
# one with a quote mark again (AP style): such a paragraph is quoted to its end.
_QUOTE_RE = re.compile(r"“[^“”\r\n]*(?:”|(?=\r?\n[ \t\u00a0\r\n]*“))|\"[^\"\r\n]*(?:\"|(?=\r?\n[ \t\u00a0\r\n]*\"))")

_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
# What may follow a month name: a day ("May 23", "May 23, 2024") or a year ("March 2024").
_DAY_AFTER = re.compile(r"\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4}\b)?")
_YEAR_AFTER = re.compile(r"\s+(?:of\s+)?\d{4}\b")
# Patterns below start with the digit itself; the look-behind after it asks that no letter,
# digit or full stop comes before ("A380", "3.5" are not two numbers).
_DIGIT_DATE_RE = re.compile(
    r"[0-9](?<![\w.][0-9])(?:"
    r"(?P<iso>[0-9]{3}-[0-9]{2}-[0-9]{2})\b"
    rf"|(?P<day_month>[0-9]?(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}(?:,?\s+[0-9]{{4}}\b)?)"
    r"|(?P<year>(?:(?<=1)[89]|(?<=2)0)[0-9]{2})\b)"  # 1800-2099, and only after a preposition
)
_DATE_PREPOSITION_BEFORE = re.compile(
    r"\b(?:in|on|since|until|by|from|during|before|after|early|late|mid|last|next|this|of)\s+$", re.IGNORECASE
)
_FIGURE = r"[0-9]*(?:,[0-9]{3})*(?:\.[0-9]+)?"
_MONEY_RE = re.compile(rf"[$£€]\s?[0-9]{_FIGURE}(?:\s?(?:million|billion|trillion|thousand|bn|m|k)\b)?")
# Run over lowered text, so "Percent" and "Million" need no case-insensitive matching.
_FIGURE_RE = re.compile(
    rf"[0-9](?<![\w.][0-9]){_FIGURE}(?:(?P<percent>\s?(?:%|percent\b|per\s+cent\b))"
    r"|\s(?:million|billion|trillion|thousand)\b)?"
)
# "World War I", "Part I": a Roman numeral, not the writer.
_NUMERAL_I_BEFORE = re.compile(
    r"\b(?:War|Part|Phase|Chapter|Section|Title|Article|Act|Book|Volume|Class|Type|Stage|Round|Level"
    r"|Grade|Tier|Henry|Elizabeth|Charles|James|George|Louis|Richard|Edward|William|Mary)\s+$"
)
_CLICKBAIT_RE = phrase_pattern(row[0] for row in load("clickbait_phrases"))
_ALERT_LABEL_RE = re.compile(r"^\s*(?:BREAKING(?:\s+NEWS)?|WATCH|JUST\s+IN)\b\s*[:!\-–—|]?", re.IGNORECASE)
_LISTICLE_RE = re.compile(
    r"^\s*\d+\s+(?:[\w'’-]+\s+){0,3}?(?:things|ways|reasons|times|facts|signs|photos|pictures|tweets"
    r"|people|questions|moments|takeaways|secrets|tricks|mistakes)\b",
    re.IGNORECASE,
)
_SHOUTED_WORD_RE = re.compile(r"\b[A-Z]{5,}\b")
_EXCLAMATIONS_RE = re.compile(r"!+")


@lru_cache(maxsize=8)  # quotes are asked for by attribution, assessment and first person alike
def quoted_passages(text: str) -> tuple[Span, ...]:
    """Passages inside double quotes (straight or curly), quote marks included.

    A paragraph that opens a quote and leaves it open because the next paragraph reopens it
    (a quote over several paragraphs) is quoted up to its line break.
    """
    return tuple(Span(m.start(), m.end(), m.group(), "quote") for m in _QUOTE_RE.finditer(text))


def _overlaps(spans: list[Span], starts: list[int], start: int, end: int) -> bool:
    """True when start:end overlaps one of ``spans`` (sorted, not overlapping each other)."""
    i = bisect.bisect_right(starts, start) - 1
    if i >= 0 and spans[i].end > start:
        return True
    return i + 1 < len(spans) and spans[i + 1].start < end


def find_numbers(text: str) -> tuple[Span, ...]:
    """Money, percentages, figures and spelled-out quantities; numbers inside dates are left to find_dates."""
    dates = list(find_dates(text))
    spans = []
    for m in _MONEY_RE.finditer(text):
        start = m.start() - 2 if text[max(0, m.start() - 2) : m.start()] == "US" else m.start()
        spans.append(Span.of(text, start, m.end(), "money"))
    figures = ((m.start(), m.end(), "percent" if m.group("percent") else "figure") for m in _FIGURE_RE.finditer(lowered(text)))
    words = ((start, end, "spelled") for start, end, _ in scan(text)["quantity_words"])
    for found in (figures, words):  # "$3.5 million" is one number, not also "3.5" and "million"
        taken = sorted(spans + dates, key=lambda s: s.start)
        starts = [s.start for s in taken]
        spans += [Span.of(text, start, end, kind) for start, end, kind in found if not _overlaps(taken, starts, start, end)]
    return tuple(sorted(spans, key=lambda s: s.start))


@lru_cache(maxsize=8)  # find_numbers needs the dates of the same text that analyze() asks for
def find_dates(text: str) -> tuple[Span, ...]:
    """Weekdays, "May 23", "23 May 2024", "March 2024", ISO dates, "in March", "since 2019", "last week"."""
    spans = []
    for start, end, word in scan(text)["calendar_words"]:
        if not text[start].isupper():
            continue  # "may", "march"
        if ROWS["calendar_words"][word][1] == "weekday":
            spans.append(Span.of(text, start, end, "weekday"))
        elif m := _DAY_AFTER.match(text, end):
            spans.append(Span.of(text, start, m.end(), "month_day"))
        elif m := _YEAR_AFTER.match(text, end):
            spans.append(Span.of(text, start, m.end(), "month_year"))
        elif not word.endswith(".") and _DATE_PREPOSITION_BEFORE.search(text, max(0, start - 12), start):
            spans.append(Span.of(text, start, end, "month"))  # "in May", not "Theresa May"
    for m in _DIGIT_DATE_RE.finditer(text):
        kind = m.lastgroup
        if kind != "year" or _DATE_PREPOSITION_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            spans.append(Span.of(text, m.start(), m.end(), kind))
    spans += [Span.of(text, start, end, "relative") for start, end, _ in scan(text)["time_words"]]
    spans.sort(key=lambda s: (s.start, -s.end))
    kept: list[Span] = []
    for span in spans:  # "23 May 2024" is one date, not also "May 2024"
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return tuple(kept)


def find_first_person(text: str) -> tuple[Span, ...]:
    """I, me, my, we, us, our ... outside quotes: inside a quote the voice is the source's, not the writer's."""
    quotes = list(quoted_passages(text))
    quote_starts = [q.start for q in quotes]
    spans = []
    for start, end, pronoun in scan(text)["first_person"]:
        word = text[start:end]
        if word == "i" or word == "US":  # a stray letter; the country
            continue
        if word == "I" and _NUMERAL_I_BEFORE.search(text, max(0, start - 12), start):
            continue
        if not _overlaps(quotes, quote_starts, start, end):
            spans.append(Span(start, end, word, ROWS["first_person"][pronoun][1], pronoun))
    return tuple(spans)


def find_second_person(text: str) -> tuple[Span, ...]:
    """You, your, yourself ... anywhere in the text (features keep those outside quotations)."""
    return tuple(Span.of(text, start, end, "second_person", word) for start, end, word in scan(text)["second_person"])


def find_exclamations(text: str) -> tuple[Span, ...]:
    """Runs of exclamation marks ("!!!" is one), anywhere in the text (features keep those
    outside quotations). Words in capitals are left to the headline: in a body they are
    mostly datelines and acronyms (WASHINGTON, MSNBC), not shouting."""
    return tuple(Span(m.start(), m.end(), m.group(), "exclamation") for m in _EXCLAMATIONS_RE.finditer(text))


def find_loaded_words(text: str) -> tuple[Span, ...]:
    """Sensational, combative, emotive and pejorative words; ``Span.kind`` is the category."""
    rows = ROWS["loaded_words"]
    return tuple(Span.of(text, start, end, rows[word][1], word) for start, end, word in scan(text)["loaded_words"])


def find_headline_signals(title: str) -> tuple[Span, ...]:
    """Signals in the headline; offsets index the title, not the body."""
    spans = [Span(m.start(), m.end(), m.group(), "alert_label") for m in _ALERT_LABEL_RE.finditer(title)]
    spans += [Span(m.start(), m.end(), m.group(), "listicle") for m in _LISTICLE_RE.finditer(title)]
    stripped = title.rstrip().rstrip("!")  # "Is this the end?!" is a question too
    if stripped.endswith("?"):
        spans.append(Span(len(stripped) - 1, len(stripped), "?", "question"))
    spans += [Span(m.start(), m.end(), m.group(), "exclamation") for m in _EXCLAMATIONS_RE.finditer(title)]
    letters = [c for c in title if c.isalpha()]
    if len(letters) >= 10 and all(c.isupper() for c in letters):
        spans.append(Span(0, len(title), title, "all_caps_title"))
    else:
        spans += [Span(m.start(), m.end(), m.group(), "all_caps_word") for m in _SHOUTED_WORD_RE.finditer(title)]
    spans += [Span(m.start(), m.end(), m.group(), "clickbait", m.group().lower()) for m in _CLICKBAIT_RE.finditer(title)]
    spans += find_loaded_words(title)
    return tuple(sorted(spans, key=lambda s: (s.start, s.end)))
