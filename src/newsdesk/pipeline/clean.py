"""Cleaning: tidy the text, take out caption/credit lines, give every article a title and flags."""

from __future__ import annotations

import re

from newsdesk.lexicon.outlets import PHOTO_CREDITS
from newsdesk.model import Article
from newsdesk.pipeline.base import Step, register
from newsdesk.stories.sentences import split_sentences
from newsdesk.text import CONTROL_CHARS, strip_dateline

# Whole lines that credit a photo or agency rather than tell the news ("PHOTO: AFP", "Photo by X/Reuters").
CREDIT_LINE = re.compile(
    r"^\s*[\(\[]?\s*(?:(?:photo|picture|image|video|graphic|illustration|caption|credit|file photo)s?"
    r"(?:\s*(?:by|credit|courtesy(?: of)?))?\s*[:|/\-–]\s*[^.!?]{0,80}|(?:photo|picture|image)s?\s+(?:by|courtesy of)\s+[^.!?]{0,80}"
    r"|(?:" + "|".join(re.escape(name) for name in PHOTO_CREDITS) + r")(?:\s*/\s*[^.!?]{0,60})?)\s*[\)\]]?\s*$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’)\]」』]*\s*$")
MIN_TITLE, MAX_TITLE = 20, 160


def remove_credit_lines(text: str) -> tuple[str, list[str]]:
    """Drop caption/credit lines; return the new text and the lines removed."""
    kept, credits = [], []
    for line in text.split("\n"):
        if line.strip() and len(line) < 120 and CREDIT_LINE.match(line):
            credits.append(line.strip())
        else:
            kept.append(line)
    return "\n".join(kept), credits


def is_truncated(text: str) -> bool:
    """Ends mid-sentence: no closing punctuation after the last word."""
    tail = text.rstrip()
    if not tail:
        return False
    if tail.endswith(("...", "…")):
        return True
    return not _SENTENCE_END.search(tail)


def derive_title(text: str) -> str:
    """The first sentence (or first words) as a title when the source gave none, without the dateline
    that opens wire copy ("ROME, March 10 (Wire) – The Colosseum will stay open until 11 p.m. on ...":
    "The Colosseum will stay open until 11 p.m. on ..."; abbreviations do not end it)."""
    first_line = strip_dateline(text.strip().split("\n", 1)[0].strip())
    # The first sentence at least MIN_TITLE characters long, with those before it.
    end = next((e for _, e in split_sentences(first_line) if e >= MIN_TITLE), len(first_line))
    title = first_line[:end]
    if len(title) > MAX_TITLE:
        cut = title[:MAX_TITLE].rsplit(" ", 1)[0]
        title = cut.rstrip(",;:") + "…"
    return title.strip()


@register
class Clean(Step):
    name = "clean"
    requires = ()
    assigns = ("text", "title")
    version = "3"

    def process(self, article: Article) -> Article:
        text = CONTROL_CHARS.sub("", article.text.replace("\r\n", "\n").replace("\r", "\n"))
        text, credits = remove_credit_lines(text)
        text = text.strip("\n")
        # Trailing spaces on lines are noise; inner characters are kept as they are.
        text = "\n".join(line.rstrip() for line in text.split("\n")).strip()
        if credits:
            article.meta.setdefault("credits", []).extend(credits)
        article.text = text
        if article.title:
            article.title = " ".join(article.title.split())
        if not article.title and text:
            article.title = derive_title(text)
            article.flag("derived_title")
        if is_truncated(text):
            article.flag("truncated")
        return article
