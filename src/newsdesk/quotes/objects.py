"""Attributions whose content is a prepositional object, read off a dependency parse.

News attributes a view not only by a clause ("she said that …") but by what a verb, a noun or an
adjective points at: "pointed to the polls", "talked about the wall", "did not respond to a request
for comment", "questions about his health", "her criticism of the plan", "is critical of the deal",
"sees the merger as a threat", "his claim that the vote was rigged". The content is the preposition's
object (the object and its "as" phrase; the noun's "that" clause); the source is the verb's subject, or
the noun's possessor (or the subject of the verb that has the noun: "raised questions about …").
"""

from __future__ import annotations

from collections.abc import Callable

from newsdesk.lexicon.speech import ADJ_CUES, ADJ_INTENT, HELD_NOUNS, NOUN_CUES, PREP_CUES
from newsdesk.quotes.cues import (
    AS_FORMS,
    NOUN_FORMS,
    OBJECT_CUE_PREPS,
    OBJECT_CUE_WORDS,
    PREP_FORMS,
    THAT_NOUN_FORMS,
)
from newsdesk.quotes.reported import Found, _finish, _person_like, _subject, _subtree_span, np_span

# Adverbs and the like that may stand between a verb and its preposition ("spoke openly about").
_BETWEEN = {"advmod", "npadvmod", "neg", "prt"}
# Pronouns that point back at what was said, not at a source ("that", "it" as subject: no one said it).
_THING_SUBJECTS = {"it", "this", "that", "which", "what", "there"}


def object_attributions(
    doc, base: int, text: str, in_quote: Callable[[int], bool], tokens: list | None = None
) -> list[Found]:
    """Every verb- or noun-plus-preposition attribution in one parsed sentence."""
    found: list[Found] = []

    def outside(tok) -> bool:
        return not in_quote(base + tok.idx)

    for t in tokens if tokens is not None else doc:
        low = t.lower_
        if low not in OBJECT_CUE_WORDS or not outside(t):
            continue
        f = None
        if t.tag_.startswith("VB"):
            if low in AS_FORMS:
                f = _object_as(doc, t, AS_FORMS[low], base, outside)
            if f is None and low in PREP_FORMS:
                f = _verb_object(doc, t, PREP_FORMS[low], base, outside)
        if t.tag_ in ("NN", "NNS"):
            if low in NOUN_FORMS:
                f = _noun_object(doc, t, NOUN_FORMS[low], base, outside)
            if f is None and low in THAT_NOUN_FORMS:
                f = _noun_clause(doc, t, THAT_NOUN_FORMS[low], base, outside)
        if f is None and t.tag_ in ("JJ", "VBN") and (low in ADJ_CUES or low in ADJ_INTENT) \
                and t.dep_ in ("acomp", "amod", "oprd"):
            f = _adjective_object(doc, t, low, base, outside)
        if f is not None:
            f.extra["fallback"] = True  # (a clause reading of the same cue wins)
            found.append(f)
    return found


def _prep_after(t, preps: frozenset[str]):
    """The first preposition (or particle) child after t that the cue takes, with nothing but adverbs
    between (`spoke openly about`)."""
    for c in t.rights:
        if c.dep_ in ("prep", "prt", "dative") and c.lower_ in preps:
            return c
        if c.dep_ == "advmod" and c.lower_ in preps:
            return c  # "fired back at …": the parser takes the particle for an adverb
        if c.dep_ not in _BETWEEN:
            return None
    return None


def _objects(prep) -> list:
    return [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]


def _object_frags(objs) -> list[tuple[int, int]]:
    """The objects' words, without an aside after a comma (", a neurosurgeon", ", who …"): the thing
    pointed at, not what the writer adds about it."""
    frags = []
    for o in objs:
        asides = {c.i for c in o.rights if c.dep_ in ("appos", "relcl", "acl") and c.i > 0
                  and c.doc[c.left_edge.i - 1].text in (",", "—", "–", "(")}
        frags.extend(_subtree_span(o, asides))
    return frags


def _verb_object(doc, t, lemma: str, base: int, outside) -> Found | None:
    if any(c.dep_ == "ccomp" for c in t.children):
        return None  # a clause is read by the clause rules
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in t.children)
    if passive and lemma != "ask":
        return None  # "was asked about …" is a question put; other passives have no speaker here
    prep = _prep_after(t, PREP_CUES[lemma])
    if prep is None:
        return None
    if prep.dep_ in ("prt", "advmod"):
        # "pointed out the flaw", "spoke out against …", "fired back at …", "walked back his remarks":
        # the object, or the particle's own preposition
        objs = [c for c in t.children if c.dep_ == "dobj" and c.i > prep.i]
        if not objs:
            after = next((c for c in t.rights if c.i > prep.i and c.dep_ == "prep"), None)
            objs = _objects(after) if after is not None and after.lower_ in ("against", "about", "for", "on", "at") else []
            prep = after if objs else prep
    else:
        objs = _objects(prep)
    if not objs:
        return None
    if passive:
        f = _finish(doc, t, lemma, base, _object_frags(objs), None, False, False)
        if f is not None:
            f.cue = (base + t.idx, base + prep.idx + len(prep.text))
        return f
    subj = _subject(t, outside)
    if subj is None or subj.lower_ in _THING_SUBJECTS or not _person_like(subj):
        return None
    frags = _object_frags(objs)
    f = _finish(doc, t, lemma, base, frags, np_span(subj), subj.tag_ == "PRP", False)
    if f is not None:
        f.cue = (base + t.idx, base + prep.idx + len(prep.text))
    return f


