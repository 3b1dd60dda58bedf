"""Content fingerprint: a hash of the normalised text, equal for byte-different copies of one text.

The step also computes the text's MinHash signature for near-duplicate detection here, in the
workers, so the one writer only compares signatures (see newsdesk.link.dedup).
"""

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
        from newsdesk.link.dedup import SIGNATURE_META, text_signature

        article.fingerprint = text_fingerprint(article.text)
        article.meta[SIGNATURE_META] = text_signature(article.text)  # taken out again by dedup
        return article
