"""What every query compiler shares: the walk over the tree and the boolean logic.

A backend subclasses `QueryCompiler` with its own query type Q and writes only the leaves
(`term`, `phrase`) and the combinators (`conjunction`, `disjunction`, `match_all`, `match_none`).
The walk decides the rest the same way for every backend:
- a word that yields no index term (punctuation, "*") constrains nothing and is dropped;
- NOT alone, or an AND of only NOTs, means "every article except": match_all minus those;
- a query left with nothing to match matches nothing (the empty query itself is MatchAll).
"""

from __future__ import annotations

from typing import Generic, TypeVar

from newsdesk.search.query import And, MatchAll, Node, Not, Or, Phrase, Term

Q = TypeVar("Q")


class QueryCompiler(Generic[Q]):
    # --- what a backend provides -------------------------------------------------------------------
    def term(self, text: str, field: str | None) -> Q | None:
        """One word as typed (it may analyse into several terms: "covid-19"); None if none."""
        raise NotImplementedError

    def phrase(self, text: str, field: str | None) -> Q | None:
        raise NotImplementedError

    def conjunction(self, must: list[Q], must_not: list[Q]) -> Q:
        """All of `must` and none of `must_not` (`must` is never empty)."""
        raise NotImplementedError

    def disjunction(self, should: list[Q]) -> Q:
        raise NotImplementedError

    def match_all(self) -> Q:
        raise NotImplementedError

    def match_none(self) -> Q:
        raise NotImplementedError

    # --- the walk ----------------------------------------------------------------------------------
    def compile(self, node: Node) -> Q:
        q = self.visit(node)
        return self.match_none() if q is None else q

    def visit(self, node: Node) -> Q | None:
        if isinstance(node, MatchAll):
            return self.match_all()
        if isinstance(node, Term):
            return self.term(node.text, node.field)
        if isinstance(node, Phrase):
            return self.phrase(node.text, node.field)
        if isinstance(node, Not):
            inner = self.visit(node.child)
            return None if inner is None else self.conjunction([self.match_all()], [inner])
        if isinstance(node, And):
            must, must_not = [], []
            for child in node.children:
                if isinstance(child, Not):
                    q = self.visit(child.child)
                    if q is not None:
                        must_not.append(q)
                else:
                    q = self.visit(child)
                    if q is not None:
                        must.append(q)
            if not must and not must_not:
                return None
            if not must_not and len(must) == 1:
                return must[0]
            return self.conjunction(must or [self.match_all()], must_not)
        if isinstance(node, Or):
            should = [q for q in (self.visit(c) for c in node.children) if q is not None]
            if not should:
                return None
            return should[0] if len(should) == 1 else self.disjunction(should)
        raise TypeError(f"not a query node: {node!r}")
