"""Cue words: the inflected forms of the speech vocabulary and the lookups built on them.

The verb groups themselves (speech, belief, finding, hearer, infinitive, object, stance, ...) live in
`newsdesk.lexicon.speech`; they are re-exported here for the quote rules.
"""

from __future__ import annotations

from newsdesk.lexicon.speech import (  # noqa: F401 (re-exported: the cue groups)
    ADJ_CUES,
    ADJ_INTENT,
    AS_CUES,
    BARE_CLAUSE,
    BELIEF,
    DOCUMENTS,
    FINDING,
    HEADLINE_LABELS,
    HEARER,
    HEARSAY_ADVERBS,
    INFINITIVE,
    INVERTING,
    NEEDS_CLAUSE,
    NOUN_CUES,
    NOUNISH,
    OBJECT,
    PASSIVE_REPORTING,
    PHRASAL,
    PREP_CUES,
    SEEMING,
    SPEECH,
    STANCE,
    THAT_NOUNS,
    WEAK,
)

_IRREGULAR = {
    "say": ["said", "says", "saying", "say"],
    "tell": ["told", "tells", "telling", "tell"],
    "write": ["wrote", "written", "writes", "writing", "write"],
    "think": ["thought", "thinks", "thinking", "think"],
    "know": ["knew", "known", "knows", "knowing", "know"],
    "find": ["found", "finds", "finding", "find"],
    "show": ["showed", "shown", "shows", "showing", "show"],
    "feel": ["felt", "feels", "feeling", "feel"],
    "understand": ["understood", "understands", "understanding", "understand"],
    "see": ["saw", "seen", "sees", "seeing", "see"],
    "hold": ["held", "holds", "holding", "hold"],
    "bet": ["bet", "bets", "betting"],
    "forecast": ["forecast", "forecasts", "forecasted", "forecasting"],
    "shout": ["shouted", "shouts", "shouting", "shout"],
    "rebut": ["rebutted", "rebuts", "rebutting", "rebut"],
    "quip": ["quipped", "quips", "quipping", "quip"],
    "brag": ["bragged", "brags", "bragging", "brag"],
    "beg": ["begged", "begs", "begging", "beg"],
    "admit": ["admitted", "admits", "admitting", "admit"],
    "plead": ["pleaded", "pled", "pleads", "pleading", "plead"],
    "read": ["read", "reads", "reading"],
    "refer": ["referred", "refers", "referring", "refer"],
    "go": ["went", "goes", "going", "gone", "go"],
    "shoot": ["shot", "shoots", "shooting", "shoot"],
    "fire": ["fired", "fires", "firing", "fire"],
    "hit": ["hit", "hits", "hitting"],
    "push": ["pushed", "pushes", "pushing", "push"],
    "chime": ["chimed", "chimes", "chiming", "chime"],
    "weigh": ["weighed", "weighs", "weighing", "weigh"],
    "sum": ["summed", "sums", "summing", "sum"],
    "put": ["put", "puts", "putting"],
    "snipe": ["sniped", "snipes", "sniping", "snipe"],
    "speak": ["spoke", "spoken", "speaks", "speaking", "speak"],
    "fight": ["fought", "fights", "fighting", "fight"],
    "rumor": ["rumored", "rumors", "rumoring", "rumor"],
    "seek": ["sought", "seeks", "seeking", "seek"],
    "cast": ["cast", "casts", "casting"],
    "bill": ["billed", "bills", "billing", "bill"],
}


# Verbs of more than one syllable that double their last consonant ("regretted", "preferred").
_DOUBLING = {"regret", "prefer", "commit", "admit", "refer", "submit", "rebut", "confer", "infer", "deter", "compel",
             "propel", "control", "patrol", "transfer", "omit", "permit", "occur", "concur", "incur", "equip", "abhor"}
_VOWELS = "aeiou"


def _doubles(verb: str) -> bool:
    """A final consonant doubled before -ed/-ing: one-syllable verbs ending consonant-vowel-consonant
    ("plan", "slam", "beg"), and the listed longer ones."""
    if verb in _DOUBLING:
        return True
    groups = sum(1 for k, ch in enumerate(verb) if ch in _VOWELS and (k == 0 or verb[k - 1] not in _VOWELS))
    return (groups == 1 and len(verb) >= 3 and verb[-1] not in _VOWELS + "wxy" and verb[-2] in _VOWELS
            and verb[-3] not in _VOWELS)


