"""Plain-text dumps: many articles in one text file, split by `options.split` (auto|blank|line|file).

- `blank`: blank lines separate articles.  `line`: every non-empty line is an article.
- `file`: the whole input is one article.
- `auto` looks at the start of the dump (its first MiB) to choose a layout:
  * blank-line separated blocks whose headlines stand alone ("Headline", blank, paragraphs...): an
    article runs from one headline to the next, paragraphs joined as they were;
  * other blank-line separated blocks: each block is an article;
  * no blank lines (or blank lines after every line, which carry no information): lines are grouped.
    A long line holding several sentences is an article of its own; a run of short one-sentence
    lines is one article (a sentence-per-line article), stray credit/caption lines staying in it;
    a short line without final punctuation followed by body lines is the title of the next article.
  A line of only punctuation ("***", "-----") always ends an article.

In `auto`, `blank` and `file` modes a block's first line that is short (under 15 words) and has no
sentence-final punctuation, followed by more text, becomes the title and leaves the text. Position
is the article's index in the file (1-based); `meta["line"]` is its first line.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum

from newsdesk.config import IngestOptions
from newsdesk.model import RawRecord, Skipped
from newsdesk.pipeline.clean import CREDIT_LINE
from newsdesk.sources.inputs import Input
from newsdesk.sources.lines import UTF8, decode, first_text, iter_lines, looks_binary

NAME = "textdump"
EXTENSIONS = (".txt", ".text")
SPLIT_MODES = ("auto", "blank", "line", "file")

HEAD_LINES = 5000  # auto mode decides the layout on at most this many lines ...
HEAD_BYTES = 1024 * 1024  # ... and this many bytes
TITLE_MAX_WORDS = 15
LONG_CHARS = 400  # a line this long is a paragraph or a whole article, not one sentence
LONG_MIN_CHARS = 200  # ... and so is a line of 3+ sentences from this length on
LONG_MIN_SENTENCES = 3

_CLOSERS = r"\"'”’»)\]"  # closing quotes and brackets, escaped for a character class
_FINAL = re.compile(rf"[.!?…。！？][{_CLOSERS}]*$")
# A sentence boundary: final punctuation, space, then an upper-case letter (optionally quoted).
_BOUNDARY = re.compile(rf"[.!?…][{_CLOSERS}]*\s+[\"'“‘«(\[]?(\w)|[。！？]")
_BYLINE = re.compile(r"^by\s+\S", re.IGNORECASE)


class Kind(Enum):
    BLANK = "blank"
    SEPARATOR = "separator"  # "***", "-----": ends an article whatever the mode
    LONG = "long"  # a paragraph or a whole single-line article
    SENTENCE = "sentence"  # a short body line
    HEADING = "heading"  # short, no final punctuation: a title when body lines follow
    STRAY = "stray"  # credit, caption or byline line: belongs to the article around it


@dataclass
class TextLine:
    number: int
    text: str | None  # None: over the line limit (its characters counted in `chars`)
    chars: int
    encoding: str
    kind: Kind


def sniff(name: str, head: bytes) -> bool:
    """Any text that is not markup: the fallback reader."""
    return bool(head) and not looks_binary(head) and not first_text(head).startswith("<")


def read(inp: Input, options: IngestOptions) -> Iterator[RawRecord | Skipped]:
    split = options.split or "auto"
    if split not in SPLIT_MODES:
        raise ValueError(f"unknown split mode {split!r} (one of {', '.join(SPLIT_MODES)})")
    limits = options.limits
    # No line longer than 4 bytes a character can fit in an article: don't read it whole.
    line_limit = min(limits.max_line_bytes, 4 * limits.max_article_chars + 4)
    lines = _text_lines(inp, line_limit)
    limit = limits.max_article_chars
    if split == "line":
        articles: Iterable[_Article] = _one_per_line(lines, limit)
    elif split == "file":
        articles = _whole_file(lines, limit)
    elif split == "blank":
        articles = _by_blocks(lines, limit, headline_layout=False)
    else:
        head = list(_take_head(lines))
        lines = itertools.chain(head, lines)
        layout = choose_layout(head)
        if layout == "headlines":
            articles = _by_blocks(lines, limit, headline_layout=True)
        elif layout == "blocks":
            articles = _by_blocks(lines, limit, headline_layout=False)
        else:
            articles = _grouped(lines, limit, blank_is_boundary=layout == "lines")
    position = 0
    for article in articles:
        position += 1
        yield article.finish(inp, position, options)


def classify(text: str) -> Kind:
    """What a line is, from its length, its sentences and its last character."""
    s = text.strip()
    if not s:
        return Kind.BLANK
    if not any(c.isalnum() for c in s):
        return Kind.SEPARATOR
    if len(s) < 120 and (CREDIT_LINE.match(s) or (_BYLINE.match(s) and len(s.split()) <= 8)):
        return Kind.STRAY
    final = bool(_FINAL.search(s))
    if len(s) >= LONG_CHARS or (len(s) >= LONG_MIN_CHARS and count_sentences(s) >= LONG_MIN_SENTENCES):
        return Kind.LONG
    if not final and len(s.split()) < TITLE_MAX_WORDS:
        return Kind.HEADING
    return Kind.SENTENCE


def count_sentences(text: str) -> int:
    """Sentence boundaries + 1 (a trailing fragment counts: it is a sentence cut short)."""
    boundaries = sum(1 for m in _BOUNDARY.finditer(text) if m.group(1) is None or m.group(1).isupper())
    return boundaries + (0 if re.search(r"[。！？]\s*$", text) else 1)


def choose_layout(head: list[TextLine]) -> str:
    """auto: "headlines", "blocks", "lines" (group lines; blank lines end articles) or "spaced"
    (group lines; blank lines ignored, as in a double-spaced file)."""
    blocks: list[list[TextLine]] = []
    block: list[TextLine] = []
    interior_blank = False
    for line in head:
        if line.kind in (Kind.BLANK, Kind.SEPARATOR):
            if block:
                blocks.append(block)
                block = []
            continue
        if blocks and not block:
            interior_blank = True  # a blank line with text on both sides
        block.append(line)
    if block:
        blocks.append(block)
    if not interior_blank:
        return "lines"
    lone = sum(1 for b, nxt in itertools.pairwise(blocks)
               if len(b) == 1 and b[0].kind is Kind.HEADING and nxt[0].kind is not Kind.HEADING)
    headed = sum(1 for b in blocks if len(b) > 1 and b[0].kind is Kind.HEADING)
    if lone and lone >= headed:
        return "headlines"
    if all(len(b) == 1 for b in blocks):
        return "spaced"
    return "blocks"


# -- reading lines -----------------------------------------------------------------------------------

def _text_lines(inp: Input, limit: int) -> Iterator[TextLine]:
    for line in iter_lines(inp.stream, limit):
        if line.data is None:
            yield TextLine(line.number, None, line.chars, UTF8, Kind.LONG)
            continue
        text, encoding = decode(line.data)
        text = text.rstrip()  # trailing spaces (and a lone \r) are never content
        yield TextLine(line.number, text, len(text), inp.encoding or encoding, classify(text))


def _take_head(lines: Iterator[TextLine]) -> Iterator[TextLine]:
    size = 0
    for count, line in enumerate(lines, 1):
        yield line
        size += line.chars
        if count >= HEAD_LINES or size >= HEAD_BYTES:
            return


# -- building articles -------------------------------------------------------------------------------

@dataclass
class _Article:
    """An article being collected; stops keeping text once over the size limit (counts only)."""

    first_line: int
    limit: int  # max characters
    title: str | None = None
    lines: list[str] = field(default_factory=list)
    chars: int = -1  # length of "\n".join(lines)
    has_body: bool = False
    over_limit: bool = False
    encodings: set[str] = field(default_factory=set)

    def add(self, line: TextLine | None, body: bool = True) -> None:
        """Append a line (None: a blank line between paragraphs)."""
        self.chars += 1 + (line.chars if line else 0)
        if line is not None:
            self.encodings.add(line.encoding)
            self.has_body = self.has_body or body
        if (line is not None and line.text is None) or self.chars > self.limit:
            self.over_limit = True
            self.lines = []  # keep counting, stop keeping: memory stays bounded
        if not self.over_limit:
            self.lines.append(line.text or "" if line else "")

    def finish(self, inp: Input, position: int, options: IngestOptions) -> RawRecord | Skipped:
        limit = options.limits.max_article_chars
        title, lines = self.title, self.lines
        if not self.has_body and title is not None:
            # A headline with no body (perhaps a credit line) is an item of its own, all text.
            title, lines = None, [title, *lines]
            self.chars = len("\n".join(lines))
        if self.over_limit or self.chars > limit:
            return Skipped(inp.origin, position, f"record too large ({self.chars:,} characters > limit {limit:,})")
        encoding = next((e for e in sorted(self.encodings) if e != UTF8), UTF8)
        return RawRecord(origin=inp.origin, position=position, text="\n".join(lines).strip("\n"),
                         title=title.strip() if title else None, source=options.source,
                         meta={"encoding": encoding, "line": self.first_line})


def _new(line: TextLine, limit: int, title: bool = False) -> _Article:
    article = _Article(first_line=line.number, limit=limit)
    if title:
        article.title = line.text
        article.encodings.add(line.encoding)
    else:
        article.add(line, body=line.kind is not Kind.STRAY)
    return article


def _one_per_line(lines: Iterable[TextLine], limit: int) -> Iterator[_Article]:
    for line in lines:
        if line.kind not in (Kind.BLANK, Kind.SEPARATOR):
            yield _new(line, limit)


def _whole_file(lines: Iterable[TextLine], limit: int) -> Iterator[_Article]:
    article: _Article | None = None
    blanks = 0
    for line in lines:
        if line.kind is Kind.BLANK:
            blanks += 1
            continue
        if article is None:
            article = _new(line, limit, title=line.kind is Kind.HEADING)
        else:
            for _ in range(blanks):
                article.add(None)
            article.add(line)
        blanks = 0
    if article is not None:
        yield article


def _by_blocks(lines: Iterable[TextLine], limit: int, headline_layout: bool) -> Iterator[_Article]:
    """Blank lines end blocks. Each block is an article, or (headline layout) an article runs from
    one block starting with a headline to the next."""
    article: _Article | None = None
    for block, gap in _blocks(lines):
        if block is None:  # a separator line: a hard end
            if article is not None:
                yield article
            article = None
            continue
        titled = block[0].kind is Kind.HEADING and (len(block) > 1 or headline_layout)
        if article is not None and (not headline_layout or titled):
            yield article
            article = None
        if article is None:
            article = _new(block[0], limit, title=titled)
            rest = block[1:]
        else:
            for _ in range(gap):
                article.add(None)
            rest = block
        for line in rest:
            article.add(line, body=line.kind is not Kind.STRAY)
    if article is not None:
        yield article


def _blocks(lines: Iterable[TextLine]) -> Iterator[tuple[list[TextLine] | None, int]]:
    """(block of consecutive non-blank lines, number of blank lines before it); (None, 0) for a separator."""
    block: list[TextLine] = []
    gap = blanks = 0
    for line in lines:
        if line.kind in (Kind.BLANK, Kind.SEPARATOR):
            if block:
                yield block, gap
                block, blanks = [], 0
            if line.kind is Kind.SEPARATOR:
                yield None, 0
                blanks = 0
            else:
                blanks += 1
            continue
        if not block:
            gap = blanks
        block.append(line)
    if block:
        yield block, gap


def _grouped(lines: Iterable[TextLine], limit: int, blank_is_boundary: bool) -> Iterator[_Article]:
    """Lines grouped into articles (see the module docstring)."""
    article: _Article | None = None
    single = False  # `article` is one long line: only stray lines may still join it
    for line in lines:
        kind = line.kind
        if kind is Kind.SEPARATOR or (kind is Kind.BLANK and blank_is_boundary):
            if article is not None:
                yield article
            article, single = None, False
            continue
        if kind is Kind.BLANK:
            continue
        if kind is Kind.STRAY:
            if article is None:
                article = _new(line, limit)
            else:
                article.add(line, body=False)
            continue
        if single:
            yield article  # type: ignore[misc]
            article, single = None, False
        if kind is Kind.HEADING:
            if article is not None and (article.has_body or article.title is not None):
                yield article  # a body ended, or a headline stood alone
                article = None
            if article is None:
                article = _new(line, limit, title=True)
            else:
                article.title = line.text  # stray lines came first: they stay in the text
        elif kind is Kind.SENTENCE:
            if article is None:
                article = _new(line, limit)
            else:
                article.add(line)
        else:  # LONG: an article of its own, unless a title (or strays) wait for a body
            if article is not None and article.has_body:
                yield article
                article = None
            if article is None:
                article = _new(line, limit)
            else:
                article.add(line)
            single = True
    if article is not None:
        yield article
