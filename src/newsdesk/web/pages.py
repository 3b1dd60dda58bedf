"""The HTML pages, rendered on the server from the same Desk methods as the API and the CLI.

Templates get article-derived text either as plain strings (Jinja2 escapes them: autoescape is on)
or as Markup built in render.py/charts.py/geo.py from escaped pieces; no template marks text safe.
"""

from __future__ import annotations

import calendar
import re
import time
from datetime import date, timedelta
from functools import lru_cache
from typing import Annotated, Any

import jinja2
import pycountry
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from newsdesk.desk import Desk
from newsdesk.lexicon.labels import PLACE_LABELS
from newsdesk.search.filters import Filters
from newsdesk.version import __version__
from newsdesk.web import render
from newsdesk.web.charts import bar_chart
from newsdesk.web.geo import place_map

router = APIRouter(include_in_schema=False)

_env = jinja2.Environment(
    loader=jinja2.PackageLoader("newsdesk.web", "templates"),
    autoescape=True,  # every {{ value }} is escaped unless it is already Markup built from escaped parts
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters.update(date=render.fmt_date, int=render.fmt_int, plural=render.plural, truncate_text=render.truncate)
_env.globals.update(
    version=__version__, entity_href=render.entity_href, article_href=render.article_href,
    story_href=render.story_href, safe_url=render.safe_url, query_url=render.query_url,
    entity_kind=render.entity_kind, kind_names=render.KIND_NAMES, highlight=render.highlight,
)
templates = Jinja2Templates(env=_env)

PAGE_SIZE = 20
Text = Annotated[str | None, Query(max_length=500)]
DateParam = Annotated[str | None, Query(max_length=40)]


def desk_of(request: Request) -> Desk:
    return request.app.state.desk


STATS_TTL_SECONDS = 30.0


def desk_stats(request: Request) -> dict[str, Any]:
    """The desk's counts for page headers, computed at most every STATS_TTL_SECONDS: stats() scans
    the whole article table (most of a second at 100k articles), too slow for every page view."""
    state = request.app.state
    cached = getattr(state, "stats_cache", None)
    now = time.monotonic()
    if cached is None or now - cached[0] > STATS_TTL_SECONDS:
        cached = (now, desk_of(request).stats())
        state.stats_cache = cached
    return cached[1]


def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status)


# --- home ------------------------------------------------------------------------------------------
@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    desk = desk_of(request)
    stats = desk_stats(request)
    places = desk.places(limit=200) or []
    places = sorted(places, key=lambda p: -(p.get("mentions") or 0))
    return page(
        request, "home.html",
        stats=stats,
        stories=desk.stories(top=8) or [],
        breaking=desk.stories(breaking=True, top=5) or [],
        people=desk.entities(type="PERSON", top=10) or [],
        orgs=desk.entities(type="ORG", top=8) or [],
        places=places[:10],
        map=place_map(places, size="small") if places else None,
    )


# --- search ----------------------------------------------------------------------------------------
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")


def period_range(value: str) -> tuple[str, str] | None:
    """The first and last day of a facet's date value ('2026-03' -> 2026-03-01, 2026-03-31)."""
    try:
        if _DAY.match(value):
            date.fromisoformat(value)
            return value, value
        if _MONTH.match(value):
            y, m = int(value[:4]), int(value[5:])
            return f"{value}-01", f"{value}-{calendar.monthrange(y, m)[1]:02d}"
        if _YEAR.match(value):
            return f"{value}-01-01", f"{value}-12-31"
    except ValueError:
        return None
    return None


@lru_cache(maxsize=256)
def language_name(code: str) -> str:
    """'en' -> 'English' (pycountry); unknown codes stay as they are."""
    try:
        lang = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    except (ImportError, KeyError, LookupError):
        lang = None
    return getattr(lang, "name", None) or code


def entity_name(desk: Desk, entity_id: str) -> str:
    """An entity's name by id, cheaply (find_entities matches ids without loading the whole entity)."""
    for e in desk.find_entities(entity_id) or []:
        if e.get("id") == entity_id:
            return e.get("name") or entity_id
    return entity_id


def label_facets(desk: Desk, facets: dict[str, Any]) -> dict[str, Any]:
    """Facet values are ids and codes; give the shown ones a readable label (story titles, entity
    names, language names). Only the few values a page shows are looked up."""
    out = dict(facets)
    out["language"] = [{**v, "label": language_name(str(v.get("value") or ""))} for v in facets.get("language") or []]
    stories = []
    for v in (facets.get("story") or [])[:8]:
        story = desk.story(v["value"]) if v.get("value") else None
        stories.append({**v, "label": (story or {}).get("title") or v.get("value")})
    out["story"] = stories
    entities = []
    for v in (facets.get("entity") or [])[:8]:
        entities.append({**v, "label": entity_name(desk, str(v.get("value") or ""))})
    out["entity"] = entities
    return out


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: Annotated[str, Query(max_length=1000)] = "",
    page_no: Annotated[int, Query(alias="page", ge=1, le=500)] = 1,
    since: DateParam = None,
    until: DateParam = None,
    source: Text = None,
    lang: Annotated[str | None, Query(max_length=20)] = None,
    entity: Text = None,
    story: Text = None,
    place: Text = None,
    category: Text = None,
    watchlist: Text = None,
    dups: bool = False,
) -> HTMLResponse:
    desk = desk_of(request)
    given = Filters.pick(locals())  # the parameters above that are named as Filters' fields
    params = {"q": q, **given, "dups": dups}
    context: dict[str, Any] = {"q": q, "params": params, "filters": {**given, "include_duplicates": dups},
                               "page_no": page_no, "result": None, "facets": None, "chart": None,
                               "error": None, "filter_labels": {}}
    active = bool(q.strip()) or any(given.values())
    if active:
        try:
            filters = Filters(**given, include_duplicates=dups)
            context["result"] = desk.search(q, limit=PAGE_SIZE, offset=(page_no - 1) * PAGE_SIZE, filters=filters)
            context["facets"] = desk.facets(q, filters=filters)
            timeline = desk.timeline(q, by="day", filters=filters)
        except ValueError as exc:  # a malformed query: say what is wrong, on the page
            context["error"] = str(exc) or "invalid query"
            return page(request, "search.html", status=400, **context)

        def day_link(since_day: str, until_day: str) -> str:
            return render.query_url("/search", {**params, "since": since_day, "until": until_day})

        context["chart"] = bar_chart(timeline or [], link=day_link)
        if context["facets"]:
            context["facets"] = label_facets(desk, context["facets"])
        context["period_range"] = period_range
    # Active story and entity filters are ids: show what they name.
    labels: dict[str, str] = {}
    if story:
        labels["story"] = (desk.story(story) or {}).get("title") or story
    if entity:
        labels["entity"] = entity_name(desk, entity)
    if lang:
        labels["lang"] = language_name(lang)
    context["filter_labels"] = labels
    return page(request, "search.html", **context)


