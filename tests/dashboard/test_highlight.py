"""The highlighter marks every kind of evidence, handles overlaps, and never lets article text become markup."""

import html
import re

from scoring.analysis import Analysis
from scoring.dashboard.highlight import evidence_counts, highlight_html, legend_html, markdown_text
from scoring.signals.assessment import Assessment, Likelihood
from scoring.signals.attribution import Attribution
from scoring.text import Span, split_sentences, word_count


def find(text, phrase, kind="", detail=""):
    start = text.index(phrase)
    return Span.of(text, start, start + len(phrase), kind, detail)


def make_analysis(text, attributions=(), hedges=(), boosters=(), assessments=(), quotes=(),
                  numbers=(), dates=(), first_person=(), loaded_words=(), **newer_signals):
    return Analysis(
        text=text, title=None, words=word_count(text), sentences=split_sentences(text), quotes=tuple(quotes),
        attributions=tuple(attributions), hedges=tuple(hedges), boosters=tuple(boosters),
        assessments=tuple(assessments), numbers=tuple(numbers), dates=tuple(dates),
        first_person=tuple(first_person), loaded_words=tuple(loaded_words), headline=(),
        **{name: tuple(spans) for name, spans in newer_signals.items()},
    )


def attribution(text, source, cue, kind):
    return Attribution(cue=find(text, cue), source=find(text, source), content=None,
                       direct_quote=False, kind=kind, sentence=0)


def marks(html_out):
    """(tooltip, marked text) for every <mark> in the output."""
    return re.findall(r'<mark title="([^"]*)"[^>]*>(.*?)</mark>', html_out)


TEXT = "Harbour officials said the pier will likely close. Mayor Ada Quill said it may clearly reopen."


def sample():
    t = TEXT
    return make_analysis(
        t,
        attributions=[attribution(t, "Harbour officials", "said", "unnamed"),
                      attribution(t, "Mayor Ada Quill", "said it", "named_person")],
        hedges=[find(t, "may", "modal"), find(t, "likely", "adverb")],
        boosters=[find(t, "clearly", "adverb")],
        assessments=[Assessment(find(t, "likely"), 0, False, Likelihood("likely", 0.55, 0.80))],
    )


def test_each_kind_of_evidence_gets_its_tooltip():
    found = dict((text, tip) for tip, text in marks(highlight_html(sample())))
    assert found["Harbour officials"] == "unnamed source: Harbour officials"
    assert found["Mayor Ada Quill"] == "named source: Mayor Ada Quill (named person)"
    assert found["may"] == "hedge: may (modal)"
    assert found["clearly"] == "booster: clearly (adverb)"


def test_overlapping_marks_take_the_most_important_colour_and_name_both():
    out = highlight_html(sample())
    tip, text = next((tip, text) for tip, text in marks(out) if text == "likely")
    assert "assessment: likely: 55%-80%, the writer&#x27;s own judgement" in tip
    assert "hedge: likely (adverb)" in tip
    likely_mark = re.search(r'<mark [^>]*>likely</mark>', out).group()
    assert "#C8EDE1" in likely_mark  # the assessment tint, not the hedge one


def test_partly_overlapping_marks_cut_the_text_at_every_boundary():
    t = "The ministry spokesperson Ira Venn said so."
    a = make_analysis(t, attributions=[
        attribution(t, "The ministry spokesperson", "said", "unnamed"),
        attribution(t, "spokesperson Ira Venn", "said", "named_person"),
    ])
    got = [text for _, text in marks(highlight_html(a))]
    assert got == ["The ministry ", "spokesperson", " Ira Venn"]
    # every character of the article is still there, once, in order
    plain = re.sub(r"<[^>]+>", "", highlight_html(a))
    assert plain == t


def test_article_text_never_becomes_markup():
    t = ('Officials said <script>alert("x")</script> and <img src=x onerror=alert(1)> '
         'see <a href="javascript:alert(1)">here</a> [or](javascript:alert(2)).\n\n# not a heading')
    a = make_analysis(t, attributions=[attribution(t, "Officials", "said", "unnamed")],
                      hedges=[find(t, '<img src=x onerror=alert(1)>')])
    out = highlight_html(a)
    assert "<script" not in out and "<img" not in out and "<a " not in out
    assert "&lt;script&gt;" in out and "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "\n" not in out  # a blank line would hand the rest to the Markdown parser
    assert "](javascript:" not in out and "&#91;or&#93;(javascript:alert(2))" in out
    tags = set(re.findall(r"<(/?\w+)", out))
    assert tags <= {"div", "/div", "mark", "/mark", "br"}


