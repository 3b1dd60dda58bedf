"""Quotation extraction for one article: quoted stretches + parsed attributions -> `Quote`s.

1. Find every quoted stretch by its marks (marks.py).
2. Pick the sentences that can hold an attribution: a cue word outside the quotation marks. Only
   those are parsed (the parser is the expensive part of the pipeline).
3. Read attributions off each parse (reported.py): source, cue, content clause.
4. Join stretches to attributions: a stretch overlapping a content clause becomes part of it; a cue
   without a clause takes the stretch next to it ("…," he said / he said: "…"); the quoted sentence
   after an attributed quote continues it ("A," she said. "B.").
5. Resolve each source to a document entity or a description (speakers.py).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from newsdesk.model import Quote, Span
from newsdesk.quotes.cues import CUE_WORDS, HEADLINE_LABELS
from newsdesk.quotes.marks import Stretch, find_stretches
from newsdesk.quotes.reported import Found, attributions
from newsdesk.quotes.speakers import SpeakerResolver, dateline_end, in_dateline
from newsdesk.quotes.surface import Tok, unit_attributions

Parser = Callable[[list[str]], list]


@dataclass
class Stats:
    """Counters for benchmarks: how much of the text needed a parse."""

    sentences: int = 0
    parsed: int = 0
    parsed_chars: int = 0


class _Quoted:
    """Fast 'is this position inside a quotation?' over sorted stretches."""

    def __init__(self, text: str, stretches: list[Stretch]) -> None:
        self.inner = [s.inner(text) for s in stretches]
        self.starts = [s for s, _ in self.inner]

        self.outer = [(s.start, s.end) for s in stretches]
        self.outer_starts = [s for s, _ in self.outer]

    def __call__(self, pos: int) -> bool:
        k = bisect.bisect_right(self.starts, pos) - 1
        return k >= 0 and self.inner[k][0] <= pos < self.inner[k][1]

    def covers(self, pos: int) -> bool:
        """Inside a stretch, its marks included."""
        k = bisect.bisect_right(self.outer_starts, pos) - 1
        return k >= 0 and self.outer[k][0] <= pos < self.outer[k][1]


def _units(text: str, sentences: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences, re-joined where the sentence splitter cut an attribution off its quote
    ('“Why?” | she asked.') or split inside a line after a closing mark."""
    pieces: list[tuple[int, int]] = []
    for s, e in sentences:
        # A paragraph break always ends a unit, whatever the sentence splitter thought.
        pos = s
        for line in text[s:e].split("\n"):
            if line.strip():
                pieces.append((pos, pos + len(line)))
            pos += len(line) + 1
    units: list[tuple[int, int]] = []
    for s, e in pieces:
        head = text[s:e].lstrip()
        if units and head and "\n" not in text[units[-1][1]:s]:
            first = head[0]
            prev = text[units[-1][0]:units[-1][1]].rstrip()
            # '“Why?” | she asked.' / '“Great!” | Bush said.': a quote ending in ? ! or , goes on.
            clause = re.split(r"[,.;:!?]", head, maxsplit=1)[0].split()
            # '“Win!” | US Senator Jeff Sessions said as he began.': the cue within the clause's first words
            asked = (len(prev) >= 2 and prev[-1] in "”\"'»" and prev[-2] in "?!,"
                     and any(w.lower() in CUE_WORDS for w in clause[:7]))
            if asked or first.islower() or first in "”’»" or (first in "\"'" and len(head) > 1 and head[1] in " ,"):
                units[-1] = (units[-1][0], e)
                continue
        units.append((s, e))
    return units


def _masked(text: str, quoted: _Quoted) -> str:
    chars = list(text)
    for s, e in quoted.inner:
        chars[s:e] = " " * (e - s)
    return "".join(chars)


