"""The web desk's HTML building blocks: escaping before highlighting, charts and maps as SVG."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

from newsdesk.model import Article, Mention, Quote, Span
from newsdesk.web import render
from newsdesk.web.charts import bar_chart, normalise_series
from newsdesk.web.geo import place_map, world_svg

HOSTILE = '<script>alert(1)</script> and "><img src=x onerror=alert(1)>'
TEMPLATES = Path(render.__file__).parent / "templates"


def _parse(markup: str) -> ElementTree.Element:
    """Well-formedness check: the fragment parses as XML once wrapped (our tags are all closed)."""
    return ElementTree.fromstring("<root>" + str(markup).replace("<br>", "<br/>") + "</root>")


def test_highlight_escapes_the_text_and_marks_only_the_spans():
    text = "Mayor " + HOSTILE + " spoke"
    out = str(render.highlight(text, [[0, 5], [len(text) - 5, len(text)]]))
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in out
    assert out.startswith('<mark class="hit">Mayor</mark>')
    assert out.endswith('<mark class="hit">spoke</mark>')


def test_highlight_ignores_malformed_and_merges_overlapping_spans():
    out = str(render.highlight("abcdefghij", [[2, 5], [4, 7], [9, 99], [-3, 1], ["x", 2], [6, 6], [8]]))
    assert out == '<mark class="hit">a</mark>b<mark class="hit">cdefg</mark>hi<mark class="hit">j</mark>'


def _article_with_quote() -> Article:
    text = ('Officials met in Lisbon.\n\n"We will rebuild the port <b>today</b>," said Ana Costa, the mayor.'
            "\nA second line.")
    q_start = text.index('"')
    q_end = text.index(',"') + 2
    costa = text.index("Ana Costa")
    said = text.index("said")
    lisbon = text.index("Lisbon")
    return Article(
        id="a1", text=text, title="t",
        mentions=[
            Mention(lisbon, lisbon + 6, "Lisbon", "GPE", entity_id="ent/lisbon"),
            Mention(costa, costa + 9, "Ana Costa", "PERSON", entity_id="e-costa"),
            Mention(costa, costa + 3, "Ana", "PERSON"),  # overlaps the longer mention: dropped
            Mention(5, 500, "bad", "ORG"),  # outside the text: ignored
        ],
        quotes=[Quote(content=Span(q_start, q_end, text[q_start:q_end]), direct=True,
                      cue=Span(said, said + 4, "said"), speaker=Span(costa, costa + 9, "Ana Costa"),
                      speaker_entity_id="e-costa", speaker_name="Ana Costa")],
    )


def test_article_text_gets_paragraphs_quotes_and_linked_entities_escaped():
    art = _article_with_quote()
    out = str(render.annotate_article(art))
    root = _parse(out)
    paras = root.findall("p")
    assert len(paras) == 2
    links = root.findall(".//a")
    assert [a.get("href") for a in links] == ["/entities/ent%2Flisbon", "/entities/e-costa"]
    assert "ent-place" in links[0].get("class") and "ent-person" in links[1].get("class")
    assert "speaker" in links[1].get("class")
    quote = root.find(f".//span[@id='q-{art.quotes[0].content.start}']")
    assert quote is not None and "quote-direct" in quote.get("class")
    assert "".join(quote.itertext()) == '"We will rebuild the port <b>today</b>,"'
    assert "&lt;b&gt;today&lt;/b&gt;" in out and "<b>" not in out
    assert root.find(".//span[@class='cue']").text == "said"
    assert "<br>" in out  # a single newline inside a paragraph
    assert "</p><br>" not in out and "<br><p>" not in out  # the blank line between paragraphs is not drawn


def test_a_mention_crossing_a_quote_edge_is_split_and_stays_well_formed():
    text = 'He said "Lisbon port" is open.'
    start = text.index("port")
    art = Article(id="a", text=text, mentions=[Mention(start, len(text) - 1, "port\" is open", "FAC")],
                  quotes=[Quote(content=Span(8, 21, '"Lisbon port"'), direct=True)])
    out = str(render.annotate_article(art))
    root = _parse(out)
    pieces = [e for e in root.iter("span") if "ent" in (e.get("class") or "").split()]
    assert len(pieces) == 2
    assert "".join(root.itertext()) == text


def test_annotation_keeps_every_character_of_hostile_text_as_text():
    text = f"Before {HOSTILE} after."
    start = text.index("<script>")
    art = Article(id="x", text=text, mentions=[Mention(start, start + 8, "<script>", "ORG", entity_id='"><x')],
                  quotes=[Quote(content=Span(0, len(text), text), direct=False, speaker_name='"><img src=y>')])
    out = str(render.annotate_article(art))
    assert "<script" not in out and "<img" not in out
    root = _parse(out)
    assert "".join(root.itertext()) == text
    assert root.find(".//a").get("href") == "/entities/%22%3E%3Cx"


def test_only_http_links_leave_the_desk():
    assert render.safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert render.safe_url("javascript:alert(1)") is None
    assert render.safe_url(" JaVaScRiPt:alert(1)") is None
    assert render.safe_url("data:text/html,<script>") is None
    assert render.safe_url("http://") is None
    assert render.safe_url(None) is None


def test_dates_and_counts_read_naturally():
    assert render.fmt_date("2026-03-02T04:17:00+00:00") == "2 Mar 2026"
    assert render.fmt_date("2026-03-02T04:17:00Z", with_time=True) == "2 Mar 2026, 04:17"
    assert render.fmt_date("2026-03-02") == "2 Mar 2026"
    assert render.fmt_date("sometime") == "sometime"
    assert render.plural(1, "story", "stories") == "1 story" and render.plural(3, "story", "stories") == "3 stories"
    assert render.truncate("one two three four", 9) == "one two…"


def test_a_daily_series_fills_empty_days_and_long_ones_become_weeks():
    bars = normalise_series([{"period": "2026-03-01", "count": 2}, {"period": "2026-03-04", "count": 1}])
    assert [(b[0], b[1]) for b in bars] == [("2026-03-01", 2), ("2026-03-02", 0), ("2026-03-03", 0),
                                            ("2026-03-04", 1)]
    long = normalise_series([{"period": "2026-01-05", "count": 1}, {"period": "2026-06-30", "count": 4}])
    assert long[0][0] == "week of 2026-01-05" and long[-1][1] == 4 and sum(b[1] for b in long) == 5
    months = normalise_series([{"period": "2020-01-15", "count": 1}, {"period": "2026-06-30", "count": 1}])
    assert months[0][:2] == ("2020-01", 1) and months[-1][2:] == ("2026-06-01", "2026-06-30")


def test_hourly_and_weekly_series_are_charted_with_their_days():
    hours = normalise_series([{"period": "2026-03-02T04:00", "count": 2}, {"period": "2026-03-02T07:00", "count": 1}])
    assert [(b[0], b[1]) for b in hours] == [("2026-03-02 04:00", 2), ("2026-03-02 05:00", 0),
                                             ("2026-03-02 06:00", 0), ("2026-03-02 07:00", 1)]
    assert hours[0][2:] == ("2026-03-02", "2026-03-02")
    weeks = normalise_series([{"period": "2026-W10", "count": 4}])
    assert weeks == [("week of 2026-03-02", 4, "2026-03-02", "2026-03-08")]


def test_bar_chart_is_svg_with_one_linked_bar_per_day():
    svg = str(bar_chart([{"period": "2026-03-01", "count": 3}, {"period": "2026-03-03", "count": 1}],
                        link=lambda s, u: f"/search?since={s}&until={u}"))
    root = ElementTree.fromstring(svg)
    assert root.tag == "svg"
    bars = [g for g in root.iter("g") if g.get("class") == "bar"]
    assert len(bars) == 3
    assert bars[0].get("data-label") == "2026-03-01: 3 articles"
    assert [a.get("href") for a in root.iter("a")] == ["/search?since=2026-03-01&until=2026-03-01",
                                                       "/search?since=2026-03-03&until=2026-03-03"]
    assert "No dated articles" in str(bar_chart([]))


def test_world_outline_comes_from_an_installed_package_and_is_valid_svg():
    svg = world_svg()
    root = ElementTree.fromstring(svg)
    assert root.get("viewBox") == "0 0 360 180"
    land = root.findall("{http://www.w3.org/2000/svg}path")[-1].get("d")
    assert land.count("M") > 150  # every country's outline


def test_place_map_sizes_circles_by_mentions_and_escapes_names():
    places = [{"id": "p1", "name": "Lisbon", "lat": 38.7, "lon": -9.1, "mentions": 9},
              {"id": "p2", "name": '<img src=x onerror=alert(1)>', "lat": 41.1, "lon": -8.6, "mentions": 1},
              {"id": "p3", "name": "Nowhere", "lat": None, "lon": None, "mentions": 5}]
    svg = str(place_map(places, fit=True, labels=2))
    assert "<img" not in svg
    root = ElementTree.fromstring(svg)
    circles = list(root.iter("circle"))
    assert len(circles) == 2
    assert float(circles[0].get("r")) > float(circles[1].get("r"))
    assert [a.get("href") for a in root.iter("a")] == ["/entities/p1", "/entities/p2"]
    x, y, w, h = map(float, root.get("viewBox").split())
    assert w < 360 and x < 180 - 9.1 < x + w and y < 90 - 38.7 < y + h


def test_no_template_marks_text_safe_or_turns_escaping_off():
    for path in TEMPLATES.glob("*.html"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"\|\s*safe\b", source), path.name
        assert "autoescape false" not in source and "Markup" not in source, path.name
