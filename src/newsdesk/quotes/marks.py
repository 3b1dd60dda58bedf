"""Quotation marks: find the quoted stretches of a text, whatever the typography.

Handles straight ("), curly (“ ”), low (,„), guillemets (« »), the two-character TeX/NYT forms (`` '')
and single quotes (‘ ’ and ' when they clearly pair, as in headlines). A quote that runs across
paragraphs in the news convention — an opening mark at the start of each paragraph and no closing
mark at the end of all but the last — is one stretch with one fragment per paragraph. Nested quotes
(single inside double) belong to their outer stretch.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

OPENING_DOUBLE = ("“", "„", "«", "``")
CLOSING_DOUBLE = ("”", "»")
AMBIGUOUS_DOUBLE = ('"', "''", "‟")
DOUBLE_RE = re.compile(r"``|''|[\"“”„‟«»]")
# Characters after which a straight mark leans towards opening, and before which it leans closing.
_OPEN_LEFT = set(" \t\u00a0([{—–-/\n")
_CLOSE_RIGHT = set(" \t\u00a0.,;:!?)]}—–-/\n…")

# A single-quoted stretch: the opening mark at a word start, the closing one at a word end, and no
# newline in between. Apostrophes inside words (don't, Clinton's) never open or close one.
SINGLE_RE = re.compile(r"(?<![\w'‘’])(['‘])(?=[^\s'‘’])([^\n]{1,300}?)(?<=[^\s])(['’])(?![\w'‘’])")


@dataclass
class Stretch:
    """A quoted stretch: `start`..`end` include the marks; `fragments` split it by paragraph."""

    start: int
    end: int
    closed: bool = True
    single: bool = False
    fragments: list[tuple[int, int]] = field(default_factory=list)

    def inner(self, text: str) -> tuple[int, int]:
        """The span inside the outer marks."""
        s, e = self.start, self.end
        m = DOUBLE_RE.match(text, s) or re.compile(r"['‘]").match(text, s)
        if m:
            s = m.end()
        if self.closed:
            for mark in ("''", "”", "»", '"', "‟", "’", "'"):
                if text.endswith(mark, s, e):
                    e -= len(mark)
                    break
        return s, e


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-empty lines (news paragraphs); a quote never silently runs across one without a mark."""
    out = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            out.append((pos, end))
        pos = end + 1
    return out


def _lean(text: str, i: int, n: int, lo: int, hi: int) -> str:
    """'open', 'close' or 'both' for an ambiguous mark at text[i:i+n] inside a paragraph lo..hi."""
    left = text[i - 1] if i > lo else "\n"
    right = text[i + n] if i + n < hi else "\n"
    opens = left in _OPEN_LEFT or left in "“‘«"
    closes = right in _CLOSE_RIGHT or right in "”’»"
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "both"


def find_stretches(text: str) -> list[Stretch]:
    """Every quoted stretch of `text`, in order, double-quoted ones first choice over single."""
    paras = _paragraphs(text)
    doubles: list[Stretch] = []
    carry: Stretch | None = None  # a quote left open at the end of the previous paragraph
    for pi, (lo, hi) in enumerate(paras):
        marks = [(m.start(), m.group()) for m in DOUBLE_RE.finditer(text, lo, hi)]
        open_at: int | None = None
        cur: Stretch | None = None
        nested = 0
        if carry is not None:
            # Continuation only when this paragraph opens with a mark; otherwise the quote ended.
            first = text[lo:hi].lstrip()
            # The convention repeats the quote's own opening mark; a straight mark against a curly
            # one is a stray mark (a pasted block quote), not the same quotation going on.
            if marks and text[lo:hi].startswith(marks[0][1], len(text[lo:hi]) - len(first)) and (
                    (text[carry.start] == '"') == (marks[0][1] == '"')):
                cur = carry
                open_at = marks[0][0]
                marks = marks[1:]
            else:
                _finish_unclosed(carry, doubles)
            carry = None
        for pos, mark in marks:
            if mark in OPENING_DOUBLE:
                kind = "open"
            elif mark in CLOSING_DOUBLE:
                kind = "close"
                # A closing-type mark glued to the next word opens (sloppy typography: ”like this”).
                if open_at is None and pos + 1 < hi and text[pos + 1].isalnum() and (pos == lo or not text[pos - 1].isalnum()):
                    kind = "open"
            else:
                kind = _lean(text, pos, len(mark), lo, hi)
            if open_at is None:
                if kind == "close":
                    continue  # a stray closing mark
                open_at = pos
                cur = Stretch(start=pos, end=pos)
                continue
            if kind == "open" and mark in ("“", "``") and pos > lo and not text[pos - 1].isspace() and (
                    pos + len(mark) >= hi or text[pos + len(mark)] in _CLOSE_RIGHT):
                kind = "close"  # “Why?“ — an opening mark typed where the closing one belongs
            if kind == "open" and mark in OPENING_DOUBLE and text[open_at:open_at + len(mark)] == mark:
                # A second opening mark while one is open: the first was never closed; restart here.
                open_at = pos
                cur = Stretch(start=pos, end=pos)
                continue
            if kind == "open" and mark in ("“", "„", "«") and text[open_at] == '"' and '"' in text[pos:hi]:
                # "… the question: “As you know …?” Forty-three, yes.": curly marks inside a straight
                # quotation that closes later in the paragraph quote someone within it
                nested += 1
                continue
            if nested and mark in CLOSING_DOUBLE:
                nested -= 1
                continue
            assert cur is not None
            end = pos + len(mark)
            cur.fragments.append((open_at, end))
            cur.end = end
            cur.closed = True
            doubles.append(cur)
            open_at, cur = None, None
        if open_at is not None and cur is not None:
            # Open at the paragraph's end: it may continue in the next paragraph.
            end = hi
            while end > open_at and text[end - 1].isspace():
                end -= 1
            cur.fragments.append((open_at, end))
            cur.end = end
            cur.closed = False
            if pi + 1 < len(paras):
                carry = cur
            else:
                _finish_unclosed(cur, doubles)
    if carry is not None:
        _finish_unclosed(carry, doubles)
    doubles.sort(key=lambda s: s.start)
    singles = _single_stretches(text, doubles)
    out = doubles + singles
    out.sort(key=lambda s: s.start)
    return out


def _finish_unclosed(s: Stretch, out: list[Stretch]) -> None:
    """A quote whose last paragraph has no closing mark: keep it when it is long enough to be
    speech (a stray mark before a short phrase is more likely a typo)."""
    if s.end - s.start >= 20:
        s.closed = False
        out.append(s)


def _single_stretches(text: str, doubles: list[Stretch]) -> list[Stretch]:
    out = []
    starts = [d.start for d in doubles]

    for m in SINGLE_RE.finditer(text):
        s, e = m.start(), m.end()
        # Inside a double-quoted stretch: a nested quote, part of the outer one.
        k = bisect.bisect_right(starts, s) - 1
        if k >= 0 and doubles[k].end > s:
            continue
        if any(d.start < e and s < d.end for d in doubles[max(k, 0): k + 3]):
            continue
        inner = m.group(2)
        # '90s, 'em and similar elisions: a real quote has at least one letter and is not one short token.
        if not any(c.isalpha() for c in inner) or (len(inner) <= 3 and " " not in inner):
            continue
        if re.match(r"\d0s\b", inner):
            continue  # the '90s
        if inner.endswith("s") and re.match(r" [a-z]", text[e:e + 2]):
            continue  # the voters' view: a plural possessive, not a closing mark
        out.append(Stretch(start=s, end=e, single=True, fragments=[(s, e)]))
    return out
