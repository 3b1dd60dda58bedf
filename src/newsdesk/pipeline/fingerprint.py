"""Content fingerprint: a hash of the normalised text, equal for byte-different copies of one text.

The step also computes the text's MinHash signature and its LSH band buckets for near-duplicate
detection here, in the workers (local processes or Ray tasks), so the one writer only looks the
proposed buckets up and verifies the candidates (see newsdesk.link.dedup).
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
    version = "2"

    def process(self, article: Article) -> Article:
        from newsdesk.link.dedup import BUCKETS_META, SIGNATURE_META, text_minhash

        article.fingerprint = text_fingerprint(article.text)
        # Both taken out again by dedup, before the article is stored.
        article.meta[SIGNATURE_META], article.meta[BUCKETS_META] = text_minhash(article.text)
        return article
