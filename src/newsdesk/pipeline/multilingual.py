"""The `multilingual` step: enrichment for articles not in English.

The English steps before it (nlp, entities, quotes, places, keywords) leave a non-English article
as it was; this step gives it the same annotations from a pipeline for its language: French from
the genuine spaCy model when the `french` extra is installed, every other language (and French
without the model) from the language-independent name finder (`newsdesk.languages.names`). Then,
for every language: mentions grouped into document entities; places located through the
gazetteer's names in that language (`Londres`, `Allemagne`, `Москва` -> their gazetteer rows, so
linking keys them by GeoNames id like an English mention); people named by their English spelling
where one is known or the name is in another script ("Vladimir Poutine", "Владимир Путин" ->
"Vladimir Putin", the written forms kept as aliases and every mention with its own span), so the
registry meets them across languages; quotations by the language's marks and verbs of saying;
keywords without the language's stop words; a summary of its most central sentences.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from datetime import date
from functools import lru_cache

from newsdesk.languages.french import french_names
from newsdesk.languages.keys import english_spelling, fold, name_key, organisation_name
from newsdesk.languages.names import Name, find_names
from newsdesk.languages.places import locate
from newsdesk.languages.quotes import find_quotes
from newsdesk.lexicon.languages import MONTHS, stop_words
from newsdesk.model import Article, DocEntity, Mention
from newsdesk.pipeline.base import Step, register
from newsdesk.pipeline.places import geocode

MAX_KEYWORDS = 8
SUMMARY_SENTENCES = 3
SUMMARY_WORDS = 60
_IDEOGRAPHIC = frozenset({"zh", "ja", "ko", "yue", "wuu"})
_LATIN = re.compile(r"^[\x00-\u024f\s'’.\-]+$")
_UNSPACED = re.compile(r"^[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af·]+$")  # CJK names
_SENTENCE = re.compile(r"[^.!?…。！？\n]+(?:[.!?…。！？]+[\"'”’»」)]*|$)")
_CJK_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def annotate_names(article: Article, names: list[Name]) -> None:
    """Mentions and document entities from the names found; people and places keyed so that linking
    meets their spellings in other languages."""
    lang = article.language
    groups: dict[str, list[Name]] = {}
    surnames: dict[str, str] = {}  # a person's last word (skeleton) -> group of the full name
    unspaced: dict[str, str] = {}  # a person's name in a script without spaces -> its group
    # fullest names first: "山田太郎" is grouped before "山田" (the surname, first in these scripts)
    for n in sorted(names, key=lambda n: (-len(n.surface.split()), -len(n.surface) if _UNSPACED.match(n.surface) else 0,
                                          n.start)):
        if n.label in ("GPE", "LOC") and n.place:
            key = f"place:{n.place}"
        elif n.label == "PERSON" and _UNSPACED.match(n.surface):
            key = next((g for full, g in unspaced.items() if full.startswith(n.surface)), f"person:{n.surface}")
            unspaced.setdefault(n.surface, key)
        elif n.label == "PERSON":
            skeleton = name_key(n.surface)
            if " " not in skeleton and skeleton in surnames:
                key = surnames[skeleton]
            elif " " not in skeleton and lang in ("ru", "uk", "pl", "cs") and (
                    hit := next((g for s, g in surnames.items() if s[:4] == skeleton[:4] and len(skeleton) >= 4), None)):
                key = hit  # an inflected surname: "Путина" after "Владимир Путин"
            else:
                key = f"person:{skeleton}"
                words = skeleton.split()
                for w in [*words[-1:], *words[:-1]]:  # the surname first, then the other words ("Lula")
                    surnames.setdefault(w, key)
        else:
            key = f"{n.label}:{fold(n.surface)}"
        groups.setdefault(key, []).append(n)
    order = sorted(groups, key=lambda k: min(n.start for n in groups[k]))
    mentions: list[Mention] = []
    entities: list[DocEntity] = []
    for i, k in enumerate(order, 1):
        members = sorted(groups[k], key=lambda n: n.start)
        key = f"e{i}"
        written = max((n.surface for n in members), key=lambda s: (len(s.split()), len(s)))
        label = Counter(n.label for n in members).most_common(1)[0][0]
        name = written
        place = next((n.place for n in members if n.place), None)
        if label == "PERSON" and (not _LATIN.match(written) or english_spelling(written) != written):
            name = english_spelling(written)
        elif label == "ORG" and organisation_name(written):
            name = organisation_name(written) or written  # "OTAN", "НАТО" -> "NATO"
        elif place and not _LATIN.match(written):
            name = place  # "北京", "Москве": the gazetteer's name, located like an English mention
        aliases = [s for s in dict.fromkeys(n.surface for n in members) if s != name]
        if place and place != name and place not in aliases:
            aliases.append(place)  # the gazetteer's own name, so the places step finds the place
        roles = [n.title for n in members if n.title]
        entities.append(DocEntity(key=key, name=name, label=label, aliases=aliases,
                                  roles=list(dict.fromkeys(roles)), mention_count=len(members)))
        mentions.extend(Mention(n.start, n.end, n.surface, label, key) for n in members)
    mentions.sort(key=lambda m: m.start)
    article.mentions, article.entities = mentions, entities


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans in any script (a full stop, question or exclamation mark, or a line break)."""
    out = []
    for m in _SENTENCE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end))
    return out


