"""Optional sentence embeddings for stories: stored with the sparse vectors, removed on forget,
and a clean fallback when the model is absent or switched off. The texts are our own."""

from __future__ import annotations

import pytest

from newsdesk.store.sqlite import SQLiteStore
from newsdesk.stories import embeddings
from newsdesk.stories.cluster import Clusterer, Config, add_into, blend, dense_cosine
from newsdesk.stories.state import StoryRecord, StoryState, split_vector, with_embedding
from tests.test_stories import FIRE_A, FIRE_B, article, link

WITH_EMBEDDINGS = Config(embedding_veto=0.2)


def test_stored_vector_keeps_its_embedding_apart_from_the_feature_keys():
    stored = with_embedding({"w:fire": 0.5, "n:tallinn": 0.2}, [0.6, 0.8])
    import json

    sparse, dense = split_vector(json.dumps(stored))
    assert sparse == {"w:fire": 0.5, "n:tallinn": 0.2}
    assert dense == [0.6, 0.8]
    assert split_vector(json.dumps(with_embedding({"w:fire": 1.0}, []))) == ({"w:fire": 1.0}, [])


def test_story_row_round_trip_keeps_the_embedding_sum():
    story = StoryRecord(id="s1", created_seq=1, updated_seq=1, centroid={"w:fire": 1.0}, embedding=[0.1, 0.2])
    cols = ("id", "title", "title_article", "summary", "first_seen", "last_seen", "created_seq", "updated_seq",
            "size", "n_articles", "n_sources", "sources", "centroid", "names", "places", "breaking", "updated_at")
    back = StoryRecord.from_row(dict(zip(cols, story.to_row(), strict=True)))
    assert back.embedding == [0.1, 0.2] and back.centroid == {"w:fire": 1.0}


def test_embedding_sums_add_and_subtract_back_to_zero():
    total = add_into([], [0.5, -0.25])
    total = add_into(total, [0.25, 0.25])
    assert total == [0.75, 0.0]
    assert add_into(add_into(total, [0.25, 0.25], -1.0), [0.5, -0.25], -1.0) == [0.0, 0.0]


def test_blend_ignores_a_missing_embedding_and_counts_only_cosine_above_the_floor():
    cfg = Config(embedding_weight=0.5, embedding_floor=0.5)
    assert blend(0.3, None, cfg) == 0.3
    assert blend(0.3, 0.4, cfg) == pytest.approx(0.15)  # below the floor: no evidence
    assert blend(0.3, 1.0, cfg) == pytest.approx(0.65)
    assert dense_cosine([1.0, 0.0], []) == 0.0


def test_absent_model_falls_back_to_sparse_evidence(monkeypatch, tmp_path):
    monkeypatch.setattr(embeddings, "_model", lambda: None)  # as without the embeddings extra
    assert embeddings.embed(["A fire in the harbour"]) is None
    store = SQLiteStore(tmp_path / "d.db")
    arts = [article(f"a{i}", t, x) for i, (t, x) in enumerate(FIRE_A)]
    link(store, arts, config=WITH_EMBEDDINGS)
    assert len({a.story_id for a in arts}) == 1
    state = StoryState(store)
    assert state.load([arts[0].story_id])[arts[0].story_id].embedding == []
    store.close()


@pytest.mark.skipif(not embeddings.available(), reason="the embeddings extra is not installed")
def test_embeddings_put_one_event_in_other_words_closer_than_another_event():
    a, b, c = embeddings.embed([
        "Protesters clashed with police outside parliament over the new fuel tax",
        "Demonstrators fought officers near the legislature as lawmakers debated the petrol levy",
        "A strong earthquake shook the northern coast, damaging fishing boats",
    ])
    assert abs(dense_cosine(a, a) - 1.0) < 1e-3
    assert dense_cosine(a, b) > dense_cosine(a, c) + 0.2


@pytest.mark.skipif(not embeddings.available(), reason="the embeddings extra is not installed")
def test_forgetting_an_article_takes_its_embedding_out_of_the_story(tmp_path):
    store = SQLiteStore(tmp_path / "d.db")
    arts = [article(f"a{i}", t, x) for i, (t, x) in enumerate(FIRE_A)]
    arts += [article(f"b{i}", t, x) for i, (t, x) in enumerate(FIRE_B)]
    link(store, arts, config=WITH_EMBEDDINGS)
    sid = arts[0].story_id
    before = StoryState(store).load([sid])[sid].embedding
    assert len(before) == embeddings.DIMENSIONS
    with store.transaction():
        state = StoryState(store)
        clusterer = Clusterer(state, WITH_EMBEDDINGS)
        clusterer.forget([arts[2].id])
        state.flush()
    after = StoryState(store).load([sid])[sid].embedding
    gone = embeddings.embed([embeddings.lead_text(arts[2].title, arts[2].text)])[0]
    assert after == pytest.approx([x - g for x, g in zip(before, gone, strict=True)], abs=1e-4)
    store.close()
