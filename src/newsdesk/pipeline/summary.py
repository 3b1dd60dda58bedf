"""Extractive article summaries: the article's most central sentences, in their original order.

A sentence is central when it is made of the words the article keeps coming back to: its score is
the summed in-article frequency of its distinct content words (stemmed, stop words out), divided by
the square root of how many there are (so long sentences are not favoured just for being long).
Sentences are taken best first until the word budget is spent, then put back in text order; the
last one is cut to fit. On the BBC development summaries this beats the lead baseline clearly
(see `newsdesk eval summaries`), and it costs one pass over the words.

Sentence boundaries come from spaCy (`article.scratch["doc"]`) when the nlp step ran, else from a
regular-expression splitter.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from newsdesk.model import Article
from newsdesk.pipeline.base import Step, register

DEFAULT_WORDS = 60  # a user-facing summary: about three sentences
DEFAULT_SENTENCES = 3
MIN_SENTENCE_WORDS = 4

# A sentence ends at . ! ? (with closing quotes/brackets) before whitespace and an upper-case
# letter, digit or opening quote; paragraphs always end one.
_SENTENCE = re.compile(r".+?(?:[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|$)", re.S)
_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Prof|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|Jr|Sr|Inc|Co|Corp|Ltd|No|vs"
                     r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z])\.$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) character spans of the sentences of `text` (regex fallback splitter)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for para in re.split(r"(\n\s*\n|\n)", text):
        if not para.strip() or para.startswith("\n"):
            pos += len(para)
            continue
        pending_start: int | None = None
        for m in _SENTENCE.finditer(para):
            start, end = pos + m.start(), pos + m.end()
            piece = m.group(0)
            if pending_start is not None:
                start = pending_start
                pending_start = None
            if _ABBREV.search(piece.rstrip()) and m.end() < len(para):
                pending_start = start  # "Mr." or an initial: not the end of a sentence
                continue
            spans.append(_trim(text, start, end))
        if pending_start is not None:
            spans.append(_trim(text, pending_start, pos + len(para)))
        pos += len(para)
    return [s for s in spans if s[1] > s[0]]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_spans(article: Article) -> list[tuple[int, int]]:
    """Sentences from the spaCy Doc when the nlp step left one, else the regex splitter. A spaCy
    sentence that spans a paragraph break is split there (headlines and datelines stand alone)."""
    doc = article.scratch.get("doc")
    if doc is None or doc.text != article.text:
        return split_sentences(article.text)
    spans = []
    for sent in doc.sents:
        start = sent.start_char
        for part in re.split(r"(\n+)", article.text[sent.start_char : sent.end_char]):
            if part and not part.startswith("\n"):
                s = _trim(article.text, start, start + len(part))
                if s[1] > s[0]:
                    spans.append(s)
            start += len(part)
    return spans


def sentence_scores(sentences: list[str]) -> list[float]:
    """Centrality of each sentence: in-article frequency of its distinct content words / sqrt(count)."""
    from newsdesk.stories.features import content_words

    words = [set(content_words(s)) for s in sentences]
    tf: Counter[str] = Counter()
    for s in sentences:
        tf.update(content_words(s))
    scores = []
    for s, ws in zip(sentences, words, strict=True):
        if not ws or len(s.split()) < MIN_SENTENCE_WORDS:
            scores.append(0.0)
            continue
        scores.append(sum(tf[w] for w in ws) / math.sqrt(len(ws)))
    return scores


def cut_to_words(sentences: list[str], budget: int) -> str:
    """Sentences in order until `budget` words, the last one cut to fit."""
    out, n = [], 0
    for s in sentences:
        w = s.split()
        if n + len(w) > budget:
            if budget - n > 0:
                out.append(" ".join(w[: budget - n]))
            break
        out.append(" ".join(w))
        n += len(w)
    return " ".join(out)


def select(sentences: list[str], max_words: int, max_sentences: int | None = None) -> list[int]:
    """Indices (in text order) of the best sentences that fill `max_words`."""
    scores = sentence_scores(sentences)
    order = sorted(range(len(sentences)), key=lambda i: (-scores[i], i))
    chosen, n = [], 0
    for i in order:
        if n >= max_words or (max_sentences and len(chosen) >= max_sentences):
            break
        if scores[i] <= 0 and chosen:
            continue
        chosen.append(i)
        n += len(sentences[i].split())
    return sorted(chosen)


def summarise(article: Article, max_words: int = DEFAULT_WORDS, max_sentences: int | None = DEFAULT_SENTENCES,
              cut: bool = True) -> str:
    """An extractive summary of at most `max_words` words (and `max_sentences` sentences)."""
    spans = sentence_spans(article)
    sentences = [article.text[s:e] for s, e in spans]
    if not sentences:
        return ""
    chosen = [sentences[i] for i in select(sentences, max_words, max_sentences)]
    if cut:
        return cut_to_words(chosen, max_words)
    return " ".join(" ".join(s.split()) for s in chosen)


def lead(article: Article, max_words: int) -> str:
    """The lead baseline: the first sentences up to `max_words`, the last one cut to fit."""
    spans = sentence_spans(article)
    return cut_to_words([article.text[s:e] for s, e in spans], max_words)


@register
class Summary(Step):
    name = "summary"
    requires = ()
    assigns = ("summary",)
    version = "1"
    understanding = True

    def process(self, article: Article) -> Article:
        # Whole sentences for people: up to three, stopping once about 60 words are reached.
        article.summary = summarise(article, DEFAULT_WORDS, DEFAULT_SENTENCES, cut=False) or None
        return article
