"""Attributions read off a dependency parse: who (subject) said (cue verb) what (clause complement).

Works on one parsed sentence at a time (offsets local to it, shifted by `base`). Handles
"X said (that) Y", "Y, X said", "Y, said X", "X told reporters Y", "X urged Z to Y", "Y, X said, Z"
(parataxis), "according to X, Y" and the participles that add a second attribution to the same
source ("…, adding that Y").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from newsdesk.lexicon.english import TIME_WORDS
from newsdesk.lexicon.names import OCCUPATION_WORDS, ROLE_WORDS
from newsdesk.lexicon.speech import ORG_HEADS
from newsdesk.quotes.cues import (
    BELIEF,
    DOCUMENTS,
    FINDING,
    INFINITIVE,
    NEEDS_CLAUSE,
    OBJECT,
    PHRASAL,
    PHRASAL_FORMS,
    STANCE,
    WEAK,
    lemma_of,
)

# Children of a subject noun that belong to the source as written ("a spokesman for the ministry").
_NP_LEFT = {"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "case", "predet", "advmod", "npadvmod"}
_NP_RIGHT_PREPS = {"of", "for", "at", "from", "with", "in", "on", "to"}
_PRONOUNS = {"he", "she", "they", "it", "i", "we", "you", "him", "her", "them", "who", "which", "that"}
_STANCE_PRONOUNS = {"he", "she", "they", "we", "i", "you"}
_TRAIL = set(" \t\n\u00a0.,;:—–-")
_CLOSE = set("”\"»'’")


@dataclass
class Found:
    """One attribution in article character offsets."""

    content: list[tuple[int, int]]
    cue: tuple[int, int] | None
    source: tuple[int, int] | None
    source_pron: bool = False  # the source is a pronoun (resolved later)
    lemma: str = ""
    verb_char: int = -1  # where the cue verb sits (to order and de-nest attributions)
    from_stretch: bool = False  # content came from a quoted stretch, not from the parse
    extra: dict = field(default_factory=dict)

    @property
    def start(self) -> int:
        return self.content[0][0]

    @property
    def end(self) -> int:
        return self.content[-1][1]


def _span_chars(tokens) -> tuple[int, int]:
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    return first.idx, last.idx + len(last.text)


def _subtree_span(tok, exclude: set[int] = frozenset()) -> list[tuple[int, int]]:
    """Character fragments of a token's subtree, leaving out the subtrees rooted at `exclude`."""
    skip: set[int] = set()
    for t in tok.subtree:
        if t.i in exclude and t.i != tok.i:
            skip.update(x.i for x in t.subtree)
    toks = [t for t in tok.subtree if t.i not in skip]
    if not toks:
        return []
    frags: list[tuple[int, int]] = []
    run: list = [toks[0]]
    for t in toks[1:]:
        if t.i == run[-1].i + 1:
            run.append(t)
        else:
            frags.append(_span_chars(run))
            run = [t]
    frags.append(_span_chars(run))
    return frags


def np_span(head) -> tuple[int, int]:
    """The source noun phrase around a subject head: modifiers and 'of/for …' phrases, not relative
    clauses; a title's appositive name is kept ("Russian Defense Minister, Anatoly Serdyukov")."""
    toks = [head]
    for c in head.lefts:
        if c.dep_ in _NP_LEFT:
            toks.extend(c.subtree)
    for c in head.rights:
        if c.dep_ == "prep" and c.text.lower() in _NP_RIGHT_PREPS and c.i == max(t.i for t in toks) + 1:
            sub = list(c.subtree)
            if len(sub) <= 8:
                toks.extend(sub)
        elif c.dep_ == "appos" and head.tag_ in ("NN", "NNS", "NNP") and c.tag_ == "NNP":
            toks.extend(t for t in c.subtree if t.dep_ not in ("relcl", "acl", "punct") or t.i < c.i)
        elif c.dep_ in ("conj", "cc") and c.i <= max(t.i for t in toks) + 2 and head.tag_ != "PRP":
            toks.extend(t for t in c.subtree if t.dep_ not in ("relcl", "acl"))
    # Keep it contiguous from the leftmost to the rightmost kept token, no edge punctuation.
    toks = sorted({t.i: t for t in toks}.values(), key=lambda t: t.i)
    doc = head.doc
    lo, hi = toks[0].i, toks[-1].i
    while lo < hi and doc[lo].is_punct:
        lo += 1
    while hi > lo and doc[hi].is_punct:
        hi -= 1
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)


