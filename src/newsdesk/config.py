"""Settings with defaults a user can override from the CLI or the Python API."""

from __future__ import annotations

import os
from dataclasses import dataclass, field


@dataclass
class Limits:
    """Input limits: bigger items are skipped with a reason, never allowed to exhaust memory."""

    max_article_chars: int = 200_000
    max_gz_bytes: int = 2 * 1024**3  # decompressed size cap of one .gz input
    max_line_bytes: int = 64 * 1024**2  # longest JSONL/text line read whole before it is skipped
    max_html_bytes: int = 20 * 1024**2


@dataclass
class IngestOptions:
    split: str = "auto"  # text dumps: auto | blank | line | file
    field_map: dict[str, str] = field(default_factory=dict)  # --map text=body,title=headline
    pipeline: str | list[str] = "full"  # "full", "bulk", or step names
    workers: int = 0  # 0: number of cores
    batch_size: int = 200
    engine: str = "local"
    engine_address: str | None = None
    limits: Limits = field(default_factory=Limits)
    source: str | None = None  # default source name for records that carry none
    allow_private: bool = False  # fetching: allow loopback/private addresses
    fetch_linked: bool | None = None  # feeds: fetch full pages for teaser entries
    warc_hosts: list[str] = field(default_factory=list)  # WARC: only these hosts (and their subdomains)
    warc_since: str | None = None  # WARC: captures on or after this date (YYYY-MM-DD)
    warc_until: str | None = None  # WARC: captures on or before this date
    warc_langs: list[str] = field(default_factory=list)  # WARC: only pages in these languages
    follow_symlinks: bool = False  # folders: read symbolic links that lead out of the folder

    def resolved_workers(self) -> int:
        return self.workers if self.workers and self.workers > 0 else (os.cpu_count() or 1)
