"""Fetching pages and feeds over HTTP(S) with httpx, politely and defensively.

- A clear User-Agent naming newsdesk and where to read about it.
- Per-host queues: at most `per_host` requests in flight to one host and `delay` seconds between
  the starts of two requests to it (or the host's robots.txt Crawl-delay, if longer); other hosts go
  on meanwhile, so one slow or failing host never stalls the rest.
- Timeouts (connect, read, and a total deadline per response), retries with exponential backoff on
  timeouts, connection errors, 429 and 5xx (Retry-After honoured, capped).
- Conditional requests (If-None-Match / If-Modified-Since): a 304 comes back as `not_modified`.
- A size limit enforced while reading: a page bigger than the limit is abandoned mid-download.
- Redirects followed by hand, at most `max_redirects` hops, each hop's scheme, address and
  robots.txt checked again.
- robots.txt respected by default (RFC 9309: missing = allowed; server error or unreachable =
  disallowed).
- Private, loopback, link-local, multicast and reserved addresses refused unless `allow_private`
  (a user fetching their own intranet, or tests against a local server).
"""

from __future__ import annotations

import ipaddress
import random
import socket
import threading
import time
import urllib.robotparser
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from newsdesk.config import IngestOptions
from newsdesk.sources.encoding import charset_from_content_type
from newsdesk.version import __version__

USER_AGENT = f"newsdesk/{__version__} (+https://github.com/newsdesk/newsdesk)"
ROBOTS_AGENT = "newsdesk"
RETRY_STATUS = {429, 500, 502, 503, 504}
ACCEPT = ("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,"
          "text/xml;q=0.9,*/*;q=0.5")
_ROBOTS_MAX_BYTES = 512 * 1024
_MAX_RETRY_AFTER = 30.0


def is_url(path: str) -> bool:
    return path[:8].lower().startswith(("http://", "https://"))


@dataclass
class FetchRequest:
    url: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class FetchResult:
    """What one fetch gave: content, or `error` saying why there is none."""

    url: str
    final_url: str | None = None
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes = b""
    error: str | None = None
    not_modified: bool = False
    attempts: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None and not self.not_modified

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        return charset_from_content_type(self.headers.get("content-type"))

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")


class FetchError(Exception):
    """A fetch that cannot succeed (refused address, robots.txt, size, too many redirects)."""


class _Retryable(Exception):
    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