def _merge(frags: list[tuple[int, int]]) -> list[tuple[int, int]]:
    frags = sorted(frags)
    out: list[tuple[int, int]] = []
    for s, e in frags:
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _gap_is_punct(text: str, a: int, b: int, skip: list[tuple[int, int]] = ()) -> bool:
    """Only spaces and punctuation between a and b, once the spans in `skip` are taken out."""
    if b < a:
        return False
    chars = list(text[a:b])
    for s, e in skip:
        for i in range(max(s, a), min(e, b)):
            chars[i - a] = " "
    return all(not c.isalnum() for c in chars)


_MARK_TOKENS = frozenset({'"', "“", "”", "‘", "’", "'", "``", "''", "«", "»", "„", "‟"})


def _unit_tokens(doc, s: int, e: int, quoted: _Quoted, resolver: SpeakerResolver) -> list[Tok]:
    """The unit's tokens as the surface rules read them (entity labels from the resolver's mentions,
    which are the entities step's when it ran)."""
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None:
        return []
    mentions = resolver.mentions_in(s, e)
    out: list[Tok] = []
    m = 0
    for t in span:
        text = t.text
        if not text.strip():
            continue
        start = t.idx
        while m < len(mentions) and mentions[m].end <= start:
            m += 1
        ent = ""
        ent_start = False
        if m < len(mentions) and mentions[m].start <= start < mentions[m].end:
            ent = mentions[m].label
            ent_start = start == mentions[m].start
        # An acronym is not a function word: "US officials" is not "us officials".
        low = text if len(text) > 1 and text.isupper() else text.lower()
        out.append(Tok(len(out), text, low, start, start + len(text), t.is_punct or text in _MARK_TOKENS,
                       text[:1].isupper(), ent, ent_start, quoted.covers(start)))
    return out


@dataclass
class Pending:
    """An article read as far as the surface rules go, waiting for its sentences' parses."""

    text: str
    resolver: SpeakerResolver
    stretches: list[Stretch]
    quoted: _Quoted
    units: list[tuple[int, int]]
    found: list[Found]
    todo: list[int]  # units to parse
    wanted: dict[int, set[int] | None]  # unit -> the cue positions the parse should read (None: all)

    def texts(self) -> list[str]:
        return [self.text[self.units[i][0]:self.units[i][1]] for i in self.todo]


def read_surface(
    text: str, doc, resolver: SpeakerResolver, stats: Stats | None = None, parse_all: bool = False
) -> Pending:
    """Phase 1: quotation marks, and the attributions the surface rules can read. `doc` is the
    spaCy Doc of the nlp step (sentences, tokens)."""
    stretches = find_stretches(text)
    quoted = _Quoted(text, stretches)
    resolver.in_quote = quoted
    units = _units(text, [(s.start_char, s.end_char) for s in doc.sents])
    ends = sorted(st.end for st in stretches)

    def stretch_ends(a: int, b: int) -> bool:
        """A quotation closes between a and b (with only punctuation around it)."""
        k = bisect.bisect_left(ends, a)
        return k < len(ends) and ends[k] <= b

    masked = _masked(text, quoted)
    pending = Pending(text, resolver, stretches, quoted, units, [], [], {})
    for i, (s, e) in enumerate(units):
        words = masked[s:e].lower().replace("’", "'").split()
        if not any(w.strip(".,;:!?()[]\"'“”‘’—–-") in CUE_WORDS for w in words):
            continue
        if parse_all:
            pending.todo.append(i)
            pending.wanted[i] = None
            continue
        toks = _unit_tokens(doc, s, e, quoted, resolver)
        got, unread = unit_attributions(toks, text, stretch_ends)
        if unread:
            pending.todo.append(i)
            pending.wanted[i] = set(unread)
        for f in got:
            f.extra["unit"] = i
        pending.found.extend(got)
    if stats is not None:
        stats.sentences += len(units)
        stats.parsed += len(pending.todo)
        stats.parsed_chars += sum(units[i][1] - units[i][0] for i in pending.todo)
    return pending


