import pytest

from scoring.signals.style import (
    find_dates,
    find_exclamations,
    find_first_person,
    find_headline_signals,
    find_loaded_words,
    find_numbers,
    find_second_person,
    quoted_passages,
)


def found(spans):
    return [(s.text, s.kind) for s in spans]


def offsets_hold(text, spans):
    return all(text[s.start : s.end] == s.text for s in spans)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The levy raised $3.5 million.", [("$3.5 million", "money")]),
        ("It cost US$12,000.", [("US$12,000", "money")]),
        ("Turnout was 41.5% and rents rose 3 percent.", [("41.5%", "percent"), ("3 percent", "percent")]),
        ("Some 1,200 people and 40 dogs.", [("1,200", "figure"), ("40", "figure")]),
        ("Three officers and a dozen nurses.", [("Three", "spelled"), ("dozen", "spelled")]),
        ("The A380 landed.", []),
        ("The vote is on May 23, 2024.", []),
        ("No one came.", []),
    ],
)
def test_find_numbers(text, expected):
    spans = find_numbers(text)
    assert found(spans) == expected
    assert offsets_hold(text, spans)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The vote is on May 23.", [("May 23", "month_day")]),
        ("It opened on May 23, 2024.", [("May 23, 2024", "month_day")]),
        ("It opened on 23 May 2024.", [("23 May 2024", "day_month")]),
        ("It opened in March 2024.", [("March 2024", "month_year")]),
        ("It opened in March.", [("March", "month")]),
        ("Edna May spoke. Protesters march on.", []),
        ("Filed 2024-03-05 at noon.", [("2024-03-05", "iso")]),
        ("The board met on Tuesday.", [("Tuesday", "weekday")]),
        ("The board met last week.", [("last week", "relative")]),
        ("Rents have risen since 2019.", [("2019", "year")]),
        ("Call 2019 for help.", []),
        ("It failed in 1500 cases.", []),
        ("Filed Jan. 5 at noon.", [("Jan. 5", "month_day")]),
    ],
)
def test_find_dates(text, expected):
    spans = find_dates(text)
    assert found(spans) == expected
    assert offsets_hold(text, spans)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I visited the site and we saw our mistake.", [("I", "singular"), ("we", "plural"), ("our", "plural")]),
        ("“We will win,” the mayor said.", []),
        ('"I was there," she said. I doubt it.', [("I", "singular")]),
        ("The US team won. Tell us more.", [("us", "plural")]),
        ("In World War I the town burned.", []),
        ("I’m sure, and we’ll see.", [("I’m", "singular"), ("we’ll", "plural")]),
    ],
)
def test_find_first_person_outside_quotes(text, expected):
    spans = find_first_person(text)
    assert found(spans) == expected
    assert offsets_hold(text, spans)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A shocking bombshell: the senator slams the bill.",
         [("shocking", "sensational"), ("bombshell", "sensational"), ("slams", "combat_verb")]),
        ("The council approved the budget.", []),
        ("Residents were OUTRAGED.", [("OUTRAGED", "emotive")]),
    ],
)
def test_find_loaded_words(text, expected):
    spans = find_loaded_words(text)
    assert found(spans) == expected
    assert offsets_hold(text, spans)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Council approves budget", []),
        ("Is the dam safe?", [("?", "question")]),
        ("Dam bursts!!", [("!!", "exclamation")]),
        ("Is it over?!", [("?", "question"), ("!", "exclamation")]),
        ("You won't believe what the mayor did", [("You won't believe", "clickbait")]),
        ("BREAKING: Dam bursts", [("BREAKING", "all_caps_word"), ("BREAKING:", "alert_label")]),
        ("7 things the council hid", [("7 things", "listicle")]),
        ("Mayor SLAMS rivals", [("SLAMS", "all_caps_word"), ("SLAMS", "combat_verb")]),
        ("Mayor LOSES vote", [("LOSES", "all_caps_word")]),
        ("PARB and DOTW meet", []),
        ("THE DAM HAS BURST", [("THE DAM HAS BURST", "all_caps_title")]),
    ],
)
def test_find_headline_signals(title, expected):
    spans = find_headline_signals(title)
    assert found(spans) == expected
    assert offsets_hold(title, spans)


def test_quoted_passages_stop_at_the_end_of_a_line():
    text = "“Open quote never closed\nNext “closed one” and \"straight\"."
    assert [q.text for q in quoted_passages(text)] == ["“closed one”", '"straight"']


def test_a_quote_over_several_paragraphs_covers_each_paragraph():
    text = "“I was there at dawn.\r\n\r\n“We saw the dam go,” she said.\n“Unclosed"
    assert [q.text for q in quoted_passages(text)] == ["“I was there at dawn.", "“We saw the dam go,”"]
    assert find_first_person(text) == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("You need to see what your council did, and you’re paying.", ["You", "your", "you’re"]),
        ("The council met on Tuesday.", []),
        ("Young voters and youth groups came.", []),
    ],
)
def test_find_second_person(text, expected):
    spans = find_second_person(text)
    assert [s.text for s in spans] == expected
    assert offsets_hold(text, spans)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("This is OUTRAGEOUS!!! Share it!", [("!!!", "exclamation"), ("!", "exclamation")]),
        ("HARLOW — The council met on Tuesday.", []),
    ],
)
def test_find_exclamations(text, expected):
    spans = find_exclamations(text)
    assert found(spans) == expected
    assert offsets_hold(text, spans)
