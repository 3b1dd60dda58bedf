"""One settings object, read once at the entry point (CLI main, the Desk constructor, the web app
factory) and passed down: nothing below reads the environment.

Sources, later ones winning: the file `newsdesk.toml` (`--config PATH`, else the one in the desk's
folder, else in the current directory), the environment (NEWSDESK_*), then command-line flags.

    db = "news.db"                      # NEWSDESK_DB          the desk (a SQLite file or postgresql://...)
    index = "/var/cache/news.index"     # NEWSDESK_INDEX       where a SQLite desk's search index lives
    debug = true                        # NEWSDESK_DEBUG       an unexpected CLI error shows its traceback
    [dedup]
    threshold = 0.85                    # NEWSDESK_DEDUP_THRESHOLD  near-duplicate similarity (0.5-1)
    [pipeline]
    disabled_passes = ["sports"]        # NEWSDESK_DISABLED_PASSES  entity passes to switch off (comma-separated)
    [web]
    token = "..."                       # NEWSDESK_TOKEN       allows POST /api/ingest
    log_level = "info"                  # NEWSDESK_LOG         the HTTP server's log level (default warning)
    [ray]
    tmp = "/tmp"                        # NEWSDESK_RAY_TMP     where Ray's short socket paths go
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

FILE_NAME = "newsdesk.toml"
_FALSE = ("", "0", "off", "false", "no")


class SettingsError(ValueError):
    """A settings file or value that cannot be used (one line)."""


@dataclass(frozen=True)
class PipelineSettings:
    disabled_passes: tuple[str, ...] = ()  # entity passes switched off, by name

    def step_options(self) -> dict[str, dict[str, Any]]:
        """Per-step options as build_pipeline takes them."""
        return {"entities": {"disabled": list(self.disabled_passes)}} if self.disabled_passes else {}


@dataclass(frozen=True)
class Settings:
    db: str | None = None
    index: str | None = None
    cache_home: str | None = None  # XDG_CACHE_HOME: a PostgreSQL desk's tantivy-free cache folder
    dedup_threshold: float | None = None
    token: str | None = None
    ray_tmp: str | None = None
    log_level: str = "warning"  # the HTTP server's (uvicorn's) log level
    debug: bool = False  # an unexpected CLI error shows its traceback
    pipeline: PipelineSettings = field(default_factory=PipelineSettings)
    file: str | None = None  # the settings file read, if any


# setting name -> (environment variable, path in the file)
_WHERE: dict[str, tuple[str, tuple[str, ...]]] = {
    "db": ("NEWSDESK_DB", ("db",)),
    "index": ("NEWSDESK_INDEX", ("index",)),
    "cache_home": ("XDG_CACHE_HOME", ("cache_home",)),
    "dedup_threshold": ("NEWSDESK_DEDUP_THRESHOLD", ("dedup", "threshold")),
    "token": ("NEWSDESK_TOKEN", ("web", "token")),
    "ray_tmp": ("NEWSDESK_RAY_TMP", ("ray", "tmp")),
    "log_level": ("NEWSDESK_LOG", ("web", "log_level")),
    "debug": ("NEWSDESK_DEBUG", ("debug",)),
    "disabled_passes": ("NEWSDESK_DISABLED_PASSES", ("pipeline", "disabled_passes")),
}


def load_settings(config: str | Path | None = None, *, env: Mapping[str, str] | None = None,
                  flags: Mapping[str, Any] | None = None, folder: str | Path | None = None) -> Settings:
    """The settings: file, then environment (`env`, by default os.environ), then `flags` (None
    values are flags not given). Without `config` the file is `newsdesk.toml` in `folder` (the
    desk's), else in the current directory, if there is one."""
    env = os.environ if env is None else env
    flags = {k: v for k, v in (flags or {}).items() if v is not None}
    path = _find(config, folder)
    values: dict[str, Any] = {}
    if path is not None:
        data = _read(path)
        for name, (_, keys) in _WHERE.items():
            node: Any = data
            for k in keys:
                node = node.get(k) if isinstance(node, dict) else None
            if node is not None:
                values[name] = node
    for name, (var, _) in _WHERE.items():
        if env.get(var):
            values[name] = env[var]
    values.update(flags)
    return _build(values, str(path) if path else None)


def with_flags(settings: Settings, **flags: Any) -> Settings:
    """`settings` with the flags that were given (not None) put over it."""
    given = {k: v for k, v in flags.items() if v is not None}
    return replace(settings, **given) if given else settings


def _find(config: str | Path | None, folder: str | Path | None) -> Path | None:
    if config is not None:
        path = Path(config)
        if not path.is_file():
            raise SettingsError(f"no settings file at {path}")
        return path
    for place in (Path(folder) if folder else None, Path.cwd()):
        if place is not None and (place / FILE_NAME).is_file():
            return place / FILE_NAME
    return None


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"cannot read settings file {path}: {exc}") from exc


def _build(values: dict[str, Any], file: str | None) -> Settings:
    passes = values.pop("disabled_passes", ())
    if isinstance(passes, str):
        passes = [p for p in (x.strip() for x in passes.split(",")) if p]
    if not isinstance(passes, list | tuple) or not all(isinstance(p, str) for p in passes):
        raise SettingsError("pipeline.disabled_passes must be a list of pass names")
    threshold = values.get("dedup_threshold")
    if threshold is not None:
        try:
            values["dedup_threshold"] = float(threshold)
        except (TypeError, ValueError):
            raise SettingsError(f"dedup threshold must be a number, got {threshold!r}") from None
    if "debug" in values:
        values["debug"] = _flag(values["debug"], "debug")
    if "log_level" in values:
        values["log_level"] = str(values["log_level"]).strip().lower()  # uvicorn checks the name
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise SettingsError(f"unknown setting(s): {', '.join(unknown)}")
    for name in ("db", "index", "cache_home", "token", "ray_tmp"):
        if values.get(name) is not None:
            values[name] = str(values[name])
    return Settings(**values, pipeline=PipelineSettings(tuple(passes)), file=file)


def _flag(value: Any, name: str) -> bool:
    """A yes/no setting: a TOML boolean, or text (environment) where 0/off/false/no/empty mean no."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() not in _FALSE
    raise SettingsError(f"{name} must be true or false, got {value!r}")
