"""RSS and Atom feeds: entries as articles, encodings, teasers, and the shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.config import IngestOptions
from newsdesk.desk import Desk
from newsdesk.model import RawRecord, Skipped
from newsdesk.sources import read_inputs
from newsdesk.sources.feeds import html_to_text, sniff
from tests.test_fetch_support import LocalWeb, Route, gold_pages, rss

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "fixtures" / "feeds"
needs_fixtures = pytest.mark.skipif(not FIXTURES.is_dir(), reason="shared feed fixtures not present")

BODY = ("<p>The harbour board voted on Monday to extend the ferry timetable into the winter months.</p>"
        "<p>Operators said the change would add six crossings a day.</p>"
        "<p>The post <a href='https://valleycourier.example/ferry'>Ferry timetable extended</a> appeared first on "
        "Valley Courier.</p>")


def _read(path: Path, **options) -> list:
    return list(read_inputs([str(path)], IngestOptions(**options)))


def test_rss_entries_become_articles_with_html_stripped(tmp_path):
    path = tmp_path / "latest.rss"
    path.write_bytes(rss([
        {"title": "Ferry timetable extended", "link": "https://valleycourier.example/ferry", "guid": "vc-1001",
         "pubDate": "Tue, 05 Mar 2024 09:30:00 +0100", "author": "desk@valleycourier.example (Maria Lindqvist)",
         "description": "Short teaser.", "content": BODY},
        {"title": "Headline only", "link": "https://valleycourier.example/h", "guid": "vc-1002"},
    ]))
    first, second = _read(path)
    assert isinstance(first, RawRecord) and isinstance(second, RawRecord)
    assert first.title == "Ferry timetable extended" and first.url == "https://valleycourier.example/ferry"
    assert first.record_id == "vc-1001" and first.byline == "Maria Lindqvist"
    assert first.published == "2024-03-05T08:30:00+00:00"
    assert first.text.split("\n") == [
        "The harbour board voted on Monday to extend the ferry timetable into the winter months.",
        "Operators said the change would add six crossings a day.",
    ]
    assert first.source == "Valley Courier: latest"
    assert second.text == "Headline only" and "headline_only" in second.flags


def test_atom_entries_with_html_content(tmp_path):
    atom = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            '<title>Harbourside Herald</title><link href="https://herald.example/"/>'
            '<entry><title type="html">Bridge &lt;em&gt;closed&lt;/em&gt;</title><id>tag:herald.example,2024:7</id>'
            '<link href="/stories/bridge"/><published>2024-03-28T07:00:00Z</published><author><name>Staff reporter'
            '</name></author><content type="html">&lt;p&gt;The Old Mill bridge will close on Monday.&lt;/p&gt;'
            '&lt;ul&gt;&lt;li&gt;Buses divert.&lt;/li&gt;&lt;li&gt;Footway stays open.&lt;/li&gt;&lt;/ul&gt;</content>'
            '</entry></feed>')
    path = tmp_path / "herald.atom"
    path.write_text(atom, encoding="utf-8")
    (entry,) = _read(path)
    assert entry.title == "Bridge closed"
    assert entry.url == "https://herald.example/stories/bridge"
    assert entry.text.split("\n") == ["The Old Mill bridge will close on Monday.", "Buses divert.", "Footway stays open."]
    assert entry.published == "2024-03-28T07:00:00+00:00" and entry.byline == "Staff reporter"


def test_latin1_and_undeclared_feeds_decode_right(tmp_path):
    items = [{"title": "Vendanges précoces à Saint-Aubin", "link": "https://courrier.example/v", "guid": "c-1",
              "description": "Les vendanges ont commencé avec dix jours d'avance, explique un vigneron."}]
    declared = tmp_path / "latin1.rss"
    declared.write_bytes(rss(items, encoding="iso-8859-1"))
    undeclared = tmp_path / "undeclared.rss"
    undeclared.write_bytes(rss(items, encoding="cp1252", declare=False))
    for path in (declared, undeclared):
        (entry,) = _read(path)
        assert entry.title == "Vendanges précoces à Saint-Aubin", path.name
        assert "commencé" in entry.text


def test_an_html_page_named_like_a_feed_is_reported(tmp_path):
    path = tmp_path / "news.rss"
    path.write_text("<html><head><title>Moved</title></head><body>See <a href='/x'>here</a></body></html>")
    (item,) = _read(path)
    assert isinstance(item, Skipped) and item.reason == "not a feed: an HTML page titled 'Moved'"


def test_entries_without_title_or_text_are_reported(tmp_path):
    path = tmp_path / "empty.atom"
    path.write_text('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>'
                    '<entry><id>tag:x,2024:1</id></entry></feed>')
    (item,) = _read(path)
    assert isinstance(item, Skipped) and "no title or text" in item.reason


def test_feed_junk_lines_are_dropped():
    assert html_to_text("<p>News.</p><p>Continue reading...</p><p>[link] [12 comments]</p>") == "News."


def test_sniffing_recognises_feed_roots():
    assert sniff("x", b'<?xml version="1.0"?>\n<!-- c --><rss version="2.0">')
    assert sniff("x", b'<feed xmlns="http://www.w3.org/2005/Atom">')
    assert sniff("x", b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x">')
    assert not sniff("x", b"<!DOCTYPE html><html>")


def test_teasers_from_a_local_file_are_not_fetched_unless_asked(tmp_path):
    web = LocalWeb()
    try:
        page = gold_pages()[4]
        web.routes["/story"] = Route(page["html"].encode())
        path = tmp_path / "teasers.rss"
        path.write_bytes(rss([{"title": page["title"], "link": web.url("/story"), "guid": "t-1",
                               "description": "An amber heat warning has been issued."}]))
        (plain,) = _read(path, allow_private=True)
        assert plain.text == "An amber heat warning has been issued." and web.hits["/story"] == 0
        (full,) = _read(path, allow_private=True, fetch_linked=True)
        assert "full_text_fetched" in full.flags and full.meta["teaser"] == "An amber heat warning has been issued."
        assert "much of the south and east" in full.text and full.title == page["title"]
        web.routes.pop("/story")
        (failed,) = _read(path, allow_private=True, fetch_linked=True)
        assert "teaser" in failed.flags and "HTTP 404" in failed.meta["fetch_error"]
    finally:
        web.close()


def test_ingesting_a_feed_twice_stores_each_entry_once(tmp_path, desk_address):
    path = tmp_path / "latest.rss"
    path.write_bytes(rss([{"title": f"Story {i}", "link": f"https://valleycourier.example/{i}", "guid": f"vc-{i}",
                           "description": f"The council said on Monday that item {i} would be discussed."}
                          for i in range(3)]))
    options = IngestOptions(pipeline="bulk", workers=1)
    with Desk(desk_address) as desk:
        first = desk.ingest([str(path)], options)
        second = desk.ingest([str(path)], options)
        assert first.stored == 3 and second.stored == 0 and second.unchanged == 3
        assert desk.stats()["articles"] == 3


@needs_fixtures
def test_every_shared_fixture_feed_ingests_or_is_reported():
    expected_entries = {"customfields.rss": 15, "encoding.rss": 40, "feedburner.atom": 25, "guardian.rss": 55,
                        "heise.atom": 15, "heraldsun.rss": 2, "reddit-atom.rss": 24, "rss-1.rss": 69,
                        "uolNoticias.rss": 15}
    for path in sorted(FIXTURES.glob("*.*")):
        items = _read(path)
        records = [i for i in items if isinstance(i, RawRecord)]
        skipped = [i for i in items if isinstance(i, Skipped)]
        if path.name in expected_entries:
            assert len(records) == expected_entries[path.name] and not skipped, path.name
            assert all(r.title and r.text for r in records)
        else:
            assert not records and skipped and all(s.reason for s in skipped), path.name
    (moved,) = _read(FIXTURES / "unrecognized.rss")
    assert moved.reason.startswith("not a feed: an HTML page")


@needs_fixtures
def test_fixture_feeds_in_latin1_and_undeclared_encodings_decode_right():
    jn = _read(FIXTURES / "encoding.rss")
    assert jn[0].title == "Mãe de utente é a nova presidente da Raríssimas"
    assert jn[0].source == "Jornal de Notícias - Últimas Notícias"
    uol = _read(FIXTURES / "uolNoticias.rss")
    assert "simulações" in uol[0].title and "Líder" in uol[0].text
