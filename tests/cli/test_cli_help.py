"""The command's help is in the chosen language (``--lang``, ``YOUTHMAP_LANG``, else Chinese):
the description, every command's and action's summary, every option's help and argparse's own
words ("usage:", the section titles, the ``-h`` help, its errors). Option names, metavars and
codes stay as they are. The summaries name codes (a level, a method) in words."""

from __future__ import annotations

import argparse
import ast
import gettext
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo import i18n
from geo.cli import build_parser, main
from geo.cli._common import lang_of_argv, table_lines, wrap_text

CJK = re.compile(r"[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]")

CODES = {
    # option values and column ids the Chinese help quotes as they are typed
    "zh", "en", "wgs", "csv", "xlsx", "geojson", "gpkg", "parquet", "png", "pdf", "html",
    "pptx", "toml", "mclp", "lscp", "lscpb", "pmedian", "cmclp", "greedy", "exact",
    "weighted", "entropy", "topsis", "minmax", "rank", "zscore", "vector", "auto", "all",
    "none", "urban_population", "urban_communities", "equal", "require", "flag", "ignore",
    "optimal", "nearest", "central", "province", "county", "national", "region", "id",
    "lon", "lat", "reason", "name", "youth", "children", "count", "school_type", "distance_m",
    "west", "data", "app", "py", "streamlit", "run", "db", "youthmap", "add", "passwd",
    "list", "disable", "enable", "profile", "backup", "pg_dump", "universities", "divisions",
    "census", "fast", "geocn", "meta", "json", "communities", "youth_homes", "resident_units",
}  # fmt: skip
"""Lower-case words a Chinese help line may hold without being an English sentence."""


def _parsers(lang: str) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """Every parser of the command line in ``lang``: the top one, each command's, each
    action's (``user add``, ``plan save``, ``db backup``, ``records import`` …)."""
    todo = [("youthmap", build_parser(lang))]
    while todo:
        name, parser = todo.pop()
        yield name, parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                todo += [(f"{name} {n}", p) for n, p in action.choices.items()]


def _english_lines(text: str) -> list[str]:
    """Lines of ``text`` without a Chinese character that hold English words once option
    names, metavars, choices and the codes above are set aside."""
    found = []
    for line in text.splitlines():
        if CJK.search(line):
            continue
        rest = re.sub(r"\{[^}]*\}", " ", line)  # {zh,en}
        rest = re.sub(r"(?<![\w])--?[A-Za-z][\w-]*", " ", rest)  # --out, -h
        rest = re.sub(r"\b[A-Z][A-Z0-9_]*\b", " ", rest)  # F, COMMAND, YOUTHMAP_LANG
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z_']+", rest) if w.lower() not in CODES]
        if words:
            found.append(line)
    return found


def test_every_parser_is_walked() -> None:
    names = {name for name, _ in _parsers("zh")}
    assert {"youthmap", "youthmap site", "youthmap user add", "youthmap plan save"} <= names
    assert {"youthmap db backup", "youthmap records import", "youthmap user profile"} <= names
    assert len(names) == 1 + 19 + 6 + 5 + 4 + 3  # commands, user, plan, db and records actions


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_help_is_in_the_chosen_language(lang: str) -> None:
    for name, parser in _parsers(lang):
        text = parser.format_help()
        if lang == "en":
            assert text.startswith(f"usage: {name}"), text
            assert not CJK.search(text), (name, CJK.findall(text), text)
            continue
        assert text.startswith(f"用法：{name}"), text
        assert "选项:" in text and "显示本帮助并退出" in text, text
        assert _english_lines(text) == [], (name, text)
        for action in parser._actions:  # every option and argument explains itself
            if action.help != argparse.SUPPRESS:  # a hidden option (pair --solver)
                assert action.help and CJK.search(action.help), (name, action.option_strings)


def test_the_check_sees_an_english_help_line() -> None:
    assert _english_lines("  --out F     output file (default: data)") != []
    assert _english_lines("  --by {county,city}  --rates-out 的统计层级") == []


def test_the_catalogue_has_both_languages_of_every_help() -> None:
    keys = [k for k in i18n.catalogue() if k.startswith(("cli.help.", "cli.argparse."))]
    assert len(keys) > 150
    for key in keys:
        zh, en = i18n.catalogue()[key]
        assert CJK.search(zh), key
        assert en and not CJK.search(en), key


