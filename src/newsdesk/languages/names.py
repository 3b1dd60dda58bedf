"""A language-independent name finder for the languages without a model.

Names are runs of capitalised words (joined by name particles such as "de", "von", "van der"),
labelled by what is known about them: a place the gazetteer knows in that language is GPE or LOC;
a run with an organisation word ("Banque", "Partei", "Ministerio") or an acronym is ORG; two to
four capitalised words, or one after a person's title ("Präsident", "Mme"), are a PERSON; a lone
word repeating the surname of a person already found is that person. A capitalised word that only
starts a sentence is not a name unless it is known, and in German (which capitalises every noun) a
lone word is a name only when it is known or follows a title.

Chinese, Japanese and Korean text has no capitals: places come from the gazetteer's and CLDR's
names in that script, people from the names the desk knows in that script and from the titles
written beside a name (lexicon/cjk_names.py): a title before it in Chinese ("外交部发言人汪文斌",
"总统泽连斯基"), an honorific after it ("张伟先生"), a title after it in Japanese ("岸田首相",
"バイデン大統領") and Korean ("윤석열 대통령"). Where a name ends is read from the script: a Chinese
surname and one or two characters, cut before a verb, particle or time word; a run of the
characters Chinese writes foreign names with; a run of kanji, or of katakana, before the title.
A name found so is that person wherever else the article writes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.geo import get_gazetteer
from newsdesk.languages.keys import KNOWN_NAMES
from newsdesk.languages.places import cjk_places, english_name
from newsdesk.lexicon.cjk_names import (
    JA_NOT_NAME_END,
    JA_TITLES_AFTER,
    KO_TITLES_AFTER,
    ZH_NAME_STOPS,
    ZH_SURNAMES,
    ZH_TITLES_AFTER,
    ZH_TITLES_BEFORE,
    ZH_TRANSLITERATION,
)
from newsdesk.lexicon.labels import WIDE_FEATURES
from newsdesk.lexicon.languages import ATTRIBUTION, CALENDAR, LOCATIVES, ORG_WORDS, PERSON_TITLES, stop_words

_WORD = re.compile(r"[^\W\d_](?:[\w'’.\-]*\w)?")
_PARTICLES = frozenset("de du des da di del della dos das do von van der den ter ten bin ibn".split())
# Particles that may open the lower-case part of a name ("von der Leyen"; not "Seite der Ukraine").
_LEADING = frozenset("de du da di del della dos das do von van ter ten bin ibn".split())
_SENTENCE_END = re.compile(r"[.!?…。！？:]\s*[\"'”»“„«(\[–—-]*\s*$|\n\s*[\"'”»“„«(\[–—-]*\s*$|^\s*[\"'”»“„«(\[–—-]*\s*$")
_CJK_LANGS = frozenset({"zh", "ja", "ko", "yue", "wuu"})
BIG_PLACE = 100_000  # people: a town this large is named in the news by its name alone
_ATTRIBUTION = frozenset(w for ws in ATTRIBUTION.values() for w in ws if " " not in w)
_SLAVIC = frozenset({"ru", "uk", "pl", "cs", "sk", "bg", "sr", "hr", "sl", "be"})


@dataclass
class Name:
    start: int
    end: int
    surface: str
    label: str
    place: str | None = None  # the gazetteer's name, for places
    title: str | None = None  # a person's title written just before the name


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return 2 <= len(letters) <= 6 and all(c.isupper() for c in letters)


def _runs(text: str) -> list[list[re.Match[str]]]:
    """Runs of capitalised words separated only by spaces (and name particles)."""
    words = list(_WORD.finditer(text))
    runs: list[list[re.Match[str]]] = []
    run: list[re.Match[str]] = []
    pending: list[re.Match[str]] = []  # particles waiting for a capitalised word
    for w in words:
        gap = text[(pending or run)[-1].end() : w.start()] if (pending or run) else ""
        joined = bool(run) and gap.strip() == ""
        if _capitalised(w.group()):
            if joined:
                run.extend(pending)
                run.append(w)
            else:
                if run:
                    runs.append(run)
                run = [w]
            pending = []
        elif run and joined and w.group() in (_PARTICLES if pending else _LEADING) and len(pending) < 2:
            pending.append(w)
        else:
            if run:
                runs.append(run)
            run, pending = [], []
    if run:
        runs.append(run)
    return runs


def place_label(english: str) -> str:
    found = get_gazetteer().candidates(english)
    return "LOC" if found and found[0].feature in WIDE_FEATURES else "GPE"


def find_names(text: str, lang: str | None) -> list[Name]:
    """Names in `text` (any language written with capitals), in text order."""
    if (lang or "") in _CJK_LANGS:
        return _cjk_names(text, lang or "")
    stop = stop_words(lang)
    runs = [r for r in (_trim(text, run, stop) for run in _runs(text)) if r is not None]
    found: list[Name] = []
    singles: list[tuple[int, int, str, bool]] = []
    for start, end, title, at_start in runs:
        surface = text[start:end]
        words = surface.split()
        if len(words) >= 3 and english_name(surface, lang) is None:
            head = english_name(words[0], lang)
            if head is not None and _plausible_place(text, start, head, lang):  # "России Владимир Путин"
                found.append(Name(start, start + len(words[0]), words[0], place_label(head), place=head))
                start = text.index(words[1], start + len(words[0]))
                surface, words = text[start:end], words[1:]
        if len(words) == 1:
            singles.append((start, end, title or "", at_start))
            continue
        english = english_name(surface, lang)
        tokens = [w.lower() for w in words]
        if english is not None and _plausible_place(text, start, english, lang):
            found.append(Name(start, end, surface, place_label(english), place=english))
        elif any(t in ORG_WORDS for t in tokens):
            found.append(Name(start, end, surface, "ORG"))
        elif any(_acronym(w) for w in words):  # "Генсек НАТО": the acronym is the name
            pos = start
            for w in words:
                pos = text.index(w, pos)
                if _acronym(w):
                    found.append(Name(pos, pos + len(w), w, "ORG"))
                pos += len(w)
        elif sum(1 for w in words if w[:1].isupper()) <= 4:
            found.append(Name(start, end, surface, "PERSON", title=title))
    # any capitalised word of a person's name: the surname, or the name a person goes by ("Lula")
    people = [w for n in found if n.label == "PERSON" for w in n.surface.split() if w[:1].isupper()]
    slavic = (lang or "") in _SLAVIC
    for start, end, title, _at_start in singles:
        word = text[start:end]
        if title:
            found.append(Name(start, end, word, "PERSON", title=title))
        elif any(word == last or (slavic and len(last) >= 4 and word.startswith(last[:-1] if len(last) > 5 else last))
                 for last in people):
            found.append(Name(start, end, word, "PERSON"))  # the surname of a person already named
        elif (english := english_name(word, lang)) is not None and _plausible_place(text, start, english, lang):
            found.append(Name(start, end, word, place_label(english), place=english))
        elif _acronym(word):
            found.append(Name(start, end, word, "ORG"))
    found.sort(key=lambda n: n.start)
    return found


def _plausible_place(text: str, start: int, english: str, lang: str | None) -> bool:
    """A name the gazetteer knows is a place when it is a country, region or large town, or follows a
    preposition of place (German nouns and people share names with small towns: "Lage", "Pedro
    Sánchez")."""
    found = get_gazetteer().candidates(english)
    if found and (found[0].feature not in ("city", "admin2") or found[0].population >= BIG_PLACE):
        return True
    before = text[max(0, start - 12) : start].split()
    return bool(before) and before[-1].lower() in LOCATIVES.get(lang or "", frozenset())


def _trim(text: str, run: list[re.Match[str]], stop: frozenset[str]) -> tuple[int, int, str | None, bool] | None:
    """A run without its leading articles, calendar words and titles: (start, end, title, at_start)."""
    title = None
    at_start = run[0].start() == 0 or bool(_SENTENCE_END.search(text[max(0, run[0].start() - 4) : run[0].start()]))
    while run and (low := run[0].group().lower()) and (low in stop or low in CALENDAR or low in PERSON_TITLES
                                                       or low in _PARTICLES or low in _ATTRIBUTION
                                                       or low in ORG_WORDS and len(run) == 1):
        if low in PERSON_TITLES:
            title = run[0].group()
        run, at_start = run[1:], False
    while run and (run[-1].group().lower() in _PARTICLES or run[-1].group().lower() in CALENDAR):
        run = run[:-1]
    if not run:
        return None
    start = run[0].start()
    end = start + len(text[start : run[-1].end()].rstrip("."))
    return start, end, title, at_start


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc\u30fb]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_NAME_DOTS = "·・"  # between the parts of a foreign name written in Chinese or Japanese


