"""The JSON API under /api: the same Desk methods as the CLI, paginated, described at /openapi.json.

Reading is open; writing (POST /api/ingest) needs the token the server was started with, and is
off when it was started without one.
"""

from __future__ import annotations

import hmac
import json
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel
from starlette.datastructures import UploadFile

from newsdesk.config import IngestOptions
from newsdesk.desk import Desk
from newsdesk.search.filters import Filters


class ErrorOut(BaseModel):
    detail: str
    status: int


_ERR = {"model": ErrorOut}
router = APIRouter(prefix="/api", tags=["api"], responses={400: _ERR, 404: _ERR, 422: _ERR})

MAX_LIMIT = 200
MAX_OFFSET = 100_000
MAX_JSON_BYTES = 32 * 1024**2
MAX_UPLOAD_BYTES = 256 * 1024**2

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page (1-{MAX_LIMIT}).")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip (pagination).")]
Text = Annotated[str | None, Query(max_length=500)]
Since = Annotated[str | None, Query(max_length=40, description="Earliest publication date (YYYY-MM-DD).")]
Lang = Annotated[str | None, Query(max_length=20, description="Only this language (ISO 639-1 code).")]
Until = Annotated[str | None, Query(max_length=40, description="Latest publication date (YYYY-MM-DD).")]


def desk_of(request: Request) -> Desk:
    return request.app.state.desk


@contextmanager
def user_errors() -> Iterator[None]:
    """A ValueError from the Desk is the user's mistake (a bad query, an unknown filter): 400."""
    try:
        yield
    except HTTPException:
        raise
    except ValueError as exc:
        raise HTTPException(400, str(exc) or "invalid request") from exc


def page(items: list[dict[str, Any]], limit: int, offset: int) -> dict[str, Any]:
    """A page of a list: the items, where it starts, and where the next page would (if any)."""
    return {"items": items, "limit": limit, "offset": offset, "count": len(items),
            "next_offset": offset + limit if len(items) >= limit else None}


def found(item: Any, what: str, key: str) -> Any:
    """`item`, or a 404 naming what was asked for when there is none."""
    if item is None:
        raise HTTPException(404, f"no {what} {key!r}")
    return item


def search_filters(
    since: Since = None,
    until: Until = None,
    source: Text = None,
    lang: Annotated[str | None, Query(max_length=20)] = None,
    entity: Text = None,
    story: Text = None,
    place: Text = None,
    category: Text = None,
    watchlist: Text = None,
    include_duplicates: bool = False,
) -> Filters:
    """The filter query parameters that /search, /timeline and /facets share, as one Filters."""
    with user_errors():
        return Filters(**Filters.pick(locals()), include_duplicates=include_duplicates)  # the parameters above


SearchFilters = Annotated[Filters, Depends(search_filters)]


# --- search ----------------------------------------------------------------------------------------
@router.get("/search", summary="Search articles")
def api_search(
    request: Request,
    *,
    q: Annotated[str, Query(max_length=1000, description="A query in newsdesk's query language.")] = "",
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Offset = 0,
    filters: SearchFilters,
) -> dict[str, Any]:
    """Matching articles, best first, with highlighted snippets."""
    desk = desk_of(request)
    with user_errors():
        result = desk.search(q, limit=limit, offset=offset, filters=filters)
    return {**result, "limit": limit, "offset": offset}


@router.get("/timeline", summary="Matching articles per period")
def api_timeline(
    request: Request,
    *,
    q: Annotated[str, Query(max_length=1000)] = "",
    by: Literal["day", "week", "month"] = "day",
    filters: SearchFilters,
) -> dict[str, Any]:
    """How many articles match per day (or ISO week, month): attention over time."""
    desk = desk_of(request)
    with user_errors():
        periods = desk.timeline(q, by=by, filters=filters)
    return {"query": q, "by": by, "periods": periods}


@router.get("/facets", summary="Facet counts of matching articles")
def api_facets(
    request: Request,
    *,
    q: Annotated[str, Query(max_length=1000)] = "",
    filters: SearchFilters,
) -> dict[str, Any]:
    """Counts of the matching articles by source, language, story, entity and date."""
    desk = desk_of(request)
    with user_errors():
        return desk.facets(q, filters=filters)


# --- articles --------------------------------------------------------------------------------------
@router.get("/articles/{article_id}", summary="One article with its annotations")
def api_article(request: Request, article_id: Annotated[str, PathParam(max_length=200)]) -> dict[str, Any]:
    """An article (by id or a unique prefix of 6+ characters): text, entities, mentions, quotations."""
    return found(desk_of(request).get(article_id), "article", article_id).to_dict()


@router.get("/articles/{article_id}/duplicates", summary="Duplicates of an article")
def api_duplicates(request: Request, article_id: Annotated[str, PathParam(max_length=200)]) -> dict[str, Any]:
    desk = desk_of(request)
    article = found(desk.get(article_id), "article", article_id)
    items = desk.duplicates_of(article.id)
    return {"article_id": article.id, "duplicate_of": article.duplicate_of, "items": items}


