"""`newsdesk eval summaries FILE`: ROUGE of the article summaries against extractive references.

Each item's text goes through the pipeline's reading steps and spaCy (`clean`, `language`, `nlp`,
so the sentence boundaries are the ones a user's ingest sees), then through the summary step's
own `summarise`, with the reference's length in words as the budget (the last sentence cut to
fit). The lead baseline is scored in the same run: the text's first sentences up to the budget,
the last one cut to fit. ROUGE-1/2/L F1 from `rouge-score` with the Porter stemmer, averaged over
items.
"""

from __future__ import annotations

import json
import time
from typing import Any

from newsdesk.eval.base import EvalResult, read_jsonl
from newsdesk.model import Article
from newsdesk.pipeline import build_pipeline
from newsdesk.pipeline.summary import lead, summarise

READ_STEPS = ["clean", "language", "nlp"]


def evaluate(path: str, predictions: str | None = None, limit: int | None = None) -> EvalResult:
    # heavy: rouge-score loads nltk (over a second); only this task needs it, and eval loads every task
    from rouge_score import rouge_scorer

    items = list(read_jsonl(path, limit))
    for it in items:
        if "text" not in it or "summary" not in it:
            raise ValueError("summaries items need 'text' and 'summary'")
    started = time.perf_counter()
    steps = build_pipeline(READ_STEPS).steps
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    totals = dict.fromkeys(("rouge1", "rouge2", "rougeL", "lead_rouge1", "lead_rouge2", "lead_rougeL"), 0.0)
    out_rows: list[dict[str, Any]] = []

    def articles():
        for i, it in enumerate(items):
            yield Article(id=str(it.get("id", i)), text=it["text"], title=it.get("title") or "")

    # Run the reading steps as a stream but keep the spaCy Doc (Pipeline.run would drop scratch).
    stream = articles()
    for step in steps:
        stream = step.run(stream)
    for it, article in zip(items, stream, strict=True):
        budget = len(it["summary"].split())
        ours = summarise(article, max_words=budget, max_sentences=None, cut=True)
        base = lead(article, budget)
        r = scorer.score(it["summary"], ours)
        b = scorer.score(it["summary"], base)
        for k in ("rouge1", "rouge2", "rougeL"):
            totals[k] += r[k].fmeasure
            totals[f"lead_{k}"] += b[k].fmeasure
        out_rows.append({"id": str(it.get("id")), "summary": ours})
        article.scratch.clear()
    n = len(items)
    seconds = time.perf_counter() - started
    metrics: dict[str, Any] = {k: round(v / n, 4) if n else 0.0 for k, v in totals.items()}
    metrics.update({"n": n, "seconds": round(seconds, 2)})
    if predictions:
        with open(predictions, "w", encoding="utf-8") as fh:
            for row in out_rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    table = [
        {"system": "newsdesk", "rouge1": metrics["rouge1"], "rouge2": metrics["rouge2"], "rougeL": metrics["rougeL"]},
        {"system": "lead", "rouge1": metrics["lead_rouge1"], "rouge2": metrics["lead_rouge2"],
         "rougeL": metrics["lead_rougeL"]},
    ]
    return EvalResult(metrics=metrics, table=table, columns=["system", "rouge1", "rouge2", "rougeL"])