def _found(item: Any, what: str, key: str) -> Any:
    """`item`, or a 404 page saying there is no such thing."""
    if item is None:
        raise HTTPException(404, f"There is no {what} {key}.")
    return item


# --- article ----------------------------------------------------------------------------------------
@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: Annotated[str, PathParam(max_length=200)]) -> HTMLResponse:
    desk = desk_of(request)
    art = _found(desk.get(article_id), "article", article_id)
    story = desk.story(art.story_id) if art.story_id else None
    original = desk.original_of(art.id) if art.duplicate_of else None
    duplicates = desk.duplicates_of(art.id) or []
    places = [{"id": e.entity_id, "name": e.name, "lat": e.lat, "lon": e.lon, "mentions": e.mention_count}
              for e in art.entities if e.label in PLACE_LABELS and e.lat is not None and e.lon is not None]
    groups: dict[str, list[Any]] = {}
    for e in sorted(art.entities, key=lambda e: (-e.mention_count, e.name)):
        groups.setdefault(render.entity_kind(e.label), []).append(e)
    return page(
        request, "article.html",
        art=art, body=render.annotate_article(art), story=story, original=original, duplicates=duplicates,
        groups=[(k, groups[k]) for k in render.KIND_NAMES if k in groups],
        map=place_map(places, size="small", fit=True) if places else None, places=places,
        url=render.safe_url(art.url),
    )


# --- story -----------------------------------------------------------------------------------------
@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: Annotated[str, PathParam(max_length=200)]) -> HTMLResponse:
    desk = desk_of(request)
    story = _found(desk.story(story_id), "story", story_id)
    # Story places count articles ("count"); the map sizes circles by "mentions".
    places = [{**p, "mentions": p.get("mentions", p.get("count"))} for p in story.get("places") or []]

    def day_link(since: str, until: str) -> str:
        return render.query_url("/search", {"story": story.get("id"), "since": since, "until": until})

    return page(
        request, "story.html", story=story,
        chart=bar_chart(story.get("timeline") or [], link=day_link),
        map=place_map(places, size="small", fit=True) if places else None,
    )


# --- entity ----------------------------------------------------------------------------------------
@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: Annotated[str, PathParam(max_length=200)]) -> HTMLResponse:
    desk = desk_of(request)
    entity = _found(desk.entity(entity_id), "entity", entity_id)
    located = entity.get("lat") is not None and entity.get("lon") is not None
    here = [{**entity, "mentions": entity.get("mentions") or 1}] if located else []

    def day_link(since: str, until: str) -> str:
        return render.query_url("/search", {"entity": entity.get("id"), "since": since, "until": until})

    listed = entity.get("articles")
    articles = listed if isinstance(listed, list) else []
    n_articles = entity.get("article_count", len(articles) if isinstance(listed, list) else listed)
    return page(
        request, "entity.html", entity=entity, kind=render.entity_kind(entity.get("type")),
        articles=articles, n_articles=n_articles,
        chart=bar_chart(entity.get("timeline") or [], label="mentions", link=day_link),
        map=place_map(here, size="small", fit=True) if here else None,
    )


# --- map -------------------------------------------------------------------------------------------
@router.get("/map", response_class=HTMLResponse)
def map_page(
    request: Request,
    since: DateParam = None,
    until: DateParam = None,
    story: Text = None,
    days: Annotated[int | None, Query(ge=1, le=36500)] = None,
) -> HTMLResponse:
    desk = desk_of(request)
    if days and not since:
        # "the last N days" counted back from the newest article, so an old archive still shows.
        last = (desk_stats(request).get("last_published") or "")[:10]
        try:
            since = (date.fromisoformat(last) - timedelta(days=days - 1)).isoformat()
        except ValueError:
            since = None
    story_info = desk.story(story) if story else None
    error = None
    try:
        places = desk.places(since=since, until=until, story=story, limit=500) or []
    except ValueError as exc:
        places, error = [], str(exc)
    places = sorted(places, key=lambda p: -(p.get("mentions") or 0))
    return page(
        request, "map.html", status=400 if error else 200, places=places, error=error,
        since=since or "", until=until or "", story=story or "", story_info=story_info,
        map=place_map(places, size="large", labels=12),
    )