def _title_pattern(titles: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(t) for t in titles))  # longest first: the tuples are sorted so


_ZH_BEFORE, _ZH_AFTER = _title_pattern(ZH_TITLES_BEFORE), _title_pattern(ZH_TITLES_AFTER)
_JA_AFTER, _KO_AFTER = _title_pattern(JA_TITLES_AFTER), _title_pattern(KO_TITLES_AFTER)


def _transliterated(text: str, start: int) -> int:
    """End of the run of transliteration characters (parts joined by a middle dot) from `start`."""
    end = start
    while end < len(text) and end - start < 12:
        ch = text[end]
        if ch in ZH_TRANSLITERATION or (ch in _NAME_DOTS and end > start and end + 1 < len(text)
                                        and text[end + 1] in ZH_TRANSLITERATION):
            end += 1
        else:
            break
    return end


def _zh_name_after(text: str, start: int) -> int | None:
    """End of a Chinese name written at `start` (after a title), or None."""
    foreign = _transliterated(text, start)
    n = foreign - start
    after = text[foreign : foreign + 1]
    if n >= 4 or any(c in _NAME_DOTS for c in text[start:foreign]):
        return foreign
    surname = 2 if text[start : start + 2] in ZH_SURNAMES else 1 if text[start : start + 1] in ZH_SURNAMES else 0
    if surname:
        end = start + surname
        for _ in range(2):  # a given name of one or two characters, cut before a verb or particle
            if end < len(text) and _HAN.match(text[end]) and (end == start + surname or text[end] not in ZH_NAME_STOPS):
                end += 1
        return end if end - start >= 2 else None
    if n >= 3 or (n == 2 and (not after or not _HAN.match(after) or after in ZH_NAME_STOPS)):
        return foreign
    return None


