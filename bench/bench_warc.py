"""A web archive of 10,000 pages ingested in bounded memory: throughput and peak RSS.

Builds (once, kept in bench/work/) a gzip WARC of `--records` HTTP response records: news pages made
from `varied_corpus` texts wrapped in four site layouts (navigation, share bars, related links,
comments, footers), as a crawler such as CC-NEWS stores them (one gzip member per record). Then, in
the same run:
  - baseline: fastwarc alone iterating the archive and reading every payload (no extraction);
  - baseline: trafilatura.extract alone on the first 1,000 pages;
  - baseline: `newsdesk ingest --bulk` of the same texts as JSON Lines (no HTML to extract), which
    separates what the web archive reader costs from what storing and indexing a desk costs;
  - `newsdesk ingest --bulk` of the whole archive into a fresh desk, as a user runs it, with the
    resident memory of the process (and its workers) sampled while it runs.
The reader holds a bounded number of pages (workers x 8) whatever the archive's size; the samples
every 10 s are in the results, beside those of the JSON Lines ingest.

    python bench/bench_warc.py [--records 10000]
"""

from __future__ import annotations

import argparse
import gzip
import html
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import WORK, md_table, timer, varied_corpus, write_jsonl, write_results  # noqa: E402

NEWSDESK = Path(sys.executable).parent / "newsdesk"
NAV = "".join(f'<li><a href="/{s.lower()}">{s}</a></li>' for s in
              ("News", "Business", "Sport", "Politics", "Technology", "Culture", "Opinion", "Weather"))


def _paras(text: str) -> list[str]:
    words = text.split()
    return [" ".join(words[i:i + 70]) for i in range(0, len(words), 70)]


def page(i: int, item: dict, others: list[dict]) -> str:
    """One news page in one of four layouts."""
    title, author, day = html.escape(item["title"]), f"Staff writer {i % 23}", item["published"]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in _paras(item["text"]))
    related = "".join(f'<li><a href="/a/{k}">{html.escape(o["title"])}</a></li>' for k, o in enumerate(others))
    comments = "".join(f'<li class="comment"><b>reader{k}</b><p>I read this at breakfast and I think the '
                       f'council should look again at point {k}.</p></li>' for k in range(i % 5))
    head = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | {item["source"]}</title>'
            f'<meta property="og:title" content="{title}"><meta property="article:published_time" content="{day}">'
            f'<meta name="author" content="{author}"></head>')
    layout = i % 4
    if layout == 0:
        main = (f'<article><h1>{title}</h1><p class="byline">By {author}</p><div class="entry-content">{body}'
                f'<div class="share">Share this: Twitter Facebook Email</div></div></article>'
                f'<section class="related"><h3>Related</h3><ul>{related}</ul></section>'
                f'<section id="comments"><ol>{comments}</ol></section>')
    elif layout == 1:
        main = (f'<div class="story"><h1 class="headline">{title}</h1><div class="story-body">{body}</div>'
                f'<aside class="most-read"><h2>Most read</h2><ol>{related}</ol></aside></div>')
    elif layout == 2:
        main = (f'<main><div class="article"><div class="title"><h1>{title}</h1></div><div class="txt">{body}</div>'
                '<div class="newsletter"><p>Sign up for our free newsletter.</p></div></div></main>')
    else:
        main = (f'<table width="100%"><tr><td valign="top">{NAV}</td><td><b>{title}</b><br>{body}</td>'
                f'<td><ul>{related}</ul></td></tr></table>')
    return (f'{head}<body><header><nav><ul>{NAV}</ul></nav></header>{main}'
            f'<footer><p>© 2025 {item["source"]}. All rights reserved.</p></footer></body></html>')


def warc_record(url: str, date: str, payload: bytes) -> bytes:
    block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + payload
    head = (f"WARC/1.1\r\nWARC-Type: response\r\nWARC-Date: {date}\r\n"
            f"WARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}>\r\nWARC-Target-URI: {url}\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(block)}\r\n\r\n")
    return head.encode() + block + b"\r\n\r\n"


def build_archive(n: int) -> Path:
    path = WORK / f"pages-{n // 1000}k.warc.gz"
    done = path.with_suffix(".done")
    if path.exists() and done.exists():
        return path
    WORK.mkdir(parents=True, exist_ok=True)
    print(f"writing {path}", file=sys.stderr)
    items = list(varied_corpus(n))
    with open(path, "wb") as fh:
        for i, item in enumerate(items):
            others = [items[(i + k * 7 + 1) % n] for k in range(5)]
            url = f"https://{item['source']}.example/{item['published'][:4]}/story-{i:06d}"
            rec = warc_record(url, f"{item['published']}T{i % 24:02d}:{i % 60:02d}:00Z", page(i, item, others).encode())
            fh.write(gzip.compress(rec, compresslevel=6))
    done.write_text("ok\n")
    return path


def fastwarc_alone(path: Path) -> dict:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    n = size = 0
    with timer() as t:
        for record in ArchiveIterator(str(path), record_types=WarcRecordType.response, parse_http=True):
            size += len(record.reader.read())
            n += 1
    return {"records": n, "payload_mb": round(size / 1e6, 1), "seconds": round(t["seconds"], 2),
            "records_per_second": round(n / t["seconds"], 1)}


