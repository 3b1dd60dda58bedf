"""Attributions read off the surface: word order, punctuation, entities — no parse.

Most attributions in news follow a handful of fixed orders, and for those the tokens, the commas
and the entity mentions the NER step already found say as much as a dependency parse would:

    SOURCE CUE (that) CONTENT.          Kevin Sullivan says he instructed staff ...
    CONTENT, SOURCE CUE [adverbials].   But the Pentagon intends to move forward, the official said.
    CONTENT, CUE SOURCE[, apposition].  "It's anti-reform," said Mr. Smith, an economist.
    SOURCE CUE[:|,] "QUOTE"             She adds, "What kind of genius ..."
    according to SOURCE, CONTENT / CONTENT, according to SOURCE.

`unit_attributions` returns the attributions it is sure of and whether the sentence still holds a
cue it could not read; only those sentences go to the (expensive) parser.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from newsdesk.lexicon.speech import ABOUT_CUES, EVIDENCE_NOUNS, GERUND_PREPS, LY_NOUNS
from newsdesk.quotes.clauses import end_in_opening_clause, sentence_end, short_answer, starts_own_attribution
from newsdesk.quotes.cues import (
    BARE_CLAUSE,
    BELIEF,
    FINDING,
    HEARER,
    INFINITIVE,
    INVERTING,
    NEEDS_CLAUSE,
    NOUNISH,
    OBJECT,
    PAST_FORMS,
    PHRASAL,
    PHRASAL_FORMS,
    SPEECH,
    STANCE,
    WEAK,
    lemma_of,
)
from newsdesk.quotes.impersonal import impersonal_cue_at
from newsdesk.quotes.objects import object_cue_at
from newsdesk.quotes.phrases import (
    ADVERBIAL_PREPS,
    AUX_ADV,
    BOUNDARY,
    DAYS,
    DETS,
    OBJ_PRON,
    PREPS,
    STOP_AFTER_SOURCE,
    SUBJ_PRON,
    WH,
    Tok,
    np_left,
    np_right,
    np_start,
    sentence_subject,
    skip_lead,
    subject_start,
    tok_span,
)
from newsdesk.quotes.reported import Found

_NOUN_MARKERS = frozenset("the a an his her their its our my your".split())


def _is_cue(toks: Sequence[Tok], i: int) -> tuple[str, Tok | None] | None:
    """(lemma, particle) when token i is a cue verb by form and position, else None."""
    t = toks[i]
    if t.quoted or t.ent:
        return None
    lemma = lemma_of(t.text)
    particle = None
    if t.low in PHRASAL_FORMS and i + 1 < len(toks) and (PHRASAL_FORMS[t.low], toks[i + 1].low) in PHRASAL:
        lemma, particle = PHRASAL_FORMS[t.low], toks[i + 1]
    if lemma is None:
        return None
    prev = toks[i - 1] if i > 0 else None
    if prev is not None and (prev.low in DETS or prev.low == "to"):
        return None  # "the report", "to say": a noun or an infinitive, not a finite cue
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if (prev is not None and prev.low in PREPS and particle is None and not t.low.endswith("ing")
            and t.low not in PAST_FORMS and (lemma in NOUNISH or lemma in STANCE)):
        return None  # "in favour", "on target", "against claims": after a preposition, a noun
    if t.low == "back" and particle is None and (nxt is None or nxt.punct or nxt.low in PREPS):
        return None  # "came back", "back in 2004": the adverb (the verb takes an object: "back the plan")
    if lemma in NOUNISH and t.low not in PAST_FORMS and not t.low.endswith("ing") and particle is None:
        # "claims", "reports", "calls" are nouns as often as verbs: verbs after a subject pronoun
        # ("it reads"), right after a quotation ("“…,” reads the editorial") or before "that"/a colon
        after_quote = prev is not None and prev.quoted and prev.punct
        after_pronoun = prev is not None and (prev.low in SUBJ_PRON or prev.ent in ("PERSON", "ORG"))
        before_clause = nxt is not None and (nxt.low in ("that", "the", "he", "she", "they", "it", "we", "for")
                                             or nxt.text in (":", ","))
        after_evidence = lemma in FINDING and _evidence_before(toks, i)  # "polls show", "video of it shows"
        if not (after_quote or after_pronoun or before_clause or after_evidence):
            return None
    return lemma, particle


def unit_attributions(
    toks: Sequence[Tok], text: str, stretch_ends: Callable[[int, int], bool]
) -> tuple[list[Found], list[int]]:
    """Attributions of one sentence from its tokens, and the positions of the cues in it that the
    surface rules could not read (for the parser)."""
    found: list[Found] = []
    unread: list[int] = []
    covered_to = -1
    lows = [t.low for t in toks]
    for i, t in enumerate(toks):
        if not t.quoted and (object_cue_at(lows, i) or impersonal_cue_at(lows, i)):
            # "pointed to …", "questions about …", "is expected to …": the parse reads these
            unread.append(t.start)
        if t.low == "according" and i + 1 < len(toks) and toks[i + 1].low == "to":
            f = _according(toks, i, text)
            if f is not None:
                found.append(f)
            else:
                unread.append(t.start)
            continue
        cue = _is_cue(toks, i)
        if cue is None and not t.quoted and lemma_of(t.text) is not None and not (
                i > 0 and (toks[i - 1].low in _NOUN_MARKERS or (toks[i - 1].low in PREPS and toks[i - 1].low != "to"))):
            # "his campaign hopes to …": noun or verb, the parse's tags decide (not after an article, a
            # possessive or a preposition: "the report", "his claims", "in support")
            unread.append(t.start)
        if cue is None or (i <= covered_to and not starts_own_attribution(toks, i)):
            continue
        lemma, particle = cue
        if lemma in STANCE and lemma not in OBJECT and particle is None:
            unread.append(t.start)  # a stand taken on an object: read off the parse
            continue
        f, sure = _attribution(toks, i, lemma, particle, text, stretch_ends, found)
        if f is not None:
            end_in_opening_clause(toks, f)
            found.append(f)
            if f.content:
                covered_to = max(covered_to, max(k for k, tk in enumerate(toks) if tk.start < f.content[-1][1]))
        elif not sure:
            unread.append(t.start)
    return found, unread


def _content(toks: Sequence[Tok], a: int, b: int) -> list[tuple[int, int]]:
    """Tokens a..b as content, without edge punctuation (closing quote marks stay)."""
    while a <= b and toks[a].punct and toks[a].text not in ('"', "“", "‘", "'", "``", "«"):
        a += 1
    while b >= a and toks[b].punct and toks[b].text not in ('"', "”", "’", "'", "''", "»"):
        b -= 1
    if b < a:
        return []
    return [tok_span(toks, a, b)]


def _quote_ends_clause(toks: Sequence[Tok], j: int, text: str) -> bool:
    """The quotation closing at token j ends in punctuation ("…,” he said) rather than being part
    of a noun phrase (the “Bernie or Bust” crowd)."""
    e = toks[j].end
    while e > 0 and (text[e - 1] in "\"”'’»`" or text[e - 1].isspace()):
        e -= 1
    return e > 0 and text[e - 1] in ",.?!…—-"


def _before(toks: Sequence[Tok], j: int, text: str) -> list[tuple[int, int]]:
    """The content before a source that follows a quotation closing at token j: from the start of
    the sentence ("Clinton would have to “go more to center,” Cuban said"), or from the quotation
    when a sentence ends before it inside this unit."""
    k = j
    while k > 0 and not (toks[k - 1].text in (".", "!", "?") and not toks[k - 1].quoted):
        k -= 1
    q = k
    while q < j and not toks[q].quoted:
        q += 1
    # the quotation alone when what precedes it introduces it ("…, especially fundraising: “…”")
    if q > k and toks[q - 1].text in (":", ",", "(", "—", "–", "-", ";"):
        k = q
    return _content(toks, k, j)


def _appositive_before(toks: Sequence[Tok], i: int) -> bool:
    """"Rep. Chris Collins, R-NY, says …" / "Jane Doe, a lawyer, said …": a name and its short
    apposition between commas right before the cue are its subject, not the end of a content."""
    k = i - 2  # the token before the comma that precedes the cue
    n = 0
    while k >= 0 and toks[k].text != "," and n < 6:
        if toks[k].quoted or (lemma_of(toks[k].text) and not toks[k].title) or toks[k].low in BOUNDARY:
            return False
        k -= 1
        n += 1
    if k < 1 or toks[k].text != "," or n == 0:
        return False
    name = toks[k - 1]
    # the apposition opens with a determiner or a capital ("a lawyer", "R-NY", "the party's chair")
    opener = toks[k + 1]
    return name.ent in ("PERSON", "ORG", "NORP") and (opener.low in DETS or opener.title or opener.ent != "")


def _subject_before_apposition(toks: Sequence[Tok], i: int) -> tuple[int, int] | None:
    """The subject opening the sentence before an apposition or aside that ends right before the cue
    at token i ("Yet Democratic economists, like their Republican counterparts, say …"): a noun phrase
    with a name, a determiner or a pronoun, opening the sentence (after a conjunction at most)."""
    c = i - 2
    inside = 0
    while c >= 0 and toks[c].text != ",":
        if toks[c].quoted or toks[c].text in (".", "!", "?", ";", ":") or inside > 25:
            return None
        c -= 1
        inside += 1
    if c < 1 or inside == 0:
        return None
    np = np_left(toks, c - 1)
    if np is None or np[0] > skip_lead(toks):
        return None  # "“…,” Smith, a lawyer, said": the name follows what was said, not a clause start
    a, b, _clean = np
    named = any(toks[x].ent in ("PERSON", "ORG", "NORP", "GPE") for x in range(a, b + 1))
    if not (named or toks[a].low in DETS or toks[a].low in SUBJ_PRON):
        return None
    return a, b


def _title_before(toks: Sequence[Tok], j: int) -> bool:
    """The quotation closing at token j names a work ("on Fox News' “Sunday Morning Futures,”"): a few
    words, each capitalised, after a preposition or possessive, not something said."""
    k = j
    while k >= 0 and toks[k].quoted:
        k -= 1
    words = [x for x in toks[k + 1:j + 1] if not x.punct]
    if not words or len(words) > 6 or not all(x.title or x.low in ("of", "the", "and", "a", "in", "on", "for", "to")
                                             for x in words):
        return False
    return k >= 0 and (toks[k].low in PREPS or toks[k].text in ("'s", "’s", "’", "'"))


def _found(content, cue, source, toks, lemma, weak=False, pron=False) -> Found:
    return Found(content=content, cue=cue, source=source, source_pron=pron, lemma=lemma,
                 verb_char=cue[0], extra={"weak": weak, "surface": True})


def _attribution(toks, i, lemma, particle, text, stretch_ends, found) -> tuple[Found | None, bool]:
    """One cue at token i: (attribution, sure). `sure` with no attribution means 'not a cue here'."""
    t = toks[i]
    n = len(toks)
    last = i if particle is None else i + 1
    if lemma == "point" and particle is None and i + 1 < n and toks[i + 1].low == "out":
        last = i + 1  # "pointed out that …": the particle belongs to the cue, the clause follows it
    cue = (t.start, toks[last].end)
    weak = lemma in WEAK or particle is not None
    # What follows the cue up to the end of the sentence.
    tail = [x for x in toks[last + 1:] if not (x.punct and x.text in ".!?")]
    prev = toks[i - 1] if i > 0 else None

    # 0. Participles: "…, saying (that) CONTENT" / "…, adding: “QUOTE”" take the sentence's source.
    if t.low.endswith("ing") and prev is not None and particle is None and (
            prev.text in (",", "—", "–", "-") or prev.low in GERUND_PREPS):
        # ("began by saying …", "while chanting “…”": the gerund's subject is the clause's)
        src = next((f.source for f in reversed(found) if f.source), None)
        pron = False
        # "Liu, a businessman, who appealed, saying …": the relative clause's subject says it (its
        # "who" is resolved to the name before it), not the sentence's subject
        lo = max((f.cue[1] for f in found if f.cue), default=-1)
        rel = next((k for k in range(i - 2, -1, -1) if toks[k].start > lo and toks[k].low == "who"
                    and not toks[k].quoted and k > 0 and toks[k - 1].text == ","), None)
        if rel is None:
            # "a charge he has denied, saying …": the clause right before the participle has its own
            # subject pronoun, right after a noun (not after a cue: "said he had …")
            k = i - 2
            while k > 0 and toks[k].start > lo and not toks[k].punct and not toks[k].quoted:
                if toks[k].low in ("he", "she", "they") and toks[k - 1].text.isalpha() and toks[k - 1].low not in (
                        BOUNDARY | {"that", "which", "what", "if", "when", "because"}) and (
                        lemma_of(toks[k - 1].text) is None or (k >= 2 and toks[k - 2].low in DETS)):
                    rel = k
                    break
                k -= 1
        if rel is not None:
            src = tok_span(toks, rel, rel)
            pron = toks[rel].low != "who"
        if src is None:
            np0 = np_start(toks, subject_start(toks))
            if np0 is None or not (toks[np0[0]].ent or toks[np0[0]].low in SUBJ_PRON or toks[np0[0]].low in DETS):
                return None, False
            src, pron = tok_span(toks, *np0), toks[np0[0]].low in SUBJ_PRON
        k = last + 1
        if k < n and toks[k].text in (":", ",") and k + 1 < n and toks[k + 1].quoted or k < n and toks[k].quoted:
            return _found([], cue, src, toks, lemma, weak, pron), True
        # ("adding he would …": a bare clause visibly opened by its subject pronoun is one too)
        bare = lemma in BARE_CLAUSE and k + 1 < n and toks[k].low in SUBJ_PRON - {"you", "it", "who"} \
            and not toks[k + 1].punct
        if lemma in NEEDS_CLAUSE | WEAK and (k >= n or toks[k].low != "that") and not bare:
            return None, False
        if lemma in HEARER | INFINITIVE or (lemma in OBJECT and not any(x.quoted for x in toks[k:])):
            # "calling him a fascist", "praising the plan": the parse reads the objects
            return None, False
        end = sentence_end(toks, k)
        content = _content(toks, k, end)
        if not content or len(text[content[0][0]:content[0][1]].split()) < 3:
            return None, False
        f = _found(content, cue, src, toks, lemma, weak, pron)
        if lemma in OBJECT:
            f.extra["need_stretch"] = True  # "calling them “corporate welfare”"
        return f, True

    # 0b. "SOURCE, APPOSITION, CUE CLAUSE": a subject opening the sentence, then a phrase between
    #     commas ("Jon Tester, chairman of the committee, said …", "The poll, released Monday, showed …")
    if prev is not None and prev.text == "," and particle is None and not t.low.endswith("ing") \
            and (lemma in BARE_CLAUSE or lemma in FINDING):
        subject = _subject_before_apposition(toks, i)
        k = last + 1
        if subject is not None and k < n:
            src, pron = tok_span(toks, *subject), toks[subject[0]].low in SUBJ_PRON
            if toks[k].quoted or (toks[k].text in (":", ",") and k + 1 < n and toks[k + 1].quoted):
                return _found([], cue, src, toks, lemma, weak, pron), True
            if toks[k].low in ADVERBIAL_PREPS or toks[k].low in DAYS or toks[k].ent in ("DATE", "TIME"):
                # "said on Sunday that …": the clause starts at "that"; without one, leave it to the parse
                k = next((m for m in range(k, min(n, k + 9)) if toks[m].low == "that" and not toks[m].quoted), n)
            if k < n and not toks[k].punct and (toks[k].low == "that" or lemma not in WEAK):
                content = _content(toks, k, sentence_end(toks, k))
                if content and len(text[content[0][0]:content[0][1]].split()) >= 3:
                    return _found(content, cue, src, toks, lemma, weak, pron), True

    # 1. Inverted: "…, said SOURCE" / "“…,” said SOURCE, an economist." ("…, told AFP" names a hearer)
    after_quote = prev is not None and (prev.text in ("”", '"', "''", "»") or stretch_ends(prev.end, cue[0]))
    if prev is not None and lemma in INVERTING and not t.low.endswith("ing") and (
            after_quote or (prev.text == "," and lemma not in HEARER and not _appositive_before(toks, i))):
        np = np_right(toks, last + 1)
        after = np[1] + 1 if np is not None else n
        # the source ends the sentence, or an adverbial or apposition follows it ("said Trump in a
        # statement", "said Mr. Smith, an economist"); otherwise it is the start of a content clause
        ok = np is not None and (after >= n or toks[after].punct or (
            toks[after].low in STOP_AFTER_SOURCE and sum(1 for x in toks[after:] if not x.punct) <= 7))
        if ok:
            src = tok_span(toks, *np)
            comma = i - 1
            while comma >= 0 and toks[comma].punct:
                comma -= 1
            if comma >= 0 and toks[comma].quoted:
                content = _before(toks, comma, text)
            elif prev.text == ",":
                content = _content(toks, 0, comma)
            else:
                content = []
            if lemma in NEEDS_CLAUSE and not content and not stretch_ends(toks[max(comma, 0)].end, cue[0]):
                return None, False
            return _found(content, cue, src, toks, lemma, weak, toks[np[0]].low in SUBJ_PRON), True

    # 1b. "“QUOTE,” NAME, APPOSITION, CUE …": a name right after the quotation, an apposition between
    if prev is not None and prev.text == "," and particle is None and not t.low.endswith("ing"):
        c = i - 2
        while c >= 1 and toks[c].text != "," and not toks[c].quoted and i - c < 15:
            c -= 1
        name = np_left(toks, c - 1) if c >= 1 and toks[c].text == "," else None
        if name is not None and name[0] >= 1:
            a = name[0]
            mark = toks[a - 1]
            if mark.quoted and mark.punct and stretch_ends(mark.end, toks[a].start) \
                    and _quote_ends_clause(toks, a - 1, text) and any(toks[x].ent == "PERSON" for x in range(a, name[1] + 1)):
                return _found(_before(toks, a - 1, text), cue, tok_span(toks, a, name[1]), toks, lemma, weak,
                              False), True

    # Source on the left: skip auxiliaries, adverbs and times between it and the cue.
    j = i - 1
    if t.low in PAST_FORMS and j >= 0 and toks[j].low in ("been", "was", "were", "is", "are", "be", "being"):
        # passive ("he was told …", "it has been condemned"): the subject is not the source; the parse
        # reads what was told or asked, with no source
        return None, False
    while j >= 0 and ((toks[j].low in AUX_ADV and not toks[j].title) or toks[j].low in DAYS or _manner(toks, j)
                      or (toks[j].ent in ("DATE", "TIME") and j > 0 and toks[j - 1].ent not in ("DATE", "TIME", ""))):
        j -= 1
    np = np_left(toks, j)

    # 2. "“QUOTE,” SOURCE CUE …" and "CONTENT, SOURCE CUE [short tail]."
    if np is not None:
        a, b, clean = np
        before = toks[a - 1] if a > 0 else None
        src = tok_span(toks, a, b)
        pron = toks[a].low in SUBJ_PRON
        quote_follows = last + 2 < n and toks[last + 1].text in (",", ":") and toks[last + 2].quoted
        if before is not None and before.quoted and before.punct and stretch_ends(before.end, toks[a].start) \
                and _quote_ends_clause(toks, a - 1, text) and not quote_follows and not _title_before(toks, a - 1):
            # right after a quotation: it is what the source said, whatever follows the cue
            return _found(_before(toks, a - 1, text), cue, src, toks, lemma, weak, pron), True
        if before is not None and before.text == "," and a >= 2 and toks[a - 2].quoted and toks[a - 2].punct:
            return _found(_before(toks, a - 2, text), cue, src, toks, lemma, weak, pron), True
        # after the cue only adverbials ("on Sunday", "in a statement", "speaking through an
        # interpreter") or the hearer of "told": a clause there would be the content instead
        short_tail = len(tail) <= 8 and not any(x.low == "that" or x.quoted for x in tail) and (
            not tail or tail[0].text == "," or tail[0].low in PREPS or tail[0].low in DAYS
            or tail[0].ent in ("DATE", "TIME") or tail[0].low.endswith("ly")
            or (lemma in HEARER and (tail[0].ent or tail[0].low in OBJ_PRON)))
        if before is not None and before.text == "," and tail and tail[0].text == "," and len(tail) > 3 \
                and not tail[1].low.endswith(("ing", "ed")) and not tail[1].quoted:
            # "Many of the closures, he said, have involved …": the content runs around the attribution
            frags = _content(toks, 0, a - 2) + _content(toks, last + 2, sentence_end(toks, last + 2))
            if len(frags) == 2 and len(text[frags[0][0]:frags[1][1]].split()) >= 4:
                return _found(frags, cue, src, toks, lemma, weak, pron), True
        if before is not None and before.text == "," and len(tail) > 2 and tail[0].text == "," \
                and tail[1].low.endswith("ing") and lemma_of(tail[1].text) is not None and not tail[1].quoted \
                and lemma not in NEEDS_CLAUSE:
            # "Y, the mayor said, adding that Z": Y is what was said; the participle is read on its own
            content = _content(toks, 0, a - 1)
            if content and len(text[content[0][0]:content[0][1]].split()) >= 3:
                return _found(content, cue, src, toks, lemma, weak, pron), True
        if before is not None and before.text == "," and short_tail:
            if lemma in NEEDS_CLAUSE and lemma not in BELIEF:
                return None, False
            content = _content(toks, 0, a - 1)
            if content and len(text[content[0][0]:content[0][1]].split()) >= 3:
                return _found(content, cue, src, toks, lemma, weak, pron), True
            return None, False

    # 3. "SOURCE CUE (that) CONTENT" / "SOURCE CUE: “QUOTE”"
    if np is None and j >= 0 and toks[j].low in ("and", "but") and not t.low.endswith("ing"):
        # a second verb of the sentence's subject: "Cruz knocked Rubio on trade and called him …"
        np = sentence_subject(toks, found)
    if np is None and j == i - 1 and toks[j].text == "," and particle is None and not t.low.endswith("ing"):
        # "De Blasio, speaking on the radio, called Trump a “blowhard”": the subject before the aside
        subject = _subject_before_apposition(toks, i)
        np = (*subject, True) if subject is not None else None
    if np is None or not np[2]:
        # A cue whose subject the surface cannot read goes to the parser (a stand, a view or a
        # finding there is often an attribution the parse reads: "in which she called for …")
        return None, False
    a, b, _clean = np
    src = tok_span(toks, a, b)
    pron = toks[a].low in SUBJ_PRON
    if lemma in OBJECT and a > 0 and toks[a - 1].low in ("that", "which", "what"):
        return None, True  # "what he calls “…”", "that it describes as “…”": a label, not a statement
    k = last + 1
    if k >= n or (toks[k].punct and toks[k].text in ".!?"):
        return None, False
    # "told reporters (on Monday) that …", "said in a statement that …", "said Monday that …"
    that = next((m for m in range(k, min(n, k + 9)) if toks[m].low == "that" and not toks[m].quoted), None)
    if toks[k].text in (":", ",") and k + 1 < n and toks[k + 1].quoted:
        return _found([], cue, src, toks, lemma, weak, pron), True
    if toks[k].quoted:
        if weak:
            return None, False  # "wrote “The Art of the Deal”": a title as often as a quotation
        m = k
        while m < n and toks[m].quoted:
            m += 1
        # (not "said “X” and walked off": a second verb; "said “X” and the tax would …" goes on)
        second_verb = m < n and toks[m].low in ("and", "but", "or") and not (
            m + 1 < n and (toks[m + 1].low in DETS or toks[m + 1].title or toks[m + 1].ent))
        if m < n and not toks[m].punct and not second_verb and lemma in BARE_CLAUSE:
            # "Bush said “local forces” must lead the way": the quoted words open a clause that goes on
            content = _content(toks, k, sentence_end(toks, m))
            if content:
                return _found(content, cue, src, toks, lemma, weak, pron), True
        return _found([], cue, src, toks, lemma, weak, pron), True
    if lemma in HEARER and toks[k].low != "that":
        if that is not None:
            k = that
        elif toks[k].low in OBJ_PRON or toks[k].ent:
            # "told him …": the hearer, then the content (or an infinitive for urge/ask)
            k2 = k + 1
            while k2 < n and toks[k2].ent and toks[k2].ent == toks[k].ent and not toks[k2].ent_start:
                k2 += 1
            k = k2
            if k < n and toks[k].text in (":", ",") and k + 1 < n and toks[k + 1].quoted:
                f = _found([], cue, src, toks, lemma, weak, pron)
                f.extra["anchor"] = toks[k].start  # the quotation follows the hearer
                return f, True
        else:
            return None, False
    elif toks[k].low in ADVERBIAL_PREPS or toks[k].low in DAYS or toks[k].ent in ("DATE", "TIME"):
        # "said in a statement that …" / "said Monday that …"
        if that is not None:
            k = that
        else:
            m = next((m for m in range(k, min(n, k + 9)) if toks[m].text in (",", ":")), None)
            if m is not None and m + 1 < n and toks[m + 1].quoted:
                f = _found([], cue, src, toks, lemma, weak, pron)
                f.extra["anchor"] = toks[m].start  # "said in a statement: “…”"
                return f, True
            if m is None and n - k <= 8 and toks[-1].text in (".", ":") and lemma in INVERTING:
                # "the party said in a statement." — the quotation follows in the next sentence
                f = _found([], cue, src, toks, lemma, weak, pron)
                f.extra["next"] = True
                return f, True
            return None, False
    short = short_answer(toks, k)
    if short is not None and (lemma in SPEECH or lemma in BELIEF):
        return _found([tok_span(toks, k, short)], cue, src, toks, lemma, weak, pron), True
    # "Polls show a close race", "Video shows him with his hands up": evidence shows what it
    # shows without a clause
    evidence = lemma in FINDING and lemma != "rule" and n - k >= 3 and any(
        x.low.rstrip("s") in EVIDENCE_NOUNS for x in toks[a:b + 1])
    if lemma not in BARE_CLAUSE and toks[k].low not in WH and lemma not in OBJECT | INFINITIVE and not evidence:
        return None, False  # "answered her door": no clause here (the parse may read an object)
    if lemma in BELIEF or lemma in FINDING or lemma in WEAK or lemma in NEEDS_CLAUSE:
        # Views, findings and multi-purpose verbs only with an explicit clause: "… that …", or a
        # clause that visibly starts with its subject ("he fears it has lost its swagger").
        starts_clause = toks[k].low in SUBJ_PRON - {"you"} or (
            toks[k].ent in ("PERSON", "ORG", "GPE", "NORP") and lemma not in WEAK) or (
            toks[k].low in ("the", "a", "an", "his", "her", "their", "its", "this") and n - k >= 6)
        # ("didn't know what to make of it", "showed how the money moved": a question clause)
        wh_clause = toks[k].low in WH and (lemma in BELIEF or lemma in FINDING) and n - k >= 3
        if toks[k].low != "that" and not evidence and not wh_clause \
                and not (starts_clause and (lemma in BELIEF or lemma in FINDING)):
            return None, False
        if lemma in BELIEF and toks[a].low == "it":
            return None, True
    if lemma in ABOUT_CUES and toks[k].low == "about" and k + 2 < n and not toks[k + 1].punct:
        # "complained about the delays", "joked about his age": the topic is the content
        end = next((m - 1 for m in range(k + 1, n) if toks[m].text in (",", ";", ":") and not toks[m].quoted),
                   sentence_end(toks, k))
        return _found(_content(toks, k + 1, end), cue, src, toks, lemma, weak, pron), True
    calls_for = lemma == "call" and toks[k].low in ("for", "on") and k + 1 < n
    if calls_for:
        k += 1  # "calls for $1 trillion in new spending", "called on Congress to act"
    elif lemma in OBJECT:
        if not any(x.quoted for x in toks[k:]) and not (lemma == "accuse" and _charge(toks, k) is not None):
            # "praised the plan" is a stand taken on its object, read off the parse; so is "called
            # the charges fabricated" (a name given: object and predicate, which only the parse sees)
            return None, False
    if lemma == "accuse":
        # "accused the North's leader of “fanatic recklessness”": the charge is what was said
        of = _charge(toks, k)
        if of is not None and of + 1 < n:
            k = of + 1
    if lemma in INFINITIVE and toks[k].low != "that" and not calls_for:
        return None, False
    content = _content(toks, k, sentence_end(toks, k))
    if not content or len(text[content[0][0]:content[0][1]].split()) < 3:
        return None, False
    f = _found(content, cue, src, toks, lemma, weak, pron)
    if lemma in OBJECT and not (lemma == "call" and toks[last + 1].low in ("for", "on")) and not (
            lemma == "accuse" and toks[k - 1].low == "of" and toks[k].low.endswith("ing")):
        f.extra["need_stretch"] = True  # ("accused him of lying" states the charge, quoted or not)
    return f, True


def _charge(toks: Sequence[Tok], k: int) -> int | None:
    """The 'of' before the charge of 'accused X of …' (a quotation or a gerund), from token k on."""
    n = len(toks)
    return next((m for m in range(k, min(n - 1, k + 15)) if toks[m].low == "of" and not toks[m].quoted
                 and (toks[m + 1].quoted or toks[m + 1].low.endswith("ing"))), None)








def _manner(toks: Sequence[Tok], j: int) -> bool:
    """A manner adverb right before a cue, after a subject or its apposition ("Morial, the league's
    chief, forcefully told …", "Trump openly admires …"): not part of the source."""
    t = toks[j]
    if not (t.low.endswith("ly") and len(t.low) > 4 and not t.title and not t.ent and not t.quoted
            and t.low not in LY_NOUNS) or j == 0:
        return False
    prev = toks[j - 1]
    return prev.text == "," or prev.title or prev.low in SUBJ_PRON




def _evidence_before(toks: Sequence[Tok], i: int) -> bool:
    """A record or count names the subject just before token i ("Polls", "Video of the incident")."""
    for k in range(i - 1, max(-1, i - 8), -1):
        if toks[k].punct or toks[k].quoted or toks[k].low in BOUNDARY:
            return False
        if toks[k].low.rstrip("s") in EVIDENCE_NOUNS:
            return True
    return False


def _according(toks: Sequence[Tok], i: int, text: str) -> Found | None:
    n = len(toks)
    j = i + 2
    if j >= n:
        return None
    k = j
    while k + 1 < n and not toks[k + 1].punct and k - j < 12:
        k += 1
    src = tok_span(toks, j, k)
    if k + 2 < n and toks[k + 1].text in (",", ":") and toks[k + 2].quoted:
        # "According to Limbaugh, “…”": the quotation that follows is the content
        return Found(content=[], cue=(toks[i].start, toks[i + 1].end), source=src, lemma="according to",
                     verb_char=toks[i].start, extra={"surface": True})
    before = _content(toks, 0, i - 1) if i > 0 else []
    after = _content(toks, k + 1, n - 1) if k + 1 < n else []
    if before and after:
        # "Y, according to X, more than …": a whole clause before the attribution is the content and
        # what follows is the writer's; a subject alone ("The economy, according to X, will …") goes
        # with the rest
        words = text[before[0][0]:before[-1][1]].split()
        if words[-1].lower() in ("that", "and", "but", "because", "so", "while", "as"):
            frags = after  # "said that, according to its count, …": the clause opens after it
        else:
            frags = before if len(words) >= 5 else before + after
    else:
        frags = [f for f in before + after if len(text[f[0]:f[1]].split()) >= 3]
    if not frags:
        return None
    return Found(content=frags, cue=(toks[i].start, toks[i + 1].end), source=src,
                 source_pron=toks[j].low in SUBJ_PRON, lemma="according to", verb_char=toks[i].start,
                 extra={"surface": True})
