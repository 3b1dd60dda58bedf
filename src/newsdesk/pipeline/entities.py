"""The `entities` step: named entities, right within the document.

spaCy's small model is a fair start on news but stumbles in predictable places; this step repairs
them and then groups the mentions into document entities:

1. ALL-CAPS lines (headlines, tables, datelines): the model reads capitals as names, so each such
   line is re-run on a case-restored copy (same length, so offsets map back one to one). Casing
   comes from the document itself (how the word is written elsewhere), then from word lists.
2. Datelines ("LONDON 1996-08-30", "WASHINGTON (Reuters) -"): the place is a GPE.
3. Span repairs: no newlines inside a name, no honorific ("Mr.") or possessive ("'s"), no score or
   table figures glued to a name ("Somerset 83"), no "X at Y" run together.
4. Sports: in a sports report a town or county that acts as a team is an organisation; a country
   stays a place (the national side is named after it).
5. Movements and groups the model calls people ("Falun Gong", "Uighurs") get ORG / NORP.
6. Organisation names joined by "and" ("AstraZeneca and University of Oxford") are split, unless
   the first part cannot stand alone ("Australian and New Zealand Society for Immunology").
7. One type per entity: identical names vote on one label; a surname or first name of a person
   ("Gates" after "Robert Gates") is that person whatever the model said; names the model tagged
   somewhere are tagged everywhere they recur.
8. Document entities: person variants merged (surname, initials, title + name, possessives), roles
   kept from pre-name titles ("US Defense Secretary Robert Gates") and appositions ("Krzysztof
   Kitajgrodzki, his Polish lawyer"), acronyms in brackets joined to their long form, the short form
   of an organisation ("Supreme Court") joined to the long one, country aliases ("US", "United
   States") joined through the gazetteer.

Output: `article.mentions` (every mention carries its DocEntity key), `article.entities`, and the
value spans (DATE, MONEY, CARDINAL, ...) in `article.scratch["values"]` for evaluation.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from newsdesk.model import Article, DocEntity, Mention
from newsdesk.pipeline.base import Step, register
from newsdesk.pipeline.nlp import BATCH_SIZE, get_nlp

NAMED_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)
VALUE_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "prof", "rev", "mme", "mlle", "herr"})
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Words that head a role or title (general knowledge, lower case).
ROLE_WORDS = frozenset("""
president president-elect vice-president premier minister secretary chancellor governor mayor senator
congressman congresswoman congressmen lawmaker legislator representative ambassador envoy diplomat consul
spokesman spokeswoman spokesperson chairman chairwoman chair chief director head leader king queen prince
princess emperor empress pope cardinal bishop archbishop imam rabbi ayatollah general colonel commander
admiral lieutenant captain sergeant marshal officer official coach manager striker midfielder defender
goalkeeper lawyer attorney judge justice prosecutor professor scientist researcher economist analyst editor
correspondent reporter journalist founder co-founder owner executive ceo cfo coo treasurer deputy aide
adviser advisor counsel inspector commissioner superintendent sheriff dean principal boss chairperson
speaker whip sultan sheikh emir monarch dictator vice-chairman strategist negotiator mediator investigator
author writer novelist actor actress singer musician director producer designer architect engineer
physician doctor surgeon nurse epidemiologist virologist immunologist expert historian teacher student
""".split())
CONNECTORS = frozenset({"of", "for", "and", "the", "on", "de", "to"})
POSSESSIVE_DETS = frozenset({"the", "his", "her", "their", "its", "a", "an", "our", "my", "your"})
# Groups and movements the small model often takes for people (general knowledge).
GROUP_ORGS = frozenset(name.lower() for name in [
    "Falun Gong", "Taliban", "Hamas", "Hezbollah", "Hizbollah", "al-Qaeda", "al Qaeda", "Al-Qaida", "Islamic State",
    "ISIS", "ISIL", "Daesh", "Boko Haram", "al-Shabaab", "Al-Shabab", "Black Lives Matter", "Antifa", "QAnon",
    "Muslim Brotherhood", "Fatah", "Houthi", "PKK", "FARC", "ETA", "IRA", "Sinn Fein", "Extinction Rebellion",
    "Greenpeace", "Solidarity", "Occupy Wall Street", "Tea Party", "Proud Boys", "Wagner", "Wagner Group",
    "Interpol", "Europol", "Mossad", "Hezb-e-Islami", "Lashkar-e-Taiba", "Jaish-e-Mohammed", "Khmer Rouge",
])
GROUP_NORPS = frozenset(name.lower() for name in [
    "Uighurs", "Uighur", "Uyghurs", "Uyghur", "Kurds", "Kurd", "Tamils", "Rohingya", "Pashtuns", "Hutus", "Hutu",
    "Tutsis", "Tutsi", "Sunnis", "Sunni", "Shiites", "Shia", "Shi'ites", "Muslims", "Muslim", "Moslems", "Moslem",
    "Christians", "Jews", "Hindus", "Sikhs", "Buddhists", "Catholics", "Protestants", "Arabs", "Berbers",
    "Bedouins", "Maori", "Aborigines", "Roma", "Basques", "Catalans", "Chechens", "Tatars", "Yazidis", "Druze",
    "Copts", "Alawites", "Houthis", "Islamists", "Jihadists", "Maoists", "Marxists", "Republicans", "Democrats",
    "Tories", "Socialists", "Communists", "Zionists", "Palestinians", "Israelis", "Azeris", "Tajiks", "Uzbeks",
    "Serbs", "Croats", "Bosniaks", "Albanians", "Afrikaners", "Zulus", "Kikuyu", "Hazaras", "Baloch", "Sindhis",
    "Punjabis", "Bengalis", "Tibetans", "Mongols", "Cossacks", "Crimeans", "Sami", "Inuit", "Latinos", "Hispanics",
])
SPORTS = frozenset("""
soccer football cricket tennis golf rugby basketball baseball hockey athletics boxing cycling squash
badminton volleyball handball swimming skiing motor-racing formula nfl nba nhl mlb snooker darts rowing
sailing equestrian judo wrestling
""".split())
SPORT_CUES = frozenset("""
league championship cup match innings wickets wicket goals goal scored striker midfielder goalkeeper coach
season tournament seeded beat beats defeated halftime half-time quarter-final semi-final final draw drew
runs overs bowled batting fixtures standings points games innings unbeaten title
""".split())
LOCATIVE = frozenset({"in", "at", "near", "outside", "from", "of", "across", "around", "into", "within", "via"})

_LETTER_RUN = re.compile(r"[^\W\d_]+")
_WORD = re.compile(r"\S+")
_SCORE_TOKEN = re.compile(r"^[\d][\d\-/.:,()]*$|^\(\d+\)$|^\d+(st|nd|rd|th)$")
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z'’.\-]*[A-Z.](?:[ ][A-Z][A-Z'’.\-]*[A-Z.])*)"
    r"(?:[ ]?,[ ]?(?P<region>[A-Z][A-Za-z.]+(?:[ ][A-Z][A-Za-z.]+)*))?"
    r"(?=[ ]*(?:\d{4}-\d\d-\d\d|\([A-Z][\w.&' -]{1,30}\)[ ]*[-–—]|[ ](?:-|–|—|--)[ ]))",
    re.M,
)
_ACRONYM_AFTER = re.compile(r"^\s*\(\s*([A-Z][A-Za-z&.\-]{1,10})\s*\)")
_APPOSITION = re.compile(r"^\s*,\s*(?P<role>[^,.;:\n\"“”()]{3,70}?)\s*(?=[,.;:\n)]|$)")


@dataclass
class Ent:
    start: int
    end: int
    label: str
    origin: str = "model"  # model | caps | dateline | propagated | rule

    def text(self, text: str) -> str:
        return text[self.start:self.end]


@dataclass
class _Cluster:
    label: str
    mentions: list[Ent] = field(default_factory=list)
    surfaces: list[str] = field(default_factory=list)
    tokens: tuple[str, ...] = ()  # the fullest name seen, as lower-cased tokens
    roles: list[str] = field(default_factory=list)
    key: str = ""


# --- word lists -------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """English dictionary words (the WordNet index shipped in the model's lemmatizer tables)."""
    words: set[str] = set()
    try:
        lookups = get_nlp().get_pipe("lemmatizer").lookups
        index = lookups.get_table("lemma_index")
        for pos in ("noun", "verb", "adj", "adv"):
            words.update(w for w in index.get(pos, []) if "_" not in w)
    except (KeyError, ValueError):
        pass
    return frozenset(words)


def _is_common(low: str) -> bool:
    words = common_words()
    if low in words:
        return True
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""),
                         ("ing", "e"), ("er", ""), ("ers", ""), ("ly", "")):
        if low.endswith(suffix) and len(low) - len(suffix) >= 3 and (low[: -len(suffix)] + repl) in words:
            return True
    return False