def trafilatura_alone(path: Path, limit: int = 1000) -> dict:
    import trafilatura
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    pages = []
    for record in ArchiveIterator(str(path), record_types=WarcRecordType.response, parse_http=True):
        pages.append(record.reader.read().decode("utf-8"))
        if len(pages) >= limit:
            break
    with timer() as t:
        for p in pages:
            trafilatura.extract(p)
    return {"pages": len(pages), "seconds": round(t["seconds"], 2), "pages_per_second": round(len(pages) / t["seconds"], 1)}


def _tree_rss_mb(pid: int) -> tuple[float, float]:
    """(RSS of the process, RSS of it and all its descendants) in MB, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            ppid = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") / 1e6
            children.setdefault(ppid, []).append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0.0, [pid]
    while stack:
        p = stack.pop()
        total += rss.get(p, 0.0)
        stack.extend(children.get(p, []))
    return rss.get(pid, 0.0), total


def newsdesk_ingest(path: Path, workers: int, name: str = "warc-bench") -> dict:
    db = WORK / f"{name}.db"
    for stale in WORK.glob(f"{name}.db*"):
        shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    cmd = [str(NEWSDESK), "ingest", "--bulk", "--json", "--workers", str(workers), "--db", str(db), str(path)]
    samples = []
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    peak_main = peak_tree = 0.0
    while proc.poll() is None:
        main, tree = _tree_rss_mb(proc.pid)
        peak_main, peak_tree = max(peak_main, main), max(peak_tree, tree)
        elapsed = time.perf_counter() - started
        if not samples or elapsed - samples[-1]["s"] >= 10:
            samples.append({"s": round(elapsed, 1), "main_mb": round(main, 1), "tree_mb": round(tree, 1)})
        time.sleep(0.25)
    seconds = time.perf_counter() - started
    out = proc.stdout.read() if proc.stdout else ""
    report = __import__("json").loads(out.strip().splitlines()[-1]) if out.strip() else {}
    return {"exit_status": proc.returncode, "stored": report.get("stored"), "skipped": report.get("skipped"),
            "seconds": round(seconds, 1), "articles_per_second": round((report.get("stored") or 0) / seconds, 1),
            "peak_rss_main_mb": round(peak_main, 1), "peak_rss_tree_mb": round(peak_tree, 1),
            "rss_samples": samples, "workers": workers}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=0)
    args = parser.parse_args(argv)
    path = build_archive(args.records)
    size_mb = path.stat().st_size / 1e6
    print(f"archive {path} ({size_mb:.1f} MB)", file=sys.stderr)
    base = fastwarc_alone(path)
    print(f"fastwarc alone: {base}", file=sys.stderr)
    traf = trafilatura_alone(path)
    print(f"trafilatura alone: {traf}", file=sys.stderr)
    texts = WORK / f"pages-{args.records // 1000}k-texts.jsonl"
    if not texts.exists():
        write_jsonl(varied_corpus(args.records), texts)
    plain = newsdesk_ingest(texts, args.workers, "warc-bench-jsonl")
    print(f"newsdesk ingest of the texts as JSONL: { {k: v for k, v in plain.items() if k != 'rss_samples'} }",
          file=sys.stderr)
    ours = newsdesk_ingest(path, args.workers)
    print(f"newsdesk ingest: { {k: v for k, v in ours.items() if k != 'rss_samples'} }", file=sys.stderr)
    rows = [
        {"what": "fastwarc alone (read every payload)", "items": base["records"], "seconds": base["seconds"],
         "per second": base["records_per_second"], "peak RSS MB": ""},
        {"what": "trafilatura.extract alone (first 1,000 pages)", "items": traf["pages"], "seconds": traf["seconds"],
         "per second": traf["pages_per_second"], "peak RSS MB": ""},
        {"what": "newsdesk ingest --bulk of the same texts as JSONL (no HTML)", "items": plain["stored"],
         "seconds": plain["seconds"], "per second": plain["articles_per_second"],
         "peak RSS MB": f"{plain['peak_rss_main_mb']} (all processes {plain['peak_rss_tree_mb']})"},
        {"what": "newsdesk ingest --bulk of the WARC (read, extract, enrich, store)", "items": ours["stored"],
         "seconds": ours["seconds"], "per second": ours["articles_per_second"],
         "peak RSS MB": f"{ours['peak_rss_main_mb']} (all processes {ours['peak_rss_tree_mb']})"},
    ]
    # Memory once warmed up (models loaded, workers started: a fifth into the run) against the end.
    samples = ours["rss_samples"]
    first = next((x for x in samples if x["s"] >= ours["seconds"] / 5), samples[-1])
    last = samples[-1]
    md = (f"# WARC ingest: {args.records:,} records ({size_mb:.1f} MB gzip)\n\n"
          + md_table(rows, ["what", "items", "seconds", "per second", "peak RSS MB"])
          + f"\nResident memory of the ingest process once warmed up: {first['main_mb']} MB at {first['s']} s, "
            f"{last['main_mb']} MB at {last['s']} s (the end); all processes (reader, extraction and enrichment "
            f"workers): {first['tree_mb']} MB and {last['tree_mb']} MB. The JSON Lines ingest of the same texts "
            f"peaks at {plain['peak_rss_main_mb']} MB: what grows is the desk being built, not the archive reader. "
            "Samples every 10 s are in warc.json.\n")
    write_results("warc", {"records": args.records, "archive_mb": round(size_mb, 1), "fastwarc_alone": base,
                           "trafilatura_alone": traf, "newsdesk_ingest_jsonl": plain, "newsdesk_ingest": ours}, md)


if __name__ == "__main__":
    main(sys.argv[1:])
