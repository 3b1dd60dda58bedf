"""Quotations in any language: the language's quotation marks, its verbs of saying, and the names
found in the text.

A quotation is the text between an opening mark and its closing mark (« », „ “, “ ”, 「 」, ...)
in one paragraph, or a paragraph opened by a dialogue dash, of at least three words (or six
characters in Chinese and Japanese: shorter quoted text is a title or a scare quote). Its speaker
is found in the rest of its sentence: after it (« ... », a déclaré Emmanuel Macron; „...“, sagte
Scholz) or before it (Scholz sagte: „...“), as the name nearest a verb of saying; a pronoun next to
the verb (« ... », a-t-il dit; sagte er) is the person named last before the quotation. "According
to" phrases (selon X, laut X, según X, по словам X) make the rest of the sentence an indirect
quotation of X.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsdesk.languages.names import Name
from newsdesk.lexicon.languages import ATTRIBUTION, PRONOUNS, quote_marks, speech_verbs
from newsdesk.model import Quote, Span

MIN_WORDS = 3
MAX_QUOTE = 1500
WINDOW = 160
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_CLAUSE_END = re.compile(r"[.!?…。！？]|\n")
_IDEOGRAPHIC = frozenset({"zh", "ja", "ko", "yue", "wuu"})
_DASH_LINE = re.compile(r"(?m)^[ \t]*[—–―][ \t]*(?=\S)")


def _long_enough(content: str, lang: str | None) -> bool:
    if (lang or "") in _IDEOGRAPHIC:
        return len(content.strip()) >= 6
    return len(content.split()) >= MIN_WORDS


def _spans(text: str, lang: str | None) -> list[tuple[int, int, int, int]]:
    """(open, content start, content end, close end) of each quotation."""
    marks = quote_marks(lang)
    out: list[tuple[int, int, int, int]] = []
    i = 0
    while i < len(text):
        ch = text[i]
        closers = marks.get(ch)
        if closers is None:
            i += 1
            continue
        limit = min(len(text), i + MAX_QUOTE)
        para = text.find("\n\n", i, limit)
        stop = para if para != -1 else limit
        j = next((k for k in range(i + 1, stop) if text[k] in closers), -1)
        if j == -1:
            i += 1
            continue
        cs, ce = i + 1, j
        while cs < ce and text[cs].isspace():
            cs += 1
        while ce > cs and text[ce - 1].isspace():
            ce -= 1
        if _long_enough(text[cs:ce], lang):
            out.append((i, cs, ce, j + 1))
            i = j + 1
        else:
            i += 1
    # dialogue: a paragraph opened by a dash, up to the incise (", dit-il") or the paragraph's end
    verbs = speech_verbs(lang)
    for m in _DASH_LINE.finditer(text):
        if any(o <= m.start() < e for o, _, _, e in out):
            continue
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end == -1 else line_end
        ce = line_end
        for c in re.finditer(r",\s*", text[m.end() : line_end]):
            words = [w.lower() for w in _TOKEN.findall(text[m.end() + c.end() : line_end])[:3]]
            if any(w in verbs or w.split("-")[0] in verbs for w in words):
                ce = m.end() + c.start()
                break
        content = text[m.end() : ce].rstrip()
        if _long_enough(content, lang):
            out.append((m.start(), m.end(), m.end() + len(content), ce))
    out.sort()
    return out


def _verb_at(window: str, offset: int, lang: str | None) -> tuple[int, int] | None:
    verbs = speech_verbs(lang)
    if (lang or "") in _IDEOGRAPHIC:
        hits = [(m.start(), m.end()) for v in verbs for m in re.finditer(re.escape(v), window)]
        return (offset + min(hits)[0], offset + min(hits)[1]) if hits else None
    for m in re.finditer(r"[^\W\d_]+", window):
        if m.group().lower() in verbs:
            return offset + m.start(), offset + m.end()
    return None


def _pronoun_in(window: str, offset: int, lang: str | None) -> tuple[int, int] | None:
    pronouns = PRONOUNS.get(lang or "", frozenset())
    for m in re.finditer(r"[^\W\d_]+", window[:60]):
        if m.group().lower() in pronouns:
            return offset + m.start(), offset + m.end()
    return None


def _nearest(names: Sequence[Name], lo: int, hi: int, at: int) -> Name | None:
    inside = [n for n in names if lo <= n.start and n.end <= hi and n.label in ("PERSON", "ORG")]
    return min(inside, key=lambda n: abs(n.start - at)) if inside else None


def find_quotes(text: str, lang: str | None, names: Sequence[Name], keys: dict[int, str] | None = None,
                resolve: dict[str, str] | None = None) -> list[Quote]:
    """Quotations of `text` with their speakers among `names` (keys: Name.start -> document entity key;
    resolve: entity key -> the entity's name)."""
    keys = keys or {}
    resolve = resolve or {}
    quotes: list[Quote] = []
    openers = {m for m in quote_marks(lang) if m != '"'}
    for open_at, cs, ce, close_end in _spans(text, lang):
        limit = min(len(text), close_end + WINDOW)
        end_m = _CLAUSE_END.search(text, close_end, limit)
        after_end = end_m.start() if end_m else limit
        opener = next((k for k in range(close_end, after_end) if text[k] in openers), None)
        after_end = opener if opener is not None else after_end
        before_start = max((m.end() for m in _CLAUSE_END.finditer(text, max(0, open_at - WINDOW), open_at)),
                           default=max(0, open_at - WINDOW))
        quote = Quote(content=Span(cs, ce, text[cs:ce]), direct=True)
        for lo, hi in ((close_end, after_end), (before_start, open_at)):
            verb = _verb_at(text[lo:hi], lo, lang)
            if verb is None:
                continue
            quote.cue = Span(verb[0], verb[1], text[verb[0] : verb[1]])
            speaker = _nearest(names, lo, hi, verb[0])
            if speaker is not None:
                quote.speaker = Span(speaker.start, speaker.end, speaker.surface)
                quote.speaker_key = keys.get(speaker.start)
            else:
                pronoun = _pronoun_in(text[lo:hi], lo, lang)
                earlier = [n for n in names if n.label == "PERSON" and n.end <= open_at]
                if pronoun is not None:
                    quote.speaker = Span(pronoun[0], pronoun[1], text[pronoun[0] : pronoun[1]])
                    if earlier:
                        quote.speaker_key = keys.get(earlier[-1].start)
                elif (lang or "") in _IDEOGRAPHIC and earlier and open_at - earlier[-1].end <= WINDOW:
                    # Chinese and Japanese leave out the subject: 「…」と述べた after the person named
                    quote.speaker = Span(earlier[-1].start, earlier[-1].end, earlier[-1].surface)
                    quote.speaker_key = keys.get(earlier[-1].start)
            break
        if quote.speaker_key:
            quote.speaker_name = resolve.get(quote.speaker_key)
        quotes.append(quote)
    quotes.extend(_attributions(text, lang, names, keys, resolve, quotes))
    quotes.sort(key=lambda q: q.content.start)
    return quotes


def _attributions(text: str, lang: str | None, names: Sequence[Name], keys: dict[int, str],
                  resolve: dict[str, str], direct: list[Quote]) -> list[Quote]:
    """ "Selon X, ..." / "..., laut X.": the rest of the sentence, an indirect quotation of X."""
    words = ATTRIBUTION.get(lang or "")
    if not words:
        return []
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in words) + r")(?![\w-])", re.I)
    out: list[Quote] = []
    for m in pattern.finditer(text):
        if any(q.content.start <= m.start() < q.content.end for q in direct):
            continue
        source = next((n for n in names if 0 <= n.start - m.end() <= 25 and n.label in ("PERSON", "ORG")), None)
        if source is None:
            continue
        s_start = max((x.end() for x in _CLAUSE_END.finditer(text, 0, m.start())), default=0)
        end_m = _CLAUSE_END.search(text, source.end)
        s_end = end_m.start() if end_m else len(text)
        before = text[s_start : m.start()].strip(" ,\n")
        after = text[source.end : s_end].strip(" ,\n")
        if len(after.split()) >= MIN_WORDS:
            cs = text.index(after, source.end)
        elif len(before.split()) >= MIN_WORDS:
            cs = text.index(before, s_start)
        else:
            continue
        content = after if cs >= source.end else before
        q = Quote(content=Span(cs, cs + len(content), content), direct=False, cue=Span(m.start(), m.end(), m.group()),
                  speaker=Span(source.start, source.end, source.surface), speaker_key=keys.get(source.start))
        if q.speaker_key:
            q.speaker_name = resolve.get(q.speaker_key)
        out.append(q)
    return out


__all__ = ["find_quotes"]
