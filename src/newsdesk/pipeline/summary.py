"""Extractive article summaries: the article's most central sentences, in their original order.

A sentence is central when it is made of the words the article keeps coming back to: its score is
the summed in-article frequency of its distinct content words (stemmed, stop words out), divided by
their count to the power 0.7 (so long sentences are not favoured just for being long).
Sentences are taken best first until the word budget is spent, then put back in text order; the
last one is cut to fit. On the BBC development summaries this beats the lead baseline clearly
(see `newsdesk eval summaries`), and it costs one pass over the words.

Sentence boundaries come from spaCy (`article.scratch["doc"]`) when the nlp step ran, else from a
regular-expression splitter.
"""

from __future__ import annotations

import re

from newsdesk.model import Article
from newsdesk.pipeline.base import Step, register
from newsdesk.pipeline.nlp import doc_of
from newsdesk.stories.sentences import (  # noqa: F401  (the summary's text side, re-exported)
    MIN_SENTENCE_WORDS,
    _trim,
    cut_to_words,
    select,
    sentence_scores,
    split_sentences,
    summary_of,
)

DEFAULT_WORDS = 60  # a user-facing summary: about three sentences
DEFAULT_SENTENCES = 3


def sentence_spans(article: Article) -> list[tuple[int, int]]:
    """Sentences from the spaCy Doc when the nlp step left one, else the regex splitter. A spaCy
    sentence that spans a paragraph break is split there (headlines and datelines stand alone)."""
    doc = article.scratch.get("doc")
    if doc is None or not doc_of(doc, article.text):
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


def summarise(article: Article, max_words: int = DEFAULT_WORDS, max_sentences: int | None = DEFAULT_SENTENCES,
              cut: bool = True) -> str:
    """An extractive summary of at most `max_words` words (and `max_sentences` sentences)."""
    return summary_of([article.text[s:e] for s, e in sentence_spans(article)], max_words, max_sentences, cut)


def lead(article: Article, max_words: int) -> str:
    """The lead baseline: the first sentences up to `max_words`, the last one cut to fit."""
    spans = sentence_spans(article)
    return cut_to_words([article.text[s:e] for s, e in spans], max_words)


@register
class Summary(Step):
    name = "summary"
    requires = ()
    assigns = ("summary",)
    version = "2"  # 2: sentence length damped by count ** 0.7 (was a square root)
    understanding = True

    def process(self, article: Article) -> Article:
        # Whole sentences for people: up to three, stopping once about 60 words are reached.
        article.summary = summarise(article, DEFAULT_WORDS, DEFAULT_SENTENCES, cut=False) or None
        return article
