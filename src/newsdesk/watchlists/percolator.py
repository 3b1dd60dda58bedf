"""The percolator: which of many standing queries does one article match, at a flat cost per article.

Each watchlist's query tree is reduced to *keys*, index terms at least one of which every matching
article must carry (the same analysis as the search index, search/analysis.py):
- a word or phrase: its rarest-looking index term (the longest: short stems are the common ones);
- an AND: the key set of one of its positive children (the one with the fewest, rarest keys);
- an OR: the union of its children's key sets;
- `lang:xx`: the key `lang=xx`;
- a query that can match without any term (`*`, `NOT x`, `a OR NOT b`): checked on every article.

An article is analysed once; its distinct terms are looked up in the key -> watchlists map, and only
those candidates (plus the always-checked ones) are verified exactly, by evaluating the query tree
against the article's terms in memory with the search index's semantics (search/compile_base.py):
a word that yields no term constrains nothing, NOT alone means "every article except", a phrase is
its terms next to each other in one field. The cost per article depends on the article's length and
on how many watchlists are candidates, never on how many watchlists there are.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat

from newsdesk.search.analysis import analyze, keyword, news_analyzer, stem
from newsdesk.search.query import And, MatchAll, Node, Not, Or, Phrase, Term, parse

ALWAYS = "*"  # the key of a watchlist checked against every article
MAX_TERM_CHARS = 40  # the analyser drops a token this long or longer (search/analysis.py remove_long)
_DROPPED = frozenset({"\0dropped"})  # a word with no index term: it constrains nothing
# The query-language field -> the article fields a word may match in.
_FIELDS: dict[str | None, tuple[str, ...]] = {None: ("title", "text"), "title": ("title",),
                                               "text": ("text",), "source": ("source",)}


_WORD = re.compile(r"[^\W_]+")
# Characters outside ASCII on which Python's idea of a word character and tantivy's (Rust's
# char::is_alphanumeric) agree: letters, numbers, punctuation, spaces and most symbols. Combining
# marks and "other" symbols (some of which Rust counts as alphabetic) send a text the slow way.
_SAFE_CATEGORIES = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Nd", "Nl", "No", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf",
                              "Po", "Zs", "Zl", "Zp", "Sc", "Sk", "Sm", "Cc", "Cf"})


# Bytes -> themselves for ASCII letters (lower-cased) and digits, a space for everything else: an
# ASCII text's words are then one C-level translate and split away (what _WORD finds, lower case).
_KEEP = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_WORDS_ONLY = bytes((b | 0x20 if 65 <= b <= 90 else b) if b in _KEEP else 32 for b in range(256))


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SEPARATES: dict[str, bool] = {}  # a character outside ASCII -> whether it only separates words


def _separates(c: str) -> bool:
    got = _SEPARATES.get(c)
    if got is None:
        got = _SEPARATES[c] = not c.isalnum() and unicodedata.category(c) in _SAFE_CATEGORIES
    return got


def _words(text: str) -> list[str] | None:
    """The words of a text as _WORD finds them, lower-cased (the analyser lower-cases first anyway),
    when every character outside ASCII separates words on both sides (a pound sign, curly quotes,
    dashes); None when the text needs the general path. About ten times faster than the regex."""
    # The few characters outside ASCII found by a C regex, not by a set of the whole text.
    if not text.isascii() and not all(map(_separates, set(_NON_ASCII.findall(text)))):
        return None
    return text.encode("utf-8").translate(_WORDS_ONLY).decode("ascii").split()


def index_terms(text: str) -> tuple[str, ...]:
    """The index terms of an article field, exactly as search/analysis.py gives them: split into
    words here (a byte table, or a C regex) and each distinct word stemmed once through the shared,
    cached analyser (every filter of the analyser works word by word), which is several times faster
    than analysing the whole text through tantivy's binding; texts with characters where the two
    tokenisers could disagree go through tantivy itself."""
    if not text:
        return ()
    words = _words(text)
    if words is None:
        if _unsafe(text):
            return tuple(news_analyzer().analyze(text))
        words = _WORD.findall(text)
    terms = tuple(map(stem, words))  # stem() is cached: each distinct word is analysed once
    if None not in terms:
        return terms  # type: ignore[return-value]
    out: list[str] = []
    for word, term in zip(words, terms, strict=True):
        if term is not None:
            out.append(term)
        else:  # a word over the length limit (no term), or one the analyser splits further
            out.extend(news_analyzer().analyze(word))
    return tuple(out)


def term_set(text: str) -> frozenset[str]:
    """The distinct index terms of a text (as index_terms, each distinct word stemmed once)."""
    if not text:
        return frozenset()
    found = _words(text)
    if found is None:
        if _unsafe(text):
            return frozenset(news_analyzer().analyze(text))
        found = _WORD.findall(text)
    words = set(found)
    terms = set(map(stem, words))
    if None in terms:
        terms.discard(None)
        for word in words:
            if stem(word) is None:
                terms.update(news_analyzer().analyze(word))
    return frozenset(terms)  # type: ignore[arg-type]


def _unsafe(text: str) -> bool:
    return not text.isascii() and any(unicodedata.category(c) not in _SAFE_CATEGORIES
                                      for c in set(text) if not c.isascii())


def lang_key(value: str) -> str:
    return "lang=" + keyword(value)


def required_keys(node: Node) -> frozenset[str] | None:
    """Keys one of which a matching article carries; None when the query must be checked on every
    article; an empty set when it can match nothing."""
    keys = _keys(node)
    return frozenset() if keys is _DROPPED else keys


def _keys(node: Node) -> frozenset[str] | None:
    if isinstance(node, MatchAll | Not):
        return None
    if isinstance(node, Term | Phrase):
        if node.field == "lang":
            value = keyword(node.text)
            return frozenset({lang_key(value)}) if value else _DROPPED
        terms = analyze(node.text)
        if not terms:
            return _DROPPED
        return frozenset({max(terms, key=lambda t: (len(t), t))})
    if isinstance(node, And):
        found = [_keys(c) for c in node.children if not isinstance(c, Not)]
        keyed = [k for k in found if k is not None and k is not _DROPPED]
        if keyed:
            return min(keyed, key=lambda ks: (len(ks), -min(len(k) for k in ks), sorted(ks)))
        if any(k is None for k in found) or len(found) < len(node.children):
            return None  # an "every article except" part, or a match-all part
        return _DROPPED
    if isinstance(node, Or):
        found = [k for k in (_keys(c) for c in node.children) if k is not _DROPPED]
        if not found:
            return _DROPPED
        if any(k is None for k in found):
            return None
        return frozenset().union(*found)  # type: ignore[arg-type]
    raise TypeError(f"not a query node: {node!r}")


_UNSEEN = "\0unseen"  # what a word table gives a word not seen yet (no term can be this)
# Process-wide: lower-case ASCII word -> its index term ("" for none), filled the first time any
# article has the word (stems do not depend on the watchlists, so every percolator shares it);
# cleared past MAX_WORDS. `_SEVERAL`: the rare word the analyser splits into several terms.
_TERMS: dict[str, str] = {}
_SEVERAL: dict[str, tuple[str, ...]] = {}
MAX_WORDS = 1_000_000


def _learn_words(words: list[str]) -> None:
    """Put these words in the process-wide word table (each stemmed once, in C)."""
    new = [w for w in words if w not in _TERMS] if _TERMS else list(words)
    if len(_TERMS) + len(new) > MAX_WORDS:
        _TERMS.clear()
        _SEVERAL.clear()
        new = list(words)
    stems = list(map(stem, new))
    if None in stems:  # a word over the length limit (no term), or one the analyser splits
        for i, (w, t) in enumerate(zip(new, stems, strict=True)):
            if t is None:
                stems[i] = ""
                several = tuple(news_analyzer().analyze(w))
                if several:
                    _SEVERAL[w] = several
    _TERMS.update(zip(new, stems, strict=True))  # type: ignore[arg-type]


class Vocabulary:
    """The terms the percolator's queries use, and the words of articles already seen sorted by the
    query term each gives ("" for none).

    Every test and key asks only whether a *query* term is in an article, so an article's term set
    may be cut down to the query terms it has: one dictionary look-up per word, in C. A word new to
    this vocabulary is sorted through the process-wide word table (_TERMS), where it is stemmed the
    first time any article has it. The words remembered are capped (MAX_WORDS). A new vocabulary
    (the percolator is rebuilt whenever a watchlist is added or removed) first sorts every word the
    process has already stemmed, in one pass in C, instead of learning them again article by article.
    """

    MAX_SOURCES = 10_000

    def __init__(self, terms: Iterable[str] = ()) -> None:
        self.terms: set[str] = set(terms)
        self.keep: dict[str, str] = {t: t for t in self.terms}  # a stem -> itself, if a query term
        self.sorted: dict[str, str] = {}  # word -> the query term it gives, or ""
        self.seeded = False  # whether the process-wide word table has been sorted into `sorted`
        self.sources: dict[str, frozenset[str]] = {}  # a few sources write most articles: each once

    def add_terms(self, terms: AbstractSet[str]) -> None:
        """More query terms: the words sorted so far may give them, so they are sorted again."""
        if not terms <= self.terms:
            self.terms |= terms
            self.keep.update((t, t) for t in terms)
            self.sorted.clear()
            self.seeded = False
            self.sources.clear()

    def _seed(self) -> None:
        self.sorted = dict(zip(_TERMS.keys(), map(self.keep.get, _TERMS.values(), repeat("")), strict=True))
        self.seeded = True

    def source_terms(self, source: str) -> frozenset[str]:
        """term_set of a source name, remembered (MAX_SOURCES of them)."""
        got = self.sources.get(source)
        if got is None:
            if len(self.sources) >= self.MAX_SOURCES:
                self.sources.clear()
            got = self.sources[source] = frozenset(self.term_set(source))
        return got

    def knows(self, words: Iterable[str]) -> bool:
        """Whether every word has been sorted."""
        return _UNSEEN not in set(map(self.sorted.get, words, repeat(_UNSEEN)))

    def term_set(self, text: str) -> set[str]:
        """The query terms among the text's index terms (term_set(text) & self.terms)."""
        found = _words(text) if text else []
        if found is None:  # a text the general path must analyse
            return set(term_set(text) & self.terms)
        if not self.seeded:
            self._seed()
        out = set(map(self.sorted.get, found, repeat(_UNSEEN)))
        if _UNSEEN in out:
            if len(self.sorted) > MAX_WORDS:
                self.sorted.clear()
                out = set()
            out.discard(_UNSEEN)
            new = list(set(found).difference(self.sorted))  # (a dict: looked up, in C)
            _learn_words(new)
            got = list(map(self.keep.get, map(_TERMS.__getitem__, new), repeat("")))
            self.sorted.update(zip(new, got, strict=True))
            out.update(got)
        out.discard("")
        if _SEVERAL:
            for w in _SEVERAL.keys() & set(found):
                out.update(t for t in _SEVERAL[w] if t in self.terms)
        return out


