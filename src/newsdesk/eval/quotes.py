"""`newsdesk eval quotes FILE`: quotation extraction scored on PolNeAR-style gold.

Each item's `text` is ingested as given (language "en"), through the same steps a user's ingest
runs for quotations: nlp -> entities -> quotes. Metrics (the issue's exact definitions):

- a prediction and a gold quotation match when their content spans overlap by at least half of
  the longer of the two; matching is one-to-one, largest overlap first;
- `content_f1` counts matches; `content_exact_f1` identical spans; `source_f1` matches whose sources
  agree (both absent, or both present and overlapping);
- `direct_content_f1` / `direct_source_f1`: the same over gold quotations marked direct and
  predictions whose span is direct by the README's rule (`is_direct_span`).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterable
from typing import Any

from newsdesk.eval.base import EvalResult, match_one_to_one, prf, read_jsonl
from newsdesk.model import Article
from newsdesk.pipeline import build_pipeline

STEPS = ["nlp", "entities", "quotes"]

# --- the README's direct-quote rule, exactly -------------------------------------------------------
_DOUBLE = set('"“”„‟«»')
_OPENING = set('"“„‟«')
_CLOSING = set('"”‟»')
_STRIP = set(".,;:!?…—–-()[]")
_AFTER = set(".,;:!?…")


def is_direct_span(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a direct quotation by the evaluation README's mechanical rule."""
    c = text[start:end]
    i, j = 0, len(c)
    # 1. strip whitespace and the listed punctuation from both ends
    while i < j and (c[i].isspace() or c[i] in _STRIP):
        i += 1
    while j > i and (c[j - 1].isspace() or c[j - 1] in _STRIP):
        j -= 1
    cp = c[i:j]
    if cp:
        # 2. begins or ends with a double quotation mark (`` and '' included)
        if cp[0] in _DOUBLE or cp[-1] in _DOUBLE or cp.startswith(("``", "''")) or cp.endswith(("``", "''")):
            return True
        # 3. fully single-quoted
        if cp[0] in "'‘" and cp[-1] in "'’":
            return True
    # 4. enclosed by double marks directly outside the span
    opened = start >= 1 and (text[start - 1] in _OPENING or text[max(0, start - 2):start] in ("``", "''"))
    if not opened:
        return False
    k = end
    while k < len(text) and text[k] in _AFTER:
        k += 1
    return k < len(text) and (text[k] in _CLOSING or text.startswith("''", k))


# --- matching --------------------------------------------------------------------------------------
def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(preds: list[dict[str, Any]], golds: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one (pred index, gold index) pairs whose content spans overlap by at least half of the
    longer span, taken largest overlap first."""
    pairs = []
    for i, p in enumerate(preds):
        pc = (p["content"]["start"], p["content"]["end"])
        for j, g in enumerate(golds):
            gc = (g["content"]["start"], g["content"]["end"])
            ov = _overlap(pc, gc)
            if ov > 0 and ov >= 0.5 * max(pc[1] - pc[0], gc[1] - gc[0]):
                pairs.append((ov, i, j))
    return match_one_to_one(pairs)


def sources_agree(p: dict[str, Any], g: dict[str, Any]) -> bool:
    ps, gs = p.get("source"), g.get("source")
    if ps is None and gs is None:
        return True
    if ps is None or gs is None:
        return False
    return _overlap((ps["start"], ps["end"]), (gs["start"], gs["end"])) > 0


def _exact(preds: list[dict[str, Any]], golds: list[dict[str, Any]]) -> int:
    pc = Counter((p["content"]["start"], p["content"]["end"]) for p in preds)
    gc = Counter((g["content"]["start"], g["content"]["end"]) for g in golds)
    return sum(min(n, gc[k]) for k, n in pc.items())


class Tally:
    """Running counts for one metric family over the corpus."""

    def __init__(self) -> None:
        self.n_pred = self.n_gold = self.tp = self.tp_exact = self.tp_source = 0

    def add(self, preds: list[dict[str, Any]], golds: list[dict[str, Any]]) -> list[tuple[int, int]]:
        pairs = match(preds, golds)
        self.n_pred += len(preds)
        self.n_gold += len(golds)
        self.tp += len(pairs)
        self.tp_exact += _exact(preds, golds)
        self.tp_source += sum(1 for i, j in pairs if sources_agree(preds[i], golds[j]))
        return pairs

    def f1(self, tp: int) -> float:
        return prf(tp, self.n_pred, self.n_gold)[2]


def score(items: Iterable[tuple[str, list[dict[str, Any]], list[dict[str, Any]]]]) -> tuple[Tally, Tally]:
    """(all, direct) tallies over (text, predictions, gold quotes) triples."""
    every, direct = Tally(), Tally()
    for text, preds, golds in items:
        every.add(preds, golds)
        dp = [p for p in preds if is_direct_span(text, p["content"]["start"], p["content"]["end"])]
        dg = [g for g in golds if g.get("direct")]
        direct.add(dp, dg)
    return every, direct


def _span(s: Any) -> dict[str, int] | None:
    return {"start": s.start, "end": s.end} if s is not None else None


def predict(items: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Run the ingest pipeline's quotation steps on each item's text, as given."""
    pipeline = build_pipeline(STEPS)
    articles = [Article(id=str(it["id"]), text=it["text"], language="en") for it in items]
    out = []
    for art in pipeline.run(articles):
        out.append([{"content": _span(q.content), "source": _span(q.speaker), "cue": _span(q.cue)}
                    for q in art.quotes])
    return out


def evaluate(path: str, predictions: str | None = None, limit: int | None = None) -> EvalResult:
    t0 = time.perf_counter()
    items = list(read_jsonl(path, limit))
    for it in items:
        if "text" not in it or "quotes" not in it:
            raise ValueError(f"item {it.get('id')!r} has no text or quotes: not a quotes gold file")
    preds = predict(items)
    every, direct = score((it["text"], p, it["quotes"]) for it, p in zip(items, preds, strict=True))
    seconds = time.perf_counter() - t0
    if predictions:
        with open(predictions, "w", encoding="utf-8") as fh:
            for it, p in zip(items, preds, strict=True):
                fh.write(json.dumps({"id": it["id"], "quotes": p}, ensure_ascii=False) + "\n")
    metrics = {
        "content_f1": round(every.f1(every.tp), 4),
        "content_exact_f1": round(every.f1(every.tp_exact), 4),
        "source_f1": round(every.f1(every.tp_source), 4),
        "direct_content_f1": round(direct.f1(direct.tp), 4),
        "direct_source_f1": round(direct.f1(direct.tp_source), 4),
        "n": len(items),
        "seconds": round(seconds, 2),
    }
    table = []
    for name, tally, tp in (
        ("content", every, every.tp), ("content (exact)", every, every.tp_exact), ("source", every, every.tp_source),
        ("direct content", direct, direct.tp), ("direct source", direct, direct.tp_source),
    ):
        p, r, f = prf(tp, tally.n_pred, tally.n_gold)
        table.append({"metric": name, "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
                      "tp": tp, "predicted": tally.n_pred, "gold": tally.n_gold})
    return EvalResult(metrics=metrics, table=table,
                      columns=["metric", "precision", "recall", "f1", "tp", "predicted", "gold"])
