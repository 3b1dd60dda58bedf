"""Quoted stretches joined to the attributions read off the surface or the parse.

A stretch inside a content clause becomes part of it; a cue without a clause takes the stretch next
to it ("…," he said / he said: "…"); the quoted sentence after an attributed quote continues it
("A," she said. "B."); a stretch nobody claimed may still be introduced by a colon or signed with a
dash; a short "Name: words" line is a headline attribution.
"""

from __future__ import annotations

import bisect
import re

from newsdesk.quotes.cues import HEADLINE_LABELS, lemma_of
from newsdesk.quotes.marks import Stretch
from newsdesk.quotes.reported import Found
from newsdesk.quotes.speakers import SpeakerResolver


def merge_spans(frags: list[tuple[int, int]]) -> list[tuple[int, int]]:
    frags = sorted(frags)
    out: list[tuple[int, int]] = []
    for s, e in frags:
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def gap_is_punct(text: str, a: int, b: int, skip: list[tuple[int, int]] = ()) -> bool:
    """Only spaces and punctuation between a and b, once the spans in `skip` are taken out."""
    if b < a:
        return False
    chars = list(text[a:b])
    for s, e in skip:
        for i in range(max(s, a), min(e, b)):
            chars[i - a] = " "
    return all(not c.isalnum() for c in chars)


# "― Name" after a quotation, on its line or opening the next paragraph (a quotation standing alone).
_DASH_SIGNATURE = re.compile(
    r"([ \t\u00a0]*(?:\n\s*)?)([―—–-])[ \t\u00a0]*"
    r"((?:[A-Z][\w.'’-]*)(?:[ \t\u00a0]+(?:[A-Z][\w.'’-]*|de|da|van|von|del|la|le)){0,4})"
)


def unit_of(units: list[tuple[int, int]], pos: int) -> int:
    starts = [s for s, _ in units]
    return max(0, bisect.bisect_right(starts, pos) - 1)


def split_resumed(text: str, stretches: list[Stretch], found: list[Found]) -> list[Stretch]:
    """A quotation left open at a paragraph's end and resumed in the next ("“A,” she said. “B. ¶
    “C,” she went on.") is two quotations when each paragraph has its own attribution: B goes on
    with A, and C is the later cue's."""
    cued = sorted((f for f in found if f.cue is not None), key=lambda f: f.cue[0])
    cues = [f.cue[0] for f in cued]
    out: list[Stretch] = []
    for st in stretches:
        if len(st.fragments) < 2:
            out.append(st)
            continue
        first = st.fragments[0]
        k = bisect.bisect_left(cues, st.end)
        after = k < len(cues) and cues[k] - st.end < 80 and "\n" not in text[st.end:cues[k]]
        j = bisect.bisect_left(cues, first[0]) - 1
        # the paragraph's own attribution sits right before the resumed quotation ("“A,” he said. “B")
        before = j >= 0 and "\n" not in text[cues[j]:first[0]] and gap_is_punct(
            text, max(cued[j].cue[1], cued[j].source[1] if cued[j].source else 0), first[0])
        if not (after and before and _same_speaker(text, cued[j], cued[k])):
            out.append(st)
            continue
        rest = st.fragments[1:]
        out.append(Stretch(start=first[0], end=first[1], closed=False, fragments=[first]))
        out.append(Stretch(start=rest[0][0], end=st.end, closed=st.closed, fragments=rest))
    return out


_PRONOUNS = {"he", "she", "they", "we", "i"}


def _same_speaker(text: str, a: Found, b: Found) -> bool:
    """The later attribution names the earlier one's speaker again (a pronoun, or the same last
    name): only then is the resumed paragraph the same speaker going on. A different name means the
    first quotation was simply left unclosed."""
    if a.source is None or b.source is None:
        return False
    later = text[b.source[0]:b.source[1]].split()
    if not later:
        return False
    if later[-1].lower() in _PRONOUNS:
        return True
    earlier = text[a.source[0]:a.source[1]].split()
    return bool(earlier) and earlier[-1].strip(",.") == later[-1].strip(",.")