def _subject(verb, outside: Callable[[object], bool], depth: int = 0):
    """The subject of a cue verb. A verb without one (a participle, a coordinated verb: "the mayor
    said, adding …", "Silverman was booed after telling …") takes the subject of the nearest cue
    verb above it, else of the nearest verb above it that has one."""
    for c in verb.children:
        if c.dep_ == "nsubj" and outside(c):
            return c
    if verb.dep_ == "acl" and verb.head.tag_.startswith("NN") and verb.head.lower_ in DOCUMENTS:
        # "a statement saying …": the statement is the source as written, unless someone issued it
        # ("Mackler issued a statement saying …": she is who said it)
        document = verb.head
        if document.dep_ == "dobj":
            issuer = next((c for c in document.head.children if c.dep_ == "nsubj" and outside(c)), None)
            if issuer is not None and _person_like(issuer):
                return issuer
        return document
    if verb.head.i == verb.i or depth > 3 or verb.dep_ in ("ccomp", "relcl", "csubj"):
        return None
    v = verb.head
    while True:
        if lemma_of(v.text) and v.tag_.startswith("VB"):
            found = _subject(v, outside, depth + 1)
            if found is not None:
                return found
            break
        if v.head.i == v.i or v.dep_ in ("ccomp", "relcl"):
            break
        v = v.head
    v = verb.head
    while True:
        for c in v.children:
            if c.dep_ in ("nsubj", "nsubjpass") and outside(c):
                return c
        if v.head.i == v.i or v.dep_ in ("ccomp", "relcl"):
            return None
        v = v.head


def _surface_source(doc, verb):
    """`Y, SOURCE CUE …` when the parser did not attach a subject: the names/nouns just before the
    cue, back to the comma that ends the content."""
    i = verb.i - 1
    if i >= 0 and doc[i].text == ",":
        i -= 1
    hi = i
    while i >= 0:
        t = doc[i]
        if t.tag_ in ("NNP", "NNPS", "NN", "NNS", "JJ", "DT", "PRP", "POS", "HYPH", "CD", "PRP$", "NNP"):
            i -= 1
            continue
        if t.text == "," and i > 0 and doc[i - 1].tag_ == "NNP" and i + 1 <= hi and doc[i + 1].tag_ == "NNP":
            i -= 1
            continue
        break
    lo = i + 1
    if lo > hi or i < 0 or doc[i].text != ",":
        return None
    return doc[lo: hi + 1], i  # the source tokens and the comma before them