def finish(pending: Pending, docs: Sequence) -> list[Quote]:
    """Phase 2: the parsed sentences' attributions, quotations joined to them, speakers resolved."""
    text, units, found = pending.text, pending.units, list(pending.found)
    for i, pdoc in zip(pending.todo, docs, strict=True):
        want = pending.wanted[i]
        for f in attributions(pdoc, units[i][0], text, pending.quoted):
            if want is not None and f.verb_char not in want:
                continue  # the surface rules already read this cue
            f.extra["unit"] = i
            found.append(f)
    found = _attach_stretches(text, units, pending.stretches, found)
    found += _colon_introduced(text, units, pending.stretches, found, pending.resolver)
    found += _headline_colon(text, found)
    _cut_at_inner(text, found)
    found = _denest(found)
    found.sort(key=lambda f: (f.source[0] if f.source else f.start))
    quotes = [_to_quote(text, f, pending.stretches, pending.resolver) for f in found]
    quotes = [q for f, q in zip(found, quotes, strict=True) if not _mere_action(f, q)]
    quotes.sort(key=lambda q: q.content.start)
    return quotes


# Refusing, declining or threatening is an attribution when it is about speech ("declined to
# comment") or when its subject is a named source; "Dockers refused to unload the ship" is an act.
_ACTION_CUES = {"refuse", "decline", "threaten"}
_SPEECH_INFINITIVE = re.compile(
    r"^to\s+(?:\w+\s+)?(?:say|comment|speak|answer|respond|discuss|confirm|deny|name|identify|elaborate|"
    r"specify|disclose|reveal|explain|talk|endorse|concede|admit|acknowledge|recogni[sz]e|be\s+(?:identified|"
    r"named|interviewed|quoted))\b", re.IGNORECASE)


def _mere_action(f: Found, q: Quote) -> bool:
    if f.lemma not in _ACTION_CUES or q.direct:
        return False
    if _SPEECH_INFINITIVE.match(q.content.text.strip()):
        return False
    return q.speaker is None or (q.speaker_key is None and q.speaker.text.strip().lower() not in _PRONOUN_SOURCES
                                 and q.speaker.text[:1].isupper() and " " not in q.speaker.text.strip())


_PRONOUN_SOURCES = {"he", "she", "they", "it", "we", "i"}
_QUOTE_MARKS = "\"“”„‟«»"


def _is_dateline(text: str, a: int, b: int) -> bool:
    """"CHISINAU —" / "OSLO (Reuters) -": the place line opening a story or paragraph, never a speaker."""
    return in_dateline(text, a) and dateline_end(text, text.rfind("\n", 0, a) + 1) >= b


def extract_quotes(
    text: str,
    doc,
    resolver: SpeakerResolver,
    parse: Parser,
    stats: Stats | None = None,
    parse_all: bool = False,
) -> list[Quote]:
    """Every quotation of one article. `parse_all` parses every sentence with a cue instead of
    reading most off the surface (slower; kept to measure what the surface rules cost)."""
    pending = read_surface(text, doc, resolver, stats, parse_all)
    return finish(pending, parse(pending.texts()))


# "― Name" after a quotation, on its line or opening the next paragraph (a quotation standing alone).
_DASH_SIGNATURE = re.compile(
    r"([ \t\u00a0]*(?:\n\s*)?)([―—–-])[ \t\u00a0]*"
    r"((?:[A-Z][\w.'’-]*)(?:[ \t\u00a0]+(?:[A-Z][\w.'’-]*|de|da|van|von|del|la|le)){0,4})"
)


def _unit_of(units: list[tuple[int, int]], pos: int) -> int:
    starts = [s for s, _ in units]
    return max(0, bisect.bisect_right(starts, pos) - 1)


