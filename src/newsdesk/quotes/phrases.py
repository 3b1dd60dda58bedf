"""Noun phrases around a cue, read off the surface tokens: the source on the left of a cue
("US Defense Secretary Robert Gates said"), on its right ("said Mr. Smith, an economist"), or the
subject opening the sentence. The word classes they stop at live here too."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsdesk.quotes.cues import lemma_of
from newsdesk.quotes.reported import Found

# Auxiliaries and adverbs that sit between a source and its cue ("has long argued", "also said").
AUX_ADV = set("""has have had also would will 'd ’d then later previously repeatedly recently again further
once often long already still earlier reportedly allegedly publicly privately flatly quickly simply just
even only both all frequently never is was are were been being did does do could might may must should
can not n't never first initially subsequently since now originally separately similarly likewise
""".split())
# Words that end a noun phrase on its left: what comes before them is another clause.
BOUNDARY = set("""that which because but and or while when as if after before since although though so
where whereas until unless yet then whether nor than""".split())
# Nouns for people in numbers that a name before them only qualifies ("Pomonal residents").
GROUP_HEADS = frozenset("""residents officials police authorities workers employees staff leaders lawmakers
legislators voters farmers protesters investigators prosecutors officers troops forces scientists
researchers doctors experts analysts executives fans students teachers families citizens villagers
survivors firefighters rescuers engineers sources diplomats ministers negotiators activists campaigners
unions union members shareholders customers passengers owners spokesman spokeswoman spokesperson""".split())
DETS = set("the a an his her their its our my your this these those that each every some any no".split())
SUBJ_PRON = {"he", "she", "they", "we", "i", "it", "who", "you"}
OBJ_PRON = {"him", "her", "them", "us", "me", "reporters", "journalists", "lawmakers"}
NP_PREPS = {"of", "for", "at", "from", "with", "in", "on"}
# After a cue, these start an adverbial before the content ("said in a statement that", "said Monday").
ADVERBIAL_PREPS = {"in", "on", "at", "during", "after", "before", "through", "via", "from", "to", "over", "last", "this"}
DAYS = set("monday tuesday wednesday thursday friday saturday sunday yesterday today tonight earlier later "
            "recently again also".split())
WH = {"that", "whether", "if", "why", "how", "what", "who", "when", "where", "which"}
PREPS = set("""of in on at for with from to by about during after before through via over under against into
like than as amid among since without upon within""".split())
STOP_AFTER_SOURCE = {"in", "on", "at", "during", "after", "before", "who", "when", "while", "as", "because",
                      "since", "to", "from", "via", "through", "according"}


@dataclass
class Tok:
    """What the surface rules read of a token (copied out of the Doc once per sentence)."""

    i: int  # index within the unit
    text: str
    low: str
    start: int  # character offsets in the article
    end: int
    punct: bool
    title: bool  # starts with an uppercase letter
    ent: str  # the entity label covering it, "" if none
    ent_start: bool  # first token of its entity
    quoted: bool  # inside quotation marks


def tok_span(toks: Sequence[Tok], a: int, b: int) -> tuple[int, int]:
    """Character span of tokens a..b."""
    return toks[a].start, toks[b].end

# Words that open an introductory clause or phrase before the subject ("Before the vote, …", "Asked
# about it, …"); prepositions ("On Friday, …") do too.
_INTRODUCERS = {"before", "after", "when", "while", "as", "since", "if", "although", "though", "because",
                "until", "unless", "once", "whereas", "asked", "pressed"}


def subject_start(toks: Sequence[Tok]) -> int:
    """Index of the token the sentence's subject starts at: after a leading conjunction, and after an
    introductory phrase closed by a comma ("On Friday, Obama took …", "Before the vote, the chief …")."""
    k = skip_lead(toks)
    intro = k < len(toks) and (toks[k].low in PREPS or toks[k].low in _INTRODUCERS) or any(
        x.low in _INTRODUCERS for x in toks[:k])
    if not intro:
        return k
    comma = next((m for m in range(k, min(len(toks), k + 20)) if toks[m].text == "," and not toks[m].quoted), None)
    if comma is None:
        return k
    # the rest of a place or date that the phrase runs on with ("In Ames, Iowa, on Sunday, …")
    while True:
        nxt = next((m for m in range(comma + 1, min(len(toks), comma + 6)) if toks[m].text == ","), None)
        if nxt is None or not all(x.ent in ("GPE", "LOC", "DATE", "TIME") or x.low in PREPS
                                  for x in toks[comma + 1:nxt]):
            break
        comma = nxt
    m = comma + 1
    while m < len(toks) and (toks[m].low in BOUNDARY or toks[m].punct):
        m += 1
    return m


def skip_lead(toks: Sequence[Tok]) -> int:
    """Index of the first token after a leading conjunction or adverb ("But", "And", "Still,")."""
    k = 0
    while k < len(toks) and (toks[k].low in BOUNDARY or toks[k].punct or toks[k].low in ("still", "however")):
        k += 1
    return k


def np_left(toks: Sequence[Tok], j: int) -> tuple[int, int, bool] | None:
    """The noun phrase ending at token j (inclusive), walking left: (first, last, clean).
    `clean` is False when what precedes it suggests a longer or embedded subject."""
    if j < 0:
        return None
    t = toks[j]
    if t.punct or t.quoted:
        return None
    if t.low in SUBJ_PRON:
        return j, j, True
    if t.low in OBJ_PRON or t.low in BOUNDARY or t.low in DETS:
        return None
    k = j
    if t.ent:
        while k - 1 >= 0 and toks[k - 1].ent == t.ent and not toks[k].ent_start:
            k -= 1
    # Extend left over titles and modifiers: "US Defense Secretary Robert Gates", "a senior official",
    # "a spokesman for the ministry".
    n = j - k + 1
    while k - 1 >= 0 and n < 10:
        p = toks[k - 1]
        if p.punct or p.quoted:
            if p.text in ("-", "–", "'s", "’s") and k - 2 >= 0:
                k -= 1
                n += 1
                continue
            break
        if p.low in BOUNDARY or p.low in SUBJ_PRON or p.low in OBJ_PRON:
            break
        if p.low in AUX_ADV and not p.title:
            return None  # "… has the minister said": not a plain subject
        if p.low in NP_PREPS:
            # "a spokesman for the ministry": keep the phrase when a noun phrase precedes it
            if k - 2 >= 0 and not toks[k - 2].punct and toks[k - 2].low not in BOUNDARY | DETS | AUX_ADV:
                k -= 1
                n += 1
                continue
            return None  # "with Gates said": the name is an object inside a longer subject
        if lemma_of(p.text) and not p.title:
            return None  # another cue verb right before: not a plain subject
        k -= 1
        n += 1
        if p.low in DETS:
            # "documents from his tax return": the determiner opens a prepositional object
            if k - 2 >= 0 and toks[k - 1].low in NP_PREPS and not toks[k - 2].punct \
                    and toks[k - 2].low not in BOUNDARY | DETS | AUX_ADV and toks[k - 2].low.isalpha():
                k -= 1
                n += 1
                continue
            break
    if n >= 10:
        return None
    before = toks[k - 1] if k - 1 >= 0 else None
    clean = before is None or before.punct or before.low in BOUNDARY or before.quoted
    return k, j, clean


def sentence_subject(toks: Sequence[Tok], found: Sequence[Found]) -> tuple[int, int, bool] | None:
    """The source of an earlier attribution in the sentence, else the name or pronoun opening it."""
    for f in reversed(found):
        if f.source:
            a = next((x.i for x in toks if x.start == f.source[0]), None)
            b = next((x.i for x in toks if x.end == f.source[1]), None)
            if a is not None and b is not None:
                return a, b, True
    np0 = np_start(toks, subject_start(toks))
    if np0 is not None and (toks[np0[0]].ent or toks[np0[0]].low in SUBJ_PRON):
        return np0[0], np0[1], True
    return None


def np_start(toks: Sequence[Tok], j: int) -> tuple[int, int] | None:
    """The subject noun phrase opening a sentence: a pronoun, a name (with its determiner), or a
    short description up to the first word that looks like its verb."""
    if j >= len(toks) or toks[j].punct or toks[j].quoted:
        return None
    if toks[j].low in SUBJ_PRON:
        return j, j
    k = j
    if toks[k].low in DETS and k + 1 < len(toks) and toks[k + 1].ent:
        k += 1
    if toks[k].ent:
        while k + 1 < len(toks) and toks[k + 1].ent == toks[k].ent and not toks[k + 1].ent_start:
            k += 1
        # "Pomonal residents …", "Tokyo police …": the name only says whose; the group speaks.
        while k + 1 < len(toks) and k - j < 6 and toks[k + 1].low in GROUP_HEADS:
            k += 1
        return j, k
    while k + 1 < len(toks) and k - j < 5:
        n = toks[k + 1]
        if n.punct or n.quoted or n.low in AUX_ADV or n.low in BOUNDARY or n.low in PREPS or lemma_of(n.text) \
                or (n.low.endswith("ed") and not n.title):
            break
        k += 1
    return j, k


def np_right(toks: Sequence[Tok], j: int) -> tuple[int, int] | None:
    """The source noun phrase starting at token j (after an inverted cue: "said Mr. Smith, …")."""
    if j >= len(toks) or toks[j].punct or toks[j].quoted:
        return None
    if toks[j].low in SUBJ_PRON:
        return j, j
    first = toks[j].low
    if first.endswith("ly") and not toks[j].title:
        return None  # "said pleasantly into the phone"
    if first in STOP_AFTER_SOURCE or first in PREPS or first in BOUNDARY or first in OBJ_PRON or first in AUX_ADV \
            or first in DAYS or first in ADVERBIAL_PREPS or (lemma_of(first) and not toks[j].title):
        return None
    k = j
    while k + 1 < len(toks) and k - j < 10:
        n = toks[k + 1]
        if n.punct and n.text not in ("-", "–", ".") or n.quoted:
            break
        if n.text == "." and not (toks[k].title and len(toks[k].text) <= 4):
            break
        if n.low in STOP_AFTER_SOURCE or n.low in BOUNDARY or (n.low in AUX_ADV and not n.title):
            break
        if lemma_of(n.text) and not n.title:
            break
        k += 1
    # A trailing "." that belongs to the sentence, not to an abbreviation, is not in the name.
    while k > j and toks[k].punct:
        k -= 1
    return j, k