def test_counts_and_legend():
    counts = evidence_counts(sample())
    assert counts == {"unnamed_source": 1, "named_source": 1, "second_hand": 0, "reply": 0, "assessment": 1,
                      "booster": 1, "hedge": 2, "voice": 0, "specific": 0}
    legend = legend_html(counts)
    assert "unnamed source (1)" in legend and "hedge (2)" in legend
    assert "hedge" not in legend_html(counts, kinds=["named_source"])


VOICE = 'We think the 40 new trams, due on 3 May, are a disgrace. "We are proud of them," the mayor said.'


def voice_sample():
    t = VOICE
    quote_start = t.index('"We are')
    return make_analysis(
        t, quotes=[Span.of(t, quote_start, t.index(",\" the") + 2)],
        first_person=[find(t, "We"), Span.of(t, quote_start + 1, quote_start + 3)],
        loaded_words=[find(t, "disgrace")], numbers=[find(t, "40")], dates=[find(t, "3 May")],
    )


def test_the_writers_own_voice_and_specifics_are_marked_but_quoted_words_are_not():
    found = [(text, tip) for tip, text in marks(highlight_html(voice_sample()))]
    assert found == [
        ("We", "writer&#x27;s voice: first person"),
        ("40", "figure or date: figure"),
        ("3 May", "figure or date: date or time"),
        ("disgrace", "writer&#x27;s voice: loaded word"),
    ]  # the quoted "We" is the mayor's voice, not the writer's


def test_second_hand_sources_and_the_readers_address_are_marked():
    t = 'You won\'t believe it! The Daily Lantern reported that the ferry will stop, and "you" was a typo, it tweeted.'
    quote_start = t.index('"you"')
    a = make_analysis(
        t, quotes=[Span.of(t, quote_start, quote_start + 5)],
        attributions=[attribution(t, "The Daily Lantern", "reported", "named_org")],
        media_sources=[find(t, "Daily Lantern", "outlet")],
        social_media=[find(t, "tweeted", "post")],
        second_person=[find(t, "You"), Span.of(t, quote_start + 1, quote_start + 4)],
        exclamations=[find(t, "!")],
    )
    found = [(text, tip) for tip, text in marks(highlight_html(a))]
    assert found == [
        ("You", "writer&#x27;s voice: addresses the reader"),
        ("!", "writer&#x27;s voice: exclamation"),
        ("The ", "named source: The Daily Lantern (named org)"),
        ("Daily Lantern", "named source: The Daily Lantern (named org); second-hand source: other news media"),
        ("tweeted", "second-hand source: social media"),
    ]  # the quoted "you" is not the writer's voice


def test_requests_for_comment_and_unattributed_reports_are_marked():
    t = 'The ferry reportedly stops in May. "It is said to be losing money," a clerk said. Tarn Lines declined to comment.'
    quote_start = t.index('"It')
    a = make_analysis(
        t, quotes=[Span.of(t, quote_start, t.index('," a') + 2)],
        unattributed_reports=[find(t, "reportedly", "hearsay"), find(t, "is said to be", "passive")],
        comment_requests=[find(t, "declined to comment", "declined")],
    )
    found = [(text, tip) for tip, text in marks(highlight_html(a))]
    assert found == [
        ("reportedly", "second-hand source: report nobody is named for"),
        ("declined to comment", "comment sought: the writer sought a response"),
    ]  # the quoted "is said to be" is the clerk's words


def test_only_the_chosen_kinds_are_marked():
    out = highlight_html(voice_sample(), kinds=["specific"])
    assert [text for _, text in marks(out)] == ["40", "3 May"]
    assert re.sub(r"<[^>]+>", "", out) == html.escape(VOICE, quote=True)


def test_an_article_without_evidence_is_just_escaped_text():
    a = make_analysis("Fish & chips.\nDone.")
    assert highlight_html(a) == '<div class="evidence-text" style="line-height:1.7">Fish &amp; chips.<br>Done.</div>'


def test_text_for_markdown_elements_shows_as_typed():
    hostile = '<b>Bold</b> [x](javascript:alert(1)) ![p](https://evil.example/p.png) $x^2$ :red[alarm] :fire: at 10:30'
    out = markdown_text(hostile)
    assert out == (
        "&lt;b&gt;Bold&lt;/b&gt; \\[x\\](javascript:alert(1)) !\\[p\\](https://evil.example/p.png) "
        "\\$x^2\\$ \\:red\\[alarm\\] \\:fire: at 10:30"
    )
