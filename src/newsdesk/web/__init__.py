"""The web desk: a FastAPI app serving the JSON API (/api) and server-rendered pages over a Desk."""

from newsdesk.web.app import create_app

__all__ = ["create_app"]
