"""The meeting report shows the period's outlets, reviews and queue, escaped and self-contained."""

import re
from html.parser import HTMLParser

import pytest

from scoring.report import build_report, md_escape
from scoring.review import add_review
from scoring.store import import_frame

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(page: str):
    parser = _Tags()
    parser.feed(page)
    return parser.tags


@pytest.fixture
def meeting(db, scored):
    rows = [
        {"article_id": f"gz-{i}", "outlet": "lowmere-gazette.example", "score": 70 + i,
         "published": f"2026-03-{2 + i:02d}"}
        for i in range(4)
    ]
    rows += [
        {"article_id": f"fp-{i}", "outlet": "fenwick-post.example", "score": 40 + i,
         "published": f"2026-03-{10 + i:02d}"}
        for i in range(3)
    ]
    rows.append({"article_id": "evil-1", "outlet": f"{IMG}.example", "score": 20, "published": "2026-03-20",
                 "title": f"{SCRIPT} Harbour | vote {IMG}"})
    rows.append({"article_id": "old-1", "outlet": "fenwick-post.example", "score": 90, "published": "2025-06-01"})
    import_frame(db, scored(rows))
    add_review(db, "gz-1", "Ruth Okafor", "agree", notes="named council clerk, minutes linked")
    add_review(db, "fp-0", "Sam Ortiz", "score too low", notes="two named engineers", corrected_score=62)
    add_review(db, "evil-1", f"<b>Eve</b> {IMG}", "needs follow-up", notes=f"{SCRIPT} {IMG} & more | pipes")
    return db


def test_report_lists_the_periods_outlets_reviews_disagreements_and_queue(meeting):
    report = build_report(meeting, since="2026-03-01", until="2026-03-31")
    assert report.articles == 8  # old-1 is outside the period
    assert set(report.summary["outlet"]) == {"lowmere-gazette.example", "fenwick-post.example", f"{IMG}.example"}
    assert report.summary.set_index("outlet").loc["lowmere-gazette.example", "articles"] == 4
    assert report.reviewed["verdict"].tolist() == ["needs follow-up", "score too low", "agree"]
    assert report.disagreements["article_id"].tolist() == ["evil-1", "fp-0"]
    assert set(report.queue["article_id"].iloc[-2:]) == {"gz-1", "fp-0"}  # settled by a review

    page = report.to_html()
    assert "lowmere-gazette.example" in page and "fenwick-post.example" in page
    assert "8 articles (2026-03-01 to 2026-03-31)" in page
    assert "score too low" in page and "two named engineers" in page and "score 62" in page
    assert page.count("<svg") == 2  # the ranking and the trends


def test_report_escapes_every_piece_of_stored_text(meeting):
    page = build_report(meeting).to_html()
    tags = _tags(page)
    assert not [t for t, _ in tags if t in ("script", "img", "iframe", "object", "embed", "link", "b")]
    assert not [t for t, attrs in tags if any(name.startswith("on") for name in attrs)]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;Eve&lt;/b&gt;" in page


def test_report_html_references_nothing_outside_itself(meeting):
    page = build_report(meeting).to_html()
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert "http://" not in page and "https://" not in page  # not even the stored article URLs
    assert "@import" not in page


def test_report_markdown_escapes_html_and_table_syntax(meeting):
    text = build_report(meeting).to_markdown()
    assert "<script" not in text and "<img" not in text and "<b>" not in text
    assert "&lt;script&gt;" in text
    row = next(line for line in text.splitlines() if "needs follow-up" in line and "Eve" in line)
    # The note's own "|" is escaped, so the row still has exactly the table's 9 cells.
    assert len(re.split(r"(?<!\\)\|", row.strip().strip("|"))) == 9
    assert "## Queue for next time" in text


def test_markdown_escaping_keeps_text_readable():
    assert md_escape("a *bold* [link](x) | b\nnext") == r"a \*bold\* \[link\](x) \| b next"
    assert md_escape("<i>") == "&lt;i&gt;"


def test_an_empty_period_still_makes_a_report(meeting):
    report = build_report(meeting, since="2030-01-01")
    assert report.articles == 0
    assert "Nothing in this period." in report.to_html()
    assert "_Nothing in this period._" in report.to_markdown()


def test_report_for_chosen_outlets_only(meeting):
    report = build_report(meeting, outlets=["fenwick-post.example"])
    assert report.summary["outlet"].tolist() == ["fenwick-post.example"]
    assert report.reviewed["article_id"].tolist() == ["fp-0"]
    assert set(report.queue["outlet"]) == {"fenwick-post.example"}
