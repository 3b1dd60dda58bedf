"""`newsdesk eval geo FILE`: toponyms found and placed.

Each gold text runs through the steps a user's ingest runs (`nlp`, `entities`, `places`), untouched.
A predicted toponym is every mention of a place entity (GPE, LOC, FAC) that the places step located,
every nationality adjective it pinned to its country ("Russian"), and every organisation it located by
the place its name contains ("University of Kentucky": the corpora annotate such embedded toponyms;
the prediction is the place's name inside the organisation's mention; a mention without it, "the FDA",
predicts nothing).
Predictions and gold toponyms are paired one to one by span overlap, largest overlap first:
`precision`, `recall`, `f1`. For paired toponyms whose gold has coordinates, `acc_161km` is the share
placed within 161 km (100 miles) or given the same GeoNames id, and `median_km` the median error (a
toponym the pipeline could not place counts as half the Earth's circumference away). The table gives
the accuracy per feature class and per confidence band (rows "confidence >= x"), which is how the
places step's `confidence` is checked: a band's accuracy should be about its confidence.

Countries: GeoVirus gives Wikipedia's point for a country (China at 35N 103E, Canada at 60N 95W),
TR-News (and GeoNames-based sets) the GeoNames point and id. The gazetteer places a country at the
centroid of its main landmass and carries its GeoNames id; the scorer takes the same id or 161 km,
nothing country-specific, so a large country located right can still count as a miss on GeoVirus.
"""

from __future__ import annotations

import json
import math
import statistics
import time
from pathlib import Path
from typing import Any

from newsdesk.eval.base import EvalResult, match_one_to_one, prf, read_jsonl
from newsdesk.eval.ner import gold_articles, run_steps
from newsdesk.lexicon.labels import PLACE_LABELS
from newsdesk.model import Article
from newsdesk.pipeline.places import embedded_toponym

FAR_KM = 20037.5  # half the Earth's circumference: "nowhere near"
# nationality adjectives ("Russian") name their country: located by the places step, and counted as
# toponyms (TR-News annotates them; GeoVirus does not)
TOPONYM_LABELS = PLACE_LABELS | {"NORP"}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def predicted_toponyms(article: Article) -> list[dict[str, Any]]:
    """Every located place mention, with its entity's coordinates."""
    by_key = {e.key: e for e in article.entities}
    out = []
    for m in article.mentions:
        e = by_key.get(m.entity_key or "")
        if e is None or e.lat is None or e.lon is None:
            continue
        start, end = m.start, m.end
        if e.feature == "embedded":  # the place's name inside an organisation's, where this mention has it
            inside = embedded_toponym(m.surface, e)
            if inside is None:
                continue
            start, end = m.start + inside[0], m.start + inside[1]
        elif e.label not in TOPONYM_LABELS:
            continue
        out.append({"start": start, "end": end, "lat": e.lat, "lon": e.lon, "geonameid": e.geonameid,
                    "feature": e.feature, "confidence": e.confidence})
    return out


CONFIDENCE_BANDS = (0.9, 0.8, 0.7, 0.5, 0.0)


def confidence_band(confidence: float | None) -> float:
    """The lower edge of the band a confidence falls in (-1 when there is none)."""
    if confidence is None:
        return -1.0
    return next(b for b in CONFIDENCE_BANDS if confidence >= b)


def match_spans(pred: list[dict[str, Any]], gold: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one pairs (pred index, gold index) of overlapping spans, largest overlap first."""
    pairs = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            ov = min(p["end"], g["end"]) - max(p["start"], g["start"])
            if ov > 0:
                pairs.append((ov, i, j))
    return match_one_to_one(pairs)


def evaluate(path: str, predictions: str | None = None, limit: int | None = None) -> EvalResult:
    items = list(read_jsonl(path, limit))
    started = time.perf_counter()
    out = open(predictions, "w", encoding="utf-8") if predictions else None
    n_pred = n_gold = n_match = 0
    errors: list[float] = []
    hits = 0
    by_feature: dict[str, list[int]] = {}
    by_band: dict[float, list[int]] = {}
    try:
        for item, article in zip(items, run_steps(gold_articles(items), ["nlp", "entities", "places"]), strict=True):
            pred = predicted_toponyms(article)
            gold = item.get("toponyms", [])
            if out:
                out.write(json.dumps({"id": item["id"], "toponyms": pred}) + "\n")
            n_pred += len(pred)
            n_gold += len(gold)
            for i, j in match_spans(pred, gold):
                n_match += 1
                g, p = gold[j], pred[i]
                if g.get("lat") is None or g.get("lon") is None:
                    continue
                same_id = bool(g.get("geonameid")) and str(g.get("geonameid")) == str(p.get("geonameid") or "")
                km = haversine_km(g["lat"], g["lon"], p["lat"], p["lon"]) if p.get("lat") is not None else FAR_KM
                ok = same_id or km <= 161.0
                errors.append(0.0 if same_id else km)
                hits += ok
                feat = p.get("feature") or "unknown"
                row = by_feature.setdefault(feat, [0, 0])
                row[0] += 1
                row[1] += ok
                band = by_band.setdefault(confidence_band(p.get("confidence")), [0, 0])
                band[0] += 1
                band[1] += ok
    finally:
        if out:
            out.close()
    seconds = time.perf_counter() - started
    p, r, f = prf(n_match, n_pred, n_gold)
    acc = hits / len(errors) if errors else 0.0
    median = statistics.median(errors) if errors else None
    table = [{"feature": k, "located": v[0], "within_161km": v[1], "acc": round(v[1] / v[0], 3)}
             for k, v in sorted(by_feature.items(), key=lambda kv: -kv[1][0])]
    table.append({"feature": "ALL", "located": len(errors), "within_161km": hits, "acc": round(acc, 3)})
    table += [{"feature": f"confidence >= {b}" if b >= 0 else "confidence unknown", "located": v[0],
               "within_161km": v[1], "acc": round(v[1] / v[0], 3)} for b, v in sorted(by_band.items(), reverse=True)]
    metrics: dict[str, Any] = {
        "task": "geo", "file": Path(path).name,
        "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
        "acc_161km": round(acc, 4), "median_km": round(median, 1) if median is not None else None,
        "predicted": n_pred, "gold": n_gold, "matched": n_match,
        "n": len(items), "seconds": round(seconds, 2),
    }
    return EvalResult(metrics=metrics, table=table, columns=["feature", "located", "within_161km", "acc"])
