"""Where a reported clause ends and the next attribution begins, read off the surface tokens: the
sentence end (a full stop, or an abbreviation's stop before a new subject), a clause of equal rank
after a comma and a conjunction, the comma that closes an opening subordinate clause, and one-word
answers ("said yes", "said so")."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from newsdesk.quotes.cues import STANCE, lemma_of
from newsdesk.quotes.phrases import ADVERBIAL_PREPS, AUX_ADV, DAYS, Tok, np_left
from newsdesk.quotes.reported import Found

# Words that open a subordinate clause at the start of a sentence ("When Comey said …, experts …").
_SUBORDINATORS = {"when", "if", "after", "before", "while", "although", "though", "because", "since", "until",
                  "once", "unless", "whereas", "as"}
_CLOSING_MARKS = ("”", '"', "''", "’", "'", "»")


def end_in_opening_clause(toks: Sequence[Tok], f: Found) -> None:
    """An attribution inside a sentence's opening subordinate clause ("When Trump suggested that Cuba
    would sue, Rubio fired back") says only what runs to the comma that closes the clause."""
    k = 0
    while k < len(toks) and (toks[k].punct or toks[k].low in ("and", "but", "so", "yet")):
        k += 1
    if k >= len(toks) or toks[k].low not in _SUBORDINATORS:
        return
    if f.cue is None or not f.content or f.content[0][0] < f.cue[1]:
        return
    if any(x.text == "," and not x.quoted and (x.end <= f.cue[0] or f.cue[1] <= x.start < f.content[0][0])
           for x in toks[k:]):
        return  # the cue is in the main clause, or its content is ("As the paper reported, …")
    for m, x in enumerate(toks):
        if x.start < f.content[0][0] or x.text != ",":
            continue
        if not x.quoted:
            cut = x.start
        elif m + 1 < len(toks) and toks[m + 1].text in _CLOSING_MARKS:
            cut = toks[m + 1].end  # "… been ''successfully hacked,'' both experts …"
        else:
            continue
        f.content = [(a, min(b, cut)) for a, b in f.content if a < cut]
        break


def starts_own_attribution(toks: Sequence[Tok], i: int) -> bool:
    """The cue at token i starts a second attribution of its own rather than sitting inside the
    first one's content: after "and"/"but" or a comma ("…, but insists …", "…, adding that …"), or
    opening a new sentence the splitter joined ("… 7 p.m. He says …")."""
    j = i - 1
    while j >= 0 and toks[j].low in AUX_ADV and not toks[j].title:
        j -= 1
    if j < 0 or (toks[j].quoted and not toks[j].punct):
        return False
    if toks[i].low.endswith("ing") and toks[j].punct and _is_comma(toks, j):
        return True  # "…,” adding that …"
    if toks[j].quoted:
        return False
    if toks[j].low in ("and", "but") or (toks[j].text == "," and toks[i].low.endswith("ing")):
        return True
    # "He says" right after a sentence end
    if toks[j].low in ("he", "she", "they") and j >= 1 and _ends_sentence(toks, j - 1):
        return True
    # a clause with its own subject after a comma and a conjunction, or a semicolon: "…, while nine
    # in 10 said …", "…, and more than 4 in 10 said …", "…; the ministry says …"
    np = np_left(toks, j)
    if np is None or np[0] < 2:
        return False
    before = toks[np[0] - 1]
    if before.text == ";" or (before.low in _CLAUSE_JOINS and toks[np[0] - 2].text in (",", ";")):
        return True
    # "…, and when pressed, the mother of three replied, “…”": after a comma, a cue that a
    # quotation follows has its own subject
    if before.text == "," and i + 1 < len(toks) and (toks[i + 1].quoted or (
            toks[i + 1].text in (",", ":") and i + 2 < len(toks) and toks[i + 2].quoted)):
        return True
    # "While Comey said …, he said …": after a comma, a subject that can only open a clause (a
    # pronoun or a name) and a cue with words after it (not a parenthetical "…, he said, …")
    head = toks[np[0]]
    return (before.text == "," and (head.low in ("he", "she", "they", "we") or head.ent in ("PERSON", "ORG"))
            and i + 1 < len(toks) and not toks[i + 1].punct)