def test_every_word_argparse_says_is_in_the_catalogue() -> None:
    """Every message id of the running Python's argparse (``_('usage: ')``, ``ngettext``)
    has its Chinese (a newer Python's new message shows up here)."""
    tree = ast.parse(Path(argparse.__file__).read_text(encoding="utf-8"))
    ids = {
        arg.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("_", "ngettext")
        for arg in node.args
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
    }
    known = {en for k, (_, en) in i18n.catalogue().items() if k.startswith("cli.argparse.")}
    assert len(ids) > 30 and ids - known == set()


@pytest.mark.parametrize(
    ("argv", "zh", "en"),
    [
        (
            ["site", "--out", "x.csv"],
            "youthmap site：错误：缺少必需的参数：--communities",
            "youthmap site: error: the following arguments are required: --communities",
        ),
        (
            ["coverage", "--communities", "c", "--homes", "h", "--out", "o", "--by", "town"],
            "错误：参数 --by：无效的选项值：'town'（可选：",
            "error: argument --by: invalid choice: 'town' (choose from ",
        ),
        (
            ["site", "--communities", "c", "--out", "o", "--k", "three"],
            "错误：参数 --k：不是有效的数值：'three'",  # not Python's word int
            "error: argument --k: invalid int value: 'three'",
        ),
        (
            ["sit"],
            "错误：参数 COMMAND：无效的选项值：'sit'",
            "error: argument COMMAND: invalid choice",
        ),
        (
            ["user", "add", "--role", "county"],
            "错误：缺少必需的参数：NAME",
            "arguments are required: NAME",
        ),
        (
            ["db", "status", "--bogus"],
            "youthmap：错误：无法识别的参数：--bogus",
            "youthmap: error: unrecognized arguments: --bogus",
        ),
    ],
)
def test_an_argparse_error_is_in_the_chosen_language(argv, zh, en, capsys, monkeypatch) -> None:
    monkeypatch.delenv("YOUTHMAP_LANG", raising=False)
    for lang, expected, usage in (
        ("zh", zh, "用法："),
        ("en", en, "usage: "),
        ("zh", zh, "用法："),
    ):
        with pytest.raises(SystemExit) as stop:
            main([*argv, "--lang", lang] if lang == "en" else argv)
        assert stop.value.code == 2
        err = capsys.readouterr().err
        assert err.startswith(usage) and expected in err, err
        assert (lang == "en") != bool(CJK.search(err)), err
    assert argparse._ is gettext.gettext  # type: ignore[attr-defined]  # restored on the way out
    assert argparse.ngettext is gettext.ngettext  # type: ignore[attr-defined]


