"""Bar charts of counts over time, drawn as SVG on the server (no charting library, nothing remote).

Each bar carries its label and count in `data-*` attributes and a <title> (a native tooltip);
static/desk.js adds a hover read-out. Bars may link somewhere (a search narrowed to that day).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from markupsafe import Markup

from newsdesk.web.render import fmt_int

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_HOUR = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2})(?::00)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
# Days shown one bar each up to this span; beyond it days are summed into weeks, then months.
MAX_DAY_BARS = 120
MAX_WEEK_BARS = 120


def _period_key(p: dict[str, Any]) -> str:
    return str(p.get("period") or p.get("date") or p.get("day") or "")


def normalise_series(points: Sequence[dict[str, Any]]) -> list[tuple[str, int, str, str]]:
    """(label, count, since, until) per bar, in time order, with empty days filled in.

    Daily series spanning more than MAX_DAY_BARS days are summed into weeks (Monday first) or months,
    so a long range still reads as a chart rather than a comb. Other period shapes pass through.
    """
    rows = [(_period_key(p), int(p.get("count") or 0)) for p in points if _period_key(p)]
    if not rows:
        return []
    if all(_DAY.match(k) for k, _ in rows):
        counts: dict[date, int] = {}
        for k, c in rows:
            try:
                d = date.fromisoformat(k)
            except ValueError:
                continue
            counts[d] = counts.get(d, 0) + c
        if not counts:
            return []
        first, last = min(counts), max(counts)
        span = (last - first).days + 1
        if span <= MAX_DAY_BARS:
            return [((first + timedelta(i)).isoformat(), counts.get(first + timedelta(i), 0),
                     (first + timedelta(i)).isoformat(), (first + timedelta(i)).isoformat()) for i in range(span)]
        if span <= MAX_WEEK_BARS * 7:
            start = first - timedelta(first.weekday())
            weeks: dict[date, int] = {}
            for d, c in counts.items():
                wk = d - timedelta(d.weekday())
                weeks[wk] = weeks.get(wk, 0) + c
            out = []
            wk = start
            while wk <= last:
                out.append((f"week of {wk.isoformat()}", weeks.get(wk, 0), wk.isoformat(),
                            (wk + timedelta(6)).isoformat()))
                wk += timedelta(7)
            return out
        months: dict[tuple[int, int], int] = {}
        for d, c in counts.items():
            months[(d.year, d.month)] = months.get((d.year, d.month), 0) + c
        out = []
        y, m = first.year, first.month
        while (y, m) <= (last.year, last.month):
            nxt = date(y + (m == 12), m % 12 + 1, 1)
            out.append((f"{y:04d}-{m:02d}", months.get((y, m), 0), date(y, m, 1).isoformat(),
                        (nxt - timedelta(1)).isoformat()))
            y, m = nxt.year, nxt.month
        return out
    if all(_HOUR.match(k) for k, _ in rows):
        return _hours(rows)
    rows.sort()
    out = []
    for k, c in rows:
        week = _WEEK.match(k)
        if week:
            try:
                monday = date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
            except ValueError:
                monday = None
            if monday:
                out.append((f"week of {monday.isoformat()}", c, monday.isoformat(),
                            (monday + timedelta(6)).isoformat()))
                continue
        if _MONTH.match(k):
            y, m = int(k[:4]), int(k[5:])
            if 1 <= m <= 12:
                nxt = date(y + (m == 12), m % 12 + 1, 1)
                out.append((k, c, f"{k}-01", (nxt - timedelta(1)).isoformat()))
                continue
        out.append((k, c, "", ""))
    return out


def _hours(rows: list[tuple[str, int]]) -> list[tuple[str, int, str, str]]:
    """Hourly counts ("2026-03-02T04:00"), empty hours filled in; each bar links to its day."""
    counts: dict[datetime, int] = {}
    for k, c in rows:
        m = _HOUR.match(k)
        try:
            at = datetime.fromisoformat(f"{m.group(1)}T{m.group(2)}:00") if m else None
        except ValueError:
            at = None
        if at is not None:
            counts[at] = counts.get(at, 0) + c
    if not counts:
        return []
    first, last = min(counts), max(counts)
    out = []
    at = first
    while at <= last and len(out) < MAX_DAY_BARS:
        day = at.date().isoformat()
        out.append((f"{day} {at:%H}:00", counts.get(at, 0), day, day))
        at += timedelta(hours=1)
    return out


def bar_chart(
    points: Sequence[dict[str, Any]],
    *,
    label: str = "articles",
    link: Callable[[str, str], str] | None = None,
    height: int = 120,
    css_class: str = "chart",
) -> Markup:
    """An SVG bar chart of `points` ([{"period", "count"}]); `link(since, until)` makes bars links."""
    bars = normalise_series(points)
    if not bars:
        return Markup('<p class="muted">No dated articles to chart.</p>')
    width = 640
    top, bottom, left = 14, 20, 4
    inner_h = height - top - bottom
    n = len(bars)
    slot = (width - left) / n
    # Thin gaps between many bars; few bars are drawn narrower so they read as bars, not blocks.
    bar_w = min(max(slot - min(2.0, slot * 0.2), 0.5), 56.0)
    gap = slot - bar_w
    peak = max(c for _, c, _, _ in bars) or 1
    parts: list[Markup] = [Markup(
        '<svg class="{}" viewBox="0 0 {} {}" role="img" aria-label="{} over time" '
        'preserveAspectRatio="xMidYMid meet">').format(css_class, width, height, label)]
    parts.append(Markup('<line class="axis" x1="0" y1="{y}" x2="{w}" y2="{y}"/>').format(
        y=top + inner_h, w=width))
    if n > 24:
        parts.append(Markup('<text class="tick" x="{}" y="10" text-anchor="end">peak {}</text>').format(
            width - 2, fmt_int(peak)))
    for i, (name, count, since, until) in enumerate(bars):
        h = inner_h * count / peak
        x = left + i * slot + gap / 2
        tip = f"{name}: {fmt_int(count)} {label}"
        # A full-height transparent hit area makes thin bars easy to point at.
        bar = Markup(
            '<g class="bar" data-label="{tip}"><rect class="hit" x="{x:.2f}" y="{top}" width="{w:.2f}" '
            'height="{ih}"/><rect class="fill" x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}"/>'
            '<title>{tip}</title></g>'
        ).format(tip=tip, x=x, top=top, w=bar_w, ih=inner_h, y=top + inner_h - h, h=h)
        if link and since and count:
            bar = Markup('<a href="{}">{}</a>').format(link(since, until), bar)
        parts.append(bar)
        if n <= 24 and count:  # few bars: their counts fit above them
            parts.append(Markup('<text class="tick value" x="{:.2f}" y="{:.2f}" text-anchor="middle">{}</text>').format(
                x + bar_w / 2, top + inner_h - h - 3, fmt_int(count)))
    # Axis labels: first, last and (for long series) the middle.
    marks = sorted({0, n - 1} | ({n // 2} if n > 6 else set()))
    for i in marks:
        name = bars[i][0].replace("week of ", "")
        anchor = "start" if i == 0 else "end" if i == n - 1 else "middle"
        x0 = left + i * slot + gap / 2
        x = x0 if anchor == "start" else x0 + bar_w if anchor == "end" else x0 + bar_w / 2
        parts.append(Markup('<text class="tick" x="{:.1f}" y="{}" text-anchor="{}">{}</text>').format(
            x, height - 5, anchor, name))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