def _clean(text: str, frags: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Trim edge whitespace and punctuation (closing quote marks stay), drop empty fragments."""
    out = []
    for s, e in frags:
        while s < e and text[s] in _TRAIL:
            s += 1
        while e > s and text[e - 1] in _TRAIL:
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def attributions(
    doc, base: int, text: str, in_quote: Callable[[int], bool], tokens: list | None = None
) -> list[Found]:
    """Every attribution in one parsed sentence (`doc`, starting at `base` in `text`)."""
    found: list[Found] = []
    for t in tokens if tokens is not None else doc:
        low = t.lower_
        if low == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
            f = _according(doc, t, base, text)
            if f:
                found.append(f)
            continue
        lemma = lemma_of(t.text)
        particle = None
        if t.lower_ in PHRASAL_FORMS and t.i + 1 < len(doc):
            nxt = doc[t.i + 1]
            if (PHRASAL_FORMS[t.lower_], nxt.lower_) in PHRASAL:
                lemma, particle = PHRASAL_FORMS[t.lower_] + " " + nxt.lower_, nxt
        if lemma is None or not t.tag_.startswith("VB"):
            continue
        if in_quote(base + t.idx):
            continue  # a cue inside a quotation belongs to the quoted speaker's words
        f = _verb(doc, t, lemma, base, text, lambda tok: not in_quote(base + tok.idx), particle)
        if f:
            found.append(f)
    return found


def _according(doc, t, base: int, text: str) -> Found | None:
    to = doc[t.i + 1]
    objs = [c for c in to.children if c.dep_ == "pobj"]
    if not objs:
        if t.i + 2 >= len(doc):
            return None
        head = doc[t.i + 2]
        while head.i + 1 < len(doc) and head.head.i > head.i and head.head.i < len(doc) and not head.is_punct:
            head = head.head
        obj = head
    else:
        obj = objs[0]
    src = np_span(obj)
    src_end_tok = max(x.i for x in obj.subtree if x.idx < src[1]) if list(obj.subtree) else obj.i
    phrase_lo, phrase_hi = t.i, max(src_end_tok, to.i)
    frags = []
    if phrase_lo > 0:
        frags.append((doc[0].idx, doc[phrase_lo - 1].idx + len(doc[phrase_lo - 1].text)))
    if phrase_hi + 1 < len(doc):
        frags.append((doc[phrase_hi + 1].idx, doc[-1].idx + len(doc[-1].text)))
    frags = _clean(doc.text, frags)
    frags = [f for f in frags if len(doc.text[f[0]:f[1]].split()) >= 3]
    if not frags:
        return None
    cue = (t.idx, to.idx + len(to.text))
    return Found(
        content=[(base + s, base + e) for s, e in frags], cue=(base + cue[0], base + cue[1]),
        source=(base + src[0], base + src[1]), source_pron=obj.tag_ == "PRP", lemma="according to",
        verb_char=base + t.idx,
    )


def _verb(doc, t, lemma: str, base: int, text: str, outside: Callable[[object], bool], particle=None) -> Found | None:
    if particle is not None:
        # Phrasal cues ("he went on", "she shot back") only ever take a bare quotation.
        subj = _subject(t, outside)
        src = np_span(subj) if subj is not None else None
        return Found(content=[], cue=(base + t.idx, base + particle.idx + len(particle.text)),
                     source=(base + src[0], base + src[1]) if src else None,
                     source_pron=bool(subj is not None and subj.tag_ == "PRP"), lemma=lemma,
                     verb_char=base + t.idx, extra={"weak": True})
    comps = [c for c in t.children if c.dep_ == "ccomp"]
    if lemma in INFINITIVE:
        comps += [c for c in t.children if c.dep_ == "xcomp"]
    # Participles that add a second attribution to the same source are left out of the first.
    nested = {c.i for c in t.subtree if c.i != t.i and c.dep_ in ("advcl", "conj") and lemma_of(c.text)
              and c.tag_ in ("VBG", "VBD", "VBZ", "VBP")}
    frags: list[tuple[int, int]] = []
    parataxis = False
    for c in comps:
        frags.extend(_subtree_span(c, nested))
    if not comps and t.dep_ == "parataxis" and t.head.i != t.i:
        # "Y, he said, Z": the content is the governing clause without the attribution.
        frags = _subtree_span(t.head, {t.i} | nested)
        parataxis = True
    own = any(c.dep_ == "nsubj" and outside(c) for c in t.children)
    if not own and not comps and t.dep_ in ("conj", "ROOT", "parataxis", "ccomp"):
        # "Y, Russian Defense Minister, Anatoly Serdyukov, told Gates …": the parse lost the subject.
        surf = _surface_source(doc, t)
        if surf is not None:
            toks, comma = surf
            if comma > 0:
                frags = [(doc[0].idx, doc[comma - 1].idx + len(doc[comma - 1].text))]
                src = (toks[0].idx, toks[-1].idx + len(toks[-1].text))
                return _finish(doc, t, lemma, base, frags, src, toks[-1].tag_ == "PRP", False)
    subj = _subject(t, outside)
    if not frags and lemma in OBJECT | STANCE and _agentless_passive(t):
        return None  # "China has been condemned for …": no one is said to have said anything
    if not frags and lemma in OBJECT:
        # called him "a liar": the objects hold the quotation (kept only if a quotation is there).
        right = [c for c in t.rights if c.dep_ not in ("punct", "cc", "conj", "advcl", "prt") and c.i not in nested]
        if lemma == "accuse":
            # "accused Kim of “fanatic recklessness”": the charge, not the accused, is what was said
            charge = [g for c in right if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                      if g.dep_ in ("pobj", "pcomp")]
            right = charge or right
        calls_for = next((c for c in right if lemma == "call" and c.dep_ == "prep" and c.lower_ in ("for", "on")
                          and c.i == min(x.i for x in right)), None) if right else None
        if calls_for is None and lemma == "call":
            # "called Friday for …": a time word may stand between the verb and its "for"
            calls_for = next((c for c in right if c.dep_ == "prep" and c.lower_ in ("for", "on")
                              and all(_when(x) for x in right if x.i < c.i)), None)
        if calls_for is not None:
            # "called for a moratorium", "called on Congress to act": a demand; what follows the
            # particle is its content, quoted or not
            for c in [*calls_for.children, *(x for x in right if x.i > calls_for.i)]:
                frags.extend(_subtree_span(c, nested))
            frags = [fr for fr in frags if fr[0] > calls_for.idx]
            subj = _subject(t, outside)
            src = np_span(subj) if subj is not None else None
            return _finish(doc, t, lemma, base, frags, src, bool(subj is not None and subj.tag_ == "PRP"), False)
        for c in right:
            frags.extend(_subtree_span(c, nested))
        if frags:
            subj = _subject(t, outside)
            src = np_span(subj) if subj is not None else None
            f = _finish(doc, t, lemma, base, frags, src, bool(subj is not None and subj.tag_ == "PRP"), False)
            # "calling him a fascist": a name given (object + its predicate) needs no quotation marks
            named = (lemma == "call" and (len([c for c in right if c.dep_ in ("dobj", "oprd", "attr", "ccomp", "xcomp")]) >= 2
                                          or _predicate_in_object(right))
                     ) or (lemma in NAMING and any(c.dep_ == "dobj" for c in right)
                           and any(c.dep_ == "prep" and c.lower_ == "as" for c in right))
            # "described the meeting", "detailed his plan": what was told of is the content, quoted or not
            told_of = lemma in TELLING_OF and subj is not None and _person_like(subj)
            if f and lemma not in STANCE and not named and not told_of:
                f.extra["need_stretch"] = True
            return f
    if not frags and lemma in STANCE:
        passive = _passive_stance(doc, t, lemma, base, nested)
        if passive is not None:
            return passive
    if not frags and lemma in STANCE:
        subj = _stance_holder(t, subj)
    if not frags and lemma in STANCE and subj is not None and (
            subj.lower_ in _STANCE_PRONOUNS or subj.tag_ in ("NNP", "NNPS", "NNS")
            or subj.ent_type_ in ("PERSON", "ORG", "NORP") or _sourcelike(subj)):
        # "she endorsed Clinton": the object is the stance (a thing as subject takes none)
        objs = [c for c in t.children if c.dep_ in ("dobj", "xcomp", "ccomp") and c.i not in nested]
        if objs:
            # what goes with the object after it ("cited X as an example", "attacked X for Y") is
            # part of the stand
            objs += [c for c in t.rights if c.i > objs[0].i and c not in objs and c.i not in nested
                     and c.dep_ in _STANCE_TAIL and not _when(c)]
        for c in objs:
            frags.extend(_subtree_span(c, nested))
        if frags:
            return _finish(doc, t, lemma, base, frags, np_span(subj), subj.tag_ == "PRP", False)
        return None
    if not frags and lemma in STANCE:
        return None
    if not frags:
        if lemma in NEEDS_CLAUSE:
            return None
        # No clause: a quoted stretch may still be what was said; the caller attaches it.
        src = np_span(subj) if subj is not None else None
        return Found(content=[], cue=(base + t.idx, base + t.idx + len(t.text)),
                     source=(base + src[0], base + src[1]) if src else None,
                     source_pron=bool(subj is not None and subj.tag_ == "PRP"), lemma=lemma,
                     verb_char=base + t.idx, extra={"weak": lemma in WEAK})
    if lemma in BELIEF or lemma in FINDING:
        # Views and findings need a source that can hold them; "it seems" or "that shows" do not.
        if subj is None or subj.lower_ in ("it", "this", "that", "which", "what"):
            return None
    src = np_span(subj) if subj is not None else None
    if subj is not None and subj.lower_ in ("it",) and any(c.dep_ == "expl" for c in t.children):
        src = None
    return _finish(doc, t, lemma, base, frags, src, bool(subj is not None and subj.tag_ == "PRP"), parataxis)


def _predicate_in_object(right) -> bool:
    """"called the remarks a wake-up call": the parser often hangs the description given on the
    object (as an apposition or a second object); without a comma before it, it is the name given,
    not an aside."""
    for c in right:
        if c.dep_ != "dobj" or c.tag_ == "PRP":
            continue
        for x in c.subtree:
            if x.dep_ in ("appos", "dobj", "attr", "oprd") and x is not c and x.i > x.head.i \
                    and x.tag_ in ("NN", "NNS", "JJ") and x.doc[x.left_edge.i - 1].text not in (",", "(", "—", "–"):
                return True
    return False


def _stance_holder(t, subj):
    """Who takes a stand where the parse gives no plain subject: the noun a participle describes ("the
    super PAC supporting Bush", "pastors backing Cruz") or the antecedent of "which"/"that" ("the union,
    which endorsed Sanders")."""
    if subj is None and t.dep_ == "acl" and t.tag_ == "VBG" and t.head.tag_ in ("NN", "NNS", "NNP", "NNPS"):
        return t.head
    if subj is not None and subj.lower_ in ("which", "that") and t.dep_ == "relcl" and t.head.tag_ in ("NN", "NNS", "NNP", "NNPS"):
        return t.head
    return subj


def _agentless_passive(t) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in t.children) and not any(
        c.dep_ == "agent" for c in t.children)


def _person_like(tok) -> bool:
    return (tok.lower_ in _STANCE_PRONOUNS or tok.tag_ in ("NNP", "NNPS", "NNS")
            or tok.ent_type_ in ("PERSON", "ORG", "NORP") or _sourcelike(tok))


def _passive_stance(doc, t, lemma, base, nested) -> Found | None:
    """"Clinton is endorsed by the Times": the stand's object is the passive subject, its holder
    the agent (a person or a body, as for the active "the Times endorsed Clinton")."""
    obj = next((c for c in t.children if c.dep_ == "nsubjpass"), None)
    agent = next((g for c in t.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
    if obj is None or agent is None or not _person_like(agent) or obj.lower_ in _PRONOUNS - _STANCE_PRONOUNS:
        return None
    return _finish(doc, t, lemma, base, _subtree_span(obj, nested), np_span(agent), agent.tag_ == "PRP", False)


# Children after a stand's object that belong to it: "as …", "for …", an object predicate (not
# when it was taken: "on Monday").
_STANCE_TAIL = {"prep", "oprd", "dative", "acomp"}


def _when(tok) -> bool:
    return any(x.ent_type_ in ("DATE", "TIME") or x.lower_ in TIME_WORDS for x in tok.subtree)

# Verbs whose object is what was told of ("described the meeting", "recounted the attack").
TELLING_OF = {"describe", "detail", "recount"}

# Verbs that give a name or a description: "called X Y", "described X as Y" need no quotation marks.
NAMING = {"call", "describe", "characterize", "characterise", "label", "brand", "dub", "portray", "cast"}

_SHARES = {"majority", "minority", "half", "third", "quarter", "percent", "most", "many", "some", "few", "plurality"}


def _sourcelike(subj) -> bool:
    """A subject that stands for people holding a view without being a name: "who", a share of a
    group ("a majority of voters", "4 in 10", "half")."""
    return subj.lower_ in ("who",) or subj.tag_ == "CD" or subj.lower_ in _SHARES or (
        subj.tag_ == "NN" and subj.lower_ in _ACTOR_NOUNS)


# Singular nouns that stand for a person or a body able to take a stand ("the judge rejected the
# request", "the campaign defended the tweets"); a thing as subject ("the law backs …") is no source.
_ACTOR_NOUNS = ROLE_WORDS | OCCUPATION_WORDS | ORG_HEADS | {
    "nominee", "candidate", "campaign", "administration", "government", "party", "court", "panel",
    "committee", "council", "board", "ministry", "department", "senate", "house", "congress", "parliament",
    "newspaper", "paper", "magazine", "challenger", "incumbent", "rival", "opponent", "critic", "supporter"}


def _finish(doc, t, lemma, base, frags, src, pron, parataxis) -> Found | None:
    frags = _clean(doc.text, sorted(frags))
    if not frags:
        return None
    # Merge fragments separated only by spaces or punctuation (an artefact of excluded commas).
    merged = [frags[0]]
    for s, e in frags[1:]:
        gap = doc.text[merged[-1][1]:s]
        if not gap.strip() or all(ch in " ,;:\u00a0" for ch in gap):
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return Found(
        content=[(base + s, base + e) for s, e in merged],
        cue=(base + t.idx, base + t.idx + len(t.text)),
        source=(base + src[0], base + src[1]) if src else None,
        source_pron=pron, lemma=lemma, verb_char=base + t.idx,
        extra={"parataxis": parataxis},
    )
