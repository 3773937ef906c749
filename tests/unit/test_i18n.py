"""English counts of one (geo.i18n.t): "1 community", not "1 communities"."""

from __future__ import annotations

from geo import i18n


def test_a_count_of_one_takes_the_singular_in_english():
    """The catalogue's English is written in the plural; a count of exactly one is not
    "1 communities" (nor "1 account(s)"). Other counts, and Chinese, are as written."""
    moved = {"status": "Filed"}
    assert i18n.t("mgmt.changed", "en", n=1, **moved) == "1 community moved to “Filed”."
    assert i18n.t("mgmt.changed", "en", n=2, **moved) == "2 communities moved to “Filed”."
    assert i18n.t("mgmt.changed", "en", n=21, **moved) == "21 communities moved to “Filed”."
    assert i18n.t("mgmt.changed", "zh", n=1, status="已备案") == "已将 1 个社区改为“已备案”。"
    assert i18n.t("cli.user.count", "en", n=1, db="x.db") == "1 account in x.db"
    assert i18n.t("cli.user.count", "en", n=11, db="x.db") == "11 accounts in x.db"
    assert i18n.t("cli.plan.communities", "en", n=1) == "1 community"
    assert i18n.t("login.locked.client", "en", minutes=1).endswith("Try again in 1 minute.")


def test_a_verb_right_after_a_count_of_one_agrees_with_it():
    said = i18n.t("coverage.site.uncoverable", "en", n=1, ids="C1")
    assert said.startswith("1 community has no candidate"), said
    assert i18n.t("coverage.site.uncoverable", "en", n=2, ids="C1, C2").startswith(
        "2 communities have no candidate"
    )


def test_a_problem_with_a_count_of_one_takes_the_singular_too():
    """Problems (file, row, column, reason) are rendered by ``problem_text``, not ``t``: they
    said "1 rows are marked"."""
    from geo.core.errors import Problem

    one = Problem(
        "store.problem.area_simulated", file="demo.csv", code="simulated", params={"n": 1}
    )
    assert i18n.problem_text(one, "en").startswith("1 row is marked as simulated data")
    two = Problem("store.problem.area_simulated", code="simulated", params={"n": 2})
    assert i18n.problem_text(two, "en").startswith("2 rows are marked as simulated data")
    assert i18n.problem_text(one, "zh").startswith("有 1 行标为模拟数据")


def test_counts_in_messages_are_grouped_by_thousands_as_in_tables():
    """ "Use this session's selection (1000 communities)" beside a metric reading 1,000:
    an integer count is grouped where the catalogue formats it plainly; a count the catalogue
    formats itself, a row number, a year or a text are left as given."""
    import numpy as np

    assert i18n.t("mgmt.new_plan_from_session", "en", n=1000) == (
        "Use this session's selection (1,000 communities)"
    )
    assert i18n.t("mgmt.new_plan_from_session", "zh", n=np.int64(110000)) == (
        "使用本次会话的遴选结果（110,000 个社区）"
    )
    assert i18n.t("mgmt.changed", "en", n=1, status="Filed") == "1 community moved to “Filed”."
    assert i18n.t("mgmt.changed", "en", n=1001, status="Filed").startswith("1,001 communities")
    said = i18n.t("data.summary", "en", rows=12345, valid=12000, errors=345, warnings=0)
    assert said == "12,345 rows: 12,000 valid, 345 with errors; 0 warnings."
    assert i18n.t("cli.plan.communities", "en", n="1,000") == "1,000 communities"  # a text
    assert i18n.t("cli.records.demo", "en", plan=1, name="x", n=125061).count("125,061") == 1
    assert i18n.t("where.row", "zh", row=12345) == "第 12345 行"  # a row number: no count
    # counts the catalogue named otherwise: "49292 scattered uncovered communities" beside
    # "52,969" uncovered on the coverage page, at national scope
    assert i18n.t("coverage.gap.caption", "en", n=656, noise=49292) == (
        "656 gaps, ranked by youth uncovered; 49,292 scattered uncovered communities belong "
        "to no gap."
    )
    assert "49,292 个零散" in i18n.t("coverage.gap.caption", "zh", n=656, noise=49292)
    said = i18n.t("cli.problem.records_refused", "en", bad=1200, valid=125061)
    assert "1,200 rows with errors" in said and "125,061 valid rows" in said
    said = i18n.t("records.next.record", "en", continued=1976, exited=1024)
    assert "(1,976 continued, 1,024 exited)" in said
    # a problem is rendered by problem_text, which grouped no count at all ("1500 seats")
    from geo.core.errors import Problem

    caps = Problem(
        "quota.problem.caps_too_low", column="quota", params={"caps": 1500, "rest": 2000}
    )
    assert (
        i18n.problem_text(caps, "en") == "the units can take at most 1,500 seats, fewer than 2,000"
    )
    assert i18n.problem_text(caps, "zh") == "各单位最多只能容纳 1,500 个名额，少于 2,000"
    need = Problem(
        "quota.problem.minimum_infeasible", params={"minimum": 3, "need": 1500, "rest": 1000}
    )
    assert (
        i18n.problem_text(need, "en")
        == "minimum 3 per unit needs 1,500 seats but only 1,000 are left"
    )
    row = Problem("data.problem.duplicate_id", row=12346, params={"id": "C1", "first": 12345})
    assert i18n.problem_text(row, "en") == "id “C1” repeats row 12345"  # a row number: no count
    assert i18n.t("present.step_of", "en", i=True, n=True) == "Step True of True"  # no bools