# Conjunctions that, after a comma, open a clause of equal rank rather than continue the content.
_CLAUSE_JOINS = {"and", "but", "while", "whereas", "yet"}


def _ends_sentence(toks: Sequence[Tok], j: int) -> bool:
    """Token j ends a sentence: a full stop, or an abbreviation's stop ("in the U.S. He says …") when a
    capitalised subject pronoun follows (the splitter kept the two sentences together)."""
    if toks[j].quoted:
        return False
    if toks[j].text in (".", "!", "?"):
        return True
    nxt = toks[j + 1] if j + 1 < len(toks) else None
    return (len(toks[j].text) > 2 and toks[j].text.endswith(".") and nxt is not None
            and nxt.text in ("He", "She", "They", "We", "It", "I"))


def _is_comma(toks: Sequence[Tok], j: int) -> bool:
    """Token j is a comma, or a closing mark right after one ("…,” adding")."""
    return toks[j].text == "," or (j >= 1 and toks[j].text in ("”", '"', "''", "’") and toks[j - 1].text == ",")


def sentence_end(toks: Sequence[Tok], k: int) -> int:
    """The last token of the sentence that token k is in (the splitter sometimes joins two)."""
    n = len(toks)
    for m in range(k + 1, n - 1):
        if toks[m].text in (".", "!", "?") and not toks[m].quoted:
            return m - 1
        if _ends_sentence(toks, m):
            return m  # the abbreviation's stop is part of its last word
    return n - 1


# Words that stand for a whole answer or the clause said before ("75 percent said yes", "half said so").
_ANSWERS = {"yes", "no", "so", "otherwise"}


def short_answer(toks: Sequence[Tok], k: int) -> int | None:
    """The last token of a one-word answer at token k ("said yes", "said so in December", "said the
    same"), when nothing but punctuation or an adverbial follows it."""
    if k >= len(toks):
        return None
    last = k
    if toks[k].low == "the" and k + 1 < len(toks) and toks[k + 1].low == "same":
        last = k + 1
    elif toks[k].low not in _ANSWERS or toks[k].quoted:
        return None
    nxt = toks[last + 1] if last + 1 < len(toks) else None
    if nxt is None or (nxt.punct and not nxt.quoted) or (nxt.low in ADVERBIAL_PREPS and nxt.low != "to") \
            or nxt.low in DAYS:  # ("said no to the war" is a stand on the war)
        return last
    return None


# What, after a comma at the end of a reported clause, is the writer's aside rather than the
# source's words: a non-restrictive relative clause ("…, which makes him an outlier"), a concession
# ("…, although he refused to …"). A relative clause closed by a comma sat inside the content.
_ASIDE = re.compile(r",\s+(?:which|who|whom|whose|although|though|even though|especially|even as|aside from|despite)\b")
_GOES_ON = re.compile(r",\s+(?!(?:which|who|whom|whose|and|but|or)\b)\S")
# What always ends the reported words: a second attribution ("…, according to the agency", "…,
# citing …"), a new clause after a semicolon or after a dash and a conjunction ("… — and he noted …").
_STOP = re.compile(r",\s+according to\b|;\s+(?!and\b|or\b)|\s(?:—|–|--)\s+(?:and|but)\s|,\s+(?P<ing>[a-z]+ing)\b")


# "Ms. Vance said the plan was sound and criticized the council for …": a second speech verb joined
# by "and" in the same tense as the cue is the subject's next act, not more of what was said.
_AND_VERB = re.compile(r",?\s+and\s+(?:then\s+|also\s+|later\s+)?([a-z]+)\b")
_AND_BEFORE = re.compile(r",?\s+and\s+(?:then\s+|also\s+|later\s+)?$")
_IRREGULAR_PAST = {"said", "told", "wrote", "spoke", "took", "gave", "made", "held"}


