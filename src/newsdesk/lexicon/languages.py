"""Vocabulary of the languages other than English: quotation marks, speech verbs, attribution
words, pronouns, titles, organisation words, weekdays and months, and stop words.

Pure data and tiny lookups. Stop words come from spaCy's per-language lists (`spacy.lang.XX`, no
model needed), read once per language on first use; the rest is written here, for the main
European languages (fr, de, es, it, pt, nl, pl, ru) and a few marks for Chinese and Japanese.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

# Opening mark -> closing marks, per language; GENERIC_QUOTES for any other language.
GENERIC_QUOTES: dict[str, str] = {"“": "”", "«": "»", "„": "“”", "»": "«", "「": "」", "『": "』", "‹": "›", '"': '"'}
QUOTE_MARKS: dict[str, dict[str, str]] = {
    "fr": {"«": "»", "“": "”", '"': '"'},
    "de": {"„": "“”", "»": "«", "“": "”", '"': '"'},
    "es": {"«": "»", "“": "”", '"': '"'},
    "it": {"«": "»", "“": "”", '"': '"'},
    "pt": {"«": "»", "“": "”", '"': '"'},
    "nl": {"“": "”", "„": "”“", '"': '"', "‘": "’"},
    "pl": {"„": "”“", "«": "»", '"': '"'},
    "ru": {"«": "»", "„": "“", '"': '"'},
    "uk": {"«": "»", "„": "“", '"': '"'},
    "zh": {"“": "”", "「": "」", "『": "』"},
    "ja": {"「": "」", "『": "』"},
}

# Forms of the verbs of saying that introduce or follow a quotation (lower case, as written).
SPEECH_VERBS: dict[str, frozenset[str]] = {
    "fr": frozenset("""déclaré dit affirmé expliqué ajouté souligné estimé indiqué assuré précisé annoncé
        confié lancé martelé répondu insisté prévenu reconnu averti déploré dénoncé rappelé jugé poursuivi
        conclu regretté promis témoigné raconté observé admis répété noté commenté écrit tweeté
        déclare dit affirme explique ajoute souligne estime indique assure précise annonce confie lance
        martèle répond insiste prévient reconnaît avertit déplore dénonce rappelle juge poursuit conclut
        regrette promet témoigne raconte observe admet répète note commente écrit déclarait disait
        affirmait expliquait ajoutait""".split()),
    "de": frozenset("""sagte sagt sagten erklärte erklärt erklärten betonte betont meinte meint fügte
        sagen erklären betonen warnte warnt kritisierte kritisiert schrieb schreibt teilte teilt
        berichtete berichtet räumte unterstrich bekräftigte versicherte forderte fordert antwortete
        ergänzte ergänzt hieß heißt sprach""".split()),
    "es": frozenset("""dijo dice declaró declara afirmó afirma explicó explica añadió añade aseguró asegura
        señaló señala indicó indica subrayó subraya advirtió advierte insistió insiste manifestó
        manifiesta destacó destaca comentó comenta sostuvo sostiene agregó agrega precisó reconoció
        anunció anuncia escribió respondió""".split()),
    "it": frozenset("""detto dice disse dichiarato dichiara affermato afferma spiegato spiega aggiunto
        aggiunge sottolineato sottolinea assicurato assicura annunciato annuncia ribadito ribadisce
        osservato commentato commenta precisato precisa avvertito scritto risposto""".split()),
    "pt": frozenset("""disse diz declarou declara afirmou afirma explicou explica acrescentou acrescenta
        garantiu garante sublinhou sublinha salientou indicou anunciou anuncia comentou referiu
        avisou escreveu respondeu destacou""".split()),
    "nl": frozenset("""zei zegt zeiden verklaarde verklaart stelde stelt benadrukte benadrukt voegde
        legde liet meldde meldt waarschuwde schreef antwoordde aldus""".split()),
    "pl": frozenset("""powiedział powiedziała powiedzieli mówi mówił mówiła stwierdził stwierdziła
        oświadczył oświadczyła dodał dodała podkreślił podkreśliła zapowiedział zapowiedziała
        wyjaśnił wyjaśniła ocenił oceniła przekonywał przyznał przyznała napisał napisała""".split()),
    "ru": frozenset("""сказал сказала сказали заявил заявила заявили отметил отметила отметили
        подчеркнул подчеркнула добавил добавила сообщил сообщила пояснил пояснила говорит
        заявляет считает написал написала признал признала уточнил уточнила""".split()),
    "uk": frozenset("""сказав сказала заявив заявила зазначив зазначила додав додала повідомив
        повідомила наголосив наголосила""".split()),
    "zh": frozenset("说 表示 称 指出 强调 透露 说道 表明 宣布".split()),
    "ja": frozenset("述べた 語った 話した 言った 強調した 明らかにした".split()),
    "ko": frozenset("말했다 밝혔다 강조했다 전했다 설명했다 덧붙였다 주장했다 지적했다 언급했다".split()),
}

# "According to": followed by the source of what the sentence reports.
ATTRIBUTION: dict[str, tuple[str, ...]] = {
    "fr": ("selon", "d'après", "d’après"),
    "de": ("laut", "zufolge"),
    "es": ("según",),
    "it": ("secondo",),
    "pt": ("segundo", "conforme"),
    "nl": ("volgens",),
    "pl": ("według",),
    "ru": ("по словам", "по данным", "как сообщил", "как заявил"),
}

# Prepositions of place ("in", "à", "nach"): a small town's name after one is a place, not a noun.
LOCATIVES: dict[str, frozenset[str]] = {
    "fr": frozenset("à a en au aux vers près depuis".split()),
    "de": frozenset("in im nach aus bei von vom zu".split()),
    "es": frozenset("en a de desde hacia".split()),
    "it": frozenset("a in da di verso".split()),
    "pt": frozenset("em no na a de desde para".split()),
    "nl": frozenset("in naar uit bij te".split()),
    "pl": frozenset("w we do z ze pod".split()),
    "ru": frozenset("в во из на под".split()),
}

# Third-person pronouns a speaker may be referred to by ("a-t-il dit", "sagte er").
PRONOUNS: dict[str, frozenset[str]] = {
    "fr": frozenset("il elle ils elles".split()),
    "de": frozenset("er sie".split()),
    "es": frozenset("él ella".split()),
    "it": frozenset("lui lei".split()),
    "pt": frozenset("ele ela".split()),
    "nl": frozenset("hij zij ze".split()),
    "pl": frozenset("on ona".split()),
    "ru": frozenset("он она".split()),
}

# Titles that put a person's name after them (lower case).
PERSON_TITLES: frozenset[str] = frozenset("""
m. mme mlle monsieur madame président présidente ministre premier chancelier chancelière député sénateur
maire général juge porte-parole herr frau dr. prof. präsident präsidentin kanzler kanzlerin minister
ministerin bundeskanzler bundeskanzlerin bürgermeister senhor senhora señor señora don doña presidente
ministro ministra alcalde alcaldesa diputado diputada signor signora sindaco deputato dhr. mevr. premier
burgemeester pan pani prezydent premier minister президент премьер министр глава мэр депутат
""".split())

# Words that make a capitalised name an organisation.
ORG_WORDS: frozenset[str] = frozenset("""
bank banque banco banca partei parti partido partito partij partia партия union unión unione unie
ministerium ministère ministerio ministero ministerie ministerstwo министерство universität université
universidad università universiteit uniwersytet университет gruppe groupe grupo gruppo groep grupa
gmbh ag sa spa s.p.a. nv bv inc ltd sarl kommission commission comisión commissione commissie komisja
regierung gouvernement gobierno governo regering rząd правительство polizei police policía polizia
politie policja полиция konzern agence agencia agenzia agência agentschap agencja агентство
zentralbank banca centrale federación fédération federazione federação verband association asociación
associazione associação vereniging stowarzyszenie ассоциация konzern compagnie compañía compagnia
companhia rat conseil consejo consiglio conselho raad rada совет instituto institut istituto instytut
институт fundación fundação fondation stiftung fondazione secretaría
""".split())

# Weekdays and months: capitalised in some languages, never names.
CALENDAR: frozenset[str] = frozenset("""
lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet août
septembre octobre novembre décembre montag dienstag mittwoch donnerstag freitag samstag sonntag januar
februar märz april mai juni juli august september oktober november dezember lunes martes miércoles
jueves viernes sábado domingo enero febrero marzo abril mayo junio julio agosto septiembre octubre
noviembre diciembre lunedì martedì mercoledì giovedì venerdì sabato domenica gennaio febbraio marzo
aprile maggio giugno luglio agosto settembre ottobre novembre dicembre segunda terça quarta quinta
sexta janeiro fevereiro março maio junho julho setembro outubro novembro dezembro maandag dinsdag
woensdag donderdag vrijdag zaterdag zondag januari februari maart juni juli augustus oktober
poniedziałek wtorek środa czwartek piątek sobota niedziela styczeń luty marzec kwiecień maj czerwiec
lipiec sierpień wrzesień październik listopad grudzień понедельник вторник среда четверг пятница
суббота воскресенье январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь
""".split())

# Month names as dates write them ("le 3 mars 2024", "am 3. März 2024", "3 марта 2024"), 1..12.
MONTHS: dict[str, tuple[str, ...]] = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
    "de": ("januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober",
           "november", "dezember"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"),
    "it": ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
           "ottobre", "novembre", "dicembre"),
    "pt": ("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
           "novembro", "dezembro"),
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"),
    "pl": ("stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września",
           "października", "listopada", "grudnia"),
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
           "ноября", "декабря"),
}

_SPACY_LANGS = frozenset("af ar bg bn ca cs da de el es et eu fa fi fr ga gu he hi hr hu hy id is it ja kn ko "
                         "lt lv mk ml mr nb ne nl pl pt ro ru sa si sk sl sq sr sv ta te th tl tr tt uk ur vi "
                         "yo zh".split())


@lru_cache(maxsize=64)
def stop_words(lang: str | None) -> frozenset[str]:
    """spaCy's stop words for the language (lower case), plus its weekdays and months; empty when
    spaCy has no list for it."""
    code = "nb" if lang == "no" else (lang or "")
    if code not in _SPACY_LANGS:
        return frozenset()
    try:
        module = importlib.import_module(f"spacy.lang.{code}.stop_words")
    except ImportError:  # a spaCy build without that language
        return frozenset()
    return frozenset(w.lower() for w in getattr(module, "STOP_WORDS", ())) | CALENDAR


def speech_verbs(lang: str | None) -> frozenset[str]:
    return SPEECH_VERBS.get(lang or "", frozenset())


def quote_marks(lang: str | None) -> dict[str, str]:
    return QUOTE_MARKS.get(lang or "", GENERIC_QUOTES)


__all__ = ["ATTRIBUTION", "CALENDAR", "GENERIC_QUOTES", "LOCATIVES", "MONTHS", "ORG_WORDS", "PERSON_TITLES", "PRONOUNS", "QUOTE_MARKS",
           "SPEECH_VERBS", "quote_marks", "speech_verbs", "stop_words"]
