"""The quotation tables: `quotes` and `quote_entities` (the SQL the quotes link step runs)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsdesk.store.base import Store, marks

QUOTE_COLUMNS = (
    "id", "article_id", "start_offset", "end_offset", "text", "direct", "cue", "speaker", "speaker_start",
    "speaker_end", "speaker_name", "speaker_entity_id", "published", "counted",
)


def forget(store: Store, article_ids: Sequence[str]) -> None:
    """Remove the quotations of these articles (and what they are about)."""
    store.execute_in("DELETE FROM quote_entities WHERE article_id IN (?*)", article_ids)
    store.execute_in("DELETE FROM quotes WHERE article_id IN (?*)", article_ids)


def put(store: Store, rows: Sequence[tuple[Any, ...]], about: Sequence[tuple[str, str, str, int]]) -> None:
    """Insert quotation rows (values in QUOTE_COLUMNS order) and (quote id, entity id, article id,
    counted) rows of the entities each one is about."""
    if rows:
        marks = ", ".join("?" for _ in QUOTE_COLUMNS)
        store.executemany(f"INSERT INTO quotes ({', '.join(QUOTE_COLUMNS)}) VALUES ({marks})", rows)
    if about:
        store.executemany(
            "INSERT INTO quote_entities (quote_id, entity_id, article_id, counted) VALUES (?, ?, ?, ?)", about)


def listing(store: Store) -> list[dict[str, Any]]:
    """Every quotation row (QUOTE_COLUMNS), by article, then position."""
    return store.query(f"SELECT {', '.join(QUOTE_COLUMNS)} FROM quotes ORDER BY article_id, start_offset, id")


def like_pattern(s: str) -> str:
    """A LIKE pattern matching `s` (lower-cased) anywhere, its wildcards taken literally (ESCAPE '\\')."""
    return "%" + s.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def find(store: Store, *, limit: int, offset: int = 0, article: str | None = None, story: str | None = None,
         language: str | None = None, speaker_id: str | None = None, about_id: str | None = None,
         speaker: str | None = None, speaker_ids: Sequence[str] = (), about: str | None = None,
         about_ids: Sequence[str] = (), words: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Quotation rows with their article's title, source, `article_published` and seq, newest article
    first. `article`: an article id, or a prefix of at least 6 characters (else only counted
    quotations); `speaker` with `speaker_ids` (the registry's entities of that name): their quotations
    and unlinked ones whose speaker is that name; without ids, unlinked ones whose speaker's words
    contain it; `about` with `about_ids`: quotations about those entities, without ids containing the
    words; `words`: each in the text."""
    where: list[str] = []
    params: list[Any] = []
    if article:
        if len(article) >= 6:
            where.append("(q.article_id = ? OR q.article_id LIKE ? ESCAPE '\\')")
            params += [article, like_pattern(article)[1:]]
        else:
            where.append("q.article_id = ?")
            params.append(article)
    else:
        where.append("q.counted = 1")
    if story:
        where.append("a.story_id = ?")
        params.append(story)
    if language:
        where.append("a.language = ?")
        params.append(language)
    if speaker_id:
        where.append("q.speaker_entity_id = ?")
        params.append(speaker_id)
    if about_id:
        where.append("q.id IN (SELECT quote_id FROM quote_entities WHERE entity_id = ?)")
        params.append(about_id)
    if speaker:
        name = speaker.strip()
        if speaker_ids:
            # a known entity: its quotations, and those whose speaker string is that name but was left
            # unlinked; never a description naming it ("an aide to X")
            where.append(f"(q.speaker_entity_id IN ({marks(len(speaker_ids))})"
                         " OR (q.speaker_entity_id IS NULL AND (LOWER(q.speaker) = ? OR LOWER(q.speaker_name) = ?)))")
            params += [*speaker_ids, name.lower(), name.lower()]
        else:
            where.append("(q.speaker_entity_id IS NULL AND (LOWER(q.speaker_name) LIKE ? ESCAPE '\\'"
                         " OR LOWER(q.speaker) LIKE ? ESCAPE '\\'))")
            params += [like_pattern(name), like_pattern(name)]
    if about:
        if about_ids:
            where.append(f"q.id IN (SELECT quote_id FROM quote_entities WHERE entity_id IN ({marks(len(about_ids))}))")
            params += list(about_ids)
        else:
            where.append("LOWER(q.text) LIKE ? ESCAPE '\\'")
            params.append(like_pattern(about.strip()))
    for word in words:
        where.append("LOWER(q.text) LIKE ? ESCAPE '\\'")
        params.append(like_pattern(word))
    return store.query(
        "SELECT q.*, a.title, a.source, a.published AS article_published, a.seq FROM quotes q"
        " JOIN articles a ON a.id = q.article_id"
        f" WHERE {' AND '.join(where)}"
        " ORDER BY CASE WHEN a.published IS NULL THEN 1 ELSE 0 END, a.published DESC, a.seq DESC,"
        " q.start_offset LIMIT ? OFFSET ?",
        (*params, int(limit), int(offset)),
    )


def counted(store: Store) -> int:
    """How many quotations are counted (not in duplicates)."""
    return int(store.scalar("SELECT COUNT(*) FROM quotes WHERE counted = 1") or 0)
