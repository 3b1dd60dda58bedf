"""Fetching over HTTP against a local server: politeness, limits, retries, redirects, robots.txt."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from newsdesk.config import IngestOptions
from newsdesk.model import RawRecord, Skipped
from newsdesk.sources import read_inputs
from newsdesk.sources.fetch import Fetcher, FetchRequest
from tests.test_fetch_support import LocalWeb, Route, gold_pages, rss

ARTICLE = gold_pages()[0]


@pytest.fixture
def web():
    server = LocalWeb()
    yield server
    server.close()


@pytest.fixture
def other_web():
    server = LocalWeb()
    yield server
    server.close()


def fetcher(**kw) -> Fetcher:
    settings = {"allow_private": True, "delay": 0.0, "retries": 2, "backoff": 0.01, "timeout": 5.0}
    settings.update(kw)
    return Fetcher(**settings)


def test_fetch_sends_a_newsdesk_user_agent(web):
    web.routes["/a"] = Route(ARTICLE["html"].encode())
    with fetcher() as f:
        result = f.fetch(web.url("/a"))
    assert result.ok and result.content.startswith(b"<!DOCTYPE html>")
    agent = next(h for h in web.headers if h["path"] == "/a")["user-agent"]
    assert agent.startswith("newsdesk/") and "+https://" in agent


def test_loopback_address_is_refused_unless_allowed(web):
    web.routes["/a"] = Route(b"<html></html>")
    with fetcher(allow_private=False) as f:
        result = f.fetch(web.url("/a"))
    assert not result.ok and "loopback" in result.error and "--allow-private" in result.error
    assert web.hits["/a"] == 0


def test_redirect_to_a_private_address_is_checked_again():
    # A public address (an IP literal: no DNS needed) that redirects to loopback.
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "http://127.0.0.1:9/secret"})

    with Fetcher(delay=0, respect_robots=False, transport=httpx.MockTransport(handler)) as f:
        result = f.fetch("http://93.184.216.34/start")
    assert not result.ok and "loopback" in result.error


def test_server_errors_are_retried_with_backoff_then_succeed(web):
    web.routes["/flaky"] = Route(ARTICLE["html"].encode(), fail_first=2, fail_status=503)
    with fetcher(retries=2) as f:
        result = f.fetch(web.url("/flaky"))
    assert result.ok and result.attempts == 3 and web.hits["/flaky"] == 3


def test_persistent_server_error_gives_up_with_the_status(web):
    web.routes["/down"] = Route(b"", fail_first=99, fail_status=500)
    with fetcher(retries=1) as f:
        result = f.fetch(web.url("/down"))
    assert result.error == "HTTP 500 (after 2 attempts)"
    assert web.hits["/down"] == 2


def test_client_errors_are_not_retried(web):
    with fetcher() as f:
        result = f.fetch(web.url("/missing"))
    assert result.error == "HTTP 404" and web.hits["/missing"] == 1


def test_a_slow_server_times_out(web):
    web.routes["/slow"] = Route(b"<html></html>", delay=1.5)
    with fetcher(timeout=0.3, retries=0) as f:
        result = f.fetch(web.url("/slow"))
    assert result.error and "timed out" in result.error


def test_one_slow_host_does_not_stall_the_others(web, other_web):
    # The slow host answers only once every request to the fast host has been served: a fetcher that
    # waited for the slow host before starting the others would never see it answer (10 s cap).
    fast_done = threading.Event()
    n_fast = 5
    for i in range(n_fast):
        def handler(req, i=i):
            req.send_response(200)
            req.send_header("Content-Type", "text/html")
            req.send_header("Content-Length", "13")
            req.end_headers()
            req.wfile.write(b"<html></html>")
            if sum(other_web.hits[f"/f{k}"] for k in range(n_fast)) == n_fast:
                fast_done.set()
        other_web.routes[f"/f{i}"] = Route(handler=handler)
    for i in range(3):
        web.routes[f"/s{i}"] = Route(b"<html>slow</html>", wait_for=fast_done)
    urls = [web.url(f"/s{i}") for i in range(3)] + [other_web.url(f"/f{i}") for i in range(n_fast)]
    with fetcher(per_host=1, workers=4, timeout=15) as f:
        results = list(f.fetch_many(urls))
    assert [r.url for r in results] == urls  # results in the order asked
    assert all(r.ok for r in results)
    assert fast_done.is_set()
    assert set(other_web.served) - {"/robots.txt"} == {f"/f{i}" for i in range(n_fast)}


def test_a_50_mb_page_is_abandoned_at_the_size_limit(web):
    web.routes["/huge"] = Route(stream_bytes=50 * 1024**2)
    with fetcher(max_bytes=20 * 1024**2, retries=0) as f:
        result = f.fetch(web.url("/huge"))
    assert result.error and "too large" in result.error and result.content == b""
    # The server learns of the closed connection on its next write; give its thread a moment.
    deadline = time.monotonic() + 20
    while "/huge" not in web.bytes_sent and time.monotonic() < deadline:
        time.sleep(0.05)
    assert web.bytes_sent["/huge"] < 50 * 1024**2  # the download was stopped, not finished


def test_a_declared_length_over_the_limit_is_not_downloaded(web):
    web.routes["/big"] = Route(stream_bytes=2 * 1024**2, declare_length=True)
    with fetcher(max_bytes=1024**2, retries=0) as f:
        result = f.fetch(web.url("/big"))
    assert "not downloaded" in result.error


def test_a_50_mb_url_input_is_skipped_with_a_reason(web):
    web.routes["/huge"] = Route(stream_bytes=50 * 1024**2)
    options = IngestOptions(allow_private=True)
    items = list(read_inputs([web.url("/huge")], options))
    assert len(items) == 1 and isinstance(items[0], Skipped)
    assert "too large" in items[0].reason


def test_redirects_are_followed_to_the_final_url(web):
    web.routes["/old"] = Route(status=301, headers={"Location": "/newer"})
    web.routes["/newer"] = Route(status=302, headers={"Location": web.url("/page")})
    web.routes["/page"] = Route(ARTICLE["html"].encode())
    with fetcher() as f:
        result = f.fetch(web.url("/old"))
    assert result.ok and result.final_url == web.url("/page")


def test_redirect_loops_and_long_chains_stop(web):
    web.routes["/a"] = Route(status=302, headers={"Location": "/b"})
    web.routes["/b"] = Route(status=302, headers={"Location": "/a"})
    for i in range(8):
        web.routes[f"/hop{i}"] = Route(status=302, headers={"Location": f"/hop{i + 1}"})
    with fetcher(max_redirects=5) as f:
        loop = f.fetch(web.url("/a"))
        chain = f.fetch(web.url("/hop0"))
    assert "redirect loop" in loop.error
    assert "too many redirects" in chain.error


def test_conditional_request_gets_not_modified(web):
    web.routes["/feed"] = Route(rss([{"title": "One", "link": "https://x.example/1"}]), etag='"v1"',
                                content_type="application/rss+xml")
    with fetcher() as f:
        first = f.fetch(web.url("/feed"))
        second = f.fetch(FetchRequest(web.url("/feed"), etag=first.etag))
    assert first.ok and first.etag == '"v1"'
    assert second.not_modified and second.content == b""


def test_robots_txt_is_respected_and_read_once_per_host(web):
    web.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    web.routes["/private/a"] = Route(b"<html></html>")
    web.routes["/public"] = Route(b"<html></html>")
    with fetcher() as f:
        blocked = f.fetch(web.url("/private/a"))
        allowed = f.fetch(web.url("/public"))
    assert blocked.error == "disallowed by robots.txt" and web.hits["/private/a"] == 0
    assert allowed.ok
    assert web.hits["/robots.txt"] == 1


def test_robots_txt_server_error_means_do_not_fetch(web):
    web.routes["/robots.txt"] = Route(b"", fail_first=99, fail_status=500)
    web.routes["/page"] = Route(b"<html></html>")
    with fetcher(retries=0) as f:
        result = f.fetch(web.url("/page"))
    assert "robots.txt unreachable (HTTP 500)" in result.error and web.hits["/page"] == 0


def test_robots_can_be_ignored_for_ones_own_sites(web):
    web.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /\n", content_type="text/plain")
    web.routes["/page"] = Route(b"<html></html>")
    with fetcher(respect_robots=False) as f:
        assert f.fetch(web.url("/page")).ok


CAFE = "Le café du port rouvre après l'été. " * 20


def _page(text: str, meta_charset: str | None = None) -> str:
    meta = f'<meta charset="{meta_charset}">' if meta_charset else ""
    paras = "".join(f"<p>{text} Phrase {i} de l'article, avec des détails sur la réouverture.</p>" for i in range(6))
    return f"<html><head>{meta}<title>Réouverture</title></head><body><article>{paras}</article></body></html>"


@pytest.mark.parametrize("served_as,bytes_as,meta", [
    ("text/html; charset=utf-8", "cp1252", None),        # header wrong: the bytes are not UTF-8
    ("text/html", "cp1252", "windows-1252"),             # no header charset: the meta tag
    ("text/html; charset=iso-8859-1", "utf-8", None),    # labelled Latin-1, really UTF-8
    ("text/html", "cp1252", None),                       # nothing declared: detected from content
])
def test_pages_with_wrong_or_missing_encodings_decode_right(web, served_as, bytes_as, meta):
    web.routes["/p"] = Route(_page(CAFE, meta).encode(bytes_as), content_type=served_as)
    items = list(read_inputs([web.url("/p")], IngestOptions(allow_private=True)))
    record = next(i for i in items if isinstance(i, RawRecord))
    assert "Le café du port rouvre après l'été." in record.text
    assert "Ã" not in record.text and "\ufffd" not in record.text


def test_url_inputs_give_pages_feeds_and_reasons_in_order(web):
    pages = gold_pages()
    web.routes["/article"] = Route(pages[1]["html"].encode())
    web.routes["/full"] = Route(pages[2]["html"].encode())
    web.routes["/feed.xml"] = Route(rss([{"title": pages[2]["title"], "link": web.url("/full"), "guid": "tag:valleycourier.example,2024:2",
                                          "description": "A short teaser."}]), content_type="application/rss+xml")
    web.routes["/logo.png"] = Route(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")
    urls = [web.url("/article"), web.url("/feed.xml"), web.url("/logo.png"), web.url("/gone")]
    items = list(read_inputs(urls, IngestOptions(allow_private=True)))
    assert isinstance(items[0], RawRecord) and items[0].title == pages[1]["title"]
    assert isinstance(items[1], RawRecord) and "full_text_fetched" in items[1].flags
    assert items[1].record_id == "tag:valleycourier.example,2024:2" and len(items[1].text) > 500
    assert isinstance(items[2], Skipped) and "image/png" in items[2].reason
    assert isinstance(items[3], Skipped) and "HTTP 404" in items[3].reason


@pytest.mark.parametrize("address", [
    "100.64.0.1", "100.127.255.254", "0.1.2.3", "198.18.0.1", "198.19.255.1", "224.0.0.251", "239.1.2.3",
    "240.0.0.1", "255.255.255.255", "2002:7f00:1::", "2002:c0a8:101::", "2002:a00:1::", "64:ff9b::7f00:1",
    "64:ff9b::a00:1", "64:ff9b::c0a8:101", "ff02::1", "::ffff:127.0.0.1", "fc00::1",
])
def test_non_public_addresses_and_ipv6_forms_hiding_them_are_refused(address):
    from newsdesk.sources.fetch import address_problem

    problem = address_problem(address, 80)
    assert problem is not None and "allow with --allow-private" in problem


@pytest.mark.parametrize("address", ["8.8.8.8", "2002:808:808::", "64:ff9b::808:808", "2606:4700::1111"])
def test_public_addresses_and_their_6to4_or_nat64_forms_are_allowed(address):
    from newsdesk.sources.fetch import address_problem

    assert address_problem(address, 80) is None
