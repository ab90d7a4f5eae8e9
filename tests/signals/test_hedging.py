import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.lexicons import phrase_pattern
from scoring.signals.cues import LEXICONS, ROWS, scan
from scoring.signals.hedging import find_boosters, find_hedges, in_hedge_sense


def cues(spans):
    return [(s.text, s.kind, s.detail) for s in spans]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The bill may pass.", [("may", "modal", "may")]),
        ("May the council vote today?", [("May", "modal", "may")]),
        ("The vote is on May 23.", []),
        ("The vote was held in May.", []),
        ("Harbour Commissioner Edna May spoke.", []),
        ("Councillor Dana Marsh could not be reached for comment.", []),
        ("The clerk could be reached by phone.", []),
        ("The plant could close next year.", [("could", "modal", "could")]),
        ("Before she could speak, the chair adjourned.", []),
        ("The mayor appeared on television.", []),
        ("The mayor appears to have resigned.", [("appears", "epistemic_verb", "appear")]),
        ("It appears the fund was emptied.", [("appears", "epistemic_verb", "appear")]),
        ("They argued about the budget.", []),
        ("About 40 people attended.", [("About", "approximator", "about")]),
        ("The fire destroyed roughly 300 homes.", [("roughly", "approximator", "roughly")]),
        ("The driver was reportedly drunk.", [("reportedly", "attribution_hedge", "reportedly")]),
        ("The alleged bribe was small.", [("alleged", "attribution_hedge", "alleged")]),
        ("She was accused of fraud.", [("accused", "attribution_hedge", "accused")]),
        ("The accused sat silently.", []),
        ("Police suspect arson.", [("suspect", "epistemic_verb", "suspect")]),
        ("The suspect fled on foot.", []),
        ("The suspected arsonist fled.", [("suspected", "epistemic_verb", "suspect")]),
        ("It is possible that the dam will fail.", [("possible", "adjective", "possible")]),
        ("Reply as soon as possible.", []),
        ("The tunnel is considered unsafe.", [("considered", "epistemic_verb", "consider")]),
        ("The council considered the budget.", []),
        ("The mayor assumed office in March.", []),
        ("Officers had probable cause to search.", []),
        ("Only likely voters were polled.", []),
        ("The deal is likely to collapse.", [("likely", "adjective", "likely")]),
        ("She told him in no uncertain terms.", []),
        ("It is not clear whether the mill will reopen.", [("not clear", "adjective", "unclear")]),
        ("He did not clear the bar.", []),
        ("A school of thought holds otherwise.", []),
        ("Analysts think the merger will fail.", [("think", "epistemic_verb", "think")]),
        ("Officials believe the levy will pass.", [("believe", "epistemic_verb", "believe")]),
        ("“I couldn’t believe it,” she said.", []),
        ("Believe it or not, the ferry ran on time.", []),
        ("The bridge will almost certainly close.", [("almost certainly", "adverb", "almost certainly")]),
        ("The deal may or may not close.", [("may or may not", "modal", "may")]),
        ("If the levy passes, rents will rise.", []),
        ("The memo, if genuine, ends his career.", [("if genuine", "conditional", "if genuine")]),
        ("Whether the levy passes remains to be seen.",
         [("remains to be seen", "phrase", "remains to be seen")]),
    ],
)
def test_find_hedges(text, expected):
    spans = find_hedges(text)
    assert cues(spans) == expected
    assert all(text[s.start : s.end] == s.text for s in spans)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The report clearly shows a deficit.", [("clearly", "adverb", "clearly")]),
        ("It is clear that the fund is empty.", [("It is clear that", "adjective", "clear that")]),
        ("In fact, the dam held.", [("In fact", "phrase", "in fact")]),
        ("The mayor is undoubtedly popular.", [("undoubtedly", "adverb", "undoubtedly")]),
        ("There is no doubt about the result.", [("There is no doubt", "phrase", "no doubt")]),
        ("The clerk must have known.", [("must have", "modal", "must have")]),
        ("Applicants must have a licence.", []),
        ("The tower will almost certainly fall.", []),
        ("The mayor certainly knew.", [("certainly", "adverb", "certainly")]),
        ("The team never scored.", []),
    ],
)
def test_find_boosters(text, expected):
    spans = find_boosters(text)
    assert cues(spans) == expected
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_cues_match_across_line_breaks_and_curly_apostrophes():
    text = "The deal may\r\nor may not close, and it’s clear that\u00a0nobody knows."
    assert cues(find_hedges(text)) == [("may\r\nor may not", "modal", "may")]
    assert cues(find_boosters(text)) == [("it’s clear that", "adjective", "clear that")]


def test_capitalised_hedges_count_at_sentence_start_only():
    text = "Perhaps. MAY PASS. “May it rain,” she said."
    assert [s.text for s in find_hedges(text)] == ["Perhaps", "MAY", "May"]


def test_in_hedge_sense_applies_the_sense_filter_of_the_cue():
    text = "Officers had probable cause. A probable motive."
    first = text.index("probable")
    second = text.index("probable", first + 1)
    assert not in_hedge_sense(text, first, first + len("probable"))
    assert in_hedge_sense(text, second, second + len("probable"))


PIECES = ["it is believed", "believed", "most likely", "likely", "suggests that", "almost certainly",
          "there is no doubt", "in all likelihood", "may or may not", "it’s clear that", "we", "I’m",
          "Monday", "May", "last week", "three", "shocking", "\r\n", "\u00a0", ",", ".", "“", "x"]


EACH_LEXICON_ALONE = {name: phrase_pattern(ROWS[name]) for name in LEXICONS}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=30).map(" ".join))
def test_the_shared_scan_finds_what_each_lexicon_finds_on_its_own(text):
    hits = scan(text)
    for name, alone in EACH_LEXICON_ALONE.items():
        assert [(start, end) for start, end, _ in hits[name]] == [m.span() for m in alone.finditer(text)]
