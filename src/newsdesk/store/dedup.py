"""The dedup tables: each article's MinHash signature (`dedup_docs`) and its LSH band buckets
(`dedup_buckets`). Signatures are stored encoded (newsdesk.dedup.encode_signature)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from newsdesk.store.base import Store


def signatures_of(store: Store, ids: Iterable[str]) -> dict[str, str]:
    """article id -> encoded signature, for the ids that have one."""
    rows = store.select_in("SELECT article_id, signature FROM dedup_docs WHERE article_id IN (?*)", sorted(ids))
    return {r["article_id"]: r["signature"] for r in rows}


def bucket_members(store: Store, buckets: Iterable[int]) -> dict[int, list[str]]:
    """bucket -> the stored articles in it."""
    out: dict[int, list[str]] = {}
    for r in store.select_in("SELECT bucket, article_id FROM dedup_buckets WHERE bucket IN (?*)", sorted(buckets)):
        out.setdefault(int(r["bucket"]), []).append(r["article_id"])
    return out


def put_signatures(store: Store, rows: Sequence[tuple[str, str]]) -> None:
    """(article id, encoded signature) rows, replacing an article's earlier signature."""
    if rows:
        store.executemany(
            "INSERT INTO dedup_docs (article_id, signature) VALUES (?, ?)"
            " ON CONFLICT (article_id) DO UPDATE SET signature = excluded.signature",
            rows,
        )


def put_buckets(store: Store, rows: Sequence[tuple[int, str]]) -> None:
    """(bucket, article id) rows."""
    if rows:
        store.executemany(
            "INSERT INTO dedup_buckets (bucket, article_id) VALUES (?, ?) ON CONFLICT (bucket, article_id) DO NOTHING",
            rows,
        )


def forget(store: Store, buckets: Sequence[tuple[int, str]], ids: Sequence[str]) -> None:
    """Take these (bucket, article id) rows and the ids' signatures out."""
    if buckets:
        store.executemany("DELETE FROM dedup_buckets WHERE bucket = ? AND article_id = ?", buckets)
    store.execute_in("DELETE FROM dedup_docs WHERE article_id IN (?*)", ids)
