"""The Article page scores pasted or uploaded text, explains the score, and marks the evidence safely."""

import re

from scoring import store
from scoring.model import BANDS

# A fictional report: named and unnamed sources, a hedge, a booster and an estimative judgement.
ARTICLE = (
    "The Larkspur harbour authority will close the north pier for repairs next month, its director "
    "Mira Tolland said on Tuesday. \u201cThe pilings are rotten through,\u201d Tolland said at a briefing.\n\n"
    "Two port officials, who spoke on condition of anonymity because they were not authorised to "
    "discuss the budget, said the repairs may cost more than 4 million crowns. The authority's "
    "annual report shows maintenance spending fell by a third between 2019 and 2023.\n\n"
    "Fishing crews will almost certainly lose a season of mooring fees, according to the Larkspur "
    "Fishers' Association. \"This is clearly the worst timing,\" said its chair, Olek Brand."
)
HEADLINE = "North pier to close for repairs"


def paste(at, text, headline=""):
    at.text_area[0].input(text)
    at.text_input[0].input(headline)
    at.button[0].click()
    return at.run()


def test_a_pasted_article_gets_score_band_contributions_and_highlights(page, db, chart_with_field):
    at = paste(page("article").run(), ARTICLE, HEADLINE)
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    score = float(metrics["Score"].split("/")[0])
    assert 0 <= score <= 100
    assert metrics["Band"] in [b.name for b in BANDS]
    assert at.subheader[0].value == HEADLINE

    highlighted = "".join(m.value for m in at.markdown if 'class="evidence-text"' in m.value)
    tooltips = re.findall(r'<mark title="([^"]*)"', highlighted)
    assert any(t.startswith("named source: ") for t in tooltips), tooltips
    assert any(t.startswith("unnamed source: ") for t in tooltips), tooltips
    assert int(metrics["Named sources"]) >= 1 and int(metrics["Unnamed sources"]) >= 1

    chart = chart_with_field(at, "points")
    (bars,) = chart["frames"].values()
    assert len(bars) > 0 and (bars["points"].abs() >= 0.1).all()
    assert set(bars["effect"]) == {"raises the score", "lowers the score"} & set(bars["effect"])
    assert ((bars["points"] > 0) == (bars["effect"] == "raises the score")).all()
    assert all(bars["meaning"].str.len() > 0)  # every bar's tooltip says what the signal means

    sources = at.dataframe[0].value
    assert list(sources.columns) == ["source", "kind", "cue", "quote", "claim"]
    assert len(sources) == int(metrics["Named sources"]) + int(metrics["Unnamed sources"])



def test_figures_and_dates_are_marked_when_asked_for(page, db):
    def tooltips(at):
        highlighted = "".join(m.value for m in at.markdown if 'class="evidence-text"' in m.value)
        return re.findall(r'<mark title="([^"]*)"', highlighted)

    at = paste(page("article").run(), ARTICLE)
    assert not any(t.startswith("figure or date") for t in tooltips(at))  # dense: off at first
    at.pills(key="evidence.kinds").set_value(["specific"]).run()
    shown = tooltips(at)
    assert shown and all(t.startswith("figure or date: ") for t in shown)
    assert "figure or date: date or time" in shown

def test_hostile_article_text_never_reaches_the_page_as_markup(page, db):
    hostile = (
        'Officials said <script>alert("owned")</script> the vote was close. '
        "<img src=x onerror=alert(1)> A spokesperson said "
        '<a href="javascript:alert(2)">click here</a> and <iframe src="https://evil.example"></iframe>.\n\n'
        "<style>body{display:none}</style> [a link](javascript:alert(3)) ![pixel](https://evil.example/p.png)"
    )
    at = paste(page("article").run(), hostile, '<script>alert("headline")</script> [x](javascript:alert(4))')
    assert not at.exception
    bodies = [m.value for m in at.markdown] + [h.value for h in at.subheader]
    page_html = "\n".join(bodies)
    for raw in ("<script", "<img", "<iframe", "<style", "<a "):
        assert raw not in page_html, f"{raw!r} reached the page unescaped"
    markdown_links = re.findall(r"(?<!\\)\]\((?:javascript|https://evil)", page_html)
    assert not markdown_links, "a Markdown link or image reached the page"
    assert "&lt;script&gt;" in page_html  # the text is still there, as text


def test_an_uploaded_html_page_is_reduced_to_its_article(page, db):
    html_page = (
        "<html><head><title>Pier closes | Larkspur Courier</title></head><body><nav>Home Sport Weather</nav>"
        f"<article><h1>{HEADLINE}</h1>"
        + "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n"))
        + "</article><footer>Subscribe now</footer></body></html>"
    )
    at = page("article").run()
    at.file_uploader[0].set_value(("pier.html", html_page.encode(), "text/html"))
    at = at.run()
    assert not at.exception
    assert at.metric[0].label == "Score"
    highlighted = "".join(m.value for m in at.markdown if 'class="evidence-text"' in m.value)
    assert "Mira Tolland" in highlighted and "Subscribe now" not in highlighted


def test_a_file_of_the_wrong_kind_gets_a_message_naming_it(page, db):
    at = page("article").run()
    at.file_uploader[0].set_value(("empty.txt", b"   ", "text/plain"))
    at = at.run()
    assert [e.value for e in at.error] == ["empty.txt is empty."]


def test_a_stored_article_opens_by_id_from_the_url(page, db):
    stored = store.latest_scores(db).iloc[0]
    at = page("article")
    at.query_params["article"] = stored["article_id"]
    at = at.run()
    assert not at.exception
    assert at.subheader[0].value.replace("\\", "") == stored["title"]
    assert at.metric[0].label == "Score"


def test_an_unknown_id_in_the_url_is_reported(page, db):
    at = page("article")
    at.query_params["article"] = "no-such-article"
    at = at.run()
    assert "No article with id" in at.warning[0].value


def test_saving_a_pasted_article_adds_it_to_the_store(page, db):
    at = paste(page("article").run(), ARTICLE, HEADLINE)
    before = len(store.latest_scores(db))
    at.text_input[1].input("larkspur-courier.example")
    at.button[1].click()
    at = at.run()
    assert not at.exception
    assert at.success[0].value.startswith("Saved as article")
    scored = store.latest_scores(db)
    assert len(scored) == before + 1
    assert "larkspur-courier.example" in set(scored["outlet"])


def test_text_too_long_to_score_says_why(page, db, monkeypatch):
    monkeypatch.setattr("scoring.model.MAX_TEXT_CHARS", 100)
    # a text no other test scores: scores are cached per text for the whole process
    at = paste(page("article").run(), ARTICLE + "\n\nThe harbour master declined to comment.")
    assert not at.exception
    assert at.error[0].value.startswith("This text cannot be scored: text too long")
    assert not at.metric


def test_rerunning_the_page_does_not_score_again(page, db, monkeypatch):
    import scoring.model

    calls = []
    real_score = scoring.model.score
    monkeypatch.setattr(scoring.model, "score", lambda *a, **k: calls.append(a[0]) or real_score(*a, **k))
    text = ARTICLE + "\n\nFerry services are not affected."  # scores are cached per text for the whole process
    at = paste(page("article").run(), text)
    at.run()  # any widget change reruns the page: the article must not be scored again
    assert calls == [text]
