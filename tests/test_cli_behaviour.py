"""The command line behaves: clear one-line errors, the documented exit codes, no desk created by
mistake, output fit for pipes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsdesk.cli import app
from newsdesk.config import IngestOptions
from newsdesk.desk import Desk
from tests.helpers import newsdesk

runner = CliRunner()
BULK = IngestOptions(pipeline="bulk", workers=1)


@pytest.fixture
def db(tmp_path: Path) -> str:
    address = str(tmp_path / "desk.db")
    with Desk(address) as d:
        d.ingest_records([
            {"title": "Port strike halts shipping", "text": "Dock workers at the port went on strike on Monday.",
             "published": "2026-03-02"},
            {"title": "Rain floods the valley", "text": "Heavy rain flooded the valley towns overnight.",
             "published": "2026-03-03"},
        ], BULK)
    return address


def test_a_deeply_nested_query_is_one_line_and_exit_2(db: str) -> None:
    res = runner.invoke(app, ["search", "(" * 250 + "strike" + ")" * 250, "--db", db])
    assert res.exit_code == 2
    assert "levels deep" in res.output and "Traceback" not in res.output
    assert len(res.output.strip().splitlines()) == 1


# --- 13: stderr in a pipe: one line per message, no box drawing ---------------------------------------
BOX = set("─━│┃╭╮╰╯┏┓┗┛═║")


def test_in_a_pipe_each_skipped_file_is_one_line_and_nothing_is_boxed(tmp_path: Path) -> None:
    folder = tmp_path / ("a-folder-with-a-rather-long-name-so-that-the-path-runs-past-eighty-columns" * 2)
    folder.mkdir()
    (folder / "story.txt").write_text("The council approved the new budget on Tuesday after a long debate.\n")
    (folder / "noise.bin").write_bytes(b"\x00\x01\x02\x03 not text at all \x00\xff" * 20)
    proc = newsdesk("ingest", "--bulk", "--workers", "1", str(folder), db=tmp_path / "d.db")
    assert proc.returncode == 3, proc.stderr
    skipped = [line for line in proc.stderr.splitlines() if "noise.bin" in line]
    assert len(skipped) == 1 and str(folder) in skipped[0], proc.stderr
    assert not BOX & set(proc.stderr), proc.stderr
    assert any(line.startswith("ingest summary:") for line in proc.stderr.splitlines())


def test_a_usage_error_in_a_pipe_is_plain_text(tmp_path: Path) -> None:
    proc = newsdesk("search", "--no-such-option", db=tmp_path / "d.db")
    assert proc.returncode == 2
    assert "No such option" in proc.stderr and not BOX & set(proc.stderr)


# --- 14: exit codes -----------------------------------------------------------------------------------
def test_a_missing_input_file_is_a_usage_error_and_stores_nothing(tmp_path: Path) -> None:
    res = runner.invoke(app, ["ingest", "--bulk", str(tmp_path / "nope.jsonl"), "--db", str(tmp_path / "d.db")])
    assert res.exit_code == 2
    assert "no such file or folder" in res.output and "nope.jsonl" in res.output


def test_ingest_exit_status_is_0_when_all_stored_and_3_when_some_skipped(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"title": "Bridge opens", "text": "The new bridge opened to traffic today."}) + "\n")
    res = runner.invoke(app, ["ingest", "--bulk", "--workers", "1", str(good), "--db", str(tmp_path / "d.db")])
    assert res.exit_code == 0, res.output
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text(json.dumps({"title": "Dam holds", "text": "The dam held through the storm."}) + "\n{broken\n")
    res = runner.invoke(app, ["ingest", "--bulk", "--workers", "1", str(mixed), "--db", str(tmp_path / "d.db")])
    assert res.exit_code == 3, res.output


def test_an_unknown_engine_is_a_usage_error(tmp_path: Path) -> None:
    res = runner.invoke(app, ["ingest", "--engine", "spark", "-", "--db", str(tmp_path / "d.db")])
    assert res.exit_code == 2 and "--engine must be local or ray" in res.output


# --- 15: a mistyped --db ------------------------------------------------------------------------------
@pytest.mark.parametrize("command", [
    ["stats"], ["search", "strike"], ["show", "abcdef12"], ["export"], ["entities"], ["stories"], ["quotes"],
    ["timeline", "strike"], ["sources"],
])
def test_a_command_on_a_missing_desk_says_so_and_creates_nothing(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "typo.db"
    res = runner.invoke(app, [*command, "--db", str(missing)])
    assert res.exit_code == 2, res.output
    assert f"no desk at {missing}" in res.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.timeout(60)  # before the fix, serve started on the new empty desk and never returned
def test_serve_on_a_missing_desk_says_so_and_creates_nothing(tmp_path: Path) -> None:
    res = runner.invoke(app, ["serve", "--db", str(tmp_path / "typo.db"), "--port", "0"])
    assert res.exit_code == 2 and "no desk at" in res.output
    assert list(tmp_path.iterdir()) == []


def test_ingest_creates_a_desk_that_is_not_there(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"title": "Mill reopens", "text": "The old mill reopened as a museum."}) + "\n")
    res = runner.invoke(app, ["ingest", "--bulk", "--workers", "1", str(src), "--db", str(tmp_path / "new.db")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "new.db").is_file()


# --- 16: --version, headers, stats, export to stdout, short prefixes ----------------------------------
def test_version_option_prints_the_version() -> None:
    from newsdesk.version import __version__

    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0 and res.stdout.strip() == f"newsdesk {__version__}"


def test_a_table_piped_to_another_program_starts_with_a_header_line(db: str) -> None:
    res = runner.invoke(app, ["search", "*", "--db", db])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0].split("\t")[:2] == ["id", "score"] and len(lines) == 3


def test_a_piped_timeline_starts_with_a_header_line(db: str) -> None:
    res = runner.invoke(app, ["timeline", "*", "--db", db, "--by", "month"])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines() == ["period\tcount", "2026-03\t2"]


def test_stats_is_a_table_and_json_with_the_json_option(db: str) -> None:
    table = runner.invoke(app, ["stats", "--db", db])
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0] == "what\tvalue" and "articles\t2" in lines and "languages.en\t2" in lines
    as_json = runner.invoke(app, ["stats", "--db", db, "--json"])
    assert json.loads(as_json.stdout)["articles"] == 2


def test_export_to_dash_writes_standard_output_and_no_file(db: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(app, ["export", "-o", "-", "--db", db])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines() if line.startswith("{")]
    assert len(rows) == 2 and not (tmp_path / "-").exists()


def test_show_with_a_too_short_prefix_says_how_long_a_prefix_must_be(db: str) -> None:
    with Desk(db) as d:
        some_id = next(d.articles()).id
    res = runner.invoke(app, ["show", some_id[:4], "--db", db])
    assert res.exit_code == 1 and "at least 6 characters" in res.output
    assert runner.invoke(app, ["show", some_id[:8], "--db", db, "--json"]).exit_code == 0


def test_show_with_an_ambiguous_prefix_says_so() -> None:
    from newsdesk.cli.core import no_article_message

    class TwoMatches:  # a desk whose ids share the prefix (real ids rarely share 6 characters)
        @staticmethod
        def ids_starting(prefix: str, limit: int = 2) -> list[str]:
            return [prefix + "01", prefix + "02"][:limit]

    assert "several article ids start with it" in no_article_message(TwoMatches(), "3090ab")


# --- 17: Ray not installed ----------------------------------------------------------------------------
def test_engine_ray_without_ray_names_the_extra_in_one_line(tmp_path: Path, monkeypatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now fails as if it were not installed
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"text": "The ferry runs twice a day."}) + "\n")
    res = runner.invoke(app, ["ingest", "--engine", "ray", str(src), "--db", str(tmp_path / "d.db")])
    assert res.exit_code == 2
    assert "pip install 'newsdesk[ray]'" in res.output and "Traceback" not in res.output
    assert len(res.output.strip().splitlines()) == 1


# --- 18: commands that do not run the pipeline do not load it -----------------------------------------
def test_reading_commands_do_not_load_spacy_or_the_pipeline(db: str) -> None:
    import subprocess
    import sys

    commands = [["stats"], ["stats", "--json"], ["search", "strike"], ["timeline", "strike"], ["entities"],
                ["stories"], ["quotes"], ["show", "abcdef12"], ["export", "-o", "-"],
                ["export", "--what", "entities"]]
    code = (
        "import json, sys\n"
        "from typer.testing import CliRunner\n"
        "from newsdesk.cli import app\n"
        f"for c in {commands!r}:\n"
        f"    CliRunner().invoke(app, c + ['--db', {db!r}])\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc', 'torch')"
        " or m.startswith('newsdesk.pipeline.nlp'))))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []


# --- 13: the progress bar knows its total when it is cheap to know -----------------------------------
def test_the_files_of_the_inputs_are_counted_before_an_ingest(tmp_path: Path) -> None:
    from newsdesk.cli.progress import count_input_files

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b").mkdir()
    for name in ("a/1.txt", "a/2.txt", "a/b/3.jsonl", "single.txt"):
        (tmp_path / name).write_text("x\n")
    assert count_input_files([str(tmp_path / "a"), str(tmp_path / "single.txt")]) == 4
    assert count_input_files([str(tmp_path / "a")], limit=2) is None  # not cheap: no total
    assert count_input_files(["-"]) is None and count_input_files(["https://example.org/feed"]) is None


def test_files_done_counts_every_input_seen_before_the_latest() -> None:
    from newsdesk.cli.progress import FilesDone
    from newsdesk.desk.ingest import IngestReport

    report = IngestReport(outcomes=[{"origin": "a/1.txt"}, {"origin": "a/1.txt"}, {"origin": "a/2.txt"}])
    done = FilesDone()
    assert done.update(report) == 1
    report.outcomes.append({"origin": "a/3.txt"})
    assert done.update(report) == 2


# --- 14: any other error is one line and exit status 1 --------------------------------------------------
def test_an_unexpected_error_is_one_line_and_exit_1(monkeypatch, capsys) -> None:
    import newsdesk.cli as cli

    def broken() -> None:
        raise RuntimeError("disk on fire\nsecond line")

    monkeypatch.setattr(cli, "app", broken)
    monkeypatch.delenv("NEWSDESK_DEBUG", raising=False)
    with pytest.raises(SystemExit) as stop:
        cli.main()
    assert stop.value.code == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and "disk on fire second line" in lines[0] and "Traceback" not in lines[0]


def test_a_postgres_desk_without_psycopg_names_the_extra(monkeypatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if the postgres extra were not installed
    monkeypatch.delitem(sys.modules, "newsdesk.store.postgres", raising=False)
    res = runner.invoke(app, ["stats", "--db", "postgresql://nobody@127.0.0.1:1/none"])
    assert res.exit_code == 1
    assert "pip install 'newsdesk[postgres]'" in res.output and "Traceback" not in res.output


def test_export_to_an_unwritable_path_is_one_line(db: str, tmp_path: Path) -> None:
    res = runner.invoke(app, ["export", "-o", str(tmp_path / "no" / "such" / "dir.jsonl"), "--db", db])
    assert res.exit_code == 2 and "cannot write" in res.output and "Traceback" not in res.output


# --- output fit for pipes: a reader that stops early is not an error ----------------------------------
def test_export_into_a_reader_that_stops_early_ends_quietly_with_status_0(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    address = str(tmp_path / "big.db")
    line = "The harbour board met again on the question of the night shifts. "
    with Desk(address) as d:  # about 400 kB of export: far more than a pipe holds
        d.ingest_records([{"title": f"Board meeting {i}", "text": line * 20, "published": "2026-03-02"}
                          for i in range(300)], BULK)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    proc = subprocess.Popen([sys.executable, "-m", "newsdesk", "export", "-o", "-", "--db", address],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(200)  # like `| head -c 200`: read a little, then hang up
    proc.stdout.close()
    status = proc.wait(timeout=120)
    stderr = proc.stderr.read().decode()
    assert status == 0, stderr
    assert "Traceback" not in stderr and "Error" not in stderr


def test_reprocess_knows_how_many_articles_it_will_enrich_before_it_starts(db: str) -> None:
    with Desk(db) as d:
        assert d.count_stale(BULK) == 0  # enriched by this very pipeline
        assert d.count_stale(BULK, all_articles=True) == 2
        full = IngestOptions(pipeline="full", workers=1)
        assert d.count_stale(full) == 2  # another pipeline version: both are stale
        assert d.reprocess(full).stored == d.count_stale(full, all_articles=True)
        assert d.count_stale(full) == 0


def test_quotations_show_direct_speech_as_written_and_reported_speech_after_its_verb() -> None:
    from newsdesk.cli.output import quotation_text
    from newsdesk.model import Quote, Span

    direct = {"text": "“We will reopen the pier by May,”", "direct": True, "cue": "said", "speaker_name": "Ana Molina"}
    reported = {"text": "the pier would reopen by May", "direct": False, "cue": "denied", "speaker_name": "Ana Molina"}
    bare = {"text": "the pier would reopen", "direct": False, "cue": None}
    assert quotation_text(direct) == "“We will reopen the pier by May,”"  # its own marks, not wrapped again
    assert quotation_text(reported) == "denied: the pier would reopen by May"
    assert quotation_text(bare) == "[reported] the pier would reopen"
    q = Quote(content=Span(0, 28, "the pier would reopen by May"), direct=False, cue=Span(30, 36, "warned"))
    assert quotation_text(q) == "warned: the pier would reopen by May"
