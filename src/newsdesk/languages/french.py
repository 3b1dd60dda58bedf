"""French with the genuine spaCy pipeline (`pip install 'newsdesk[french]'`), loaded lazily, only
for French articles, once per process: `fr_core_news_md` when installed, else `fr_core_news_sm`.

Only its tokenizer and NER run (no parser, tagger or lemmatizer: the desk's own steps find
quotations and sentences). Its labels become the desk's: PER -> PERSON, ORG -> ORG, LOC -> GPE
or LOC by what the gazetteer knows of the place (a country or town is GPE; an ocean, sea, continent
or region, or an unknown place, LOC); MISC is left out. Without the model, French gets the
language-independent name finder like every other language.
"""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache

from newsdesk.languages.models import load_model
from newsdesk.languages.names import Name, find_names, place_label
from newsdesk.languages.places import english_name

MODELS = ("fr_core_news_md", "fr_core_news_sm")
_ARTICLE = re.compile(r"(?:(?:[lLdD]['’])|(?:(?:la|le|les|du|des|de la|La|Le|Les|Du|Des) ))")
_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}


@lru_cache(maxsize=1)
def french_model_name() -> str | None:
    """The French model installed, or None."""
    return next((m for m in MODELS if importlib.util.find_spec(m) is not None), None)


@lru_cache(maxsize=1)
def get_french_nlp():  # -> spacy.Language
    """The French pipeline with tokenizer, tok2vec and NER only."""
    name = french_model_name()
    if name is None:
        raise RuntimeError("no French model installed: pip install 'newsdesk[french]'")
    keep = {"tok2vec", "ner"}
    nlp = load_model(name)
    for pipe in list(nlp.pipe_names):
        if pipe not in keep:
            nlp.disable_pipe(pipe)
    return nlp


def french_names(text: str) -> list[Name]:
    """Names in a French text from the model, with the desk's labels (the language-independent
    finder when the model is not installed)."""
    if french_model_name() is None:
        return find_names(text, "fr")
    doc = get_french_nlp()(text)
    found: list[Name] = []
    for ent in doc.ents:
        label = _LABELS.get(ent.label_)
        if label is None:
            continue
        start, end = ent.start_char, ent.end_char
        surface = text[start:end]
        # "l'Élysée", "d'Allemagne": the elided article is not part of the name
        # "l'Élysée", "la Chine", "d'Allemagne": the article is not part of the name
        lead = _ARTICLE.match(surface)
        if lead and lead.end() < len(surface):
            start, surface = start + lead.end(), surface[lead.end():]
        if not surface.strip():
            continue
        place = None
        if label == "LOC":
            place = english_name(surface, "fr")
            label = place_label(place) if place else "LOC"
        found.append(Name(start, start + len(surface), surface, label, place=place))
    return found


__all__ = ["MODELS", "french_model_name", "french_names", "get_french_nlp"]