def _attach_stretches(text: str, units, stretches: list[Stretch], found: list[Found]) -> list[Found]:
    used: set[int] = set()
    out: list[Found] = []
    found.sort(key=lambda f: f.verb_char)
    # A quotation right after a cue that has no clause of its own ("…, saying “…”") is that cue's,
    # even inside an earlier attribution's clause.
    reserved = {k for g in found if not g.content and g.cue for k, st in enumerate(stretches)
                if st.start >= g.cue[1] and _gap_is_punct(text, g.cue[1], st.start)}
    # 1. stretches that overlap a parsed content clause belong to it
    for f in found:
        if not f.content:
            continue
        frags = list(f.content)
        hits = [k for k, st in enumerate(stretches)
                if k not in used and any(st.start < e and s < st.end for s, e in f.content)
                and (k not in reserved or st.start < f.verb_char)]
        if not hits and f.extra.get("need_stretch"):
            f.content = []  # "called for a vote": not a quotation
            f.cue = None
            continue
        for k in hits:
            st = stretches[k]
            frags.extend(st.fragments or [(st.start, st.end)])
            used.add(k)
            f.from_stretch = True
        f.content = _merge(frags)
    # 2. a cue with no clause takes the stretch next to it
    for f in found:
        if f.content or f.cue is None:
            continue
        lo, hi = f.unit_span if hasattr(f, "unit_span") else units[f.extra["unit"]]
        anchor_lo = min(f.cue[0], f.source[0]) if f.source else f.cue[0]
        anchor_hi = max(f.cue[1], f.source[1]) if f.source else f.cue[1]
        anchor_hi = max(anchor_hi, f.extra.get("anchor", 0))
        skip = [f.source] if f.source else []
        before = after = None
        for k, st in enumerate(stretches):
            if k in used or st.end <= lo - 1 or st.start >= hi:
                continue
            if st.end <= anchor_lo and _gap_is_punct(text, st.end, anchor_lo, skip):
                before = k
            elif st.start >= anchor_hi and after is None and _gap_is_punct(text, anchor_hi, st.start, skip):
                # "wrote: “…”" but not "wrote “The Art of the Deal”"
                if not f.extra.get("weak") or any(c in text[anchor_hi:st.start] for c in ":,"):
                    after = k
        picks = [k for k in (before, after) if k is not None]
        if not picks and (text[lo:hi].rstrip().endswith(":") or f.extra.get("next")):
            # "Senator Adams said:" / "the party said in a statement." ending its sentence: the
            # quotation opens the next sentence or paragraph
            k = bisect.bisect_left([st.start for st in stretches], hi)
            if k < len(stretches) and k not in used and not text[hi:stretches[k].start].strip():
                picks = [k]
        if not picks:
            continue
        frags = []
        for k in picks:
            frags.extend(stretches[k].fragments or [(stretches[k].start, stretches[k].end)])
            used.add(k)
        f.content = _merge(frags)
        f.from_stretch = True
    found = [f for f in found if f.content]
    # 2b. the first half of a split quote, before the attribution: "A," he said, "B."
    for f in found:
        if not f.from_stretch or f.cue is None:
            continue
        anchor_lo = min(f.cue[0], f.source[0]) if f.source else f.cue[0]
        if f.start < anchor_lo:
            continue
        lo, _hi = units[f.extra["unit"]]
        skip = [f.source] if f.source else []
        for k, st in enumerate(stretches):
            if k in used or st.end > anchor_lo or st.end < lo:
                continue
            if _gap_is_punct(text, st.end, anchor_lo, skip):
                f.content = _merge(f.content + (st.fragments or [(st.start, st.end)]))
                used.add(k)
    # 2c. a quotation signed with a dash: "“…” ― Carlos Ruiz" (or the dash opening the next paragraph)
    for k, st in enumerate(stretches):
        if k in used or len(text[st.start:st.end].split()) < 3:
            continue
        m = _DASH_SIGNATURE.match(text, st.end)
        if m is None or ("\n" in m.group(1) and text[text.rfind("\n", 0, st.start) + 1:st.start].strip()):
            continue
        a, b = m.span(3)
        while b > a and text[b - 1] in ".,":
            b -= 1
        if b - a < 2:
            continue
        found.append(Found(content=list(st.fragments or [(st.start, st.end)]), cue=m.span(2), source=(a, b),
                           lemma="signed", verb_char=m.start(2), from_stretch=True, extra={"dash": True}))
        used.add(k)
    # 3. split quotes and continuations: an unused stretch after the attribution in the same
    #    sentence ("A," he said, "B.") or opening the next sentence of the paragraph ("A," he said. "B.")
    starts = [st.start for st in stretches]
    for f in sorted(found, key=lambda f: f.end):
        if not f.from_stretch:
            # "Because of …, explained Rosenberg, “with this thing …”": a quotation right after
            # the attribution continues the content.
            anchor = max(f.end, f.cue[1] if f.cue else 0, f.source[1] if f.source else 0)
            k = bisect.bisect_left(starts, anchor)
            if k < len(stretches) and k not in used and _gap_is_punct(text, anchor, stretches[k].start) \
                    and "\n" not in text[anchor:stretches[k].start] and f.end <= anchor:
                st = stretches[k]
                f.content = _merge(f.content + (st.fragments or [(st.start, st.end)]))
                used.add(k)
                f.from_stretch = True
            else:
                out.append(f)
                continue
        while True:
            anchor = max(f.end, f.cue[1] if f.cue else 0, f.source[1] if f.source else 0)
            u = _unit_of(units, anchor - 1)
            lo, hi = units[u]
            k = bisect.bisect_left(starts, anchor)
            # Skip quoted phrases inside the attribution's own sentence that another attribution
            # took, or that are titles ("he said on ABC's “This Week.”"), to reach the next sentence.
            while k < len(stretches) and stretches[k].end <= hi and (
                    k in used or not text[anchor:stretches[k].start].rstrip().endswith((",", ":", ".", "!", "?"))):
                k += 1
            if k >= len(stretches) or k in used:
                break
            st = stretches[k]
            # the rest of a split quote: "A," he said, "B." (a comma or colon right before it; not
            # "he said, meaning that it is “radical”")
            gap = text[anchor:st.start].rstrip()
            split = gap.endswith((",", ":")) and " that " not in f" {gap} " and len(gap.split()) <= 12
            same_unit = st.start < hi and (split or (gap.endswith((".", "!", "?")) and "\n" not in gap))
            between = text[hi:st.start]
            next_unit = u + 1 < len(units) and units[u + 1][0] <= st.start and not between.strip()
            if next_unit and "\n" in between:
                # a new paragraph that opens with an unattributed quotation goes on with the same
                # speaker (news style: "“A,” she said. ¶ “B.”")
                next_unit = len(text[st.start:st.end].split()) >= 4
            if not (same_unit or next_unit):
                break
            f.content = _merge(f.content + (st.fragments or [(st.start, st.end)]))
            used.add(k)
        out.append(f)
    return out


