"""Maps drawn by newsdesk itself: a world outline and places as circles, in SVG, offline.

The outline is built once per process from the country shapes the `countryinfo` package ships (MIT;
the shapes come from johan/world.geo.json, derived from Natural Earth, which is public domain), in
an equirectangular projection: x = lon + 180, y = 90 - lat, so a viewBox of "0 0 360 180" is the
whole world and any other viewBox crops it. Pages draw circles over it in the same coordinates.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

from markupsafe import Markup

from newsdesk.web.render import entity_href, fmt_int

WORLD_URL = "/assets/world.svg"
# Points of an outline closer than this (degrees) to the last one kept are dropped: the map is
# small and 0.2° is below a pixel on a laptop screen.
SIMPLIFY_DEGREES = 0.2
# The part of the world shown by default (no inhabited land south of 58°S or north of 84°N).
WORLD_VIEW = (0.0, 6.0, 360.0, 152.0)


def _ring_path(ring: Sequence[Sequence[float]]) -> str:
    pts: list[tuple[float, float]] = []
    for pt in ring:
        if len(pt) < 2:
            continue
        x, y = float(pt[0]) + 180.0, 90.0 - float(pt[1])
        if pts and abs(x - pts[-1][0]) < SIMPLIFY_DEGREES and abs(y - pts[-1][1]) < SIMPLIFY_DEGREES:
            continue
        pts.append((x, y))
    if len(pts) < 3:
        return ""
    return "M" + "L".join(f"{x:.2f} {y:.2f}".replace(".00", "") for x, y in pts) + "Z"


def _country_shapes() -> list[dict[str, Any]]:
    """Every country's GeoJSON geometry from the countryinfo package (empty if it is missing)."""
    try:
        data = resources.files("countryinfo") / "data"
        entries = sorted(data.iterdir(), key=lambda p: p.name)
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        return []
    shapes = []
    for entry in entries:
        if not entry.name.endswith(".json"):
            continue
        try:
            doc = json.loads(entry.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        geo = doc.get("geoJSON") if isinstance(doc, dict) else None
        for feature in (geo or {}).get("features", []) or []:
            geom = feature.get("geometry") or {}
            if geom.get("type") in ("Polygon", "MultiPolygon"):
                shapes.append(geom)
    return shapes


@lru_cache(maxsize=1)
def world_svg() -> str:
    """The world's land as one SVG document (viewBox 0 0 360 180), built once per process."""
    paths = []
    for geom in _country_shapes():
        polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        d = "".join(_ring_path(ring) for poly in polys for ring in poly[:1])
        if d:
            paths.append(d)
    graticule = "".join(f"M0 {90 - lat}H360" for lat in range(-60, 90, 30)) + "".join(
        f"M{lon + 180} 0V180" for lon in range(-150, 180, 30))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 180" width="360" height="180" '
        'preserveAspectRatio="none">'
        '<rect width="360" height="180" fill="#eef3f7"/>'
        f'<path d="{graticule}" fill="none" stroke="#dde6ee" stroke-width="0.2"/>'
        f'<path d="{"".join(paths)}" fill="#d9dcd6" stroke="#ffffff" stroke-width="0.15" '
        'stroke-linejoin="round"/></svg>'
    )


def project(lat: float, lon: float) -> tuple[float, float]:
    return float(lon) + 180.0, 90.0 - float(lat)


