"""Content fingerprint: a hash of the normalised text, equal for byte-different copies of one text.

The step also computes the text's MinHash signature and its LSH band buckets for near-duplicate
detection here, in the workers (local processes or Ray tasks), so the one writer only looks the
proposed buckets up and verifies the candidates (newsdesk.dedup holds the functions, newsdesk.link.dedup
the writer's step).
"""

from __future__ import annotations

from newsdesk.dedup import BUCKETS_META, SIGNATURE_META, text_fingerprint, text_minhash
from newsdesk.model import Article
from newsdesk.pipeline.base import Step, register

__all__ = ["Fingerprint", "text_fingerprint"]


@register
class Fingerprint(Step):
    name = "fingerprint"
    requires = ()
    assigns = ("fingerprint",)
    version = "2"

    def process(self, article: Article) -> Article:
        article.fingerprint = text_fingerprint(article.text)
        # Both taken out again by dedup, before the article is stored.
        article.meta[SIGNATURE_META], article.meta[BUCKETS_META] = text_minhash(article.text)
        return article
