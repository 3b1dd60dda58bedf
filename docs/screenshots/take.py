"""Take the README's screenshots of the web desk: home, article, story, entity and map pages.

    .venv/bin/python docs/screenshots/take.py [--db DESK] [--out docs/screenshots]

Without --db it builds a desk from examples/sample.jsonl (full pipeline) in a temporary folder.
Serves it on 127.0.0.1 and drives Debian's Chromium (/usr/bin/chromium) through Playwright.
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--font-render-hinting=none"]


def build_desk(folder: Path) -> Path:
    from newsdesk.config import IngestOptions
    from newsdesk.desk import Desk

    db = folder / "sample.db"
    with Desk(str(db)) as desk:
        report = desk.ingest([str(REPO / "examples" / "sample.jsonl")], IngestOptions())
        print(f"built {db}: {report.stored} articles", file=sys.stderr)
    return db


def pick(desk) -> dict[str, str]:
    """The pages worth showing: the richest article, its story, the most quoted person."""
    best, best_score = None, -1
    for art in desk.articles():
        score = len(art.quotes) * 3 + len({m.entity_id for m in art.mentions}) + (5 if art.story_id else 0) + (
            3 if any(e.lat is not None for e in art.entities) else 0)
        if score > best_score and not art.duplicate_of:
            best, best_score = art, score
    assert best is not None, "the desk is empty"
    story_id = best.story_id or (desk.stories(top=1)[0]["id"] if hasattr(desk, "stories") else None)
    people = desk.entities(type="PERSON", top=20) if hasattr(desk, "entities") else []
    person = None
    for p in people:
        detail = desk.entity(p["id"]) or {}
        # Most quoted, then in most articles and stories: the richest entity page.
        score = (len(detail.get("quotes_by") or []), detail.get("article_count") or 0, len(detail.get("stories") or []))
        if person is None or score > person[1]:
            person = (p["id"], score)
    pages = {"home": "/", "article": f"/articles/{best.id}", "map": "/map"}
    if story_id:
        pages["story"] = f"/stories/{story_id}"
    if person:
        pages["entity"] = f"/entities/{person[0]}"
    return pages


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", help="An existing desk (default: build one from examples/sample.jsonl).")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent))
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=960)
    args = ap.parse_args(argv)

    import uvicorn
    from playwright.sync_api import sync_playwright

    from newsdesk.desk import Desk
    from newsdesk.web import create_app

    with tempfile.TemporaryDirectory(prefix="newsdesk-shots-") as tmp:
        db = Path(args.db) if args.db else build_desk(Path(tmp))
        desk = Desk(str(db))
        pages = pick(desk)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(create_app(desk), host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                context = browser.new_context(viewport={"width": args.width, "height": args.height},
                                              device_scale_factor=1)
                page = context.new_page()
                for name, path in pages.items():
                    page.goto(f"http://127.0.0.1:{port}{path}")
                    page.wait_for_load_state("networkidle")
                    target = out / f"{name}.png"
                    page.screenshot(path=str(target))
                    print(f"{target}  <- {path}", file=sys.stderr)
                browser.close()
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            desk.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