class _FieldSets(dict):
    """Field name -> its set of index terms (only the query terms, given a vocabulary), made the
    first time it is asked for."""

    def __init__(self, texts: dict[str, str], vocabulary: Vocabulary | None) -> None:
        super().__init__()
        self.texts = texts
        self.vocabulary = vocabulary
        self.analyse: Callable[[str], AbstractSet[str]] = vocabulary.term_set if vocabulary else term_set

    def __missing__(self, name: str) -> AbstractSet[str]:
        if name == "source" and self.vocabulary is not None:
            value = self[name] = self.vocabulary.source_terms(self.texts[name])
        else:
            value = self[name] = self.analyse(self.texts[name])
        return value


class ArticleTerms:
    """One article as the percolator sees it: the set of index terms of each field (what keys and
    words need), and the terms in order only when a phrase asks for them."""

    def __init__(self, texts: dict[str, str], lang: str, vocabulary: Vocabulary | None = None,
                 key: str | None = None) -> None:
        self.texts = texts
        self.lang = lang
        self.lang_key = (lang_key(lang) if lang else "") if key is None else key
        # Unfielded words match in the title or the body (not the source), as in the index: their
        # terms in one pass (no word spans the line break); a field's own set only when asked for.
        self.vocabulary = vocabulary
        self.sets = _FieldSets(texts, vocabulary)
        self.sets["*"] = self.sets.analyse(f"{texts['title']}\n{texts['text']}")
        self._positions: dict[str, dict[str, list[int]]] = {}

    @classmethod
    def of(cls, title: str | None, text: str | None, source: str | None, language: str | None,
           vocabulary: Vocabulary | None = None) -> ArticleTerms:
        """The article's terms; given a vocabulary, only the terms some query uses (Percolator.article)."""
        return cls({"title": title or "", "text": text or "", "source": source or ""}, keyword(language or ""),
                   vocabulary)

    def keys(self) -> frozenset[str]:
        keys = self.sets["*"] | self.sets["source"]
        return keys | {lang_key(self.lang)} if self.lang else keys

    def has(self, name: str, terms: Sequence[str]) -> bool:
        if not self.sets[name].issuperset(terms):
            return False
        if len(terms) == 1:
            return True
        positions = self._positions.get(name)
        if positions is None:
            positions = self._positions[name] = self._term_positions(self.texts[name])
        following = [set(positions[t]) for t in terms[1:]]
        return any(all(p + i + 1 in following[i] for i in range(len(following))) for p in positions[terms[0]])


    def _term_positions(self, text: str) -> dict[str, list[int]]:
        """Term -> its positions in the field. Given a vocabulary that has sorted every word of the
        text (the field's term set was made first), only the query terms' positions, without
        stemming again: in a text of ASCII words each word is one position, but a word of 40
        characters or more, which has no term."""
        voc = self.vocabulary
        words = _words(text) if voc is not None else None
        positions: dict[str, list[int]] = {}
        if voc is None or words is None or _SEVERAL or not voc.knows(words):
            for i, t in enumerate(index_terms(text)):
                positions.setdefault(t, []).append(i)
            return positions
        sorted_words = voc.sorted
        i = 0
        for w in words:
            t = sorted_words[w]
            if t:
                positions.setdefault(t, []).append(i)
            elif len(w) >= MAX_TERM_CHARS:
                continue
            i += 1
        return positions


