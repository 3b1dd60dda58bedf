"""Language-independent keys for names, so one person meets across spellings and scripts.

`romanize` writes Cyrillic and Greek in Latin letters (a plain scholarly-style table, written
here); `name_key` folds a name to a skeleton that French, German, English and transliterated
Russian spellings of one name share ("Putin", "Poutine", "Путин" -> "putin"; "Zelenski",
"Zelensky", "Zelenskyy" -> "zelenski"), for matching only, never for display.
"""

from __future__ import annotations

import re
import unicodedata

_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u",
     "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "i", "yi", "ye", "g", "w"], strict=True))
_GREEK = dict(zip(
    "αβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώϊϋΐΰ",
    ["a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o", "p", "r", "s", "s", "t", "y",
     "f", "ch", "ps", "o", "a", "e", "i", "i", "o", "y", "o", "i", "y", "i", "y"], strict=True))
_TABLE = {**_CYRILLIC, **_GREEK}

# Spelling conventions that differ between languages for one sound, folded to one form.
_SKELETON = [
    (re.compile(r"tsch|tch"), "ch"), (re.compile(r"sch"), "sh"), (re.compile(r"ou"), "u"),
    (re.compile(r"kh"), "h"), (re.compile(r"w"), "v"), (re.compile(r"[yj]"), "i"),
    (re.compile(r"ph"), "f"), (re.compile(r"ck"), "k"), (re.compile(r"c(?=[aou])"), "k"), (re.compile(r"(?<=\w)e\b"), ""),
    (re.compile(r"(\w)\1+"), r"\1"),
]
# Names written in scripts without capitals or spaces, as the desk's English spelling.
KNOWN_NAMES: dict[str, str] = {
    "习近平": "Xi Jinping", "普京": "Vladimir Putin", "プーチン": "Vladimir Putin",
    "泽连斯基": "Volodymyr Zelensky", "ゼレンスキー": "Volodymyr Zelensky", "马克龙": "Emmanuel Macron",
    "マクロン": "Emmanuel Macron", "默克尔": "Angela Merkel", "メルケル": "Angela Merkel",
    "特朗普": "Donald Trump", "トランプ": "Donald Trump", "拜登": "Joe Biden", "バイデン": "Joe Biden",
    "李强": "Li Qiang", "岸田文雄": "Fumio Kishida", "石破茂": "Shigeru Ishiba",
}
# The usual English spelling of names that languages transliterate differently, by skeleton
# ("Poutine", "Putin", "Путин" -> "Putin"): a small table of names frequent in international news.
SPELLINGS: dict[str, str] = {
    "putin": "Putin", "vladimir": "Vladimir", "zelenski": "Zelensky", "selenski": "Zelensky", "volodimir": "Volodymyr",
    "medvedev": "Medvedev", "dmitri": "Dmitry", "lavrov": "Lavrov", "sergei": "Sergei", "peskov": "Peskov",
    "navalni": "Navalny", "aleksei": "Alexei", "aleksi": "Alexei", "aleksandr": "Alexander",
    "shoigu": "Shoigu", "lukashenko": "Lukashenko", "hrushchov": "Khrushchev", "gorbachov": "Gorbachev",
    "mihail": "Mikhail", "erdogan": "Erdogan", "netaniahu": "Netanyahu", "hamenei": "Khamenei",
    "kadafi": "Gaddafi", "jinping": "Jinping",
}


# International organisations under their names in other languages (as written, upper or title case)
# -> the English name, so linking meets them whatever language reports them.
ORG_NAMES: dict[str, str] = {
    "OTAN": "NATO", "НАТО": "NATO", "北约": "NATO", "ONU": "United Nations", "UNO": "United Nations",
    "ООН": "United Nations", "联合国": "United Nations", "Nations unies": "United Nations",
    "Vereinte Nationen": "United Nations", "Naciones Unidas": "United Nations", "Nazioni Unite": "United Nations",
    "UE": "European Union", "EU": "European Union", "ЕС": "European Union", "欧盟": "European Union",
    "Union européenne": "European Union", "Europäische Union": "European Union", "Unión Europea": "European Union",
    "Unione europea": "European Union", "União Europeia": "European Union", "Europese Unie": "European Union",
    "Unia Europejska": "European Union", "Евросоюз": "European Union", "OMS": "World Health Organization",
    "WHO": "World Health Organization", "ВОЗ": "World Health Organization", "FMI": "International Monetary Fund",
    "IWF": "International Monetary Fund", "МВФ": "International Monetary Fund",
    "BCE": "European Central Bank", "EZB": "European Central Bank", "ЕЦБ": "European Central Bank",
    "Banque centrale européenne": "European Central Bank", "Europäische Zentralbank": "European Central Bank",
    "Banco Central Europeo": "European Central Bank", "Banca centrale europea": "European Central Bank",
}
_ORG_KEYS = {" ".join(k.lower().split()): v for k, v in ORG_NAMES.items()}


def organisation_name(name: str) -> str | None:
    """The English name of an international organisation named in another language, if known."""
    return _ORG_KEYS.get(" ".join(name.lower().split()))


def romanize(text: str) -> str:
    """Cyrillic and Greek letters in Latin ones (case kept on the first letter); others as they are."""
    out = []
    for ch in text:
        low = ch.lower()
        rep = _TABLE.get(low)
        if rep is None:
            out.append(ch)
        else:
            out.append(rep.capitalize() if ch != low else rep)
    return "".join(out)


def fold(text: str) -> str:
    """Lower case, accents folded, romanised."""
    s = unicodedata.normalize("NFKD", romanize(text))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return s.replace("ß", "ss").replace("ł", "l").replace("ø", "o").replace("æ", "ae").replace("đ", "d")


def name_key(name: str) -> str:
    """The skeleton a name shares with its spellings in other languages (for matching only)."""
    s = re.sub(r"[^\w ]+", " ", fold(name).replace("-", " "))
    s = " ".join(s.split())
    for pattern, rep in _SKELETON:
        s = pattern.sub(rep, s)
    return " ".join(s.split())


_CASE_ENDINGS = ("a", "u", "om", "im", "oi", "e", "i", "ia", "iu")


def _known_spelling(skeleton: str) -> str | None:
    """The known spelling of a word, also when a Slavic case ending is on it ("Пескова" -> Peskov)."""
    if skeleton in SPELLINGS:
        return SPELLINGS[skeleton]
    for end in _CASE_ENDINGS:
        if skeleton.endswith(end) and skeleton[: -len(end)] in SPELLINGS:
            return SPELLINGS[skeleton[: -len(end)]]
    return None


def english_spelling(name: str) -> str:
    """A person's name as English news writes it: the known spelling of each word ("Vladimir
    Poutine" -> "Vladimir Putin"), else the word romanised ("Сергей" -> "Sergey")."""
    known = KNOWN_NAMES.get(name.strip())
    if known:
        return known
    words = []
    for word in name.split():
        words.append(_known_spelling(name_key(word)) or romanize(word))
    return " ".join(words)


__all__ = ["KNOWN_NAMES", "ORG_NAMES", "SPELLINGS", "organisation_name", "english_spelling", "fold", "name_key", "romanize"]
