"""Web pages: main text, metadata, encodings, boilerplate and non-article pages."""

from __future__ import annotations

import json

import pytest

from newsdesk.config import IngestOptions
from newsdesk.eval.extraction import overlap
from newsdesk.model import RawRecord, Skipped
from newsdesk.sources import read_inputs
from newsdesk.sources.encoding import decode_html
from newsdesk.sources.html import clean_boilerplate, extract_page, sniff
from tests.test_fetch_support import DATA, gold_pages

PAGES = gold_pages()


@pytest.mark.parametrize("item", PAGES, ids=[p["id"] for p in PAGES])
def test_gold_page_main_text_and_date(item):
    page = extract_page(item["html"], url=item["url"])
    precision, recall, f1 = overlap(page.text, item["gold_text"])
    assert f1 >= 0.9, (precision, recall)
    assert page.day == item["date"]
    assert page.not_article is None
    assert set((page.author or "").split("; ")) == set(item["author"].split(" and "))


def test_comments_and_share_bars_stay_out_of_the_text():
    item = next(p for p in PAGES if p["layout"] == "layout_comments_heavy")
    page = extract_page(item["html"], url=item["url"])
    assert "Leave a Reply" not in page.text and "says:" not in page.text
    assert "Thanks for covering this" not in page.text
    wordpress = next(p for p in PAGES if p["layout"] == "layout_wordpress")
    text = extract_page(wordpress["html"], url=wordpress["url"]).text
    assert "Share this" not in text and "Like this" not in text and "Loading" not in text


def test_metadata_title_site_canonical_language_description():
    item = next(p for p in PAGES if p["layout"] == "layout_portal")
    page = extract_page(item["html"])
    assert page.title == item["title"]
    assert page.url == item["url"]  # from <link rel=canonical>, no URL given
    assert page.sitename == "Daily Meridian"
    assert page.language == "en"
    assert page.description and page.description.startswith(item["gold_text"][:40])


def test_foreign_pages_are_detected_in_their_language():
    for item in PAGES:
        if item["lang"] != "en":
            assert extract_page(item["html"], url=item["url"]).language == item["lang"]


def test_published_date_wins_over_modified_date():
    # JSON-LD and the page say: published 12 March, modified 14 March.
    item = next(p for p in PAGES if p["layout"] == "layout_paywall")
    page = extract_page(item["html"], url=item["url"])
    assert page.published.startswith(item["date"]) and page.modified and page.modified > page.published


def _article(body_paragraphs: int = 5) -> str:
    sentence = ("The committee met on Tuesday to discuss the proposals for the harbour, which have divided the "
                "town since they were first published in the spring. ")
    return "".join(f"<p>{sentence * 2}Paragraph {i}.</p>" for i in range(body_paragraphs))


def test_utc_timestamp_is_given_the_publishers_local_day():
    html = ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "2024-05-04T03:37:00Z"}</script></head><body><article><h1>Harbour plan</h1>'
            f'<time datetime="2024-05-03T23:37:00-04:00">May 3</time>{_article()}</article></body></html>')
    page = extract_page(html, url="https://news.example/harbour-plan")
    assert page.day == "2024-05-03" and page.published == "2024-05-03T23:37:00-04:00"
    from_url = extract_page(html.replace("<time", "<span").replace("</time>", "</span>"),
                            url="https://news.example/2024/05/03/harbour-plan")
    assert from_url.day == "2024-05-03"


def test_original_date_in_url_beats_a_republished_date():
    html = ('<html><head><script type="application/ld+json">{"@type": "BlogPosting", '
            '"datePublished": "2021-06-17T18:28:00+02:00"}</script></head>'
            f'<body><article><h1>Harbour plan</h1>{_article()}</article></body></html>')
    page = extract_page(html, url="https://blog.example/2019/7/12/harbour-plan")
    assert page.day == "2019-07-12"


@pytest.mark.parametrize("name,reason", [
    ("home.html", "listing page"), ("tag.html", "listing page"), ("error.html", "error page"),
])
def test_non_article_pages_are_recognised(name, reason):
    html = (DATA / "nonarticles" / name).read_text(encoding="utf-8")
    assert reason in (extract_page(html).not_article or "")
    urls = json.loads((DATA / "nonarticles" / "urls.json").read_text())
    assert extract_page(html, url=urls[name]).not_article is not None


