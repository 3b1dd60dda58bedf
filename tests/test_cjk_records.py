"""Chinese and Japanese records: short texts without spaces are articles, and 。 ends a sentence."""

from __future__ import annotations

from newsdesk.config import IngestOptions
from newsdesk.model import RawRecord
from newsdesk.pipeline.clean import is_truncated
from newsdesk.sources.records import FieldMapper


def test_a_short_chinese_text_is_the_article_not_an_id() -> None:
    record = FieldMapper(IngestOptions())({"title": "港口罢工", "text": "北京港口工人今天开始罢工。"}, "zh.jsonl", 1)
    assert isinstance(record, RawRecord)
    assert record.text == "北京港口工人今天开始罢工。"
    assert "headline_only" not in record.flags


def test_a_short_ascii_code_is_still_taken_for_a_label() -> None:
    record = FieldMapper(IngestOptions())({"title": "Port strike", "text": "dd8x3Kq"}, "en.jsonl", 1)
    assert isinstance(record, RawRecord)
    assert "headline_only" in record.flags


def test_chinese_and_japanese_full_stops_end_a_sentence() -> None:
    assert not is_truncated("港口工人今天开始罢工。")
    assert not is_truncated("港の労働者がストライキを始めた。」")
    assert is_truncated("港口工人今天开始")