@lru_cache(maxsize=1)
def _gazetteer():
    from newsdesk.geo import get_gazetteer

    return get_gazetteer()


def _place_kinds(name: str) -> set[str]:
    """Feature kinds the gazetteer knows this name as ("country", "city", ...)."""
    return {p.feature for p in _gazetteer().candidates(name)}


def _is_major_place(name: str) -> bool:
    """A country, first-level region or city of 100,000 people or more."""
    return any(p.feature in ("country", "admin1", "continent", "ocean", "sea", "region")
               or (p.feature == "city" and p.population >= 100_000) for p in _gazetteer().candidates(name))


def _is_known_place_word(low: str) -> bool:
    g = _gazetteer()
    if g.country_of_demonym(low):
        return True
    return any(p.feature != "city" or p.population >= 100_000 for p in g.candidates(low))


# --- ALL-CAPS lines ---------------------------------------------------------------------------------

def _is_initial(text: str, pos: int) -> bool:
    """Does the word at `pos` start a sentence or line (where capitals say nothing)?"""
    i = pos - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in ".!?\n\"“”:;-—–(["


def caps_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of the lines written in capitals (headlines, tables, datelines)."""
    out = []
    pos = 0
    for line in text.split("\n"):
        runs = [m.group() for m in _LETTER_RUN.finditer(line) if len(m.group()) >= 2]
        if runs:
            upper = sum(1 for r in runs if r.isupper())
            letters = sum(len(r) for r in runs)
            if upper / len(runs) >= 0.8 and letters >= 4:
                out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def casing_stats(text: str, skip: list[tuple[int, int]]) -> dict[str, Counter[str]]:
    """How each word is written in the ordinary text: lower-cased word -> Counter of its forms."""
    stats: dict[str, Counter[str]] = defaultdict(Counter)
    k = 0
    for m in _LETTER_RUN.finditer(text):
        s = m.start()
        while k < len(skip) and skip[k][1] <= s:
            k += 1
        if k < len(skip) and skip[k][0] <= s < skip[k][1]:
            continue
        w = m.group()
        if w.isupper() and len(w) > 1:
            stats[w.lower()][w] += 1  # an acronym in running text is informative
            continue
        if _is_initial(text, s):
            continue
        stats[w.lower()][w] += 1
    return stats


def truecase(line: str, stats: dict[str, Counter[str]]) -> str:
    """The line with each capitalised word in its likely case; always the same length."""
    out = list(line)
    stop = stop_words()
    for m in _LETTER_RUN.finditer(line):
        w = m.group()
        if not w.isupper():
            continue
        low = w.lower()
        forms = stats.get(low)
        nxt = line[m.end():m.end() + 1]
        if forms:
            form = forms.most_common(1)[0][0]
            if form.islower() and _is_initial(line, m.start()):
                form = form[0].upper() + form[1:]
        elif len(w) == 1:
            form = w if nxt == "." or _is_initial(line, m.start()) else low
        elif _is_initial(line, m.start()):
            form = w[0] + w[1:].lower()
        elif low in stop:
            form = low
        elif _is_known_place_word(low):
            form = w[0] + w[1:].lower()
        elif _is_common(low):
            form = low
        else:
            form = w[0] + w[1:].lower()
        if len(form) == len(w):
            out[m.start():m.end()] = form
    return "".join(out)


# --- the step ---------------------------------------------------------------------------------------

@register
class Entities(Step):
    name = "entities"
    version = "2"
    understanding = True

    def run(self, articles: Iterable[Article]) -> Iterator[Article]:
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= BATCH_SIZE:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def _batch(self, batch: list[Article]) -> Iterator[Article]:
        # Case-restored copies of every ALL-CAPS line in the batch go through NER together.
        jobs: list[tuple[int, int, str]] = []
        for i, article in enumerate(batch):
            if article.scratch.get("doc") is None:
                continue
            lines = caps_lines(article.text)
            if lines:
                stats = casing_stats(article.text, lines)
                for s, e in lines:
                    jobs.append((i, s, truecase(article.text[s:e], stats)))
        recased: dict[int, list[tuple[int, int, Ent]]] = defaultdict(list)
        if jobs:
            nlp = get_nlp()
            docs = nlp.pipe((t for _, _, t in jobs), batch_size=BATCH_SIZE, disable=["senter"])
            for (i, s, t), doc in zip(jobs, docs, strict=True):
                recased[i].append((s, s + len(t), None))  # type: ignore[arg-type]
                for e in doc.ents:
                    recased[i].append((s, s + len(t), Ent(s + e.start_char, s + e.end_char, e.label_, "caps")))
        for i, article in enumerate(batch):
            doc = article.scratch.get("doc")
            if doc is not None:
                annotate(article, [Ent(e.start_char, e.end_char, e.label_) for e in doc.ents], recased.get(i, []))
            yield article


def annotate(article: Article, model_ents: list[Ent], recased: list[tuple[int, int, Ent | None]]) -> None:
    """Fill `article.mentions`, `article.entities` and `scratch["values"]` from the model's entities."""
    text = article.text
    ents = recognise(text, model_ents, recased)
    titles = [e for e in ents if _in_title(text, e)]
    named = [e for e in ents if e.label in NAMED_LABELS and e not in titles]
    # dates, amounts, numbers, and departments named inside a title ("Defense" in "Defense
    # Secretary"): recognised (the evaluation scores them) but not entities of the document
    article.scratch["values"] = [(e.start, e.end, e.label) for e in ents if e.label in VALUE_LABELS or e in titles]
    article.mentions, article.entities = build_entities(text, named)


def _in_title(text: str, x: Ent) -> bool:
    """An organisation's short name that only qualifies a role: "Defense" in "Defense Secretary"."""
    if x.label != "ORG" or " " in text[x.start:x.end]:
        return False
    m = re.match(r"^ ([A-Za-z-]+)", text[x.end:x.end + 25])
    return bool(m) and m.group(1).lower() in ROLE_WORDS and text[x.start:x.end].lower() in TITLE_DEPARTMENTS


# Departments that name a minister's or secretary's portfolio (general knowledge).
TITLE_DEPARTMENTS = frozenset("""
defense defence foreign interior justice finance treasury health education energy labor labour
agriculture commerce trade transport transportation environment state home housing culture
economy economic industry development security veterans homeland""".split())


