"""Language identification, names, places, quotations and name keys in languages other than
English, without any model beyond what the core install ships (texts written for these tests)."""

from __future__ import annotations

import pytest

from newsdesk.languages.keys import english_spelling, name_key, romanize
from newsdesk.languages.names import find_names
from newsdesk.languages.places import english_name
from newsdesk.languages.quotes import find_quotes
from newsdesk.lexicon.languages import stop_words
from newsdesk.pipeline.language import detect_language

SHORT = [
    ("fr", "Le gouvernement annonce une réforme des retraites"),
    ("de", "Bundesregierung beschließt neues Klimapaket für die Industrie"),
    ("es", "El Congreso aprueba la ley de vivienda tras un largo debate"),
    ("it", "Il governo approva la manovra economica dopo il voto"),
    ("ru", "Правительство одобрило новый бюджет на следующий год"),
    ("zh", "政府宣布新的经济刺激计划"),
    ("ja", "東京の株式市場は大幅に値上がりしました"),
    ("pt", "Governo anuncia novo pacote de medidas contra a inflação"),
    ("nl", "Kabinet presenteert plannen voor nieuwe woningen"),
    ("pl", "Rząd przyjął projekt ustawy o podatkach"),
    ("ar", "الحكومة تعلن عن خطة اقتصادية جديدة"),
    ("tr", "Hükümet yeni ekonomi paketini açıkladı"),
]


@pytest.mark.parametrize(("lang", "text"), SHORT)
def test_short_news_titles_get_their_language(lang: str, text: str) -> None:
    assert detect_language(text)[0] == lang


def test_a_four_character_chinese_headline_is_chinese_and_kana_makes_it_japanese() -> None:
    assert detect_language("北京下雪")[0] == "zh"
    assert detect_language("東京で地震")[0] == "ja"
    assert detect_language("서울 폭우 경보")[0] == "ko"


def names(text: str, lang: str) -> list[tuple[str, str]]:
    return [(n.surface, n.label) for n in find_names(text, lang)]


def test_german_names_without_taking_every_capitalised_noun() -> None:
    text = ("Die Polizei hat am Montag in Hamburg drei Verdächtige festgenommen. Bundeskanzler Olaf Scholz "
            "traf Angela Merkel in Berlin. Die Lage bleibt ernst, sagte Merkel.")
    found = names(text, "de")
    assert ("Olaf Scholz", "PERSON") in found
    assert ("Angela Merkel", "PERSON") in found and ("Merkel", "PERSON") in found
    assert ("Hamburg", "GPE") in found and ("Berlin", "GPE") in found
    assert not {"Polizei", "Montag", "Lage", "Verdächtige", "Die"} & {s for s, _ in found}


def test_spanish_names_places_and_organisations() -> None:
    text = ("El presidente Pedro Sánchez viajó a Bruselas el martes. Sánchez se reunió con Ursula von der "
            "Leyen. La OTAN y el Banco Central Europeo guardaron silencio.")
    found = names(text, "es")
    assert ("Pedro Sánchez", "PERSON") in found and ("Sánchez", "PERSON") in found
    assert ("Ursula von der Leyen", "PERSON") in found
    assert ("Bruselas", "GPE") in found
    assert ("OTAN", "ORG") in found and ("Banco Central Europeo", "ORG") in found


def test_italian_names_and_places_in_italian() -> None:
    found = names("La premier Giorgia Meloni ha incontrato a Roma il presidente della Germania.", "it")
    assert ("Giorgia Meloni", "PERSON") in found
    assert ("Roma", "GPE") in found and ("Germania", "GPE") in found


def test_russian_names_and_inflected_places() -> None:
    text = "Президент России Владимир Путин провёл переговоры в Москве. Путина поддержал Сергей Лавров."
    found = names(text, "ru")
    assert ("России", "GPE") in found and ("Москве", "GPE") in found
    assert ("Владимир Путин", "PERSON") in found and ("Путина", "PERSON") in found
    assert ("Сергей Лавров", "PERSON") in found


