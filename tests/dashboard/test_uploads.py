"""Uploaded files: size limits, decoding, HTML reduced to the article, CSV cells kept as text."""

import pytest

from scoring.dashboard.uploads import (
    ARTICLE_MAX_MB,
    UploadError,
    article_from_upload,
    check_size,
    read_csv_upload,
    read_ratings_upload,
)

PAGE = b"""<html><head><title>Ferry timetable cut | Larkspur Courier</title></head><body>
<nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
<article><h1>Ferry timetable cut</h1>
<p>The island ferry will run four times a day instead of six from March, the operator Tidewell Lines said in a statement on Tuesday.</p>
<p>Councillor Brin Hollow said the cut would strand commuters. "People will lose their jobs over this," she said.</p>
<p>Two crew members, who asked not to be named because they were not authorised to speak, said the company had struggled to hire deckhands.</p>
</article><footer>Contact us - Subscribe</footer><script>track()</script></body></html>"""


def test_html_is_reduced_to_the_article_text_and_headline():
    title, text = article_from_upload("ferry.html", PAGE)
    assert title == "Ferry timetable cut"
    assert "Tidewell Lines said in a statement" in text
    assert "Subscribe" not in text and "track()" not in text and "Sport" not in text


def test_text_files_are_decoded_leniently():
    title, text = article_from_upload("note.TXT", "\ufeffCaf\u00e9 owners said so.".encode() + b"\xff")
    assert title is None
    assert text == "Caf\u00e9 owners said so.\ufffd"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("story.pdf", b"%PDF-1.7", "story.pdf: expected a .txt, .md, .html, .htm file."),
        ("blank.md", b"  \n ", "blank.md is empty."),
        ("menu.html", b"<html><head><style>p{}</style></head><body><script>go()</script></body></html>", "menu.html: no article text found in this HTML page."),
    ],
)
def test_unusable_articles_are_refused_with_the_file_named(name, data, message):
    with pytest.raises(UploadError) as err:
        article_from_upload(name, data)
    assert str(err.value) == message


def test_size_limit_is_enforced_in_code():
    check_size("ok.csv", 2 * 1024 * 1024, 2)
    with pytest.raises(UploadError, match=r"big.txt is 5.0 MB; this page takes files up to 4 MB."):
        check_size("big.txt", 5 * 1024 * 1024, 4)
    with pytest.raises(UploadError, match="takes files up to"):
        article_from_upload("huge.txt", b"a" * (ARTICLE_MAX_MB * 1024 * 1024 + 1))


def test_csv_cells_stay_text():
    frame = read_csv_upload("in.csv", b"id,text,when\n007,=1+1,2024-01-02\n8,,\n")
    assert frame["id"].tolist() == ["007", "8"]
    assert frame["text"].tolist() == ["=1+1", ""]


def test_a_broken_csv_is_named():
    with pytest.raises(UploadError, match="empty.csv could not be read as CSV"):
        read_csv_upload("empty.csv", b"")


def test_ratings_accept_a_domain_column():
    ratings = read_ratings_upload("r.csv", b"Domain,Rating\nquayside-post.example,0.8\nfen-echo.example,0.35\n")
    assert ratings.to_dict("records") == [
        {"outlet": "quayside-post.example", "rating": 0.8},
        {"outlet": "fen-echo.example", "rating": 0.35},
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"site,score\na.example,1\n", "r.csv needs an 'outlet' (or 'domain') column and a 'rating' column; columns found: site, score"),
        (b"outlet,rating\na.example,high\nb.example,0.5\n,0.2\n", "r.csv: lines 2, 4 have no outlet or a rating that is not a number."),
    ],
)
def test_unusable_ratings_say_what_is_wrong(data, message):
    with pytest.raises(UploadError) as err:
        read_ratings_upload("r.csv", data)
    assert str(err.value) == message
