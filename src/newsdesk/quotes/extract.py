"""Quotation extraction for one article: quoted stretches + parsed attributions -> `Quote`s.

1. Find every quoted stretch by its marks (marks.py).
2. Pick the sentences that can hold an attribution: a cue word outside the quotation marks. Only
   those are parsed (the parser is the expensive part of the pipeline).
3. Read attributions off the surface (surface.py, phrases.py) or, where that cannot, off each
   parse (reported.py): source, cue, content clause.
4. Join stretches to attributions (attach.py): a stretch overlapping a content clause becomes part
   of it; a cue without a clause takes the stretch next to it ("…," he said / he said: "…"); the
   quoted sentence after an attributed quote continues it ("A," she said. "B.").
5. Resolve each source to a document entity or a description (speakers.py).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from newsdesk.model import Quote, Span
from newsdesk.quotes.attach import attach_stretches, colon_introduced, headline_colon, split_resumed
from newsdesk.quotes.clauses import extend_infinitive, trim_aside
from newsdesk.quotes.cues import CUE_WORDS, UNIT_CUE_WORDS
from newsdesk.quotes.impersonal import impersonal_attributions
from newsdesk.quotes.marks import Stretch, find_stretches
from newsdesk.quotes.objects import object_attributions
from newsdesk.quotes.phrases import Tok
from newsdesk.quotes.reported import Found, attributions
from newsdesk.quotes.speakers import SpeakerResolver, dateline_end, in_dateline
from newsdesk.quotes.surface import unit_attributions

Parser = Callable[[list[str]], list]


@dataclass
class Stats:
    """Counters for benchmarks: how much of the text needed a parse."""

    sentences: int = 0
    parsed: int = 0
    parsed_chars: int = 0


class _Quoted:
    """Fast 'is this position inside a quotation?' over sorted stretches."""

    def __init__(self, text: str, stretches: list[Stretch]) -> None:
        self.inner = [s.inner(text) for s in stretches]
        self.starts = [s for s, _ in self.inner]

        self.outer = [(s.start, s.end) for s in stretches]
        self.outer_starts = [s for s, _ in self.outer]

    def __call__(self, pos: int) -> bool:
        k = bisect.bisect_right(self.starts, pos) - 1
        return k >= 0 and self.inner[k][0] <= pos < self.inner[k][1]

    def covers(self, pos: int) -> bool:
        """Inside a stretch, its marks included."""
        k = bisect.bisect_right(self.outer_starts, pos) - 1
        return k >= 0 and self.outer[k][0] <= pos < self.outer[k][1]


def _units(text: str, sentences: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences, re-joined where the sentence splitter cut an attribution off its quote
    ('“Why?” | she asked.') or split inside a line after a closing mark."""
    pieces: list[tuple[int, int]] = []
    for s, e in sentences:
        # A paragraph break always ends a unit, whatever the sentence splitter thought.
        pos = s
        for line in text[s:e].split("\n"):
            if line.strip():
                pieces.append((pos, pos + len(line)))
            pos += len(line) + 1
    units: list[tuple[int, int]] = []
    for s, e in pieces:
        head = text[s:e].lstrip()
        if units and head and "\n" not in text[units[-1][1]:s]:
            first = head[0]
            prev = text[units[-1][0]:units[-1][1]].rstrip()
            # '“Why?” | she asked.' / '“Great!” | Bush said.': a quote ending in ? ! or , goes on.
            clause = _first_clause(head)
            # '“Win!” | US Senator Jeff Sessions said as he began.': the cue within the clause's first words
            inner = prev.rstrip("”\"'»")  # ('' closes a quotation in TeX-style texts)
            asked = (inner != prev and inner[-1:] in ("?", "!", ",")
                     and any(w.lower() in CUE_WORDS for w in clause[:7]))
            # '“… missing.” | Trump said.': a bare attribution standing as its own sentence after a quotation
            bare = (inner != prev and len(head.split()) <= 5 and head.rstrip().endswith(".")
                    and any(w.lower().strip(".,") in CUE_WORDS for w in head.split()[-2:]))
            if asked or bare or first.islower() or first in "”’»" or (first in "\"'" and len(head) > 1 and head[1] in " ,"):
                units[-1] = (units[-1][0], e)
                continue
        units.append((s, e))
    return units


