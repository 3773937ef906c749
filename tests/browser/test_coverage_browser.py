"""End to end in headless Chromium: run siting on the coverage page and see the sites drawn."""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    MAP_FRAME,
    assert_map_drawn,
    assert_no_exception,
    goto,
    grid_rows,
    wait_idle,
)

pytestmark = pytest.mark.browser

TIMEOUT_MS = 120_000
K = 3


def _layer_names(frame: object) -> list[str]:
    return [
        s.strip() for s in frame.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    ]


def test_coverage_page_proposes_sites_and_draws_them_at_city_scope(
    page: object, app_url: str, artifacts
) -> None:
    goto(page, app_url, "coverage", "province=44&city=4401")  # 广州市
    page.get_by_text("青年之家覆盖与新址选择", exact=True).wait_for(timeout=TIMEOUT_MS)
    frame = assert_map_drawn(page, min_paths=5)  # Guangzhou's districts
    assert "建议新址" not in _layer_names(frame)
    paths_before = frame.locator(".leaflet-overlay-pane svg path").count()

    page.get_by_role("tab", name="新址选择").click()
    k = page.get_by_label("新址数量 k")
    k.fill(str(K))
    k.press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="开始选址").click()
    page.get_by_text("求解完成", exact=False).wait_for(timeout=TIMEOUT_MS)
    wait_idle(page)
    assert_no_exception(page)
    assert page.get_by_text(f"{K} 个新址", exact=False).count() >= 1

    # The result table lists the sites; the map gains the sites layer (points on the canvas),
    # the lines to the communities each covers (SVG paths) and the legend entry.
    rows = grid_rows(page, "新增覆盖青年")
    assert [r[0] for r in rows] == [str(i) for i in range(1, K + 1)]
    assert all(int(r[-1]) >= 1 for r in rows)  # each site covers at least one new community
    frame = assert_map_drawn(page, min_paths=paths_before + 1)
    frame.locator(".leaflet-control-layers-overlays label", has_text="建议新址").wait_for(
        timeout=TIMEOUT_MS
    )
    assert "建议新址" in frame.locator(".youthmap-legend").first.inner_text()
    page.wait_for_timeout(1_000)  # let the map settle before the screenshot
    page.locator(MAP_FRAME).first.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "coverage_sites_city_4401.png"), full_page=True)
    assert page.external_requests == [], page.external_requests


def test_a_candidate_file_and_the_choices_outlive_a_switch_to_another_tab(
    page: object, app_url: str, artifacts, tmp_path
) -> None:
    """A planner uploads candidate sites, looks at another tab, comes back and runs the
    siting: it runs on the uploaded file (a tab switch must not reset the source box or drop
    the file, as it did when only the open tab ran)."""
    from geo.analysis import coverage
    from geo.dataset import load_layers

    layers = load_layers()
    comm = layers.communities[layers.communities["city_code"] == "4401"]
    cov = coverage.community_coverage(comm, layers.youth_homes, coverage.DEFAULT_RADIUS_M)
    uncovered = cov.loc[~cov["covered"], "id"]  # sites there cover someone new
    units = layers.resident_units
    units = units[units["community_id"].isin(uncovered)].head(40)
    path = tmp_path / "候选点.csv"
    path.write_bytes(
        units.rename(columns={"id": "单位编码", "name": "单位名称", "lon": "经度", "lat": "纬度"})[
            ["单位编码", "单位名称", "经度", "纬度"]
        ]
        .to_csv(index=False)
        .encode("gbk")
    )
    goto(page, app_url, "coverage", "province=44&city=4401")
    page.get_by_text("青年之家覆盖与新址选择", exact=True).wait_for(timeout=TIMEOUT_MS)
    page.get_by_role("tab", name="新址选择").click()
    wait_idle(page)
    page.get_by_role("combobox", name="候选点", exact=True).click()
    page.get_by_role("option", name="上传文件", exact=True).click()
    wait_idle(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    read = f"已读取 {path.name} 中 {len(units)} 个候选点"
    page.get_by_text(read, exact=False).wait_for(timeout=TIMEOUT_MS)

    k = page.get_by_label("新址数量 k")
    k.fill(str(K))
    k.press("Enter")
    wait_idle(page)

    page.get_by_role("tab", name="覆盖空白").click()
    wait_idle(page)
    page.get_by_role("tab", name="新址选择").click()
    wait_idle(page)
    page.get_by_role("button", name="开始选址").click()
    page.get_by_text("求解完成", exact=False).wait_for(timeout=TIMEOUT_MS)
    wait_idle(page)
    assert_no_exception(page)
    assert page.get_by_text(read, exact=False).count() == 1
    page.screenshot(path=str(artifacts / "coverage_sites_from_file_4401.png"), full_page=True)
    page.get_by_text(f"{K} 个新址", exact=False).first.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    sites = grid_rows(page, "新增覆盖青年")
    page.screenshot(path=str(artifacts / "coverage_sites_from_file_4401.png"), full_page=True)
    assert len(sites) == K and {r[1] for r in sites} <= set(units["id"].astype(str))


def test_p_median_and_capacitated_runs_show_their_status_and_tables(
    page: object, app_url: str, artifacts
) -> None:
    """A planner tries the models beyond coverage: p-median (exact, its checked status with
    HiGHS's words) and capacitated covering (each site's capacity in the table)."""
    goto(page, app_url, "coverage", "province=44&city=4401")
    page.get_by_text("青年之家覆盖与新址选择", exact=True).wait_for(timeout=TIMEOUT_MS)
    page.get_by_role("tab", name="新址选择").click()
    page.get_by_text("p-中位（k 个新址，青年加权距离最短）").click()
    wait_idle(page)
    k = page.get_by_label("新址数量 k")
    k.fill(str(K))
    k.press("Enter")
    wait_idle(page)
    page.get_by_text("精确整数规划（HiGHS）").click()
    wait_idle(page)
    page.get_by_role("button", name="开始选址").click()
    page.get_by_text("求解完成", exact=False).wait_for(timeout=TIMEOUT_MS)
    wait_idle(page)
    assert_no_exception(page)
    summary = page.get_by_text("个新址，服务青年", exact=False).first.inner_text()
    assert "已证明最优（HiGHS：Optimal）" in summary or "HiGHS：" in summary, summary
    rows = grid_rows(page, "平均距离（米）")
    assert len(rows) == K
    page.screenshot(path=str(artifacts / "coverage_p_median_4401.png"), full_page=True)

    page.get_by_text("有容量的最大覆盖（每处服务不超过容量）").click()
    wait_idle(page)
    page.get_by_text("快速启发式（惰性贪心+交换）").click()
    wait_idle(page)
    page.get_by_role("button", name="开始选址").click()
    page.get_by_text("求解完成", exact=False).wait_for(timeout=TIMEOUT_MS)
    wait_idle(page)
    assert_no_exception(page)
    rows = grid_rows(page, "容量")
    assert len(rows) == K
    page.screenshot(path=str(artifacts / "coverage_capacitated_4401.png"), full_page=True)
    assert page.external_requests == [], page.external_requests
