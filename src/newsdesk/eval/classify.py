"""`newsdesk eval classify FILE --train TRAIN`: the categories classifier on a labelled file.

Trains the desk's model (watchlists/categories.py) on TRAIN and predicts FILE; without TRAIN, a
5-fold cross-validation over FILE in which identical articles (same title and text) always fall in
the same fold, so a copy in the training part cannot inflate the score. The plain TF-IDF + logistic
regression baseline is scored the same way in the same run. Metrics: accuracy and macro-F1 of the
model, with the baseline's beside them; predictions {"id", "label"}.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from typing import Any

from newsdesk.eval.base import EvalResult, read_jsonl
from newsdesk.watchlists.categories import Classifier, article_text

FOLDS = 5


def _items(path: str, limit: int | None = None) -> list[dict[str, Any]]:
    items = []
    for i, row in enumerate(read_jsonl(path, limit), 1):
        if not isinstance(row, dict) or not row.get("label"):
            raise ValueError(f"line {i}: expected an object with a label")
        items.append({"id": str(row.get("id", i)), "text": article_text(row.get("title"), row.get("text")),
                      "label": str(row["label"])})
    return items


def folds(items: list[dict[str, Any]], k: int = FOLDS) -> list[int]:
    """A fold per item; identical texts share one (groups dealt round-robin by a stable hash order)."""
    groups = sorted({hashlib.sha1(it["text"].encode("utf-8")).hexdigest() for it in items})
    fold_of = {g: i % k for i, g in enumerate(groups)}
    return [fold_of[hashlib.sha1(it["text"].encode("utf-8")).hexdigest()] for it in items]


def scores(gold: list[str], pred: list[str]) -> tuple[float, float, list[dict[str, Any]]]:
    """Accuracy, macro-F1 and a per-label table."""
    labels = sorted(set(gold) | set(pred))
    rows, f1s = [], []
    for lb in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lb and p == lb)
        n_pred, n_gold = pred.count(lb), gold.count(lb)
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        f1s.append(f)
        rows.append({"label": lb, "gold": n_gold, "predicted": n_pred, "precision": round(p, 4),
                     "recall": round(r, 4), "f1": round(f, 4)})
    acc = sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / len(gold) if gold else 0.0
    return acc, (sum(f1s) / len(f1s) if f1s else 0.0), rows


def _predict(kind: str, train: list[dict[str, Any]], test: list[dict[str, Any]]) -> list[str]:
    clf = Classifier.train([t["text"] for t in train], [t["label"] for t in train], kind)
    return clf.predict([t["text"] for t in test])


def evaluate(path: str, predictions: str | None = None, limit: int | None = None,
             train: str | None = None) -> EvalResult:
    started = time.monotonic()
    items = _items(path, limit)
    if not items:
        raise ValueError("no items")
    out: dict[str, list[str]] = {}
    for kind in ("model", "baseline"):
        if train:
            out[kind] = _predict(kind, _items(train), items)
            continue
        fold = folds(items)
        pred = [""] * len(items)
        for k in range(FOLDS):
            test_idx = [i for i, f in enumerate(fold) if f == k]
            if not test_idx:
                continue
            train_items = [it for i, it in enumerate(items) if fold[i] != k]
            for i, p in zip(test_idx, _predict(kind, train_items, [items[i] for i in test_idx]), strict=True):
                pred[i] = p
        out[kind] = pred
    gold = [it["label"] for it in items]
    acc, f1, table = scores(gold, out["model"])
    base_acc, base_f1, _ = scores(gold, out["baseline"])
    if predictions:
        with open(predictions, "w", encoding="utf-8") as fh:
            for it, p in zip(items, out["model"], strict=True):
                fh.write(json.dumps({"id": it["id"], "label": p}) + "\n")
    metrics = {"accuracy": round(acc, 4), "macro_f1": round(f1, 4), "baseline_accuracy": round(base_acc, 4),
               "baseline_macro_f1": round(base_f1, 4), "n": len(items),
               "labels": len(Counter(gold)), "protocol": "train/test" if train else f"{FOLDS}-fold grouped CV",
               "seconds": round(time.monotonic() - started, 2)}
    return EvalResult(metrics=metrics, table=table,
                      columns=["label", "gold", "predicted", "precision", "recall", "f1"])