def test_chinese_places_and_known_people_found_without_word_spaces() -> None:
    found = names("中国国家主席习近平周二在北京会见了法国总统马克龙。", "zh")
    assert ("北京", "GPE") in found and ("中国", "GPE") in found and ("法国", "GPE") in found
    assert ("习近平", "PERSON") in found and ("马克龙", "PERSON") in found


@pytest.mark.parametrize(("written", "lang", "english"), [
    ("Londres", "fr", "London"), ("Allemagne", "fr", "Germany"), ("Pékin", "fr", "Beijing"),
    ("München", "de", "Munich"), ("Deutschland", "de", "Germany"), ("Москве", "ru", "Moscow"),
    ("Германии", "ru", "Germany"), ("北京", "zh", "Beijing"), ("Warszawie", "pl", "Warsaw"),
])
def test_places_written_in_other_languages_map_to_the_gazetteer(written: str, lang: str, english: str) -> None:
    assert english_name(written, lang) == english


def test_common_words_are_not_places() -> None:
    assert english_name("Polizei", "de") is None
    assert english_name("Montag", "de") is None


def test_one_person_one_key_across_spellings_and_scripts() -> None:
    assert name_key("Putin") == name_key("Poutine") == name_key("Путин")
    assert name_key("Zelensky") == name_key("Zelenskyy") == name_key("Зеленский")
    assert name_key("Putin") != name_key("Merkel")
    assert romanize("Москва") == "Moskva"
    assert english_spelling("Vladimir Poutine") == english_spelling("Владимир Путин") == "Vladimir Putin"
    assert english_spelling("普京") == "Vladimir Putin"
    assert english_spelling("Дмитрия Пескова") == "Dmitry Peskov"  # a genitive, as after "по словам"


def quotes(text: str, lang: str) -> list[tuple[str, str | None, bool]]:
    found = find_names(text, lang)
    keys = {n.start: f"e{i}" for i, n in enumerate(found)}
    resolve = {f"e{i}": n.surface for i, n in enumerate(found)}
    return [(q.content.text, q.speaker_name, q.direct) for q in find_quotes(text, lang, found, keys, resolve)]


def test_german_quotations_after_and_before_the_speaker() -> None:
    text = ("Bundeskanzler Olaf Scholz traf Angela Merkel. „Wir werden die Ukraine weiter unterstützen“, "
            "sagte Scholz am Dienstag. Merkel sagte: „Die Lage ist sehr ernst.“")
    found = quotes(text, "de")
    assert ("Wir werden die Ukraine weiter unterstützen", "Scholz", True) in found
    assert ("Die Lage ist sehr ernst.", "Merkel", True) in found


def test_spanish_italian_and_russian_quotations_with_speakers() -> None:
    assert ("No vamos a dar un paso atrás", "Sánchez", True) in quotes(
        "El presidente Pedro Sánchez viajó a Bruselas. «No vamos a dar un paso atrás», dijo Sánchez.", "es")
    assert ("Il Paese è pronto a fare la sua parte", "Meloni", True) in quotes(
        "Giorgia Meloni era a Roma. «Il Paese è pronto a fare la sua parte», ha detto Meloni.", "it")
    assert ("Мы готовы к диалогу с Европой", "Путин", True) in quotes(
        "Владимир Путин провёл переговоры. «Мы готовы к диалогу с Европой», — заявил Путин журналистам.", "ru")


def test_french_inversion_pronoun_and_selon_without_the_model() -> None:
    text = ("Emmanuel Macron était à Londres. « Nous ne céderons pas sur ce point », a-t-il déclaré mardi. "
            "Selon Bruno Le Maire, la croissance sera plus forte que prévu.")
    found = quotes(text, "fr")
    assert ("Nous ne céderons pas sur ce point", "Emmanuel Macron", True) in found
    assert ("la croissance sera plus forte que prévu", "Bruno Le Maire", False) in found