Test = Callable[[ArticleTerms], bool]


def compile_query(node: Node) -> Test:
    """The query as a function of an article, with the search index's semantics (see module doc)."""
    test = _compile(node)
    return test if test is not None else (lambda doc: False)


def evaluate(node: Node, doc: ArticleTerms) -> bool:
    """Whether the article matches the query, as the search index would decide."""
    return compile_query(node)(doc)


def _compile(node: Node) -> Test | None:
    """None for a part that constrains nothing (a word with no index term)."""
    if isinstance(node, MatchAll):
        return lambda doc: True
    if isinstance(node, Term | Phrase):
        if node.field == "lang":
            value = keyword(node.text)
            return None if not value else (lambda doc: doc.lang == value)
        terms = analyze(node.text)
        if not terms:
            return None
        names = _FIELDS[node.field]
        if len(terms) == 1:
            term, name = terms[0], ("*" if node.field is None else names[0])
            return lambda doc: term in doc.sets[name]
        needed = frozenset(terms)
        if node.field == "source":  # not part of "*" (the title and the body)
            return lambda doc: doc.has("source", terms)
        if len(names) == 1:
            return lambda doc: needed <= doc.sets["*"] and doc.has(names[0], terms)
        first, second = names  # a phrase in the title or in the body
        return lambda doc: needed <= doc.sets["*"] and (doc.has(first, terms) or doc.has(second, terms))
    if isinstance(node, Not):
        inner = _compile(node.child)
        return None if inner is None else (lambda doc: not inner(doc))
    if isinstance(node, And):
        must: list[Test] = []
        must_not: list[Test] = []
        for child in node.children:
            if isinstance(child, Not):
                test = _compile(child.child)
                if test is not None:
                    must_not.append(test)
            else:
                test = _compile(child)
                if test is not None:
                    must.append(test)
        if not must and not must_not:
            return None
        tests = must + [_negate(t) for t in must_not]
        return _all(tests)
    if isinstance(node, Or):
        parts = [t for t in (_compile(c) for c in node.children) if t is not None]
        if not parts:
            return None
        return _any(parts)
    raise TypeError(f"not a query node: {node!r}")