def test_chinese_strings_use_full_width_brackets_beside_chinese_text():
    """ "下载入选名单 (GeoPackage)" beside "下载四川省备案表（可签章，XLSX）": the Chinese
    catalogue writes full-width brackets after Chinese text, as GB/T 15834 does."""
    import re

    after = re.compile(r"[\u4e00-\u9fff]\s*\(")
    found = [k for k, (zh, _) in i18n.catalogue().items() if after.search(zh)]
    assert found == []
    # the layers' and the indicators' own labels head the same tables: 青年人口(14-35岁)
    # stood beside 距最近青年之家（米）
    from geo.analysis.indicators import INDICATORS
    from geo.core.layers import SCHEMAS

    labels = [c.zh for cols in SCHEMAS.values() for c in cols] + [i.zh for i in INDICATORS]
    assert "青年人口（14-35岁）" in labels
    assert [label for label in labels if after.search(label)] == []


def test_a_page_named_in_a_message_is_named_as_the_menu_names_it():
    """Messages sent users to the “选点” and “数据” pages; the menu says 名额与遴选 and
    数据导入 (and in English the Quotas & selection and Data pages)."""
    import re

    cat = i18n.catalogue()
    menu = {lang: {cat[k][i] for k in cat if k.startswith("page.")} for i, lang in enumerate("ze")}
    named = {
        "z": {(k, m) for k, (zh, _) in cat.items() for m in re.findall(r"“([^”]+)”页", zh)},
        "e": {
            (k, m) for k, (_, en) in cat.items() for m in re.findall(r"the ([A-Z][\w &]+) page", en)
        },
    }
    wrong = {
        lang: sorted((k, m) for k, m in found if m not in menu[lang])
        for lang, found in named.items()
    }
    assert wrong == {"z": [], "e": []}


def test_the_to_do_reads_in_english_for_one():
    """“1 communities of your county are filed and wait…”: a count of one before a plural
    and its verb, which the catalogue's singular rule cannot reach past other words."""
    import re

    values = {
        "plan": "P",
        "n": 1,
        "units": "Guangdong",
        "reason": "r",
        "unit": "Sichuan",
        "due": "2026-05-31",
    }
    texts = [i18n.t(k, "en", **values, days=60) for k in i18n.catalogue() if k.startswith("todo.")]
    assert len(texts) > 8
    wrong = [s for s in texts if re.search(r"\b1 (\w+ )*?\w+s\b[^.;:]*\b(are|have|wait)\b", s)]
    assert wrong == []


def test_a_count_of_one_with_a_word_before_its_noun_is_singular():
    """“Read 1 candidate sites”, “Import only the 1 valid rows”: the singular rule stopped
    at the first word after the count."""
    assert (
        i18n.t("data.accept_valid", "en", n=1)
        == "Import only the 1 valid row and replace the layer"
    )
    assert i18n.t("coverage.site.file_read", "en", n=1, name="a.csv", crs="x").startswith(
        "Read 1 candidate site from"
    )
    assert i18n.t("cli.select.unlisted", "en", n=1).startswith(
        "not listed: 1 more unit with a quota of 0"
    )
    assert i18n.t("coverage.site.file_read", "en", n=2, name="a.csv", crs="x").startswith(
        "Read 2 candidate sites"
    )
    # a word that is not one of them is not crossed: "1 of your communities" stays as written
    assert "1 of 3 communities" in i18n.t("present.note.from_plan", "en", plan="1 of 3 communities")