def test_help_follows_lang_anywhere_on_the_line_or_the_environment(capsys, monkeypatch) -> None:
    monkeypatch.delenv("YOUTHMAP_LANG", raising=False)
    for argv, usage in (
        (["site", "--help"], "用法："),
        (["site", "--help", "--lang", "en"], "usage: "),  # --help acts before --lang is read
        (["--lang=en", "user", "add", "--help"], "usage: "),
        (["--lang", "en", "plan", "--lang", "zh", "save", "--help"], "用法："),  # the last one
    ):
        with pytest.raises(SystemExit):
            main(argv)
        assert capsys.readouterr().out.startswith(usage), argv
    monkeypatch.setenv("YOUTHMAP_LANG", "en")
    with pytest.raises(SystemExit):
        main(["db", "backup", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("usage: youthmap db backup") and "backup file" in out


def test_the_language_is_read_from_the_line_before_the_parser_is_built() -> None:
    env: dict[str, str] = {}
    assert lang_of_argv(["site", "--out", "x"], env) == "zh"
    assert lang_of_argv(["--lang", "en", "site"], env) == "en"
    assert lang_of_argv(["site", "--lang=en"], env) == "en"
    assert lang_of_argv(["site", "--lang", "fr"], env) == "zh"  # the parser refuses "fr"
    assert lang_of_argv(["map", "--", "--lang", "en"], env) == "zh"
    assert lang_of_argv(["site"], {"YOUTHMAP_LANG": "en"}) == "en"
    assert lang_of_argv(["site", "--lang", "zh"], {"YOUTHMAP_LANG": "en"}) == "zh"


def test_chinese_help_is_wrapped_by_terminal_columns() -> None:
    text = "社区青春行动选点平台 YouthMap：评分、选点、覆盖、选址、结对（最小费用流）、地图。" * 3
    lines = wrap_text(text, 40)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    widths = [sum(2 if CJK.search(c) else 1 for c in line) for line in lines]
    assert max(widths) <= 40 and len(lines) > 3
    assert not any(line.startswith(("，", "。", "）", "、")) for line in lines)
    assert wrap_text("map a column of the file", 12) == ["map a column", "of the file"]


def test_table_columns_line_up_in_terminal_columns() -> None:
    rows = [["单位", "名称", "名额"], ["15", "内蒙古自治区", 18], ["11", "Beijing", 1000]]
    lines = table_lines(rows, [False, False, True])
    assert lines == [
        "单位  名称          名额",  # "单位" is 4 terminal columns, "内蒙古自治区" 12
        "15    内蒙古自治区    18",
        "11    Beijing       1000",
    ]
    widths = {sum(2 if CJK.search(c) else 1 for c in line) for line in lines}
    assert widths == {24}  # the numbers end in one column


@pytest.fixture(scope="module")
def files(tmp_path_factory, layers):
    d = tmp_path_factory.mktemp("cli_help")
    c = layers.communities[layers.communities["county_code"].isin(["640104", "640105"])]
    h = layers.youth_homes[layers.youth_homes["city_code"] == "6401"].head(30)
    c.drop(columns="geometry").to_csv(d / "c.csv", index=False)
    h.drop(columns="geometry").to_csv(d / "h.csv", index=False)
    return d


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", ["按区县统计的覆盖率", "加权求和，极差标准化", "青年人口（14-35岁）=", "模型：最大覆盖"]),
        ("en", ["coverage rates by county", "(Weighted sum, Min-max)", "Youth (14-35)=", "model: Maximal"]),
    ],
)  # fmt: skip
def test_summaries_name_codes_in_words(files, monkeypatch, capsys, lang, words) -> None:
    monkeypatch.chdir(files)
    inputs = ["--communities", "c.csv", "--homes", "h.csv", "--lang", lang]
    assert (
        main(["coverage", *inputs, "--out", "o.csv", "--rates-out", "r.csv", "--by", "county"]) == 0
    )
    assert main(["score", *inputs, "--out", "s.csv"]) == 0
    assert main(["site", *inputs, "--k", "2", "--out", "k.csv"]) == 0
    out = capsys.readouterr().out
    assert all(w in out for w in words), out
    for code in ("按 county", "weighted/minmax", "youth=0.", "model mclp", "method greedy"):
        assert code not in out, (code, out)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_record_counts_are_written_with_thousands_separators(lang: str) -> None:
    demo = i18n.t("cli.records.demo", lang, plan=1, name="2021", n=125061)
    assert "125,061" in demo and "125061" not in demo
    counts = dict(rows=12_000, valid=11_500, added=10_000, updated=1_500, unchanged=0)
    said = i18n.t("cli.records.imported", lang, file="九月.csv", **counts)
    assert all(f"{n:,}" in said for n in counts.values())


def test_a_long_name_goes_on_over_the_next_lines_of_its_column() -> None:
    name = "Xinjiang Production and Construction Corps"
    rows = [["code", "name", "n"], ["XPCC", name, 1], ["15", "Inner Mongolia", 18]]
    assert table_lines(rows, [False, False, True], {1: 24}) == [
        "code  name                      n",
        "XPCC  Xinjiang Production and   1",
        "      Construction Corps",
        "15    Inner Mongolia           18",
    ]
    assert table_lines(rows, [False, False, True])[1] == f"XPCC  {name}   1"


@pytest.mark.parametrize(
    ("lang", "name"),
    [("zh", "2021 全国第一批（模拟）"), ("en", "2021 national first batch (simulated)")],
)
def test_records_demo_names_the_demo_plan_in_the_commands_language(
    tmp_path, monkeypatch, capsys, lang, name
) -> None:
    from geo.plan import year_demo

    monkeypatch.setattr(year_demo, "seed_demo", lambda db, user: (1, 125_061))  # the year: 10 s
    db = f"sqlite:///{tmp_path / 'y.db'}"
    assert main(["records", "demo", "--db", db, "--lang", lang]) == 0
    assert capsys.readouterr().out.startswith(
        f"{i18n.t('cli.records.demo', lang, plan=1, name=name, n=125_061)}"
    )
