"""The query language: what parses to which tree, and clear errors for what does not."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.search.query import (
    And,
    MatchAll,
    Not,
    Or,
    Phrase,
    QuerySyntaxError,
    Term,
    parse,
    positive_terms,
    to_string,
)


def test_single_word_is_a_term_on_title_and_body() -> None:
    assert parse("economy") == Term("economy")


def test_words_side_by_side_are_an_implicit_and() -> None:
    assert parse("oil prices rise") == And((Term("oil"), Term("prices"), Term("rise")))


def test_explicit_and_equals_implicit_and() -> None:
    assert parse("oil AND prices") == parse("oil prices")


def test_quoted_words_are_one_phrase() -> None:
    assert parse('"interest rates" cut') == And((Phrase("interest rates"), Term("cut")))


def test_or_binds_looser_than_and() -> None:
    assert parse("a OR b c") == Or((Term("a"), And((Term("b"), Term("c")))))
    assert parse("a b OR c") == Or((And((Term("a"), Term("b"))), Term("c")))


def test_not_binds_tighter_than_and() -> None:
    assert parse("NOT a b") == And((Not(Term("a")), Term("b")))


def test_parentheses_override_precedence() -> None:
    assert parse("(a OR b) c") == And((Or((Term("a"), Term("b"))), Term("c")))


def test_minus_prefix_excludes_a_word_phrase_or_group() -> None:
    assert parse("oil -gas") == And((Term("oil"), Not(Term("gas"))))
    assert parse('oil -"natural gas"') == And((Term("oil"), Not(Phrase("natural gas"))))
    assert parse("oil -(gas OR coal)") == And((Term("oil"), Not(Or((Term("gas"), Term("coal"))))))


def test_hyphen_inside_a_word_is_part_of_the_word() -> None:
    assert parse("covid-19 vaccine") == And((Term("covid-19"), Term("vaccine")))


def test_plus_prefix_is_a_plain_required_word() -> None:
    assert parse("+oil +gas") == And((Term("oil"), Term("gas")))


def test_field_prefix_applies_to_word_phrase_and_group() -> None:
    assert parse("title:election") == Term("election", "title")
    assert parse('title:"general election"') == Phrase("general election", "title")
    assert parse("title:(vote OR ballot) turnout") == And(
        (Or((Term("vote", "title"), Term("ballot", "title"))), Term("turnout"))
    )


def test_field_names_and_aliases() -> None:
    assert parse("body:x") == Term("x", "text")
    assert parse("text:x") == Term("x", "text")
    assert parse("Source:Reuters") == Term("Reuters", "source")
    assert parse("language:de") == Term("de", "lang")
    assert parse("lang:de") == Term("de", "lang")


def test_colon_word_that_is_not_a_field_stays_a_word() -> None:
    assert parse("http://example.com 10:30") == And((Term("http://example.com"), Term("10:30")))


def test_lower_case_operators_are_words() -> None:
    assert parse("rock and roll") == And((Term("rock"), Term("and"), Term("roll")))


def test_empty_query_and_star_match_everything() -> None:
    assert parse("") == MatchAll()
    assert parse("   ") == MatchAll()
    assert parse("*") == MatchAll()


def test_tree_prints_back_fully_parenthesised() -> None:
    assert to_string(parse('a OR b -c title:"d e"')) == '(a OR (b AND NOT c AND title:"d e"))'


def test_positive_terms_leave_out_excluded_ones() -> None:
    terms = positive_terms(parse('oil -gas "crude price" NOT (coal OR wind)'))
    assert terms == [Term("oil"), Phrase("crude price")]


@pytest.mark.parametrize(
    ("query", "column", "words"),
    [
        ('oil "prices', 5, "unterminated phrase"),
        ("(oil OR gas", 1, "'(' is not closed"),
        ("oil)", 4, "unmatched ')'"),
        ("oil AND", 5, "AND needs a term after it"),
        ("oil OR", 5, "OR needs a term after it"),
        ("OR gas", 1, "OR needs a term before it"),
        ("AND gas", 1, "AND needs a term before it"),
        ("oil NOT", 5, "NOT needs a term after it"),
        ("oil ()", 5, "empty parentheses"),
        ('oil ""', 5, "empty phrase"),
        ("title: oil", 7, "needs a word"),
        ("oil title:", 11, "needs a word"),
        ("a OR OR b", 3, "OR needs a term after it"),
    ],
)
def test_malformed_queries_raise_one_line_errors_with_the_column(query: str, column: int, words: str) -> None:
    with pytest.raises(QuerySyntaxError) as info:
        parse(query)
    message = str(info.value)
    assert "\n" not in message
    assert words in message
    assert message.startswith(f"query error at column {column}:")
    assert info.value.position == column - 1


def test_query_syntax_error_is_a_value_error() -> None:
    assert issubclass(QuerySyntaxError, ValueError)


# --- bounds: a hostile query is a syntax error, never a RecursionError --------------------------
def test_deeply_nested_parentheses_are_a_syntax_error_not_a_recursion_error() -> None:
    with pytest.raises(QuerySyntaxError, match="levels deep"):
        parse("(" * 250 + "x" + ")" * 250)


def test_a_long_chain_of_nots_is_a_syntax_error() -> None:
    with pytest.raises(QuerySyntaxError, match="levels deep"):
        parse("NOT " * 500 + "x")


def test_nesting_up_to_the_bound_still_parses() -> None:
    from newsdesk.search.query import MAX_DEPTH

    assert parse("(" * MAX_DEPTH + "x" + ")" * MAX_DEPTH) == Term("x")


def test_an_overlong_query_is_refused() -> None:
    from newsdesk.search.query import MAX_QUERY_CHARS

    with pytest.raises(QuerySyntaxError, match="characters long"):
        parse("a " * MAX_QUERY_CHARS)


# --- properties: any text either parses or is a QuerySyntaxError; the tree round-trips ------------------
QUERY_ALPHABET = st.sampled_from(list('ab c()"-+:*') + ["AND ", "OR ", "NOT ", "title:", "lang:", "\u00a0", "é"])
queries = st.lists(QUERY_ALPHABET, max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(queries)
def test_any_query_parses_or_is_a_syntax_error_with_a_column(query: str) -> None:
    try:
        parse(query)
    except QuerySyntaxError as exc:
        assert 0 <= exc.position <= len(query)


@settings(max_examples=300, deadline=None)
@given(queries)
def test_a_parsed_tree_written_back_parses_to_the_same_tree(query: str) -> None:
    try:
        tree = parse(query)
    except QuerySyntaxError:
        return
    assert parse(to_string(tree)) == tree


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=400), st.sampled_from(["(", "NOT ", "-(", "title:("]))
def test_nesting_of_any_depth_never_raises_a_recursion_error(depth: int, opener: str) -> None:
    from newsdesk.search.query import MAX_DEPTH

    closer = ")" if "(" in opener else ""
    levels = depth * (2 if opener == "-(" else 1)  # "-(" is a NOT and a group
    try:
        parse(opener * depth + "x" + closer * depth)
    except QuerySyntaxError as exc:
        assert levels > MAX_DEPTH and "levels deep" in str(exc)
    else:
        assert levels <= MAX_DEPTH


def test_a_minus_right_after_a_phrase_excludes_the_next_word() -> None:
    assert parse('"oil"-gas') == And((Phrase("oil"), Not(Term("gas"))))


def test_a_bare_star_term_round_trips_as_a_term() -> None:
    tree = parse("(*)")
    assert tree == Term("*") and parse(to_string(tree)) == tree