def recognise(text: str, model_ents: list[Ent], recased: list[tuple[int, int, Ent | None]]) -> list[Ent]:
    """The corrected entity spans of a document (all labels), sorted, without overlaps."""
    ents = list(model_ents)
    caps = sorted({(s, e) for s, e, _ in recased})
    # 1. ALL-CAPS lines: the case-restored reading replaces the model's
    if recased:
        ranges = caps
        ents = [x for x in ents if not any(s <= x.start < e or s < x.end <= e for s, e in ranges)]
        ents += [x for _, _, x in recased if x is not None]
    # 2. datelines
    for m in _DATELINE.finditer(text):
        spans = [(m.start("place"), m.end("place"))]
        if m.group("region"):
            spans.append((m.start("region"), m.end("region")))
        for s, e in spans:
            while e > s and text[e - 1] in ".,":
                e -= 1
            if e - s < 2:
                continue
            ents = [x for x in ents if x.end <= s or x.start >= e]
            ents.append(Ent(s, e, "GPE", "dateline"))
    sports = is_sports(text)
    ents = clean_spans(text, ents, sports)
    ents = [y for y in (relabel(text, x) for x in ents) if y is not None]
    ents = org_names(text, ents)
    ents = title_names(text, ents)
    ents = extend_orgs(text, ents)
    ents = split_and(text, ents)
    ents = [_who_person(text, _initial_person(text, x)) for x in ents]
    if sports:
        ents = [x for x in ents if not _common_word_name(text, x)]
    ents = [_locative_place(text, x) for x in ents]
    ents = agency_credits(text, ents)
    ents = organisations_by_context(text, ents)
    if sports:
        ents = athletes(text, ents)
        ents = table_names(text, ents)
    ents, persons = consistent(text, ents, caps)
    if sports:
        ents = [sports_team(text, x, persons) for x in ents]
        ents = event_names(text, ents)
    return _no_overlaps(ents)


def _no_overlaps(ents: list[Ent]) -> list[Ent]:
    ents.sort(key=lambda x: (x.start, -(x.end - x.start)))
    out: list[Ent] = []
    for x in ents:
        if out and x.start < out[-1].end:
            continue
        out.append(x)
    return out


# --- span repairs -----------------------------------------------------------------------------------

def clean_spans(text: str, ents: list[Ent], sports: bool) -> list[Ent]:
    out: list[Ent] = []
    for x in ents:
        for s, e in _split_lines(text, x.start, x.end):
            y = Ent(s, e, x.label, x.origin)
            if y.label in NAMED_LABELS:
                y = _trim_name(text, y, sports)
                if y is None:
                    continue
                out.extend(_split_at(text, y, sports))
            else:
                out.append(y)
    return out


def _split_lines(text: str, s: int, e: int) -> list[tuple[int, int]]:
    parts = []
    pos = s
    for piece in text[s:e].split("\n"):
        a, b = pos, pos + len(piece)
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a and any(c.isalnum() for c in text[a:b]):
            parts.append((a, b))
        pos += len(piece) + 1
    return parts


def _trim_name(text: str, x: Ent, sports: bool) -> Ent | None:
    s, e = x.start, x.end
    words = [(m.start() + s, m.end() + s) for m in _WORD.finditer(text[s:e])]
    # honorifics belong to the title, not the name: "Mr. Gates" -> "Gates"
    while len(words) > 1 and x.label == "PERSON" and text[words[0][0]:words[0][1]].rstrip(".").lower() in HONORIFICS:
        words = words[1:]
    # a possessive is not part of the name ("Gates's" is Gates)
    while len(words) > 1 and text[words[-1][0]:words[-1][1]] in ("'s", "’s", "'", "’"):
        words = words[:-1]
    if words:
        ws, we = words[-1]
        if we - ws > 3 and text[we - 2:we] in ("'s", "’s"):
            words[-1] = (ws, we - 2)
    # score and table figures run into a name: "Somerset 83", "D. Blenkiron 4-43" (in sports
    # reports any name; elsewhere only names that never end in a number, unlike "Chapter 11")
    trim = ("PERSON", "GPE", "LOC", "NORP") + (("ORG", "FAC", "LAW", "WORK_OF_ART") if sports else ())
    if x.label in trim:
        while len(words) > 1 and _SCORE_TOKEN.match(text[words[-1][0]:words[-1][1]]):
            words = words[:-1]
        while len(words) > 1 and _SCORE_TOKEN.match(text[words[0][0]:words[0][1]]):
            words = words[1:]
    if words:
        ws, we = words[-1]
        while we > ws and text[we - 1] in ",;:":
            we -= 1
        words[-1] = (ws, we)
    if not words or words[0][0] >= words[-1][1]:
        return None
    s, e = words[0][0], words[-1][1]
    if not any(c.isalpha() for c in text[s:e]):
        return None
    return Ent(s, e, x.label, x.origin)


_JOINERS = re.compile(r" (?:at|v|vs\.?|versus) | , | - | \( | \d[\d\-/.:]* ")
_JOINERS_NEWS = re.compile(r" at | , | \( (?=[A-Z][A-Z&.\-]+$)")


def _split_at(text: str, x: Ent, sports: bool) -> list[Ent]:
    """Names the model ran together: "Yorkshire at Headingley", "The Oval , London", and in
    results tables "Romania - Cosmin Contra", "Scott Draper ( Australia", "Pohang 3 Ulsan"."""
    allowed = ("PERSON", "GPE", "FAC", "ORG", "LOC", "NORP", "LAW", "WORK_OF_ART") if sports else ("PERSON", "GPE", "FAC", "LOC")
    seg = text[x.start:x.end]
    if x.label not in allowed and not (x.label == "ORG" and " ( " in seg):
        return [x]
    m = (_JOINERS if sports else _JOINERS_NEWS).search(seg)
    if not m:
        return [x]
    left, right = seg[:m.start()], seg[m.end():]
    bare_left = left[4:] if left.lower().startswith("the ") else left
    if not (bare_left[:1].isupper() and right[:1].isupper()):
        return [x]
    joiner = m.group().strip()
    if joiner == "," and x.label != "FAC" and not (_place_kinds(left) and _place_kinds(right)):
        # "Washington , D.C." is one place in OntoNotes; a comma splits only two known places
        return [x]
    if joiner == "at" and x.label == "ORG" and not is_place_name(right):
        return [x]  # "University of California at Berkeley"
    if joiner == "-" and x.label in ("ORG", "WORK_OF_ART", "LAW") and len(right.split()) > 3:
        return [x]
    a = Ent(x.start, x.start + m.start(), x.label, x.origin)
    if joiner in ("at", ","):
        b_label = "GPE" if is_place_name(right) else "FAC"
    elif joiner == "(":
        b_label = "GPE" if is_place_name(right) and not right.isupper() else x.label
    else:
        b_label = x.label
    b = Ent(x.start + m.end(), x.end, b_label, x.origin)
    return _split_at(text, a, sports) + _split_at(text, b, sports)


def is_place_name(name: str) -> bool:
    return bool(_place_kinds(name))


# --- relabelling ------------------------------------------------------------------------------------

def is_sports(text: str) -> bool:
    """A sports report: a sport named in the first line, or sports words and scores throughout."""
    head = text[:200].lower()
    first = head.split("\n", 1)[0]
    first_words = set(re.findall(r"[a-z\-]+", first[:40]))
    if first_words & SPORTS:
        return True
    low = text[:5000].lower()
    words = re.findall(r"[a-z\-]+", low)
    cues = sum(1 for w in words if w in SPORT_CUES)
    sports = sum(1 for w in words if w in SPORTS)
    scores = len(re.findall(r"\b\d{1,3}-\d{1,3}\b", low))
    return (sports >= 1 and cues >= 3 and scores >= 1) or (cues >= 6 and scores >= 3)


def _prev_word(text: str, pos: int) -> str:
    m = re.search(r"(\S+)\s*$", text[max(0, pos - 30):pos])
    return m.group(1).lower() if m else ""


_INITIAL_NAME = re.compile(r"^[A-Z]\.\s?[A-Z][a-z'’][a-z'’A-Z-]*$")
_INITIAL_ONLY = re.compile(r"^[A-Z]\.$")
_FOLLOWING_NAME = re.compile(r"^\s?([A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?)")


