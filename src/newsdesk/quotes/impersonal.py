"""Attributions with no one named, read off a dependency parse.

News reports a good deal of what nobody in particular said: "the bank is expected to raise rates",
"he is said to have left", "she is widely seen as the favourite", "the deal reportedly collapsed", and
the writer's own "the plan seems to be working". The whole clause (its subject included) is the
content; there is no source, and the cue is the verb with its auxiliaries or the adverb.
"""

from __future__ import annotations

from collections.abc import Callable

from newsdesk.lexicon.speech import HEARSAY_ADVERBS
from newsdesk.quotes.cues import PASSIVE_FORMS, SEEM_FORMS
from newsdesk.quotes.reported import Found, _finish

# What stands right before a passive participle ("is expected", "was widely seen", "has long been known").
_BEFORE_PASSIVE = frozenset({"is", "are", "was", "were", "be", "been", "being", "'s", "’s",
                             "widely", "generally", "also", "not", "long"})
# Pronouns that are no subject of their own clause's content ("it is expected that …" has its clause).
_EMPTY = {"it", "there", "which", "that", "who", "what"}


def impersonal_cue_at(words: list[str], i: int) -> bool:
    """Whether word i (lower case) may open an impersonal attribution, for the surface rules to send its
    sentence to the parse: a hearsay adverb, a verb of seeming, or a reporting verb after a form of 'be'."""
    w = words[i]
    if w in HEARSAY_ADVERBS or w in SEEM_FORMS:
        return True
    return i > 0 and words[i - 1] in _BEFORE_PASSIVE and \
        w in PASSIVE_FORMS and w.endswith(("ed", "id", "wn", "ght", "en"))


def impersonal_attributions(
    doc, base: int, text: str, in_quote: Callable[[int], bool], tokens: list | None = None
) -> list[Found]:
    found: list[Found] = []
    for t in tokens if tokens is not None else doc:
        low = t.lower_
        if (low not in HEARSAY_ADVERBS and low not in SEEM_FORMS and low not in PASSIVE_FORMS) or in_quote(base + t.idx):
            continue
        f = None
        if low in HEARSAY_ADVERBS and t.dep_ == "advmod" and t.head.tag_.startswith("VB"):
            f = _clause(doc, t.head, base, (t.idx, t.idx + len(t.text)), "reportedly")
            if f is not None:
                f.verb_char = base + t.idx  # the adverb is the cue the surface rules saw
        elif t.tag_.startswith("VB") and low in SEEM_FORMS:
            if any(c.dep_ in ("xcomp", "acomp", "attr", "oprd") for c in t.children):
                f = _clause(doc, t, base, _with_aux(t), "seem")
        elif t.tag_ == "VBN" and low in PASSIVE_FORMS:
            if any(c.dep_ == "auxpass" for c in t.children) and not any(c.dep_ == "agent" for c in t.children) \
                    and any(c.dep_ in ("xcomp", "oprd", "acomp") or _view_prep(c, low) for c in t.children):
                f = _clause(doc, t, base, _with_aux(t), "passive")
        if f is not None:
            f.extra["fallback"] = True  # (a clause reading of the same cue wins)
            found.append(f)
    return found


def _view_prep(c, participle: str) -> bool:
    """"is seen as …", "is best known for …": the preposition that gives the view."""
    return c.dep_ == "prep" and (c.lower_ == "as" or (c.lower_ == "for" and participle == "known"))


def _own_clause(c) -> bool:
    """A child of the verb that is a clause of its own: a conjunct with its own subject, or a
    participle or clause set off by a comma."""
    if c.dep_ == "conj" and any(x.dep_ in ("nsubj", "nsubjpass") for x in c.children):
        return True
    return c.dep_ in ("advcl", "parataxis") and c.left_edge.i > 0 and c.doc[c.left_edge.i - 1].text in (",", ";", "—")


def _with_aux(verb) -> tuple[int, int]:
    """The verb with the auxiliaries and adverbs right before it ("had been widely expected")."""
    first = verb
    for c in verb.lefts:
        if c.dep_ in ("aux", "auxpass", "neg", "advmod") and c.i >= first.i - 3:
            first = c if c.i < first.i else first
    return first.idx, verb.idx + len(verb.text)


def _clause(doc, verb, base: int, cue: tuple[int, int], lemma: str) -> Found | None:
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.lower_ in _EMPTY:
        return None
    # the clause from its subject to the end of the verb's phrase: not a leading "But", "In May," …,
    # nor a clause of its own after it (", but he has …", ", revealing …")
    stop = min((c.left_edge.i for c in verb.rights if _own_clause(c)), default=verb.right_edge.i + 1)
    lo, hi = subj.left_edge.i, stop - 1
    while hi > lo and (doc[hi].is_punct or doc[hi].dep_ == "cc"):
        hi -= 1
    f = _finish(doc, verb, lemma, base, [(doc[lo].idx, doc[hi].idx + len(doc[hi].text))], None, False, False)
    if f is not None:
        f.cue = (base + cue[0], base + cue[1])
    return f
