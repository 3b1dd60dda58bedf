"""newsdesk's query language, parsed into a small tree that each search backend compiles.

    economy                      a word (stemmed: matches "economies" too), in the title or the body
    "interest rates"             a phrase: the words next to each other, in this order
    inflation rates              implicit AND: both words
    oil OR gas                   either
    oil AND NOT gas, oil -gas    oil without gas
    (oil OR gas) prices          parentheses group
    title:election               a field: title, text (alias body), source, lang (alias language)
    title:"general election"     a field applies to a phrase or a group: title:(vote OR ballot)
    * (or an empty query)        every article

Operators are upper case (AND, OR, NOT); lower-case "and"/"or" are plain words. NOT binds tighter
than AND, and AND tighter than OR: `a OR b c` means `a OR (b AND c)`. A word such as `covid-19`
or `U.S.` stands for its parts as a phrase. A prefix that is not a field name (`http:`, `10:30`)
is part of the word. Malformed input raises `QuerySyntaxError` with the column it concerns, and
so does a query longer than MAX_QUERY_CHARS or nested deeper than MAX_DEPTH (groups and NOTs).
"""

from __future__ import annotations

from dataclasses import dataclass

# Field names as users type them -> the field the tree carries.
FIELDS = {"title": "title", "text": "text", "body": "text", "source": "source", "lang": "lang",
          "language": "lang"}
OPERATORS = ("AND", "OR", "NOT")
# Bounds that keep parsing (and every recursive walk of the tree) far from Python's recursion limit:
# no real query nests 64 groups deep or runs to 10,000 characters.
MAX_DEPTH = 64
MAX_QUERY_CHARS = 10_000
# Characters that end a bare word.
_BREAK = frozenset(' \t\r\n\f\v()"\u00a0\u3000')
_SPACE_OR_CLOSE = _BREAK - {"(", '"'}


class QuerySyntaxError(ValueError):
    """A query that cannot be parsed. `position` is the 0-based index into the query string."""

    def __init__(self, message: str, position: int, query: str = "") -> None:
        self.position = position
        self.query = query
        self.reason = message
        super().__init__(f"query error at column {position + 1}: {message}")


# --- the tree ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Term:
    """One word as typed; `field` None means title and body."""

    text: str
    field: str | None = None


@dataclass(frozen=True)
class Phrase:
    text: str
    field: str | None = None


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class MatchAll:
    """Every article: the empty query, or `*`."""


Node = Term | Phrase | And | Or | Not | MatchAll


# --- tokens --------------------------------------------------------------------------------------
@dataclass
class _Tok:
    kind: str  # WORD PHRASE LPAREN RPAREN AND OR NOT MINUS FIELD END
    value: str
    pos: int


