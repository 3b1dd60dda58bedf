"""Full-text search: newsdesk's query language (parse -> tree -> compile per backend), the index
beside the store and its synchronisation, snippets and highlights.

    query.py          the language: parse(text) -> tree of Term/Phrase/And/Or/Not/MatchAll
    compile_base.py   the walk shared by every compiler; compile_tantivy.py: to tantivy queries
    filters.py        dates, source, language, entity, story, place filters
    index.py          the SearchIndex interface and TantivyIndex; sync.py keeps it caught up
    postgres.py       PostgresIndex: the same interface inside a PostgreSQL desk (tsvector + GIN)
    snippets.py       snippets and highlight offsets from the stored text
"""

from newsdesk.search.query import QuerySyntaxError, parse

__all__ = ["QuerySyntaxError", "parse"]