# --- entities, places, quotations, stories ----------------------------------------------------------
@router.get("/entities", summary="Entities, most mentioned first")
def api_entities(
    request: Request,
    type: Annotated[str | None, Query(max_length=40, description="PERSON, ORG, GPE, LOC, …")] = None,
    query: Text = None,
    lang: Lang = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    with user_errors():
        items = desk_of(request).entities(type=type, top=limit, offset=offset, query=query, lang=lang)
    return page(items, limit, offset)


@router.get("/entities/{entity_id}", summary="One entity: roles, aliases, quotations, stories")
def api_entity(request: Request, entity_id: Annotated[str, PathParam(max_length=200)]) -> dict[str, Any]:
    with user_errors():
        entity = desk_of(request).entity(entity_id)
    return found(entity, "entity", entity_id)


@router.get("/places", summary="Places mentioned, with coordinates")
def api_places(
    request: Request,
    since: Since = None,
    until: Until = None,
    story: Text = None,
    lang: Lang = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> dict[str, Any]:
    with user_errors():
        items = desk_of(request).places(since=since, until=until, story=story, limit=limit, lang=lang)
    return {"items": items, "limit": limit, "count": len(items)}


@router.get("/places/{name}", summary="One place name: its entities, confidence, pin and gazetteer readings",
            responses={400: _ERR})
def api_place(request: Request, name: Annotated[str, PathParam(max_length=200)]) -> dict[str, Any]:
    with user_errors():
        return desk_of(request).place(name)


class PlacePinIn(BaseModel):
    name: str
    to: str  # a GeoNames id or "LAT,LON"


@router.post("/places/pin", summary="Pin a place name to a GeoNames id or LAT,LON (needs the token)",
             responses={400: _ERR, 401: _ERR, 403: _ERR})
def api_place_pin(request: Request, body: PlacePinIn) -> dict[str, Any]:
    return _correct(request, lambda desk: desk.pin_place(body.name, body.to))


@router.get("/quotes", summary="Quotations")
def api_quotes(
    request: Request,
    speaker: Text = None,
    about: Text = None,
    query: Text = None,
    article: Text = None,
    story: Text = None,
    speaker_id: Text = None,
    about_id: Text = None,
    lang: Lang = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Quotations, filtered by who said them, whom they are about, words, article or story."""
    with user_errors():
        items = desk_of(request).quotes(
            speaker=speaker, about=about, query=query, article=article, story=story,
            speaker_id=speaker_id, about_id=about_id, limit=limit, offset=offset, lang=lang)
    return page(items, limit, offset)


@router.get("/stories", summary="Stories, biggest first")
def api_stories(
    request: Request,
    since: Since = None,
    breaking: bool = False,
    query: Text = None,
    lang: Lang = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    with user_errors():
        items = desk_of(request).stories(since=since, breaking=breaking, top=limit, offset=offset,
                                                  query=query, lang=lang)
    return page(items, limit, offset)


@router.get("/stories/{story_id}", summary="One story: summary, timeline, articles, quotations")
def api_story(request: Request, story_id: Annotated[str, PathParam(max_length=200)]) -> dict[str, Any]:
    with user_errors():
        story = desk_of(request).story(story_id)
    return found(story, "story", story_id)


class StoryMergeIn(BaseModel):
    keep: str
    other: str


class StorySplitIn(BaseModel):
    story: str
    articles: list[str]


class StoryMoveIn(BaseModel):
    articles: list[str]
    to: str


def _correct(request: Request, call: Any) -> dict[str, Any]:
    """An analyst's story correction (needs the token): kept through reprocessing."""
    check_token(request)
    with request.app.state.write_lock, user_errors():
        result = call(desk_of(request))
    request.app.state.stats_cache = None
    return result


@router.post("/stories/merge", summary="Merge story `other` into `keep` (needs the token)",
             responses={400: _ERR, 401: _ERR, 403: _ERR})
def api_story_merge(request: Request, body: StoryMergeIn) -> dict[str, Any]:
    return _correct(request, lambda desk: desk.merge_stories(body.keep, body.other))


@router.post("/stories/split", summary="Split articles off a story into a new one (needs the token)",
             responses={400: _ERR, 401: _ERR, 403: _ERR})
def api_story_split(request: Request, body: StorySplitIn) -> dict[str, Any]:
    return _correct(request, lambda desk: desk.split_story(body.story, body.articles))


@router.post("/stories/move", summary="Move articles into a story (needs the token)",
             responses={400: _ERR, 401: _ERR, 403: _ERR})
def api_story_move(request: Request, body: StoryMoveIn) -> dict[str, Any]:
    return _correct(request, lambda desk: desk.move_articles(body.articles, body.to))


@router.get("/stats", summary="Counts: articles, duplicates, languages, sources, …")
def api_stats(request: Request) -> dict[str, Any]:
    return desk_of(request).stats()


# --- writing -----------------------------------------------------------------------------------------
_INGEST_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": {
            "type": "array", "items": {"type": "object"},
            "description": "Records: objects with text (or body/content), title, url, published, source, id…"}},
        "multipart/form-data": {"schema": {
            "type": "object", "required": ["file"],
            "properties": {"file": {"type": "string", "format": "binary",
                                    "description": "A JSONL, CSV, text, HTML, feed or WARC file (.gz too)."}}}},
    },
}
_SAFE_SUFFIX = re.compile(r"^[A-Za-z0-9]{1,8}$")