def _initial_person(text: str, x: Ent) -> Ent:
    """"H. Morris", "M. McCague": an initial and a surname are a person; a lone initial before a
    surname ("K." + "Curran") is the start of one."""
    surface = text[x.start:x.end]
    if x.label in ("ORG", "GPE", "NORP", "FAC", "PRODUCT", "WORK_OF_ART") and _INITIAL_NAME.match(surface):
        return Ent(x.start, x.end, "PERSON", x.origin)
    if _INITIAL_ONLY.match(surface):
        m = _FOLLOWING_NAME.match(text[x.end:x.end + 30])
        if m:
            return Ent(x.start, x.end + m.end(), "PERSON", x.origin)
    return x


def _common_word_name(text: str, x: Ent) -> bool:
    """"Women", "Extras", "Next" heading a table line, or a word the text also writes in lower case:
    an ordinary word, not a name."""
    surface = text[x.start:x.end]
    if x.label not in ("ORG", "PERSON", "PRODUCT", "WORK_OF_ART", "GPE") or x.origin == "dateline":
        return False
    if " " in surface or not surface[:1].isupper() or surface.isupper():
        return False
    low = surface.lower()
    if not _is_common(low) or is_place_name(surface) or low in GROUP_ORGS:
        return False
    line_start = text.rfind("\n", 0, x.start) + 1
    if not text[line_start:x.start].strip():
        return True
    return re.search(r"(?<![\w'’-])" + re.escape(low) + r"(?![\w'’-])", text) is not None


def _who_person(text: str, x: Ent) -> Ent:
    """"said Gates, who farms near Ames": a name followed by ", who" is a person."""
    if x.label in ("ORG", "PRODUCT", "WORK_OF_ART") and re.match(r"^,? who\b", text[x.end:x.end + 6]):
        if not _is_major_place(text[x.start:x.end]):
            return Ent(x.start, x.end, "PERSON", x.origin)
    return x


def _locative_place(text: str, x: Ent) -> Ent:
    """"in Tavildara": a person-labelled name after a place preposition that the gazetteer knows."""
    if x.label not in ("PERSON", "NORP") or " " in text[x.start:x.end].strip():
        return x
    name = text[x.start:x.end]
    prev = _prev_word(text, x.start)
    if x.label == "NORP" and _gazetteer().country_of_demonym(name):
        return x
    if prev in ("in", "near", "outside") and is_place_name(name):
        return Ent(x.start, x.end, "GPE", x.origin)
    if prev in ("from", "to", "of", "at") and _is_major_place(name):
        return Ent(x.start, x.end, "GPE", x.origin)
    if x.label == "NORP" and _is_major_place(name):
        return Ent(x.start, x.end, "GPE", x.origin)  # "Aleppo" is a city, not a people
    return x


_TABLE_NAME = re.compile(
    r"(?<![\w.])((?:[A-Z]\.\s?){0,2}[A-Z][\w'’.]*(?:[ -](?:[A-Z][\w'’.]*|de|da|van|von|le|la|del|der|di))*)"
)
_TABLE_SKIP = frozenset({"Result", "Results", "Scores", "Standings", "Note", "Notes", "Extras", "Total", "Fall",
                         "Bowling", "Batting", "Men", "Women", "Points", "Pts", "Played", "Group", "Division",
                         "Round", "First", "Second", "Third", "Final", "Semi", "Quarter", "Innings", "Close",
                         "Half", "Halftime", "Attendance", "Friday", "Saturday", "Sunday", "Monday", "Tuesday",
                         "Wednesday", "Thursday", "W", "D", "L", "GB", "PCT", "Avg", "Pct"})


def table_names(text: str, ents: list[Ent]) -> list[Ent]:
    """Results tables in a sports report ("Somerset 83 and 174 ( P. Simmons 4-38 )"): each name
    followed by figures is a team (a known town or county), or a person (initials, two names)."""
    taken = sorted((x.start, x.end) for x in ents)
    added: list[Ent] = []
    pos = 0
    for line in text.split("\n"):
        toks = line.split()
        nums = sum(1 for t in toks if _SCORE_TOKEN.match(t))
        if len(toks) >= 3 and nums >= 2 and nums / len(toks) >= 0.2:
            for m in _TABLE_NAME.finditer(line):
                name = m.group(1).rstrip(".") if not m.group(1).endswith(".") or len(m.group(1)) > 2 else m.group(1)
                s, e = pos + m.start(1), pos + m.start(1) + len(name)
                if name in _TABLE_SKIP or len(name) < 2 or _overlaps(taken, s, e) or name.isupper() and len(name) <= 3:
                    continue
                rest = line[m.start(1) + len(name):].lstrip()
                venue = rest.startswith(":") and m.start(1) == len(line) - len(line.lstrip())
                if venue:
                    label = "GPE"
                elif not (rest[:1].isdigit() or rest.startswith(("(", ",", ")"))):
                    continue
                elif _INITIAL_NAME.match(name) or len(name.split()) >= 2 and not is_place_name(name):
                    label = "PERSON"
                elif _gazetteer().is_country(name):
                    label = "GPE"
                else:
                    label = "ORG"
                added.append(Ent(s, e, label, "rule"))
        pos += len(line) + 1
    return ents + added


_ATHLETE = re.compile(
    r"(?<![\w'’.-])([A-Z][\w'’.-]*(?:[ -](?:[A-Z][\w'’.-]*|de|da|van|von|le|la|del|der|di)){0,3}) \( ?"
    r"([A-Z][\w.'’ -]{1,30}?) ?\)"
)


def athletes(text: str, ents: list[Ent]) -> list[Ent]:
    """Sports results write "Goran Ivanisevic ( Croatia )": a name followed by a nation in brackets
    is a competitor (a person; the nation is a place)."""
    out = list(ents)
    for m in _ATHLETE.finditer(text):
        name, nation = m.group(1), m.group(2)
        if not _gazetteer().is_country(nation) or is_place_name(name) or _is_common(name.lower()):
            continue
        s, e = m.start(1), m.end(1)
        if any(x.start < s < x.end or x.start < e < x.end for x in out):
            continue  # a longer name runs across: leave it
        out = [x for x in out if not (s <= x.start and x.end <= e)] + [Ent(s, e, "PERSON", "rule")]
    return out


_EVENT_TAIL = re.compile(r"^ (Open|Grand Prix|Masters|Championships?|Classic|Games|Cup|Trophy|Invitational|Marathon)\b")


def event_names(text: str, ents: list[Ent]) -> list[Ent]:
    """"Hong Kong Open", "Berlin Grand Prix": a place or sponsor followed by a tournament word."""
    out = []
    for x in ents:
        m = _EVENT_TAIL.match(text[x.end:x.end + 20]) if x.label in ("GPE", "ORG", "LOC", "PERSON", "NORP") else None
        if m and (text[x.end + 1:x.end + 2].isupper()):
            out.append(Ent(x.start, x.end + m.end(), "EVENT", x.origin))
        else:
            out.append(x)
    return out


