"""The `quotes` step: direct and reported speech with cue, source and resolved speaker.

Runs after `nlp` (sentence boundaries, entities) and `entities` (document entities and their
mentions); parses only the sentences that can hold an attribution. Articles that are not English
(no Doc) get no quotes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from newsdesk.model import Article
from newsdesk.pipeline.base import Step, register
from newsdesk.pipeline.nlp import parse_docs, sentence_doc
from newsdesk.quotes import MentionRef, SpeakerResolver, Stats
from newsdesk.quotes.extract import Pending, finish, read_surface

# Articles whose sentences are parsed together (one call to the parser, fewer small batches).
BATCH = 16

def unit_docs(pending: Pending, doc) -> list:
    """The Docs of the sentences `pending` wants parsed, made from the article Doc's tokens."""
    return [sentence_doc(doc, pending.text, *pending.units[i]) for i in pending.todo]


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
    version = "12"
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
        # One parser call for the batch: the parser does better on many sentences at once.
        docs = iter(parse_docs([d for a, p in batch if p is not None for d in unit_docs(p, a.scratch["doc"])]))
        for article, pending in batch:
            if pending is not None:
                article.quotes = finish(pending, [next(docs) for _ in pending.todo])
            yield article
