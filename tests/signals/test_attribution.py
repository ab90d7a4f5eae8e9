"""Attribution as a specification: a sentence in, the source, its kind, the cue and the claim out.

Every article, outlet and person here is fictional.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.signals import attribution as attribution_module
from scoring.signals.attribution import find_attributions, find_quotes, neutral_verb
from scoring.text import split_sentences


def attributions(text):
    return find_attributions(text, split_sentences(text))


def only(text):
    found = attributions(text)
    assert len(found) == 1, [(a.cue.text, a.source and a.source.text) for a in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "source", "kind", "cue"),
    [
        # source before the cue, and after it
        ("Mayor Jane Okafor said the bridge would reopen in May.", "Mayor Jane Okafor", "named_person", "said"),
        ("The bridge will reopen in May, said Mayor Jane Okafor.", "Mayor Jane Okafor", "named_person", "said"),
        ("The budget is sound, Treasurer Ines Caro insisted.", "Treasurer Ines Caro", "named_person", "insisted"),
        ("“We will grow,” said chief executive Tomas Hendry in a statement.", "chief executive Tomas Hendry", "named_person", "said"),
        # titles and honorifics are part of the source
        (
            "Harbor Authority press secretary Brigadier General Tomas Vell said the port was closed.",
            "Harbor Authority press secretary Brigadier General Tomas Vell",
            "named_person",
            "said",
        ),
        ("Dr. Lena Marsh told reporters the vaccine was safe.", "Dr. Lena Marsh", "named_person", "told"),
        ("Sen. Rhea Voss tweeted that the bill was dead.", "Sen. Rhea Voss", "named_person", "tweeted"),
        # an appositive stays with the name it describes
        (
            "Dr. Lena Marsh, a virologist at Northgate University, said the vaccine was safe.",
            "Dr. Lena Marsh, a virologist at Northgate University",
            "named_person",
            "said",
        ),
        # "according to" puts the source after the cue, wherever it stands
        (
            "The bridge will reopen in May, according to the city transport department.",
            "the city transport department",
            "named_org",
            "according to",
        ),
        (
            "According to a person familiar with the matter, the bridge will reopen in May.",
            "a person familiar with the matter",
            "unnamed",
            "According to",
        ),
        # organisations
        ("Brightwater Corp. said in a statement that profits fell.", "Brightwater Corp.", "named_org", "said in a statement"),
        ("The Valley Water Board announced new limits on Monday.", "The Valley Water Board", "named_org", "announced"),
        ("Police said the road was closed overnight.", "Police", "named_org", "said"),
        # unnamed people and groups
        ("U.S. officials said the talks had stalled.", "U.S. officials", "unnamed", "said"),
        ("People familiar with the matter said the deal was close.", "People familiar with the matter", "unnamed", "said"),
        ("A senior administration official said the plan was dead.", "A senior administration official", "unnamed", "said"),
        ("Some residents fear the plant will close.", "Some residents", "unnamed", "fear"),
        ("Staff at Harlow hospital in the city say the ward is full.", "Staff at Harlow hospital in the city", "unnamed", "say"),
        (
            "Workers at the Greenholt Packaging factory on the Dunmore industrial estate say they are worried.",
            "Workers at the Greenholt Packaging factory on the Dunmore industrial estate",
            "unnamed",
            "say",
        ),
        # documents and data
        ("A report released Tuesday found that river pollution had doubled.", "A report released Tuesday", "document", "found"),
        ("Court filings show the company paid no tax.", "Court filings", "document", "show"),
        ("The survey shows most riders want later buses.", "The survey", "document", "shows"),
    ],
)
def test_source_kind_and_cue(text, source, kind, cue):
    a = only(text)
    assert (a.source.text, a.kind, a.cue.text) == (source, kind, cue)


@pytest.mark.parametrize(
    ("text", "source", "kind"),
    [
        # two sources sharing one cue are both the source; either being named names the claim
        (
            "Ninety heaters overheated, the company and the national consumer safety agency said on Monday.",
            "the company and the national consumer safety agency",
            "named_org",
        ),
        ("The mayor and the police chief said the road would reopen.", "The mayor and the police chief", "named_person"),
        ("Ana Ruiz and Tom Bell said the vote was close.", "Ana Ruiz and Tom Bell", "named_person"),
        ("Residents and local officials said the water was brown.", "Residents and local officials", "unnamed"),
        # a name after a place or body continues the first phrase, which decides the kind
        ("Officials in Dunmore and Kestrel County said the bridge was safe.", "Officials in Dunmore and Kestrel County", "unnamed"),
        ("The Department of Health and Welfare said the rule stands.", "The Department of Health and Welfare", "named_org"),
        # an appositive still names an unnamed pair's spokesperson
        (
            "A lawyer for Mills and Okoro, Beth Ansel, said the inquiry was unfair.",
            "A lawyer for Mills and Okoro, Beth Ansel",
            "named_person",
        ),
        # a clause before "and" is not a second source, even when it ends on a name
        ("Prices rose and analysts said more rises were coming.", "analysts", "unnamed"),
        ("The minister met Ada Quinn and officials said the deal was close.", "officials", "unnamed"),
        ("The storm hit Dunmore and residents said the power was out.", "residents", "unnamed"),
        ("The company fired Ada Quinn and her lawyer said she would sue.", "her lawyer", "unnamed"),
        # a place a group comes from does not name it
        (
            "Residents of Dunmore and a spokesman for the council said the road was shut.",
            "Residents of Dunmore and a spokesman for the council",
            "unnamed",
        ),
        ("The council praised the plan and the mayor said it would pass.", "the mayor", "named_person"),
    ],
)
def test_sources_joined_by_and(text, source, kind):
    found = [a for a in attributions(text) if a.cue.text == "said"]
    assert [(a.source.text, a.kind) for a in found] == [(source, kind)]


@pytest.mark.parametrize(
    ("text", "content", "direct_quote"),
    [
        ("“The bridge will reopen in May,” said Mayor Jane Okafor.", "“The bridge will reopen in May,”", True),
        ("“The bridge will reopen in May,” Mayor Jane Okafor said.", "“The bridge will reopen in May,”", True),
        ("Mayor Jane Okafor said: “The bridge will reopen in May.”", "“The bridge will reopen in May.”", True),
        ('"The bridge will reopen in May," Okafor said.', '"The bridge will reopen in May,"', True),
        # some wire copy quotes with doubled apostrophes
        ("''The bridge will reopen in May,'' said Ms. Okafor.", "''The bridge will reopen in May,''", True),
        ("Mayor Jane Okafor said the bridge would reopen in May.", "the bridge would reopen in May", False),
        ("Officials warned on Monday that reservoirs were low.", "reservoirs were low", False),
        ("The budget is sound, Treasurer Ines Caro insisted.", "The budget is sound", False),
    ],
)
def test_claim_is_the_adjacent_quote_or_the_paraphrase(text, content, direct_quote):
    a = only(text)
    assert (a.content.text, a.direct_quote) == (content, direct_quote)


@pytest.mark.parametrize(
    ("text", "source", "kind", "cue"),
    [
        # a participle or a second verb hangs on the subject of its clause
        ("Governor Ana Ruiz vetoed the bill on Friday, saying it was too costly.", "Governor Ana Ruiz", "named_person", "saying"),
        ("The Valley Water Board met on Friday and said the dam was safe.", "The Valley Water Board", "named_org", "said"),
        # a stance or act attributed to a source
        ("Brightwater Corp. declined to comment on the spill.", "Brightwater Corp.", "named_org", "declined"),
        # the source stands before a parenthesis between dashes
        (
            "Many residents at the meeting — including shop owners and teachers — said the plan was rushed.",
            "Many residents at the meeting",
            "unnamed",
            "said",
        ),
        # "in a statement" is the cue only when no verb in the sentence is one
        ("Mayor Jane Okafor, in an interview, was blunt about the delays.", "Mayor Jane Okafor", "named_person", "in an interview"),
        # relative clauses and ages stay with the name
        ("Lena Marsh, who leads the clinic, said the vaccine was safe.", "Lena Marsh, who leads the clinic", "named_person", "said"),
        ("Zoe Lind, 34, of Port Ellis, said she would vote.", "Zoe Lind, 34, of Port Ellis", "named_person", "said"),
        # a spokesperson without a name is unnamed, whoever they speak for
        ("A spokesman for Brightwater Corp. said the plant was safe.", "A spokesman for Brightwater Corp.", "unnamed", "said"),
        ("Okafor's spokeswoman said the mayor was traveling.", "Okafor's spokeswoman", "unnamed", "said"),
        ("A spokesman for the family said they were grateful.", "A spokesman for the family", "unnamed", "said"),
        # "the mayor" is one identifiable person; "a senator" is not
        ("The mayor said the bridge was safe.", "The mayor", "named_person", "said"),
        ("A senator said the bill was dead.", "A senator", "unnamed", "said"),
        # people who study find; a document in the clause finds too
        ("Researchers found the drug reduced deaths.", "Researchers", "unnamed", "found"),
        (
            "A survey conducted by Northgate University found that fares had doubled.",
            "A survey conducted by Northgate University",
            "document",
            "found",
        ),
    ],
)
def test_harder_sources(text, source, kind, cue):
    a = attributions(text)[0]
    assert (a.source.text, a.kind, a.cue.text) == (source, kind, cue)


@pytest.mark.parametrize(
    "text",
    [
        "Ida Brandt found her keys under the desk.",  # people who do not study do not "find" claims
        "In a statement, the ministry said the storm had passed.",  # the verb is the cue, not "in a statement"
    ],
)
def test_cues_that_need_the_right_source(text):
    assert all(a.cue.text not in ("found", "In a statement") for a in attributions(text))


def test_colon_after_a_speaker_is_a_cue():
    a = only("Okafor: “The bridge will reopen in May.”")
    assert (a.source.text, a.cue.text, a.kind, a.direct_quote) == ("Okafor", ":", "named_person", True)


@pytest.mark.parametrize(
    ("text", "pronoun", "antecedent", "kind"),
    [
        ("Mayor Jane Okafor spoke first. She said the bridge was safe.", "She", "Mayor Jane Okafor", "named_person"),
        # gender from an honorific picks the right person
        ("Ms. Ada Quinn and Mr. Olu Baker met. He said the vote was fair.", "He", "Mr. Olu Baker", "named_person"),
        # "it" refers to an organisation or document, not a person
        (
            "Brightwater Corp. denied wrongdoing. Mayor Jane Okafor disagreed. It said the filing was false.",
            "It",
            "Brightwater Corp.",
            "named_org",
        ),
        # a pronoun after "according to" too
        ("Mayor Jane Okafor toured the dam. According to her, the repairs are finished.", "her", "Mayor Jane Okafor", "named_person"),
        # "they" refers to a group
        ("Two officials said the plan was dead. They said it would not return.", "They", "Two officials", "unnamed"),
    ],
)
def test_pronoun_sources_take_the_kind_of_their_antecedent(text, pronoun, antecedent, kind):
    a = next(a for a in attributions(text) if a.source.text == pronoun)
    assert (a.resolved_from.text, a.kind) == (antecedent, kind)


def test_a_named_source_is_not_resolved():
    a = only("Mayor Jane Okafor said the bridge was safe.")
    assert a.resolved_from is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "A senior official, who spoke on condition of anonymity because he was not authorized to speak "
            "publicly, said the plan was dead.",
            "because he was not authorized to speak publicly",
        ),
        (
            "Two officials said the plan was dead. They spoke on condition of anonymity to discuss private "
            "deliberations.",
            "to discuss private deliberations",
        ),
    ],
)
def test_anonymity_reason_is_kept_with_the_unnamed_source(text, reason):
    a = attributions(text)[0]
    assert (a.kind, a.anonymity_reason.text) == ("unnamed", reason)


def test_anonymity_without_a_reason_gives_none():
    a = only("A senior official, who spoke on condition of anonymity, said the plan was dead.")
    assert (a.kind, a.anonymity_reason) == ("unnamed", None)


def test_a_quote_inside_a_quote_is_the_speakers_not_the_articles():
    text = "“My lawyer said we would win,” Okafor said."
    assert [a.source.text for a in attributions(text)] == ["Okafor"]


@pytest.mark.parametrize(
    "text",
    [
        "The United States joined the talks.",
        "Nobody knew what the plan was.",
        "Okafor was asked about the dam.",
        "He was told to leave.",
        "",
    ],
)
def test_no_attribution_without_a_source(text):
    assert attributions(text) == ()


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("The economy is said to be recovering.", "said", "to be recovering"),
        ("It was reported that the dam had cracked.", "reported", "the dam had cracked"),
        ("He was told that the plant would close.", "told", "the plant would close"),
    ],
)
def test_a_passive_attributes_a_claim_to_nobody(text, cue, content):
    a = only(text)
    assert (a.source, a.kind, a.cue.text, a.content.text) == (None, "unnamed", cue, content)


def test_offsets_hold_with_crlf_curly_quotes_nbsp_and_emoji():
    text = "Intro 🎉 line.\r\n\r\n“It is over,” Mayor\u00a0Jane Okafor said.\r\nU.S. officials said the\u00a0talks had stalled."
    found = attributions(text)
    assert [(a.source.text, a.kind) for a in found] == [
        ("Mayor\u00a0Jane Okafor", "named_person"),
        ("U.S. officials", "unnamed"),
    ]
    for a in found:
        for span in (a.cue, a.source, a.content):
            assert text[span.start : span.end] == span.text
    assert found[0].sentence == 1 and found[1].sentence == 2


def test_find_quotes_finds_straight_curly_and_doubled_apostrophe_quotes():
    text = "“One,” she said. \"Two,\" he said. ''Three, 'four','' they said. Don't stop."
    assert [q.text for q in find_quotes(text)] == ["“One,”", '"Two,"', "''Three, 'four',''"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300) | st.text(alphabet="“”\"',.:;—– \r\nSaidMr.HeOfficials according to", max_size=200))
def test_never_raises_and_every_span_is_inside_the_text(text):
    for a in attributions(text):
        assert a.kind in ("named_person", "named_org", "document", "unnamed")
        for span in (a.cue, a.source, a.content, a.resolved_from, a.anonymity_reason):
            if span is not None:
                assert 0 <= span.start <= span.end <= len(text)
                assert text[span.start : span.end] == span.text


def sources(text):
    return [(a.source.text if a.source else None, a.kind, a.cue.text) for a in attributions(text)]


@pytest.mark.parametrize(
    "text",
    [
        # a product recall is no memory, and a bare number is no source
        "Norrick Kitchens recalls 12,000 kettles after 9 reported burns.",
        "The recall followed 9 reports of kettles boiling dry.",
        "Norrick Kitchens is recalling 12,000 kettles after receiving 9 reports of burns.",
        # an adjective before a noun that looks like a cue
        "Crews answered the most serious calls within eight minutes.",
    ],
)
def test_numbers_recalls_noun_reports_and_adjectives_are_no_sources(text):
    assert sources(text) == []


def test_recalls_that_and_recalled_how_are_cues():
    assert sources("Ines Caro recalled that the river rose overnight.") == [("Ines Caro", "named_person", "recalled")]
    assert sources("Ines Caro recalls how the river rose overnight.") == [("Ines Caro", "named_person", "recalls")]


def test_reported_with_an_object_is_still_a_cue():
    assert sources("The agency reported that 9 kettles had failed.") == [("The agency", "named_org", "reported")]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        # the last word of the name is a company word
        ("Norrick Kitchens Appliances said the kettles were safe.", "Norrick Kitchens Appliances"),
        ("Velmar Motors said sales fell.", "Velmar Motors"),
        ("Ostrand Rail said 40 trains ran.", "Ostrand Rail"),
        ("Pell Civil Works, which is not a party to the case, said the bid was fair.",
         "Pell Civil Works, which is not a party to the case"),
        # "which" is said of an organisation, "who" of a person
        ("Kandor, which lost the tender, argues the scoring was wrong.", "Kandor, which lost the tender"),
        # an organisation noun before the name
        ("Prices will rise, grid operator Nordgrid said.", "operator Nordgrid"),
    ],
)
def test_company_names_are_organisations(text, source):
    assert sources(text)[0][:2] == (source, "named_org")


def test_a_title_before_a_name_makes_a_person_even_after_an_organisation():
    text = "Bank of Vellmark Governor Rhea Tamm told lawmakers that rates would hold."
    assert sources(text)[0][:2] == ("Bank of Vellmark Governor Rhea Tamm", "named_person")


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        # shown as a company elsewhere in the article: a company word after it, "its" after it
        ("Velmar Motors cut prices. Velmar declined to comment.", "Velmar", "named_org"),
        ("Analysts doubt the plan. Quillstack said its profit rose.", "Quillstack", "named_org"),
        # never given a first name or a title, but seen inside a sentence: an outlet or a brand
        ("The logs were obtained by Brassfeld. Brassfeld asked the ministry why.", "Brassfeld", "named_org"),
        # introduced with a first name or a title: a person
        ("Ines Caro runs the clinic. Caro said the queue was long.", "Caro", "named_person"),
        ("The panel heard Mr. Tamm on Monday. Tamm said the vote was fair.", "Tamm", "named_person"),
        ("The vote was a loss for Vell, who said it was fair.", "Vell", "named_person"),
        # a plural that only ever opens a sentence is a noun, not a name
        ("Rain fell all day. Stallkeepers said trade was slow.", "Stallkeepers", "unnamed"),
    ],
)
def test_one_word_names_take_their_kind_from_the_article(text, name, kind):
    assert [(s, k) for s, k, _ in sources(text) if s == name] == [(name, kind)]


@pytest.mark.parametrize(
    ("text", "source", "kind"),
    [
        # an institution noun with "the" refers to a body named in the article
        ("Velmar Motors cut prices. The carmaker said demand was weak.", "The carmaker", "named_org"),
        ("Kandor appealed. The panel said the appeal was late.", "The panel", "named_org"),
        ("The grid operator said the lines were safe.", "The grid operator", "named_org"),
        # a court speaks through rulings on record, with any article
        ("A lower court rejected the claim in March.", "A lower court", "named_org"),
        # a delegation speaks for the body that sent it
        ("Observers from the Coastal Election Monitoring Mission said the count was fair.",
         "Observers from the Coastal Election Monitoring Mission", "named_org"),
        # but an indefinite company, officials from a ministry and the weasel "some" stay unnamed
        ("A company said the kettles were safe.", "A company", "unnamed"),
        ("Officials from the Transport Ministry said the bridge was safe.", "Officials from the Transport Ministry", "unnamed"),
        ("Some say the bridge was never safe.", "Some", "unnamed"),
    ],
)
def test_definite_descriptions_courts_and_delegations(text, source, kind):
    assert [(s, k) for s, k, _ in sources(text) if s == source] == [(source, kind)]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Of the voters polled, nine in 10 said they would vote again.", "10"),
        ("Of 60 members, 43 said the same.", "43"),
    ],
)
def test_a_number_speaks_in_poll_results(text, source):
    assert [s for s, _, _ in sources(text)] == [source]


def test_he_skips_a_one_word_name_never_shown_as_a_person_for_a_titled_person_since():
    text = (
        "Brassfeld asked two experts to rerun the study. Dr. Jonas Fell reran it. "
        "“It holds,” he said."
    )
    he = next(a for a in attributions(text) if a.source.text == "he")
    assert (he.kind, he.resolved_from.text) == ("named_person", "Dr. Jonas Fell")


def test_he_still_refers_to_a_surname_introduced_with_a_first_name():
    text = "Ines Caro chairs the board. Caro said the vote was fair. Dr. Jonas Fell agreed. “It was,” she said."
    she = next(a for a in attributions(text) if a.source.text == "she")
    assert she.resolved_from.text == "Caro"


@pytest.mark.parametrize(
    "text",
    [
        "We therefore cannot say when the leak began.",
        "The change adds no more than 2,000 cases to the backlog.",
        "Employment reports are filed by the companies themselves.",
    ],
)
def test_modals_sums_and_noun_reports_are_no_attributions(text):
    assert sources(text) == []


@pytest.mark.parametrize(
    ("text", "source", "kind"),
    [
        ("The agreement, published in May, says the port will close.", "The agreement, published in May", "document"),
        ("According to internal customer-service logs, the fault was known.", "internal customer-service logs", "document"),
        ("The ministry's freedom-of-information response stated that no records existed.",
         "The ministry's freedom-of-information response", "document"),
        ("None wanted to be named, saying they feared for their jobs.", "None", "unnamed"),
    ],
)
def test_documents_and_groups_after_the_fixes_editors_asked_for(text, source, kind):
    assert [(s, k) for s, k, _ in sources(text)] == [(source, kind)]


def test_asked_not_to_be_named_is_the_anonymity_of_the_speaker_not_a_claim():
    text = "“It takes a year,” said an industry analyst who asked not to be named because his firm advises carmakers."
    a = only(text)
    assert (a.source.text, a.kind, a.cue.text, a.anonymity_reason.text) == (
        "an industry analyst",
        "unnamed",
        "said",
        "because his firm advises carmakers",
    )


@pytest.mark.parametrize(
    ("text", "neutral"),
    [
        ("The mayor said the dam held.", True),
        ("Pia Lund told the council the dam held.", True),
        ("According to the water board, the dam held.", True),
        ("The mayor claimed the dam held.", False),
        ("The clerk admitted the dam had cracked.", False),
    ],
)
def test_neutral_verb_is_said_told_or_according_to(text, neutral):
    (attribution,) = find_attributions(text, split_sentences(text))
    assert neutral_verb(attribution) is neutral


def test_a_news_outlet_opening_a_sentence_is_an_organisation(monkeypatch):
    """A one-word name the article says nothing about is a person, unless the news_media lexicon
    knows it as an outlet; a first name before it still makes it a person."""
    text = "Harbourwire said the vote was close."
    assert only(text).kind == "named_person"
    monkeypatch.setattr(attribution_module, "_OUTLETS", frozenset({"harbourwire"}))
    assert only(text).kind == "named_org"
    assert only("Ana Harbourwire spoke first. Harbourwire said the vote was close.").kind == "named_person"
