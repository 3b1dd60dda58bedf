"""Place names as other languages write them, mapped to the gazetteer's (English) names.

Three sources, in order: the gazetteer itself (its towns carry their Latin-script alternate names:
"Londres", "München", "Varsovie"); the country names of every language from the Unicode CLDR data
that Babel ships ("Allemagne", "Deutschland", "Германия", "德国" -> DE); and a small explicit table of
major cities in non-Latin scripts (the gazetteer's alternates are Latin only). Slavic case endings
are tried off a word ("в Москве" -> "Москва") when the written form is not known.
"""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale, UnknownLocaleError

from newsdesk.geo import Place, get_gazetteer, name_key

# Major cities whose names the gazetteer lacks in these scripts: written form -> gazetteer name.
CITY_EXONYMS: dict[str, str] = {
    # Russian / Ukrainian (Cyrillic)
    "Москва": "Moscow", "Санкт-Петербург": "Saint Petersburg", "Киев": "Kyiv", "Київ": "Kyiv",
    "Минск": "Minsk", "Лондон": "London", "Париж": "Paris", "Берлин": "Berlin", "Рим": "Rome",
    "Варшава": "Warsaw", "Вена": "Vienna", "Пекин": "Beijing", "Вашингтон": "Washington",
    "Нью-Йорк": "New York City", "Харьков": "Kharkiv", "Одесса": "Odesa", "Брюссель": "Brussels",
    "Токио": "Tokyo", "Стамбул": "Istanbul", "Тегеран": "Tehran", "Дамаск": "Damascus",
    # Greek
    "Αθήνα": "Athens", "Θεσσαλονίκη": "Thessaloniki",
    # Chinese (simplified and traditional) and Japanese
    "北京": "Beijing", "上海": "Shanghai", "广州": "Guangzhou", "廣州": "Guangzhou", "深圳": "Shenzhen",
    "香港": "Hong Kong", "台北": "Taipei", "武汉": "Wuhan", "武漢": "Wuhan", "南京": "Nanjing",
    "东京": "Tokyo", "東京": "Tokyo", "大阪": "Osaka", "京都": "Kyoto", "首尔": "Seoul", "ソウル": "Seoul",
    "莫斯科": "Moscow", "伦敦": "London", "倫敦": "London", "ロンドン": "London", "巴黎": "Paris",
    "パリ": "Paris", "柏林": "Berlin", "ベルリン": "Berlin", "华盛顿": "Washington", "華盛頓": "Washington",
    "ワシントン": "Washington", "纽约": "New York City", "紐約": "New York City", "ニューヨーク": "New York City",
    "基辅": "Kyiv", "キーウ": "Kyiv", "モスクワ": "Moscow", "平壤": "Pyongyang", "首爾": "Seoul",
    # Korean
    "서울": "Seoul", "부산": "Busan", "평양": "Pyongyang", "도쿄": "Tokyo", "베이징": "Beijing",
    "워싱턴": "Washington", "모스크바": "Moscow", "런던": "London", "파리": "Paris", "베를린": "Berlin",
    "키이우": "Kyiv",
    # Arabic
    "القاهرة": "Cairo", "بيروت": "Beirut", "دمشق": "Damascus", "بغداد": "Baghdad", "طهران": "Tehran",
}
# Case endings of Slavic nouns, longest first, and what the nominative may end in instead.
_SLAVIC = {"ru", "uk", "be", "pl", "cs", "sk", "sl", "hr", "sr", "bg"}
_ENDINGS = ("ами", "ях", "ой", "ом", "ей", "ие", "ию", "ии", "е", "у", "ы", "и", "ю", "а", "ie", "ii", "u", "y", "a", "ą", "ę", "em")
_NOMINATIVE = ("", "а", "я", "ия", "a", "ia")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]")


@lru_cache(maxsize=64)
def country_names(lang: str | None) -> dict[str, str]:
    """Name key of every country name in the language (CLDR) -> ISO country code."""
    out: dict[str, str] = {}
    if not lang:
        return out
    try:
        locale = Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return out
    for code, name in locale.territories.items():
        if len(code) == 2 and code.isalpha():
            out.setdefault(name_key(name) if not _CJK.search(name) else name, code)
    return out


@lru_cache(maxsize=1)
def _city_keys() -> dict[str, str]:
    return {(name_key(k) if not _CJK.search(k) else k): v for k, v in CITY_EXONYMS.items()}


def _key(name: str) -> str:
    return name if _CJK.search(name) else name_key(name)


def english_name(name: str, lang: str | None) -> str | None:
    """The gazetteer's name for a place written `name` in `lang`, or None when none is known."""
    gaz = get_gazetteer()
    forms = [name]
    if (lang or "") in _SLAVIC and " " not in name:
        low = name.lower()
        for end in _ENDINGS:
            if low.endswith(end) and len(low) - len(end) >= 3:
                stem = name[: len(name) - len(end)]
                forms.extend(stem + n for n in _NOMINATIVE)
    countries = country_names(lang)
    cities = _city_keys()
    for form in forms:
        k = _key(form)
        if not k:
            continue
        cc = countries.get(k)
        if cc and gaz.country(cc):
            return gaz.country(cc).name  # type: ignore[union-attr]
        if k in cities:
            return cities[k]
        found = gaz.candidates(form)
        if found:
            return found[0].name
    return None


def locate(name: str, lang: str | None) -> Place | None:
    """The most important place known by that name in that language."""
    english = english_name(name, lang)
    if english is None:
        return None
    found = get_gazetteer().candidates(english)
    return found[0] if found else None


@lru_cache(maxsize=16)
def _cjk_pattern(lang: str) -> re.Pattern[str] | None:
    names = [k for k in country_names(lang) if _CJK.search(k)] + [k for k in CITY_EXONYMS if _CJK.search(k)]
    if not names:
        return None
    return re.compile("|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True)))


def cjk_places(text: str, lang: str) -> list[tuple[int, int, str]]:
    """Known place names in Chinese, Japanese or Korean text (no word spaces): (start, end, surface)."""
    pattern = _cjk_pattern(lang)
    if pattern is None:
        return []
    return [(m.start(), m.end(), m.group()) for m in pattern.finditer(text)]


__all__ = ["CITY_EXONYMS", "cjk_places", "country_names", "english_name", "locate"]
