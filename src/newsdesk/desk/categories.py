"""CategoriesAPI: categories learned from the analyst's examples, and rule categories (a saved query).

`train_categories(FILE)` trains a classifier (watchlists/categories.py) on JSONL (`title`, `text`,
`label`) or CSV (columns named by `mapping`), stores it in the desk and categorises every stored
article; later articles are categorised as they are linked (link/watchlists.py). A rule category
is a watchlist of kind 'rule': every article its query matches has that category with score 1.
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newsdesk.desk.core import DeskCore
from newsdesk.store import watchlists as watch_rows
from newsdesk.store.base import now_iso
from newsdesk.store.changes import mark_changed
from newsdesk.watchlists.categories import Classifier, article_text
from newsdesk.watchlists.matches import CATEGORIES_REV, bump_rev

MODEL_NAME = "default"
_PAGE = 500


class CategoryError(ValueError):
    """A training file or request a user can fix."""


def read_examples(path: str | Path, mapping: dict[str, str] | None = None) -> Iterator[tuple[str, str]]:
    """(text, label) pairs from JSONL or CSV; `mapping` renames our fields (title, text, label) to
    the file's column names. Lines without a label or text are skipped."""
    mapping = mapping or {}
    names = {k: mapping.get(k, k) for k in ("title", "text", "label")}
    path = Path(path)
    if not path.is_file():
        raise CategoryError(f"no such file: {path}")
    with open(path, encoding="utf-8", newline="") as fh:
        if path.suffix.lower() in (".csv", ".tsv"):
            rows: Iterator[dict[str, Any]] = csv.DictReader(fh, delimiter="\t" if path.suffix.lower() == ".tsv" else ",")
        else:
            rows = (_json_line(line) for line in fh if line.strip())
        for row in rows:
            if not isinstance(row, dict):
                continue
            label = str(row.get(names["label"]) or "").strip()
            text = str(row.get(names["text"]) or "")
            title = str(row.get(names["title"]) or "")
            if label and (text.strip() or title.strip()):
                yield article_text(title, text), label


def _json_line(line: str) -> dict[str, Any] | None:
    try:
        value = json.loads(line)
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


class CategoriesAPI(DeskCore):
    def train_categories(self, path: str | Path, mapping: dict[str, str] | None = None) -> dict[str, Any]:
        """Train the desk's classifier on a file of examples and categorise the stored articles."""
        examples = list(read_examples(path, mapping))
        if not examples:
            raise CategoryError(f"{path}: no examples with a label and a text (fields title, text, label; "
                                "--map renames them)")
        started = time.monotonic()
        try:
            clf = Classifier.train([t for t, _ in examples], [lb for _, lb in examples])
        except ValueError as exc:
            raise CategoryError(f"{path}: {exc}") from exc
        seconds = round(time.monotonic() - started, 2)
        info = {"examples": len(examples), "labels": clf.labels, "train_seconds": seconds, "source": str(path)}
        with self.store.transaction():
            self.store.execute(
                "INSERT INTO classifiers (name, model, labels, trained_at, info) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (name) DO UPDATE SET model = excluded.model, labels = excluded.labels,"
                " trained_at = excluded.trained_at, info = excluded.info",
                (MODEL_NAME, clf.dumps(), json.dumps(clf.labels), now_iso(), json.dumps(info)))
            bump_rev(self.store, CATEGORIES_REV)
        with self._writing():  # ends like a write: the index takes the newly categorised articles
            info["categorised"] = self._categorise_stored(clf)
        return info

    def _categorise_stored(self, clf: Classifier) -> int:
        n, last = 0, 0
        while True:
            rows = self.store.query(f"SELECT seq, id, title, text FROM articles WHERE seq > ? ORDER BY seq LIMIT {_PAGE}",
                                    (last,))
            if not rows:
                return n
            labels = clf.categories([article_text(r["title"], r["text"]) for r in rows])
            ids = [r["id"] for r in rows]
            with self.store.transaction():
                watch_rows.replace_learned(self.store, ids, [
                    (aid, label, round(score, 4)) for aid, got in zip(ids, labels, strict=True) for label, score in got])
                mark_changed(self.store, ids)  # categories are an index field (`search --category`)
            n += len(rows)
            last = int(rows[-1]["seq"])

    def add_rule_category(self, label: str, query: str) -> dict[str, Any]:
        """A category given by a query: every stored and future article it matches has it (score 1)."""
        return self.add_watchlist(label, query, kind="rule")  # type: ignore[attr-defined]

    def categories(self) -> list[dict[str, Any]]:
        """Every category with its article count: learned labels (source 'model') and rules."""
        counts = {(r["label"], r["source"]): int(r["n"]) for r in self.store.query(
            "SELECT label, source, COUNT(*) AS n FROM article_categories GROUP BY label, source")}
        out = []
        row = self.store.query_one("SELECT labels, trained_at, info FROM classifiers WHERE name = ?", (MODEL_NAME,))
        if row:
            for label in json.loads(row["labels"]):
                out.append({"label": label, "source": "model", "articles": counts.get((label, "model"), 0),
                            "trained_at": row["trained_at"]})
        for r in self.store.query("SELECT name, query FROM watchlists WHERE kind = 'rule' ORDER BY name"):
            out.append({"label": r["name"], "source": "rule", "query": r["query"],
                        "articles": counts.get((r["name"], "rule"), 0)})
        return out
