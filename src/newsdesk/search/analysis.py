"""Text analysis shared by indexing, query compilation and highlighting.

One analyzer turns text into the terms the index holds: split on anything not a letter or digit,
drop tokens over 40 characters, lower-case, fold accents ("Bingöl" = "bingol"), English (Snowball)
stemming ("economies" = "economy"). Queries and highlights use the very same analyzer, so what a
query term matches is what gets highlighted. Keyword fields (source, language, ids) are matched
whole; `keyword()` gives the form both sides use.

Articles in other languages are analysed in their own language, into fields of their own
(`title_ml`, `text_ml`): Chinese, Japanese and Korean runs are cut into overlapping character
pairs (`segment`: "北京会见" -> "北京 京会 会见", so a two-character word finds its article and a
longer one is a phrase of pairs), words are stemmed by their language's Snowball stemmer where
tantivy has one (never the English one) and accents folded after stemming. A query word is looked
up there in every form these analyses give it (`variants`), since a query does not say its language.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tantivy import Filter, TextAnalyzer, TextAnalyzerBuilder, Tokenizer

# Bump when the analyzers change: indexes built with another version are rebuilt on open.
ANALYZER_VERSION = 2
NEWS = "news_en"
# The tokenizer of the other languages' fields: their text arrives analysed (`index_text`), so it
# only splits, lower-cases and folds (which leaves analysed terms as they are).
NEWS_ML = "news_ml"
# Snowball stemmers tantivy has, by ISO 639-1 code.
STEMMERS = {"ar": "arabic", "da": "danish", "nl": "dutch", "fi": "finnish", "fr": "french", "de": "german",
            "el": "greek", "hu": "hungarian", "it": "italian", "no": "norwegian", "nb": "norwegian", "nn": "norwegian",
            "pt": "portuguese", "ro": "romanian", "ru": "russian", "es": "spanish", "sv": "swedish", "ta": "tamil",
            "tr": "turkish"}
CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+")


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


def is_english(language: str | None) -> bool:
    """Articles analysed by the English analyzer: English and those of unknown language."""
    return not language or language == "en"


def segment(text: str) -> str:
    """Chinese, Japanese and Korean runs as overlapping character pairs, space-separated."""
    def pairs(m: re.Match[str]) -> str:
        run = m.group()
        if len(run) < 3:
            return f" {run} "
        return " " + " ".join(run[i : i + 2] for i in range(len(run) - 1)) + " "

    return CJK_RUN.sub(pairs, text)


@lru_cache(maxsize=32)
def language_analyzer(language: str | None) -> TextAnalyzer:
    """The analyzer of one language: its stemmer if tantivy has one, then accents folded."""
    builder = TextAnalyzerBuilder(Tokenizer.simple()).filter(Filter.remove_long(40)).filter(Filter.lowercase())
    stemmer = STEMMERS.get(language or "")
    if stemmer:
        builder = builder.filter(Filter.stemmer(stemmer))
    return builder.filter(Filter.ascii_fold()).build()


@lru_cache(maxsize=1)
def ml_analyzer() -> TextAnalyzer:
    """The tokenizer registered for the other languages' fields (see NEWS_ML)."""
    return (TextAnalyzerBuilder(Tokenizer.simple()).filter(Filter.remove_long(40)).filter(Filter.lowercase())
            .filter(Filter.ascii_fold()).build())


def index_text(text: str, language: str | None) -> str:
    """A non-English text as the terms its language's analysis gives, in order, space-separated."""
    return " ".join(language_analyzer(language).analyze(segment(text)))


@lru_cache(maxsize=4096)
def variants(text: str) -> tuple[tuple[str, ...], ...]:
    """Every distinct term sequence a query word may have in the other languages' fields: unstemmed,
    and stemmed by each language's stemmer."""
    seg = segment(text)
    out: dict[tuple[str, ...], None] = {}
    for language in (None, *sorted(STEMMERS)):
        terms = tuple(language_analyzer(language).analyze(seg))
        if terms:
            out[terms] = None
    return tuple(out)