def relabel(text: str, x: Ent) -> Ent | None:
    """Groups and movements the model calls people; sport names it calls places."""
    if x.label not in NAMED_LABELS:
        return x
    surface = text[x.start:x.end]
    low = surface.lower()
    if low in SPORTS:
        return None  # "CRICKET -" heading a sports report is not a place
    if surface.strip() in DISEASES and x.label in ("ORG", "PERSON", "GPE", "PRODUCT", "WORK_OF_ART"):
        return None  # "a TB vaccine": a disease, not an organisation
    if low in GROUP_ORGS and x.label in ("PERSON", "NORP", "GPE", "WORK_OF_ART", "PRODUCT", "FAC"):
        return Ent(x.start, x.end, "ORG", x.origin)
    if low in GROUP_NORPS and x.label != "NORP":
        return Ent(x.start, x.end, "NORP", x.origin)
    if x.label == "PERSON" and _gazetteer().country_of_demonym(low):
        return Ent(x.start, x.end, "NORP", x.origin)
    if x.label == "PERSON" and " " in surface.strip() and surface.split()[-1].rstrip(".,") in COMPANY_TAILS:
        return Ent(x.start, x.end, "ORG", x.origin)  # "Kestrel Biologics", "Harbour Foods Ltd"
    if x.label in ("PERSON", "NORP", "WORK_OF_ART", "PRODUCT") and " " in surface.strip() \
            and _gazetteer().is_country(surface) and not _gazetteer().country_of_demonym(low):
        return Ent(x.start, x.end, "GPE", x.origin)  # "Sri Lanka" is not a person ("Jordan" may be)
    return x


TEAM_WORDS = frozenset({"beat", "beats", "drew", "draw", "lost", "lose", "loses", "defeated", "defeat", "v", "vs",
                        "vs.", "versus", "against", "host", "hosts", "hosted", "visit", "visiting", "play", "plays",
                        "played", "won", "win", "wins", "trail", "trailed", "led", "lead", "leads"})


def sports_team(text: str, x: Ent, persons: dict[str, int]) -> Ent:
    """In a sports report, a town or county acting as a team is an organisation (the CoNLL and
    OntoNotes reading); a country stays a place, and so does a venue ("at Headingley")."""
    if x.label not in ("GPE", "PERSON", "LOC", "FAC", "NORP", "ORG") or x.origin == "dateline":
        return x
    surface = text[x.start:x.end]
    if x.label == "ORG":
        cands = _gazetteer().candidates(surface)
        if cands and _is_venue(text, x):
            return Ent(x.start, x.end, "GPE", x.origin)
        if cands and (cands[0].feature == "country" or (
                cands[0].feature == "city" and cands[0].population >= 500_000 and not _team_context(text, x))):
            return Ent(x.start, x.end, "GPE", x.origin)
        return x
    if _norm(surface) in persons:
        return x
    cands = _gazetteer().candidates(surface)
    if not cands:
        return x
    if any(p.feature in ("country", "continent", "ocean", "sea", "region") for p in cands):
        # the national side is named after the country: still a place
        return Ent(x.start, x.end, "GPE", x.origin) if x.label in ("PERSON", "NORP") and " " not in surface else x
    prev = _prev_word(text, x.start)
    if prev in LOCATIVE:
        return x
    if _is_venue(text, x):
        return Ent(x.start, x.end, "GPE", x.origin)
    if x.label == "PERSON" and _looks_like_person_context(text, x):
        return x
    big_city = any(p.feature == "city" and p.population >= 50_000 for p in cands)
    regional = any(p.feature in ("admin1", "admin2") for p in cands)
    if x.label == "PERSON" and not regional and not big_city:
        return x  # a small town's name is more often a surname
    if big_city and not regional and not _team_context(text, x):
        return x
    return Ent(x.start, x.end, "ORG", x.origin)


def _is_venue(text: str, x: Ent) -> bool:
    """"Portsmouth : Middlesex 199 ...": the place a results line starts with is where they played."""
    line_start = text.rfind("\n", 0, x.start) + 1
    return not text[line_start:x.start].strip() and text[x.end:x.end + 3].lstrip().startswith(":")


def _team_context(text: str, x: Ent) -> bool:
    after = text[x.end:x.end + 25].split()
    nxt = after[0].lower() if after else ""
    return bool(_SCORE_TOKEN.match(nxt)) or nxt in TEAM_WORDS or _prev_word(text, x.start) in TEAM_WORDS


def _looks_like_person_context(text: str, x: Ent) -> bool:
    """An initial before the name ("P. Simmons") marks a person."""
    return bool(re.search(r"\b[A-Z]\.\s*$", text[max(0, x.start - 4):x.start]))


ORG_HEADS = frozenset("""
University Ministry Department Bank Institute College School Council Court Agency Association Society
Federation Union Party Church Museum Hospital Foundation Organisation Organization Office Academy Centre
Center Company Corporation Group Board Authority Government Royal Federal International European World
""".split())


# Diseases written as acronyms or names that the model takes for organisations.
DISEASES = frozenset("TB HIV AIDS SARS MERS Mpox MPOX Ebola Zika COVID COVID-19 Covid Covid-19 BSE CJD".split())


# The last word of a company's name, never of a person's.
COMPANY_TAILS = frozenset("""
Inc Ltd Plc PLC plc LLC Corp GmbH AG NV BV SpA ASA Oyj Biologics Pharmaceuticals Pharma Therapeutics
Biotech Biosciences Technologies Systems Holdings Labs Laboratories Logistics Airlines Airways Motors
Industries Ventures Networks Software Solutions Communications Telecom Entertainment Foods Brands Mining
Minerals Petroleum Insurance Securities Investments Robotics Semiconductor Semiconductors Aerospace Shipping
Railways Dynamics Analytics Pharmaceutical Enterprises Bancorp
""".split())


ORG_TAIL_HEADS = ORG_HEADS | frozenset("""
Commission Committee Bureau Conference Forum Fund League Institution Service Services Council Court
Assembly Parliament Congress Senate Tribunal Secretariat Directorate Programme Program
""".split())
_ORG_OF = re.compile(r"^ (?:of|for|on) (?:the )?([A-Z][\w'’.\-]*(?: (?:[A-Z][\w'’.\-]*|and|of|for|the|on))*)")
_CALENDAR = frozenset("""Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec""".split())


_CAP = r"[A-Z][\w'’.&-]*"
_ORG_NAME = re.compile(
    rf"(?<![\w'’.-])({_CAP}(?:\s(?:{_CAP}|and|of|for|the|&))*?\s(?:"
    + "|".join(sorted(ORG_TAIL_HEADS | {"Society", "Association", "Institute", "Academy", "Foundation"}))
    + rf")(?:\s(?:of|for|on)\s(?:the\s)?{_CAP}(?:\s{_CAP})*)?)(?![\w'’-])"
)


def org_names(text: str, ents: list[Ent]) -> list[Ent]:
    """Organisation names the model cut into pieces: a run of capitalised words that ends in an
    organisation's head word ("Australian and New Zealand Society for Immunology", model: NORP +
    GPE). "X and Y" belongs to one name only when X is an adjective ("Australian and ...")."""
    out = list(ents)
    for m in _ORG_NAME.finditer(text):
        s, e = m.start(1), m.end(1)
        seg = text[s:e]
        if "\n" in seg:
            continue
        words = seg.split()
        # "Britain and the European Union": only an adjective joins a name across "and"
        while " and " in " ".join(words):
            i = words.index("and") if "and" in words else -1
            if i > 0 and _gazetteer().country_of_demonym(words[i - 1]):
                break
            words = words[i + 1:]
        # a sentence's first word is capitalised anyway: "Following the Supreme Court"
        while words and (words[0].lower() in stop_words() or (
                words[0] not in ORG_TAIL_HEADS and _is_common(words[0].lower())
                and not _is_known_place_word(words[0].lower()) and _is_initial(text, e - len(" ".join(words))))):
            words = words[1:]
        if len(words) < 2:
            continue
        s = e - len(" ".join(words))
        if text[s:e] != " ".join(words):
            continue
        inside = [x for x in out if s <= x.start and x.end <= e]
        crossing = [x for x in out if x.start < e and s < x.end and x not in inside]
        if crossing or any(x.label not in ("NORP", "GPE", "LOC", "ORG", "FAC") for x in inside):
            continue
        if len(inside) == 1 and inside[0].start == s and inside[0].end == e:
            continue
        if not inside and len(words) < 3:
            continue  # nothing the model saw and a short run: leave it
        out = [x for x in out if x not in inside] + [Ent(s, e, "ORG", "rule")]
    return out


