"""`newsdesk eval stories FILE`: cluster a gold file's articles as a user's ingest would, and score it.

The items are ingested in file order into a fresh temporary desk with the full pipeline and every
linker (`Desk.ingest_records`), then each item's stored `story_id` is its predicted story. A
duplicate's story is its original's (the linker does that itself). Scores: pairwise precision /
recall / F1 over item pairs, and B-cubed precision / recall / F1 averaged over items. A plain
TF-IDF single-pass baseline runs on the same articles in the same order and is reported beside.
"""

from __future__ import annotations

import json
import math
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newsdesk.config import IngestOptions
from newsdesk.desk import Desk
from newsdesk.eval.base import EvalResult, read_jsonl
from newsdesk.model import RawRecord
from newsdesk.stories.features import content_words

BASELINE_THRESHOLD = 0.3


def pairwise(gold: Sequence[str], pred: Sequence[str]) -> tuple[float, float, float]:
    """Precision/recall/F1 over the pairs of items put in one cluster."""

    def pairs(labels: Sequence[str]) -> Counter:
        return Counter(labels)

    def n_pairs(c: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in c.values())

    both = Counter(zip(gold, pred, strict=True))
    tp = n_pairs(both)
    p_pairs, g_pairs = n_pairs(pairs(pred)), n_pairs(pairs(gold))
    p = tp / p_pairs if p_pairs else 1.0
    r = tp / g_pairs if g_pairs else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def bcubed(gold: Sequence[str], pred: Sequence[str]) -> tuple[float, float, float]:
    """B-cubed precision/recall (averaged over items) and their F1."""
    if not gold:
        return 0.0, 0.0, 0.0
    both = Counter(zip(gold, pred, strict=True))
    g, p = Counter(gold), Counter(pred)
    prec = sum(both[(gi, pi)] / p[pi] for gi, pi in zip(gold, pred, strict=True)) / len(gold)
    rec = sum(both[(gi, pi)] / g[gi] for gi, pi in zip(gold, pred, strict=True)) / len(gold)
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def scores(gold: Sequence[str], pred: Sequence[str]) -> dict[str, float]:
    pp, pr, pf = pairwise(gold, pred)
    bp, br, bf = bcubed(gold, pred)
    return {"pairwise_precision": pp, "pairwise_recall": pr, "pairwise_f1": pf,
            "bcubed_precision": bp, "bcubed_recall": br, "bcubed_f1": bf}


def tfidf_baseline(texts: Sequence[str], threshold: float = BASELINE_THRESHOLD) -> list[str]:
    """The textbook single-pass baseline: TF-IDF words (document frequencies counted as articles
    arrive), each article joins the cluster whose centroid is most similar if above `threshold`.
    It compares with every cluster (fine for an evaluation, not for a desk)."""
    df: Counter[str] = Counter()
    centroids: list[dict[str, float]] = []
    out: list[str] = []
    for n, text in enumerate(texts, 1):
        tf = Counter(content_words(text))
        df.update(tf.keys())
        vec = {w: (1 + math.log(c)) * (math.log((n + 1) / (df[w] + 1)) + 1) for w, c in tf.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vec = {w: v / norm for w, v in vec.items()}
        best, best_sim = -1, 0.0
        for i, c in enumerate(centroids):
            cn = math.sqrt(sum(v * v for v in c.values())) or 1.0
            sim = sum(v * c.get(w, 0.0) for w, v in vec.items()) / cn
            if sim > best_sim:
                best, best_sim = i, sim
        if best >= 0 and best_sim >= threshold:
            for w, v in vec.items():
                centroids[best][w] = centroids[best].get(w, 0.0) + v
        else:
            centroids.append(dict(vec))
            best = len(centroids) - 1
        out.append(str(best))
    return out


def ingest_items(items: list[dict[str, Any]], db_path: str) -> tuple[list[str | None], list[str]]:
    """Ingest the items (file order) into a fresh desk at `db_path`; each item's story id (None if the
    item was skipped) and its title + text as stored, for the baseline."""
    records = []
    for i, it in enumerate(items, 1):
        records.append(RawRecord(
            origin="eval", position=i, text=it.get("text") or it.get("title") or "", title=it.get("title") or None,
            record_id=str(it["id"]), source=it.get("source") or None, published=it.get("published") or None,
            language=it.get("lang") or None,
        ))
    with Desk(db_path) as desk:
        # Small batches: a story's title and summary are refreshed per batch, as in a live desk.
        desk.ingest_records(records, IngestOptions(pipeline="full", batch_size=50))
        ids = [r.article_id() for r in records]
        stored = desk.store.get_articles(ids)
    stories = [stored[i].story_id if i in stored else None for i in ids]
    texts = [f"{stored[i].title}\n{stored[i].text}" if i in stored else "" for i in ids]
    return stories, texts


def evaluate(path: str, predictions: str | None = None, limit: int | None = None) -> EvalResult:
    items = list(read_jsonl(path, limit))
    for it in items:
        if "id" not in it or "story" not in it:
            raise ValueError("stories items need 'id' and 'story'")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="newsdesk-eval-") as tmp:
        stories, texts = ingest_items(items, str(Path(tmp) / "eval.db"))
    seconds = time.perf_counter() - started
    gold = [str(it["story"]) for it in items]
    # A skipped item is a story of its own.
    pred = [s if s else f"skipped-{i}" for i, s in enumerate(stories)]
    ours = scores(gold, pred)
    base_pred = tfidf_baseline(texts)
    base = scores(gold, base_pred)
    if predictions:
        with open(predictions, "w", encoding="utf-8") as fh:
            for it, s in zip(items, pred, strict=True):
                fh.write(json.dumps({"id": str(it["id"]), "story": s}, ensure_ascii=False) + "\n")
    table = [
        {"system": "newsdesk", **{k: round(v, 4) for k, v in ours.items()}, "clusters": len(set(pred))},
        {"system": f"tfidf-baseline@{BASELINE_THRESHOLD}", **{k: round(v, 4) for k, v in base.items()},
         "clusters": len(set(base_pred))},
    ]
    columns = ["system", "bcubed_precision", "bcubed_recall", "bcubed_f1", "pairwise_precision",
               "pairwise_recall", "pairwise_f1", "clusters"]
    metrics: dict[str, Any] = {k: round(v, 4) for k, v in ours.items()}
    metrics.update({
        "n": len(items), "gold_clusters": len(set(gold)), "pred_clusters": len(set(pred)),
        "skipped": sum(1 for s in stories if not s), "seconds": round(seconds, 2),
        "baseline_bcubed_f1": round(base["bcubed_f1"], 4), "baseline_pairwise_f1": round(base["pairwise_f1"], 4),
    })
    return EvalResult(metrics=metrics, table=table, columns=columns)

