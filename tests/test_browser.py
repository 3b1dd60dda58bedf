"""The web desk in a real browser: Playwright driving Debian's Chromium (never a downloaded one).

A user searches, opens an article, sees its entities and quotations highlighted, follows links to
its story and an entity, and loads the map and a chart; a hostile article runs no script.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdesk.desk import Desk
from newsdesk.web import create_app
from tests.test_web import XSS_IMG, XSS_SCRIPT, article_id

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(sample_db: str) -> Iterator[str]:
    """The web desk served by uvicorn in a thread on 127.0.0.1 and a free port."""
    import uvicorn

    desk = Desk(sample_db)
    config = uvicorn.Config(create_app(desk), host="127.0.0.1", port=free_port(), log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{config.port}"
    srv.should_exit = True
    thread.join(timeout=10)
    desk.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser, server):
    """A fresh page that fails the test on any dialog (alert) and records console errors and
    requests leaving the desk."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    dialogs: list[str] = []
    errors: list[str] = []
    outside: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("request", lambda r: outside.append(r.url) if not r.url.startswith(server) else None)
    pg.base = server  # type: ignore[attr-defined]
    yield pg
    context.close()
    assert not dialogs, f"a script ran and opened a dialog: {dialogs}"
    assert not errors, f"browser errors (a CSP violation, a script error): {errors}"
    assert not outside, f"requests left the desk: {outside}"


def test_search_open_an_article_follow_its_story_and_an_entity(page, desk_for_browser):
    base = page.base
    page.goto(base + "/")
    page.fill(".big-search input[name=q]", "earthquake")
    page.press(".big-search input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=earthquake"))
    hits = page.locator("ol.hits li.hit h3 a")
    assert hits.count() > 0
    assert page.locator("ol.hits mark.hit").count() > 0  # highlighted snippets

    # The chart of matching articles per day is drawn, and the script reads a bar out on hover.
    bars = page.locator("svg.chart g.bar")
    assert bars.count() > 0
    busiest = page.locator("svg.chart g.bar rect.fill").evaluate_all(
        "rs => rs.reduce((b, r, i) => +r.getAttribute('height') > +rs[b].getAttribute('height') ? i : b, 0)")
    bars.nth(busiest).hover(force=True)
    assert re.search(r"\d+ articles", page.locator("figure.chart-box .chart-readout").inner_text())

    wanted = article_id(desk_for_browser, "earthquake")
    page.locator(f'ol.hits a[href="/articles/{wanted}"]').click()
    page.wait_for_url(f"**/articles/{wanted}")
    text = page.locator(".article-text")
    assert text.locator("a.ent").count() > 0, "entities are highlighted and linked"
    assert text.locator(".ent-person").count() > 0 and text.locator(".ent-place").count() > 0
    assert text.locator("span.quote").count() > 0, "quotations are highlighted"
    assert page.locator("#quotes ol.quote-index li").count() > 0
    assert page.locator("svg.map circle").count() > 0, "its places on a small map"

    page.locator(".kicker a[href^='/stories/']").click()
    page.wait_for_url(re.compile(r"/stories/"))
    assert page.locator("h1").inner_text().strip()
    assert page.locator("svg.chart g.bar rect.fill").count() > 0
    assert page.locator(f'ul.articles a[href="/articles/{wanted}"]').count() == 1

    page.go_back()
    person = text.locator("a.ent.ent-person").first
    name = person.inner_text()
    person.click()
    page.wait_for_url(re.compile(r"/entities/"))
    assert page.locator("h1").inner_text().strip()
    assert name.split()[-1] in page.locator("h1").inner_text() + " ".join(
        page.locator(".aliases .alias").all_inner_texts())
    assert page.locator("svg.chart").count() == 1


def test_map_draws_places_and_zooms(page, desk_for_browser):
    world = []
    page.on("response", lambda r: world.append(r.status) if r.url.endswith("/assets/world.svg") else None)
    page.goto(page.base + "/map")
    circles = page.locator("svg.map circle")
    assert circles.count() > 0
    assert world and world[0] in (200, 304)
    svg = page.locator("figure[data-zoomable] svg.map")
    before = svg.get_attribute("viewBox")
    r_before = float(circles.first.get_attribute("r"))
    page.click("button[data-zoom=in]")
    after = svg.get_attribute("viewBox")
    assert after != before and float(after.split()[2]) < float(before.split()[2])
    assert float(circles.first.get_attribute("r")) < r_before  # circles keep their size on screen
    circles.first.hover(force=True)
    assert "mentions" in page.locator("figure[data-zoomable] .chart-readout").inner_text()


def test_hostile_article_runs_no_script_on_search_and_article_pages(page, sample_db):
    with Desk(sample_db) as d:
        aid = article_id(d, "Harbour")
        paths = ["/search?q=harbour+berth", f"/articles/{aid}"]
    for path in paths:
        page.goto(page.base + path)
        # The hostile strings are there, as text.
        assert XSS_SCRIPT in page.locator("main").inner_text()
        if path.startswith("/articles"):
            assert XSS_IMG in page.locator(".article-text").inner_text()
            assert XSS_SCRIPT in page.locator("h1").inner_text()
        # No element was injected: our one script, no <img> at all.
        scripts = page.eval_on_selector_all("script", "els => els.map(e => e.getAttribute('src'))")
        assert scripts == ["/static/desk.js"]
        assert page.locator("img").count() == 0
        assert page.evaluate("() => window.__xss === undefined")


def test_pages_fit_a_phone_screen(browser, server, desk_for_browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    pg = context.new_page()
    try:
        aid = article_id(desk_for_browser, "earthquake")
        for path in ("/", "/search?q=earthquake", f"/articles/{aid}", "/map"):
            pg.goto(server + path)
            overflow = pg.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{path} scrolls sideways by {overflow}px on a phone"
    finally:
        context.close()


@pytest.fixture(scope="module")
def desk_for_browser(sample_db: str):
    d = Desk(sample_db)
    yield d
    d.close()
