"""Escaping and highlighting: article-derived text becomes HTML here, and only here.

Every piece of text is escaped first (markupsafe.escape); the highlight tags are then put around
the escaped pieces, so no character of an article can ever become markup. Templates receive the
finished `Markup` and never mark article text safe themselves.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from markupsafe import Markup, escape

from newsdesk.model import Article

# Entity labels shown with their own colour; anything else is drawn as "other".
ENTITY_KINDS = {
    "PERSON": "person", "PER": "person",
    "ORG": "org", "NORP": "group",
    "GPE": "place", "LOC": "place", "FAC": "place",
    "EVENT": "event", "WORK_OF_ART": "other", "LAW": "other", "PRODUCT": "other",
}
KIND_NAMES = {"person": "Person", "org": "Organisation", "group": "Group", "place": "Place",
              "event": "Event", "other": "Other"}
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def entity_kind(label: str | None) -> str:
    """The colour class of an entity label (PERSON -> person, GPE -> place, ...)."""
    return ENTITY_KINDS.get((label or "").upper(), "other")


def entity_href(entity_id: str | None) -> str | None:
    return f"/entities/{quote(str(entity_id), safe='')}" if entity_id else None


def article_href(article_id: str) -> str:
    return f"/articles/{quote(str(article_id), safe='')}"


def story_href(story_id: str) -> str:
    return f"/stories/{quote(str(story_id), safe='')}"


def safe_url(url: str | None) -> str | None:
    """An outbound link only for http(s) URLs: a `javascript:` URL from a feed must never be clickable."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


def query_url(path: str, params: dict[str, Any]) -> str:
    """`path?k=v…` leaving out empty values (urlencode escapes every value)."""
    kept = [(k, v) for k, v in params.items() if v not in (None, "", False)]
    return path + ("?" + urlencode(kept) if kept else "")


# --- highlighting ------------------------------------------------------------------------------------
def _clean_spans(spans: Iterable[Sequence[int]], length: int) -> list[tuple[int, int]]:
    """Spans clipped to the text, sorted, overlaps merged; anything malformed is dropped."""
    out: list[tuple[int, int]] = []
    for span in spans:
        try:
            s, e = int(span[0]), int(span[1])
        except (TypeError, ValueError, IndexError):
            continue
        s, e = max(0, s), min(length, e)
        if e > s:
            out.append((s, e))
    out.sort()
    merged: list[tuple[int, int]] = []
    for s, e in out:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def highlight(text: str | None, spans: Iterable[Sequence[int]] | None, cls: str = "hit") -> Markup:
    """`text` escaped, with each [start, end) span wrapped in <mark>."""
    text = text or ""
    out: list[str] = []
    pos = 0
    for s, e in _clean_spans(spans or (), len(text)):
        out.append(escape(text[pos:s]))
        out.append(Markup('<mark class="{}">{}</mark>').format(cls, text[s:e]))
        pos = e
    out.append(escape(text[pos:]))
    return Markup("").join(out)


@dataclass
class _Item:
    """One highlighted span of a layer: its tag is opened and closed around the escaped text inside."""

    start: int
    end: int
    open: Callable[[bool], Markup]  # called with first=True for the first piece of a split item
    close: Markup


def _non_overlapping(items: list[_Item]) -> list[_Item]:
    items = sorted(items, key=lambda it: (it.start, -(it.end - it.start)))
    kept: list[_Item] = []
    for it in items:
        if not kept or it.start >= kept[-1].end:
            kept.append(it)
    return kept


def _render_layers(text: str, start: int, end: int, layers: list[list[_Item]], depth: int = 0) -> Markup:
    """Text in [start, end): the items of layer `depth` wrap their part, deeper layers nest inside.
    An item that crosses the edge of its parent is cut in two (each piece keeps the item's tag)."""
    if depth == len(layers):
        return Markup("<br>").join(escape(line) for line in text[start:end].split("\n"))
    out: list[Markup] = []
    pos = start
    # Between paragraphs (layer 0) there is only the blank space that separates them: left out.
    gaps = depth > 0
    for it in layers[depth]:
        if it.end <= start or it.start >= end:
            continue
        s, e = max(it.start, start), min(it.end, end)
        if s > pos and gaps:
            out.append(_render_layers(text, pos, s, layers, depth + 1))
        out.append(it.open(s == it.start))
        out.append(_render_layers(text, s, e, layers, depth + 1))
        out.append(it.close)
        pos = e
    if pos < end and gaps:
        out.append(_render_layers(text, pos, end, layers, depth + 1))
    return Markup("").join(out)


def _valid(start: Any, end: Any, length: int) -> bool:
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length


