"""Text analysis shared by indexing, query compilation and highlighting.

One analyzer turns text into the terms the index holds: split on anything not a letter or digit,
drop tokens over 40 characters, lower-case, fold accents ("Bingöl" = "bingol"), English (Snowball)
stemming ("economies" = "economy"). Queries and highlights use the very same analyzer, so what a
query term matches is what gets highlighted. Keyword fields (source, language, ids) are matched
whole; `keyword()` gives the form both sides use.
"""

from __future__ import annotations

from functools import lru_cache

from tantivy import Filter, TextAnalyzer, TextAnalyzerBuilder, Tokenizer

# Bump when the analyzers change: indexes built with another version are rebuilt on open.
ANALYZER_VERSION = 1
NEWS = "news_en"


@lru_cache(maxsize=1)
def news_analyzer() -> TextAnalyzer:
    return (
        TextAnalyzerBuilder(Tokenizer.simple())
        .filter(Filter.remove_long(40))
        .filter(Filter.lowercase())
        .filter(Filter.ascii_fold())
        .filter(Filter.stemmer("english"))
        .build()
    )


@lru_cache(maxsize=4096)
def analyze(text: str) -> tuple[str, ...]:
    """The index terms of `text`, in order."""
    return tuple(news_analyzer().analyze(text))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str | None:
    """The index term of one word (None if it yields none, or several)."""
    terms = news_analyzer().analyze(word)
    return terms[0] if len(terms) == 1 else None


def keyword(value: str) -> str:
    """A keyword field's value as indexed and queried: whole, lower-cased, trimmed."""
    return " ".join(value.split()).lower()
