"""Quotations: who said what, with the spans that prove it.

`extract_quotes` is the whole extractor for one article; the pipeline step (pipeline/quotes.py)
feeds it the sentence boundaries and entity mentions of the earlier steps.
"""

from newsdesk.quotes.extract import Stats, extract_quotes
from newsdesk.quotes.marks import Stretch, find_stretches
from newsdesk.quotes.speakers import MentionRef, SpeakerResolver

__all__ = ["extract_quotes", "find_stretches", "MentionRef", "SpeakerResolver", "Stats", "Stretch"]