def _first_clause(head: str) -> list[str]:
    """The words of a sentence up to its first punctuation mark; an abbreviation's stop ("Ms. Lee
    asked") does not end it."""
    words: list[str] = []
    for w in head.split()[:8]:
        words.append(w.strip(",.;:!?"))
        if w[-1] in ",;:!?" or (w.endswith(".") and not (w[:1].isupper() and len(w) <= 4)):
            break
    return words


def _masked(text: str, quoted: _Quoted) -> str:
    chars = list(text)
    for s, e in quoted.inner:
        chars[s:e] = " " * (e - s)
    return "".join(chars)


_MARK_TOKENS = frozenset({'"', "“", "”", "‘", "’", "'", "``", "''", "«", "»", "„", "‟"})


def _unit_tokens(doc, s: int, e: int, quoted: _Quoted, resolver: SpeakerResolver) -> list[Tok]:
    """The unit's tokens as the surface rules read them (entity labels from the resolver's mentions,
    which are the entities step's when it ran)."""
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None:
        return []
    mentions = resolver.mentions_in(s, e)
    out: list[Tok] = []
    m = 0
    for t in span:
        text = t.text
        if not text.strip():
            continue
        start = t.idx
        while m < len(mentions) and mentions[m].end <= start:
            m += 1
        ent = ""
        ent_start = False
        if m < len(mentions) and mentions[m].start <= start < mentions[m].end:
            ent = mentions[m].label
            ent_start = start == mentions[m].start
        # An acronym is not a function word: "US officials" is not "us officials".
        low = text if len(text) > 1 and text.isupper() else text.lower()
        out.append(Tok(len(out), text, low, start, start + len(text), t.is_punct or text in _MARK_TOKENS,
                       text[:1].isupper(), ent, ent_start, quoted.covers(start)))
    return out


@dataclass
class Pending:
    """An article read as far as the surface rules go, waiting for its sentences' parses."""

    text: str
    resolver: SpeakerResolver
    stretches: list[Stretch]
    quoted: _Quoted
    units: list[tuple[int, int]]
    found: list[Found]
    todo: list[int]  # units to parse
    wanted: dict[int, set[int] | None]  # unit -> the cue positions the parse should read (None: all)

    def texts(self) -> list[str]:
        return [self.text[self.units[i][0]:self.units[i][1]] for i in self.todo]


def read_surface(
    text: str, doc, resolver: SpeakerResolver, stats: Stats | None = None, parse_all: bool = False
) -> Pending:
    """Phase 1: quotation marks, and the attributions the surface rules can read. `doc` is the
    spaCy Doc of the nlp step (sentences, tokens)."""
    stretches = find_stretches(text)
    quoted = _Quoted(text, stretches)
    resolver.in_quote = quoted
    units = _units(text, [(s.start_char, s.end_char) for s in doc.sents])
    ends = sorted(st.end for st in stretches)

    def stretch_ends(a: int, b: int) -> bool:
        """A quotation closes between a and b (with only punctuation around it)."""
        k = bisect.bisect_left(ends, a)
        return k < len(ends) and ends[k] <= b

    masked = _masked(text, quoted)
    pending = Pending(text, resolver, stretches, quoted, units, [], [], {})
    for i, (s, e) in enumerate(units):
        words = masked[s:e].lower().replace("’", "'").split()
        if not any(w.strip(".,;:!?()[]\"'“”‘’—–-") in UNIT_CUE_WORDS for w in words):
            continue
        if parse_all:
            pending.todo.append(i)
            pending.wanted[i] = None
            continue
        toks = _unit_tokens(doc, s, e, quoted, resolver)
        got, unread = unit_attributions(toks, text, stretch_ends)
        if unread:
            pending.todo.append(i)
            pending.wanted[i] = set(unread)
        for f in got:
            f.extra["unit"] = i
        pending.found.extend(got)
    if stats is not None:
        stats.sentences += len(units)
        stats.parsed += len(pending.todo)
        stats.parsed_chars += sum(units[i][1] - units[i][0] for i in pending.todo)
    return pending


