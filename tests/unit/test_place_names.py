"""English place names: official forms, pinyin roots and administrative suffixes."""

from __future__ import annotations

import pytest

from geo import dataset
from geo.dataset.places import english_place, pinyin
from geo.export.labels import place_label


@pytest.mark.parametrize(
    ("name", "english"),
    [
        ("内蒙古自治区", "Inner Mongolia"),
        ("西藏自治区", "Tibet"),
        ("新疆维吾尔自治区", "Xinjiang"),
        ("广西壮族自治区", "Guangxi"),
        ("宁夏回族自治区", "Ningxia"),
        ("香港特别行政区", "Hong Kong"),
        ("澳门特别行政区", "Macao"),
        ("陕西省", "Shaanxi"),
        ("山西省", "Shanxi"),
        ("广州市", "Guangzhou"),
        ("重庆市", "Chongqing"),
        ("西安市", "Xi'an"),
        ("厦门市", "Xiamen"),
        ("哈尔滨市", "Harbin"),
        ("乌鲁木齐市", "Urumqi"),
        ("呼和浩特市", "Hohhot"),
        ("拉萨市", "Lhasa"),
        ("天河区", "Tianhe District"),
        ("长沙县", "Changsha County"),
        ("浦东新区", "Pudong New Area"),
        ("阿克苏地区", "Aksu Prefecture"),
        ("锡林郭勒盟", "Xilingol League"),
        ("湘西土家族苗族自治州", "Xiangxi Tujia and Miao Autonomous Prefecture"),
        ("延边朝鲜族自治州", "Yanbian Korean Autonomous Prefecture"),
        ("伊犁哈萨克自治州", "Ili Kazakh Autonomous Prefecture"),
        ("围场满族蒙古族自治县", "Weichang Manchu and Mongol Autonomous County"),
        ("鄂伦春自治旗", "Oroqen Autonomous Banner"),
    ],
)
def test_known_names_have_their_english_form(name: str, english: str) -> None:
    assert english_place(name) == english


def test_pinyin_separates_syllables_that_start_with_a_vowel() -> None:
    assert pinyin("西安") == "Xi'an"
    assert pinyin("天河") == "Tianhe"


def test_every_embedded_city_and_county_has_an_english_name_in_latin_letters() -> None:
    names = [
        *dataset.load_boundaries("province")["name"],
        *dataset.load_boundaries("city")["name"],
        *dataset.load_boundaries("county")["name"],
    ]
    english = {n: english_place(n) for n in names}
    assert [n for n, e in english.items() if not e or not e.isascii()] == []
    assert len(set(english.values())) > 0.9 * len(set(names))  # names stay told apart


def test_chinese_keeps_the_name_and_text_without_chinese_is_kept() -> None:
    assert place_label("天河区", "zh") == "天河区"
    assert place_label("天河区", "en") == "Tianhe District"
    assert english_place("Tianhe") == "Tianhe"
    assert english_place(None) == ""
