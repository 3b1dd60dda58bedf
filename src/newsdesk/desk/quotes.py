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
from newsdesk.store import quotes as quote_rows


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
        language = Filters(lang=lang).lang
        rows = quote_rows.find(
            self.store, limit=limit, offset=offset, article=article, story=story,
            language=keyword(language) if language else None, speaker_id=speaker_id, about_id=about_id,
            speaker=speaker, speaker_ids=self._entity_ids(speaker) if speaker else (),
            about=about, about_ids=self._entity_ids(about) if about else (), words=(query or "").split())
        return [_row(r) for r in rows]

    def _entity_ids(self, name: str) -> list[str]:
        """Registry ids for a name, through the entities feature when the desk has it."""
        find = getattr(self, "find_entities", None)
        if not callable(find):
            return []
        return [e["id"] for e in find(name)]

    def _extra_stats(self) -> dict[str, Any]:
        out = super()._extra_stats()
        out["quotes"] = quote_rows.counted(self.store)
        return out


def _row(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": r["id"], "article_id": r["article_id"], "title": r["title"], "published": r["article_published"],
        "source": r["source"], "text": r["text"], "direct": bool(r["direct"]), "start": int(r["start_offset"]),
        "end": int(r["end_offset"]), "cue": r["cue"], "speaker": r["speaker"], "speaker_name": r["speaker_name"],
        "speaker_entity_id": r["speaker_entity_id"],
    }