def attach_stretches(text: str, units, stretches: list[Stretch], found: list[Found]) -> list[Found]:
    used: set[int] = set()
    out: list[Found] = []
    found.sort(key=lambda f: f.verb_char)
    # A quotation right after a cue that has no clause of its own ("…, saying “…”") is that cue's,
    # even inside an earlier attribution's clause.
    reserved = {k for g in found if not g.content and g.cue for k, st in enumerate(stretches)
                if st.start >= g.cue[1] and gap_is_punct(text, g.cue[1], st.start)}
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
        f.content = merge_spans(frags)
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
            if st.end <= anchor_lo and gap_is_punct(text, st.end, anchor_lo, skip):
                before = k
            elif st.start >= anchor_hi and after is None and gap_is_punct(text, anchor_hi, st.start, skip):
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
        f.content = merge_spans(frags)
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
            if gap_is_punct(text, st.end, anchor_lo, skip):
                f.content = merge_spans(f.content + (st.fragments or [(st.start, st.end)]))
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
            if k < len(stretches) and k not in used and gap_is_punct(text, anchor, stretches[k].start) \
                    and "\n" not in text[anchor:stretches[k].start] and f.end <= anchor:
                st = stretches[k]
                f.content = merge_spans(f.content + (st.fragments or [(st.start, st.end)]))
                used.add(k)
                f.from_stretch = True
            else:
                out.append(f)
                continue
        while True:
            anchor = max(f.end, f.cue[1] if f.cue else 0, f.source[1] if f.source else 0)
            u = unit_of(units, anchor - 1)
            lo, hi = units[u]
            k = bisect.bisect_left(starts, anchor)
            # Skip quoted phrases inside the attribution's own sentence that another attribution
            # took, or that are titles ("he said on ABC's “This Week.”"), to reach the next sentence.
            while k < len(stretches) and stretches[k].end <= hi and (
                    k in used or not (text[anchor:stretches[k].start].rstrip().endswith((",", ":", ".", "!", "?"))
                                      or _goes_on(text, stretches[k]))):
                k += 1
            if k >= len(stretches) or k in used:
                break
            st = stretches[k]
            # the rest of a split quote: "A," he said, "B." (a comma or colon right before it; not
            # "he said, meaning that it is “radical”")
            gap = text[anchor:st.start].rstrip()
            split = gap.endswith((",", ":")) and " that " not in f" {gap} " and len(gap.split()) <= 12
            if not split and _goes_on(text, st) and not any(c in gap for c in ".!?") and len(gap.split()) <= 12 \
                    and gap.count(",") <= 1 and not _second_clause(gap):
                split = True  # "“A,” he said, but “when it comes to …”": lower case, the same sentence
            same_unit = st.start < hi and (split or (gap.endswith((".", "!", "?")) and "\n" not in gap))
            between = text[hi:st.start]
            next_unit = u + 1 < len(units) and units[u + 1][0] <= st.start and not between.strip()
            if next_unit and "\n" in between:
                # a new paragraph that opens with an unattributed quotation goes on with the same
                # speaker (news style: "“A,” she said. ¶ “B.”")
                next_unit = len(text[st.start:st.end].split()) >= 4
            between_text = text[hi:st.start].strip()
            if not (same_unit or next_unit) and st.start >= hi and "\n" not in text[anchor:st.start] \
                    and _is_mark(text, f.start) and len(text[st.start:st.end].split()) >= 4 \
                    and not _has_mark(between_text) and not between_text.endswith(":") \
                    and len(between_text.split()) <= 20 \
                    and not any(g.cue is not None and anchor <= g.cue[0] < st.start for g in found):
                # "“A,” he said after the talks. He did not name them. “B.”": the paragraph's next
                # quotation, with no attribution between, is still his
                next_unit = True
            if not (same_unit or next_unit):
                break
            if _attributed_later(text, units, found, f, st):
                break  # "“A,” she said. “B” to …, she said.": B's sentence names its own source
            f.content = merge_spans(f.content + (st.fragments or [(st.start, st.end)]))
            used.add(k)
        out.append(f)
    return out