def test_listing_urls_are_not_articles_even_with_text():
    html = f"<html><body><article>{_article()}</article></body></html>"
    assert extract_page(html, url="https://news.example/").not_article == "a home page"
    assert extract_page(html, url="https://news.example/tag/harbour").not_article == "a tag page"
    assert extract_page(html, url="https://news.example/news/page/3").not_article.startswith("a listing page")
    assert extract_page(html, url="https://news.example/category/local/council-approves-the-harbour-plan-today"
                        ).not_article is None


def test_too_little_text_is_not_an_article():
    page = extract_page("<html><body><article><p>Subscribe to read this story.</p></article></body></html>")
    assert page.not_article and "too little text" in page.not_article or "no main text" in page.not_article


def test_boilerplate_lines_are_removed_and_news_lines_kept():
    text = "\n".join([
        "The council met on Tuesday.",
        "Read more: Council budget approved after long debate",
        "Lesen Sie auch: Neue Brücke für die Altstadt",
        "Sign up for our free newsletter and get the news in your inbox.",
        "Popular drinking hole The Anchor will close for the winter, its owners said.",
        "Popular varieties of apples",
        "Advertisement",
        "Follow the Herald on Twitter for the latest updates.",
        "Residents were invited to a public meeting.",
        "Tags: council, harbour",
    ])
    cleaned, removed = clean_boilerplate(text)
    assert cleaned.split("\n") == [
        "The council met on Tuesday.",
        "Popular drinking hole The Anchor will close for the winter, its owners said.",
        "Popular varieties of apples",
        "Residents were invited to a public meeting.",
    ]
    assert len(removed) == 6


def test_byline_lines_go_when_they_name_the_author():
    text = "By Jane Okafor - 3 May 2024\nThe ferry will run again from Monday.\nJane Okafor said it was good news."
    cleaned, _ = clean_boilerplate(text, author="Jane Okafor")
    assert cleaned.split("\n") == ["The ferry will run again from Monday.", "Jane Okafor said it was good news."]


@pytest.mark.parametrize("data,header,expected_codec,expected_text", [
    ("café".encode("cp1252"), "utf-8", "cp1252", "café"),               # header wrong
    ('<meta charset="iso-8859-1">café'.encode("cp1252"), None, "cp1252", "café"),
    ("café".encode(), "iso-8859-1", "utf-8", "café"),              # mislabelled UTF-8
    ("\ufeffcafé".encode("utf-8"), "cp1252", "utf-8", "café"),            # a BOM wins
    ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">Привет'.encode("cp1251"),
     None, "cp1251", "Привет"),
])
def test_encodings_from_header_then_meta_then_content(data, header, expected_codec, expected_text):
    text, codec = decode_html(data, header)
    assert codec == expected_codec and expected_text in text


def test_undeclared_cyrillic_is_detected_from_content():
    text = ("<html><body><p>" + "Городской совет утвердил бюджет на следующий год после долгих споров. " * 10
            + "</p></body></html>")
    decoded, codec = decode_html(text.encode("cp1251"))
    assert "Городской совет" in decoded and codec == "cp1251"


def test_sniffing_tells_pages_from_feeds():
    assert sniff("page.bin", b"<!DOCTYPE html><html><head>")
    assert sniff("x", b"  <!-- saved --> <html lang=en>")
    assert not sniff("x", b'<?xml version="1.0"?><rss version="2.0">')
    assert sniff("story.htm", b"anything")


def test_html_files_and_folders_ingest_through_the_reader(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    for item in PAGES[:3]:
        (folder / item["id"]).write_text(item["html"], encoding="utf-8")
    (folder / "home.html").write_text((DATA / "nonarticles" / "home.html").read_text(encoding="utf-8"),
                                      encoding="utf-8")
    items = list(read_inputs([str(folder)], IngestOptions()))
    records = [i for i in items if isinstance(i, RawRecord)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [r.title for r in records] == [p["title"] for p in PAGES[:3]]
    for record, item in zip(records, PAGES[:3], strict=True):
        assert record.byline == item["author"]
        # A file has no address of its own: the URL is the page's canonical link, when it has one.
        assert record.url == (item["url"] if 'rel="canonical"' in item["html"] else None)
    assert len(skipped) == 1 and "not an article" in skipped[0].reason


def test_a_page_over_the_size_limit_is_skipped(tmp_path):
    path = tmp_path / "big.html"
    path.write_text("<html><body>" + "<p>word</p>" * 5000 + "</body></html>")
    options = IngestOptions()
    options.limits.max_html_bytes = 10_000
    items = list(read_inputs([str(path)], options))
    assert len(items) == 1 and "page too large" in items[0].reason
