"""Optional sentence embeddings for stories: dense evidence that two outlets' wordings meet.

Word overlap misses one event told in different words ("protesters clashed with police" /
"demonstrators fought officers"); a static embedding model maps both near each other. The model is
WordLlama's packaged `l2_supercat` (256 dimensions, weights and tokenizer shipped inside the
`wordllama` wheel: `pip install newsdesk[embeddings]`): a token-embedding lookup and an average, so
it runs on CPU at a few milliseconds per article with numpy only (no torch, nothing downloaded).

When the package is absent, `embed` returns None and the stories linker falls back to its sparse
evidence alone. Whether stories use embeddings at all is their `Config` (the embedding weights, 0 by
default: then nothing is embedded); nothing here reads the environment.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

LEAD_WORDS = 120  # title + the lead: what the article is about, not the background it recalls
DIMENSIONS = 256


@lru_cache(maxsize=1)
def _model() -> Any | None:
    try:
        # optional: pip install newsdesk[embeddings] (wordllama)
        import wordllama
        from safetensors import safe_open
        from tokenizers import Tokenizer
        from wordllama.inference import WordLlamaInference
    except ImportError:
        return None
    root = Path(wordllama.__file__).parent
    weights = root / "weights" / "l2_supercat_256.safetensors"
    tokenizer = root / "tokenizers" / "l2_supercat_tokenizer_config.json"
    if not weights.exists() or not tokenizer.exists():
        return None
    # Built from the wheel's own files: WordLlama.load() would try to download the tokenizer.
    with safe_open(str(weights), framework="np", device="cpu") as fh:
        matrix = fh.get_tensor("embedding.weight")
    return WordLlamaInference(matrix, Tokenizer.from_file(str(tokenizer)))


def available() -> bool:
    """Whether the embedding model is installed (and not switched off)."""
    return _model() is not None


def lead_text(title: str, text: str) -> str:
    """What is embedded: the headline and the first `LEAD_WORDS` words of the text."""
    lead = " ".join(text.split()[:LEAD_WORDS])
    return f"{title}. {lead}" if title else lead


def embed(texts: list[str]) -> list[list[float]] | None:
    """Unit-length embeddings of `texts` (rounded to 5 decimals so the stored sums are stable), or
    None when no model is installed."""
    model = _model()
    if model is None:
        return None
    if not texts:
        return []
    vectors = model.embed(list(texts), norm=True)
    return [[round(float(x), 5) for x in row] for row in vectors]