def paragraphs(text: str) -> list[tuple[int, int]]:
    """[start, end) of each paragraph (split at blank lines), in order."""
    spans, pos = [], 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        if text[pos:m.start()].strip():
            spans.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        spans.append((pos, len(text)))
    return spans


def annotate_article(article: Article) -> Markup:
    """The article text as HTML paragraphs, quotations and entity mentions highlighted and linked.

    Three layers nest: paragraphs, then quotations (content, or its fragments), then mentions with
    quote speakers and cue verbs. Overlapping spans within one layer keep the first, longest one.
    """
    text = article.text or ""
    n = len(text)
    paras = [_Item(s, e, lambda first: Markup("<p>"), Markup("</p>")) for s, e in paragraphs(text)]

    quotes: list[_Item] = []
    speakers: dict[tuple[int, int], int] = {}
    cues: list[_Item] = []
    for i, q in enumerate(article.quotes, 1):
        who = q.speaker_name or (q.speaker.text if q.speaker else "") or "unattributed"
        kind = "direct" if q.direct else "indirect"
        regions = [f for f in q.fragments if _valid(f.start, f.end, n)] or (
            [q.content] if _valid(q.content.start, q.content.end, n) else [])
        for j, region in enumerate(sorted(regions, key=lambda r: r.start)):
            def open_quote(first: bool, i: int = i, j: int = j, who: str = who, kind: str = kind,
                           at: int = q.content.start) -> Markup:
                # Anchored by offset, so a quotation listed elsewhere links straight to it.
                anchor = Markup(' id="q-{}"').format(at) if (first and j == 0) else Markup("")
                return Markup('<span class="quote quote-{}"{} data-q="{}" title="{} quotation: {}">').format(
                    kind, anchor, i, kind.capitalize(), who)
            quotes.append(_Item(region.start, region.end, open_quote, Markup("</span>")))
        if q.speaker and _valid(q.speaker.start, q.speaker.end, n):
            speakers[(q.speaker.start, q.speaker.end)] = i
        if q.cue and _valid(q.cue.start, q.cue.end, n):
            cues.append(_Item(q.cue.start, q.cue.end, lambda first: Markup('<span class="cue">'),
                              Markup("</span>")))

    inline: list[_Item] = []
    for m in article.mentions:
        if not _valid(m.start, m.end, n):
            continue
        kind = entity_kind(m.label)
        extra = " speaker" if (m.start, m.end) in speakers else ""
        speakers.pop((m.start, m.end), None)
        href = entity_href(m.entity_id)
        title = f"{KIND_NAMES[kind]} ({m.label})"
        if href:
            def open_mention(first: bool, kind: str = kind, extra: str = extra, href: str = href,
                             title: str = title) -> Markup:
                return Markup('<a class="ent ent-{}{}" href="{}" title="{}">').format(kind, extra, href, title)
            inline.append(_Item(m.start, m.end, open_mention, Markup("</a>")))
        else:
            def open_span(first: bool, kind: str = kind, extra: str = extra, title: str = title) -> Markup:
                return Markup('<span class="ent ent-{}{}" title="{}">').format(kind, extra, title)
            inline.append(_Item(m.start, m.end, open_span, Markup("</span>")))
    # Speakers that are no entity mention ("a senior official") are still marked as the source.
    for s, e in speakers:
        inline.append(_Item(s, e, lambda first: Markup('<span class="speaker">'), Markup("</span>")))
    inline.extend(cues)

    return _render_layers(text, 0, n, [_non_overlapping(paras), _non_overlapping(quotes),
                                       _non_overlapping(inline)])


# --- small formatting helpers (Jinja filters) -------------------------------------------------------
def fmt_date(value: str | None, with_time: bool = False) -> str:
    """'2026-03-02T04:17:00+00:00' -> '2 Mar 2026' (or with the time); unknown shapes pass through."""
    if not value:
        return ""
    try:
        if len(value) == 10:
            d = date.fromisoformat(value)
            return f"{d.day} {d:%b %Y}"
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    out = f"{dt.day} {dt:%b %Y}"
    return f"{out}, {dt:%H:%M}" if with_time and (dt.hour or dt.minute) else out


def fmt_int(value: Any) -> str:
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return ""


def plural(n: Any, word: str, words: str | None = None) -> str:
    try:
        k = int(n)
    except (TypeError, ValueError):
        k = 0
    return f"{k:,} {word if k == 1 else (words or word + 's')}"


def truncate(text: str | None, size: int = 240) -> str:
    text = (text or "").strip()
    if len(text) <= size:
        return text
    cut = text[:size].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"
