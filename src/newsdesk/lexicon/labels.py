"""Entity labels (spaCy's OntoNotes scheme) grouped by what the rest of newsdesk does with them."""

from __future__ import annotations

NAMED_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)
VALUE_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
# Labels whose mentions are places (resolved against the gazetteer, shown on maps, searched as places).
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Labels of names an article can be about (keyphrases, story features): every named label but LANGUAGE.
TOPIC_LABELS = NAMED_LABELS - {"LANGUAGE"}

# Gazetteer feature classes (newsdesk.geo) by what they say about a place name.
WIDE_FEATURES = frozenset({"continent", "ocean", "sea", "region"})  # wider than a country: a LOC
NATIONAL_FEATURES = WIDE_FEATURES | {"country"}  # a country or wider: famous under its name alone
SUBNATIONAL_FEATURES = frozenset({"admin1", "admin2"})  # states, provinces, counties