_PRONOUN_START = re.compile(r"\s*(?:But |And |So )?(He|She|They|We|I)\b")


def _colon_introduced(text: str, units, stretches: list[Stretch], found: list[Found],
                      resolver: SpeakerResolver) -> list[Found]:
    """A quotation nobody else claimed, introduced by a colon after a clause naming someone:
    "Sanders made the following comment: ¶ “…”", "A lesson from Loretta Lynch: 'Be the voice …'".
    The source is the person (else organisation, else pronoun) the introducing clause opens with."""
    taken = [(a, b) for f in found for a, b in f.content]
    out = []
    for st in stretches:
        if any(a <= st.start < b for a, b in taken) or len(text[st.start:st.end].split()) < 3:
            continue
        before = text[:st.start].rstrip()
        if not before.endswith(":"):
            continue
        colon = len(before) - 1
        lo = units[_unit_of(units, colon)][0]
        intro = text[lo:colon]
        if len(intro.split()) > 25:
            continue
        names = [m for m in resolver.mentions_in(lo, colon) if not resolver.in_quote(m.start)]
        pick = next((m for m in names if m.label == "PERSON"), None) or next(
            (m for m in names if m.label in ("ORG", "NORP")), None)
        if pick is not None:
            src = (pick.start, pick.end)
        else:
            m = _PRONOUN_START.match(intro)
            if m is None:
                continue
            src = (lo + m.start(1), lo + m.end(1))
        out.append(Found(content=list(st.fragments or [(st.start, st.end)]), cue=(colon, colon + 1), source=src,
                         lemma=":", verb_char=colon, from_stretch=True, extra={"colon": True}))
    return out


