"""Strings of the scoring page."""

STRINGS: dict[str, tuple[str, str]] = {
    "scoring.title": ("社区评分", "Community scoring"),
    "scoring.caption": (
        "范围：{scope}。指标按全国候选社区统一标准化，排名分全国和省内两级。",
        "Scope: {scope}. Indicators are normalised over all candidate communities nationally; "
        "ranks are national and within the province.",
    ),
    "scoring.method": ("评分方法", "Method"),
    "scoring.method.weighted": ("加权求和", "Weighted sum"),
    "scoring.method.entropy": ("熵权法", "Entropy weight method"),
    "scoring.method.topsis": ("TOPSIS 逼近理想解", "TOPSIS"),
    "scoring.normalise": ("标准化", "Normalisation"),
    "scoring.normalise.minmax": ("极差标准化（min-max）", "Min-max"),
    "scoring.normalise.rank": ("百分位排名", "Percentile rank"),
    "scoring.normalise.zscore": ("Z 分数", "Z-score"),
    "scoring.normalise.vector": ("向量标准化", "Vector"),
    "scoring.weights": ("指标权重", "Indicator weights"),
    "scoring.weights_help": (
        "权重自动归一化为合计 1；设为 0 的指标不参与评分。成本型指标（距离）越小越好。",
        "Weights are rescaled to add up to 1; an indicator at 0 is left out. Cost indicators "
        "(distances) are better when smaller.",
    ),
    "scoring.entropy_note": (
        "熵权法的权重由数据计算，滑块只决定哪些指标参与（大于 0）。",
        "With the entropy method the weights come from the data; the sliders only choose which "
        "indicators take part (above 0).",
    ),
    "scoring.reset": ("恢复默认权重", "Reset to default weights"),
    "scoring.presets": ("权重方案", "Weight presets"),
    "scoring.preset_name": ("方案名称", "Preset name"),
    "scoring.preset_save": ("保存方案", "Save preset"),
    "scoring.preset_saved": ("已保存方案“{name}”。", "Saved preset “{name}”."),
    "scoring.preset_replaced": (
        "已用当前权重更新方案“{name}”（原有同名方案已被覆盖）。",
        "Preset “{name}” now holds the current weights (the one of that name was replaced).",
    ),
    "scoring.preset_need_name": (
        "请先填写方案名称，再保存。",
        "Give the preset a name before saving it.",
    ),
    "scoring.preset_pick": ("已保存的方案", "Saved presets"),
    "scoring.preset_load": ("载入方案", "Load preset"),
    "scoring.preset_none": ("尚无保存的方案。", "No saved presets yet."),
    "scoring.ranking": ("排名", "Ranking"),
    "scoring.ranking_caption": (
        "共 {n:,} 个社区，显示前 {shown:,} 名。",
        "{n:,} communities; the first {shown:,} are shown.",
    ),
    "scoring.used_weights": ("本次使用的权重", "Weights used"),
    "scoring.download_weights": ("下载权重（CSV）", "Download weights (CSV)"),
    "scoring.download_ranking": ("下载评分结果（CSV）", "Download scores (CSV)"),
    "scoring.explain": ("评分解释", "Explanation"),
    "scoring.explain_pick": ("选择社区", "Community"),
    "scoring.explain_caption": (
        "{name}：得分 {score:.4f}，全国第 {rank:,} 名，省内第 {prov_rank:,} 名。",
        "{name}: score {score:.4f}, rank {rank:,} nationally, {prov_rank:,} in its province.",
    ),
    "scoring.sensitivity": ("敏感性分析", "Sensitivity"),
    "scoring.sensitivity_caption": (
        "每个权重上下浮动 10%（及全部同时随机浮动）时，各省按名额入选的社区名单有多少变化。",
        "How many communities of the chosen list (top per province within its quota) change "
        "when each weight moves ±10% (and all at once).",
    ),
    "scoring.sensitivity_n": ("入选名单规模（全国）", "Chosen list size (national)"),
    "scoring.sensitivity_run": ("运行敏感性分析", "Run sensitivity"),
    "scoring.estimated_note": (
        "{n:,} 个社区的部分人口指标缺失，已按所在区县 2020 年人口普查比例估算（标记为估算）。",
        "{n:,} communities lacked some population figures; they are estimated from their "
        "county's 2020 census shares (flagged as estimated).",
    ),
    "scoring.no_communities": ("当前范围内没有社区。", "No communities in this scope."),
    "scoring.indicators_doc": ("指标说明", "Indicator definitions"),
    "scoring.col.rank": ("全国排名", "National rank"),
    "scoring.col.rank_in_province": ("省内排名", "Rank in province"),
    "scoring.col.score": ("综合得分", "Score"),
    "scoring.col.key": ("指标代码", "Key"),
    "scoring.col.label": ("指标", "Indicator"),
    "scoring.col.unit": ("单位", "Unit"),
    "scoring.col.direction": ("方向", "Direction"),
    "scoring.col.source": ("来源", "Source"),
    "scoring.col.default_weight": ("默认权重", "Default weight"),
    "scoring.col.weight": ("权重", "Weight"),
    "scoring.col.method": ("方法", "Method"),
    "scoring.col.normalise": ("标准化", "Normalisation"),
    "scoring.col.value": ("原始值", "Value"),
    "scoring.col.normalised": ("标准化值", "Normalised"),
    "scoring.col.contribution": ("贡献", "Contribution"),
    "scoring.col.share": ("占得分比例（%）", "Share of score (%)"),
    "scoring.col.of": ("省内社区数", "Communities in province"),
    "scoring.col.change": ("权重变化", "Weight change"),
    "scoring.col.changed": ("名单变化数", "Communities changed"),
    "scoring.col.chosen": ("名单规模", "List size"),
    "scoring.direction.benefit": ("越大越好", "higher is better"),
    "scoring.direction.cost": ("越小越好", "lower is better"),
    "scoring.unit.persons": ("人", "persons"),
    "scoring.unit.0-1": ("比例（0–1）", "share (0–1)"),
    "scoring.unit.m": ("米", "metres"),
    "scoring.unit.count": ("个", "count"),
    "scoring.unit.0/1": ("是=1，否=0", "yes = 1, no = 0"),
    "scoring.unit.imported": ("按导入文件", "as imported"),
    "scoring.source.youth": (
        "社区“青年人口”列；缺失时按人口 × 区县普查 14–35 岁比例估算",
        "community column youth; else population × the county census share aged 14–35",
    ),
    "scoring.source.youth_share": ("青年人口 ÷ 常住人口", "youth ÷ population"),
    "scoring.source.children": (
        "社区“儿童”列；缺失时按人口 × 区县普查 6–14 岁比例估算",
        "community column children; else population × the county census share aged 6–14",
    ),
    "scoring.source.elderly": (
        "社区“老年人口”列；缺失时按人口 × 区县普查 65 岁以上比例估算",
        "community column elderly; else population × the county census share aged 65+",
    ),
    "scoring.source.elderly_alone_share": (
        "社区列；缺失时取区县普查“65 岁以上独居户”比例",
        "community column; else the county census share of one-person 65+ households",
    ),
    "scoring.source.population": ("社区“常住人口”列", "community column population"),
    "scoring.source.home_distance_m": (
        "到最近青年之家的球面距离；社区自建青年之家为 0",
        "great-circle distance to the nearest Youth Home; 0 when the community hosts one",
    ),
    "scoring.source.campuses_within": (
        "半径内（默认 5 公里）的高校校区数",
        "campuses within the campus radius (default 5 km)",
    ),
    "scoring.source.campus_distance_m": (
        "到最近高校校区的球面距离",
        "great-circle distance to the nearest campus",
    ),
    "scoring.source.units_within": (
        "半径内（默认 1 公里）的驻区单位数",
        "resident units within the unit radius (default 1 km)",
    ),
    "scoring.source.units_type": (
        "半径内的{kind}类驻区单位数",
        "resident units of type “{kind}” within the unit radius",
    ),
    "scoring.source.focus_city": (
        "所在城市是否为省会或副省级城市（首年重点）",
        "whether the city is a provincial capital or sub-provincial city (the first year's focus)",
    ),
    "scoring.source.imported": ("用户导入的数值列", "numeric column of the imported file"),
    "scoring.sens.max": ("最多", "max"),
    "scoring.sens.mean": ("平均", "mean"),
    # problems (message codes raised by geo.analysis.scoring)
    "scoring.problem.weights_item": (
        "--weights 中的 {item!r}：应写成 指标=数值",
        "--weights item {item!r}: expected KEY=NUMBER",
    ),
    "scoring.problem.unknown_indicator": (
        "未知指标 {key!r}；可用指标：{known}",
        "unknown indicator {key!r}; known: {known}",
    ),
    "scoring.problem.indicator_absent": (
        "社区表中没有指标 {key!r}",
        "indicator {key!r} is not in the communities table",
    ),
    "scoring.problem.weight_negative": (
        "{key!r} 的权重须为不小于 0 的数，现为 {value}",
        "weight of {key!r} must be a non-negative number, got {value}",
    ),
    "scoring.problem.no_positive_weight": (
        "至少要有一个指标的权重大于 0",
        "at least one weight must be positive",
    ),
    "scoring.problem.normalise": (
        "未知的标准化方法 {value}；可用：{choices}",
        "unknown normalisation {value}; use one of {choices}",
    ),
    "scoring.problem.method": (
        "未知的评分方法 {value}；可用：{choices}",
        "unknown method {value}; use one of {choices}",
    ),
    "scoring.problem.missing_id": ("缺少必填列 'id'（编号）", "missing required column 'id'"),
}
