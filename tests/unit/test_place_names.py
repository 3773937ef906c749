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


@pytest.mark.parametrize(
    ("name", "english"),
    [
        # the reading in the place, not the word's: 朝 chao, 长 chang, 都 du, 乐 le …
        ("朝阳区", "Chaoyang District"),
        ("朝阳市", "Chaoyang"),
        ("闵行区", "Minhang District"),
        ("长宁区", "Changning District"),
        ("长治市", "Changzhi"),
        ("长子县", "Zhangzi County"),
        ("丰都县", "Fengdu County"),
        ("都匀市", "Duyun"),
        ("新都区", "Xindu District"),
        ("南乐县", "Nanle County"),
        ("乐清市", "Yueqing"),
        ("乐亭县", "Laoting County"),
        ("洪洞县", "Hongtong County"),
        ("六合区", "Luhe District"),
        ("六安市", "Lu'an"),
        ("蔚县", "Yu County"),
        ("浚县", "Xun County"),
        ("涡阳县", "Guoyang County"),
        ("中牟县", "Zhongmu County"),
        ("泊头市", "Botou"),
        ("马尾区", "Mawei District"),
        ("佛冈县", "Fogang County"),
        ("漯河市", "Luohe"),
        ("筠连县", "Junlian County"),
        ("什邡市", "Shifang"),
        ("阿图什市", "Artux"),
        ("齐齐哈尔市", "Qiqihar"),
        # 水, 白, 回, 黎 name a people only in an autonomous area's or an ethnic district's name
        ("衡水市", "Hengshui"),
        ("丽水市", "Lishui"),
        ("六盘水市", "Liupanshui"),
        ("博白县", "Bobai County"),
        ("隆回县", "Longhui County"),
        ("三都水族自治县", "Sandu Shui Autonomous County"),
        ("瀍河回族区", "Chanhe Hui District"),
        ("长白朝鲜族自治县", "Changbai Korean Autonomous County"),
        ("彭水苗族土家族自治县", "Pengshui Miao and Tujia Autonomous County"),
        ("隆林各族自治县", "Longlin Multi-Ethnic Autonomous County"),
        # 林区 is a forestry district only in 神农架; 碑林区 is Xi'an's Beilin District
        ("碑林区", "Beilin District"),
        ("万柏林区", "Wanbailin District"),
        ("神农架林区", "Shennongjia Forestry District"),
        ("六枝特区", "Liuzhi Special District"),
    ],
)
def test_places_are_read_as_they_are_called(name: str, english: str) -> None:
    assert english_place(name) == english


def test_every_embedded_name_named_in_the_tests_is_in_the_data() -> None:
    """The names above are real: each is a city or county of the embedded boundaries."""
    names = {*dataset.load_boundaries("city")["name"], *dataset.load_boundaries("county")["name"]}
    listed = test_places_are_read_as_they_are_called.pytestmark[0].args[1]
    assert [n for n, _ in listed if n not in names] == []