def _located(places: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for p in places:
        lat, lon = p.get("lat"), p.get("lon")
        if isinstance(lat, int | float) and isinstance(lon, int | float) and not (
                math.isnan(lat) or math.isnan(lon)) and -90 <= lat <= 90 and -180 <= lon <= 180:
            out.append(p)
    return out


def _confidence(p: dict[str, Any]) -> float | None:
    """A place's confidence (0..1) where the desk gave one; anything else counts as unknown."""
    c = p.get("confidence")
    if isinstance(c, int | float) and not math.isnan(c):
        return min(1.0, max(0.0, float(c)))
    return None


def _view_for(points: list[tuple[float, float]], min_width: float) -> tuple[float, float, float, float]:
    """A 2:1 viewBox around `points` with a margin, at least `min_width` degrees wide."""
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    w = max(max(xs) - min(xs), 2 * (max(ys) - min(ys))) * 1.3 + 6
    w = min(360.0, max(min_width, w))
    h = w / 2
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    x = min(max(cx - w / 2, 0.0), 360.0 - w)
    y = min(max(cy - h / 2, 0.0), 180.0 - h)
    return x, y, w, h


def place_map(
    places: Sequence[dict[str, Any]],
    *,
    size: str = "large",
    fit: bool = False,
    labels: int = 0,
    count_key: str = "mentions",
) -> Markup:
    """The world with `places` ([{"id","name","lat","lon", count_key, "confidence"?}]) as circles
    sized by count and drawn fainter the less sure the desk is of them.

    `fit` zooms to the places (article and story pages); `labels` names the largest few.
    Each circle links to the place's entity page.
    """
    located = _located(places)
    located.sort(key=lambda p: -(p.get(count_key) or 0))
    coords = [project(p["lat"], p["lon"]) for p in located]
    view = _view_for(coords, 40.0 if size == "small" else 60.0) if (fit and coords) else WORLD_VIEW
    vx, vy, vw, vh = view
    # Circle sizes are given in screen-ish pixels and scaled to the view, so a zoomed map keeps them.
    px = vw / (360.0 if size == "small" else 960.0)
    r_min, r_max = (2.5, 10.0) if size == "small" else (3.0, 20.0)
    peak = max([(p.get(count_key) or 0) for p in located] or [1]) or 1
    parts: list[Markup] = [Markup(
        '<svg class="map map-{size}" viewBox="{x:.2f} {y:.2f} {w:.2f} {h:.2f}" data-view="{x:.2f} {y:.2f} '
        '{w:.2f} {h:.2f}" role="img" aria-label="Map of {n} places">'
        '<image href="{world}" x="0" y="0" width="360" height="180" preserveAspectRatio="none"/>'
    ).format(size=size, x=vx, y=vy, w=vw, h=vh, n=len(located), world=WORLD_URL)]
    for p, (x, y) in zip(located, coords, strict=True):
        count = p.get(count_key) or 0
        r = (r_min + (r_max - r_min) * math.sqrt(count / peak)) * px
        conf = _confidence(p)
        tip = f"{p.get('name') or 'place'}: {fmt_int(count)} {count_key}"
        if conf is not None:
            tip += " (pinned)" if conf >= 1.0 else f" (confidence {conf:.2f})"
        # a place the desk is unsure of is drawn faint (and dashed when below one half)
        style = Markup("") if conf is None else Markup(' fill-opacity="{o:.2f}" data-confidence="{c:.2f}"{d}').format(
            o=0.3 + 0.7 * conf, c=conf, d=Markup(' stroke-dasharray="1 1"') if conf < 0.5 else Markup(""))
        circle = Markup(
            '<circle cx="{x:.3f}" cy="{y:.3f}" r="{r:.3f}" data-label="{tip}"{style}><title>{tip}</title></circle>'
        ).format(x=x, y=y, r=r, tip=tip, style=style)
        href = entity_href(p.get("id"))
        parts.append(Markup('<a class="place" href="{}">{}</a>').format(href, circle) if href
                     else Markup('<g class="place">{}</g>').format(circle))
    if labels:
        font = 11 * px
        placed: list[tuple[float, float, float, float]] = []
        for p, (x, y) in zip(located, coords, strict=True):
            if len(placed) >= labels:
                break
            name = str(p.get("name") or "")
            r = (r_min + (r_max - r_min) * math.sqrt((p.get(count_key) or 0) / peak)) * px
            # A label goes right of its circle, else left; skipped where it would cover another.
            w, h = len(name) * font * 0.58, font * 1.1
            for lx, anchor in ((x + r + 2 * px, "start"), (x - r - 2 * px - w, "end")):
                box = (lx, y - h / 2, lx + w, y + h / 2)
                if all(box[2] < b[0] or box[0] > b[2] or box[3] < b[1] or box[1] > b[3] for b in placed):
                    placed.append(box)
                    tx = box[0] if anchor == "start" else box[2]
                    # data-cx/dx and cy/dy let the zooming script keep the label beside its circle.
                    parts.append(Markup(
                        '<text class="place-label" x="{tx:.3f}" y="{ty:.3f}" font-size="{f:.3f}" text-anchor="{a}" '
                        'data-cx="{x:.3f}" data-dx="{dx:.3f}" data-cy="{y:.3f}" data-dy="{dy:.3f}">{name}</text>'
                    ).format(tx=tx, ty=y + font * 0.35, f=font, a=anchor, x=x, dx=tx - x, y=y, dy=font * 0.35,
                             name=name))
                    break
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
