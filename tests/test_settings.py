"""One settings object: newsdesk.toml, then the environment, then flags; read once, passed down."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsdesk.cli import app
from newsdesk.desk import Desk
from newsdesk.desk.search import index_path
from newsdesk.settings import Settings, SettingsError, load_settings

FILE = """
db = "from-file.db"
index = "/file/index"
[dedup]
threshold = 0.9
[pipeline]
disabled_passes = ["sports", "titles"]
[web]
token = "file-token"
"""


def write(folder: Path, text: str = FILE) -> Path:
    path = folder / "newsdesk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_file_gives_every_setting(tmp_path: Path) -> None:
    s = load_settings(write(tmp_path), env={})
    assert (s.db, s.index, s.dedup_threshold, s.token) == ("from-file.db", "/file/index", 0.9, "file-token")
    assert s.pipeline.disabled_passes == ("sports", "titles")
    assert s.pipeline.step_options() == {"entities": {"disabled": ["sports", "titles"]}}


def test_environment_beats_the_file_and_flags_beat_both(tmp_path: Path) -> None:
    env = {"NEWSDESK_DB": "from-env.db", "NEWSDESK_DEDUP_THRESHOLD": "0.75", "NEWSDESK_DISABLED_PASSES": "a, b"}
    s = load_settings(write(tmp_path), env=env, flags={"db": "from-flag.db", "index": None})
    assert s.db == "from-flag.db"  # flag > environment > file
    assert s.dedup_threshold == 0.75 and s.pipeline.disabled_passes == ("a", "b")  # environment > file
    assert s.index == "/file/index"  # a flag not given (None) leaves the value alone


def test_the_file_is_found_in_the_desk_folder_then_the_current_one(tmp_path: Path, monkeypatch) -> None:
    desk_dir, cwd = tmp_path / "desk", tmp_path / "cwd"
    desk_dir.mkdir(), cwd.mkdir()
    write(cwd, 'db = "cwd.db"\n')
    monkeypatch.chdir(cwd)
    assert load_settings(env={}).db == "cwd.db"
    write(desk_dir, 'db = "desk.db"\n')
    assert load_settings(env={}, folder=desk_dir).db == "desk.db"
    assert load_settings(env={}, folder=tmp_path / "none").db == "cwd.db"


def test_bad_settings_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(SettingsError):
        load_settings(tmp_path / "missing.toml", env={})
    with pytest.raises(SettingsError):
        load_settings(write(tmp_path, "db = \n"), env={})
    with pytest.raises(SettingsError):
        load_settings(write(tmp_path, "[dedup]\nthreshold = 'high'\n"), env={})
    with pytest.raises(SettingsError):
        load_settings(write(tmp_path, "[pipeline]\ndisabled_passes = 3\n"), env={})


def test_the_index_setting_places_the_index() -> None:
    assert index_path("a.db", "sqlite", Settings(index="/x/idx")) == Path("/x/idx")
    assert index_path("a.db", "sqlite", Settings()) == Path("a.db.index")
    assert index_path("postgresql://h/d", "postgres", Settings(cache_home="/c")).parent == Path("/c/newsdesk")


def test_the_desk_passes_its_settings_down(tmp_path: Path) -> None:
    desk = Desk(str(tmp_path / "d.db"), settings=Settings(dedup_threshold=0.7, index=str(tmp_path / "ix")))
    try:
        dedup = desk._make_linker(True).steps[0]
        assert dedup.name == "dedup" and dedup.resolved_threshold(desk.store) == 0.7
        desk.store.set_meta("dedup_threshold", "0.9")  # the desk's own setting still wins
        assert dedup.resolved_threshold(desk.store) == 0.9
        assert (tmp_path / "ix").is_dir()
    finally:
        desk.close()


def test_the_cli_reads_the_desk_from_a_config_file(tmp_path: Path) -> None:
    Desk(str(tmp_path / "named.db")).close()
    config = write(tmp_path, f'db = "{tmp_path / "named.db"}"\n')
    result = CliRunner().invoke(app, ["--config", str(config), "stats", "--json"])
    assert result.exit_code == 0, result.output
    missing = CliRunner().invoke(app, ["--config", str(tmp_path / "nope.toml"), "stats"])
    assert missing.exit_code == 2


def test_debug_and_the_server_log_level_come_from_the_file_then_the_environment(tmp_path: Path) -> None:
    path = write(tmp_path, 'debug = true\n[web]\nlog_level = "INFO"\n')
    s = load_settings(path, env={})
    assert s.debug is True and s.log_level == "info"
    s = load_settings(path, env={"NEWSDESK_DEBUG": "off", "NEWSDESK_LOG": "error"})
    assert s.debug is False and s.log_level == "error"
    assert (Settings().debug, Settings().log_level) == (False, "warning")
    with pytest.raises(SettingsError):
        load_settings(write(tmp_path, "debug = 3\n"), env={})


def test_the_debug_setting_lets_an_unexpected_cli_error_show_its_traceback(monkeypatch, tmp_path: Path) -> None:
    import importlib

    import newsdesk.cli as cli

    def broken() -> None:
        raise RuntimeError("disk on fire")

    # (the module: `newsdesk.cli.app` as an attribute is the Typer app)
    cli_app = importlib.import_module("newsdesk.cli.app")
    monkeypatch.chdir(tmp_path)  # no newsdesk.toml here and no --config: the environment decides
    monkeypatch.setitem(cli_app._CONFIG, "path", None)
    monkeypatch.setattr(cli, "app", broken)
    monkeypatch.setenv("NEWSDESK_DEBUG", "1")
    with pytest.raises(RuntimeError, match="disk on fire"):
        cli.main()
    monkeypatch.setenv("NEWSDESK_DEBUG", "0")
    with pytest.raises(SystemExit):
        cli.main()