def finish(pending: Pending, docs: Sequence) -> list[Quote]:
    """Phase 2: the parsed sentences' attributions, quotations joined to them, speakers resolved."""
    text, units, found = pending.text, pending.units, list(pending.found)
    for i, pdoc in zip(pending.todo, docs, strict=True):
        want = pending.wanted[i]
        tokens = list(pdoc)  # (spaCy makes a new Token object on each pass over a Doc: one pass for three readers)
        for f in (attributions(pdoc, units[i][0], text, pending.quoted, tokens)
                  + object_attributions(pdoc, units[i][0], text, pending.quoted, tokens)
                  + impersonal_attributions(pdoc, units[i][0], text, pending.quoted, tokens)):
            if want is not None and f.verb_char not in want and not _infinitive_of_wanted(text, f, want):
                continue  # the surface rules already read this cue
            f.extra["unit"] = i
            found.append(f)
    stretches = split_resumed(text, pending.stretches, found)
    found = attach_stretches(text, units, stretches, found)
    # a cue the clause or quotation rules read keeps that reading, not an object or impersonal one
    read = {f.verb_char for f in found if f.content and not f.extra.get("fallback")}
    found = [f for f in found if not (f.extra.get("fallback") and f.verb_char in read)]
    found += colon_introduced(text, units, stretches, found, pending.resolver)
    found += headline_colon(text, found)
    _cut_at_inner(text, found)
    cues = sorted(f.cue[0] for f in found if f.cue is not None)
    for f in found:
        trim_aside(text, f, pending.quoted)
        extend_infinitive(text, f, pending.quoted, cues)
    _share_subject(found)
    found = _denest(found)
    found.sort(key=lambda f: (f.source[0] if f.source else f.start))
    quotes = [_to_quote(text, f, stretches, pending.resolver) for f in found]
    quotes = [q for f, q in zip(found, quotes, strict=True) if not _mere_action(f, q)]
    quotes.sort(key=lambda q: q.content.start)
    return quotes


_TO_BEFORE = re.compile(r"\bto\s+$")


def _share_subject(found: list[Found]) -> None:
    """"Ms. Vance said … and criticized …": the second verb's attribution takes the first one's source
    (the parse often gives it the reported clause's subject instead)."""
    by_cue = {f.cue[0]: f for f in found if f.cue is not None}
    for f in found:
        g = by_cue.get(f.extra.get("next_verb", -1))
        if g is not None and f.source is not None:
            g.source = f.source
            g.source_pron = f.source_pron


def _infinitive_of_wanted(text: str, f: Found, want: set[int]) -> bool:
    """"continued to call for …", "went on to explain …": the surface rules never read a cue after
    'to' (an infinitive), so the parse's reading of it counts when it hangs on a cue sent to the parse."""
    return bool(_TO_BEFORE.search(text, max(0, f.verb_char - 4), f.verb_char)) and any(
        0 < f.verb_char - w <= 40 for w in want)


# Refusing, declining or threatening is an attribution when it is about speech ("declined to
# comment") or when its subject is a named source; "Dockers refused to unload the ship" is an act.
_ACTION_CUES = {"refuse", "decline", "threaten"}
_SPEECH_INFINITIVE = re.compile(
    r"^to\s+(?:\w+\s+)?(?:say|comment|speak|answer|respond|discuss|confirm|deny|name|identify|elaborate|"
    r"specify|disclose|reveal|explain|talk|endorse|concede|admit|acknowledge|recogni[sz]e|be\s+(?:identified|"
    r"named|interviewed|quoted))\b", re.IGNORECASE)


