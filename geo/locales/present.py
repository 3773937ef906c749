"""Strings of the presentation page (story steps, captions, downloads)."""

STRINGS: dict[str, tuple[str, str]] = {
    "present.title": ("演示模式", "Presentation mode"),
    "present.help": (
        "逐步讲述：全国 → 区域 → 省份 → 入选社区 → 覆盖缺口与建议选址。用按钮或键盘 ← / → 翻页。",
        "Step through the story: nation → region → province → chosen communities → coverage gaps "
        "and proposed sites. Use the buttons or the ← / → keys.",
    ),
    "present.prev": ("上一步", "Previous"),
    "present.fullscreen": ("全屏演示", "Full screen"),
    "present.fullscreen_help": (
        "隐藏侧栏与页眉，地图铺满窗口；浏览器再按 F11 可占满整个屏幕。",
        "Hide the sidebar and header and let the map fill the window; press F11 in the "
        "browser to fill the whole screen.",
    ),
    "present.approval_no": ("审图号", "Map approval No."),
    "present.approval_help": (
        "印在导出的 PNG、PDF 和 PPT 地图上；未取得审图号时留空，地图上显示“—”。",
        "Printed on the exported PNG, PDF and PPTX maps; leave empty if the map has no "
        "approval number: the maps then show “—”.",
    ),
    "present.sources": ("数据来源（印在导出的地图上）", "Data sources (printed on exported maps)"),
    "present.next": ("下一步", "Next"),
    "present.step_of": ("第 {i} / {n} 步", "Step {i} of {n}"),
    "present.building": ("正在准备本步地图…", "Preparing this step's map…"),
    "present.downloads": ("导出当前视图", "Export this view"),
    "present.download.png": ("下载 PNG", "Download PNG"),
    "present.download.pdf": ("下载 PDF", "Download PDF"),
    "present.download.html": ("下载离线 HTML", "Download offline HTML"),
    "present.download.pptx": ("下载 PPT 汇报", "Download PPTX deck"),
    "present.deck_file": ("社区青春行动-{scope}", "Community Youth Action {scope}"),
    "present.download.xlsx": ("下载 Excel", "Download Excel"),
    "present.make_deck": ("生成 PPT 汇报（约 10–60 秒）", "Make PPTX deck (about 10–60 s)"),
    "present.map_height": ("地图高度（像素）", "Map height (pixels)"),
    "present.step.national": ("全国：各区域社区分布", "The nation: communities by region"),
    "present.step.region": ("{scope}", "{scope}"),
    "present.step.province": (
        "{scope}：社区、青年之家与高校",
        "{scope}: communities, Youth Homes, campuses",
    ),
    "present.step.chosen": (
        "{scope}：入选社区及其青年之家与结对高校",
        "{scope}: chosen communities, their Youth Homes and partner campuses",
    ),
    "present.step.chosen_nearest": (
        "{scope}：入选社区及其青年之家与就近高校",
        "{scope}: chosen communities, their Youth Homes and nearest campuses",
    ),
    "present.step.gaps": (
        "{scope}：覆盖缺口与建议选址",
        "{scope}: coverage gaps and proposed sites",
    ),
    "present.caption.national": (
        "全国 {n:,} 个社区，青年 {youth:,} 人；东部 {east:,}、中部 {central:,}、西部 {west:,} 个社区。",
        "{n:,} communities nationwide with {youth:,} young people; eastern {east:,}, central {central:,}, western {west:,}.",
    ),
    "present.caption.region": (
        "{scope}：{n:,} 个社区，青年 {youth:,} 人，青年之家 {homes:,} 个，高校校区 {campuses:,} 个。",
        "{scope}: {n:,} communities, {youth:,} young people, {homes:,} Youth Homes, {campuses:,} campuses.",
    ),
    "present.caption.province": (
        "{scope}：{n:,} 个社区，青年 {youth:,} 人，青年之家 {homes:,} 个，高校校区 {campuses:,} 个。",
        "{scope}: {n:,} communities, {youth:,} young people, {homes:,} Youth Homes, {campuses:,} campuses.",
    ),
    "present.caption.national_count": (
        "全国 {n:,} 个社区（名单中没有青年人口）；东部 {east:,}、中部 {central:,}、西部 {west:,} 个社区。",
        "{n:,} communities nationwide (the list has no youth figures); eastern {east:,}, central {central:,}, western {west:,}.",
    ),
    "present.caption.region_count": (
        "{scope}：{n:,} 个社区（名单中没有青年人口），青年之家 {homes:,} 个，高校校区 {campuses:,} 个。",
        "{scope}: {n:,} communities (the list has no youth figures), {homes:,} Youth Homes, {campuses:,} campuses.",
    ),
    "present.caption.province_count": (
        "{scope}：{n:,} 个社区（名单中没有青年人口），青年之家 {homes:,} 个，高校校区 {campuses:,} 个。",
        "{scope}: {n:,} communities (the list has no youth figures), {homes:,} Youth Homes, {campuses:,} campuses.",
    ),
    "present.caption.chosen": (
        "{scope}：入选 {n:,} 个社区，其中 {homes:,} 个在 {near_m:,} 米内有青年之家；结对高校校区 {campuses:,} 个。",
        "{scope}: {n:,} chosen communities, {homes:,} with a Youth Home within {near_m:,} m; {campuses:,} partner campuses.",
    ),
    "present.caption.chosen_nearest": (
        "{scope}：入选 {n:,} 个社区，其中 {homes:,} 个在 {near_m:,} 米内有青年之家；"
        "就近高校校区 {campuses:,} 个（尚未结对，结对后显示结对高校）。",
        "{scope}: {n:,} chosen communities, {homes:,} with a Youth Home within {near_m:,} m; "
        "{campuses:,} nearest campuses (not paired yet; once paired, the partners are shown).",
    ),
    "present.caption.example": (
        "{scope}：尚无入选社区，示意 {n:,} 个社区，其中 {homes:,} 个在 {near_m:,} 米内有青年之家；就近高校校区 {campuses:,} 个。",
        "{scope}: no chosen community yet; {n:,} example communities, {homes:,} with a Youth Home "
        "within {near_m:,} m; {campuses:,} nearest campuses.",
    ),
    "present.caption.gaps": (
        "{scope}：{radius_m:,} 米内青年之家覆盖 {coverage:.1f}% 的社区；{uncovered:,} 个未覆盖，聚成 {gaps:,} 个缺口；"
        "建议新建 {sites} 处，可新覆盖青年 {youth:,} 人。",
        "{scope}: {coverage:.1f}% of communities have a Youth Home within {radius_m:,} m; {uncovered:,} uncovered in "
        "{gaps:,} gaps; {sites} proposed sites would reach {youth:,} more young people.",
    ),
    "present.caption.gaps_count": (
        "{scope}：{radius_m:,} 米内青年之家覆盖 {coverage:.1f}% 的社区；{uncovered:,} 个未覆盖，聚成 {gaps:,} 个缺口；"
        "建议新建 {sites} 处，可新覆盖 {communities:,} 个社区（名单中没有青年人口，按社区数计）。",
        "{scope}: {coverage:.1f}% of communities have a Youth Home within {radius_m:,} m; {uncovered:,} uncovered in "
        "{gaps:,} gaps; {sites} proposed sites would reach {communities:,} more communities (the list has no "
        "youth figures: counted by community).",
    ),
    "present.layer.chosen": ("入选社区", "Chosen communities"),
    "present.layer.example": (
        "示意社区（青年人口最多）",
        "Example communities (most young people)",
    ),
    "present.layer.nearest": ("就近高校校区", "Nearest campuses"),
    "present.xlsx.about": ("说明", "About"),
    "present.xlsx.summary": ("分地区汇总", "By area"),
    "present.xlsx.thinned": (
        "{label}：共 {n:,} 个，行数过多未逐行列出，见分地区汇总。",
        "{label}: {n:,} rows, too many to list one by one; see the by-area sheet.",
    ),
    "present.col.code": ("代码", "Code"),
    "present.layer.partners": ("结对高校校区", "Partner campuses"),
    "present.layer.uncovered": ("未覆盖社区", "Uncovered communities"),
    "present.layer.gaps": ("覆盖缺口", "Coverage gaps"),
    "present.layer.sites": ("建议选址", "Proposed sites"),
    "present.note.no_chosen": (
        "未给出入选名单，此处显示青年人口最多的 30 个社区作为示意；在“名额与遴选”页遴选或保存方案后显示入选社区。",
        "No chosen list given: showing the 30 communities with the most young people instead. "
        "Pick on the Quotas & selection page, or save a plan, to show the chosen ones.",
    ),
    "present.note.none_here_plan": (
        "已保存的方案“{plan}”在{scope}没有入选社区；此处显示青年人口最多的 30 个社区作为示意。",
        "The saved plan “{plan}” has no chosen community in {scope}: showing the 30 communities "
        "with the most young people instead.",
    ),
    "present.note.none_here": (
        "本次遴选在{scope}没有入选社区；此处显示青年人口最多的 30 个社区作为示意。",
        "This pick has no chosen community in {scope}: showing the 30 communities with the most "
        "young people instead.",
    ),
    "present.note.from_plan": (
        "入选社区取自已保存的方案“{plan}”（已退出的除外）。",
        "The chosen communities are those of the saved plan “{plan}” (less any exited).",
    ),
    "present.note.no_analysis": (
        "覆盖分析模块不可用，本步仅显示青年之家。",
        "Coverage analysis is not available; showing Youth Homes only.",
    ),
    "present.note.no_data": (
        "本范围没有社区或青年之家。",
        "No communities or Youth Homes in this scope.",
    ),
}
