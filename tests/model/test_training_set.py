"""Preparing the training corpus: quotation marks and dashes lost to "?" restored, page furniture removed."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from scoring.signals.attribution import find_quotes

_PATH = Path(__file__).resolve().parents[2] / "bench" / "build_training_set.py"
_SPEC = importlib.util.spec_from_file_location("build_training_set", _PATH)
build_training_set = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(build_training_set)
restore, lose = build_training_set.restore_lost_marks, build_training_set.lose_marks


@pytest.mark.parametrize(
    ("original", "damaged"),
    [
        ("“We will rebuild,” said Mayor Ivo Brandt.", "?We will rebuild,? said Mayor Ivo Brandt."),
        ("The dam — built in 1931 — held.", "The dam ? built in 1931 ? held."),
        ("She called it “a scandal” and left.", "She called it ?a scandal? and left."),
    ],
)
def test_restores_quotes_and_dashes_lost_to_question_marks(original, damaged):
    assert lose(original) == damaged
    assert restore(damaged) == original


def test_real_question_marks_stay_and_offsets_do_not_move():
    text = "Will the dam hold? Nobody knows. Is it safe?\nThe board met?"
    assert restore(text) == text
    damaged = lose("“Is it safe?” she asked. “Yes.”")
    assert len(restore(damaged)) == len(damaged)


def test_an_unclosed_quotation_stays_open_at_the_end_of_its_line():
    restored = restore("?We will rebuild\nThe board met.")
    assert restored == "“We will rebuild\nThe board met."
    assert [q.text for q in find_quotes(restore("He said ?it holds.? Then ?more? came."))] == ["“it holds.”", "“more”"]


strip = build_training_set.strip_page_furniture


def test_share_bars_and_promotional_tails_are_removed():
    story = "The Harlow council approved the budget on Tuesday. Mayor Ivo Brandt said repairs would start in May."
    page = (
        "4,210 SHARES SHARES FacebookTwitter GooglePinterest Reddit Print " + story
        + " Get our NEW Harlow Ledger app by clicking here. Add your name to the petition. SAVE THE DAM!"
    )
    assert strip(page) == " " + story


def test_a_story_without_furniture_is_unchanged_and_early_mentions_stay():
    story = "Follow us on the trail, the ranger said, and she led 40 hikers up the ridge. " + "They walked far. " * 60
    assert strip(story) == story
    assert strip("The dam held.") == "The dam held."
