"""Languages other than English: names, places, quotations and name keys for any language, and
French with its spaCy model (the `french` extra). Used by the `multilingual` pipeline step."""

from __future__ import annotations

from newsdesk.languages.keys import english_spelling, fold, name_key, romanize
from newsdesk.languages.names import Name, find_names
from newsdesk.languages.places import english_name, locate

__all__ = ["Name", "english_name", "english_spelling", "find_names", "fold", "locate", "name_key", "romanize"]
