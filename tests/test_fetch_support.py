"""Support for the fetching, feed, WARC and watch tests: a local web server and builders.

`LocalWeb` is an HTTP server on 127.0.0.1 (a thread) whose routes the test sets and changes at will:
pages, feeds, redirects, slow and failing routes, wrong encodings, huge streamed bodies, ETags. It
counts hits and records request headers. Two servers on two ports are two hosts to the fetcher.
Everything served here is written for these tests.
"""

from __future__ import annotations

import gzip
import http.server
import io
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "extraction"


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None  # served, and answered with 304 on If-None-Match
    delay: float = 0.0  # seconds before answering
    wait_for: threading.Event | None = None  # block until set (or 10 s) before answering
    fail_first: int = 0  # answer the first N requests with `fail_status`
    fail_status: int = 503
    stream_bytes: int = 0  # stream this many bytes in chunks, without Content-Length
    declare_length: bool = False  # with stream_bytes: send Content-Length too
    handler: Callable[[Any], None] | None = None  # full control


class LocalWeb:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter = Counter()
        self.headers: list[dict[str, str]] = []
        self.served: list[str] = []  # paths in the order their responses completed
        self.bytes_sent: dict[str, int] = {}
        self.lock = threading.Lock()
        web = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                web._handle(self)

        class Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # clients that hang up early (size limits, timeouts) are part of the tests

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handle(self, req: http.server.BaseHTTPRequestHandler) -> None:
        path = req.path
        with self.lock:
            self.hits[path] += 1
            count = self.hits[path]
            self.headers.append({k.lower(): v for k, v in req.headers.items()} | {"path": path})
        route = self.routes.get(path)
        if route is None:
            self._send(req, 404, b"not found", "text/plain")
            self._done(path)
            return
        if route.wait_for is not None:
            route.wait_for.wait(10)
        if route.delay:
            time.sleep(route.delay)
        if route.handler is not None:
            route.handler(req)
            self._done(path)
            return
        if count <= route.fail_first:
            self._send(req, route.fail_status, b"temporarily unavailable", "text/plain")
            self._done(path)
            return
        if route.etag and req.headers.get("If-None-Match") == route.etag:
            req.send_response(304)
            req.send_header("ETag", route.etag)
            req.send_header("Content-Length", "0")
            req.end_headers()
            self._done(path)
            return
        if route.stream_bytes:
            self._stream(req, route)
            self._done(path)
            return
        extra = dict(route.headers)
        if route.etag:
            extra["ETag"] = route.etag
        self._send(req, route.status, route.body, route.content_type, extra)
        self._done(path)

    def _done(self, path: str) -> None:
        with self.lock:
            self.served.append(path)

    def _send(self, req: Any, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
        try:
            req.send_response(status)
            req.send_header("Content-Type", ctype)
            req.send_header("Content-Length", str(len(body)))
            req.send_header("Last-Modified", formatdate(usegmt=True))
            for k, v in (extra or {}).items():
                req.send_header(k, v)
            req.end_headers()
            req.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _stream(self, req: Any, route: Route) -> None:
        chunk = (b"<p>" + b"x" * 65530 + b"</p>\n")[:65536]
        sent = 0
        try:
            req.send_response(200)
            req.send_header("Content-Type", route.content_type)
            if route.declare_length:
                req.send_header("Content-Length", str(route.stream_bytes))
            else:
                req.send_header("Transfer-Encoding", "chunked")
            req.end_headers()
            while sent < route.stream_bytes:
                part = chunk[: route.stream_bytes - sent]
                if route.declare_length:
                    req.wfile.write(part)
                else:
                    req.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
                sent += len(part)
            if not route.declare_length:
                req.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            with self.lock:
                self.bytes_sent[req.path] = sent


# --- builders --------------------------------------------------------------------------------------

def gold_pages() -> list[dict[str, Any]]:
    """Our own gold pages (tests/data/extraction/gold.jsonl)."""
    import json

    with open(DATA / "gold.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def rss(items: list[dict[str, str]], title: str = "Valley Courier: latest", encoding: str = "utf-8",
        declare: bool = True) -> bytes:
    """An RSS 2.0 feed; items take title, link, guid, pubDate, author, description, content."""
    from xml.sax.saxutils import escape

    parts = []
    for it in items:
        fields = "".join(f"<{k}>{escape(it[k])}</{k}>" for k in ("title", "link", "guid", "pubDate", "author", "description")
                         if k in it)
        if "content" in it:
            fields += f"<content:encoded><![CDATA[{it['content']}]]></content:encoded>"
        parts.append(f"<item>{fields}</item>")
    decl = f'<?xml version="1.0" encoding="{encoding}"?>\n' if declare else ""
    xml = (f'{decl}<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
           f"<title>{escape(title)}</title><link>https://valleycourier.example/</link><language>en</language>"
           f"{''.join(parts)}</channel></rss>")
    return xml.encode(encoding if encoding.lower() != "iso-8859-1" else "latin-1")


def warc_record(url: str, date: str, body: bytes, *, status: int = 200, content_type: str = "text/html; charset=utf-8",
                record_type: str = "response", extra_http: str = "") -> bytes:
    """One WARC/1.1 record (response with an HTTP head, resource, request or revisit)."""
    if record_type == "response" or record_type == "revisit":
        reason = {200: "OK", 301: "Moved Permanently", 404: "Not Found"}.get(status, "Status")
        head = f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n{extra_http}\r\n".encode()
        block = head + (body if record_type == "response" else b"")
        ctype = "application/http; msgtype=response"
    elif record_type == "request":
        block = f"GET / HTTP/1.1\r\nHost: {url.split('/')[2]}\r\n\r\n".encode()
        ctype = "application/http; msgtype=request"
    else:
        block, ctype = body, content_type
    headers = (f"WARC/1.1\r\nWARC-Type: {record_type}\r\nWARC-Date: {date}\r\n"
               f"WARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url + date + record_type)}>\r\n"
               f"WARC-Target-URI: {url}\r\nContent-Type: {ctype}\r\nContent-Length: {len(block)}\r\n\r\n")
    return headers.encode() + block + b"\r\n\r\n"


def write_warc(path: Path, records: list[bytes], gz: bool = False) -> Path:
    with open(path, "wb") as fh:
        for rec in records:
            fh.write(gzip.compress(rec) if gz else rec)
    return path


def gzip_bytes(data: bytes) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb") as gz:
        gz.write(data)
    return buf.getvalue()
