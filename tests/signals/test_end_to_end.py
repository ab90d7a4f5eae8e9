"""End to end: the sources analyze() finds in one fictional article of data/sample_articles.csv."""

import csv
from pathlib import Path

import pytest

from scoring.analysis import analyze

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample_articles.csv"


@pytest.fixture(scope="module")
def sources():
    """(source, kind, resolved to, anonymity reason) of each attribution in hl-0006, an anonymous-heavy story."""
    with SAMPLE.open(encoding="utf-8", newline="") as f:
        row = next(r for r in csv.DictReader(f) if r["id"] == "hl-0006")
    analysis = analyze(row["text"], row["title"])

    def text(span):
        return span.text if span is not None else None

    return [(text(a.source), a.kind, text(a.resolved_from), text(a.anonymity_reason)) for a in analysis.attributions]


def test_a_named_person_with_a_title(sources):
    assert ("A ministry spokesman, Tobias Lerche", "named_person", None, None) in sources


def test_a_pronoun_is_resolved_to_the_person_named_before_it(sources):
    assert ("He", "named_person", "A ministry spokesman, Tobias Lerche", None) in sources


def test_an_unnamed_source_keeps_its_reason_for_anonymity(sources):
    assert ("one official", "unnamed", None, "because they were not authorized to speak to the press") in sources


def test_documents(sources):
    documents = [s for s, kind, _, _ in sources if kind == "document"]
    assert documents == ["The figures, compiled in February", "a draft report reviewed by the newspaper"]


def test_every_unnamed_source_is_a_person_or_group_nobody_can_identify(sources):
    unnamed = [s for s, kind, _, _ in sources if kind == "unnamed"]
    assert unnamed == ["officials", "Two officials", "one official", "Opposition lawmakers", "People familiar with the matter"]
