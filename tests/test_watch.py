"""Watching feeds: new entries ingested once, failures reported and survived, restarts remembered."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from newsdesk.config import IngestOptions
from newsdesk.desk import Desk
from newsdesk.desk.feeds import parse_every, read_feed_list
from newsdesk.sources.fetch import Fetcher
from tests.helpers import newsdesk
from tests.test_fetch_support import LocalWeb, Route, gold_pages, rss

PAGES = gold_pages()
OPTIONS = IngestOptions(pipeline="bulk", workers=1, allow_private=True)


def entry(i: int, web: LocalWeb | None = None) -> dict[str, str]:
    page = PAGES[i]
    return {"title": page["title"], "link": (web.url(f"/story/{i}") if web else page["url"]),
            "guid": f"tag:valleycourier.example,2024:{i}", "pubDate": "Tue, 05 Mar 2024 09:30:00 GMT",
            "content": "".join(f"<p>{line}</p>" for line in page["gold_text"].split("\n"))}


@pytest.fixture
def web():
    server = LocalWeb()
    yield server
    server.close()


def quick_fetcher() -> Fetcher:
    return Fetcher(allow_private=True, delay=0, retries=0, timeout=5)


def test_watch_ingests_new_entries_once_through_changes_failures_and_restarts(web, tmp_path, desk_address):
    a, b = web.url("/a.xml"), web.url("/b.xml")
    feeds_file = tmp_path / "feeds.txt"
    feeds_file.write_text(f"# our feeds\n{a}\n{b}  # the flaky one\n\n{a}\n")
    web.routes["/a.xml"] = Route(rss([entry(0), entry(1)]), etag='"a1"', content_type="application/rss+xml")
    web.routes["/b.xml"] = Route(b"", fail_first=1, fail_status=500)
    rounds: list[dict] = []

    def between_rounds(_: float) -> None:
        # Between round 1 and 2: feed A gains an entry, feed B recovers with two entries.
        if len(rounds) == 1:
            web.routes["/a.xml"] = Route(rss([entry(2), entry(0), entry(1)]), etag='"a2"',
                                         content_type="application/rss+xml")
            web.routes["/b.xml"] = Route(rss([entry(3), entry(4)]), content_type="application/rss+xml")

    address = desk_address
    with Desk(address) as desk:
        totals = desk.watch(str(feeds_file), every="10m", max_rounds=3, options=OPTIONS, fetcher=quick_fetcher(),
                            on_round=rounds.append, sleep=between_rounds)
        assert [r["new"] for r in rounds] == [2, 3, 0]
        assert [r["errors"] for r in rounds] == [1, 0, 0]
        assert rounds[0]["feeds"][1]["status"] == "error" and "HTTP 500" in rounds[0]["feeds"][1]["error"]
        assert rounds[2]["feeds"][0]["status"] == "not modified"  # ETag unchanged: a 304
        assert totals == {"rounds": 3, "new": 5, "stored": 5, "errors": 1, "skipped": 0, "interrupted": False}
        assert desk.stats()["articles"] == 5
        listed = {f["url"]: f for f in desk.feeds()}
        assert listed[a]["article_count"] == 3 and listed[b]["article_count"] == 2
        assert listed[b]["error_count"] == 1 and "HTTP 500" in listed[b]["last_error"]
        assert listed[b]["consecutive_errors"] == 0 and listed[b]["last_success"]
        assert listed[a]["etag"] == '"a2"'
    # A restart: nothing already seen is ingested again, even with the validators gone.
    web.routes["/a.xml"] = Route(rss([entry(2), entry(0), entry(1)]), content_type="application/rss+xml")
    with Desk(address) as desk:
        again = desk.watch([a, b], once=True, options=OPTIONS, fetcher=quick_fetcher())
        assert again["new"] == 0 and again["stored"] == 0
        assert desk.stats()["articles"] == 5


def test_teaser_entries_get_their_linked_page(web, tmp_path):
    page = PAGES[5]
    web.routes["/story/5"] = Route(page["html"].encode())
    web.routes["/f.xml"] = Route(rss([{"title": page["title"], "link": web.url("/story/5"), "guid": "t-5",
                                       "description": "Twelve panels of medieval glass are on show."}]))
    with Desk(str(tmp_path / "d.db")) as desk:
        desk.watch([web.url("/f.xml")], once=True, options=OPTIONS, fetcher=quick_fetcher())
        (article,) = list(desk.articles())
        assert "full_text_fetched" in article.flags and "restoration" in article.text
        assert len(article.text) > 800


def test_a_feed_that_is_not_a_feed_is_an_error_and_the_others_go_on(web, tmp_path):
    web.routes["/page.xml"] = Route(b"<html><head><title>Moved</title></head><body>gone</body></html>")
    web.routes["/ok.xml"] = Route(rss([entry(6)]))
    with Desk(str(tmp_path / "d.db")) as desk:
        report = desk.watch([web.url("/page.xml"), web.url("/ok.xml")], once=True, options=OPTIONS,
                            fetcher=quick_fetcher())
        assert report["errors"] == 1 and report["stored"] == 1
        failing = next(f for f in desk.feeds() if f["url"].endswith("/page.xml"))
        assert failing["last_error"].startswith("not a feed: an HTML page")


def test_feed_lists_and_intervals_are_checked(tmp_path):
    good = tmp_path / "feeds.txt"
    good.write_text("https://a.example/rss\n# comment\nhttps://A.example/rss\nhttp://b.example/atom # b\n")
    assert read_feed_list(good) == ["https://a.example/rss", "http://b.example/atom"]
    bad = tmp_path / "bad.txt"
    bad.write_text("https://a.example/rss\nftp://nope.example/feed\n")
    with pytest.raises(ValueError, match="bad.txt:2: not a feed URL"):
        read_feed_list(bad)
    assert parse_every("10m") == 600 and parse_every("1h30m") == 5400 and parse_every("90") == 90
    for wrong in ("ten minutes", "0s", "5x"):
        with pytest.raises(ValueError):
            parse_every(wrong)


def _default_sigint() -> None:
    # A child inherits an ignored SIGINT (a test run started in the background, `cmd &`, or a library
    # in this process that set it), and Python then installs no Ctrl-C handler: the CLI is started
    # as from a terminal.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _cli(*args: str, db: Path) -> subprocess.Popen:
    env = dict(os.environ, NEWSDESK_DB=str(db), PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-m", "newsdesk", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=_default_sigint)


def test_cli_watch_once_then_sources_lists_the_feeds(web, tmp_path):
    web.routes["/a.xml"] = Route(rss([entry(7), entry(8)]), content_type="application/rss+xml")
    feeds_file = tmp_path / "feeds.txt"
    feeds_file.write_text(f"{web.url('/a.xml')}\n{web.url('/missing.xml')}\n")
    db = tmp_path / "cli.db"
    proc = _cli("watch", str(feeds_file), "--once", "--allow-private", "--bulk", "--workers", "1", "--delay", "0",
                "--json", db=db)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    (round_report,) = [json.loads(line) for line in out.splitlines()]
    assert round_report["stored"] == 2 and round_report["errors"] == 1
    assert "feed error" in err and "HTTP 404" in err and "Traceback" not in err
    listing = newsdesk("sources", "--json", db=db, timeout=60)
    rows = {r["url"]: r for r in map(json.loads, listing.stdout.splitlines())}
    assert rows[web.url("/a.xml")]["article_count"] == 2
    assert rows[web.url("/missing.xml")]["last_error"] == "HTTP 404"


def test_cli_watch_rejects_a_bad_feed_list(tmp_path):
    bad = tmp_path / "feeds.txt"
    bad.write_text("not a url\n")
    proc = _cli("watch", str(bad), "--once", db=tmp_path / "x.db")
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2 and "not a feed URL" in " ".join(err.split()) and "Traceback" not in err


def test_cli_watch_stops_cleanly_on_ctrl_c(web, tmp_path):
    web.routes["/a.xml"] = Route(rss([entry(9)]), content_type="application/rss+xml")
    feeds_file = tmp_path / "feeds.txt"
    feeds_file.write_text(web.url("/a.xml") + "\n")
    proc = _cli("watch", str(feeds_file), "--every", "1h", "--allow-private", "--bulk", "--workers", "1",
                "--delay", "0", db=tmp_path / "c.db")
    lines = []
    for line in proc.stderr:  # wait for the first round to finish, then interrupt the wait
        lines.append(line)
        if line.startswith("round 1"):
            break
    proc.send_signal(signal.SIGINT)
    try:
        _, rest = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise AssertionError(f"no exit after Ctrl-C; this process's SIGINT: {signal.getsignal(signal.SIGINT)}") from None
    err = "".join(lines) + rest
    assert proc.returncode == 130, err
    assert "stopped" in err and "Traceback" not in err
    with Desk(str(tmp_path / "c.db")) as desk:
        assert desk.stats()["articles"] == 1
