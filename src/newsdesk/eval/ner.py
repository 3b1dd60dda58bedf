"""`newsdesk eval ner FILE`: named entities scored on exact (start, end, label) spans.

The text of each gold item goes through the very steps a user's ingest runs (`nlp` then `entities`),
untouched: no title derivation, no cleaning, so every predicted offset is an offset into the gold text.
Metrics: micro precision / recall / F1 over every label, per-label F1, and `f1_per_org_loc` (persons,
organisations and locations only). CoNLL-style gold (labels PER/ORG/LOC/MISC) is scored after mapping
spaCy's labels onto CoNLL's: PERSON→PER, ORG→ORG, GPE/LOC/FAC→LOC, NORP/EVENT/WORK_OF_ART/LAW/
LANGUAGE/PRODUCT→MISC, the rest dropped. OntoNotes-style gold is scored on spaCy's own 18 labels, and
its `f1_per_org_loc` maps both sides the CoNLL way first.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from newsdesk.eval import EvalResult, prf, read_jsonl
from newsdesk.model import Article

CONLL_LABELS = {"PER", "ORG", "LOC", "MISC"}
TO_CONLL = {
    "PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "MISC", "EVENT": "MISC",
    "WORK_OF_ART": "MISC", "LAW": "MISC", "LANGUAGE": "MISC", "PRODUCT": "MISC",
    # gold already in CoNLL labels maps to itself
    "PER": "PER", "MISC": "MISC",
}
PER_ORG_LOC = {"PER", "ORG", "LOC"}


def gold_articles(items: Iterable[dict[str, Any]]) -> Iterator[Article]:
    """One Article per gold item: the item's text exactly as given, in English."""
    for item in items:
        yield Article(id=str(item["id"]), text=item["text"], language="en")


def run_steps(articles: Iterable[Article], names: list[str]) -> Iterator[Article]:
    """Run the named pipeline steps as ingest builds them, but keep `scratch` (the eval reads it)."""
    from newsdesk.pipeline import build_pipeline

    stream: Iterable[Article] = articles
    for step in build_pipeline(names).steps:
        stream = step.run(stream)
    yield from stream


def predicted_spans(article: Article) -> list[tuple[int, int, str]]:
    """Every entity span the pipeline found: the named mentions plus dates, numbers and the like."""
    spans = {(m.start, m.end, m.label) for m in article.mentions}
    spans.update((s, e, lab) for s, e, lab in article.scratch.get("values", ()))
    return sorted(spans)


def evaluate(path: str, predictions: str | None = None, limit: int | None = None) -> EvalResult:
    items = list(read_jsonl(path, limit))
    labels_in_gold = {g["label"] for it in items for g in it.get("entities", [])}
    conll = bool(labels_in_gold) and labels_in_gold <= CONLL_LABELS
    started = time.perf_counter()
    out = open(predictions, "w", encoding="utf-8") if predictions else None
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    pol = [0, 0, 0]  # tp, predicted, gold over PER/ORG/LOC
    try:
        for item, article in zip(items, run_steps(gold_articles(items), ["nlp", "entities"]), strict=True):
            spans = predicted_spans(article)
            if out:
                out.write(json.dumps({"id": item["id"], "entities": [
                    {"start": s, "end": e, "label": lab} for s, e, lab in spans]}) + "\n")
            if conll:
                pred = {(s, e, TO_CONLL[lab]) for s, e, lab in spans if lab in TO_CONLL}
            else:
                pred = set(spans)
            gold = {(g["start"], g["end"], g["label"]) for g in item.get("entities", [])}
            for p in pred:
                n_pred[p[2]] += 1
            for g in gold:
                n_gold[g[2]] += 1
            for hit in pred & gold:
                tp[hit[2]] += 1
            # persons, organisations, locations: both sides mapped to CoNLL labels
            p3 = {(s, e, TO_CONLL[lab]) for s, e, lab in pred if TO_CONLL.get(lab) in PER_ORG_LOC}
            g3 = {(s, e, TO_CONLL[lab]) for s, e, lab in gold if TO_CONLL.get(lab) in PER_ORG_LOC}
            pol[0] += len(p3 & g3)
            pol[1] += len(p3)
            pol[2] += len(g3)
    finally:
        if out:
            out.close()
    seconds = time.perf_counter() - started
    table = []
    for lab in sorted(set(n_gold) | set(n_pred)):
        p, r, f = prf(tp[lab], n_pred[lab], n_gold[lab])
        table.append({"label": lab, "gold": n_gold[lab], "predicted": n_pred[lab], "correct": tp[lab],
                      "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)})
    p, r, f = prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    table.append({"label": "ALL", "gold": sum(n_gold.values()), "predicted": sum(n_pred.values()),
                  "correct": sum(tp.values()), "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)})
    metrics: dict[str, Any] = {
        "task": "ner", "file": Path(path).name, "scheme": "conll" if conll else "ontonotes",
        "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
        "f1_per_org_loc": round(prf(*pol)[2], 4),
        "per_label": {row["label"]: row["f1"] for row in table if row["label"] != "ALL"},
        "n": len(items), "seconds": round(seconds, 2),
    }
    return EvalResult(metrics=metrics, table=table,
                      columns=["label", "gold", "predicted", "correct", "precision", "recall", "f1"])
