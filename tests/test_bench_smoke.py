"""The benchmarks' fixed inputs stay valid and their measuring code runs (on a tiny desk; no timing
is checked here: speed is measured in bench/, not in tests)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from newsdesk.config import IngestOptions
from newsdesk.desk import Desk
from newsdesk.search.filters import Filters
from newsdesk.search.query import parse
from tests.helpers import synthetic_records

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import bench_search  # noqa: E402


def test_published_query_mix_parses_and_its_filters_are_valid() -> None:
    kinds = {kind for kind, _, _ in bench_search.QUERIES}
    assert {"common word", "rare word", "phrase", "boolean", "filtered"} <= kinds
    for _, query, filters in bench_search.QUERIES:
        parse(query)
        Filters.parse(**filters)
        assert query in (BENCH / "README.md").read_text()


def test_search_benchmark_measures_desk_and_bare_query(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "b.db"
    with Desk(str(db)) as d:
        d.ingest_records(synthetic_records(60), IngestOptions(workers=1, pipeline="bulk"))
    monkeypatch.setattr(bench_search, "ROUNDS", 2)
    result = bench_search.measure(db)
    assert result["articles"] == 60
    assert result["desk"]["n"] == result["bare"]["n"] == 2 * len(bench_search.QUERIES)
    assert len(result["per_query"]) == len(bench_search.QUERIES)