def _mere_action(f: Found, q: Quote) -> bool:
    if f.lemma not in _ACTION_CUES or q.direct:
        return False
    if _SPEECH_INFINITIVE.match(q.content.text.strip()):
        return False
    return q.speaker is None or (q.speaker_key is None and q.speaker.text.strip().lower() not in _PRONOUN_SOURCES
                                 and q.speaker.text[:1].isupper() and " " not in q.speaker.text.strip())


_PRONOUN_SOURCES = {"he", "she", "they", "it", "we", "i"}
_QUOTE_MARKS = "\"“”„‟«»"


def _is_dateline(text: str, a: int, b: int) -> bool:
    """"CHISINAU —" / "OSLO (Reuters) -": the place line opening a story or paragraph, never a speaker."""
    return in_dateline(text, a) and dateline_end(text, text.rfind("\n", 0, a) + 1) >= b


def extract_quotes(
    text: str,
    doc,
    resolver: SpeakerResolver,
    parse: Parser,
    stats: Stats | None = None,
    parse_all: bool = False,
) -> list[Quote]:
    """Every quotation of one article. `parse_all` parses every sentence with a cue instead of
    reading most off the surface (slower; kept to measure what the surface rules cost)."""
    pending = read_surface(text, doc, resolver, stats, parse_all)
    return finish(pending, parse(pending.texts()))


_CONNECTORS = {"and", "but", "while", "whereas", "as", "which", "who", "also", "then", "though", "although",
               "even", "yet", "so", "when", "after", "before", "because", "with", "where"}


_CLOSING_AFTER = re.compile(r"[.,!?…]*[”\"»]")


def _cut_at_inner(text: str, found: list[Found]) -> None:
    """Where another attribution opens inside a content after a comma, dash or connective ("noted her
    record, saying “…”", "half prefer X, while 4 in 10 want Y"), the content stops before it: the
    second attribution is its own, with its own content."""
    for g in found:
        if g.cue is None or g.start < g.cue[1]:
            continue  # only attributions whose content follows their cue
        for f in found:
            if f is g or f.cue is None:
                continue
            # the inner attribution's own subject, when it sits between the two cues
            anchor = g.source[0] if g.source and f.cue[1] <= g.source[0] < g.cue[0] else g.cue[0]
            if f.cue[0] >= anchor or not any(a < anchor < b for a, b in f.content):
                continue  # (a split quotation's gap holds its own attribution: nothing to cut)
            head = text[f.start:anchor]
            words = head.split()
            k = len(words)
            while k > 0 and words[k - 1].strip(",;:—–-").lower() in _CONNECTORS | {""}:
                k -= 1
            if k < 2:
                continue
            punct = words[k - 1].rstrip("”\"’'»")[-1:] in (",", ";", "—", "–", "-", ":") or (
                k < len(words) and words[k][:1] in ("—", "–", "-"))
            shared = anchor == g.cue[0]  # the inner verb shares the outer subject ("… and called …")
            if not punct and not (shared and k < len(words)):
                continue  # "said the spate of shootings and protests demands …": a real nesting
            cut = f.start + len(head.rstrip())
            # back over the connectives and the punctuation that open the inner clause
            while True:
                h = text[f.start:cut].rstrip()
                last = h.split()[-1] if h.split() else ""
                if last.strip(",;:—–-").lower() in _CONNECTORS and len(h.split()) > 2:
                    cut = f.start + len(h) - len(last)
                    continue
                cut = f.start + len(h.rstrip(" ,;:—–-"))
                break
            if cut - f.start < 6:
                continue
            f.content = [(a, min(b, cut)) for a, b in f.content if a < cut]
            # the inner content keeps the closing mark of a quotation it opens (the outer clause
            # had taken the quoted stretch)
            m = _CLOSING_AFTER.match(text, g.end)
            body = text[g.start:g.end]
            if m and (body.count("“") > body.count("”") or body.count('"') % 2 == 1):
                g.content = g.content[:-1] + [(g.content[-1][0], m.end())]


