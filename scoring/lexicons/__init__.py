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

    The phrases are laid out as a trie, so at each place in the text the regex engine tries only
    the phrases that share its next characters. With ``flags=0`` and lower-case phrases run over
    ``lowered(text)`` it is faster still: case-insensitive matching compares every character twice.
    """
    trie: dict = {}
    for phrase in set(phrases):
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}
    if not trie:
        return re.compile("(?!)", flags)  # no phrases: match nothing
    return re.compile(r"(?<![\w'’-])" + _trie_regex(trie) + r"(?![\w'’-])", flags)


def _char(ch: str) -> str:
    if ch == " ":
        return r"\s+"
    if ch == "'":
        return "['’]"
    return re.escape(ch)


def _trie_regex(node: dict) -> str:
    """The rest of a trie as a regex; an optional tail is greedy, so longer phrases win."""
    branches = [_char(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = "(?:" + "|".join(branches) + ")"
    return body + "?" if "" in node else body


def lowered(text: str) -> str:
    """``text`` in lower case with every character at its original offset.

    ``str.lower`` lengthens a few characters ("İ" becomes two); those stay as they are.
    """
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
