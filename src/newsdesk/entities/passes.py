"""The entity passes, in order, in one table.

`recognise()` runs every pass of `PASSES` over one document's entity spans. Each pass reads and
writes fields of a `Context` and says which (`requires`, `assigns`); `check_passes` verifies that
every requirement is assigned by the document's inputs or an earlier pass. A pass can be switched off
by name (`disabled`), and each pass's CPU time (this thread's, so other work on the machine does not
count) is added to a `timings` counter when one is given (bench reads it). With every pass switched off the result is the model's own reading.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from newsdesk.entities.caps import caps_readings
from newsdesk.entities.consistency import consistent, propagate
from newsdesk.entities.datelines import agency_credits, datelines
from newsdesk.entities.organisations import (
    acronyms,
    company_names,
    extend_orgs,
    org_names,
    organisations_by_context,
    split_and,
)
from newsdesk.entities.persons import particle_names, title_names
from newsdesk.entities.places import places_by_context
from newsdesk.entities.repairs import (
    clean_spans,
    common_word_name,
    initial_person,
    locative_place,
    opening_common_noun,
    relabel,
    who_person,
)
from newsdesk.entities.spans import Ent, no_overlaps
from newsdesk.entities.sports import athletes, event_names, is_sports, result_lines, sports_team, table_names


@dataclass
class Context:
    """What the passes of one document share."""

    text: str
    ents: list[Ent]
    recased: list[tuple[int, int, Ent | None]] = field(default_factory=list)
    caps: list[tuple[int, int]] = field(default_factory=list)  # the ALL-CAPS lines
    sports: bool = False  # a sports report
    persons: dict[str, int] = field(default_factory=dict)  # surnames of the document's persons


# Fields a document starts with.
INPUTS = frozenset({"text", "ents", "recased", "caps"})


@dataclass(frozen=True)
class Pass:
    name: str
    run: Callable[[Context], None]
    requires: frozenset[str]
    assigns: frozenset[str]
    doc: str = ""


def _caps(c: Context) -> None:
    c.ents = caps_readings(c.ents, c.recased)


def _datelines(c: Context) -> None:
    c.ents = datelines(c.text, c.ents)


def _sports(c: Context) -> None:
    c.sports = is_sports(c.text)


def _spans(c: Context) -> None:
    c.ents = clean_spans(c.text, c.ents, c.sports)


def _relabel(c: Context) -> None:
    c.ents = [y for y in (relabel(c.text, x) for x in c.ents) if y is not None]


def _org_names(c: Context) -> None:
    c.ents = org_names(c.text, c.ents)


def _title_names(c: Context) -> None:
    c.ents = title_names(c.text, c.ents)


def _particles(c: Context) -> None:
    c.ents = particle_names(c.text, c.ents)


def _extend_orgs(c: Context) -> None:
    c.ents = extend_orgs(c.text, c.ents)


def _acronyms(c: Context) -> None:
    c.ents = acronyms(c.text, c.ents)


def _company_names(c: Context) -> None:
    c.ents = company_names(c.text, c.ents)


def _split_and(c: Context) -> None:
    c.ents = split_and(c.text, c.ents)


def _initials(c: Context) -> None:
    c.ents = [initial_person(c.text, x) for x in c.ents]


def _who(c: Context) -> None:
    c.ents = [who_person(c.text, x) for x in c.ents]


def _common_words(c: Context) -> None:
    if c.sports:
        c.ents = [x for x in c.ents if not common_word_name(c.text, x)]
    else:
        c.ents = [x for x in c.ents if not opening_common_noun(c.text, x)]


def _locative(c: Context) -> None:
    c.ents = [locative_place(c.text, x) for x in c.ents]


def _places(c: Context) -> None:
    c.ents = places_by_context(c.text, c.ents)


def _agency(c: Context) -> None:
    c.ents = agency_credits(c.text, c.ents)


def _org_context(c: Context) -> None:
    c.ents = organisations_by_context(c.text, c.ents)


def _athletes(c: Context) -> None:
    if c.sports:
        c.ents = athletes(c.text, c.ents)


def _tables(c: Context) -> None:
    if c.sports:
        c.ents = table_names(c.text, c.ents)


def _results(c: Context) -> None:
    if c.sports:
        c.ents = result_lines(c.text, c.ents)


def _consistent(c: Context) -> None:
    c.ents, c.persons = consistent(c.text, c.ents)


def _propagate(c: Context) -> None:
    c.ents = propagate(c.text, c.ents, c.caps)


def _teams(c: Context) -> None:
    if c.sports:
        c.ents = [sports_team(c.text, x, c.persons) for x in c.ents]


def _events(c: Context) -> None:
    if c.sports:
        c.ents = event_names(c.text, c.ents)


def _p(name: str, run: Callable[[Context], None], requires: str, assigns: str, doc: str) -> Pass:
    return Pass(name, run, frozenset(requires.split()), frozenset(assigns.split()), doc)


PASSES: tuple[Pass, ...] = (
    _p("caps", _caps, "ents recased", "ents", "ALL-CAPS lines: the case-restored reading replaces the model's"),
    _p("datelines", _datelines, "text ents", "ents", "the place a dateline opens with is a GPE"),
    _p("sports", _sports, "text", "sports", "is this a sports report?"),
    _p("spans", _spans, "text ents sports", "ents", "no newline, honorific, title or score in a name"),
    _p("relabel", _relabel, "text ents", "ents", "groups, peoples, diseases, companies the model calls people"),
    _p("org_names", _org_names, "text ents", "ents", "organisation names the model cut into pieces"),
    _p("title_names", _title_names, "text ents", "ents", "a full name after a title is a person"),
    _p("particles", _particles, "text ents", "ents", "'Maria do Carmo Reis' is one person"),
    _p("extend_orgs", _extend_orgs, "text ents", "ents", "'University' + ' of Oxford'"),
    _p("split_and", _split_and, "text ents", "ents", "'AstraZeneca and University of Oxford' is two"),
    _p("acronyms", _acronyms, "text ents", "ents", "'Kurdistan Democratic Party ( KDP )': KDP is the party"),
    _p("company_names", _company_names, "text ents", "ents", "'Jeans Mate Corp' untagged is an organisation"),
    _p("initials", _initials, "text ents", "ents", "'H. Morris' is a person"),
    _p("who", _who, "text ents", "ents", "a name followed by ', who' is a person"),
    _p("common_words", _common_words, "text ents sports", "ents", "ordinary words are not names"),
    _p("locative", _locative, "text ents", "ents", "'in Tavildara': a known place after 'in'"),
    _p("places", _places, "text ents", "ents", "'the port of Koper', 'to Skye, Mull and Barra': places"),
    _p("agency", _agency, "text ents", "ents", "the agency credited in a dateline is an organisation"),
    _p("org_context", _org_context, "text ents", "ents", "a one-word name spoken of as a company"),
    _p("athletes", _athletes, "text ents sports", "ents", "sports: 'Goran Ivanisevic ( Croatia )'"),
    _p("tables", _tables, "text ents sports", "ents", "sports: names in results tables"),
    _p("results", _results, "text ents sports", "ents", "sports: 'Hajduk 2 Proleter 0': the names are teams"),
    _p("consistent", _consistent, "text ents", "ents persons", "one label per name; a surname is the person"),
    _p("propagate", _propagate, "text ents caps", "ents", "names tagged once are tagged where they recur"),
    _p("teams", _teams, "text ents sports persons", "ents", "sports: a town acting as a team is an ORG"),
    _p("events", _events, "text ents sports", "ents", "sports: 'Hong Kong Open' is an event"),
)
PASS_NAMES: tuple[str, ...] = tuple(p.name for p in PASSES)


def check_passes(passes: tuple[Pass, ...] = PASSES) -> None:
    """Every pass's requirement is a document input or assigned by an earlier pass, and every name
    is unique; otherwise ValueError naming the pass and the field."""
    known = set(INPUTS)
    names: set[str] = set()
    for p in passes:
        if p.name in names:
            raise ValueError(f"entity pass {p.name!r} is listed twice")
        names.add(p.name)
        missing = p.requires - known
        if missing:
            raise ValueError(f"entity pass {p.name!r} requires {', '.join(sorted(missing))}, "
                             "which no earlier pass assigns")
        known |= p.assigns


def unknown_passes(names: frozenset[str] | set[str]) -> list[str]:
    """The names among these that are not entity passes (a configuration error to report)."""
    return sorted(set(names) - set(PASS_NAMES))


def recognise(text: str, model_ents: list[Ent], recased: list[tuple[int, int, Ent | None]],
              disabled: frozenset[str] = frozenset(), timings: dict[str, float] | None = None) -> list[Ent]:
    """The corrected entity spans of a document (all labels), sorted, without overlaps."""
    ctx = Context(text, list(model_ents), recased, sorted({(s, e) for s, e, _ in recased}))
    for p in PASSES:
        if p.name in disabled:
            continue
        if timings is None:
            p.run(ctx)
        else:
            t0 = time.thread_time()
            p.run(ctx)
            timings[p.name] = timings.get(p.name, 0.0) + time.thread_time() - t0
    return no_overlaps(ctx.ents)


check_passes()
