"""Generated assets: the world outline behind every map (built once from an installed package)."""

from __future__ import annotations

import hashlib
from functools import lru_cache

from fastapi import APIRouter, Request
from fastapi.responses import Response

from newsdesk.web.geo import world_svg

router = APIRouter(include_in_schema=False)


@lru_cache(maxsize=1)
def _world() -> tuple[bytes, str]:
    body = world_svg().encode("utf-8")
    return body, '"' + hashlib.blake2b(body, digest_size=8).hexdigest() + '"'


@router.get("/assets/world.svg")
def world(request: Request) -> Response:
    body, etag = _world()
    headers = {"ETag": etag, "Cache-Control": "public, max-age=86400"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="image/svg+xml", headers=headers)