# A wire dateline's credit: "ANKARA, March 2 (Northern Wire) – ..." names the agency, not a person.
_AGENCY_CREDIT = re.compile(r"\((?P<agency>[A-Z][\w.&'’ -]{1,40}?)\)[ ]*(?:-|–|—|--)[ ]")
_CREDIT_REACH = 300  # characters from the start of a line where a dateline can be

# What the text says of a one-word name that only an organisation is ("Lumenfield, which ...").
_ORG_KINDS = ("company|firm|provider|maker|group|bank|operator|developer|start-?up|retailer|insurer|carrier|"
              "airline|manufacturer|supplier|agency|publisher|broadcaster|newspaper|network|chain|lender|"
              "business|conglomerate|subsidiary|platform|brand|utility|charity|organi[sz]ation|outlet")
_ORG_OWNED = ("chief executive|chief executives|CEO|chairman|chairwoman|founder|co-founder|spokesperson|"
              "spokesman|spokeswoman|owners?|shareholders|investors|customers|clients|employees|staff|"
              "shares|board|subsidiary|headquarters")
_WORDNAME = r"\b(\w[\w'’-]*)"  # the one-word name a cue speaks of, captured
_ORG_CUES = tuple(re.compile(c) for c in (
    _WORDNAME + r",\s+which\b",
    _WORDNAME + r",\s+(?:a|an|the)\s+(?:[\w'’-]+\s+){0,4}?(?:" + _ORG_KINDS + r")\b",
    r"\b(?:" + _ORG_OWNED + r")\s+(?:of|at|in)\s+" + _WORDNAME + r"\b",
    _WORDNAME + r"(?:'s|’s)\s+(?:" + _ORG_OWNED + r"|systems|servers|software|products|website)\b",
))
_PERSON_CUES = tuple(re.compile(c) for c in (
    _WORDNAME + r",\s+who\b",
    r"\b(?:Mr|Ms|Mrs|Dr|Prof|Sir|Dame)\.?\s+" + _WORDNAME + r"\b",
    _WORDNAME + r",\s+\d{1,3},",
    _WORDNAME + r"\s+(?:said|says|told)\s+(?:he|she)\b",
))


def _cued(text: str, cues: tuple[re.Pattern[str], ...]) -> set[str]:
    """The words the cues speak of in `text`: a few scans per document, whatever its names."""
    return {m.group(1) for cue in cues for m in cue.finditer(text)}


def agency_credits(text: str, ents: list[Ent]) -> list[Ent]:
    """The agency credited in a dateline is an organisation, whatever the model called it."""
    for line in re.finditer(r"^.*$", text, re.M):
        m = _AGENCY_CREDIT.search(text, line.start(), min(line.end(), line.start() + _CREDIT_REACH))
        if not m:
            continue
        s, e = m.start("agency"), m.end("agency")
        for x in ents:
            if x.start == s and x.end == e and x.label in NAMED_LABELS and x.label != "ORG":
                x.label, x.origin = "ORG", "dateline"
    return ents


def organisations_by_context(text: str, ents: list[Ent]) -> list[Ent]:
    """A one-word name the model took for a person (or an unknown place) is an organisation when the
    text speaks of it as one ("Lumenfield, which ...", "the chief executive of Lumenfield",
    "Lumenfield, the Dublin payroll company") and never as a person ("Lumenfield, who ...",
    "Mr Lumenfield"); a full name's surname is left to the person."""
    surnames = {p[1] for x in ents if x.label == "PERSON" and (p := _person_parts(x.text(text)))}
    words: dict[str, list[Ent]] = defaultdict(list)
    for x in ents:
        surface = x.text(text)
        if x.label in ("PERSON", "GPE") and len(_tokens(surface)) == 1 and surface[:1].isupper():
            words[surface].append(x)
    candidates = {surface: found for surface, found in words.items() if surface.lower() not in surnames
                  and not any(x.label == "GPE" and is_place_name(surface) for x in found)}
    if not candidates:
        return ents  # most documents: their one-word names are surnames or known places
    as_org = _cued(text, _ORG_CUES).intersection(candidates)
    if not as_org:
        return ents
    as_person = _cued(text, _PERSON_CUES)
    for surface in as_org - as_person:
        for x in candidates[surface]:
            x.label, x.origin = "ORG", "rule"
    return ents


_ROLE_AT = re.compile(r"\b([A-Za-z][a-z]+(?:-[a-z]+)?)\b")
_NAME_AFTER = re.compile(r"\s?,?\s((?:[A-Z][a-z'’]+|[A-Z]\.)(?:[ -][A-Z][a-z'’]+){1,2})(?=[\s,.;:'’)]|$)")


def title_names(text: str, ents: list[Ent]) -> list[Ent]:
    """A full name right after a title ("Defense Minister, Anatoly Serdyukov", "lawyer Jan Nowak")
    is a person, when the model left it untagged."""
    taken = sorted((x.start, x.end) for x in ents)
    added = []
    for m in _ROLE_AT.finditer(text):
        if m.group(1).lower() not in ROLE_WORDS:
            continue
        n = _NAME_AFTER.match(text, m.end())
        if not n:
            continue
        s, e = n.start(1), n.end(1)
        name = n.group(1)
        if _overlaps(taken, s, e) or any(w.lower() in stop_words() for w in name.split()):
            continue
        if is_place_name(name) or any(w in ORG_TAIL_HEADS or w.lower() in ROLE_WORDS for w in name.split()):
            continue
        added.append(Ent(s, e, "PERSON", "rule"))
    return ents + added


def extend_orgs(text: str, ents: list[Ent]) -> list[Ent]:
    """"University" + " of Oxford", "Commission" + " on China": the small model often stops an
    organisation's name at its head word."""
    out: list[Ent] = []
    drop: list[tuple[int, int]] = []
    for x in ents:
        if x.label == "ORG" and text[x.start:x.end].split()[-1] in ORG_TAIL_HEADS:
            m = _ORG_OF.match(text[x.end:x.end + 80])
            if m:
                tail = m.group(1)
                words = []
                for w in tail.split():
                    if w in _CALENDAR or any(c.isdigit() for c in w):
                        break  # "Court on Friday", "Oxford COVID-19": the name has ended
                    words.append(w)
                while words and words[-1] in ("and", "of", "for", "the", "on"):
                    words = words[:-1]
                if words:
                    end = x.end + m.start(1) + len(" ".join(words))
                    drop.append((x.end, end))
                    x = Ent(x.start, end, "ORG", x.origin)
        out.append(x)
    if drop:
        out = [y for y in out if not any(a <= y.start and y.end <= b for a, b in drop)]
    return out


def split_and(text: str, ents: list[Ent]) -> list[Ent]:
    """"AstraZeneca and University of Oxford" -> two organisations; but "Securities and Exchange
    Commission", "Australian and New Zealand Society for Immunology" and "Procter and Gamble" are one."""
    out: list[Ent] = []
    for x in ents:
        seg = text[x.start:x.end]
        if x.label != "ORG" or " and " not in seg:
            out.append(x)
            continue
        i = seg.index(" and ")
        left, right = seg[:i], seg[i + 5:]
        lw = left.split()
        rw = right.split()
        standalone = (
            bool(lw) and bool(rw) and rw[0] in ORG_HEADS and len(rw) >= 2
            and not _gazetteer().country_of_demonym(lw[-1])
            and not is_place_name(left)
            and lw[-1].lower() not in CONNECTORS
        )
        if standalone:
            out.append(Ent(x.start, x.start + i, "ORG", x.origin))
            out.append(Ent(x.start + i + 5, x.end, "ORG", x.origin))
        else:
            out.append(x)
    return out


