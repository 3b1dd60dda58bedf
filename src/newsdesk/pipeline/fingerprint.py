"""Content fingerprint: a hash of the normalised text, equal for byte-different copies of one text."""

from __future__ import annotations

from newsdesk.model import Article, short_hash
from newsdesk.pipeline.base import Step, register
from newsdesk.text import normalise


def text_fingerprint(text: str) -> str:
    return short_hash(normalise(text).lower(), size=32)


@register
class Fingerprint(Step):
    name = "fingerprint"
    version = "1"

    def process(self, article: Article) -> Article:
        article.fingerprint = text_fingerprint(article.text)
        return article
