"""``youthmap plan list|save|export|import`` (issue 18) on SQLite and PostgreSQL: a
province's part saved from a chosen list (rows outside it counted on one line), exported as
the signable 备案表 and imported back unchanged; bad input exits 2 with one line per problem."""

from __future__ import annotations

import io
import sys

import openpyxl
import pandas as pd
import pytest

from geo import store
from geo.cli import main
from geo.store import parts

pytest_plugins = ["tests.pg"]

PLAN = "2021 全国第一批"


@pytest.fixture
def db(db_url):
    s = store.open_store(db_url)
    store.create_user(s, "sc", "川青春2021!", "province", "51")
    store.users.set_profile(s, "sc", unit_name="共青团四川省委", contact="张三", phone="028-1234")
    yield s
    s.dispose()


def _run(argv, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    return main(argv)


@pytest.fixture
def chosen_csv(tmp_path, layers):
    c = layers.communities
    frame = pd.concat(
        [c[c["province_code"] == "51"].head(40), c[c["province_code"] == "44"].head(947)]
    )
    path = tmp_path / "chosen.csv"
    frame[["id", "name", "county_code"]].to_csv(path, index=False)
    return path


def test_save_export_import_round_trip(db, db_url, chosen_csv, tmp_path, monkeypatch, capsys):
    url = ["--db", db_url]
    assert (
        _run(
            ["plan", "save", "--from", str(chosen_csv), "--plan", PLAN, "--as", "sc", *url],
            monkeypatch,
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "saved 40 communities" in out and "947 communities" in out and out.count("\n") == 2
    assert _run(["plan", "list", *url], monkeypatch) == 0
    assert "51\tSichuan\tDraft\t40" in capsys.readouterr().out
    form = tmp_path / "备案表.xlsx"
    assert (
        _run(
            [
                "plan",
                "export",
                "--plan",
                PLAN,
                "--province",
                "51",
                "--out",
                str(form),
                "--as",
                "sc",
                *url,
            ],
            monkeypatch,
        )
        == 0
    )
    assert f"wrote 40 communities of Sichuan to {form}" in capsys.readouterr().out  # not "of 51"
    ws = openpyxl.load_workbook(form)["备案表"]
    assert "填报单位：共青团四川省委" in ws["A2"].value and "联系人：张三" in ws["A2"].value
    assert _run(["plan", "import", str(form), "--plan", PLAN, "--as", "sc", *url], monkeypatch) == 0
    assert (
        "saved 40 communities as Sichuan's part of “2021 全国第一批” (0 added, 0 removed)"
        in capsys.readouterr().out
    )
    plan_id = int(store.list_plans(db)["id"].iloc[0])
    assert parts.part_states(db, plan_id).set_index("unit").at["51", "communities"] == 40
    # submitted, the part is frozen: the form read back is refused, the province named
    sc = store.get_user(db, "sc")  # the saved part is its recommendation
    version = int(store.filings(db, plan_id).set_index("unit").at["51", "version"])
    store.submit_filing(db, sc, plan_id, "51", version)
    args = ["plan", "import", str(form), "--plan", PLAN, "--as", "sc", *url]
    assert _run(args, monkeypatch) == 2
    assert "Sichuan's part is Waiting for the centre: it cannot change now" in (
        capsys.readouterr().err
    )  # it said "the part of 51"
    assert _run([*args, "--lang", "zh"], monkeypatch) == 2
    assert "四川省的方案部分状态为“待中央审核”，现在不能修改" in capsys.readouterr().err


def test_bad_input_exits_2_with_one_line_per_problem(
    db, db_url, chosen_csv, tmp_path, monkeypatch, capsys
):
    url = ["--db", db_url]
    assert (
        _run(
            [
                "plan",
                "save",
                "--from",
                str(chosen_csv),
                "--plan",
                PLAN,
                "--province",
                "44",
                "--as",
                "sc",
                *url,
            ],
            monkeypatch,
        )
        == 2
    )
    assert capsys.readouterr().err.count("\n") == 1
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "备案表"
    ws.append(["社区编号", "社区名称", "区县代码"])
    ws.append(["C1", "一", "51010x"])
    ws.append(["", "二", "510104"])
    bad = tmp_path / "bad.xlsx"
    book.save(bad)
    assert _run(["plan", "import", str(bad), "--plan", PLAN, "--as", "sc", *url], monkeypatch) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "row 2" in err[0] and "区县代码" in err[0] and "row 3" in err[1]


def test_a_problem_found_in_the_plan_names_the_files_row_and_header(
    db, db_url, chosen_csv, tmp_path, monkeypatch, capsys
):
    """A problem the plan's check finds (a community listed twice) was put on the row of
    the line's place among the province's rows, under its machine name: row 4, column id,
    for the form's row 7 (three title rows above the header) under 社区编号; a national
    list's Sichuan line, past Guangdong's, as row 3."""
    url = ["--db", db_url]
    save = ["plan", "save", "--plan", PLAN, "--as", "sc", *url]
    assert _run([*save, "--from", str(chosen_csv)], monkeypatch) == 0
    form = tmp_path / "备案表.xlsx"
    export = ["plan", "export", "--plan", PLAN, "--province", "51", "--out", str(form)]
    assert _run([*export, *url], monkeypatch) == 0
    book = openpyxl.load_workbook(form)
    ws = book["备案表"]
    head = next(r for r in range(1, 10) if ws.cell(r, 1).value == "序号")
    column = [c.value for c in ws[head]].index("社区编号") + 1
    ws.cell(head + 3, column).value = ws.cell(head + 1, column).value
    book.save(form)
    capsys.readouterr()
    assert _run(["plan", "import", str(form), "--plan", PLAN, "--as", "sc", *url], monkeypatch) == 2
    err = capsys.readouterr().err.strip()
    assert f"row {head + 3}, column 社区编号:" in err and "listed twice" in err, err
    # a list with Chinese headers (as the selection downloads it), Guangdong's rows first
    c = pd.read_csv(chosen_csv, dtype=str)
    mine = c[c["county_code"].str.startswith("51")].head(3)
    listed = pd.concat([c[c["county_code"].str.startswith("44")].head(5), mine, mine.head(1)])
    listed.columns = ["编号", "名称", "区县代码"]
    path = tmp_path / "名单.csv"
    listed.to_csv(path, index=False)
    assert _run([*save, "--from", str(path)], monkeypatch) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "row 10, column 编号:" in err, err


def test_a_community_no_layer_holds_is_saved_and_said(
    db, db_url, chosen_csv, tmp_path, monkeypatch, capsys
):
    """A chosen list's id no communities layer holds (a typing slip) was saved without a
    word: the maps, the pairing and the form then had no place for it."""
    listed = pd.read_csv(chosen_csv, dtype=str).head(3)
    listed.loc[1, "id"] = "C510104-9999"
    path = tmp_path / "名单.csv"
    listed.to_csv(path, index=False)
    save = ["plan", "save", "--from", str(path), "--plan", PLAN, "--as", "sc", "--db", db_url]
    assert _run(save, monkeypatch) == 0
    out = capsys.readouterr().out
    assert "saved 3 communities" in out
    assert "note: not found in any communities layer (1: C510104-9999)" in out, out
    listed.loc[1, "id"] = pd.read_csv(chosen_csv, dtype=str)["id"].iloc[5]
    listed.to_csv(path, index=False)
    assert _run(save, monkeypatch) == 0
    assert "not found" not in capsys.readouterr().out  # a list the layer holds: no note


def test_the_centre_deletes_a_plan_made_by_a_mistyped_name(
    db, db_url, chosen_csv, monkeypatch, capsys
):
    store.create_user(db, "centre", "centre-password-2021", "central")
    url = ["--db", db_url]
    save = ["plan", "save", "--from", str(chosen_csv), "--as", "sc", *url]
    assert _run([*save, "--plan", "2021 全国第一北"], monkeypatch) == 0  # a typo: a new plan
    delete = ["plan", "delete", "--plan", "2021 全国第一北", *url]
    assert _run([*delete, "--as", "sc"], monkeypatch) == 2  # the province asks the centre
    capsys.readouterr()
    assert _run([*delete, "--as", "centre"], monkeypatch) == 0
    assert capsys.readouterr().out.strip() == "deleted the plan “2021 全国第一北”"
    assert store.list_plans(db).empty
    assert _run([*delete, "--as", "centre"], monkeypatch) == 2  # gone: named as unknown
    assert "no plan named “2021 全国第一北”" in capsys.readouterr().err


def test_user_profile_signs_the_form(db, db_url, chosen_csv, tmp_path, monkeypatch, capsys):
    url = ["--db", db_url]
    argv = ["user", "profile", "sc", "--contact", "李四", "--phone", "028-5555", *url]
    assert _run(argv, monkeypatch) == 0
    assert store.users.get_profile(db, "sc") == {
        "unit_name": "共青团四川省委",
        "contact": "李四",
        "phone": "028-5555",
    }
    assert _run(["user", "profile", "nobody", "--unit", "x", *url], monkeypatch) == 2


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch):
    """These tests read the commands' English wording (``YOUTHMAP_LANG=en``; the Chinese
    default and the choice of language are tests/cli/test_cli_language.py's)."""
    monkeypatch.setenv("YOUTHMAP_LANG", "en")


def test_a_provinces_own_plan_is_listed_by_the_provinces_name(db, db_url, monkeypatch, capsys):
    from geo.plan.auth import User

    chosen = pd.DataFrame({"id": ["A1"], "name": ["甲社区"], "county_code": ["510104"]})
    store.create_plan(db, User("sc", "province", "51"), "四川试点", chosen, province_code="51")
    for lang, said in (("zh", "四川省"), ("en", "Sichuan")):
        assert _run(["plan", "list", "--db", db_url, "--lang", lang], monkeypatch) == 0
        line = next(ln for ln in capsys.readouterr().out.splitlines() if "四川试点" in ln)
        assert line.split("\t")[2] == said, line


def test_the_demo_plan_is_listed_and_named_in_the_commands_language(
    db, db_url, chosen_csv, tmp_path, monkeypatch, capsys
):
    """The demo plan (a name the app made, not a user) is listed in English under
    ``--lang en`` as the pages show it, and each command that takes ``--plan`` finds it by
    the name it was listed by: saving under that name adds to the plan, not to a new one."""
    from geo.plan.auth import User
    from geo.plan.year_demo import DEMO_PLAN_NAME

    chosen = pd.DataFrame({"id": ["A1"], "name": ["甲社区"], "county_code": ["510104"]})
    store.create_plan(db, User("centre", "central"), DEMO_PLAN_NAME, chosen)
    url = ["--db", db_url]
    english = "2021 national first batch (simulated)"
    for lang, listed in (("en", english), ("zh", DEMO_PLAN_NAME)):
        assert _run(["plan", "list", *url, "--lang", lang], monkeypatch) == 0
        assert capsys.readouterr().out.split("\n")[0].split("\t")[1] == listed
    save = ["plan", "save", "--from", str(chosen_csv), "--as", "sc", *url]
    assert _run([*save, "--plan", english], monkeypatch) == 0
    assert f"part of “{english}”" in capsys.readouterr().out
    plans = store.list_plans(db)
    assert plans["name"].tolist() == [DEMO_PLAN_NAME]
    assert (store.communities(db, int(plans["id"].iloc[0]))["quota_unit"] == "51").sum() == 40
    out = tmp_path / "form.xlsx"
    for name in (english, DEMO_PLAN_NAME):
        export = ["plan", "export", "--plan", name, "--province", "51", "--out", str(out)]
        assert _run([*export, *url], monkeypatch) == 0
        assert "wrote 40 communities of Sichuan" in capsys.readouterr().out
    assert _run(["plan", "export", "--plan", "2021", "--province", "51", "--out", str(out), *url], monkeypatch) == 2  # fmt: skip
    assert "no plan named “2021”" in capsys.readouterr().err


def test_a_part_saved_under_a_name_no_plan_has_says_it_made_one_and_names_the_others(
    db, db_url, chosen_csv, monkeypatch, capsys
):
    """A mistyped name made a second national plan without a word: the command now says so
    and lists the national plans there are. The first part of a first plan needs no note."""
    save = ["plan", "save", "--from", str(chosen_csv), "--as", "sc", "--db", db_url]
    assert _run([*save, "--plan", PLAN], monkeypatch) == 0
    assert "note" not in capsys.readouterr().out
    assert _run([*save, "--plan", "2021 全国第一 批"], monkeypatch) == 0
    assert (
        "note: no national plan was named “2021 全国第一 批”, so it was made; check the name is "
        "the centre's (there are: 2021 全国第一批)"
    ) in capsys.readouterr().out
    assert _run([*save, "--plan", PLAN], monkeypatch) == 0  # an existing plan: no note
    assert "note" not in capsys.readouterr().out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_filing_select_writes_imports_as_a_plan(
    db, db_url, layers, lang, tmp_path, monkeypatch, capsys
):
    """The 备案表 ``select --filing`` writes (16 columns, no county code) was refused by
    ``plan import``: 缺少必填列 区县代码, and the English one for 社区编号, 社区名称 and 区县代码,
    named in Chinese. It carries the county code now and reads back in either language:
    the part saved is the filing's Sichuan rows, each in the county the filing gives."""
    c = layers.communities
    picked = c[c["province_code"].isin(["51", "44"])].drop(columns="geometry")
    picked.to_csv(tmp_path / "c.csv", index=False)
    filing = tmp_path / f"f-{lang}.xlsx"
    argv = ["select", "--communities", str(tmp_path / "c.csv"), "--embedded", "none"]
    argv += ["--total", "30", "--out", str(tmp_path / "chosen.csv"), "--filing", str(filing)]
    assert _run([*argv, "--lang", lang], monkeypatch) == 0
    url = ["--db", db_url]
    imp = ["plan", "import", str(filing), "--plan", PLAN, "--as", "sc", *url]
    capsys.readouterr()
    assert _run([*imp, "--lang", lang], monkeypatch) == 0, capsys.readouterr().err
    sheet = pd.read_excel(filing, sheet_name=0, dtype=str)
    ident, code = ("社区编号", "区县代码") if lang == "zh" else ("Community ID", "County code")
    assert len(sheet.columns) == 17 and code in sheet.columns
    mine = sheet[sheet[code].str.startswith("51")]
    assert len(mine) and len(mine) < len(sheet)  # the other province's rows are left out
    plan_id = int(store.list_plans(db)["id"].iloc[0])
    stored = store.communities(db, plan_id)
    assert sorted(stored["community_id"]) == sorted(mine[ident])
    counties = dict(zip(mine[ident], mine[code], strict=True))
    assert dict(zip(stored["community_id"], stored["county_code"], strict=True)) == counties
    form = tmp_path / "备案表.xlsx"
    export = ["plan", "export", "--plan", PLAN, "--province", "51", "--out", str(form), *url]
    assert _run([*export, "--as", "sc"], monkeypatch) == 0
    back = pd.read_excel(form, sheet_name=0, header=3, dtype=str)
    assert sorted(back["社区编号"]) == sorted(mine[ident])
    assert list(back.columns).count("区县代码") == 1  # the form's own, not twice


def test_a_filing_without_a_column_it_needs_names_it_in_the_readers_language(
    db, db_url, tmp_path, monkeypatch, capsys
):
    book = openpyxl.Workbook()
    book.active.title = "Filing"
    book.active.append(["Community ID", "Community"])
    book.active.append(["C1", "One"])
    path = tmp_path / "f.xlsx"
    book.save(path)
    imp = ["plan", "import", str(path), "--plan", PLAN, "--as", "sc", "--db", db_url]
    assert _run([*imp, "--lang", "en"], monkeypatch) == 2
    assert capsys.readouterr().err.strip() == f"error: {path}: required column County code missing"
    assert _run([*imp, "--lang", "zh"], monkeypatch) == 2
    assert capsys.readouterr().err.strip() == f"错误：{path}：缺少必填列 区县代码"


def test_the_form_carries_the_parts_locks_and_imports_back_with_them(
    db, db_url, tmp_path, layers, monkeypatch, capsys
):
    """A community the province locked in by hand (reason kept in the plan) is 人工锁定 是 on
    its 备案表 with the reason in 推荐理由, and the form imported back keeps it locked with
    that reason (the form printed both columns blank, and plan import read no lock)."""
    c = layers.communities
    pick = c[c["province_code"] == "51"].head(12)[["id", "name", "county_code"]]
    locked, reason = str(pick["id"].iloc[3]), "区委推荐的示范社区"
    sc = store.get_user(db, "sc")
    saved = parts.save_part(db, sc, PLAN, pick, locks={locked: reason})
    form = tmp_path / "备案表.xlsx"
    url = ["--db", db_url]
    args = ["plan", "export", "--plan", PLAN, "--province", "51", "--out", str(form)]
    assert _run([*args, "--as", "sc", *url], monkeypatch) == 0
    ws = openpyxl.load_workbook(form)["备案表"]
    head = [cell.value for cell in ws[4]]
    rows = {r[head.index("社区编号")]: r for r in ws.iter_rows(min_row=5, values_only=True)}
    assert rows[locked][head.index("人工锁定")] == "是"
    assert f"人工锁定：{reason}" in rows[locked][head.index("推荐理由")]
    assert {r[head.index("人工锁定")] for i, r in rows.items() if i != locked} == {None}
    parts.save_part(db, sc, PLAN, pick, locks={})  # unlocked since: the form says it is
    assert store.community(db, saved.plan_id, locked)["manual"] is False
    capsys.readouterr()
    imp = ["plan", "import", str(form), "--plan", PLAN, "--as", "sc", *url]
    assert _run(imp, monkeypatch) == 0
    row = store.community(db, saved.plan_id, locked)
    assert (row["manual"], row["reason"]) == (True, reason)
    others = store.communities(db, saved.plan_id)
    assert others["manual"].sum() == 1


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_part_saved_from_selects_list_files_the_reasons_selects_filing_gave(
    db, db_url, layers, lang, tmp_path, monkeypatch, capsys
):
    """``select --filing`` gave each of Sichuan's 12 picked communities its 推荐理由
    (得分贡献最大：青年人口（14-35岁）、…); the same pick's list (``--out chosen.csv``) saved with
    ``plan save --from`` and exported with ``plan export`` gave 12 of 12 blank. The list
    carries the indicators each score owed most to (得分贡献最大的指标), named in the list's
    language (not as the codes the store keeps), and the part's form names the ones the
    filing named."""
    c = layers.communities
    c[c["province_code"] == "51"].drop(columns="geometry").to_csv(tmp_path / "c.csv", index=False)
    argv = ["select", "--communities", str(tmp_path / "c.csv"), "--embedded", "none"]
    argv += ["--total", "12"]
    filing = tmp_path / "f.xlsx"
    out = ["--out", str(tmp_path / "chosen-zh.csv"), "--filing", str(filing)]
    assert _run([*argv, *out, "--lang", "zh"], monkeypatch) == 0
    if lang == "en":
        out = ["--out", str(tmp_path / "chosen-en.csv")]
        assert _run([*argv, *out, "--lang", "en"], monkeypatch) == 0
    listed = pd.read_csv(tmp_path / f"chosen-{lang}.csv", dtype=str)
    header, first = (
        ("得分贡献最大的指标", "、") if lang == "zh" else ("Top-contributing indicators", ", ")
    )
    named = listed[header]
    assert named.str.contains(first).all(), named.tolist()
    assert not named.str.contains(r"[a-z]+_[a-z]+|\byouth\b").any(), named.tolist()
    url = ["--db", db_url]
    save = ["plan", "save", "--from", str(tmp_path / f"chosen-{lang}.csv"), "--plan", PLAN]
    assert _run([*save, "--as", "sc", *url], monkeypatch) == 0, capsys.readouterr().err
    form = tmp_path / "备案表.xlsx"
    export = ["plan", "export", "--plan", PLAN, "--province", "51", "--out", str(form), *url]
    assert _run([*export, "--as", "sc"], monkeypatch) == 0
    before = pd.read_excel(filing, sheet_name=0, dtype=str).set_index("社区编号")["推荐理由"]
    after = pd.read_excel(form, sheet_name=0, header=3, dtype=str).dropna(subset=["社区编号"])
    after = after.set_index("社区编号")["推荐理由"]
    assert len(before) == 12 and before.str.startswith("得分贡献最大：").all()
    assert after.reindex(before.index).to_dict() == before.to_dict()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_filing_imported_as_a_part_keeps_its_reasons(
    db, db_url, layers, lang, tmp_path, monkeypatch, capsys
):
    """The 备案表 ``select --filing`` writes, imported with ``plan import`` (or saved with
    ``plan save --from``) and exported again, lost every 推荐理由 (12 of 12 blank): the form
    imports back unchanged now, its reasons read from 推荐理由 (Reasons in the English
    filing) back into the indicators they name."""
    c = layers.communities
    c[c["province_code"] == "51"].drop(columns="geometry").to_csv(tmp_path / "c.csv", index=False)
    argv = ["select", "--communities", str(tmp_path / "c.csv"), "--embedded", "none"]
    argv += ["--total", "12", "--out", str(tmp_path / "chosen.csv")]
    for written in {"zh", lang}:
        filing = ["--filing", str(tmp_path / f"f-{written}.xlsx"), "--lang", written]
        assert _run([*argv, *filing], monkeypatch) == 0
    url = ["--db", db_url]
    imp = ["plan", "import", str(tmp_path / f"f-{lang}.xlsx"), "--plan", PLAN, "--as", "sc"]
    assert _run([*imp, *url], monkeypatch) == 0, capsys.readouterr().err
    form = tmp_path / "备案表.xlsx"
    export = ["plan", "export", "--plan", PLAN, "--province", "51", "--out", str(form), *url]
    assert _run([*export, "--as", "sc"], monkeypatch) == 0
    before = pd.read_excel(tmp_path / "f-zh.xlsx", sheet_name=0, dtype=str)
    before = before.set_index("社区编号")["推荐理由"]
    after = pd.read_excel(form, sheet_name=0, header=3, dtype=str).dropna(subset=["社区编号"])
    after = after.set_index("社区编号")["推荐理由"]
    assert len(before) == 12 and before.str.startswith("得分贡献最大：").all()
    assert after.reindex(before.index).to_dict() == before.to_dict()
