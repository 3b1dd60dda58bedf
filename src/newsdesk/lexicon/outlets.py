"""News outlets and agencies: the names that credit a story or a photo rather than act in it."""

from __future__ import annotations

# Photo and wire agencies whose name alone makes a credit line ("AFP", "Reuters/Jane Doe"), lower case.
PHOTO_CREDITS = ("getty images", "afp", "reuters", "ap photo", "epa")

# Wire services and agencies known by name (lower case): the source of a story, not an actor in it.
AGENCIES = frozenset("""
reuters afp ap upi dpa efe ansa tass itar-tass xinhua kyodo yonhap bernama anadolu pti ians bloomberg
""".split()) | frozenset({
    "associated press", "the associated press", "agence france-presse", "agence france presse",
    "bloomberg news", "dow jones", "press association", "australian associated press", "interfax",
})

# The last word of a newspaper's or broadcaster's name ("Atlas Tribune", "Harbour Gazette"), lower case.
OUTLET_HEADS = frozenset("""
tribune gazette herald chronicle courier dispatch telegraph observer journal times post inquirer
examiner sentinel bulletin gazette-journal newswire wire
""".split())

# Words that open a credit line naming the story's reporters and editors ("Reporting by ...").
CREDIT_CUES = ("by ", "reporting by", "additional reporting by", "editing by", "writing by", "compiled by",
               "written by", "reported by")