def _denest(found: list[Found]) -> list[Found]:
    """Keep the outer attribution when one sits inside another's content; drop exact repeats."""
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    keep: list[Found] = []
    for f in found:
        inside = False
        for g in keep:
            if g is f:
                continue
            if f.cue and any(s <= f.cue[0] < e for s, e in g.content):
                inside = True
                break
            if f.start >= g.start and f.end <= g.end and f.source is None:
                inside = True
                break
            if (f.start, f.end) == (g.start, g.end):
                inside = True
                break
        if not inside:
            keep.append(f)
    return keep


# Words that are never a speaker on their own: a determiner or quantifier the name was cut from.
_NOT_SPEAKERS = {"the", "a", "an", "some", "this", "these", "those", "all", "many", "most", "several", "one",
                 "both", "each", "other", "others", "such", "any",
                 # a preposition or a question word the rules took for a subject ("Of Carson, Levine said",
                 # "Why not just say: …")
                 "of", "about", "on", "for", "to", "with", "as", "why", "what", "how", "where", "whether"}
_SPEAKER_EDGE = " \t\n\u00a0–—-\"“”‘’'«»,;:"


def _speaker_span(text: str, src: tuple[int, int], resolver: SpeakerResolver) -> tuple[int, int] | None:
    """The source span as a speaker: edge dashes and marks off, a parenthesis kept whole ("Gov. John
    Kasich (R-OH)"); None for a bare determiner or number. A relative "who" stays as written, like a
    pronoun (`_to_quote` resolves it to the name it stands for)."""
    a, b = src
    while a < b and text[a] in _SPEAKER_EDGE:
        a += 1
    while b > a and text[b - 1] in _SPEAKER_EDGE:
        b -= 1
    if text.count("(", a, b) > text.count(")", a, b):
        if text.startswith(")", b):
            b += 1
        else:
            b = text.rfind("(", a, b)
            while b > a and text[b - 1] in _SPEAKER_EDGE:
                b -= 1
    surface = text[a:b].strip().lower()
    if not surface or surface in _NOT_SPEAKERS or not any(c.isalpha() for c in surface):
        return None
    return a, b


_RELATIVES = {"who", "which", "that"}


def _to_quote(text: str, f: Found, stretches: list[Stretch], resolver: SpeakerResolver) -> Quote:
    s, e = f.start, f.end
    s = dateline_end(text, s) if dateline_end(text, s) < e else s
    # a doubled quotation mark (""We want ..."") counts once
    while e - s > 2 and text[s] in _QUOTE_MARKS and text[s + 1] in _QUOTE_MARKS:
        s += 1
    while e - s > 2 and text[e - 1] in _QUOTE_MARKS and text[e - 2] in _QUOTE_MARKS:
        e -= 1
    content = Span(s, e, text[s:e])
    frags = [Span(max(a, s), min(b, e), text[max(a, s):min(b, e)]) for a, b in f.content] if len(f.content) > 1 else []
    # Direct when it opens or closes with quoted words ("that he would “compete vigorously.”" too).
    direct = any(st.start <= s < st.end or st.start < e <= st.end for st in stretches)
    cue = Span(f.cue[0], f.cue[1], text[f.cue[0]:f.cue[1]]) if f.cue else None
    speaker = None
    key = name = None
    source = _speaker_span(text, f.source, resolver) if f.source else None
    if source and not _is_dateline(text, source[0], source[1]):
        speaker = Span(source[0], source[1], text[source[0]:source[1]])
        if speaker.text.lower() in _RELATIVES:
            m = resolver.relative_antecedent(source[0])
            key, name = resolver.resolve(m.start, m.end) if m is not None else (None, None)
        else:
            key, name = resolver.resolve(source[0], source[1])
    return Quote(content=content, direct=direct, cue=cue, speaker=speaker, speaker_key=key,
                 speaker_name=name, fragments=frags)