def _zh_name_before(text: str, end: int) -> int | None:
    """Start of a Chinese name ending at `end` (before an honorific), or None."""
    for size in (3, 2):
        start = end - size
        if start < 0:
            continue
        window = text[start:end]
        if not all(_HAN.match(c) for c in window):
            continue
        if window[:1] in ZH_SURNAMES or window[:2] in ZH_SURNAMES:
            return start
    return None


def _run_before(text: str, end: int, script: re.Pattern[str], longest: int) -> int:
    """Start of the run of `script` characters ending at `end` (at most `longest` of them)."""
    start = end
    while start > 0 and end - start < longest and script.match(text[start - 1]):
        start -= 1
    return start


def _ja_name_before(text: str, end: int) -> int | None:
    """Start of a Japanese name ending at `end` (before a title): katakana, or two to four kanji."""
    if end and _KATAKANA.match(text[end - 1]):
        start = _run_before(text, end, _KATAKANA, 16)
        while start < end and text[start] in _NAME_DOTS + "ー":
            start += 1
        return start if end - start >= 2 else None
    start = _run_before(text, end, _HAN, 4)
    if end - start < 2 or text[end - 1] in JA_NOT_NAME_END:
        return None
    return start


def _ko_name_before(text: str, end: int) -> int | None:
    """Start of a Korean name before a title (a space may stand between): two to four syllables."""
    while end > 0 and text[end - 1] == " ":
        end -= 1
    start = _run_before(text, end, _HANGUL, 5)
    return start if 2 <= end - start <= 4 else None


def _titled_people(text: str, lang: str) -> list[Name]:
    """People named beside a title or honorific (see the module docstring)."""
    out: list[Name] = []
    if lang in ("zh", "yue", "wuu"):
        for m in _ZH_BEFORE.finditer(text):
            end = _zh_name_after(text, m.end())
            if end is not None:
                out.append(Name(m.end(), end, text[m.end() : end], "PERSON", title=m.group()))
        for m in _ZH_AFTER.finditer(text):
            start = _zh_name_before(text, m.start())
            if start is not None:
                out.append(Name(start, m.start(), text[start : m.start()], "PERSON", title=m.group()))
    elif lang in ("ja", "ko"):
        pattern, before = (_JA_AFTER, _ja_name_before) if lang == "ja" else (_KO_AFTER, _ko_name_before)
        for m in pattern.finditer(text):
            start = before(text, m.start())
            if start is not None:
                end = len(text[: m.start()].rstrip(" "))
                out.append(Name(start, end, text[start:end], "PERSON", title=m.group()))
    return out


def _cjk_names(text: str, lang: str) -> list[Name]:
    found: list[Name] = []
    for start, end, surface in cjk_places(text, lang):
        english = english_name(surface, lang)
        if english:
            found.append(Name(start, end, surface, place_label(english), place=english))
    taken = [(n.start, n.end) for n in found]

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for name in sorted(KNOWN_NAMES, key=len, reverse=True):
        for m in re.finditer(re.escape(name), text):
            if free(m.start(), m.end()):
                found.append(Name(m.start(), m.end(), name, "PERSON"))
                taken.append((m.start(), m.end()))
    titled: dict[str, str] = {}
    for n in _titled_people(text, lang):
        if free(n.start, n.end) and n.surface not in KNOWN_NAMES:
            found.append(n)
            taken.append((n.start, n.end))
            titled.setdefault(n.surface, n.title or "")
    # a name found beside a title is that person wherever else the article writes it
    for name in sorted(titled, key=len, reverse=True):
        for m in re.finditer(re.escape(name), text):
            if free(m.start(), m.end()):
                found.append(Name(m.start(), m.end(), name, "PERSON"))
                taken.append((m.start(), m.end()))
    found.sort(key=lambda n: n.start)
    return found


__all__ = ["Name", "find_names"]
