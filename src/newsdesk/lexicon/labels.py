"""Entity labels (spaCy's OntoNotes scheme) grouped by what the rest of newsdesk does with them."""

from __future__ import annotations

NAMED_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)
VALUE_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
# Labels whose mentions are places (resolved against the gazetteer, shown on maps, searched as places).
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
