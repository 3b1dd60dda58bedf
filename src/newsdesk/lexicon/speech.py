"""Speech vocabulary (English): the verbs and phrases that attribute speech, writing or a view to
a source, grouped by how they behave. Written from general knowledge of English reporting verbs (not
from any evaluation data). Used by `newsdesk.quotes` (cues.py builds the inflected forms).

Verbs come in groups because they behave differently: speech verbs attribute whatever clause they
take; belief verbs ("think", "believe") only with a clause complement and a person-like subject;
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
thunder tout mock taunt gripe grumble opine pronounce read summarize summarise boom bellow roar holler
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
INFINITIVE = set("""urge ask call promise pledge vow threaten vow demand plead beg warn advise decline refuse
encourage exhort implore instruct decide order""".split())

# Verbs that only count with a clause complement ("she knows that ...", never "she knows him").
NEEDS_CLAUSE = BELIEF | FINDING | {"see", "hold", "point", "mention", "project", "maintain"}

# Verbs that also do other things ("added a provision", "wrote a book", "read a statement"): they
# take a bare quotation only before them ("…," she wrote) or after a colon or comma (she wrote: "…").
WEAK = {"add", "write", "post", "continue", "read", "recall", "describe", "detail", "repeat", "echo", "tout", "boom",
        "bellow", "roar", "holler"}

# Verbs whose quotation is in their objects: called him "a liar", described it as "a disaster".
OBJECT = set("""call describe label brand dub hail praise criticize criticise blast slam accuse name
characterize characterise refer chant liken deride denounce condemn decry mock tout""".split())

# Verbs of taking a stand whose object is the view attributed ("she endorsed Clinton", "they
# criticized the plan"): read only off the parse, with a person-like subject.
STANCE = set("""support endorse back oppose defend praise criticize criticise condemn denounce applaud
thank blame reject welcome favor favour prefer want propose mention discuss cite congratulate dismiss
attack ridicule highlight embrace champion advocate promote lambast lambaste question challenge express voice
mourn accept approve disapprove recommend request seek plan intend aim wish
regret hail slam blast tout acknowledge offer recognize recognise order recall remember learn hope expect consider""".split())

# Verb + particle cues that take a quotation: "he went on", "she shot back".
PHRASAL = {("go", "on"), ("shoot", "back"), ("fire", "back"), ("hit", "back"), ("push", "back"),
           ("chime", "in"), ("weigh", "in"), ("sum", "up"), ("put", "it")}

# Nouns that can be a source through a participle ("a statement saying …", "a sign reading …").
DOCUMENTS = set("""statement letter tweet post report release memo message email e-mail ad advertisement
video sign note poster banner headline caption study survey poll complaint lawsuit filing order ruling
document transcript text editorial column op-ed article book website page petition resolution
""".split())

# Lemmas whose bare and -s forms are nouns at least as often as verbs ("claims", "reports", "calls").
NOUNISH = set("""state question report rule point post hold comment detail protest answer charge project
figure name call demand pledge promise estimate claim hope fear worry doubt echo counter joke order signal
forecast mention note tweet reply request vow bet guess trust concern remark lament dispute object contest
repeat praise blast slam mock taunt gripe muse sigh laugh shout whisper scream cry beg chant read release
stress brand label dub hail find show hint suspect plead quip boast complaint comment record sum fire hit push
put go shoot weigh chime retort rebut""".split())

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

# Heads of descriptions that stand for a business or body named earlier ("the company said").
ORG_HEADS = {"company", "firm", "group", "corporation", "corp", "carrier", "airline", "retailer", "manufacturer",
             "maker", "automaker", "carmaker", "bank", "lender", "insurer", "operator", "giant", "startup",
             "conglomerate", "publisher", "broadcaster", "network", "chain", "business", "brand", "supplier",
             "developer", "utility", "charity", "organisation", "organization", "agency", "union", "club"}

# Words that open a headline before a colon without being its source ("WATCH: …", "Exclusive: …").
HEADLINE_LABELS = set("""watch exclusive breaking update updated video videos photos photo pictures live analysis
opinion editorial review related note correction listen audio transcript report factbox timeline explainer
interview podcast quiz recap preview commentary column letters read more see also latest daily""".split())


# Speech cues whose topic after "about" is what was said (views, "worried about", need a clause).
ABOUT_CUES = frozenset({"complain", "warn", "joke", "ask", "boast", "brag", "gripe", "lament"})

# Sources whose findings are what they show: records, counts and recordings.
EVIDENCE_NOUNS = frozenset({d.rstrip("s") for d in DOCUMENTS} | {
    "poll", "data", "figure", "footage", "analysi", "analyse", "record", "number", "result", "average",
    "research", "evidence", "photo", "image", "tally", "count", "census", "chart", "graph", "slide",
    "map", "recording", "audio", "model", "projection", "forecast"})

# Nouns and names that end like a manner adverb.
LY_NOUNS = frozenset({"family", "ally", "assembly", "supply", "rally", "monopoly", "daily", "weekly", "monthly",
                      "quarterly", "anomaly", "reply", "bully", "july", "italy", "fly", "butterfly", "panoply",
                      "homily", "melee"})

# Prepositions before a gerund cue whose subject is the clause's ("began by saying", "while chanting").
GERUND_PREPS = frozenset({"by", "after", "before", "while", "without", "when", "since", "in"})

# Verbs whose attributed content is the object of a preposition after them ("pointed to the polls",
# "talked about the wall", "did not respond to a request for comment", "voted for Sanders"): verb ->
# the prepositions (or the particle "out", with a direct object: "pointed out the flaw").
PREP_CUES: dict[str, frozenset[str]] = {verb: frozenset(preps.split()) for verb, preps in {
    "point": "to out", "respond": "to", "reply": "to", "react": "to", "refer": "to", "allude": "to",
    "object": "to", "talk": "about", "speak": "about of against out", "comment": "on about", "remark": "on",
    "focus": "on", "dwell": "on", "touch": "on", "complain": "about of", "ask": "about for", "inquire": "about",
    "warn": "of about against", "worry": "about", "joke": "about", "boast": "about of", "brag": "about",
    "testify": "about", "write": "about", "tweet": "about", "rail": "against", "push": "for back", "fire": "back", "hit": "back", "shoot": "back", "walk": "back",
    "advocate": "for", "campaign": "for against", "lobby": "for against",
    "insist": "on", "hint": "at", "apologize": "for", "apologise": "for", "argue": "for against",
    "plead": "for", "press": "for", "clamor": "for", "clamour": "for",
    "opine": "on", "weigh": "in", "elaborate": "on", "expound": "on", "reflect": "on", "muse": "about on",
    "vouch": "for", "side": "with", "agree": "with", "disagree": "with", "criticise": "for", "criticize": "for",
}.items()}

# Nouns naming a view, a demand or a reaction whose content is the object of a preposition after them
# ("questions about his health", "criticism of the plan", "support for the bill", "calls for calm").
NOUN_CUES: dict[str, frozenset[str]] = {noun: frozenset(preps.split()) for noun, preps in {
    "question": "about over", "concern": "about over", "worry": "about over", "criticism": "of",
    "support": "for", "opposition": "to", "call": "for", "endorsement": "of",
    "comment": "on about", "remark": "about on", "complaint": "about", "warning": "about of",
    "praise": "for", "demand": "for", "allegation": "of", "accusation": "of", "doubt": "about over",
    "fear": "of about over", "condemnation": "of", "defense": "of", "defence": "of",
    "denunciation": "of", "critique": "of", "rejection": "of", "embrace": "of", "plea": "for",
    "view": "on of about", "position": "on", "stance": "on", "opinion": "of on about", "message": "about",
    "reference": "to", "mention": "of", "tribute": "to", "swipe": "at", "jab": "at", "dig": "at",
    "assessment": "of", "case": "for against", "argument": "for against", "attack": "on against",
}.items()}

# Nouns of NOUN_CUES that are about speech only when someone's ("his attacks on her"; "attacks on the
# airport" are not).
HELD_NOUNS = frozenset({"attack"})

# Adjectives after a form of "be" whose prepositional object is the view held ("she is critical of
# the deal", "voters are wary of him", "he was proud of the record"): adjective -> prepositions.
ADJ_CUES: dict[str, frozenset[str]] = {adj: frozenset(preps.split()) for adj, preps in {
    "critical": "of", "supportive": "of", "skeptical": "of about", "sceptical": "of about", "wary": "of",
    "proud": "of", "worried": "about", "concerned": "about", "angry": "about at over", "furious": "about at over",
    "confident": "in of about", "optimistic": "about", "pessimistic": "about", "hopeful": "about of",
    "dismissive": "of", "fond": "of", "enthusiastic": "about", "upset": "about at over", "unhappy": "with about",
    "happy": "with about", "pleased": "with by about", "satisfied": "with", "frustrated": "with by",
    "disappointed": "in with by", "opposed": "to", "open": "to", "committed": "to", "grateful": "for to",
    "suspicious": "of", "doubtful": "of about", "certain": "of about", "sure": "of about",
}.items()}

# Adjectives after a form of "be" whose to-infinitive is an intention held ("is eager to meet …",
# "was reluctant to endorse …").
ADJ_INTENT = frozenset("""eager willing unwilling determined reluctant hesitant keen anxious loath loth
ready prepared""".split())

# Verbs whose passive reports what unnamed people say, think or expect ("is expected to win", "is said
# to have left", "is widely seen as the favourite", "was believed dead"): the clause is the content.
PASSIVE_REPORTING = frozenset("""say expect believe think know report rumor rumour understand see view regard
consider estimate project predict fear allege suspect deem describe tout bill""".split())

# Verbs of seeming: the writer's view of what a clause's subject does ("she seemed to hesitate").
SEEMING = frozenset({"seem", "appear"})

# Adverbs that attribute the clause they sit in to unnamed sources ("he reportedly left").
HEARSAY_ADVERBS = frozenset({"reportedly", "allegedly", "purportedly", "supposedly", "seemingly"})

# Verbs that give a view of their object with "as" ("sees the deal as a mistake", "described him as
# a liar", "cast the vote as a betrayal"): object and "as" phrase together are the view attributed.
AS_CUES = frozenset("""see view regard consider describe portray characterize characterise cast paint depict
label brand dub hail identify frame present pitch tout dismiss denounce criticize criticise praise single
envision imagine""".split())

# Nouns that take what was said, thought or feared as a "that" clause ("his claim that the vote was
# rigged", "fears that the deal will collapse", "a statement that …"): singular forms.
THAT_NOUNS = frozenset("""claim assertion belief statement fear concern warning hope promise suggestion argument
charge allegation report notion idea view insistence contention acknowledgment acknowledgement admission
announcement message assurance pledge vow threat demand complaint accusation impression recognition
expectation prediction worry suspicion conviction feeling sense assumption speculation rumor rumour
observation reminder confirmation denial proposal recommendation theory""".split())