# --- one type per entity ----------------------------------------------------------------------------

def _tokens(surface: str) -> list[str]:
    return [t for t in re.split(r"\s+", surface.strip()) if t]


def _norm(surface: str) -> str:
    return " ".join(t.strip(".,").lower().replace("’", "'") for t in _tokens(surface))


def _person_parts(surface: str) -> tuple[str, str] | None:
    """(first, last) of a full personal name, lower-cased; None for a single word."""
    toks = [t.strip(",").lower() for t in _tokens(surface)]
    toks = [t for t in toks if t.rstrip(".") not in HONORIFICS]
    while toks and toks[-1].rstrip(".") in NAME_SUFFIXES:
        toks = toks[:-1]
    if len(toks) < 2:
        return None
    return toks[0], toks[-1]


def consistent(text: str, ents: list[Ent], caps: list[tuple[int, int]]) -> tuple[list[Ent], dict[str, int]]:
    named = [x for x in ents if x.label in NAMED_LABELS]
    others = [x for x in ents if x.label not in NAMED_LABELS]
    # identical names vote on one label (model and dateline readings count more than case guesses)
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    weight = {"model": 2, "dateline": 3, "caps": 1, "rule": 2, "propagated": 1}
    for x in named:
        votes[_norm(x.text(text))][x.label] += weight.get(x.origin, 1)
    # a well-known place name leans to being the place ("Edmonton" ORG once, GPE once: GPE)
    for key, counter in votes.items():
        if "GPE" in counter or "LOC" in counter or counter.keys() & {"ORG", "NORP", "PERSON"}:
            if _is_major_place(key) and not _gazetteer().country_of_demonym(key):
                place = "LOC" if counter.get("LOC", 0) > counter.get("GPE", 0) else "GPE"
                counter[place] += 1.5
    # a person's surname (or first name) alone is that person
    persons: dict[str, int] = {}
    for x in named:
        if x.label == "PERSON":
            parts = _person_parts(x.text(text))
            if parts:
                for part in (parts[1],):
                    persons[part] = persons.get(part, 0) + 1
    best: dict[str, str] = {}
    for key, counter in votes.items():
        label = counter.most_common(1)[0][0]
        if key in persons and label != "PERSON" and not _gazetteer().is_country(key):
            label = "PERSON"
        best[key] = label
    for x in named:
        label = best.get(_norm(x.text(text)), x.label)
        if (label == "PERSON" and x.label in PLACE_LABELS and _prev_word(text, x.start) in LOCATIVE | {"to"}
                and is_place_name(x.text(text))):
            continue  # "in Washington" stays the city even when a Mr Washington is in the story
        x.label = label
    return propagate(text, named + others, caps), persons


def propagate(text: str, ents: list[Ent], caps: list[tuple[int, int]]) -> list[Ent]:
    """Tag the other occurrences of names the model tagged somewhere in the document."""
    stop = stop_words()
    surfaces: dict[str, str] = {}
    for x in ents:
        if x.label not in NAMED_LABELS:
            continue
        s = x.text(text)
        if not s[:1].isupper() or s.isupper() and len(s) <= 3:
            continue
        toks = _tokens(s)
        if len(toks) == 1 and (s.lower() in stop or len(s) < 3):
            continue
        surfaces.setdefault(s, x.label)
        if x.label == "PERSON":
            parts = _person_parts(s)
            if parts:
                last = toks[-1]
                if last[:1].isupper() and last.lower() not in stop and len(last) >= 3:
                    surfaces.setdefault(last, "PERSON")
    if not surfaces:
        return ents
    taken = sorted((x.start, x.end) for x in ents)
    added: list[Ent] = []
    pattern = re.compile(
        r"(?<![\w'’-])(" + "|".join(re.escape(s) for s in sorted(surfaces, key=len, reverse=True)) + r")(?![\w-])"
    )
    hits = [(m.start(), m.end(), surfaces[m.group(1)], m.group(1)) for m in pattern.finditer(text)]
    # inside ALL-CAPS lines the names are written in capitals
    upper = {s.upper(): lab for s, lab in surfaces.items() if len(s) > 3}
    if caps and upper:
        up = re.compile(r"(?<![\w'’-])(" + "|".join(re.escape(s) for s in sorted(upper, key=len, reverse=True))
                        + r")(?![\w-])")
        for a, b in caps:
            hits += [(a + m.start(), a + m.end(), upper[m.group(1)], m.group(1)) for m in up.finditer(text[a:b])]
    for s, e, label, surface in hits:
        if _overlaps(taken, s, e):
            continue
        # a capitalised word opening a sentence may be an ordinary word ("Bush fires"), except the
        # surname of a person the document names ("Gates met ministers")
        if " " not in surface and label != "PERSON" and _is_initial(text, s) and _is_common(surface.lower()):
            continue
        if label == "PERSON":
            im = re.search(r"\b[A-Z]\.\s?(?:[A-Z]\.\s?)?$", text[max(0, s - 6):s])
            fm = re.search(r"(?<![\w.])([A-Z][a-z]+(?:-[A-Z][a-z]+)?) $", text[max(0, s - 25):s])
            if im:
                s = s - (len(text[max(0, s - 6):s]) - im.start())
            elif (fm and " " not in surface and fm.group(1).lower() not in stop and fm.group(1).lower() not in ROLE_WORDS
                  and not _is_initial(text, s - len(fm.group(0))) and not _is_common(fm.group(1).lower())
                  and not _overlaps(taken, s - len(fm.group(0)), s)):
                s -= len(fm.group(0))  # "Anatoly Serdyukov" when only "Serdyukov" was tagged
        added.append(Ent(s, e, label, "propagated"))
    return ents + added


def _overlaps(sorted_spans: list[tuple[int, int]], s: int, e: int) -> bool:
    import bisect

    i = bisect.bisect_left(sorted_spans, (s, s))
    for j in (i - 1, i):
        if 0 <= j < len(sorted_spans):
            a, b = sorted_spans[j]
            if a < e and s < b:
                return True
    return False


# --- document entities ------------------------------------------------------------------------------

