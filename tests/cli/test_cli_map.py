"""``youthmap map``: story maps and decks from the command line, on the embedded dataset."""

from __future__ import annotations

import zipfile

import pandas as pd
import pytest

from geo import dataset
from geo.cli import main
from geo.export.html import external_assets


@pytest.fixture(scope="module")
def chosen_and_pairs(tmp_path_factory) -> tuple[str, str, pd.DataFrame]:
    """A small chosen list in Guangzhou (as `youthmap select` writes it) and its pairs."""
    folder = tmp_path_factory.mktemp("map")
    comm = dataset.load_layers().communities
    picked = comm[comm["city_code"] == "4401"].nlargest(5, "youth")
    chosen = folder / "chosen.csv"
    picked.drop(columns="geometry").to_csv(chosen, index=False, encoding="utf-8-sig")
    campuses = dataset.load_layers().campuses
    campus = campuses[campuses["city_code"] == "4401"].iloc[0]
    pairs = folder / "pairs.csv"
    pd.DataFrame({"community_id": picked["id"], "campus_id": campus["id"]}).to_csv(
        pairs, index=False
    )
    return str(chosen), str(pairs), picked


def test_province_png(tmp_path, capsys) -> None:
    out = tmp_path / "gd.png"
    assert main(["map", "--province", "44", "--out", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    printed = capsys.readouterr().out
    assert "广东省" in printed


def test_chosen_step_html_offline_with_partner_campus(tmp_path, chosen_and_pairs, capsys) -> None:
    chosen, pairs, picked = chosen_and_pairs
    out = tmp_path / "gz.html"
    argv = ["map", "--province", "44", "--city", "4401", "--step", "chosen"]
    argv += ["--chosen", chosen, "--pairs", pairs, "--lang", "en", "--out", str(out)]
    assert main(argv) == 0
    page = out.read_text(encoding="utf-8")
    assert external_assets(page) == []
    assert '<html lang="en">' in page  # the language of its words, --lang en
    assert str(picked["name"].iloc[0]) in page
    assert "5" in capsys.readouterr().out


def test_province_deck(tmp_path) -> None:
    out = tmp_path / "hainan.pptx"
    assert main(["map", "--province", "46", "--out", str(out)]) == 0
    with zipfile.ZipFile(out) as deck:
        slides = [n for n in deck.namelist() if n.startswith("ppt/slides/slide")]
    assert len(slides) >= 3


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--province", "99", "--out", "x.png"], "--province"),
        (["--city", "4401", "--out", "x.png"], "--city"),
        (["--province", "44", "--city", "3501", "--out", "x.png"], "--city"),
        (["--province", "44", "--out", "x.svg"], "--out"),
        (["--province", "44", "--pairs", "missing.csv", "--out", "x.png"], "missing.csv"),
        (["--region", "west", "--province", "44", "--out", "x.png"], "--region"),  # was ignored
    ],
)
def test_bad_arguments_exit_2_with_one_line(tmp_path, capsys, argv, needle) -> None:
    argv = [a if not a.startswith(("x.", "missing")) else str(tmp_path / a) for a in argv]
    assert main(["map", *argv]) == 2
    err = capsys.readouterr().err
    assert needle in err
    assert "Traceback" not in err


def test_approval_number_and_sources_reach_the_static_map(tmp_path, monkeypatch) -> None:
    from geo.export import static

    seen: list = []
    real = static.static_map

    def spy(*args, **kwargs):
        fig = real(*args, **kwargs)
        seen.append([t.get_text() for t in fig.texts])
        return fig

    monkeypatch.setattr(static, "static_map", spy)
    out = tmp_path / "hn.png"
    argv = ["map", "--province", "46", "--approval-no", "琼S(2099)001号"]
    argv += ["--sources", "数据来源：本单位 2026 年普查", "--out", str(out)]
    assert main(argv) == 0
    (texts,) = seen
    assert "审图号：琼S(2099)001号" in texts
    assert any("数据来源：本单位 2026 年普查" in t for t in texts)
    assert main(["map", "--province", "46", "--out", str(out)]) == 0
    assert "审图号：—" in seen[1]


