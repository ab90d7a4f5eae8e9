"""Word lists shipped as data files, and the one loader that reads them.

Each ``*.txt`` file starts with ``#`` header lines saying what it covers and which literature
it draws on. Other lines are entries; a ``|`` separates an entry from its fields
(e.g. ``likely | 0.55 | 0.80``).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources


@cache
def load(name: str) -> tuple[tuple[str, ...], ...]:
    """Entries of ``lexicons/<name>.txt`` as tuples of stripped fields, in file order."""
    raw = resources.files(__package__).joinpath(f"{name}.txt").read_text(encoding="utf-8")
    rows = []
    for line in raw.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        rows.append(tuple(field.strip() for field in line.split("|")))
    return tuple(rows)


def words(name: str) -> tuple[str, ...]:
    """The first field of every entry of a lexicon."""
    return tuple(row[0] for row in load(name))


def phrase_pattern(phrases, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """One regex matching any of the phrases as whole words, longest first.

    Spaces inside a phrase match any run of whitespace (including non-breaking spaces and
    line breaks) and a straight apostrophe also matches a curly one.
    """
    alternatives = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        escaped = re.escape(phrase).replace(r"\ ", r"\s+").replace("'", "['’]")
        alternatives.append(escaped)
    return re.compile(r"(?<![\w'’-])(?:" + "|".join(alternatives) + r")(?![\w'’-])", flags)
