"""The objects newsdesk passes around: raw records in, enriched articles out.

`RawRecord` is what a source yields; `Article` is what the pipeline enriches and the store keeps.
Annotations (`Mention`, `Quote`, `Place`, ...) always carry the character span of `Article.text`
they came from, so every fact can be shown, scored and checked.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from newsdesk.text import canonical_url


def short_hash(*parts: str, size: int = 16) -> str:
    """A short, stable hex id from the given parts (NUL-separated so parts cannot run together)."""
    h = hashlib.blake2b("\x00".join(parts).encode("utf-8", "surrogatepass"), digest_size=size // 2)
    return h.hexdigest()


@dataclass
class RawRecord:
    """One item as a source read it, before any cleaning.

    `origin` names the input (a file path, a URL, "-" for stdin) and `position` where in it the record
    sits (line number, record index, WARC offset): together they give bad-input reports and, when the
    record has no id or URL of its own, its stable article id.
    """

    origin: str
    position: int
    text: str
    title: str | None = None
    url: str | None = None
    record_id: str | None = None
    source: str | None = None
    byline: str | None = None
    published: str | None = None
    language: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)

    def article_id(self) -> str:
        """Stable short id: source + own id or canonical URL, else origin + position + content."""
        source = self.source or ""
        if self.record_id:
            return short_hash("id", source, str(self.record_id))
        if self.url:
            return short_hash("url", canonical_url(self.url))
        return short_hash("pos", self.origin, str(self.position), self.text)

    def content_hash(self) -> str:
        """Hash of the raw content: lets a resumed or repeated ingest skip work it has already stored."""
        return short_hash(self.title or "", self.text, self.published or "", self.url or "", size=32)


@dataclass
class Skipped:
    """An input item that could not be read: reported (origin, position, reason) and skipped."""

    origin: str
    position: int
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}:{self.position}: skipped: {self.reason}"


@dataclass
class Mention:
    start: int
    end: int
    surface: str
    label: str
    entity_key: str | None = None  # document-level entity this mention belongs to (set by pipeline)
    entity_id: str | None = None  # desk-level canonical entity (set by linking)


@dataclass
class DocEntity:
    """An entity as one document knows it: its mentions merged across name variants."""

    key: str  # unique within the article
    name: str  # best (longest) name in the document
    label: str
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    mention_count: int = 0
    entity_id: str | None = None  # set by linking
    # place data, filled by the places step for GPE/LOC/FAC
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None
    geonameid: str | None = None
    feature: str | None = None  # e.g. "country", "city", "admin1", "ocean"
    confidence: float | None = None  # places: how sure the location is (0..1); "pinned" by an analyst = 1


@dataclass
class Span:
    start: int
    end: int
    text: str


@dataclass
class Quote:
    content: Span
    direct: bool
    cue: Span | None = None
    speaker: Span | None = None  # the source mention as written: a name, pronoun or description
    speaker_key: str | None = None  # DocEntity.key when resolved within the document
    speaker_entity_id: str | None = None  # desk entity, set by linking
    speaker_name: str | None = None  # resolved name, or the description for unnamed sources
    fragments: list[Span] = field(default_factory=list)


@dataclass
class Article:
    id: str
    text: str
    title: str = ""
    url: str | None = None
    source: str | None = None
    byline: str | None = None
    published: str | None = None  # ISO-8601 UTC ("2021-04-08T12:00:00+00:00") or date only
    language: str | None = None
    summary: str | None = None
    flags: list[str] = field(default_factory=list)
    fingerprint: str | None = None  # normalised-text hash (exact duplicates)
    content_hash: str | None = None  # raw-record hash (resume / re-ingest)
    duplicate_of: str | None = None
    story_id: str | None = None
    pipeline_version: str | None = None
    origin: str | None = None
    position: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    entities: list[DocEntity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    # Transient per-article state shared between pipeline steps (a spaCy Doc, say); never stored.
    scratch: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def flag(self, name: str) -> None:
        if name not in self.flags:
            self.flags.append(name)

    def to_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "scratch"}
        d["mentions"] = [asdict(m) for m in self.mentions]
        d["entities"] = [asdict(e) for e in self.entities]
        d["quotes"] = [asdict(q) for q in self.quotes]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        d = dict(d)
        d.pop("scratch", None)
        known = {f.name for f in fields(cls)}
        d = {k: v for k, v in d.items() if k in known}
        d["mentions"] = [Mention(**m) for m in d.get("mentions") or []]
        d["entities"] = [DocEntity(**e) for e in d.get("entities") or []]
        d["quotes"] = [_quote_from_dict(q) for q in d.get("quotes") or []]
        return cls(**d)

    def __getstate__(self) -> dict[str, Any]:
        # Workers hand articles back to the writer by pickling: never ship the scratch space.
        state = dict(self.__dict__)
        state["scratch"] = {}
        return state


def _span(d: dict[str, Any] | None) -> Span | None:
    return Span(**d) if d else None


def _quote_from_dict(d: dict[str, Any]) -> Quote:
    d = dict(d)
    d["content"] = Span(**d["content"])
    d["cue"] = _span(d.get("cue"))
    d["speaker"] = _span(d.get("speaker"))
    d["fragments"] = [Span(**f) for f in d.get("fragments") or []]
    return Quote(**d)


@dataclass
class Entity:
    """A canonical entity in the desk's registry."""

    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    mention_count: int = 0
    article_count: int = 0
    first_seen: str | None = None
    last_seen: str | None = None
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None
    geonameid: str | None = None


@dataclass
class Story:
    id: str
    title: str = ""
    summary: str = ""
    first_seen: str | None = None
    last_seen: str | None = None
    size: int = 0
    sources: list[str] = field(default_factory=list)
    top_entities: list[str] = field(default_factory=list)
    breaking: bool = False
