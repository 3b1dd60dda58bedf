"""Fingerprints, word shingles, MinHash signatures and LSH band buckets: pure functions of a text.

The fingerprint pipeline step computes them in the workers (local processes or Ray tasks); the dedup
link step (newsdesk.link.dedup) looks the proposed buckets up in the store and verifies candidates.
"""

from __future__ import annotations

import base64
import hashlib
import re
import unicodedata
from collections.abc import Sequence

import numpy as np
from rensa import RMinHash

from newsdesk.model import short_hash
from newsdesk.text import normalise

SHINGLE = 5
NUM_PERM = 128
SEED = 20260302
# LSH banding: a pair becomes a candidate with probability 1-(1-J**ROWS)**BANDS: 0.9994 at Jaccard
# 0.8, 0.98 at 0.7, 0.05 at 0.25. Every band is a row to insert at a random place in the store's
# bucket index, the dominant cost of a bulk load, so there are no more bands than needed.
BANDS, ROWS = 14, 4
MIN_SHINGLES = 12  # shorter texts are only compared exactly
_WORD = re.compile(r"\w+")
_PRIME = np.uint64(0x100000001B3)
# The fingerprint step (in the workers, wherever the engine runs them) computes the signature and
# its LSH band buckets, the candidate proposals, and hands them to the writer in the article's meta
# under these keys; the writer looks the buckets up, verifies and decides, and takes both keys out
# before the article is stored.
SIGNATURE_META = "_dedup_signature"
BUCKETS_META = "_dedup_buckets"


def text_fingerprint(text: str) -> str:
    """A hash of the normalised text, equal for byte-different copies of one text."""
    return short_hash(normalise(text).lower(), size=32)


def _tokens(text: str) -> list[str]:
    """The words of newsdesk.text.words(), without its whitespace and quote clean-up (it cannot
    change \\w+ tokens), which dedup does not need."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).lower())


def shingle_hashes(texts: Sequence[str], size: int = SHINGLE) -> list[np.ndarray]:
    """For each text, the 64-bit hashes of its word n-grams (one for a text of fewer words)."""
    token_lists = [_tokens(t) for t in texts]
    hashed = RMinHash.hash_token_sets(token_lists)
    out = []
    for h in hashed:
        w = np.asarray(h, dtype=np.uint64)
        n = len(w)
        k = min(size, n)
        if k == 0:
            out.append(w)
            continue
        acc = w[: n - k + 1].copy()
        for j in range(1, k):
            acc = acc * _PRIME + w[j : n - k + 1 + j]  # polynomial hash, wrapping at 2**64
        out.append(acc)
    return out


def signatures(shingles: Sequence[np.ndarray]) -> np.ndarray:
    """MinHash signatures (rows of NUM_PERM uint32), one per shingle-hash array."""
    if not shingles:
        return np.zeros((0, NUM_PERM), dtype=np.uint32)
    flat = np.concatenate(shingles).astype(np.uint64)
    offsets = np.zeros(len(shingles) + 1, dtype=np.uint64)
    offsets[1:] = np.cumsum([len(s) for s in shingles])
    rows = RMinHash.digest_matrix_from_flat_token_hashes(flat, offsets, NUM_PERM, SEED).to_rows()
    return np.asarray(rows, dtype=np.uint32)


def band_buckets(signature: np.ndarray) -> list[int]:
    """The LSH bucket of each band: a signed 64-bit hash of (band number, band values)."""
    raw = signature[: BANDS * ROWS].astype("<u4").tobytes()
    step = ROWS * 4
    return [
        int.from_bytes(hashlib.blake2b(bytes((b,)) + raw[b * step : (b + 1) * step], digest_size=8).digest(),
                       "little", signed=True)
        for b in range(BANDS)
    ]


def encode_signature(signature: np.ndarray) -> str:
    return base64.b64encode(signature.astype("<u4").tobytes()).decode("ascii")


def decode_signature(value: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(value), dtype="<u4")


def text_minhash(text: str) -> tuple[str, list[int]]:
    """The encoded MinHash signature of a text and its band buckets; ("", []) for a text too short
    to compare (pure: the fingerprint pipeline step runs it in the workers)."""
    (sh,) = shingle_hashes([text])
    if len(sh) < MIN_SHINGLES:
        return "", []
    signature = signatures([sh])[0]
    return encode_signature(signature), band_buckets(signature)
