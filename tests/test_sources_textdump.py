"""Plain-text dumps: split modes, the auto layout rule on several layouts, and the founding sample."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.config import IngestOptions
from newsdesk.model import RawRecord, Skipped
from newsdesk.sources import read_inputs
from newsdesk.sources.textdump import Kind, choose_layout, classify

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_36cefa5a0f04f663.txt"

# Our own filler text: sentences of ordinary length about nothing in particular.
S = [
    "The harbour committee met on Tuesday to discuss the new ferry timetable.",
    "Members agreed that the early crossing should leave ten minutes later.",
    "A spokesperson said the change would take effect at the start of next month.",
    "Local traders welcomed the decision after a long campaign.",
    "The council will review the timetable again in the autumn.",
    "Officials said no further changes were planned for the winter.",
]
LONG = [
    "The regional library reopened its doors this week after a renovation that lasted two years. "
    "Visitors found a larger reading room, a café and a children's corner with new shelves. "
    "The librarian said the number of visitors on the first day was twice the usual figure. "
    "A second phase of the work, covering the archive in the basement, will start",
    "A small bakery in the old town has won a national prize for its rye bread this year. "
    "The owners, who opened the shop a decade ago, said they had not expected to win. "
    "Judges praised the crust and the slow fermentation that gives the loaf its flavour. "
    "Orders from other cities arrived within hours of the announcement, and the bakers",
    "Cyclists on the coastal path will have to take a detour from Monday while the bridge is repaired. "
    "Engineers found cracks in two of its supports during a routine inspection in the spring. "
    "The work is expected to take six weeks, weather permitting, and will cost less than planned. "
    "Signs showing the detour have been put up at both ends of the path.",
]


def write(tmp_path: Path, text: str, name: str = "dump.txt", newline: str = "\n") -> str:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return str(path)


def records(path: str, split: str = "auto") -> list[RawRecord]:
    items = list(read_inputs([path], IngestOptions(split=split)))
    assert all(isinstance(i, RawRecord) for i in items), items
    return items  # type: ignore[return-value]


# -- the line classes ---------------------------------------------------------------------------------

def test_classify_lines():
    assert classify("") is Kind.BLANK
    assert classify("   ") is Kind.BLANK
    assert classify("* * *") is Kind.SEPARATOR
    assert classify("PHOTO: AFP") is Kind.STRAY
    assert classify("By Jane Example") is Kind.STRAY
    assert classify("Ferry timetable changes from next month") is Kind.HEADING
    assert classify(S[0]) is Kind.SENTENCE
    assert classify('"We will see how it goes," she said.') is Kind.SENTENCE
    assert classify(S[0] + " " + S[1]) is Kind.SENTENCE  # two sentences, still short
    assert classify(LONG[0]) is Kind.LONG
    assert classify(" ".join(S[:4])) is Kind.LONG  # four sentences over 200 characters


# -- split modes ---------------------------------------------------------------------------------------

def test_split_line(tmp_path):
    path = write(tmp_path, f"{S[0]}\n\n{S[1]}\n{LONG[0]}\n")
    got = records(path, "line")
    assert [r.text for r in got] == [S[0], S[1], LONG[0]]
    assert [r.position for r in got] == [1, 2, 3]
    assert [r.meta["line"] for r in got] == [1, 3, 4]


def test_split_file(tmp_path):
    text = f"Ferry timetable to change\n\n{S[0]}\n{S[1]}\n\n{S[2]}\n"
    got = records(write(tmp_path, text), "file")
    assert len(got) == 1
    assert got[0].title == "Ferry timetable to change"
    assert got[0].text == f"{S[0]}\n{S[1]}\n\n{S[2]}"


def test_split_blank_keeps_blocks_and_takes_titles(tmp_path):
    text = f"Ferry timetable to change\n{S[0]}\n{S[1]}\n\n\n{LONG[0]}\n\nBakery wins a prize\n{LONG[1]}\n"
    got = records(write(tmp_path, text), "blank")
    assert [r.title for r in got] == ["Ferry timetable to change", None, "Bakery wins a prize"]
    assert [r.text for r in got] == [f"{S[0]}\n{S[1]}", LONG[0], LONG[1]]
    assert [r.position for r in got] == [1, 2, 3]


def test_unknown_split_mode_is_a_usage_error(tmp_path):
    with pytest.raises(ValueError, match="split mode"):
        list(read_inputs([write(tmp_path, S[0])], IngestOptions(split="paragraph")))


# -- auto on several layouts ------------------------------------------------------------------------

def test_auto_blank_separated_articles_with_headlines(tmp_path):
    text = (f"Ferry timetable to change\n{S[0]}\n{S[1]}\n{S[2]}\n\n"
            f"Library reopens after renovation\n{LONG[0]}\n\n"
            f"Cycle path detour\n{LONG[2]}\n{S[5]}\n")
    got = records(write(tmp_path, text))
    assert [r.title for r in got] == ["Ferry timetable to change", "Library reopens after renovation",
                                      "Cycle path detour"]
    assert got[0].text == "\n".join(S[:3])
    assert got[2].text == f"{LONG[2]}\n{S[5]}"


def test_auto_standalone_headlines_over_paragraphs(tmp_path):
    # "Headline", blank, paragraphs separated by blank lines: one article per headline.
    text = (f"Ferry timetable to change\n\n{' '.join(S[:3])}\n\n{' '.join(S[3:])}\n\n"
            f"Library reopens\n\n{LONG[0]}\n")
    got = records(write(tmp_path, text))
    assert [r.title for r in got] == ["Ferry timetable to change", "Library reopens"]
    assert got[0].text == f"{' '.join(S[:3])}\n\n{' '.join(S[3:])}"
    assert got[1].text == LONG[0]


def test_auto_one_article_file_with_paragraphs(tmp_path):
    text = f"Ferry timetable to change\n\n{LONG[2]}\n\n{' '.join(S[:4])}\n\n{S[4]}\n"
    got = records(write(tmp_path, text))
    assert len(got) == 1
    assert got[0].title == "Ferry timetable to change"
    assert got[0].text.startswith(LONG[2]) and got[0].text.endswith(S[4])


def test_auto_one_article_per_line(tmp_path):
    got = records(write(tmp_path, "\n".join(LONG) + "\n"))
    assert [r.text for r in got] == LONG
    assert [r.title for r in got] == [None, None, None]


def test_auto_sentence_per_line_articles_between_single_line_articles(tmp_path):
    text = "\n".join([S[0], S[1], "PHOTO: AFP", S[2], LONG[0], LONG[1], S[3], S[4], S[5], LONG[2]]) + "\n"
    got = records(write(tmp_path, text))
    assert [r.text for r in got] == [
        "\n".join([S[0], S[1], "PHOTO: AFP", S[2]]), LONG[0], LONG[1], "\n".join(S[3:6]), LONG[2]]


def test_auto_headline_lines_start_articles(tmp_path):
    text = "\n".join(["Ferry timetable to change", S[0], S[1], "Bakery wins a prize", LONG[1],
                      "Harbour committee meets again", S[2], S[3]]) + "\n"
    got = records(write(tmp_path, text))
    assert [(r.title, r.text) for r in got] == [
        ("Ferry timetable to change", f"{S[0]}\n{S[1]}"),
        ("Bakery wins a prize", LONG[1]),
        ("Harbour committee meets again", f"{S[2]}\n{S[3]}"),
    ]


def test_auto_headlines_alone_are_items(tmp_path):
    heads = ["Ferry timetable to change", "Bakery wins a prize", "Cycle path closed for repairs"]
    got = records(write(tmp_path, "\n".join(heads) + "\n"))
    assert [(r.title, r.text) for r in got] == [(None, h) for h in heads]


def test_auto_short_line_between_long_lines_goes_forward(tmp_path):
    got = records(write(tmp_path, "\n".join([LONG[0], S[0], LONG[1]]) + "\n"))
    assert [r.text for r in got] == [LONG[0], S[0], LONG[1]]


def test_auto_separator_lines_end_articles(tmp_path):
    got = records(write(tmp_path, "\n".join([S[0], S[1], "* * *", S[2], S[3]]) + "\n"))
    assert [r.text for r in got] == [f"{S[0]}\n{S[1]}", f"{S[2]}\n{S[3]}"]


def test_auto_windows_line_endings_and_trailing_whitespace(tmp_path):
    text = f"Ferry timetable to change   \n{S[0]}  \n{S[1]}\t\n\nLibrary reopens \n{LONG[0]}   \n"
    got = records(write(tmp_path, text, newline="\r\n"))
    assert [(r.title, r.text) for r in got] == [
        ("Ferry timetable to change", f"{S[0]}\n{S[1]}"), ("Library reopens", LONG[0])]
    assert all("\r" not in r.text for r in got)


def test_auto_single_article_file(tmp_path):
    text = "Ferry timetable to change\n" + "\n".join(S) + "\n"
    got = records(write(tmp_path, text))
    assert len(got) == 1
    assert got[0].title == "Ferry timetable to change"
    assert got[0].text == "\n".join(S)


def test_auto_double_spaced_lines_ignore_the_blanks(tmp_path):
    text = "\n\n".join([S[0], S[1], S[2], LONG[0], LONG[1]]) + "\n"
    got = records(write(tmp_path, text))
    assert [r.text for r in got] == ["\n".join(S[:3]), LONG[0], LONG[1]]


def test_layout_choice():
    def lines(*texts: str):
        from newsdesk.sources.textdump import TextLine
        return [TextLine(i, t, len(t), "utf-8", classify(t)) for i, t in enumerate(texts, 1)]

    assert choose_layout(lines(S[0], S[1], LONG[0])) == "lines"
    assert choose_layout(lines("", S[0], S[1], "")) == "lines"  # blank lines at the ends don't count
    assert choose_layout(lines("Title one", S[0], "", "Title two", S[1])) == "blocks"
    assert choose_layout(lines("Title one", "", S[0], "", S[1], "", "Title two", "", S[2])) == "headlines"
    assert choose_layout(lines(S[0], "", S[1], "", LONG[0])) == "spaced"


def test_article_over_the_size_limit_is_skipped(tmp_path):
    from newsdesk.config import Limits

    path = write(tmp_path, "\n".join(S) + "\n" + LONG[0] + "\n")
    items = list(read_inputs([path], IngestOptions(limits=Limits(max_article_chars=350))))
    assert isinstance(items[0], Skipped) and items[0].position == 1
    assert "record too large" in items[0].reason and "limit 350" in items[0].reason
    assert isinstance(items[1], RawRecord) and items[1].text == LONG[0]


# -- the founding sample -----------------------------------------------------------------------------

@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed not present")
def test_seed_gives_five_articles():
    from newsdesk.pipeline.clean import remove_credit_lines

    got = records(str(SEED))
    lines = SEED.read_text(encoding="utf-8").splitlines()
    assert len(got) == 5
    assert [r.position for r in got] == [1, 2, 3, 4, 5]
    # The first article is the sentence-per-line report, kept exactly; the credit line goes in clean.
    assert got[0].text == "\n".join(lines[:19])
    cleaned, credits = remove_credit_lines(got[0].text)
    assert credits == ["PHOTO: AFP"] and "PHOTO: AFP" not in cleaned
    # The other four are the single-line reports, untouched.
    assert [r.text for r in got[1:]] == lines[19:23]
    assert all(r.origin == str(SEED) and r.meta["encoding"] == "utf-8" for r in got)