# Short fixed-arity closures instead of all()/any() over generators: most queries have 1-3 parts.
def _negate(test: Test) -> Test:
    return lambda doc: not test(doc)


def _all(tests: list[Test]) -> Test:
    if len(tests) == 1:
        return tests[0]
    if len(tests) == 2:
        a, b = tests
        return lambda doc: a(doc) and b(doc)
    head, rest = tests[0], _all(tests[1:])
    return lambda doc: head(doc) and rest(doc)


def _any(tests: list[Test]) -> Test:
    if len(tests) == 1:
        return tests[0]
    if len(tests) == 2:
        a, b = tests
        return lambda doc: a(doc) or b(doc)
    head, rest = tests[0], _any(tests[1:])
    return lambda doc: head(doc) or rest(doc)


@dataclass(frozen=True)
class Watch:
    id: str
    query: str
    node: Node
    test: Test
    keys: frozenset[str] | None = None  # required_keys(node)
    decided: bool = False  # _decided_by_key(node)
    terms: frozenset[str] = frozenset()  # every index term the query looks for (query_terms)

    @classmethod
    def of(cls, watch_id: str, query: str) -> Watch:
        return cls(watch_id, query, *_compiled(query))


@lru_cache(maxsize=16_384)
def _compiled(query: str) -> tuple[Node, Test, frozenset[str] | None, bool, frozenset[str]]:
    """A query parsed, compiled and keyed once per process: the percolator is rebuilt whenever a
    watchlist is added or removed, and the other 999 need not be compiled again (the tests keep
    no state of their own, so sharing them is safe)."""
    node = parse(query)
    return node, compile_query(node), required_keys(node), _decided_by_key(node), query_terms(node)