def test_a_short_scare_quote_is_not_a_quotation() -> None:
    assert quotes("Le ministre a parlé d'une « erreur » dans le budget, a dit Bruno Le Maire.", "fr") == []


def test_stop_words_come_per_language_from_spacy() -> None:
    assert "und" in stop_words("de") and "the" not in stop_words("de")
    assert "les" in stop_words("fr") and "и" in stop_words("ru")
    assert stop_words("xx") == frozenset()


def test_portuguese_dutch_polish_and_japanese_quotations_find_their_speakers() -> None:
    assert ("Vamos fortalecer a parceria com Portugal", "Lula", True) in quotes(
        "O presidente Luiz Inácio Lula da Silva chegou a Lisboa. «Vamos fortalecer a parceria com Portugal», "
        "disse Lula aos jornalistas.", "pt")
    assert ("We moeten samen optrekken", "Rutte", True) in quotes(
        "Premier Mark Rutte sprak dinsdag in Brussel. “We moeten samen optrekken”, zei Rutte na afloop.", "nl")
    assert ("Polska jest gotowa do współpracy", "Tusk", True) in quotes(
        "Premier Donald Tusk spotkał się z prezydentem. „Polska jest gotowa do współpracy”, powiedział Tusk.", "pl")
    found = quotes("岸田文雄首相は火曜日、東京で記者会見を開いた。「経済対策を急ぐ必要がある」と述べた。", "ja")
    assert found == [("経済対策を急ぐ必要がある", "岸田文雄", True)]


def test_a_small_town_sharing_a_persons_name_is_not_a_place_without_a_preposition() -> None:
    assert ("Pedro Sánchez", "PERSON") in names("El presidente Pedro Sánchez habló ayer con la prensa.", "es")


def test_chinese_people_named_after_a_title_or_before_an_honorific() -> None:
    text = ("外交部发言人林建华周三表示，中方欢迎德国总理朔尔茨访华。国务院副总理何立峰在上海会见了"
            "美国财政部长耶伦。林建华说，陈晓明先生将出席会议。")
    people = {surface for surface, label in names(text, "zh") if label == "PERSON"}
    assert {"林建华", "朔尔茨", "何立峰", "耶伦", "陈晓明"} <= people
    assert not people & {"德国", "中方", "美国", "上海"}  # countries and cities stay places
    # the second "林建华" (no title there) is the same person
    assert sum(1 for surface, label in names(text, "zh") if surface == "林建华" and label == "PERSON") == 2


def test_chinese_name_ends_before_a_verb_and_a_foreign_name_keeps_its_middle_dot() -> None:
    people = [s for s, label in names("总理王强表示欢迎。国务卿安东尼·布林肯在会上发言。", "zh") if label == "PERSON"]
    assert people == ["王强", "安东尼·布林肯"]


def test_a_title_with_no_name_after_it_names_nobody() -> None:
    assert [s for s, label in names("总统在周二表示，主席将出席。", "zh") if label == "PERSON"] == []


def test_japanese_and_korean_people_named_before_their_title() -> None:
    ja = {s for s, label in names("鈴木一郎外相は、メローニ首相と会談した。自民党総裁選では高橋氏が勝った。", "ja")
          if label == "PERSON"}
    assert ja == {"鈴木一郎", "メローニ", "高橋"}  # not "自民党"
    ko = {s for s, label in names("김민수 장관은 미국 대통령과 통화했다. 이영희 의원도 참석했다.", "ko") if label == "PERSON"}
    assert ko == {"김민수", "이영희"}  # "미국" is a country


def test_korean_cities_found_with_their_particles() -> None:
    found = names("김민수 장관은 다음 달 도쿄에서 회담한 뒤 베이징을 방문한다.", "ko")
    assert ("도쿄", "GPE") in found and ("베이징", "GPE") in found
    assert english_name("서울", "ko") == "Seoul"
