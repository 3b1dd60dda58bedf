"""Cue words: the verbs and phrases that attribute speech, writing or a view to a source.

Written from general knowledge of English reporting verbs (not from any evaluation data). Verbs
come in groups because they behave differently: speech verbs attribute whatever clause they take;
belief verbs ("think", "believe") only with a clause complement and a person-like subject; and
"tell"-like verbs take the hearer as their object before the content.
"""

from __future__ import annotations

# Verbs of saying, writing and reporting: a clause complement is what the source said.
SPEECH = set("""
say tell add state declare announce explain note observe remark comment report write tweet post
claim assert argue contend maintain insist stress emphasize emphasise warn caution predict
suggest propose recommend urge ask question wonder reply respond answer retort counter
acknowledge admit concede confirm deny allege complain charge accuse
recall reveal disclose conclude agree disagree concur promise pledge vow threaten boast
brag joke quip muse continue testify speculate reckon estimate hint imply signal indicate
reiterate repeat echo affirm reaffirm assure reassure inform advise notify remind
proclaim demand plead beg shout yell scream whisper mutter exclaim sigh laugh
recount describe detail clarify elaborate specify stipulate
object protest dispute contest rebut refute counter lament concede confess
predict forecast project mention point chant scoff snipe sniff scold fume gush marvel rail
thunder tout mock taunt gripe grumble opine pronounce read summarize summarise
""".split())

# Verbs of finding and showing: a document, a study or a poll as the source.
FINDING = set("find show reveal suggest indicate conclude determine estimate rule hold".split())

# Verbs of thinking: views and beliefs are attributions too when they take a clause.
BELIEF = set("""
think believe feel fear hope expect worry know understand doubt suspect assume figure realize
realise consider see guess bet trust insist
""".split())

# Verbs that take the hearer as object before the content: "told reporters that ...".
HEARER = set("tell inform assure reassure remind warn advise notify convince persuade promise ask urge".split())

# Verbs that take a to-infinitive as the content: "urged Congress to act", "vowed to fight".
INFINITIVE = set("urge ask call promise pledge vow threaten vow demand plead beg warn advise decline refuse".split())

# Verbs that only count with a clause complement ("she knows that ...", never "she knows him").
NEEDS_CLAUSE = BELIEF | FINDING | {"see", "hold", "point", "mention", "project"}

# Verbs that also do other things ("added a provision", "wrote a book", "read a statement"): they
# take a bare quotation only before them ("…," she wrote) or after a colon or comma (she wrote: "…").
WEAK = {"add", "write", "post", "continue", "read", "recall", "describe", "detail", "repeat", "echo", "tout"}

# Verbs whose quotation is in their objects: called him "a liar", described it as "a disaster".
OBJECT = set("""call describe label brand dub hail praise criticize criticise blast slam accuse name
characterize characterise refer chant liken deride denounce condemn decry mock tout""".split())

# Verbs of taking a stand whose object is the view attributed ("she endorsed Clinton", "they
# criticized the plan"): read only off the parse, with a person-like subject.
STANCE = set("""support endorse back oppose defend praise criticize criticise condemn denounce applaud
thank blame reject welcome favor favour prefer want propose""".split())

# Verb + particle cues that take a quotation: "he went on", "she shot back".
PHRASAL = {("go", "on"), ("shoot", "back"), ("fire", "back"), ("hit", "back"), ("push", "back"),
           ("chime", "in"), ("weigh", "in"), ("sum", "up"), ("put", "it")}

# Nouns that can be a source through a participle ("a statement saying …", "a sign reading …").
DOCUMENTS = set("""statement letter tweet post report release memo message email e-mail ad advertisement
video sign note poster banner headline caption study survey poll complaint lawsuit filing order ruling
document transcript text editorial column op-ed article book website page petition resolution
""".split())

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
}


def _forms(verb: str) -> list[str]:
    """Inflected forms of a regular English verb."""
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
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

# Lemmas whose bare and -s forms are nouns at least as often as verbs ("claims", "reports", "calls").
NOUNISH = set("""state question report rule point post hold comment detail protest answer charge project
figure name call demand pledge promise estimate claim hope fear worry doubt echo counter joke order signal
forecast mention note tweet reply request vow bet guess trust concern remark lament dispute object contest
repeat praise blast slam mock taunt gripe muse sigh laugh shout whisper scream cry beg chant read release
stress brand label dub hail find show hint suspect plead quip boast complaint comment record sum fire hit push
put go shoot weigh chime retort rebut""".split())

# Past tense and participle forms: unambiguously verbs (for the lemmas above as well).
PAST_FORMS = {f for f in FORM_TO_LEMMA if f.endswith("ed")} | {
    "said", "told", "wrote", "written", "thought", "knew", "known", "found", "shown", "felt", "understood",
    "saw", "seen", "held", "went", "gone", "shot", "hit", "put", "read", "pled",
}

# Verbs that put their source after them ("“…,” said Mr. Smith", "…, wrote the paper").
INVERTING = set("""say add ask write reply respond explain continue note argue insist recall declare concede
admit warn announce observe quip joke scoff complain counter retort muse wonder state predict promise
acknowledge confirm shout exclaim whisper laugh sigh report tweet suggest caution remark comment chant
snipe sniff scold fume gush marvel rail thunder tout mock taunt gripe grumble opine pronounce read go
shoot fire hit push chime weigh sum put""".split())

# Verbs that take a content clause without "that" ("she said the plan failed"); others need "that",
# a question word or a quotation after them to be read as attributing something.
BARE_CLAUSE = set("""say tell think believe argue claim insist note add warn suggest assert contend maintain
predict acknowledge admit agree complain concede confirm estimate fear feel figure guess hope know promise
realize realise reckon recall report reveal show suspect worry write tweet post announce explain stress
emphasize emphasise remind assure reassure inform testify speculate bet find conclude indicate signal
imply mean understand expect doubt""".split())
# Phrasal verbs' own forms, looked up only when their particle follows.
PHRASAL_FORMS: dict[str, str] = {f: v for v, _p in PHRASAL for f in _forms(v)}


# Every word that can start a cue: a sentence without one outside quotation marks holds no
# attribution the rules can read, and is never looked at again (or parsed).
CUE_WORDS: frozenset[str] = frozenset(FORM_TO_LEMMA) | frozenset(PHRASAL_FORMS) | {"according"}


def lemma_of(word: str) -> str | None:
    """The cue verb a word form belongs to, or None."""
    return FORM_TO_LEMMA.get(word.lower())

