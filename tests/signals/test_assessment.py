import pytest

from scoring.signals.assessment import Assessment, Likelihood, find_assessments
from scoring.signals.attribution import Attribution
from scoring.text import Span, split_sentences


def assess(text, attributions=()):
    return find_assessments(text, split_sentences(text), tuple(attributions))


def summary(a: Assessment):
    likelihood = None if a.likelihood is None else (a.likelihood.term, a.likelihood.low, a.likelihood.high)
    return (a.span.text, a.attributed, likelihood, a.confidence)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "We assess with high confidence that the plant is likely to close.",
            [("assess", False, ("likely", 0.55, 0.80), "high")],
        ),
        ("Officials believe the mill will reopen.", [("believe", True, None, None)]),
        ("Analysts judge that the levy is very unlikely to pass.",
         [("judge", True, ("very unlikely", 0.05, 0.20), None)]),
        ("The federal judge ruled on Tuesday.", []),
        ("The estimates were revised.", []),
        ("I think the council erred.", [("think", False, None, None)]),
        ("It appears the fund was emptied.", [("It appears", False, None, None)]),
        ("This indicates a leak in the main.", [("This indicates", False, None, None)]),
        ("It is believed that the ferry sank.", [("It is believed", False, None, None)]),
        ("The ferry probably sank.", [("probably", False, ("likely", 0.55, 0.80), None)]),
        ("A strike is almost certain.", [("almost certain", False, ("almost certain", 0.95, 0.99), None)]),
        ("There is a remote chance of rain.", [("remote chance", False, ("almost no chance", 0.01, 0.05), None)]),
        ("The race is a toss-up.", [("toss-up", False, ("roughly even chance", 0.45, 0.55), None)]),
        ("A deal is highly likely.", [("highly likely", False, ("very likely", 0.80, 0.95), None)]),
        ("We have moderate confidence in this account.", [("moderate confidence", False, None, "moderate")]),
        ("Officers had probable cause.", []),
        ("The village is remote.", []),
        ("There is reason to believe him.", []),
        (
            "“We think a recall is likely,” the treasurer said.",
            [("think", True, ("likely", 0.55, 0.80), None)],
        ),
        ("The mayor said the plan would probably fail.", [("probably", False, ("likely", 0.55, 0.80), None)]),
        ("Early reports indicate that the dam failed.", [("indicate that", True, None, None)]),
        ("This suggests that the dam failed.", [("This suggests", False, None, None)]),
        ("He would have us believe it.", []),
        ("I couldn’t believe it.", []),
        ("We don’t think the levy will pass.", [("think", False, None, None)]),
    ],
)
def test_find_assessments(text, expected):
    found = assess(text)
    assert [summary(a) for a in found] == expected
    assert all(text[a.span.start : a.span.end] == a.span.text for a in found)


def test_an_attribution_covering_the_sentence_makes_the_judgement_the_sources():
    text = "The mayor said the plan would probably fail."
    cue = Span.of(text, text.index("said"), text.index("said") + 4)
    source = Span.of(text, 0, len("The mayor"))
    content = Span.of(text, text.index("the plan"), len(text) - 1)
    attribution = Attribution(cue, source, content, direct_quote=False, kind="named_person", sentence=0)
    [found] = assess(text, [attribution])
    assert found.attributed is True
    assert found.likelihood == Likelihood("likely", 0.55, 0.80)


def test_each_sentence_keeps_its_own_likelihood_and_confidence():
    text = "We assess with low confidence that a strike is unlikely. Officials believe a deal is very likely."
    found = assess(text)
    assert [summary(a) for a in found] == [
        ("assess", False, ("unlikely", 0.20, 0.45), "low"),
        ("believe", True, ("very likely", 0.80, 0.95), None),
    ]
    assert [a.sentence for a in found] == [0, 1]


def test_likelihood_label_reads_as_a_percentage_range():
    assert Likelihood("likely", 0.55, 0.80).label() == "likely: 55%-80%"


def test_to_dict_carries_span_likelihood_and_confidence():
    [found] = assess("We assess with high confidence that the plant is likely to close.")
    assert found.to_dict() == {
        "span": {"start": 3, "end": 9, "text": "assess", "kind": "cognitive", "detail": "assess"},
        "sentence": 0,
        "attributed": False,
        "likelihood": {"term": "likely", "low": 0.55, "high": 0.80},
        "confidence": "high",
    }