def _words(text: str, lang: str | None) -> list[str]:
    if lang in _IDEOGRAPHIC:  # no spaces: overlapping character pairs stand for words
        runs = re.findall(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+", text)
        return [r[i : i + 2] for r in runs for i in range(max(1, len(r) - 1))]
    stop = stop_words(lang)
    return [w for w in (x.lower() for x in _WORD.findall(text)) if w not in stop and len(w) > 2]


def summarise(text: str, lang: str | None) -> str | None:
    """The most central sentences (by the article's frequent words), in text order."""
    spans = sentences(text)
    if not spans:
        return None
    freq = Counter(w for s, e in spans for w in set(_words(text[s:e], lang)))
    scored = []
    for i, (s, e) in enumerate(spans):
        words = set(_words(text[s:e], lang))
        if len(words) < 3:
            continue
        scored.append((sum(freq[w] for w in words) / math.sqrt(len(words)), i))
    chosen: list[int] = []
    budget = 0
    for _, i in sorted(scored, reverse=True):
        if len(chosen) >= SUMMARY_SENTENCES or budget >= SUMMARY_WORDS:
            break
        chosen.append(i)
        budget += len(text[spans[i][0] : spans[i][1]].split())
    if not chosen:
        chosen = [0]
    return " ".join(" ".join(text[spans[i][0] : spans[i][1]].split()) for i in sorted(chosen)) or None


def keywords(article: Article, limit: int = MAX_KEYWORDS) -> list[str]:
    """Names first (by mentions), then the article's most frequent content words and pairs."""
    chosen = [e.name for e in sorted(article.entities, key=lambda e: (-e.mention_count, e.key))][: limit // 2]
    lowered = {c.lower() for c in chosen} | {fold(a) for e in article.entities for a in [e.name, *e.aliases]}
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    lang = article.language
    for i, (s, e) in enumerate(sentences(article.text)):
        words = _words(article.text[s:e], lang)
        for w in words:
            counts[w] += 1
            first.setdefault(w, i)
    ranked = sorted((w for w, c in counts.items() if c >= 2), key=lambda w: (-counts[w], first[w], w))
    for w in ranked:
        if len(chosen) >= limit:
            break
        if w not in lowered and fold(w) not in lowered and not any(w in c for c in lowered | {x.lower() for x in chosen}):
            chosen.append(w)
    return chosen


def locate_rest(article: Article) -> None:
    """Places the places step left unlocated (names without capitals, as in Chinese) but whose
    gazetteer name the language lookups found: its most important reading."""
    for e in article.entities:
        if e.label not in ("GPE", "LOC") or e.lat is not None:
            continue
        for name in [e.name, *e.aliases]:
            p = locate(name, article.language)
            if p is not None:
                e.lat, e.lon, e.country_code, e.geonameid, e.feature = p.lat, p.lon, p.country_code, p.geonameid, p.feature
                break


@lru_cache(maxsize=32)
def _date_pattern(lang: str) -> re.Pattern[str] | None:
    months = MONTHS.get(lang)
    if not months:
        return None
    names = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True))
    return re.compile(rf"(?<!\d)(\d{{1,2}})(?:er|\.|º)?\s+(?:de\s+)?({names})\s+(?:de\s+)?(\d{{4}})(?!\d)", re.I)


def date_in_text(text: str, lang: str | None) -> str | None:
    """A date with its year written near the start of the text in its language ("le 3 mars 2024",
    "3. März 2024", "3 de marzo de 2024", "2024年3月3日"), as an ISO date; None if there is none or it
    cannot be (a 31st of February) or lies in the future."""
    head = text[:400]
    m = _CJK_DATE.search(head)
    if m:
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        pattern = _date_pattern(lang or "")
        m = pattern.search(head) if pattern else None
        if not m:
            return None
        day, year = int(m.group(1)), int(m.group(3))
        month = MONTHS[lang or ""].index(m.group(2).lower()) + 1
    try:
        when = date(year, month, day)
    except ValueError:
        return None
    return when.isoformat() if when <= date.today() else None


def quotes_of(article: Article, names: list[Name]) -> None:
    by_start = {m.start: m.entity_key for m in article.mentions}
    keys = {n.start: by_start[n.start] for n in names if by_start.get(n.start)}
    resolve = {e.key: e.name for e in article.entities}
    article.quotes = find_quotes(article.text, article.language, names, keys, resolve)  # type: ignore[arg-type]


@register
class Multilingual(Step):
    name = "multilingual"
    requires = ("language",)
    assigns = ("published", "mentions", "entities", "quotes", "places", "keywords", "summary")
    version = "3"  # 2: Chinese, Japanese and Korean people named beside a title, surnames joined to them; 3: institutes are organisations
    understanding = True

    def process(self, article: Article) -> Article:
        lang = article.language
        if not lang or lang == "en" or not article.text.strip():
            return article
        try:
            names = french_names(article.text) if lang == "fr" else find_names(article.text, lang)
        except (ValueError, RuntimeError) as exc:  # a text the model cannot take: report, go on
            article.flag("multilingual_failed")
            article.meta["multilingual_error"] = f"{type(exc).__name__}: {exc}"
            return article
        if not article.published and (found := date_in_text(article.text, lang)):
            article.published = found
            article.flag("date_from_text")
        names = _drop_overlaps(names)
        annotate_names(article, names)
        geocode(article)
        locate_rest(article)
        quotes_of(article, names)
        article.keywords = keywords(article)
        article.summary = summarise(article.text, lang) or article.summary
        return article


def _drop_overlaps(names: list[Name]) -> list[Name]:
    out: list[Name] = []
    for n in sorted(names, key=lambda n: (n.start, -(n.end - n.start))):
        if out and n.start < out[-1].end:
            continue
        out.append(n)
    return out


__all__ = ["Multilingual", "annotate_names", "keywords", "sentences", "summarise"]