def _object_as(doc, t, lemma: str, base: int, outside) -> Found | None:
    """"sees the deal as a mistake": the object and its "as" phrase (the parser hangs "as" on the
    verb or on the object)."""
    obj = next((c for c in t.children if c.dep_ == "dobj"), None)
    if obj is None or any(c.dep_ in ("nsubjpass", "auxpass") for c in t.children):
        return None
    as_ = next((c for c in t.rights if c.dep_ == "prep" and c.lower_ == "as" and c.i > obj.i), None) or next(
        (c for c in obj.rights if c.dep_ == "prep" and c.lower_ == "as"), None)
    if as_ is None or not any(c.dep_ in ("pobj", "pcomp", "acomp", "amod") for c in as_.children):
        return None
    subj = _subject(t, outside)
    if subj is None or subj.lower_ in _THING_SUBJECTS or not _person_like(subj):
        return None
    lo, hi = obj.left_edge.i, as_.right_edge.i
    f = _finish(doc, t, lemma, base, [(doc[lo].idx, doc[hi].idx + len(doc[hi].text))], np_span(subj),
                subj.tag_ == "PRP", False)
    return f


def _adjective_object(doc, t, adj: str, base: int, outside) -> Found | None:
    """"She is critical of the deal": the holder is the subject of the copula (or the noun the adjective
    describes: "voters wary of him")."""
    prep = next((c for c in t.rights if c.dep_ == "prep" and c.lower_ in ADJ_CUES.get(adj, ())), None)
    objs = _objects(prep) if prep is not None else []
    if not objs and adj in ADJ_INTENT:
        # "is eager to meet the leader": the intention is the infinitive
        prep = t
        objs = [c for c in t.children if c.dep_ == "xcomp"]
    if not objs:
        return None
    holder = _subject(t.head, outside) if t.dep_ in ("acomp", "oprd") else t.head
    if holder is None or holder.lower_ in _THING_SUBJECTS or not _person_like(holder):
        return None
    f = _finish(doc, t, adj, base, _object_frags(objs), np_span(holder), holder.tag_ == "PRP", False)
    if f is not None:
        f.cue = (base + t.idx, base + prep.idx + len(prep.text))
    return f


def _noun_holder(t, outside):
    """Whose a noun of view is: its possessor ("his claim"), else the person-like subject of the verb
    that has it ("raised questions about …", "voiced fears that …")."""
    holder = next((c for c in t.children if c.dep_ == "poss"), None)
    if holder is None and t.dep_ in ("dobj", "attr") and t.head.tag_.startswith("VB"):
        holder = _subject(t.head, outside)
        if holder is not None and (holder.lower_ in _THING_SUBJECTS or not _person_like(holder)):
            holder = None
    return holder


def _noun_clause(doc, t, lemma: str, base: int, outside) -> Found | None:
    """"his claim that the vote was rigged": the "that" clause (a complement, not a relative clause:
    "the claim that he made" says nothing) is what was claimed."""
    clause = next((c for c in t.rights if c.dep_ in ("acl", "ccomp", "relcl")
                   and any(m.dep_ == "mark" and m.lower_ == "that" and m.i == c.left_edge.i for m in c.children)), None)
    if clause is None or sum(1 for x in clause.subtree if not x.is_punct) < 5:
        return None  # ("the claim that he made": the parser's 'that' is often the relative pronoun)
    holder = _noun_holder(t, outside)
    src = np_span(holder) if holder is not None else None
    f = _finish(doc, t, lemma, base, _subtree_span(clause), src,
                bool(holder is not None and holder.tag_ in ("PRP", "PRP$")), False)
    if f is not None:
        f.cue = (base + t.idx, base + t.idx + len(t.text))
    return f


def _noun_object(doc, t, lemma: str, base: int, outside) -> Found | None:
    prep = next((c for c in t.rights if c.dep_ == "prep" and c.lower_ in NOUN_CUES[lemma]), None)
    if prep is None and t.i + 1 < len(doc):
        # "gave his views on the war": the parser often hangs the preposition on the verb instead
        nxt = doc[t.i + 1]
        prep = nxt if nxt.dep_ == "prep" and nxt.head.i == t.head.i and nxt.lower_ in NOUN_CUES[lemma] else None
    if prep is None:
        return None
    objs = _objects(prep)
    if not objs:
        return None
    holder = _noun_holder(t, outside)
    if holder is None and lemma in HELD_NOUNS:
        return None
    frags = _object_frags(objs)
    src = np_span(holder) if holder is not None else None
    f = _finish(doc, t, lemma, base, frags, src, bool(holder is not None and holder.tag_ in ("PRP", "PRP$")), False)
    if f is not None:
        f.cue = (base + t.idx, base + prep.idx + len(prep.text))
    return f


def object_cue_at(words: list[str], i: int) -> bool:
    """Whether word i (lower case) opens a prepositional-object cue: a cue verb or noun with one of its
    prepositions within the next three words. The surface rules send such sentences to the parse."""
    preps = OBJECT_CUE_PREPS.get(words[i])
    return preps is not None and any(x in preps for x in words[i + 1:i + 4])