def test_the_chosen_step_of_a_saved_plan_less_its_exits(tmp_path, monkeypatch, capsys) -> None:
    from tests._plans import saved_plan_home

    ids = saved_plan_home(dataset.load_layers(), tmp_path / "home", monkeypatch)
    out = tmp_path / "gz.html"
    argv = ["map", "--province", "44", "--city", "4401", "--step", "chosen", "--lang", "en"]
    assert main([*argv, "--plan", "2026 全国第一批 <b>", "--out", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[1].startswith("Guangdong · Guangzhou: 5 chosen communities"), printed  # 6 - 1
    assert printed[2] == (
        "The chosen communities are those of the saved plan “2026 全国第一批 <b>” (less any "
        "exited)."
    )
    page = out.read_text(encoding="utf-8")
    names = dataset.load_layers().communities.set_index("id")["name"]
    assert all(names[i] in page for i in ids[1:6])
    assert printed[1].endswith(
        "nearest campuses (not paired yet; once paired, the partners are shown)."
    )
    # a campus agreement on record: the agreed campus is the partner drawn
    from tests._plans import agree

    camp = dataset.load_layers().campuses
    far = camp.loc[camp["province_code"] == "44"].iloc[-1]
    agree(ids[2], str(far["id"]))
    assert main([*argv, "--plan", "2026 全国第一批 <b>", "--out", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[1].endswith("; 1 partner campus."), printed
    assert str(far["campus"]) in out.read_text(encoding="utf-8")
    # a plan no one saved: one line naming the option, nothing written
    assert main([*argv, "--plan", "2027 第二批", "--out", str(tmp_path / "x.html")]) == 2
    assert capsys.readouterr().err.strip() == "error: option --plan: no plan named “2027 第二批”"
    assert not (tmp_path / "x.html").exists()


def test_a_saved_plans_list_carries_the_scores_it_was_chosen_with(tmp_path, monkeypatch):
    """A saved plan's communities came from the layer, which has no score: the deck's
    summary had an empty mean-score column. They now carry the plan's scores."""
    from geo.cli._common import plan_communities
    from geo.export import pptx as xpptx
    from tests._plans import scored_plan_home

    ids = scored_plan_home(tmp_path, monkeypatch)
    inside, name, missing = plan_communities(None, "2026 第一批", dataset.load_layers().communities)
    assert (name, missing) == ("2026 第一批", 0)
    assert dict(zip(inside["id"], inside["score"], strict=True)) == dict(
        zip(ids, [0.9, 0.6, 0.3], strict=True)
    )
    assert xpptx.filing_summary(inside, "zh")["平均得分"].tolist() == [0.6, 0.6]


@pytest.mark.parametrize("scope", [["--province", "44"], ["--region", "west"]])
def test_the_national_step_draws_the_whole_country_whatever_the_scope(tmp_path, capsys, scope):
    """``map --province 44 --step national`` was titled 全国 over Guangdong alone ("全国 11,423
    个社区…中部 0、西部 0"): each step now draws what it draws in the deck."""
    out = tmp_path / "n.png"
    assert main(["map", *scope, "--step", "national", "--out", str(out), "--lang", "zh"]) == 0
    total = len(dataset.load_layers().communities)
    caption = capsys.readouterr().out.splitlines()[1]
    assert caption.startswith(f"全国 {total:,} 个社区") and "中部 0" not in caption


@pytest.mark.parametrize(
    ("lang", "note"),
    [
        ("zh", "注意：社区、青年之家为模拟数据（种子 2021），仅用于演示，不代表真实位置。"),
        ("en", "Note: Communities, Youth Homes are simulated (seed 2021)"),
    ],
)
def test_the_html_map_of_simulated_layers_says_so_on_the_page(tmp_path, lang, note) -> None:
    """`youthmap map --province 46 --out h46.html` drew the simulated communities and Youth
    Homes with no word of it, where the same map's PNG, PDF and slides print the note."""
    from tests._html_text import shown_text

    out = tmp_path / "h46.html"
    assert main(["map", "--province", "46", "--lang", lang, "--out", str(out)]) == 0
    shown = shown_text(out.read_text(encoding="utf-8"))
    assert any(text.startswith(note) for text in shown), shown


def test_the_html_map_of_the_users_own_layers_has_no_simulated_note(tmp_path) -> None:
    """Communities and Youth Homes from the user's files (no row flagged simulated): the
    map draws nothing simulated (the resident units, simulated, are not drawn) and says
    nothing of it, as its PNG would."""
    from tests._html_text import shown_text

    layers = dataset.load_layers()
    paths = {}
    for option, frame in (("--communities", layers.communities), ("--homes", layers.youth_homes)):
        own = frame[frame["province_code"] == "46"].head(20).drop(columns=["geometry", "simulated"])
        paths[option] = tmp_path / f"{option[2:]}.csv"
        own.to_csv(paths[option], index=False, encoding="utf-8-sig")
    out = tmp_path / "own.html"
    argv = ["map", "--province", "46", "--out", str(out)]
    for option, path in paths.items():
        argv += [option, str(path)]
    assert main(argv) == 0
    page = out.read_text(encoding="utf-8")
    assert "youthmap-note" not in page
    assert not [text for text in shown_text(page) if "模拟" in text]


XPCC = ("west", "65", "6590")
"""The XPCC's scope (its cities in Xinjiang), where its account's presentation page opens."""


def _xpcc_step(kind: str, lang: str):
    """The step the presentation page shows the XPCC's account (same layers, same scope)."""
    from geo.core.scope import Scope
    from geo.export import story

    layers = dataset.load_layers()
    spec = next(s for s in story.story_steps(Scope(*XPCC)) if s.kind == kind)
    comm, homes, camp = layers.communities, layers.youth_homes, layers.campuses
    return story.build_step(spec, comm, homes, camp, lang=lang, city_name="新疆生产建设兵团")


def _xpcc_counts() -> dict[str, int]:
    layers = dataset.load_layers()
    return {
        key: int(frame["county_code"].astype(str).str.startswith("6590").sum())
        for key, frame in (
            ("communities", layers.communities),
            ("youth_homes", layers.youth_homes),
            ("campuses", layers.campuses),
        )
    }


@pytest.mark.parametrize(
    ("argv", "lang"),
    [
        (["--province", "XPCC"], "zh"),
        (["--province", "65", "--city", "6590"], "zh"),  # drew the whole of Xinjiang
        (["--province", "xpcc"], "en"),
    ],
)
def test_the_xpccs_map_is_its_own_cities_as_its_account_is_shown(
    tmp_path, capsys, monkeypatch, argv, lang
) -> None:
    """`youthmap map --province XPCC` was refused (XPCC 不是省份代码), and `--province 65
    --city 6590` drew the whole of Xinjiang (新疆维吾尔自治区：1,782 个社区…). Both now draw
    the XPCC's cities, with the title, caption and legend counts of the presentation
    page's step for the XPCC's account."""
    from geo.export import static

    seen: list = []
    real = static.static_map

    def spy(scope, points, *args, **kwargs):
        seen.append((scope, {p.label: p.count for p in points}))
        return real(scope, points, *args, **kwargs)

    monkeypatch.setattr(static, "static_map", spy)
    out = tmp_path / "xpcc.png"
    assert main(["map", *argv, "--lang", lang, "--out", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = _xpcc_step("province", lang)
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].endswith(page.title) and printed[1] == page.caption
    name = "新疆生产建设兵团" if lang == "zh" else "Xinjiang Production and Construction Corps"
    assert name in page.title
    counts = _xpcc_counts()
    assert f"{counts['communities']:,}" in page.caption
    ((scope, legend),) = seen
    assert (scope.region, scope.province_code, scope.city_code) == XPCC
    assert sorted(legend.values()) == sorted(counts.values())


@pytest.mark.parametrize(("step", "suffix"), [("chosen", ".pdf"), ("gaps", ".html")])
def test_every_step_and_output_of_the_xpcc_is_the_pages(tmp_path, capsys, step, suffix) -> None:
    """The XPCC's chosen and gaps steps, as PDF and offline HTML, are those its account's
    presentation page shows (they were refused with --province XPCC)."""
    out = tmp_path / f"xpcc{suffix}"
    assert main(["map", "--province", "XPCC", "--step", step, "--out", str(out)]) == 0
    page = _xpcc_step(step, "zh")
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].endswith(page.title) and printed[1] == page.caption
    if suffix == ".pdf":
        assert out.read_bytes()[:5] == b"%PDF-"
    else:
        assert page.title in out.read_text(encoding="utf-8")


def test_the_xpccs_deck_has_its_own_slides(tmp_path) -> None:
    """The XPCC's deck: its third slide drew Xinjiang; each map slide is now titled as the
    page's step for the XPCC's account."""
    from pptx import Presentation

    from geo.export import story

    out = tmp_path / "xpcc.pptx"
    assert main(["map", "--province", "XPCC", "--out", str(out)]) == 0
    texts = [
        shape.text_frame.text
        for slide in Presentation(str(out)).slides
        for shape in slide.shapes
        if shape.has_text_frame
    ]
    for kind in story.STEP_KINDS:
        assert _xpcc_step(kind, "zh").title in texts, kind
    assert not any(t.startswith("新疆维吾尔自治区：") for t in texts)


@pytest.mark.parametrize(
    ("argv", "lang", "line"),
    [
        (
            ["--province", "XPCC", "--city", "6501"],
            "zh",
            "城市 6501 不属于新疆生产建设兵团（XPCC）",
        ),
        (
            ["--province", "XPCC", "--city", "6501"],
            "en",
            "city 6501 is not in Xinjiang Production and Construction Corps (XPCC)",
        ),
        (["--province", "44", "--city", "5101"], "zh", "城市 5101 不属于广东省（44）"),
        (["--province", "65", "--city", "6599"], "en", "no city with the code 6599"),
        (["--region", "east", "--province", "XPCC"], "zh", "新疆生产建设兵团不属于东部"),
    ],
)
def test_a_city_outside_the_province_or_the_xpcc_is_refused_by_name(
    tmp_path, capsys, argv, lang, line
) -> None:
    out = tmp_path / "x.png"
    assert main(["map", *argv, "--lang", lang, "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.endswith(line), err
    assert not out.exists()


@pytest.mark.parametrize(
    ("step", "lang", "note"),
    [
        (
            None,
            "zh",
            "注意：province 步骤绘出广东省，不只广州市；--city 只作用于 chosen、gaps 两步",
        ),
        ("national", "en", "note: the national step draws the whole country, not Guangzhou alone"),
        ("gaps", "zh", None),
    ],
)
def test_a_city_the_step_does_not_draw_is_said_not_ignored(tmp_path, capsys, step, lang, note):
    """``map --province 44 --city 4401`` drew the whole of Guangdong and said nothing of the
    city it was given: the story's province step is the province's; a city shapes only the
    chosen and gaps steps and the deck. The command now says so (and still draws the step)."""
    out = tmp_path / "gz.png"
    argv = ["map", "--province", "44", "--city", "4401", "--lang", lang, "--out", str(out)]
    assert main([*argv, *(["--step", step] if step else [])]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert out.stat().st_size > 50_000
    if note is None:
        assert printed[0].endswith("广东省 · 广州市：覆盖缺口与建议选址")
    else:
        assert printed[0].startswith(note) and "--step gaps" in printed[0]
