"""Language identification with py3langid (its model ships inside the package)."""

from __future__ import annotations

from functools import lru_cache

from newsdesk.model import Article
from newsdesk.pipeline.base import Step, register


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float]:
    """ISO 639-1 code and confidence; (None, 0) for text too short to tell."""
    sample = text[:2000]
    if sum(ch.isalpha() for ch in sample) < 12:
        return None, 0.0
    lang, prob = _identifier().classify(sample)
    return lang, float(prob)


@register
class Language(Step):
    name = "language"
    version = "1"

    def process(self, article: Article) -> Article:
        if article.language:
            article.language = article.language.split("-")[0].split("_")[0].lower()[:3] or None
            return article
        lang, prob = detect_language(f"{article.title}\n{article.text}")
        article.language = lang
        if lang and prob < 0.6:
            article.flag("language_uncertain")
        return article
