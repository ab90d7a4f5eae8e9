import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.analysis import analyze

# Pieces that exercise the sense filters, quotes, offsets and odd characters.
FRAGMENTS = [
    "May", "may", "May 23", "in May", "Edna May", "could not be reached", "appears to", "about 40",
    "We assess", "officials believe", "with high confidence", "likely", "almost certainly", "I", "we",
    "“", "”", '"', "'", "’", "\r\n", "\n\n", "\u00a0", "\t", "😀", "\x00", "\ufeff", "İ", "ß", "ﬃ",
    "$3.5 million", "5%", "2024-01-05", "Monday", "SHOCKING", "?!", ". ", "Mr. ", "U.S.", "-", "’s",
]
article_like = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=40).map(" ".join)
any_text = st.one_of(st.text(), article_like)


def spans_in(node):
    """Every dict with start/end/text inside a to_dict() tree."""
    if isinstance(node, dict):
        if {"start", "end", "text"} <= node.keys():
            yield node
        for value in node.values():
            yield from spans_in(value)
    elif isinstance(node, list):
        for value in node:
            yield from spans_in(value)


def assert_spans_index(source, tree):
    for span in spans_in(tree):
        assert 0 <= span["start"] <= span["end"] <= len(source)
        assert source[span["start"] : span["end"]] == span["text"]


@settings(max_examples=300, deadline=None)
@given(text=any_text, title=st.one_of(st.none(), any_text))
def test_every_span_lies_inside_the_text_it_indexes(text, title):
    tree = analyze(text, title).to_dict()
    headline = tree.pop("headline")
    assert_spans_index(text, {k: v for k, v in tree.items() if k not in ("text", "title")})
    assert_spans_index(title or "", headline)


@pytest.mark.parametrize("text", ["", " ", "\r\n\r\n", "\u00a0\t\n", "   \n\t "])
def test_empty_or_blank_text_counts_nothing(text):
    assert set(analyze(text).counts.values()) == {0}


@pytest.mark.parametrize(("text", "title"), [(None, None), (b"bytes", None), (42, None), ("text", b"title")])
def test_non_string_input_raises_type_error(text, title):
    with pytest.raises(TypeError):
        analyze(text, title)


@pytest.mark.slow
def test_a_five_megabyte_text_completes():
    paragraph = (
        "The harbour board of Port Alder met for three hours on Monday to debate the dredging contract, "
        "which has already run two years late and well over its budget. Board members heard from the "
        "engineers, the fishing cooperative and a dozen residents of the east quay, several of whom "
        "brought photographs of silted moorings. The council may vote on the contract later this month. "
        "“We cannot keep paying for delays,” said Dana Reyes, who chairs the finance committee.\r\n\r\n"
    )
    text = paragraph * (5_000_000 // len(paragraph) + 1)
    counts = analyze(text).counts
    assert counts["hedges"] > 0 and counts["dates"] > 0 and counts["sentences"] > 0