def _second_verb(text: str, cue: tuple[int, int], lo: int, e: int, quoted: Callable[[int], bool]) -> int | None:
    words = text[cue[0]:cue[1]].lower().split()
    verb = next((w for w in words if lemma_of(w) is not None), words[0] if words else "")
    present = not (verb.endswith("ed") or verb in _IRREGULAR_PAST)
    for m in _AND_VERB.finditer(text, lo, e):
        w = m.group(1)
        if quoted(m.start()) or lemma_of(w) is None:
            continue
        if (w.endswith("s") and present) or (not present and (w.endswith("ed") or w in _IRREGULAR_PAST)):
            # (a second verb that goes on to quote the source, "… and dismissed them as “…”", still
            # reports the same words: the content keeps it)
            return None if any(quoted(k) for k in range(m.end(), e)) else m.start(1)
    return None


def trim_aside(text: str, f: Found, quoted: Callable[[int], bool]) -> None:
    """Cut a reported content before an aside after its cue that runs to its end, or before a
    second attribution or clause that ends it."""
    if f.cue is None or not f.content or f.end <= f.cue[1]:
        return
    s, e = f.content[-1]
    # (a stand's object may be a bare name: "endorsed Trump, who says …" keeps just "Trump")
    lo = max(s, f.cue[1], f.start + (3 if f.lemma in STANCE else 12))
    cuts = []
    for m in _STOP.finditer(text, lo, e):
        if quoted(m.start()) or (m.group("ing") and lemma_of(m.group("ing")) is None):
            continue
        cuts.append(m.start())
        break
    for m in _ASIDE.finditer(text, lo, e):
        if quoted(m.start()) or _GOES_ON.search(text, m.end(), e):
            continue
        cuts.append(m.start())
        break
    verb = _second_verb(text, f.cue, lo, e, quoted)
    if verb is not None:
        cuts.append(_AND_BEFORE.search(text, lo, verb).start())
        f.extra["next_verb"] = verb  # its attribution shares this one's subject
    if cuts:
        cut = min(cuts)
        f.content = [(a, min(b, cut)) for a, b in f.content if a < cut]


# An infinitive right after a content that ends in a noun phrase completes it: the noun's own
# complement ("defended his call to raise the wage", "praised the efforts of the envoy to find a
# solution") or the purpose the source gave ("proposed $1 billion to help states"). A bare infinitive
# never ends in a plural -s ("to voters", "to reporters" are recipients, not infinitives).
_INFINITIVE = re.compile(r"\s+to\s+(?!(?:the|a|an|his|her|their|its|our|my|your|this|that|these|those|me|him|them|us|"
                         r"you|it|all|both|each|every|some|any)\b)([a-z]+)\b")
_CLAUSE_END = re.compile(r"[.;!?\n]|\s(?:—|–|--)\s")
# Verbs of showing or citing something: an infinitive after their object is why it was shown ("points
# to his votes to win over minorities"), not part of what is shown.
_SHOWING = {"point", "highlight", "cite", "mention", "refer", "note", "show", "use", "invoke"}
_ABBREVIATIONS = {"mr", "ms", "mrs", "dr", "sen", "rep", "gov", "st", "jr", "sr", "gen", "lt", "col", "u.s", "u.n"}


def extend_infinitive(text: str, f: Found, quoted: Callable[[int], bool], cues: Sequence[int]) -> None:
    """Run a reported content on through an infinitive that follows it, to the end of its clause
    (the sentence end, a semicolon or a dash); not when the infinitive is another attribution's cue."""
    if f.cue is None or not f.content or f.end <= f.cue[1] or f.from_stretch or f.lemma in _SHOWING:
        return
    e = f.end
    m = _INFINITIVE.match(text, e)
    if quoted(e - 1) or m is None or (m.group(1).endswith("s") and not m.group(1).endswith("ss")):
        return
    stop = len(text)
    for x in _CLAUSE_END.finditer(text, m.end()):
        word = text[text.rfind(" ", 0, x.start()) + 1:x.start()].lower()
        if x.group() == "." and (word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())):
            continue  # "Mrs.", "U.S.", an initial
        stop = x.start()
        break
    if any(e < c < stop for c in cues) or any(quoted(k) for k in range(e, stop)):
        return
    while stop > e and text[stop - 1] in " ,":
        stop -= 1
    f.content = f.content[:-1] + [(f.content[-1][0], stop)]