# "Kerry: Refugee Cap Will Rise" — a short line whose first words, before a colon, name who says the rest.
_HEADLINE_COLON = re.compile(r"^[ \t]*((?:[A-Z][\w.’'&/-]*|of|the|for|and|de|van|von)(?:[ \t\u00a0]+(?:[A-Z][\w.’'&/-]*|of|the|"
                             r"for|and|de|van|von|[Cc]amp|[Cc]ampaign)){0,4}):[ \t\u00a0]+(\S[^\n]*)$", re.MULTILINE)


def _headline_colon(text: str, found: list[Found]) -> list[Found]:
    """Headline-style attributions: a line "Name: what they said" (not "WATCH: …" or "Update: …").
    The line must be short and hold no other attribution."""
    taken = [(a, b) for f in found for a, b in f.content]
    out = []
    for m in _HEADLINE_COLON.finditer(text):
        src, rest = m.span(1), m.span(2)
        words = text[src[0]:src[1]].split()
        # a kicker or section name ("The Latest: …", "Delegate Update: …", "FIX IS IN: …") names no one
        if any(w.lower().strip(".") in HEADLINE_LABELS for w in words) or words[0] == "The" or (
                len(words) > 1 and all(w.isupper() for w in words)):
            continue
        if len(text[rest[0]:rest[1]].split()) > 30 or len(text[rest[0]:rest[1]].split()) < 3:
            continue
        if any(a < rest[1] and rest[0] < b for a, b in taken):
            continue
        a, b = rest
        while b > a and text[b - 1] in " \t.":
            b -= 1
        colon = src[1]
        out.append(Found(content=[(a, b)], cue=(colon, colon + 1), source=src, lemma=":", verb_char=colon,
                         from_stretch=False, extra={"colon": True, "headline": True}))
    return out


_CONNECTORS = {"and", "but", "while", "whereas", "as", "which", "who", "also", "then", "though", "although",
               "even", "yet", "so", "when", "after", "before", "because", "with", "where"}


_CLOSING_AFTER = re.compile(r"[.,!?…]*[”\"»]")


def _cut_at_inner(text: str, found: list[Found]) -> None:
    """Where another attribution opens inside a content after a comma, dash or connective ("noted her
    record, saying “…”", "half prefer X, while 4 in 10 want Y"), the content stops before it: the
    second attribution is its own, with its own content."""
    for g in found:
        if g.cue is None or g.start < g.cue[1]:
            continue  # only attributions whose content follows their cue
        for f in found:
            if f is g or f.cue is None:
                continue
            # the inner attribution's own subject, when it sits between the two cues
            anchor = g.source[0] if g.source and f.cue[1] <= g.source[0] < g.cue[0] else g.cue[0]
            if f.cue[0] >= anchor or not any(a < anchor < b for a, b in f.content):
                continue  # (a split quotation's gap holds its own attribution: nothing to cut)
            head = text[f.start:anchor]
            words = head.split()
            k = len(words)
            while k > 0 and words[k - 1].strip(",;:—–-").lower() in _CONNECTORS | {""}:
                k -= 1
            if k < 2:
                continue
            punct = words[k - 1].rstrip("”\"’'»")[-1:] in (",", ";", "—", "–", "-", ":") or (
                k < len(words) and words[k][:1] in ("—", "–", "-"))
            shared = anchor == g.cue[0]  # the inner verb shares the outer subject ("… and called …")
            if not punct and not (shared and k < len(words)):
                continue  # "said the spate of shootings and protests demands …": a real nesting
            cut = f.start + len(head.rstrip())
            # back over the connectives and the punctuation that open the inner clause
            while True:
                h = text[f.start:cut].rstrip()
                last = h.split()[-1] if h.split() else ""
                if last.strip(",;:—–-").lower() in _CONNECTORS and len(h.split()) > 2:
                    cut = f.start + len(h) - len(last)
                    continue
                cut = f.start + len(h.rstrip(" ,;:—–-"))
                break
            if cut - f.start < 6:
                continue
            f.content = [(a, min(b, cut)) for a, b in f.content if a < cut]
            # the inner content keeps the closing mark of a quotation it opens (the outer clause
            # had taken the quoted stretch)
            m = _CLOSING_AFTER.match(text, g.end)
            body = text[g.start:g.end]
            if m and (body.count("“") > body.count("”") or body.count('"') % 2 == 1):
                g.content = g.content[:-1] + [(g.content[-1][0], m.end())]


