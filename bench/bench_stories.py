"""Story assignment cost as the desk grows: 10k vs 100k stored articles (target ratio <= 1.5).

Setup: the real "stories" linker links `BASE` varied articles (bench/common.varied_corpus) into a
fresh desk; that state (stored articles, stories, candidate postings, member rows, document
frequencies) is then replicated with renamed ids until the desk holds 10k, then 100k articles. Every
copy shares the originals' feature keys, so posting lists of common keys grow with the desk, which
is exactly what a scan-free candidate index must not feel.

Measured: the real linker path (`StoriesLinker.link`, inside a batch transaction, then rolled
back so every measurement sees the same desk) on `PROBE` fresh articles, `REPEATS` times; cost per
article = batch time / PROBE. The same probe is measured on a desk of only the `BASE` articles too.

    python bench/bench_stories.py [--base 2000] [--probe 200]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import WORK, md_table, timer, varied_corpus, write_results  # noqa: E402

from newsdesk.desk.ingest import record_to_article  # noqa: E402
from newsdesk.link.stories import StoriesLinker  # noqa: E402
from newsdesk.model import RawRecord  # noqa: E402
from newsdesk.pipeline import build_pipeline  # noqa: E402
from newsdesk.store.sqlite import SQLiteStore  # noqa: E402

REPEATS = 3
SIZES = (10_000, 100_000)
_ARTICLE_COLS = (
    "url, canonical_url, source, title, byline, published, language, text, summary, flags, fingerprint, "
    "content_hash, duplicate_of, story_id, pipeline_version, origin, position, meta, annotations, ingested_at, batch"
)


class _Rollback(Exception):
    pass


def enrich(records: list[dict]) -> list:
    """Reading steps + summary (the stories linker needs no spaCy): what the linker sees after ingest."""
    pipe = build_pipeline(["clean", "language", "dates", "fingerprint", "summary"])
    raws = [RawRecord(origin="bench", position=i, text=r["text"], title=r["title"], record_id=r["id"],
                      source=r["source"], published=r["published"]) for i, r in enumerate(records)]
    return pipe([record_to_article(r) for r in raws])


def link_all(store: SQLiteStore, articles: list, batch: int = 200) -> None:
    linker = StoriesLinker()
    for i in range(0, len(articles), batch):
        chunk = articles[i : i + batch]
        with store.transaction():
            n = int(store.get_meta("last_batch", "0") or 0) + 1
            linker.link(store, chunk)
            store.put_articles(chunk, n)
            store.set_meta("last_batch", str(n))


def _years_back(column: str) -> str:
    """SQL for an ISO date column moved back `?` years (NULL stays NULL)."""
    return (f"CASE WHEN {column} IS NULL THEN NULL ELSE printf('%04d', CAST(substr({column}, 1, 4) AS INTEGER) - ?)"
            f" || substr({column}, 5) END")


def replicate(store: SQLiteStore, base: int, copies: range) -> None:
    """Copy the base desk's articles and story state `copies` times under new ids (synthetic growth).

    Copy k is the desk's year k years earlier (its dates moved back k years): the same kind of news,
    the same vocabulary and names in the postings, but other events. Copies left at the same dates
    would be the same stories, and the linker, which merges two stories that turn out to be one,
    would rightly merge them: the bench would time those merges, not the desk's growth."""
    clock = int(store.get_meta("stories_clock", "0"))
    cols = _ARTICLE_COLS.replace("story_id", "story_id || ?").replace(" published,", f" {_years_back('published')},")
    with store.transaction():
        for k in copies:
            sfx = f"-r{k}"
            store.execute(
                f"INSERT INTO articles (id, seq, {_ARTICLE_COLS}) SELECT id || ?, seq + ?, "
                + cols + " FROM articles WHERE id NOT LIKE '%-r%'",
                (sfx, k * base, k, sfx))
            store.execute(
                "INSERT INTO stories (id, title, title_article, summary, first_seen, last_seen, created_seq, updated_seq,"
                " size, n_articles, n_sources, sources, centroid, names, places, breaking,"
                f" updated_at) SELECT id || ?, title, title_article, summary, {_years_back('first_seen')},"
                f" {_years_back('last_seen')}, created_seq - ?,"
                " updated_seq - ?, size, n_articles, n_sources, sources, centroid, names, places,"
                " 0, updated_at FROM stories WHERE id NOT LIKE '%-r%'", (sfx, k, k, k * clock, k * clock))
            store.execute(
                "INSERT INTO story_index (key, story_id, seq) SELECT key, story_id || ?, seq - ? FROM story_index"
                " WHERE story_id NOT LIKE '%-r%'", (sfx, k * clock))
            store.execute(
                "INSERT INTO story_members (article_id, story_id, seq, published, source, duplicate_of, title, summary,"
                f" vector, names) SELECT article_id || ?, story_id || ?, seq - ?, {_years_back('published')}, source,"
                " duplicate_of, title, summary, vector, names FROM story_members WHERE article_id NOT LIKE '%-r%'",
                (sfx, sfx, k * clock, k))
        total = base * (copies.stop)
        store.execute("UPDATE story_df SET df = df * ? / ?", (copies.stop, copies.start))
        store.set_meta("stories_docs", str(total))


def measure(store: SQLiteStore, probe: list) -> list[float]:
    """ms per article of the real linker on the probe batch (rolled back after each run)."""
    import copy

    out = []
    for _ in range(REPEATS):
        batch = copy.deepcopy(probe)
        linker = StoriesLinker()
        t0 = 0.0
        try:
            with store.transaction():
                t0 = time.perf_counter()
                linker.link(store, batch)
                elapsed = time.perf_counter() - t0
                raise _Rollback
        except _Rollback:
            pass
        out.append(elapsed * 1000 / len(batch))
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", type=int, default=2000)
    ap.add_argument("--probe", type=int, default=200)
    args = ap.parse_args(argv)
    work = WORK / "stories"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    records = list(varied_corpus(args.base + args.probe, seed=11))
    with timer() as t_enrich:
        arts = enrich(records)
    base_arts, probe = arts[: args.base], arts[args.base :]
    store = SQLiteStore(work / "desk.db")
    with timer() as t_link:
        link_all(store, base_arts)
    rows = []
    base_ms = measure(store, probe)
    rows.append({"articles": args.base, "ms_per_article": round(statistics.median(base_ms), 3)})
    copies_done = 1
    results = {}
    for size in SIZES:
        want = size // args.base
        replicate(store, args.base, range(copies_done, want))
        copies_done = want
        n = store.count_articles()
        ms = measure(store, probe)
        results[size] = statistics.median(ms)
        rows.append({"articles": n, "ms_per_article": round(results[size], 3)})
    ratio = results[SIZES[1]] / results[SIZES[0]]
    store.close()
    md = "## stories: cost of assigning one article as the desk grows\n\n" + md_table(
        rows, ["articles", "ms_per_article"]) + (
        f"\nratio 100k / 10k = **{ratio:.2f}** (target <= 1.5); base desk linked for real in "
        f"{t_link['seconds']:.1f} s ({args.base} articles, {1000 * t_link['seconds'] / args.base:.1f} ms each), "
        f"then replicated; probe = {args.probe} fresh articles, median of {REPEATS} runs.\n")
    write_results("stories", {"rows": rows, "ratio_100k_10k": round(ratio, 3), "base": args.base,
                              "probe": args.probe, "enrich_seconds": round(t_enrich["seconds"], 2),
                              "base_link_seconds": round(t_link["seconds"], 2)}, md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
