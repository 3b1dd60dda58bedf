"""The watchlist and alerts commands as a user runs them."""

from __future__ import annotations

import json

from tests.helpers import newsdesk, wire_record, write_jsonl


def test_watchlist_commands_add_list_show_search_and_remove(tmp_path) -> None:
    db = tmp_path / "d.db"
    records = [wire_record("a1", "Dock workers strike at the harbour. Ships wait offshore.", "02"),
               wire_record("a2", "The harbour strike enters its second day. Unions meet ministers.", "03"),
               wire_record("a3", "A new bakery opens downtown. Queues form early.", "03")]
    newsdesk("ingest", "--bulk", str(write_jsonl(tmp_path / "in.jsonl", records)), db=db, check=True)
    added = newsdesk("watchlist", "add", "ports", "harbour strike", "--json", db=db, check=True)
    assert json.loads(added.stdout)["matches"] == 2
    listed = [json.loads(x) for x in newsdesk("watchlist", "list", "--json", db=db, check=True).stdout.splitlines()]
    assert [w["name"] for w in listed] == ["ports"]
    shown = json.loads(newsdesk("watchlist", "show", "ports", "--json", db=db, check=True).stdout)
    assert {"name", "query", "matches", "articles", "level"} <= set(shown)
    assert [set(a) >= {"id", "title", "published"} for a in shown["articles"]] == [True, True]
    assert shown["articles"][0]["published"] > shown["articles"][1]["published"]
    hits = newsdesk("search", "*", "--watchlist", "ports", "--json", db=db, check=True).stdout.splitlines()
    assert len(hits) == 2
    art = json.loads(newsdesk("show", json.loads(hits[0])["id"], "--json", db=db, check=True).stdout)
    assert art["watchlists"] == ["ports"] and art["categories"] == []
    alerts = json.loads(newsdesk("alerts", "--json", db=db, check=True).stdout)
    assert alerts["watchlists"] == 1 and alerts["pending_deliveries"] == []
    assert newsdesk("watchlist", "add", "bad", '"open', db=db).returncode == 2  # a query error, one line
    assert newsdesk("watchlist", "remove", "ports", db=db).returncode == 0
    assert newsdesk("watchlist", "show", "ports", db=db).returncode == 2


def test_watchlist_filters_and_category_search_from_the_command_line(tmp_path) -> None:
    db = tmp_path / "d.db"
    records = [wire_record("a1", "Dock workers strike at the harbour. Ships wait offshore.", "02"),
               wire_record("a2", "The harbour strike enters its second day. Unions meet ministers.", "03",
                           source="Harbour Post"),
               wire_record("a3", "A new bakery opens downtown. Queues form early.", "03")]
    newsdesk("ingest", "--bulk", str(write_jsonl(tmp_path / "in.jsonl", records)), db=db, check=True)
    added = newsdesk("watchlist", "add", "post-ports", "harbour", "--source", "harbour post", "--json", db=db,
                     check=True)
    assert json.loads(added.stdout)["matches"] == 1
    assert json.loads(added.stdout)["filters"] == {"source": "harbour post"}
    listed = newsdesk("watchlist", "list", db=db, check=True).stdout
    assert "harbour --source 'harbour post'" in listed  # the filters shown as they are typed
    newsdesk("categories", "add-rule", "bread", "bakery", db=db, check=True)
    hits = newsdesk("search", "*", "--category", "bread", "--json", db=db, check=True).stdout.splitlines()
    assert [json.loads(h)["title"] for h in hits] == ["A new bakery opens downtown"]
    missing = newsdesk("search", "*", "--category", "weather", db=db)
    assert missing.returncode == 2 and "no category 'weather'" in missing.stderr
    exported = [json.loads(x) for x in newsdesk("export", db=db, check=True).stdout.splitlines()]
    assert sorted(r["categories"][0]["label"] for r in exported if r["categories"]) == ["bread"]
    assert sorted(w for r in exported for w in r["watchlists"]) == ["post-ports"]