_MARKS = set("\"“”„‟«»")


def _is_mark(text: str, pos: int) -> bool:
    """A double quotation mark at pos, the two-character TeX/NYT forms (`` '') included."""
    return text[pos] in _MARKS or text.startswith(("''", "``"), pos)


def _has_mark(s: str) -> bool:
    return any(c in _MARKS for c in s) or "''" in s or "``" in s


# A speech verb's participle after the attribution ("…,” he said, urging them to “give him time”)
# opens a second attribution: a quotation inside it is that one's, not the first one going on.
_PARTICIPLE = re.compile(r",\s+(?:\w+ly\s+)?([a-z]+ing)\b")


def _second_clause(gap: str) -> bool:
    return any(lemma_of(m.group(1)) is not None for m in _PARTICIPLE.finditer(gap))


def _goes_on(text: str, st: Stretch) -> bool:
    """The quotation opens in lower case: it goes on with a sentence begun in an earlier one."""
    words = text[st.start:st.end].lstrip("\"“„«'`‘ ").split()
    return bool(words) and words[0][:1].islower()


def _attributed_later(text: str, units, found: list[Found], f: Found, st: Stretch) -> bool:
    """Another attribution's cue sits after the stretch in the stretch's own sentence."""
    lo, hi = units[unit_of(units, st.start)]
    return any(g is not f and g.cue is not None and st.end <= g.cue[0] < hi for g in found)


_PRONOUN_START = re.compile(r"\s*(?:but |and |so )?(he|she|they|we|I)\b", re.IGNORECASE)


def colon_introduced(text: str, units, stretches: list[Stretch], found: list[Found],
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
        lo = units[unit_of(units, colon)][0]
        intro = text[lo:colon]
        if len(intro.split()) > 25:
            continue
        # The clause that ends in the colon is the one after the intro's last comma ("When Trump
        # suggested …, Rubio fired back:", "Asked which county …, he demurred:").
        opening = intro.split()[0].lower() if intro.split() else ""
        main = lo + intro.rfind(", ") + 2 if ", " in intro and opening in _INTRODUCERS else lo
        src = _clause_subject(text, main, colon, resolver) or _clause_subject(text, lo, colon, resolver)
        if src is None:
            continue
        out.append(Found(content=list(st.fragments or [(st.start, st.end)]), cue=(colon, colon + 1), source=src,
                         lemma=":", verb_char=colon, from_stretch=True, extra={"colon": True}))
    return out


# Words that open a clause before the one with the colon ("When …, Rubio fired back:").
_INTRODUCERS = {"when", "while", "after", "before", "if", "as", "asked", "pressed", "although", "though",
                "because", "since", "once"}


def _clause_subject(text: str, lo: int, colon: int, resolver: SpeakerResolver) -> tuple[int, int] | None:
    """The person (else organisation, else pronoun) a clause from lo to its colon opens with."""
    names = [m for m in resolver.mentions_in(lo, colon) if not resolver.in_quote(m.start)]
    pick = next((m for m in names if m.label == "PERSON"), None) or next(
        (m for m in names if m.label in ("ORG", "NORP")), None)
    if pick is not None:
        return pick.start, pick.end
    m = _PRONOUN_START.match(text, lo, colon)
    return (m.start(1), m.end(1)) if m is not None else None


# "Kerry: Refugee Cap Will Rise" — a short line whose first words, before a colon, name who says the rest.
_HEADLINE_COLON = re.compile(r"^[ \t]*((?:[A-Z][\w.’'&/-]*|of|the|for|and|de|van|von)(?:[ \t\u00a0]+(?:[A-Z][\w.’'&/-]*|of|the|"
                             r"for|and|de|van|von|[Cc]amp|[Cc]ampaign)){0,4}):[ \t\u00a0]+(\S[^\n]*)$", re.MULTILINE)


def headline_colon(text: str, found: list[Found]) -> list[Found]:
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
