"""``youthmap find``: a community's id from the words of its name, for ``select --lock``.

The selection page finds communities by name; the command line took ids only, and a
planner had to open the communities file and search it by hand to lock 锦官驿街道第1社区.
"""

from __future__ import annotations

import pandas as pd

from geo.cli import main


def lines(capsys) -> list[str]:
    return capsys.readouterr().out.splitlines()


def test_find_lists_the_embedded_communities_whose_names_hold_every_word(capsys):
    assert main(["find", "锦官驿", "第1", "--province", "51", "--lang", "zh"]) == 0
    out = lines(capsys)
    assert out[0] == "在内置社区图层（110,000 个，模拟数据）中查找"  # it says what it read
    assert out[1] == "找到 2 个社区，列出 2 个"
    assert out[2].split() == ["编号", "社区", "街道", "区县", "城市"]
    assert [r.split()[0] for r in out[3:]] == ["C510104-0001", "C510104-0010"]
    assert out[3].split()[1:] == ["锦官驿街道第1社区", "锦官驿街道", "锦江区", "成都市"]


def test_in_english_the_county_and_city_are_found_and_shown_by_their_english_names(capsys):
    assert main(["find", "Chengdu", "jinjiang", "锦官驿", "--limit", "3", "--lang", "en"]) == 0
    out = lines(capsys)
    assert out[1] == "10 communities match, 3 listed"
    assert out[3].split() == ["C510104-0001", "锦官驿街道第1社区", "锦官驿街道", "Jinjiang", "District", "Chengdu"]  # fmt: skip


def test_a_scored_list_is_searched_highest_score_first_within_the_province(tmp_path, capsys):
    scored = pd.DataFrame(
        {
            "id": ["A1", "A2", "B1"],
            "name": ["锦官驿街道第1社区", "锦官驿街道第2社区", "锦官驿街道第3社区"],
            "county_code": ["510104", "510104", "440104"],
            "lon": [104.08, 104.09, 113.27],
            "lat": [30.65, 30.66, 23.13],
            "population": [5000, 6000, 7000],
            "综合得分": [0.41, 0.87, 0.99],
        }
    )
    path = tmp_path / "评分.csv"
    scored.to_csv(path, index=False)
    assert main(["find", "锦官驿", "--communities", str(path), "--province", "51"]) == 0
    out = lines(capsys)
    assert out[0] == "找到 2 个社区，列出 2 个"  # Guangdong's B1 is not Sichuan's
    assert out[1].split()[-1] == "综合得分"
    assert [(r.split()[0], r.split()[-1]) for r in out[2:]] == [("A2", "0.8700"), ("A1", "0.4100")]


def test_no_match_exits_1_and_a_bad_option_2_naming_it(capsys):
    assert main(["find", "没有这个社区", "--lang", "en"]) == 1
    assert lines(capsys)[-1] == "no community matches “没有这个社区”"
    assert main(["find", "锦官驿", "--limit", "0", "--lang", "en"]) == 2
    said = capsys.readouterr()
    assert "--limit" in said.err + said.out and "Traceback" not in said.err
    assert main(["find", "锦官驿", "--province", "99", "--lang", "en"]) == 2
    assert "99 is not a province code" in capsys.readouterr().err