def _denest(found: list[Found]) -> list[Found]:
    """Keep the outer attribution when one sits inside another's content; drop exact repeats."""
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    keep: list[Found] = []
    for f in found:
        inside = False
        for g in keep:
            if g is f:
                continue
            if f.cue and any(s <= f.cue[0] < e for s, e in g.content):
                inside = True
                break
            if f.start >= g.start and f.end <= g.end and f.source is None:
                inside = True
                break
            if (f.start, f.end) == (g.start, g.end):
                inside = True
                break
        if not inside:
            keep.append(f)
    return keep


# Words that are never a speaker on their own: a determiner or quantifier the name was cut from.
_NOT_SPEAKERS = {"the", "a", "an", "some", "this", "these", "those", "all", "many", "most", "several", "one",
                 "both", "each", "other", "others", "such", "any"}
_SPEAKER_EDGE = " \t\n\u00a0–—-\"“”‘’'«»,;:"


def _speaker_span(text: str, src: tuple[int, int], resolver: SpeakerResolver) -> tuple[int, int] | None:
    """The source span as a speaker: edge dashes and marks off, a parenthesis kept whole ("Gov. John
    Kasich (R-OH)"), a relative "who" replaced by the name it stands for; None for a bare
    determiner or number."""
    a, b = src
    while a < b and text[a] in _SPEAKER_EDGE:
        a += 1
    while b > a and text[b - 1] in _SPEAKER_EDGE:
        b -= 1
    if text.count("(", a, b) > text.count(")", a, b):
        if text.startswith(")", b):
            b += 1
        else:
            b = text.rfind("(", a, b)
            while b > a and text[b - 1] in _SPEAKER_EDGE:
                b -= 1
    surface = text[a:b].strip().lower()
    if surface in ("who", "which", "that"):
        m = resolver.relative_antecedent(a)
        return (m.start, m.end) if m is not None else None
    if not surface or surface in _NOT_SPEAKERS or not any(c.isalpha() for c in surface):
        return None
    return a, b


def _to_quote(text: str, f: Found, stretches: list[Stretch], resolver: SpeakerResolver) -> Quote:
    s, e = f.start, f.end
    s = dateline_end(text, s) if dateline_end(text, s) < e else s
    # a doubled quotation mark (""We want ..."") counts once
    while e - s > 2 and text[s] in _QUOTE_MARKS and text[s + 1] in _QUOTE_MARKS:
        s += 1
    while e - s > 2 and text[e - 1] in _QUOTE_MARKS and text[e - 2] in _QUOTE_MARKS:
        e -= 1
    content = Span(s, e, text[s:e])
    frags = [Span(max(a, s), min(b, e), text[max(a, s):min(b, e)]) for a, b in f.content] if len(f.content) > 1 else []
    # Direct when it opens or closes with quoted words ("that he would “compete vigorously.”" too).
    direct = any(st.start <= s < st.end or st.start < e <= st.end for st in stretches)
    cue = Span(f.cue[0], f.cue[1], text[f.cue[0]:f.cue[1]]) if f.cue else None
    speaker = None
    key = name = None
    source = _speaker_span(text, f.source, resolver) if f.source else None
    if source and not _is_dateline(text, source[0], source[1]):
        speaker = Span(source[0], source[1], text[source[0]:source[1]])
        key, name = resolver.resolve(source[0], source[1])
    return Quote(content=content, direct=direct, cue=cue, speaker=speaker, speaker_key=key,
                 speaker_name=name, fragments=frags)