def check_token(request: Request) -> None:
    expected = request.app.state.token
    if not expected:
        raise HTTPException(403, "writing over HTTP is off: start the server with --token or NEWSDESK_TOKEN")
    given = request.headers.get("x-newsdesk-token") or ""
    auth = request.headers.get("authorization") or ""
    if auth.lower().startswith("bearer "):
        given = auth[7:].strip()
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(401, "a valid token is needed (Authorization: Bearer TOKEN)",
                            headers={"WWW-Authenticate": "Bearer"})


def _suffix(filename: str | None) -> str:
    """The upload's suffixes (".jsonl.gz"), so the desk reads it in the right format."""
    parts = Path(filename or "upload").name.split(".")[1:][-2:]
    return "".join("." + p for p in parts if _SAFE_SUFFIX.match(p))


async def _read_capped(request: Request, cap: int) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise HTTPException(413, f"request body over {cap // 1024**2} MB")
        chunks.append(chunk)
    return b"".join(chunks)


@router.post(
    "/ingest", summary="Ingest records or a file (needs the token)", openapi_extra={"requestBody": _INGEST_BODY},
    responses={401: _ERR, 403: _ERR, 413: _ERR, 415: _ERR},
)
async def api_ingest(
    request: Request,
    bulk: Annotated[bool, Query(description="Fast load without language understanding.")] = False,
    source: Annotated[str | None, Query(max_length=200, description="Source for records without one.")] = None,
) -> dict[str, Any]:
    """Ingest a JSON list of records, or one uploaded file (multipart field `file`)."""
    check_token(request)
    desk = desk_of(request)
    # In-process enrichment: a threaded server must not fork a worker pool per request.
    options = IngestOptions(pipeline="bulk" if bulk else "full", workers=1, source=source)
    ctype = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    lock = request.app.state.write_lock

    if ctype == "application/json":
        raw = await _read_capped(request, MAX_JSON_BYTES)
        try:
            body = json.loads(raw or b"null")
        except ValueError as exc:
            raise HTTPException(400, f"the body is not valid JSON: {exc}") from exc
        if isinstance(body, dict) and isinstance(body.get("records"), list):
            body = body["records"]
        if not isinstance(body, list):
            raise HTTPException(422, "expected a JSON list of records (objects with a text field)")

        def run_records() -> dict[str, Any]:
            with lock, user_errors():
                result = desk.ingest_records(body, options)
            request.app.state.stats_cache = None  # the pages' counts are stale now
            report = result.to_dict()
            # Per item, in the order sent: stored / duplicate / unchanged / skipped (with its reason).
            report["items"] = sorted(result.outcomes, key=lambda o: o["position"])
            return report

        return await run_in_threadpool(run_records)

    if ctype == "multipart/form-data":
        try:
            form = await request.form(max_files=1, max_fields=10, max_part_size=MAX_UPLOAD_BYTES)
        except Exception as exc:  # malformed multipart bodies of every kind
            raise HTTPException(400, f"could not read the upload: {exc}") from exc
        try:
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise HTTPException(422, "expected one file in the multipart field 'file'")
            with tempfile.TemporaryDirectory(prefix="newsdesk-upload-") as tmp:
                path = Path(tmp) / ("upload" + _suffix(upload.filename))
                size = 0
                with open(path, "wb") as fh:
                    while chunk := await upload.read(1024 * 1024):
                        size += len(chunk)
                        if size > MAX_UPLOAD_BYTES:
                            raise HTTPException(413, f"upload over {MAX_UPLOAD_BYTES // 1024**2} MB")
                        fh.write(chunk)

                def run_file() -> dict[str, Any]:
                    with lock, user_errors():
                        result = desk.ingest([str(path)], options)
                    request.app.state.stats_cache = None
                    report = result.to_dict()
                    # Per item (line, record or entry of the file): stored / duplicate / skipped, why.
                    report["items"] = [{k: v for k, v in o.items() if k != "origin"} for o in result.outcomes]
                    return report

                return await run_in_threadpool(run_file)
        finally:
            await form.close()

    raise HTTPException(415, "send application/json (a list of records) or multipart/form-data (a file)")
