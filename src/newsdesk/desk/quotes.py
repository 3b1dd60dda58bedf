"""Quotations on the desk: who said what, filtered by speaker, subject, words, article or story.

Read-only over the tables the `quotes` linker writes (link/quotes.py). Desk-wide listings show
each quotation once: a duplicate article's quotes are kept with the article but not listed (unless
that article is asked for by id).
"""

from __future__ import annotations

from typing import Any

from newsdesk.desk.core import DeskCore
from newsdesk.search.analysis import keyword
from newsdesk.search.filters import Filters


def _like(s: str) -> str:
    """A LIKE pattern matching `s` anywhere, its wildcards taken literally."""
    return "%" + s.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class QuotesAPI(DeskCore):
    def quotes(
        self,
        speaker: str | None = None,
        about: str | None = None,
        query: str | None = None,
        article: str | None = None,
        story: str | None = None,
        speaker_id: str | None = None,
        about_id: str | None = None,
        limit: int = 50,
        offset: int = 0,
        lang: str | None = None,
    ) -> list[dict[str, Any]]:
        """Quotations, newest article first.

        `speaker` / `about` are names, matched like `newsdesk entity` does (canonical name, alias or
        surname, case-insensitive); a speaker nobody could name ("a senior official") matches on
        the words of its description. `query` keeps quotations containing every word given.
        `speaker_id` / `about_id` are registry entity ids; `lang` keeps quotations from articles in
        this language (ISO 639-1 code)."""
        if limit < 0 or offset < 0:
            raise ValueError("limit and offset must not be negative")
        where: list[str] = []
        params: list[Any] = []
        if article:
            # an article id, or a unique prefix of at least 6 characters as `newsdesk show` takes
            if len(article) >= 6:
                where.append("(q.article_id = ? OR q.article_id LIKE ? ESCAPE '\\')")
                params += [article, _like(article)[1:]]
            else:
                where.append("q.article_id = ?")
                params.append(article)
        else:
            where.append("q.counted = 1")
        if story:
            where.append("a.story_id = ?")
            params.append(story)
        language = Filters(lang=lang).lang
        if language:
            where.append("a.language = ?")
            params.append(keyword(language))
        if speaker_id:
            where.append("q.speaker_entity_id = ?")
            params.append(speaker_id)
        if about_id:
            where.append("q.id IN (SELECT quote_id FROM quote_entities WHERE entity_id = ?)")
            params.append(about_id)
        if speaker:
            ids = self._entity_ids(speaker)
            if ids:
                # a known entity: its quotations, and those whose speaker string is that name but was
                # left unlinked; never a description naming it ("an aide to X")
                where.append(f"(q.speaker_entity_id IN ({', '.join('?' for _ in ids)})"
                             " OR (q.speaker_entity_id IS NULL AND (LOWER(q.speaker) = ? OR LOWER(q.speaker_name) = ?)))")
                params += [*ids, speaker.strip().lower(), speaker.strip().lower()]
            else:
                where.append("(q.speaker_entity_id IS NULL AND (LOWER(q.speaker_name) LIKE ? ESCAPE '\\'"
                             " OR LOWER(q.speaker) LIKE ? ESCAPE '\\'))")
                params += [_like(speaker.strip()), _like(speaker.strip())]
        if about:
            ids = self._entity_ids(about)
            if ids:
                marks = ", ".join("?" for _ in ids)
                where.append(f"q.id IN (SELECT quote_id FROM quote_entities WHERE entity_id IN ({marks}))")
                params += ids
            else:
                where.append("LOWER(q.text) LIKE ? ESCAPE '\\'")
                params.append(_like(about.strip()))
        for word in (query or "").split():
            where.append("LOWER(q.text) LIKE ? ESCAPE '\\'")
            params.append(_like(word))
        rows = self.store.query(
            "SELECT q.*, a.title, a.source, a.published AS article_published, a.seq FROM quotes q"
            " JOIN articles a ON a.id = q.article_id"
            f" WHERE {' AND '.join(where)}"
            " ORDER BY CASE WHEN a.published IS NULL THEN 1 ELSE 0 END, a.published DESC, a.seq DESC,"
            " q.start_offset LIMIT ? OFFSET ?",
            (*params, int(limit), int(offset)),
        )
        return [_row(r) for r in rows]

    def _entity_ids(self, name: str) -> list[str]:
        """Registry ids for a name, through the entities feature when the desk has it."""
        find = getattr(self, "find_entities", None)
        if not callable(find):
            return []
        return [e["id"] for e in find(name)]

    def _extra_stats(self) -> dict[str, Any]:
        out = super()._extra_stats()
        out["quotes"] = int(self.store.scalar("SELECT COUNT(*) FROM quotes WHERE counted = 1") or 0)
        return out


def _row(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": r["id"], "article_id": r["article_id"], "title": r["title"], "published": r["article_published"],
        "source": r["source"], "text": r["text"], "direct": bool(r["direct"]), "start": int(r["start_offset"]),
        "end": int(r["end_offset"]), "cue": r["cue"], "speaker": r["speaker"], "speaker_name": r["speaker_name"],
        "speaker_entity_id": r["speaker_entity_id"],
    }
