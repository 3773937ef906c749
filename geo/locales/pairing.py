"""Strings of the pairing page (高校结对) and resident-unit co-building (驻区单位共建)."""

STRINGS: dict[str, tuple[str, str]] = {
    "pairing.title": ("社区与高校结对共建", "Pairing communities with university campuses"),
    "pairing.caption": (
        "范围：{scope}。为每个社区就近配对高校校区，校区服务社区数量有上限，同城校区优先。",
        "Scope: {scope}. Each community is paired with nearby university campuses; a campus "
        "serves a limited number of communities and campuses in the same city are preferred.",
    ),
    "pairing.source.selection": (
        "结对对象：已遴选的 {n:,} 个试点社区（“名额与遴选”页）。",
        "Pairing the {n:,} communities chosen on the selection page.",
    ),
    "pairing.source.plan": (
        "结对对象：已保存的方案“{plan}”中的 {n:,} 个社区（已退出的除外）；在“名额与遴选”页遴选后改为结对本次遴选。",
        "Pairing the {n:,} communities of the saved plan “{plan}” (less any exited); pick on "
        "the Quotas & selection page to pair that pick instead.",
    ),
    "pairing.source.scope": (
        "尚未遴选试点社区，结对对象为范围内全部 {n:,} 个社区。",
        "No pilot list chosen yet: pairing all {n:,} communities in scope.",
    ),
    "pairing.source.capped": (
        "范围内共 {total:,} 个社区，为保证页面响应仅取常住人口最多的 {n:,} 个；请缩小范围或先在“名额与遴选”页遴选。",
        "{total:,} communities in scope; only the {n:,} most populous are paired to keep the "
        "page responsive. Narrow the scope or choose a pilot list first.",
    ),
    "pairing.keep_agreed": (
        "保留已签共建协议的结对：{communities:,} 个社区与高校校区的 {n:,} 份协议（方案“{plan}”）",
        "Keep the agreed pairs: {n:,} agreements of {communities:,} communities with "
        "campuses (plan “{plan}”)",
    ),
    "pairing.keep_agreed_help": (
        "已签协议的结对照旧保留，不论距离；它们计入校区容量和社区的结对数，只为其余社区和名额优化结对。关闭则全部重新结对。",
        "Agreed pairs stay as they are, whatever their distance; they count towards each "
        "campus's capacity and each community's campuses, and only the rest is optimised. "
        "Switch off to pair everything afresh.",
    ),
    "pairing.agreed_unknown": (
        "另有 {n:,} 份协议的校区不在当前高校校区图层中，无法保留。",
        "{n:,} more agreements name a campus the current campus layer lacks and cannot be kept.",
    ),
    "pairing.kept_caption": (
        "其中 {kept:,} 对为保留的已签协议（表中“已有协议”列），其余 {new:,} 对为本次结对。",
        "{kept:,} of them are agreed pairs kept as they are (column “Agreed before”); the "
        "other {new:,} are paired now.",
    ),
    "pairing.kept_caption_all": (
        "{kept:,} 对均为保留的已签协议（表中“已有协议”列），本次没有新结对。",
        "All {kept:,} are agreed pairs kept as they are (column “Agreed before”); none is "
        "paired now.",
    ),
    "pairing.download_agreements": (
        "下载共建协议导入表（本次结对 {n:,} 对）",
        "Agreements to record ({n:,} new pairs)",
    ),
    "pairing.download_agreements_help": (
        "已签协议之外的本次结对，按“共建协议”记录的格式预先填好（社区、高校校区、内容）；填写签约日期后，在“年度进展”页“录入与导入”栏导入。",
        "The pairs made now (not the agreements already on record) in the form of the "
        "agreement records, filled in (community, campus, content): add the signing days "
        "and import the file on the Progress page's Enter and import tab.",
    ),
    "pairing.agreements_file": ("结对共建协议导入表", "campus agreements to record"),
    "pairing.over_by_agreements": (
        "{n:,} 个校区因已签协议超出容量：协议照旧保留，本次没有再给这些校区结对。",
        "{n:,} campuses are over capacity through agreements on record: those are kept, and "
        "no pair made now goes to them.",
    ),
    "pairing.no_communities": ("范围内没有社区。", "No communities in scope."),
    "pairing.no_campuses": ("范围内没有高校校区。", "No university campuses available."),
    "pairing.settings": ("结对参数", "Pairing settings"),
    "pairing.capacity": ("每个校区最多结对社区数", "Communities per campus (capacity)"),
    "pairing.capacity_by_type": ("按办学层次设置容量", "Capacity by school type"),
    "pairing.capacity_type": ("{kind}校区容量", "Capacity of {kind} campuses"),
    "pairing.per_community": ("每个社区结对校区数", "Campuses per community"),
    "pairing.max_km": ("最远结对距离（公里）", "Maximum distance (km)"),
    "pairing.penalty_km": ("跨城市惩罚（公里）", "Other-city penalty (km)"),
    "pairing.penalty_help": (
        "校区与社区不在同一城市时，在优化中把距离加上此值，使同城校区优先。",
        "Added to the distance of a campus in another city when optimising, so same-city "
        "campuses are preferred.",
    ),
    "pairing.k": ("每个社区考虑的最近校区数", "Nearest campuses considered"),
    "pairing.method": ("结对方法", "Method"),
    "pairing.method.optimal": (
        "最优结对（最小费用流，考虑容量）",
        "Optimal (min-cost flow with capacities)",
    ),
    "pairing.method.nearest": ("就近结对（不考虑容量）", "Nearest (ignores capacities)"),
    "pairing.method_short.optimal": ("最优结对", "optimal"),
    "pairing.method_short.nearest": ("就近结对", "nearest"),
    "pairing.file": ("社区高校结对-{method}", "community-campus pairs {method}"),
    "pairing.unit_radius_m": ("驻区单位搜索半径（米）", "Resident-unit radius (m)"),
    "pairing.metric.paired": ("已结对社区", "Communities paired"),
    "pairing.metric.unpaired": ("未结对社区", "Communities unpaired"),
    "pairing.metric.total_km": ("总距离（公里）", "Total distance (km)"),
    "pairing.metric.max_km": ("最远距离（公里）", "Longest pair (km)"),
    "pairing.metric.mean_km": ("平均距离（公里）", "Mean distance (km)"),
    "pairing.metric.same_city": ("同城结对占比", "Same-city share"),
    "pairing.map": ("结对地图", "Pairing map"),
    "pairing.map_capped": (
        "地图仅绘制距离最远的 {n:,} 条结对连线；表格和下载包含全部结对。",
        "The map draws the {n:,} longest pairs only; the tables and downloads hold every pair.",
    ),
    "pairing.layer.lines": ("结对连线 {band}", "Pairs {band}"),
    "pairing.layer.kept": ("已签协议结对（保留）", "Agreed pairs (kept)"),
    "pairing.layer.communities": ("结对社区", "Paired communities"),
    "pairing.layer.unpaired": ("未结对社区", "Unpaired communities"),
    "pairing.layer.campuses": ("结对校区", "Paired campuses"),
    "pairing.legend": ("结对距离", "Pair distance"),
    "pairing.histogram": ("结对距离分布", "Distance histogram"),
    "pairing.histogram.count": ("结对数", "Pairs"),
    "pairing.load": ("校区负荷", "Campus load"),
    "pairing.load_caption": (
        "每个校区已结对社区数与容量；超出容量的校区标出超出数。",
        "Communities assigned to each campus against its capacity; campuses over capacity show by how much.",
    ),
    "pairing.compare": ("最优结对与就近结对对比", "Optimal vs nearest pairing"),
    "pairing.pairs": ("结对明细", "Pairs"),
    "pairing.unpaired": ("未结对社区及原因", "Unpaired communities and reasons"),
    "pairing.all_paired": ("全部社区均已结对。", "Every community is paired."),
    "pairing.cobuild": ("驻区单位共建", "Co-building with resident units"),
    "pairing.cobuild_caption": (
        "每个社区半径 {radius:,} 米内的驻区单位数量（按类型），及各类型最近的单位。",
        "Resident units within {radius:,} m of each community by type, with the nearest of each type.",
    ),
    "pairing.download_pairs_xlsx": ("下载结对表 Excel", "Download pairing workbook (Excel)"),
    "pairing.download_lines": ("下载结对连线 GeoJSON", "Download pair lines (GeoJSON)"),
    "pairing.download_cobuild_xlsx": ("下载共建表 Excel", "Download co-building table (Excel)"),
    "pairing.sheet.pairs": ("结对", "Pairs"),
    "pairing.sheet.unpaired": ("未结对", "Unpaired"),
    "pairing.sheet.load": ("校区负荷", "Campus load"),
    "pairing.sheet.compare": ("方法对比", "Comparison"),
    "pairing.sheet.cobuild": ("驻区单位共建", "Co-building"),
    "pairing.error": ("无法结对：{reason}", "Cannot pair: {reason}"),
    # reasons
    "pairing.reason.no_campus_in_range": (
        "最远距离内没有高校校区",
        "No campus within the maximum distance",
    ),
    "pairing.reason.too_few_in_range": (
        "最远距离内的校区少于所需结对数",
        "Fewer campuses within the maximum distance than required",
    ),
    "pairing.reason.campuses_full": ("范围内校区均已满额", "All in-range campuses are full"),
    # columns
    "pairing.col.community_id": ("社区编号", "Community ID"),
    "pairing.col.community_name": ("社区名称", "Community"),
    "pairing.col.campus_id": ("校区编号", "Campus ID"),
    "pairing.col.university": ("高校", "University"),
    "pairing.col.campus": ("校区", "Campus"),
    "pairing.col.school_type": ("办学层次", "School type"),
    "pairing.col.city": ("城市", "City"),
    "pairing.col.distance_m": ("距离（米）", "Distance (m)"),
    "pairing.col.penalised_cost_m": ("含跨城惩罚的费用（米）", "Penalised cost (m)"),
    "pairing.col.same_city": ("同城", "Same city"),
    "pairing.col.rank": ("距离排名", "Distance rank"),
    "pairing.col.kept": ("已有协议", "Agreed before"),
    "pairing.col.reason": ("未结对原因", "Reason"),
    "pairing.col.assigned": ("已结对", "Assigned"),
    "pairing.col.required": ("需结对", "Required"),
    "pairing.col.in_range": ("范围内校区数", "Campuses in range"),
    "pairing.col.nearest_m": ("最近校区距离（米）", "Nearest campus (m)"),
    "pairing.col.capacity": ("容量", "Capacity"),
    "pairing.col.over": ("超出容量", "Over capacity"),
    "pairing.col.lon": ("经度", "Longitude"),
    "pairing.col.lat": ("纬度", "Latitude"),
    "pairing.col.community_lon": ("社区经度", "Community longitude"),
    "pairing.col.community_lat": ("社区纬度", "Community latitude"),
    "pairing.col.campus_lon": ("校区经度", "Campus longitude"),
    "pairing.col.campus_lat": ("校区纬度", "Campus latitude"),
    "pairing.col.figure": ("指标", "Figure"),
    "pairing.col.band": ("距离段", "Distance band"),
    "pairing.col.optimal": ("最优结对", "Optimal"),
    "pairing.col.nearest": ("就近结对", "Nearest"),
    # comparison rows
    "pairing.figure.paired": ("已结对社区", "Communities paired"),
    "pairing.figure.unpaired": ("未结对社区", "Communities unpaired"),
    "pairing.figure.total_distance_m": ("总距离（米）", "Total distance (m)"),
    "pairing.figure.max_distance_m": ("最远距离（米）", "Longest pair (m)"),
    "pairing.figure.mean_distance_m": ("平均距离（米）", "Mean distance (m)"),
    "pairing.figure.total_cost_m": ("含跨城惩罚的总费用（米）", "Total penalised cost (m)"),
    "pairing.figure.same_city_share": ("同城结对占比", "Same-city share"),
    "pairing.figure.campuses_used": ("参与结对的校区", "Campuses used"),
    "pairing.figure.campuses_over_capacity": ("超出容量的校区", "Campuses over capacity"),
    # co-building
    "cobuild.problem.radius": (
        "共建半径须为大于 0 的米数，现为 {value!r}",
        "radius must be > 0 metres, got {value!r}",
    ),
    "cobuild.what.communities": ("社区", "communities"),
    "cobuild.what.resident_units": ("驻区单位", "resident_units"),
    "cobuild.col.community_id": ("社区编号", "Community ID"),
    "cobuild.col.community_name": ("社区名称", "Community"),
    "cobuild.col.total": ("驻区单位合计", "Resident units"),
    "cobuild.col.nearest_unit": ("最近单位", "Nearest unit"),
    "cobuild.col.nearest_unit_type": ("最近单位类型", "Nearest unit type"),
    "cobuild.col.nearest_unit_m": ("最近单位距离（米）", "Nearest unit (m)"),
    "cobuild.col.units": (
        "可共建单位（各类型最近）",
        "Units to co-build with (nearest of each type)",
    ),
    "cobuild.type.机关": ("机关", "Government bodies"),
    "cobuild.type.国企": ("国企", "State-owned enterprises"),
    "cobuild.type.学校": ("学校", "Schools"),
    "cobuild.type.医院": ("医院", "Hospitals"),
    "cobuild.type.企业": ("企业", "Companies"),
    "cobuild.type.社会组织": ("社会组织", "Social organisations"),
    "cobuild.type.其他": ("其他", "Other"),
    # problems (message codes raised by geo.analysis.pairing)
    "pairing.problem.capacity": (
        "校区容量须为不小于 0 的整数，现为 {value!r}",
        "capacity must be a whole number ≥ 0, got {value!r}",
    ),
    "pairing.problem.capacity_by_type": (
        "{item!r} 类校区的容量须为不小于 0 的整数，现为 {value!r}",
        "capacity for {item!r} must be a whole number ≥ 0, got {value!r}",
    ),
    "pairing.problem.per_community": (
        "每个社区结对的校区数须为不小于 1 的整数，现为 {value!r}",
        "campuses per community must be a whole number ≥ 1, got {value!r}",
    ),
    "pairing.problem.max_distance": (
        "最远距离须大于 0，现为 {value!r}",
        "maximum distance must be > 0, got {value!r}",
    ),
    "pairing.problem.other_city_penalty": (
        "跨市附加距离须不小于 0，现为 {value!r}",
        "other-city penalty must be ≥ 0, got {value!r}",
    ),
    "pairing.problem.k": (
        "候选校区数须为不小于 1 的整数，现为 {value!r}",
        "nearest campuses considered must be a whole number ≥ 1, got {value!r}",
    ),
    "pairing.problem.k_below_per_community": (
        "候选校区数（{k}）须不少于每个社区结对的校区数（{per_community}）",
        "nearest campuses considered ({k}) must be at least the campuses per community "
        "({per_community})",
    ),
    "pairing.problem.method": (
        "结对方法须为 {choices} 之一，现为 {value}",
        "method must be one of {choices}, got {value}",
    ),
    "pairing.problem.solver": (
        "求解器须为 {choices} 之一，现为 {value}",
        "solver must be one of {choices}, got {value}",
    ),
    "pairing.problem.kept_column": (
        "保留的结对缺少列“{name}”",
        "the pairs to keep lack the column “{name}”",
    ),
    "pairing.problem.kept_campus": (
        "要保留的结对中的校区 {value} 不在高校校区图层中",
        "campus {value} of a pair to keep is not in the campus layer",
    ),
    "pairing.what.communities": ("社区", "communities"),
    "pairing.what.campuses": ("高校校区", "campuses"),
}