def address_problem(host: str, port: int | None) -> str | None:
    """Why fetching from `host` is refused (a private, loopback, ... address), or None."""
    try:
        infos = socket.getaddrinfo(host, port or 80, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        return f"cannot resolve {host}: {exc.strerror or exc}"
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%")[0])
        kind = refused_kind(ip)
        if kind:
            return f"{host} resolves to {ip}, a {kind} address (allow with --allow-private)"
    return None


_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT


def refused_kind(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """What kind of non-public address `ip` is (loopback, private, ...), or None for a public one.

    IPv6 forms that carry an IPv4 address (mapped, 6to4 2002::/16, NAT64 64:ff9b::/96, Teredo) are
    judged by the IPv4 address inside, so a private or loopback host cannot hide in them.
    """
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is None and ip.teredo:
            embedded = ip.teredo[1]
        if embedded is not None:
            inner = refused_kind(embedded)
            return f"{inner} (inside {ip})" if inner else None
        if ip in _NAT64_LOCAL:
            return "reserved"
    kind = ("loopback" if ip.is_loopback else "link-local" if ip.is_link_local else
            "multicast" if ip.is_multicast else "unspecified" if ip.is_unspecified else
            "carrier-grade NAT" if isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED else
            "private" if ip.is_private else "reserved" if ip.is_reserved else
            "non-public" if not ip.is_global else None)
    return kind


class _Host:
    """Per-host state: requests in flight, when the next may start, and its robots.txt rules."""

    def __init__(self) -> None:
        self.in_flight = 0
        self.next_start = 0.0
        self.lock = threading.Lock()
        self.robots: urllib.robotparser.RobotFileParser | None = None
        self.robots_error: str | None = None
        self.robots_checked = False
        self.crawl_delay: float | None = None


class Fetcher:
    """A polite HTTP client shared by everything that fetches (URL inputs, feeds, linked pages)."""

    def __init__(self, *, allow_private: bool = False, max_bytes: int = 20 * 1024**2, timeout: float = 20.0,
                 total_timeout: float = 120.0, retries: int = 2, backoff: float = 0.5, per_host: int = 2,
                 delay: float = 1.0, workers: int = 8, respect_robots: bool = True, max_redirects: int = 5,
                 user_agent: str = USER_AGENT, transport: httpx.BaseTransport | None = None) -> None:
        self.allow_private = allow_private
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.total_timeout = total_timeout
        self.retries = retries
        self.backoff = backoff
        self.per_host = max(1, per_host)
        self.delay = max(0.0, delay)
        self.workers = max(1, workers)
        self.respect_robots = respect_robots
        self.max_redirects = max_redirects
        self.user_agent = user_agent
        self._client = httpx.Client(
            headers={"User-Agent": user_agent, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)), follow_redirects=False,
            limits=httpx.Limits(max_connections=self.workers * 2, max_keepalive_connections=self.workers),
            transport=transport,
        )
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None

    @classmethod
    def from_options(cls, options: IngestOptions, **overrides: Any) -> Fetcher:
        settings: dict[str, Any] = {"allow_private": options.allow_private, "max_bytes": options.limits.max_html_bytes}
        settings.update(overrides)
        return cls(**settings)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- one URL ---------------------------------------------------------------------------------
    def fetch(self, url: str | FetchRequest, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        """Fetch one URL now (still waiting for its host's turn); never raises for network trouble."""
        request = url if isinstance(url, FetchRequest) else FetchRequest(url, etag, last_modified)
        started = time.monotonic()
        result = FetchResult(url=request.url)
        try:
            self._fetch_following(request, result)
        except FetchError as exc:
            result.error = str(exc)
        except _Retryable as exc:
            result.error = str(exc)
        except Exception as exc:  # an httpx/h11 oddity on one page must not take the run down
            result.error = f"{type(exc).__name__}: {exc}"
        result.seconds = time.monotonic() - started
        if result.error:
            result.content = b""
        return result

    def _fetch_following(self, request: FetchRequest, result: FetchResult) -> None:
        url = request.url
        seen: set[str] = set()
        for hop in range(self.max_redirects + 1):
            self._check_url(url)
            host = self._host(url)
            self._check_robots(url, host)
            status = self._fetch_with_retries(url, request if hop == 0 else None, host, result)
            if status in (301, 302, 303, 307, 308):
                location = result.headers.get("location")
                if not location:
                    raise FetchError(f"HTTP {status} redirect without a Location")
                url = urljoin(url, location.strip())
                if url in seen:
                    raise FetchError(f"redirect loop at {url}")
                seen.add(url)
                continue
            result.final_url = url
            if status == 304:
                result.not_modified = True
            elif status >= 400:
                raise FetchError(f"HTTP {status}")
            return
        raise FetchError(f"too many redirects (more than {self.max_redirects})")

    def _check_url(self, url: str) -> None:
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as exc:
            raise FetchError(f"bad URL {url!r}: {exc}") from None
        if parts.scheme not in ("http", "https"):
            raise FetchError(f"unsupported URL scheme {parts.scheme!r} in {url}")
        if not parts.hostname:
            raise FetchError(f"no host in URL {url!r}")
        if not self.allow_private:
            problem = address_problem(parts.hostname, port)
            if problem:
                raise FetchError(f"refused: {problem}")

    def _host(self, url: str) -> _Host:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc.lower()}"
        with self._hosts_lock:
            host = self._hosts.get(key)
            if host is None:
                host = self._hosts[key] = _Host()
            return host

    def _host_key(self, url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc.lower()}"

    def _wait_turn(self, host: _Host) -> None:
        """Politeness: requests to one host start at least `delay` (or Crawl-delay) seconds apart."""
        gap = max(self.delay, min(host.crawl_delay or 0.0, 30.0))
        with host.lock:
            now = time.monotonic()
            start = max(now, host.next_start)
            host.next_start = start + gap
        if start > now:
            time.sleep(start - now)

    def _check_robots(self, url: str, host: _Host) -> None:
        if not self.respect_robots:
            return
        with host.lock:
            checked = host.robots_checked
        if not checked:
            self._load_robots(url, host)
        if host.robots_error:
            raise FetchError(host.robots_error)
        if host.robots is not None and not host.robots.can_fetch(ROBOTS_AGENT, url):
            raise FetchError("disallowed by robots.txt")

    def _load_robots(self, url: str, host: _Host) -> None:
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        probe = FetchResult(url=robots_url)
        error: str | None = None
        rules: urllib.robotparser.RobotFileParser | None = None
        try:
            target = robots_url
            status = 0
            for _ in range(self.max_redirects + 1):
                self._check_url(target)
                status = self._fetch_with_retries(target, None, self._host(target), probe, _ROBOTS_MAX_BYTES)
                if status in (301, 302, 303, 307, 308) and probe.headers.get("location"):
                    target = urljoin(target, probe.headers["location"])
                    continue
                break
            if 200 <= status < 300:
                rules = urllib.robotparser.RobotFileParser()
                rules.parse(probe.content.decode("utf-8", errors="replace").splitlines())
            elif status >= 500:
                error = f"robots.txt unavailable (HTTP {status}): not fetching from this host (RFC 9309)"
            # 4xx (and a redirect we could not follow): no rules, everything allowed
        except (FetchError, _Retryable) as exc:
            if "too large" in str(exc):
                rules = None  # an oversized robots.txt: RFC 9309 lets us use what we read; we allow
            else:
                error = f"robots.txt unreachable ({exc}): not fetching from this host (RFC 9309)"
        with host.lock:
            host.robots, host.robots_error, host.robots_checked = rules, error, True
            if rules is not None:
                delay = rules.crawl_delay(ROBOTS_AGENT)
                host.crawl_delay = float(delay) if delay else None

    def _fetch_with_retries(self, url: str, request: FetchRequest | None, host: _Host, result: FetchResult,
                            max_bytes: int | None = None) -> int:
        headers: dict[str, str] = {}
        if request is not None:
            if request.etag:
                headers["If-None-Match"] = request.etag
            if request.last_modified:
                headers["If-Modified-Since"] = request.last_modified
        attempt = 0
        while True:
            attempt += 1
            result.attempts += 1
            self._wait_turn(host)
            try:
                return self._get(url, headers, result, max_bytes or self.max_bytes)
            except _Retryable as exc:
                if attempt > self.retries:
                    suffix = f" (after {attempt} attempts)" if attempt > 1 else ""
                    raise _Retryable(f"{exc}{suffix}") from None
                pause = self.backoff * (2 ** (attempt - 1)) * (1 + random.random() * 0.1)
                if exc.retry_after is not None:
                    pause = max(pause, min(exc.retry_after, _MAX_RETRY_AFTER))
                time.sleep(pause)

    def _get(self, url: str, headers: dict[str, str], result: FetchResult, max_bytes: int) -> int:
        deadline = time.monotonic() + self.total_timeout
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                result.status = status
                result.headers = {k.lower(): v for k, v in response.headers.items()}
                if status in RETRY_STATUS:
                    raise _Retryable(f"HTTP {status}", _retry_after(response.headers.get("retry-after")))
                if status != 200:
                    return status
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(f"too large ({int(declared):,} bytes > limit {max_bytes:,}; not downloaded)")
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise FetchError(f"too large (over the limit of {max_bytes:,} bytes; download stopped)")
                    chunks.append(chunk)
                    if time.monotonic() > deadline:
                        raise _Retryable(f"too slow (no complete response within {self.total_timeout:g} s)")
                result.content = b"".join(chunks)
                return status
        except httpx.TimeoutException:
            raise _Retryable(f"timed out (no response within {self.timeout:g} s)") from None
        except httpx.TooManyRedirects:
            raise FetchError("too many redirects") from None
        except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            raise _Retryable(f"connection failed: {_short(exc)}") from None
        except httpx.InvalidURL as exc:
            raise FetchError(f"bad URL: {exc}") from None

    # --- many URLs ---------------------------------------------------------------------------------
    def fetch_many(self, requests: Iterable[str | FetchRequest], window: int = 256) -> Iterator[FetchResult]:
        """Fetch URLs concurrently (per-host queues) and yield the results in the order given.

        At most `window` results are held ahead of the next one to yield, so memory stays bounded
        however long the list; a slow host delays only its own results.
        """
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="newsdesk-fetch")
        source = iter(requests)
        queues: dict[str, deque[tuple[int, FetchRequest]]] = {}
        running: dict[Future, tuple[int, str]] = {}
        in_flight: dict[str, int] = {}
        done: dict[int, FetchResult] = {}
        next_index = 0  # next result to yield
        read = 0  # requests taken from the source
        exhausted = False
        while True:
            # Take more requests while the window allows.
            while not exhausted and read - next_index < window:
                try:
                    item = next(source)
                except StopIteration:
                    exhausted = True
                    break
                request = item if isinstance(item, FetchRequest) else FetchRequest(str(item))
                queues.setdefault(self._host_key(request.url), deque()).append((read, request))
                read += 1
            # Start what the per-host limits allow.
            for key, queue in queues.items():
                while queue and in_flight.get(key, 0) < self.per_host and len(running) < self.workers:
                    index, request = queue.popleft()
                    in_flight[key] = in_flight.get(key, 0) + 1
                    running[self._pool.submit(self.fetch, request)] = (index, key)
            while next_index in done:
                yield done.pop(next_index)
                next_index += 1
            if exhausted and next_index >= read:
                return
            if not running:
                continue
            finished, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for future in finished:
                index, key = running.pop(future)
                in_flight[key] -= 1
                try:
                    done[index] = future.result()
                except Exception as exc:  # fetch() catches everything; this is belt and braces
                    done[index] = FetchResult(url="", error=f"{type(exc).__name__}: {exc}")


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:200]
