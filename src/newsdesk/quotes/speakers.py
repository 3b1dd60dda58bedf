"""Who a quotation's source is: a named entity, a pronoun's antecedent, or a description.

The source span as written stays on the quote; this module resolves it to the document entity
(`DocEntity.key`) and a display name:
- a name ("Serdyukov") -> its entity, named by the document's full name ("Anatoly Serdyukov");
- a pronoun ("he") -> the most recent compatible person (the previous speaker first);
- a definite description ("the official", "the mayor") -> the person titled so earlier in the
  text ("Mayor Bill de Blasio"), or the earlier description it repeats ("a senior administration
  official"), kept as that description when nobody is named;
- anything else ("US officials", "the commission") -> the description itself, unless it is an
  organisation's name ("the Pentagon").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from newsdesk.lexicon.names import FEMALE_TITLES, MALE_TITLES
from newsdesk.lexicon.speech import ORG_HEADS

PERSON_PRONOUNS = {"he", "she", "him", "her"}
PLURAL_PRONOUNS = {"they", "them"}
THING_PRONOUNS = {"it"}
FIRST_PERSON = {"i", "we", "me", "us"}
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her"}
_WORD = re.compile(r"[\w’'.-]+")
ORG_LABELS = ("ORG", "NORP", "GPE")


@dataclass
class MentionRef:
    start: int
    end: int
    label: str
    key: str | None = None


class SpeakerResolver:
    """Resolves source spans of one article, called in text order (it remembers past speakers)."""

    def __init__(
        self,
        text: str,
        mentions: Sequence[MentionRef],
        names: dict[str, str] | None = None,
        in_quote: Callable[[int], bool] | None = None,
    ) -> None:
        self.text = text
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.names = dict(names or {})  # entity key -> best name
        self.in_quote = in_quote or (lambda _pos: False)
        self.gender: dict[str, str] = {}
        self.history: list[tuple[int, str | None, str | None, str]] = []  # (pos, key, name, kind)
        if not any(m.key for m in self.mentions):
            self._cluster_people()
        self.person_keys = {m.key for m in self.mentions if m.label == "PERSON" and m.key}
        self._learn_gender()

    # --- setup -------------------------------------------------------------------------------------
    def _cluster_people(self) -> None:
        """Without the entities step: group person mentions by surname under the longest name."""
        people = [m for m in self.mentions if m.label == "PERSON"]
        full: dict[str, str] = {}
        for m in sorted(people, key=lambda m: -(m.end - m.start)):
            name = _clean_name(self.text[m.start:m.end])
            words = name.split()
            if not words:
                continue
            last = words[-1].lower()
            full.setdefault(last, name)
            full.setdefault(name.lower(), full[last])
        for m in people:
            name = _clean_name(self.text[m.start:m.end])
            words = name.split()
            if not words:
                continue
            best = full.get(name.lower()) or full.get(words[-1].lower()) or name
            m.key = "p:" + best
            self.names.setdefault(m.key, best)
        for m in self.mentions:
            if m.key is None:
                name = _clean_name(self.text[m.start:m.end])
                m.key = f"{m.label[:1].lower()}:{name}"
                self.names.setdefault(m.key, name)

    def _learn_gender(self) -> None:
        text = self.text
        for m in self.mentions:
            if m.label != "PERSON" or not m.key:
                continue
            before = text[max(0, m.start - 6):m.start].strip().lower().split()
            word = before[-1] if before else ""
            if word in FEMALE_TITLES:
                self.gender.setdefault(m.key, "f")
            elif word in MALE_TITLES:
                self.gender.setdefault(m.key, "m")

    # --- lookup ------------------------------------------------------------------------------------
    def mentions_in(self, start: int, end: int) -> list[MentionRef]:
        k = bisect.bisect_left(self.starts, start)
        out = []
        while k < len(self.mentions) and self.mentions[k].start < end:
            if self.mentions[k].end <= end:
                out.append(self.mentions[k])
            k += 1
        return out

    def name_of(self, key: str | None) -> str | None:
        return self.names.get(key) if key else None

    def resolve(self, start: int, end: int) -> tuple[str | None, str | None]:
        """(entity key, display name) for the source span text[start:end]."""
        key, name, kind = self._resolve(start, end)
        self.history.append((start, key, name, kind))
        return key, name

    def _resolve(self, start: int, end: int) -> tuple[str | None, str | None, str]:
        surface = self.text[start:end].strip()
        low = surface.lower()
        if low in PERSON_PRONOUNS:
            key = self._antecedent_person(start, "f" if low in ("she", "her") else "m")
            return key, self.name_of(key), "pronoun"
        if low in PLURAL_PRONOUNS or low in THING_PRONOUNS:
            key, name = self._antecedent_group(start, plural=low in PLURAL_PRONOUNS)
            return key, name, "pronoun"
        if low in FIRST_PERSON or low in ("who", "which", "that", "you"):
            return None, None, "pronoun"
        inside = self.mentions_in(start, end)
        people = [m for m in inside if m.label == "PERSON" and self._is_head(start, end, m)]
        if people:
            m = people[-1]
            return m.key, self.name_of(m.key) or self.text[m.start:m.end], "person"
        for m in inside:
            if m.label in ORG_LABELS:
                rest = [w for w in _WORD.findall(self.text[start:m.start] + " " + self.text[m.end:end])
                        if w.lower() not in _DETERMINERS and w not in ("’s", "'s")]
                if not rest:
                    return m.key, self.name_of(m.key) or self.text[m.start:m.end], "org"
        desc = _trim(surface)
        words = _WORD.findall(desc)
        # A definite description refers back: "the mayor" -> "Mayor Bill de Blasio".
        if words and words[0].lower() in ("the", "this", "that") and len(words) <= 5:
            key, name = self._refer_back(start, words[-1], words[1:-1])
            if key or name:
                return key, name, "description"
        return None, _description(desc), "description"

    def _is_head(self, start: int, end: int, m: MentionRef) -> bool:
        """Whether a person named inside a source span is the source itself ("Russian Defense
        Minister, Anatoly Serdyukov") rather than a modifier of it ("an official travelling with
        Gates", "Trump's spokesman")."""
        after = self.text[m.end:end].strip()
        if after and not after.startswith((",", "(", "—", "-")):
            return False
        # words before the name, leaving out other names ("… Society for Immunology president Stephen Turner")
        chars = list(self.text[start:m.start])
        for o in self.mentions_in(start, m.start):
            for i in range(o.start - start, o.end - start):
                chars[i] = " "
        before = _WORD.findall("".join(chars))
        return not any(w.lower() in _NOT_HEAD or (w.islower() and w.endswith(("ing", "ed"))) for w in before)

    def _antecedent_person(self, pos: int, gender: str) -> str | None:
        # The previous speaker, when recent and compatible, is the likeliest "he" or "she" -- unless
        # another person has been named since: then the subject of the last sentence naming someone is.
        for p, key, _name, _kind in reversed(self.history):
            if pos - p > 600:
                break
            if key and key in self.person_keys:
                if self.gender.get(key, gender) == gender and not self._other_person_between(p, pos, key):
                    self.gender.setdefault(key, gender)
                    return key
                break
        key = self._sentence_subject(pos, gender)
        if key:
            self.gender.setdefault(key, gender)
            return key
        k = bisect.bisect_left(self.starts, pos) - 1
        while k >= 0 and pos - self.mentions[k].end < 2000:
            m = self.mentions[k]
            if m.label == "PERSON" and m.key and not self.in_quote(m.start):
                if self.gender.get(m.key, gender) == gender:
                    self.gender.setdefault(m.key, gender)
                    return m.key
            k -= 1
        return None

    def _other_person_between(self, lo: int, hi: int, key: str) -> bool:
        k = bisect.bisect_right(self.starts, lo)
        while k < len(self.mentions) and self.mentions[k].start < hi:
            m = self.mentions[k]
            if m.label == "PERSON" and m.key and m.key != key and not self.in_quote(m.start):
                return True
            k += 1
        return False

    def _sentence_subject(self, pos: int, gender: str) -> str | None:
        """The first compatible person of the nearest earlier sentence that names one (outside quotes)."""
        text = self.text
        k = bisect.bisect_left(self.starts, pos) - 1
        while k >= 0 and pos - self.mentions[k].end < 2000:
            m = self.mentions[k]
            if m.label == "PERSON" and m.key and not self.in_quote(m.start):
                lo = max(text.rfind(". ", 0, m.start), text.rfind("\n", 0, m.start), text.rfind("? ", 0, m.start),
                         text.rfind("! ", 0, m.start), 0)
                j = bisect.bisect_left(self.starts, lo)
                while j <= k:
                    c = self.mentions[j]
                    if (c.label == "PERSON" and c.key and not self.in_quote(c.start)
                            and self.gender.get(c.key, gender) == gender):
                        return c.key
                    j += 1
                return None
            k -= 1
        return None

    def _antecedent_group(self, pos: int, plural: bool) -> tuple[str | None, str | None]:
        # An organisation or country opening the sentence is the likeliest "it" / "they" in it.
        text = self.text
        lo = max(text.rfind(".", 0, pos), text.rfind("\n", 0, pos), text.rfind("?", 0, pos), 0)
        k = bisect.bisect_left(self.starts, lo)
        if k < len(self.mentions) and self.mentions[k].start < pos:
            m = self.mentions[k]
            if (m.label in ORG_LABELS and not self.in_quote(m.start) and len(text[lo:m.start].split()) <= 3
                    and not in_dateline(text, m.start)):
                return m.key, self.name_of(m.key) or text[m.start:m.end]
        for p, key, name, kind in reversed(self.history):
            if pos - p > 600:
                break
            if kind in ("org", "description") and name:
                return key, name
        k = bisect.bisect_left(self.starts, pos) - 1
        while k >= 0 and pos - self.mentions[k].end < 600:
            m = self.mentions[k]
            if m.label == "ORG" and not self.in_quote(m.start) and not in_dateline(text, m.start):
                return m.key, self.name_of(m.key) or text[m.start:m.end]
            k -= 1
        return None, None

    def _refer_back(self, pos: int, head: str, modifiers: Sequence[str] = ()) -> tuple[str | None, str | None]:
        head_low = head.lower()
        # 1. a person introduced with this title ("Mayor Bill de Blasio", "the defense secretary, Gates")
        text = self.text
        k = bisect.bisect_left(self.starts, pos) - 1
        while k >= 0:
            m = self.mentions[k]
            if m.label == "ORG" and m.key and head_low in text[m.start:m.end].lower().split():
                return m.key, self.name_of(m.key)  # "the commission" -> "the … Commission on China"
            if m.label == "PERSON" and m.key:
                # the title right before the name: "Mayor Bill de Blasio", "Defense Secretary Robert Gates"
                words = _WORD.findall(text[max(0, m.start - 40):m.start].lower())
                if words and words[-1] == head_low:
                    return m.key, self.name_of(m.key)
                after = _WORD.findall(text[m.end:m.end + 40].lower())
                if after[:4] and head_low in after[:4] and text[m.end:m.end + 2].startswith(","):
                    return m.key, self.name_of(m.key)
            k -= 1
        # 2. an earlier source description with the same head ("a senior administration official")
        for _p, key, name, kind in reversed(self.history):
            if kind == "description" and name and name.lower().split()[-1] == head_low:
                return key, name
        # 3. "the company", "the bank": the nearest organisation named before, outside quotations. A
        # description with words of its own ("the electricity network operator") may be a body the
        # text has not named: only an organisation whose name has those words is it.
        if head_low in ORG_HEADS:
            own = {w.lower() for w in modifiers}
            k = bisect.bisect_left(self.starts, pos) - 1
            while k >= 0 and pos - self.mentions[k].end < 2000:
                m = self.mentions[k]
                # an outlet credited in the dateline ("OSLO (Reuters) –") is not the company
                if (m.label == "ORG" and m.key and not self.in_quote(m.start) and not in_dateline(text, m.start)
                        and own <= {w.lower() for w in _WORD.findall(text[m.start:m.end])}):
                    return m.key, self.name_of(m.key)
                k -= 1
        return None, None

    def relative_antecedent(self, pos: int) -> MentionRef | None:
        """The name a relative "who" at `pos` stands for: "Liu, a Chinese businessman, who …" -> Liu.
        Only a person or organisation named just before it (an apposition between is allowed)."""
        text = self.text
        k = bisect.bisect_left(self.starts, pos) - 1
        while k >= 0 and pos - self.mentions[k].end <= 80:
            m = self.mentions[k]
            gap = text[m.end:pos]
            if m.label in ("PERSON",) + tuple(ORG_LABELS) and not self.in_quote(m.start) and not any(
                    c in gap for c in ".;:!?\n\"“”") and (not gap.strip() or gap.strip() == ","
                                                      or (gap.lstrip().startswith(",") and gap.rstrip().endswith(","))):
                return m
            k -= 1
        return None


_DATELINE = re.compile(r"[A-Z][A-Z.'’ -]{1,30}[A-Z.](?:,[ \t][A-Za-z0-9. ]{1,30})?(?:[ \t]*\([^)\n]{1,30}\))?"
                       r"[ \t]+[—–-]{1,2}[ \t]*")


def dateline_end(text: str, pos: int) -> int:
    """Where a dateline ("CHISINAU —", "OSLO (Reuters) -", "WASHINGTON --") opening the line at
    `pos` ends; `pos` when there is none. A dateline names where the story was filed: never a
    speaker, never said content."""
    if pos and not text[:pos].rstrip(" \t").endswith("\n"):
        return pos
    m = _DATELINE.match(text, pos)
    return m.end() if m else pos


def in_dateline(text: str, pos: int) -> bool:
    """Whether `pos` falls inside the dateline opening its line ("OSLO (Reuters) -")."""
    return dateline_end(text, text.rfind("\n", 0, pos) + 1) > pos




_NOT_HEAD = {"with", "for", "to", "from", "by", "about", "against", "near", "behind", "like", "than", "at",
             "in", "on", "under", "close"}
_CUT = {"who", "which", "that", "whose", "whom", "with", "travelling", "traveling"}


def _trim(surface: str) -> str:
    """A description without what follows its head noun: "a senior administration official
    travelling with Gates" -> "a senior administration official"."""
    words = surface.split()
    for i, w in enumerate(words):
        low = w.lower().strip(",")
        if i >= 2 and (low in _CUT or (w.islower() and low.endswith("ing"))):
            return " ".join(words[:i]).rstrip(",")
        if i >= 1 and w.endswith(",") and i + 1 < len(words):
            return " ".join(words[: i + 1]).rstrip(",")
    return " ".join(words)


def _clean_name(s: str) -> str:
    s = s.strip()
    for suffix in ("’s", "'s"):
        if s.endswith(suffix):
            s = s[: -len(suffix)]
    if s.lower().startswith("the "):
        s = s[4:]
    return " ".join(s.split())


def _description(surface: str) -> str:
    """A description as a name: as written, its first letter lowered unless a proper noun."""
    s = " ".join(surface.split())
    if s[:2] in ("A ", "An") or s[:4] in ("The ", "Thes", "Thos"):
        s = s[0].lower() + s[1:]
    return s