def build_entities(text: str, ents: list[Ent]) -> tuple[list[Mention], list[DocEntity]]:
    clusters: list[_Cluster] = []
    by_key: dict[tuple[str, str], _Cluster] = {}
    person_full: list[_Cluster] = []
    acronyms = _acronyms(text, ents)
    country_of: dict[str, str] = {}

    def new_cluster(label: str, key: tuple[str, str], tokens: tuple[str, ...]) -> _Cluster:
        c = _Cluster(label=label, tokens=tokens)
        clusters.append(c)
        by_key[key] = c
        return c

    assignment: list[tuple[Ent, _Cluster]] = []
    pending_single: list[Ent] = []
    for x in ents:
        surface = x.text(text)
        if x.label == "PERSON":
            parts = _person_parts(surface)
            if parts is None:
                pending_single.append(x)
                continue
            toks = tuple(t.strip(",").lower() for t in _tokens(surface) if t.rstrip(".").lower() not in HONORIFICS)
            c = _match_person(person_full, toks)
            if c is None:
                c = new_cluster("PERSON", ("PERSON", " ".join(toks)), toks)
                person_full.append(c)
            elif len(toks) > len(c.tokens) or (len(toks) == len(c.tokens) and len(toks[0]) > len(c.tokens[0])):
                c.tokens = toks
            assignment.append((x, c))
            continue
        key = _entity_key(x.label, surface, acronyms, country_of)
        c = by_key.get((x.label, key)) or new_cluster(x.label, (x.label, key), tuple(_norm(surface).split()))
        assignment.append((x, c))
    # single-word persons: the nearest earlier full name with that surname (or first name), else any
    for x in pending_single:
        w = _norm(x.text(text)).replace("'s", "")
        before = [c for c in person_full if c.tokens and (c.tokens[-1] == w) and _first_at(c, assignment) < x.start]
        anywhere = [c for c in person_full if c.tokens and c.tokens[-1] == w]
        # a first name alone is not merged: "Joe" may well be someone (or something) else
        pick = before[-1] if before else anywhere[0] if anywhere else None
        if pick is None:
            pick = by_key.get(("PERSON", w)) or new_cluster("PERSON", ("PERSON", w), (w,))
        assignment.append((x, pick))
    _merge_org_short_forms(clusters, assignment, text)
    # roles of persons
    for x, c in assignment:
        if c.label == "PERSON":
            for role in extract_roles(text, x.start, x.end):
                if role.lower() not in (r.lower() for r in c.roles):
                    c.roles.append(role)
    # mentions and entities, in order of first mention
    assignment.sort(key=lambda pair: pair[0].start)
    order: list[_Cluster] = []
    for _, c in assignment:
        if not any(c is o for o in order):
            order.append(c)
    entities: list[DocEntity] = []
    keys: dict[int, str] = {}
    for i, c in enumerate(order, 1):
        keys[id(c)] = f"e{i}"
    mentions: list[Mention] = []
    members: dict[int, list[str]] = defaultdict(list)
    for x, c in assignment:
        surface = x.text(text)
        mentions.append(Mention(x.start, x.end, surface, c.label, keys[id(c)]))
        members[id(c)].append(surface)
    for c in order:
        surfaces = members[id(c)]
        name = _best_name(surfaces)
        aliases = []
        for s in surfaces:
            if s != name and s not in aliases:
                aliases.append(s)
        entities.append(DocEntity(key=keys[id(c)], name=name, label=c.label, aliases=aliases, roles=c.roles,
                                  mention_count=len(surfaces)))
    return mentions, entities


def _first_at(c: _Cluster, assignment: list[tuple[Ent, _Cluster]]) -> int:
    return min((x.start for x, o in assignment if o is c), default=1 << 30)


def _match_person(full: list[_Cluster], toks: tuple[str, ...]) -> _Cluster | None:
    """A full name matches a cluster with the same surname and a compatible first name or initial."""
    first, last = toks[0], toks[-1]
    for c in reversed(full):
        cf, cl = c.tokens[0], c.tokens[-1]
        if cl != last:
            continue
        if cf == first:
            return c
        a, b = first.rstrip("."), cf.rstrip(".")
        if (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
            return c
    return None


def _entity_key(label: str, surface: str, acronyms: dict[str, str], country_of: dict[str, str]) -> str:
    norm = _norm(surface)
    if norm.startswith("the "):
        norm = norm[4:]
    if label in ("GPE", "LOC"):
        # "US", "U.S." and "United States" are one country
        if norm not in country_of:
            from newsdesk.geo import name_key

            cands = _gazetteer().candidates(surface)
            country_of[norm] = (
                "country:" + (cands[0].country_code or "") if cands and cands[0].feature == "country" else name_key(surface)
            )
        return country_of[norm]
    if label == "ORG" and norm in acronyms:
        return acronyms[norm]
    if label == "NORP":
        cc = _gazetteer().country_of_demonym(surface)
        if cc:
            return "demonym:" + cc  # "Russian" and "Russians"
    return norm


def _acronyms(text: str, ents: list[Ent]) -> dict[str, str]:
    """Acronyms defined in brackets after an organisation: "Bureau of Animal Industry (BAI)"."""
    out: dict[str, str] = {}
    for x in ents:
        if x.label != "ORG":
            continue
        m = _ACRONYM_AFTER.match(text[x.end:x.end + 20])
        if m:
            long = _norm(x.text(text))
            out[_norm(m.group(1))] = long[4:] if long.startswith("the ") else long
    return out


def _merge_org_short_forms(clusters: list[_Cluster], assignment: list[tuple[Ent, _Cluster]], text: str) -> None:
    """"Supreme Court" after "Polish Supreme Court": the short form is the same organisation."""
    orgs = [c for c in clusters if c.label == "ORG" and len(c.tokens) >= 2]
    for short in orgs:
        longer = [c for c in orgs if c is not short and len(c.tokens) > len(short.tokens)
                  and c.tokens[-len(short.tokens):] == short.tokens]
        if len(longer) == 1:
            target = longer[0]
            for i, (x, c) in enumerate(assignment):
                if c is short:
                    assignment[i] = (x, target)


def _best_name(surfaces: list[str]) -> str:
    """The fullest name: longest, preferring ordinary casing over ALL CAPS."""
    def score(s: str) -> tuple[int, int, int]:
        return (0 if s.isupper() and len(s) > 4 else 1, len(s.split()), len(s))

    best = max(surfaces, key=score)
    return best[4:] if best[:4].lower() == "the " and len(best) > 6 else best


# --- roles ------------------------------------------------------------------------------------------

_ROLE_TOKEN = re.compile(r"[\w][\w.'’&-]*")


def extract_roles(text: str, start: int, end: int) -> list[str]:
    """Titles and roles attached to a person mention: before the name ("US Defense Secretary Robert
    Gates", "Russian Defense Minister, Anatoly Serdyukov") or after it in apposition
    ("Krzysztof Kitajgrodzki, his Polish lawyer,")."""
    roles = []
    line_start = text.rfind("\n", 0, start) + 1
    prefix = text[max(line_start, start - 120):start]
    role = _role_before(prefix)
    if role:
        roles.append(role)
    m = _APPOSITION.match(text[end:end + 90])
    if m:
        phrase = m.group("role").strip()
        words = phrase.split()
        while words and words[0].lower() in POSSESSIVE_DETS:
            words = words[1:]
        if 1 <= len(words) <= 7 and any(_is_role_word(w) for w in words) and not _has_verb_like(words):
            roles.append(" ".join(words))
    return roles


def _is_role_word(word: str) -> bool:
    return word.lower().strip(".,") in ROLE_WORDS


def _has_verb_like(words: list[str]) -> bool:
    """Appositions are noun phrases; "said", "told reporters" are not."""
    return any(w.lower() in ("said", "says", "told", "added", "was", "is", "who", "which", "has", "had", "will")
               for w in words)


def _role_before(prefix: str) -> str | None:
    stripped = prefix.rstrip()
    comma = False
    if stripped.endswith(","):
        stripped = stripped[:-1].rstrip()
        comma = True
    toks = list(_ROLE_TOKEN.finditer(stripped))
    if not toks:
        return None
    # the words right before the name, walking back while they can belong to a title
    stop = stop_words()
    j = len(toks)
    end = len(stripped)
    while j > 0:
        t = toks[j - 1]
        w = t.group()
        gap = stripped[t.end():end]
        if gap.strip():  # punctuation between words ends the title
            break
        if w.endswith(".") and "." not in w[:-1] and len(w) > 3:
            break  # "Moscow." ends the sentence before the title
        low = w.lower()
        acronym = w.isupper() and len(w.rstrip(".")) >= 2
        if acronym or (w[:1].isupper() and low.rstrip(".") not in HONORIFICS and not (low in stop and low not in CONNECTORS)):
            j -= 1
        elif low in ROLE_WORDS or low in CONNECTORS:
            j -= 1
        else:
            break
        end = t.start()
    words = [t.group() for t in toks[j:]]
    while words and not words[0].isupper() and (words[0].lower() in CONNECTORS or words[0].lower() in stop):
        words = words[1:]
    if not words or not any(_is_role_word(w) for w in words):
        return None
    if not _is_role_word(words[-1]) and not comma:
        # "Secretary of State Mike Pompeo": the role word need not be last, but it must be there
        if not any(_is_role_word(w) for w in words[-3:]):
            return None
    if comma and not _is_role_word(words[-1]):
        return None
    return " ".join(words)
