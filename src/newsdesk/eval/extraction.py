"""`newsdesk eval extraction FILE`: main text and date of web pages, beside trafilatura alone.

Gold format `extraction` (../shared/eval/README.md). Ours is `sources.html.extract_page`, the code
every HTML input, fetched page, feed's linked page and WARC record goes through. Scored the same way,
in the same run, trafilatura called directly with its defaults (`trafilatura.extract` for the text,
`extract_metadata` for the date).

Metrics (ours; `trafilatura_<name>` for the baseline):
- `precision`, `recall`, `f1`: for items with a `gold_text`, bag-of-tokens overlap per page
  (`re.findall(r"\\w+", text.lower())` as a multiset), averaged over pages; an empty output scores 0.
- `with_found`, `without_absent`: over all `with` / `without` snippets, the share found / absent in
  the text (whitespace collapsed on both sides).
- `date_accuracy`: for items with a gold `date`, the share whose predicted date is the same
  calendar day (ours: the day where the page was published).
`not_article` counts pages our reader would skip as not articles (their text is still scored).
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import trafilatura

from newsdesk.eval.base import EvalResult, read_jsonl
from newsdesk.sources.html import extract_page, original_date_parser

_TOKEN = re.compile(r"\w+")
METRICS = ("precision", "recall", "f1", "with_found", "without_absent", "date_accuracy")


def tokens(text: str) -> Counter:
    return Counter(_TOKEN.findall(text.lower()))


def overlap(predicted: str, gold: str) -> tuple[float, float, float]:
    """Bag-of-tokens precision, recall and F1 of one page; an empty output (or gold) scores 0."""
    p, g = tokens(predicted), tokens(gold)
    if not p or not g:
        return 0.0, 0.0, 0.0
    tp = sum((p & g).values())
    precision, recall = tp / sum(p.values()), tp / sum(g.values())
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _collapse(text: str) -> str:
    return " ".join(text.split())


class _Score:
    def __init__(self) -> None:
        self.prf: list[tuple[float, float, float]] = []
        self.with_total = self.with_found = 0
        self.without_total = self.without_absent = 0
        self.dated = self.date_right = 0

    def add(self, item: dict[str, Any], text: str, day: str | None) -> None:
        text = text or ""
        if item.get("gold_text"):
            self.prf.append(overlap(text, item["gold_text"]))
        flat = _collapse(text)
        for snippet in item.get("with") or []:
            self.with_total += 1
            self.with_found += _collapse(snippet) in flat
        for snippet in item.get("without") or []:
            self.without_total += 1
            self.without_absent += _collapse(snippet) not in flat
        if item.get("date"):
            self.dated += 1
            self.date_right += bool(day) and str(day)[:10] == str(item["date"])[:10]

    def metrics(self) -> dict[str, float | None]:
        n = len(self.prf)
        return {
            "precision": round(sum(x[0] for x in self.prf) / n, 4) if n else None,
            "recall": round(sum(x[1] for x in self.prf) / n, 4) if n else None,
            "f1": round(sum(x[2] for x in self.prf) / n, 4) if n else None,
            "with_found": round(self.with_found / self.with_total, 4) if self.with_total else None,
            "without_absent": round(self.without_absent / self.without_total, 4) if self.without_total else None,
            "date_accuracy": round(self.date_right / self.dated, 4) if self.dated else None,
        }


def _page_url(item: dict[str, Any]) -> str | None:
    url = item.get("url") or ""
    return url if url.startswith(("http://", "https://")) else None


def ours(item: dict[str, Any]) -> tuple[str, str | None, str | None]:
    """(text, calendar day, not-article reason) as newsdesk's HTML reader extracts them."""
    page = extract_page(item["html"], url=_page_url(item))
    return page.text, page.day, page.not_article


def trafilatura_alone(item: dict[str, Any]) -> tuple[str, str | None]:
    """trafilatura with its defaults, on the same page."""
    url = _page_url(item)
    with original_date_parser():
        text = trafilatura.extract(item["html"], url=url) or ""
        try:
            date = trafilatura.extract_metadata(item["html"], default_url=url).date
        except Exception:  # its metadata extraction failing on a page scores as no date
            date = None
    return text, date


def evaluate(path: str | Path, predictions: str | Path | None = None, limit: int | None = None,
             baseline: bool = True) -> EvalResult:
    started = time.perf_counter()
    score, base = _Score(), _Score()
    n = 0
    not_article = 0
    langs: Counter = Counter()
    out = open(predictions, "w", encoding="utf-8") if predictions else None  # noqa: SIM115
    with out if out is not None else nullcontext():
        for item in read_jsonl(path, limit):
            if "html" not in item or "id" not in item:
                raise ValueError(f"item {n + 1} has no 'html' or 'id' (is this an extraction file?)")
            n += 1
            langs[item.get("lang") or "unknown"] += 1
            text, day, reason = ours(item)
            not_article += reason is not None
            score.add(item, text, day)
            if out is not None:
                out.write(json.dumps({"id": item["id"], "text": text, "date": day}, ensure_ascii=False) + "\n")
            if baseline:
                base.add(item, *trafilatura_alone(item))
    metrics: dict[str, Any] = {"task": "extraction", "n": n, "n_gold_text": len(score.prf),
                               "n_with": score.with_total, "n_without": score.without_total, "n_dated": score.dated}
    metrics.update(score.metrics())
    if baseline:
        metrics.update({f"trafilatura_{k}": v for k, v in base.metrics().items()})
    metrics["not_article"] = not_article
    metrics["languages"] = dict(langs.most_common())
    metrics["seconds"] = round(time.perf_counter() - started, 2)
    table = []
    for name in METRICS:
        if metrics.get(name) is None:
            continue
        row: dict[str, Any] = {"metric": name, "newsdesk": metrics[name]}
        if baseline:
            row["trafilatura"] = metrics.get(f"trafilatura_{name}")
        table.append(row)
    columns = ["metric", "newsdesk"] + (["trafilatura"] if baseline else [])
    return EvalResult(metrics=metrics, table=table, columns=columns)