def _forms(verb: str) -> list[str]:
    """Inflected forms of a regular English verb."""
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if _doubles(verb):
        return [verb, verb + verb[-1] + "ed", verb + verb[-1] + "ing", verb + "s"]
    if verb.endswith("e"):
        past, ing = verb + "d", verb[:-1] + "ing"
    elif verb.endswith("y") and verb[-2] not in "aeiou":
        past, ing = verb[:-1] + "ied", verb + "ing"
    else:
        past, ing = verb + "ed", verb + "ing"
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        third = verb + "es"
    elif verb.endswith("y") and verb[-2] not in "aeiou":
        third = verb[:-1] + "ies"
    else:
        third = verb + "s"
    return [verb, past, ing, third]


def _build() -> dict[str, str]:
    table: dict[str, str] = {}
    for verb in sorted(SPEECH | FINDING | BELIEF | HEARER | INFINITIVE | OBJECT | STANCE):
        for form in _forms(verb):
            table.setdefault(form, verb)
    return table


FORM_TO_LEMMA: dict[str, str] = _build()

# Past tense and participle forms: unambiguously verbs (for the lemmas above as well).
PAST_FORMS = {f for f in FORM_TO_LEMMA if f.endswith("ed")} | {
    "said", "told", "wrote", "written", "thought", "knew", "known", "found", "shown", "felt", "understood",
    "saw", "seen", "held", "went", "gone", "shot", "hit", "put", "read", "pled",
}

# Phrasal verbs' own forms, looked up only when their particle follows.
PHRASAL_FORMS: dict[str, str] = {f: v for v, _p in PHRASAL for f in _forms(v)}


# Verbs whose content is a prepositional object ("pointed to …"), by form: lemma.
PREP_FORMS: dict[str, str] = {f: v for v in PREP_CUES for f in _forms(v)}

# Nouns whose content is a prepositional object ("questions about …"), singular and plural: lemma.
NOUN_FORMS: dict[str, str] = {f: n for n in NOUN_CUES for f in (n, n + "s")}

# Nouns that take a "that" clause of what was said or thought, singular and plural: lemma.
THAT_NOUN_FORMS: dict[str, str] = {f: n for n in THAT_NOUNS for f in (n, n + "s")}

# Verbs that give a view of their object with "as", by form: lemma.
AS_FORMS: dict[str, str] = {f: v for v in AS_CUES for f in _forms(v)}

# Words that start a prepositional-object cue (read off the parse only).
OBJECT_CUE_WORDS: frozenset[str] = frozenset(PREP_FORMS) | frozenset(NOUN_FORMS) | frozenset(AS_FORMS) | frozenset(
    ADJ_CUES) | ADJ_INTENT | frozenset(THAT_NOUN_FORMS)


def _cue_preps(w: str) -> frozenset[str]:
    return frozenset().union(PREP_CUES.get(PREP_FORMS.get(w, ""), ()), NOUN_CUES.get(NOUN_FORMS.get(w, ""), ()),
                             ADJ_CUES.get(w, ()), {"to"} if w in ADJ_INTENT else (),
                             {"that"} if w in THAT_NOUN_FORMS else ())


# The words after which a prepositional-object cue word reads its object, by the cue word (across every
# group it belongs to: "fears" takes "of" as a noun of view and "that" as a noun of thinking).
OBJECT_CUE_PREPS: dict[str, frozenset[str]] = {w: p for w in OBJECT_CUE_WORDS if (p := _cue_preps(w))}

# Reporting verbs whose passive attributes a clause to no one named, by form: lemma.
PASSIVE_FORMS: dict[str, str] = {f: v for v in PASSIVE_REPORTING for f in _forms(v)}

# Forms of the verbs of seeming ("seems", "appeared"): lemma.
SEEM_FORMS: dict[str, str] = {f: v for v in SEEMING for f in (v, v + "s", v + "ed", v + "ing")}

# Words that may open an attribution with no one named ("reportedly", "seems", "is expected to").
IMPERSONAL_WORDS: frozenset[str] = HEARSAY_ADVERBS | frozenset(SEEM_FORMS)

# Every word that can start a cue: a sentence without one outside quotation marks holds no
# attribution the rules can read, and is never looked at again (or parsed).
CUE_WORDS: frozenset[str] = frozenset(FORM_TO_LEMMA) | frozenset(PHRASAL_FORMS) | {"according"}

# Every word that makes a sentence worth a look: a cue word, or one only the parse reads.
UNIT_CUE_WORDS: frozenset[str] = CUE_WORDS | OBJECT_CUE_WORDS | IMPERSONAL_WORDS


def lemma_of(word: str) -> str | None:
    """The cue verb a word form belongs to, or None."""
    return FORM_TO_LEMMA.get(word.lower())

