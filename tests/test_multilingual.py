"""The multilingual step and the desk in other languages: French entities, quotations and places
(with the French model when the `french` extra is installed), the other languages' names, places
and quotations, search in Chinese and German, and one story / one entity across languages.
Texts written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.config import IngestOptions
from newsdesk.desk import Desk
from newsdesk.languages.french import french_model_name
from newsdesk.model import Article, short_hash
from newsdesk.pipeline import build_pipeline

needs_french = pytest.mark.skipif(french_model_name() is None, reason="French model not installed (newsdesk[french])")

FR = ("Le président Emmanuel Macron s'est rendu mardi à Londres pour rencontrer le Premier ministre "
      "britannique. « Nous ne céderons pas sur l'Ukraine », a-t-il déclaré devant la presse. Selon "
      "l'Agence France-Presse, les deux dirigeants ont aussi parlé de l'Allemagne et de la Chine. "
      "Vladimir Poutine n'a pas réagi. Macron doit ensuite se rendre à Berlin le 3 mars.")
DE = ("Bundeskanzler Olaf Scholz ist am Dienstag nach Paris gereist. „Wir stehen fest an der Seite der "
      "Ukraine“, sagte Scholz nach dem Treffen. Die Lage bleibe angespannt, hieß es in Berlin.")
ZH = "中国国家主席习近平周二在北京会见了法国总统马克龙。马克龙表示：“法国愿意与中国加强合作。”双方还讨论了乌克兰局势。"


def enrich(text: str, title: str = "", steps: list[str] | None = None) -> Article:
    pipeline = build_pipeline(steps or ["clean", "language", "multilingual"])
    return pipeline([Article(id="a", title=title, text=text)])[0]


def entities(a: Article) -> dict[str, str]:
    return {e.name: e.label for e in a.entities}


def test_french_without_the_model_gets_the_language_independent_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("newsdesk.languages.french.french_model_name", lambda: None)
    a = enrich(FR)
    assert a.language == "fr"
    found = entities(a)
    assert found.get("Emmanuel Macron") == "PERSON" and found.get("Vladimir Putin") == "PERSON"
    assert found.get("Londres") == "GPE"
    assert any(q.speaker_name == "Emmanuel Macron" for q in a.quotes)


@needs_french
def test_french_entities_with_the_desks_labels() -> None:
    a = enrich(FR)
    found = entities(a)
    assert found["Emmanuel Macron"] == "PERSON"
    assert found["Agence France-Presse"] == "ORG"
    assert found["Londres"] == "GPE" and found["Allemagne"] == "GPE" and found["Chine"] == "GPE"
    assert found["Vladimir Putin"] == "PERSON"  # "Vladimir Poutine", named as English writes it
    putin = next(e for e in a.entities if e.name == "Vladimir Putin")
    assert "Vladimir Poutine" in putin.aliases
    for m in a.mentions:
        assert a.text[m.start : m.end] == m.surface


@needs_french
def test_french_places_located_through_their_french_names() -> None:
    a = enrich(FR)
    by_name = {e.name: e for e in a.entities}
    assert by_name["Londres"].country_code == "GB" and by_name["Londres"].geonameid
    assert by_name["Allemagne"].country_code == "DE"
    assert by_name["Chine"].country_code == "CN"


@needs_french
def test_french_quotations_with_inversion_and_selon() -> None:
    a = enrich(FR)
    direct = [q for q in a.quotes if q.direct]
    assert [q.content.text for q in direct] == ["Nous ne céderons pas sur l'Ukraine"]
    assert direct[0].speaker_name == "Emmanuel Macron" and direct[0].speaker.text == "il"
    assert direct[0].cue and direct[0].cue.text == "déclaré"
    indirect = [q for q in a.quotes if not q.direct]
    assert indirect and indirect[0].speaker_name == "Agence France-Presse"
    for q in a.quotes:
        assert a.text[q.content.start : q.content.end] == q.content.text


@needs_french
def test_french_dialogue_dash_and_after_the_quote_name() -> None:
    text = ("Bruno Le Maire a présenté le budget jeudi.\n— Nous allons réduire le déficit dès cette année, "
            "a affirmé Bruno Le Maire.\n« La France tiendra ses engagements », a déclaré Élisabeth Borne.")
    a = enrich(text)
    speakers = {q.content.text: q.speaker_name for q in a.quotes}
    assert speakers["Nous allons réduire le déficit dès cette année"] == "Bruno Le Maire"
    assert speakers["La France tiendra ses engagements"] == "Élisabeth Borne"


def test_french_dates_are_read_from_the_text() -> None:
    a = enrich("Le sommet s'est tenu le 3 mars 2024 à Bruxelles, en présence des ministres européens.",
               steps=["clean", "language", "dates", "multilingual"])
    assert (a.published or "").startswith("2024-03-03")


def test_german_keywords_and_summary_leave_out_german_stop_words() -> None:
    a = enrich(DE)
    assert a.keywords and not {"die", "der", "und", "ist", "am"} & {k.lower() for k in a.keywords}
    assert a.summary and "Scholz" in a.summary
    assert ("Olaf Scholz", "PERSON") in entities(a).items()
    assert any(q.speaker_name == "Olaf Scholz" for q in a.quotes)


def test_chinese_article_gets_places_people_and_a_quotation() -> None:
    a = enrich(ZH)
    assert a.language == "zh"
    found = entities(a)
    assert found.get("Beijing") == "GPE" and found.get("Xi Jinping") == "PERSON"
    beijing = next(e for e in a.entities if e.name == "Beijing")
    assert beijing.country_code == "CN" and "北京" in beijing.aliases
    assert [q.speaker_name for q in a.quotes] == ["Emmanuel Macron"]


def test_english_articles_are_left_to_the_english_steps() -> None:
    a = enrich("The minister met reporters in London on Tuesday and said the plan would go ahead.")
    assert a.language == "en" and a.entities == [] and a.quotes == []


def record(rid: str, title: str, text: str, day: str = "2024-03-05") -> dict:
    return {"id": rid, "title": title, "text": text, "published": day}


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Desk:
    d = Desk(str(Path(tmp_path_factory.mktemp("ml")) / "d.db"))
    d.ingest_records([
        record("en1", "Macron meets Scholz in Berlin over Ukraine aid",
               "French President Emmanuel Macron met German Chancellor Olaf Scholz in Berlin on Tuesday to "
               "discuss military aid for Ukraine. \"We will not give up,\" Macron told reporters after the "
               "meeting. The two leaders agreed on a new package worth 5 billion euros."),
        record("fr1", "Macron rencontre Scholz à Berlin sur l'aide à l'Ukraine",
               "Le président Emmanuel Macron a rencontré mardi le chancelier allemand Olaf Scholz à Berlin "
               "pour discuter de l'aide militaire à l'Ukraine. « Nous ne renoncerons pas », a déclaré Macron "
               "aux journalistes après la réunion. Les deux dirigeants se sont mis d'accord sur un nouveau "
               "paquet de 5 milliards d'euros."),
        record("fr2", "Inondations dans le sud du Brésil",
               "De fortes pluies ont provoqué des inondations dans l'État du Rio Grande do Sul, au Brésil. Des "
               "milliers d'habitants ont été évacués de Porto Alegre, selon la défense civile. Le gouverneur "
               "Eduardo Leite a demandé l'aide du gouvernement fédéral."),
        record("en2", "Earthquake strikes off the coast of Japan",
               "A strong earthquake struck off the coast of northern Japan on Tuesday, the Japan Meteorological "
               "Agency said. No tsunami warning was issued. Officials in Sendai reported minor damage."),
        record("zh1", "习近平会见马克龙", ZH, "2024-03-06"),
        record("de1", "Regierung beschließt Klimagesetz",
               "Die Bundesregierung hat am Mittwoch in Berlin ein neues Klimagesetz beschlossen. Die "
               "Regierungen der Länder sollen die Maßnahmen umsetzen, sagte ein Sprecher."),
    ], IngestOptions(workers=1))
    return d


def art(desk: Desk, rid: str) -> Article:
    a = desk.get(short_hash("id", "", rid))
    assert a is not None
    return a


def test_an_english_and_a_french_report_of_one_event_share_a_story(desk: Desk) -> None:
    assert art(desk, "en1").story_id == art(desk, "fr1").story_id


def test_a_story_shows_its_languages_and_lists_articles_per_language(desk: Desk) -> None:
    story = desk.story(art(desk, "en1").story_id)
    assert story is not None and {"en", "fr"} <= set(story["languages"])
    assert {a["language"] for a in story["articles"]} >= {"en", "fr"}


def test_different_events_in_two_languages_do_not_share_a_story(desk: Desk) -> None:
    stories = {rid: art(desk, rid).story_id for rid in ("en1", "fr2", "en2")}
    assert stories["fr2"] != stories["en1"] and stories["fr2"] != stories["en2"]


def test_one_entity_across_languages_and_scripts(desk: Desk) -> None:
    def ids(rid: str, name: str) -> str | None:
        return next((e.entity_id for e in art(desk, rid).entities if e.name == name), None)

    macron = ids("en1", "Emmanuel Macron")
    assert macron and ids("fr1", "Emmanuel Macron") == macron == ids("zh1", "Emmanuel Macron")
    berlin = ids("en1", "Berlin")
    assert berlin and ids("fr1", "Berlin") == berlin


def test_a_chinese_word_finds_its_article(desk: Desk) -> None:
    for word in ("北京", "会见", "习近平"):
        hits = desk.search(word)["hits"]
        assert [h["language"] for h in hits] == ["zh"], word


def test_german_words_match_their_other_forms_by_the_german_stemmer(desk: Desk) -> None:
    hits = desk.search("Regierung lang:de")["hits"]
    assert len(hits) == 1 and hits[0]["language"] == "de"
    assert desk.search("Klimagesetze")["total"] == 1  # a plural finds the singular
    assert desk.search("Massnahme")["total"] == 1  # "Maßnahmen": folded, stemmed


def test_international_organisations_take_their_english_name_in_any_language() -> None:
    es = enrich("La OTAN y la Unión Europea guardaron silencio sobre el acuerdo con Rusia.")
    ru = enrich("Генсек НАТО и глава ООН обсудили ситуацию в Москве вчера вечером.")
    assert {"NATO", "European Union"} <= {e.name for e in es.entities if e.label == "ORG"}
    assert {"NATO", "United Nations"} <= {e.name for e in ru.entities if e.label == "ORG"}
    nato = next(e for e in ru.entities if e.name == "NATO")
    assert nato.aliases == ["НАТО"]


SEARCH_RECORDS = [
    record("s-zh", "上海港口工人罢工", "上海港口的工人周三开始罢工，要求提高工资。码头的集装箱运输几乎停止。"),
    record("s-de", "Streik im Hafen von Hamburg", "Die Hafenarbeiter in Hamburg haben am Mittwoch die Arbeit "
           "niedergelegt. Die Gewerkschaft fordert höhere Löhne für alle Beschäftigten."),
    record("s-fr", "Grève des cheminots à Lyon", "Les cheminots de Lyon ont cessé le travail mercredi. Les "
           "syndicats réclament des salaires plus élevés et de meilleures conditions."),
    record("s-ru", "Забастовка шахтёров в Кузбассе", "Шахтёры Кузбасса в среду прекратили работу. Профсоюз "
           "требует повышения зарплат для всех работников."),
    record("s-en", "Dock workers strike in Rotterdam", "Dock workers in Rotterdam walked out on Wednesday, "
           "demanding higher wages. Container traffic at the port came to a standstill."),
]


@pytest.mark.parametrize("query, found", [
    ("工人", {"s-zh"}), ("集装箱", {"s-zh"}), ('"港口工人"', {"s-zh"}),
    ("Gewerkschaften", {"s-de"}), ("Hafenarbeitern", {"s-de"}), ("hohe Lohn", {"s-de"}),
    ("syndicat", {"s-fr"}), ("eleve", {"s-fr"}), ("title:cheminot", {"s-fr"}), ("text:cheminot", {"s-fr"}),
    ("шахтёр", {"s-ru"}), ("работников", {"s-ru"}),
    ("wage", {"s-en"}), ("strike", {"s-en"}), ("lang:de Hamburg", {"s-de"}), ("Hamburg -Gewerkschaft", set()),
])
def test_words_in_other_languages_find_their_article_on_every_backend(desk_address: str, query: str,
                                                                      found: set[str]) -> None:
    d = Desk(desk_address)
    try:
        d.ingest_records(SEARCH_RECORDS, IngestOptions(workers=1, pipeline=["clean", "language"]))
        ids = {h["id"] for h in d.search(query)["hits"]}
        assert ids == {short_hash("id", "", rid) for rid in found}
    finally:
        d.close()


def marked(text: str, spans: list[list[int]]) -> list[str]:
    return [text[s:e] for s, e in spans]


def test_highlights_in_other_languages_follow_their_analysis_and_show_the_text_as_written() -> None:
    from newsdesk.search.query import parse
    from newsdesk.search.snippets import HighlightTerms, snippet, title_highlights

    terms = HighlightTerms.from_query(parse("Massnahme Gewerkschaften eleve 工人 集装箱 шахтёр"))
    de = "Die Gewerkschaft verlangt neue Maßnahmen, die Massnahme allein reiche nicht."
    assert marked(*snippet(de, terms, language="de")) == ["Gewerkschaft", "Maßnahmen", "Massnahme"]
    fr = "Les salaires plus élevés restent la priorité."
    assert marked(*snippet(fr, terms, language="fr")) == ["élevés"]
    zh = "上海港口的工人周三开始罢工，码头的集装箱运输几乎停止。"
    assert marked(*snippet(zh, terms, language="zh")) == ["工人", "集装箱"]
    ru = "Шахтёры Кузбасса и шахтёров профсоюз"
    assert marked(*snippet(ru, terms, language="ru")) == ["Шахтёры", "шахтёров"]
    assert marked("码头工人罢工", title_highlights("码头工人罢工", terms, "zh")) == ["工人"]


def test_english_highlights_keep_the_english_stemmer() -> None:
    from newsdesk.search.query import parse
    from newsdesk.search.snippets import HighlightTerms, snippet

    terms = HighlightTerms.from_query(parse("economies"))
    assert marked(*snippet("The economy grew; both economies did.", terms)) == ["economy", "economies"]
    # no German stemmer on English: "Gewerkschaften" is not "Gewerkschaft" here
    german = HighlightTerms.from_query(parse("Gewerkschaften"))
    assert marked(*snippet("Gewerkschaft news", german, language="en")) == []


def test_the_language_filter_narrows_stories_entities_and_quotations(desk: Desk) -> None:
    fr_stories = {s["id"] for s in desk.stories(lang="fr", top=100)}
    assert fr_stories == {art(desk, "fr1").story_id, art(desk, "fr2").story_id}
    assert art(desk, "en2").story_id not in fr_stories
    zh_entities = {e["name"] for e in desk.entities(lang=" ZH ", top=500)}
    assert "Emmanuel Macron" in zh_entities and "Sendai" not in zh_entities
    assert "Sendai" in {e["name"] for e in desk.entities(lang="en", top=500)}
    fr_quotes = desk.quotes(lang="fr")
    assert fr_quotes and {q["article_id"] for q in fr_quotes} <= {art(desk, "fr1").id, art(desk, "fr2").id}
    assert desk.quotes(lang="ru") == [] and desk.stories(lang="ru") == []


def test_language_option_on_the_list_commands(desk: Desk) -> None:
    import json

    from typer.testing import CliRunner

    from newsdesk.cli import app

    db = desk.store.address
    for command in ("stories", "entities", "quotes"):
        got = CliRunner().invoke(app, [command, "--language", "zh", "--json", "--db", db])
        assert got.exit_code == 0, got.output
        rows = [json.loads(line) for line in got.output.splitlines() if line.strip()]
        assert rows, command
    stories = CliRunner().invoke(app, ["stories", "--lang", "de", "--json", "--db", db])
    assert [json.loads(line)["id"] for line in stories.output.splitlines()] == [art(desk, "de1").story_id]


def test_a_chinese_article_names_people_the_desk_has_no_table_for() -> None:
    a = enrich("外交部发言人林建华周三在北京表示：“中方愿意继续推动和平谈判。”林建华还说，双方将加强沟通。")
    people = {e.name for e in a.entities if e.label == "PERSON"}
    assert "林建华" in people
    quote = next(q for q in a.quotes if "和平谈判" in a.text[q.content.start : q.content.end])
    assert quote.speaker_name == "林建华"
    assert quote.speaker is not None and a.text[quote.speaker.start : quote.speaker.end] == "林建华"


@pytest.fixture(scope="module")
def world_desk(tmp_path_factory: pytest.TempPathFactory) -> Desk:
    d = Desk(str(Path(tmp_path_factory.mktemp("world")) / "d.db"))
    d.ingest_records([
        record("w-en", "Putin arrives in Beijing for talks", "Russian President Vladimir Putin arrived in Beijing "
               "on Thursday for two days of talks. Putin said trade between the two countries would grow."),
        record("w-fr", "Poutine arrive à Pékin", "Le président russe Vladimir Poutine est arrivé jeudi à Pékin pour "
               "deux jours d'entretiens. Poutine a déclaré que les échanges allaient croître."),
        record("w-ru", "Путин прилетел в Пекин", "Президент России Владимир Путин в четверг прилетел в Пекин на "
               "двухдневные переговоры. Путин заявил, что торговля будет расти."),
        record("w-zh", "普京抵达北京", "俄罗斯总统普京周四抵达北京，开始为期两天的会谈。普京表示，两国贸易将继续增长。"),
        record("w-de", "Putin landet in Peking", "Der russische Präsident Wladimir Putin ist am Donnerstag zu "
               "zweitägigen Gesprächen in Peking gelandet."),
        record("w-es", "Putin llega a Pekín", "El presidente ruso, Vladímir Putin, llegó el jueves a Pekín para dos "
               "días de conversaciones."),
        record("w-it", "Putin arriva a Pechino", "Il presidente russo Vladimir Putin è arrivato giovedì a Pechino "
               "per due giorni di colloqui."),
    ], IngestOptions(workers=1))
    return d


@pytest.mark.parametrize("name, label, spellings", [
    ("Vladimir Putin", "PERSON", {"Poutine", "Путин", "普京", "Wladimir Putin", "Vladímir Putin"}),
    ("Beijing", "GPE", {"Pékin", "Пекин", "北京", "Peking", "Pekín", "Pechino"}),
])
def test_one_registry_entry_for_a_person_and_a_place_in_six_languages(world_desk: Desk, name: str, label: str,
                                                                      spellings: set[str]) -> None:
    ids = {e.entity_id for rid in ("w-en", "w-fr", "w-ru", "w-zh", "w-de", "w-es", "w-it")
           for e in art(world_desk, rid).entities if e.label == label and e.name == name}
    assert len(ids) == 1
    entry = world_desk.entity(ids.pop())
    assert entry is not None and entry["name"] == name
    assert spellings <= set(entry["aliases"])


def test_the_api_lists_take_the_language_filter(desk: Desk) -> None:
    from fastapi.testclient import TestClient

    from newsdesk.web import create_app

    client = TestClient(create_app(desk))
    stories = client.get("/api/stories", params={"lang": "de"}).json()["items"]
    assert [s["id"] for s in stories] == [art(desk, "de1").story_id]
    names = {e["name"] for e in client.get("/api/entities", params={"lang": "zh", "limit": 100}).json()["items"]}
    assert "Emmanuel Macron" in names and "Sendai" not in names
    assert client.get("/api/quotes", params={"lang": "ru"}).json()["items"] == []


def test_the_timeline_counts_only_the_language_asked_for(desk: Desk) -> None:
    zh = desk.timeline("", lang="zh")
    assert sum(p["count"] for p in zh) == 1 and [p["period"] for p in zh if p["count"]] == ["2024-03-06"]
    assert sum(p["count"] for p in desk.timeline("", lang="fr")) == 2


def test_places_counted_in_one_language(desk: Desk) -> None:
    fr = {p["name"]: p for p in desk.places(lang="fr")}
    assert "Berlin" in fr and "Japan" not in fr and fr["Berlin"]["articles"] == 1
    assert "Sendai" not in {p["name"] for p in desk.places(lang="fr")}
    assert {p["name"] for p in desk.places(lang="zh")} >= {"Beijing"}


def test_a_japanese_surname_alone_is_the_person_named_in_full() -> None:
    a = enrich("山田氏は先に到着した。山田太郎外相は記者団に対し、「日本は対話を続ける」と述べた。"
               "山田外相はまた、来月ソウルを訪問する予定だ。")
    people = [e for e in a.entities if e.label == "PERSON"]
    assert [(e.name, e.mention_count) for e in people] == [("山田太郎", 3)]
    assert people[0].aliases == ["山田"] and "外相" in people[0].roles
    quote = a.quotes[0]
    assert a.text[quote.content.start : quote.content.end] == "日本は対話を続ける" and quote.speaker_name == "山田太郎"


def test_korean_quotations_find_their_titled_speaker() -> None:
    for text, said, who in [
        ("이영희 의원은 “정부가 책임을 져야 한다”고 강조했다. 그는 예산 문제도 지적했다.", "정부가 책임을 져야 한다", "이영희"),
        ("“경제가 회복되고 있다”고 박지훈 총리가 밝혔다.", "경제가 회복되고 있다", "박지훈"),
    ]:
        a = enrich(text)
        assert a.language == "ko"
        assert [(a.text[q.content.start : q.content.end], q.speaker_name) for q in a.quotes] == [(said, who)]
