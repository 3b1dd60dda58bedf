"""The `quotes` step: direct and reported speech with cue, source and resolved speaker.

Runs after `nlp` (sentence boundaries, entities) and `entities` (document entities and their
mentions); parses only the sentences that can hold an attribution. Articles that are not English
(no Doc) get no quotes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from newsdesk.model import Article
from newsdesk.pipeline.base import Step, register
from newsdesk.pipeline.nlp import PARSE_BATCH_SIZE, get_parser_nlp
from newsdesk.quotes import MentionRef, SpeakerResolver, Stats
from newsdesk.quotes.extract import Pending, finish, read_surface

# Articles whose sentences are parsed together (one call to the parser, fewer small batches).
BATCH = 16

# The parser's tagger and dependency parse are all the rules read; lemmas and coarse POS are not.
_UNUSED = ("attribute_ruler", "lemmatizer")


def parse(texts: list[str]) -> list:
    """Tag and parse sentences (offsets local to each), skipping components the rules do not read."""
    if not texts:
        return []

    nlp = get_parser_nlp()
    disable = [name for name in _UNUSED if name in nlp.pipe_names]
    return list(nlp.pipe(texts, batch_size=PARSE_BATCH_SIZE, disable=disable))


def mentions_of(article: Article, doc) -> tuple[list[MentionRef], dict[str, str]]:
    """Entity mentions and names: the entities step's when it ran, else the raw NER spans."""
    if article.mentions:
        refs = [MentionRef(m.start, m.end, m.label, m.entity_key) for m in article.mentions]
        names = {e.key: e.name for e in article.entities}
        return refs, names
    return [MentionRef(e.start_char, e.end_char, e.label_) for e in doc.ents], {}


@register
class Quotes(Step):
    name = "quotes"
    requires = ("doc", "mentions", "entities")
    assigns = ("quotes",)
    version = "7"
    understanding = True

    def __init__(self, parse_all: bool = False) -> None:
        self.stats = Stats()
        self.parse_all = parse_all

    def run(self, articles: Iterable[Article]) -> Iterator[Article]:
        batch: list[tuple[Article, Pending | None]] = []
        for article in articles:
            batch.append((article, self._read(article)))
            if len(batch) >= BATCH:
                yield from self._finish(batch)
                batch = []
        if batch:
            yield from self._finish(batch)

    def process(self, article: Article) -> Article:
        return next(self._finish([(article, self._read(article))]))

    def _read(self, article: Article) -> Pending | None:
        doc = article.scratch.get("doc")
        if doc is None or "not_english" in article.flags:
            article.quotes = []
            return None
        refs, names = mentions_of(article, doc)
        resolver = SpeakerResolver(article.text, refs, names)
        return read_surface(article.text, doc, resolver, self.stats, self.parse_all)

    @staticmethod
    def _finish(batch: list[tuple[Article, Pending | None]]) -> Iterator[Article]:
        texts = [t for _a, p in batch if p is not None for t in p.texts()]
        docs = iter(parse(texts))
        for article, pending in batch:
            if pending is not None:
                article.quotes = finish(pending, [next(docs) for _ in pending.todo])
            yield article