def _tokenize(query: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(query)
    at_start = True  # at the start of a term: a leading "-" means NOT there
    while i < n:
        ch = query[i]
        if ch in _BREAK and ch not in '()"':
            i += 1
            at_start = True
            continue
        if ch == "(":
            toks.append(_Tok("LPAREN", ch, i))
            i += 1
            at_start = True
            continue
        if ch == ")":
            toks.append(_Tok("RPAREN", ch, i))
            i += 1
            at_start = True
            continue
        if ch == '"':
            end = query.find('"', i + 1)
            if end < 0:
                raise QuerySyntaxError('unterminated phrase: a " is not closed', i, query)
            toks.append(_Tok("PHRASE", query[i + 1 : end], i))
            i = end + 1
            at_start = True  # a phrase ends its term: '"oil"-gas' excludes gas, as 'oil -gas' does
            continue
        if at_start and ch in "-+" and i + 1 < n and query[i + 1] not in _SPACE_OR_CLOSE:
            # "-word", "-(group)", '-"phrase"' exclude; "+word" is an explicit (and default) AND.
            if ch == "-":
                toks.append(_Tok("MINUS", ch, i))
            i += 1
            continue
        j = i
        while j < n and query[j] not in _BREAK:
            j += 1
        word = query[i:j]
        colon = word.find(":")
        if colon > 0 and word[:colon].lower() in FIELDS:
            toks.append(_Tok("FIELD", FIELDS[word[:colon].lower()], i))
            i += colon + 1
            at_start = False
            if i >= n or query[i] in _SPACE_OR_CLOSE:
                raise QuerySyntaxError(f"{word[:colon]}: needs a word, a \"phrase\" or a (group) right after it",
                                       i, query)
            continue
        if word in OPERATORS:
            toks.append(_Tok(word, word, i))
        else:
            toks.append(_Tok("WORD", word, i))
        i = j
        at_start = True
    toks.append(_Tok("END", "", n))
    return toks


# --- the parser ----------------------------------------------------------------------------------
_STARTS_TERM = {"WORD", "PHRASE", "LPAREN", "NOT", "MINUS", "FIELD"}


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.toks = _tokenize(query)
        self.i = 0
        self.depth = 0

    def nest(self, tok: _Tok) -> None:
        """One level deeper (a group or a NOT); too deep is a syntax error, not a RecursionError."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"the query nests groups or NOTs more than {MAX_DEPTH} levels deep", tok.pos)

    @property
    def tok(self) -> _Tok:
        return self.toks[self.i]

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def error(self, message: str, pos: int | None = None) -> QuerySyntaxError:
        return QuerySyntaxError(message, self.tok.pos if pos is None else pos, self.query)

    def parse(self) -> Node:
        if self.tok.kind == "END":
            return MatchAll()
        node = self.parse_or(None)
        tok = self.tok
        if tok.kind == "RPAREN":
            raise self.error("unmatched ')'")
        if tok.kind != "END":  # cannot happen with this grammar; kept as a guard
            raise self.error(f"unexpected {tok.value!r}")
        return node

    def parse_or(self, field: str | None) -> Node:
        children = [self.parse_and(field)]
        while self.tok.kind == "OR":
            op = self.take()
            if self.tok.kind not in _STARTS_TERM:
                raise self.error("OR needs a term after it", op.pos)
            children.append(self.parse_and(field))
        return children[0] if len(children) == 1 else Or(tuple(children))

    def parse_and(self, field: str | None) -> Node:
        if self.tok.kind in ("AND", "OR"):
            raise self.error(f"{self.tok.kind} needs a term before it")
        children = [self.parse_unary(field)]
        while True:
            kind = self.tok.kind
            if kind == "AND":
                op = self.take()
                if self.tok.kind not in _STARTS_TERM:
                    raise self.error("AND needs a term after it", op.pos)
                children.append(self.parse_unary(field))
            elif kind in _STARTS_TERM:
                children.append(self.parse_unary(field))
            else:
                break
        return children[0] if len(children) == 1 else And(tuple(children))

    def parse_unary(self, field: str | None) -> Node:
        tok = self.tok
        if tok.kind in ("NOT", "MINUS"):
            self.take()
            if self.tok.kind not in _STARTS_TERM:
                what = "NOT" if tok.kind == "NOT" else "-"
                raise self.error(f"{what} needs a term after it", tok.pos)
            self.nest(tok)
            node = Not(self.parse_unary(field))
            self.depth -= 1
            return node
        return self.parse_primary(field)

    def parse_primary(self, field: str | None) -> Node:
        tok = self.take()
        if tok.kind == "WORD":
            return Term(tok.value, field)
        if tok.kind == "PHRASE":
            if not tok.value.strip():
                raise self.error("empty phrase", tok.pos)
            return Phrase(tok.value, field)
        if tok.kind == "FIELD":
            if self.tok.kind not in ("WORD", "PHRASE", "LPAREN"):
                raise self.error("a field needs a word, a \"phrase\" or a (group) right after it", tok.pos)
            return self.parse_primary(tok.value)
        if tok.kind == "LPAREN":
            if self.tok.kind == "RPAREN":
                raise self.error("empty parentheses", tok.pos)
            self.nest(tok)
            node = self.parse_or(field)
            if self.tok.kind != "RPAREN":
                raise self.error("'(' is not closed", tok.pos)
            self.take()
            self.depth -= 1
            return node
        raise self.error(f"unexpected {tok.value or 'end of query'!r}", tok.pos)  # pragma: no cover


def parse(query: str) -> Node:
    """Parse a query into its tree. The empty query and `*` give MatchAll."""
    if len(query) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(f"the query is {len(query):,} characters long; the most is {MAX_QUERY_CHARS:,}",
                               MAX_QUERY_CHARS, query)
    if query.strip() == "*":
        return MatchAll()
    return _Parser(query).parse()


def positive_terms(node: Node) -> list[Term | Phrase]:
    """Terms and phrases that must or may match (not those under NOT), for highlighting."""
    if isinstance(node, Term | Phrase):
        return [node]
    if isinstance(node, And | Or):
        out: list[Term | Phrase] = []
        for child in node.children:
            out.extend(positive_terms(child))
        return out
    return []


def to_string(node: Node) -> str:
    """The tree written back in the query language (fully parenthesised): for logs and tests."""
    if isinstance(node, MatchAll):
        return "*"
    if isinstance(node, Term):
        if node.field:
            return f"{node.field}:{node.text}"
        return "(*)" if node.text == "*" else node.text  # a lone "*" would read back as every article
    if isinstance(node, Phrase):
        return f'{node.field}:"{node.text}"' if node.field else f'"{node.text}"'
    if isinstance(node, Not):
        return f"NOT {to_string(node.child)}"
    sep = " AND " if isinstance(node, And) else " OR "
    return "(" + sep.join(to_string(c) for c in node.children) + ")"
