"""The one home of fingerprints and near-duplicates: pure functions of texts, no store.

Used one way: by the fingerprint pipeline step (in the workers) and the dedup link step (the writer).
"""

from newsdesk.dedup.minhash import (
    BANDS,
    BUCKETS_META,
    MIN_SHINGLES,
    NUM_PERM,
    ROWS,
    SEED,
    SHINGLE,
    SIGNATURE_META,
    band_buckets,
    decode_signature,
    encode_signature,
    shingle_hashes,
    signatures,
    text_fingerprint,
    text_minhash,
)
from newsdesk.dedup.verify import DEFAULT_THRESHOLD, ESTIMATE_MARGIN, clamp_threshold, jaccard, likely

__all__ = [
    "BANDS", "BUCKETS_META", "DEFAULT_THRESHOLD", "ESTIMATE_MARGIN", "MIN_SHINGLES", "NUM_PERM", "ROWS",
    "SEED", "SHINGLE", "SIGNATURE_META", "band_buckets", "clamp_threshold", "decode_signature",
    "encode_signature", "jaccard", "likely", "shingle_hashes", "signatures", "text_fingerprint",
    "text_minhash",
]
