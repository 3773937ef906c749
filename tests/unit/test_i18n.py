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
