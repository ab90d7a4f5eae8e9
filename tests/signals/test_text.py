import pytest

from scoring.text import SentenceIndex, split_sentences, word_count


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two.", ["One.", "Two."]),
        ("Mr. Smith went to Washington. He left.", ["Mr. Smith went to Washington.", "He left."]),
        ("The U.S. Army said so. Then it left.", ["The U.S. Army said so.", "Then it left."]),
        ("“We will win,” she said. “Soon.”", ["“We will win,” she said.", "“Soon.”"]),
        ("Headline without stop\r\n\r\nBody starts here.", ["Headline without stop", "Body starts here."]),
        ("John F. Kennedy spoke.", ["John F. Kennedy spoke."]),
        ("", []),
        ("   \n\t ", []),
    ],
)
def test_split_sentences(text, expected):
    spans = split_sentences(text)
    assert [s.text for s in spans] == expected
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_sentence_index_finds_the_containing_sentence():
    text = "First one. Second one here."
    index = SentenceIndex(split_sentences(text))
    assert index.index_of(text.index("Second")) == 1
    assert index.sentence_at(0).text == "First one."


def test_word_count_keeps_contractions_whole():
    assert word_count("It’s the officials' view, isn't it?") == 6