def query_terms(node: Node) -> frozenset[str]:
    """Every index term a query's words and phrases look for (in any field; `lang:` has none)."""
    if isinstance(node, Term | Phrase):
        return frozenset() if node.field == "lang" else frozenset(analyze(node.text))
    if isinstance(node, And | Or):
        return frozenset().union(*(query_terms(c) for c in node.children))
    if isinstance(node, Not):
        return query_terms(node.child)
    return frozenset()


class Percolator:
    """Standing queries indexed by their keys."""

    def __init__(self, watches: Iterable[Watch] = ()) -> None:
        self.watches: dict[str, Watch] = {}
        self.by_key: dict[str, list[str]] = {}  # key -> watchlists to verify when an article has it
        self.sure: dict[str, list[str]] = {}  # key -> watchlists an article with it matches outright
        self.always: list[str] = []
        self.order: dict[str, int] = {}
        self.keys: set[str] = set()
        self.sure_keys: set[str] = set()
        self.tests: dict[str, Test] = {}  # watchlist id -> its compiled query
        self.vocabulary = Vocabulary()
        self._langs: dict[str | None, tuple[str, str]] = {}  # an article's language -> (value, key)
        for w in watches:
            self.add(w)

    def __len__(self) -> int:
        return len(self.watches)

    def add(self, watch: Watch) -> None:
        self.watches[watch.id] = watch
        self.tests[watch.id] = watch.test
        self.order.setdefault(watch.id, len(self.order))
        self.vocabulary.add_terms(watch.terms)
        keys = watch.keys
        if keys is None:
            self.always.append(watch.id)
            return
        if watch.decided:
            for key in keys:
                self.sure.setdefault(key, []).append(watch.id)
                self.sure_keys.add(key)
            return
        for key in keys:
            self.by_key.setdefault(key, []).append(watch.id)
            self.keys.add(key)

    def article(self, title: str | None, text: str | None, source: str | None, language: str | None
                ) -> ArticleTerms:
        """An article as this percolator needs it: only the terms its queries use (Vocabulary)."""
        lang = self._langs.get(language)
        if lang is None:
            value = keyword(language or "")
            lang = self._langs[language] = (value, lang_key(value) if value else "")
        return ArticleTerms({"title": title or "", "text": text or "", "source": source or ""}, lang[0],
                            self.vocabulary, lang[1])

    def candidates(self, doc: ArticleTerms) -> list[str]:
        """Every watchlist the article may match: those its keys decide and those to verify."""
        sure, check = self._candidates(doc)
        return list(sure | check)

    def _candidates(self, doc: ArticleTerms) -> tuple[set[str], set[str]]:
        # Only the article's terms that are some watchlist's key (set intersections, in C).
        sure: set[str] = set()
        for key in self.sure_keys & doc.sets["*"]:
            sure.update(self.sure[key])
        check = set(self.always)
        by_key = self.by_key
        for key in self._shared(doc):
            check.update(by_key[key])
        return sure, check - sure

    def _shared(self, doc: ArticleTerms) -> set[str]:
        keys = self.keys
        shared = keys & doc.sets["*"]
        shared |= keys & doc.sets["source"]
        if doc.lang_key in keys:
            shared.add(doc.lang_key)
        return shared

    def match(self, doc: ArticleTerms) -> list[str]:
        """Ids of the watchlists the article matches, in the order they were added."""
        hits, check = self._candidates(doc)
        tests = self.tests
        for wid in check:
            if tests[wid](doc):
                hits.add(wid)
        return sorted(hits, key=self.order.__getitem__) if len(hits) > 1 else list(hits)


def _decided_by_key(node: Node) -> bool:
    """A query an article matches exactly when it has one of its keys in its title or body: one
    unfielded word (or phrase) of one index term, or an OR of such (the key set is their terms)."""
    if isinstance(node, Term | Phrase):
        return node.field is None and len(analyze(node.text)) == 1
    if isinstance(node, Or):
        return all(_decided_by_key(c) for c in node.children)
    return False


def keys_for_storage(node: Node) -> list[str]:
    """The rows of `watchlist_terms` for a query (ALWAYS for a query checked on every article)."""
    keys = required_keys(node)
    return [ALWAYS] if keys is None else sorted(keys)
