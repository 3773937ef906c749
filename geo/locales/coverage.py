"""Strings of the coverage and siting page, its map layers and the siting inputs."""

STRINGS: dict[str, tuple[str, str]] = {
    "coverage.title": ("青年之家覆盖与新址选择", "Youth Home coverage and new sites"),
    "coverage.caption": (
        "范围：{scope}。距离为球面大圆距离；任一青年之家（含范围外）在半径内即视为覆盖。",
        "Scope: {scope}. Distances are great-circle; a community is covered when any Youth "
        "Home (also outside the scope) lies within the radius.",
    ),
    "coverage.radius": ("覆盖半径（米）", "Coverage radius (m)"),
    "coverage.metric.communities": ("社区数", "Communities"),
    "coverage.metric.rate": ("社区覆盖率", "Communities covered"),
    "coverage.metric.youth_rate": ("青年人口覆盖率", "Youth covered"),
    "coverage.youth_rate_undefined": (
        "青年人口覆盖率记为“—”：这些社区的青年人口都是 0（或未填写），覆盖率无从计算。",
        "Youth covered shows “—”: every community here has a youth count of 0 (or none), "
        "so there is no rate to compute.",
    ),
    "coverage.metric.uncovered": ("未覆盖社区", "Uncovered communities"),
    "coverage.pilot": (
        "{scope}的试点名单：{n} 个社区中 {covered} 个已覆盖（{rate}）。",
        "Pilot list in {scope}: {covered} of {n} communities covered ({rate}).",
    ),
    "coverage.pilot_uncovered": (
        "未覆盖的试点社区 {n:,} 个（距最近青年之家由远到近）：",
        "{n:,} uncovered pilot communities (farthest from a Youth Home first):",
    ),
    "coverage.pilot.col.name": ("社区名称", "Community"),
    "coverage.pilot.col.district": ("区县", "County"),
    "coverage.pilot.col.subdistrict": ("街道", "Subdistrict"),
    "coverage.pilot.col.distance_m": ("距最近青年之家（米）", "To nearest Youth Home (m)"),
    "coverage.pilot.col.id": ("社区编号", "Community ID"),
    "coverage.pilot_from": (
        "试点名单取自已保存的方案“{plan}”（已退出的除外）；在“名额与遴选”页遴选后改为检查本次遴选。",
        "The pilot list is the saved plan “{plan}” (less any exited); pick on the Quotas & "
        "selection page to check that pick instead.",
    ),
    "coverage.pilot_none": (
        "尚未形成试点名单；在“名额与遴选”页遴选后，此处显示名单的全覆盖检查。",
        "No pilot list yet; after picking on the selection page, its full-coverage check "
        "shows here.",
    ),
    "coverage.tab.rates": ("覆盖率", "Coverage rates"),
    "coverage.tab.gaps": ("覆盖空白", "Coverage gaps"),
    "coverage.tab.site": ("新址选择", "New sites"),
    "coverage.level": ("统计层级", "Level"),
    "coverage.level.region": ("区域", "Region"),
    "coverage.level.province": ("省份", "Province"),
    "coverage.level.city": ("城市", "City"),
    "coverage.level.county": ("区县", "County"),
    "coverage.download_all": (
        "逐社区结果（距最近青年之家的距离、编号、是否覆盖）：",
        "Per-community results (distance to and id of the nearest Youth Home, covered):",
    ),
    "coverage.col.name": ("名称", "Name"),
    "coverage.col.communities": ("社区数", "Communities"),
    "coverage.col.covered": ("已覆盖社区", "Covered"),
    "coverage.rates_bars": (
        "两项覆盖率以条形显示在表中；点击表头可排序。",
        "Both rates are drawn as bars in the table; click a column header to sort.",
    ),
    "coverage.col.coverage_rate": ("社区覆盖率", "Communities covered (%)"),
    "coverage.col.youth": ("青年人口", "Youth"),
    "coverage.col.youth_covered": ("已覆盖青年", "Youth covered"),
    "coverage.col.youth_rate": ("青年覆盖率", "Youth covered (%)"),
    "coverage.col.distance_m": ("距最近青年之家（米）", "To nearest Youth Home (m)"),
    "coverage.col.gap_id": ("空白区", "Gap"),
    "coverage.col.district": ("区县", "County"),
    "coverage.col.subdistrict": ("街道", "Subdistrict"),
    "coverage.col.youth_uncovered": ("未覆盖青年", "Youth uncovered"),
    "coverage.col.area_km2": ("面积（平方公里）", "Area (km²)"),
    "coverage.col.nearest_home_id": ("最近青年之家", "Nearest Youth Home"),
    "coverage.col.nearest_home_distance_m": ("最近距离（米）", "Nearest distance (m)"),
    "coverage.col.order": ("顺序", "Order"),
    "coverage.col.id": ("编号", "ID"),
    "coverage.col.lon": ("经度", "Longitude"),
    "coverage.col.lat": ("纬度", "Latitude"),
    "coverage.col.youth_new": ("新增覆盖青年", "Youth newly covered"),
    "coverage.col.communities_new": ("新增覆盖社区", "Communities newly covered"),
    "coverage.col.site_id": ("新址", "New site"),
    "coverage.gap.method": ("聚类方法", "Clustering"),
    "coverage.gap.method.dbscan": ("DBSCAN（半径+最少样本）", "DBSCAN (radius + min samples)"),
    "coverage.gap.method.hdbscan": ("HDBSCAN（自适应密度）", "HDBSCAN (adaptive density)"),
    "coverage.gap.eps": ("邻域半径（米）", "Neighbourhood radius (m)"),
    "coverage.gap.min_samples": (
        "最少样本（按平均青年数计的社区）",
        "Min samples (average-youth communities)",
    ),
    "coverage.gap.running": ("正在识别覆盖空白…", "Finding coverage gaps…"),
    "coverage.gap.caption": (
        "共 {n} 个空白区，按未覆盖青年排序；{noise} 个零散未覆盖社区不属于任何空白区。",
        "{n} gaps, ranked by youth uncovered; {noise} scattered uncovered communities belong "
        "to no gap.",
    ),
    "coverage.site.model": ("模型", "Model"),
    "coverage.site.model.max_cover": ("最大覆盖（选 k 个新址）", "Maximal covering (k new sites)"),
    "coverage.site.model.set_cover": (
        "集合覆盖（最少新址全覆盖）",
        "Set covering (fewest sites, all covered)",
    ),
    "coverage.site.model.backup_cover": (
        "备份覆盖（全覆盖后尽量双重覆盖）",
        "Backup covering (all covered, then as many twice)",
    ),
    "coverage.site.model.p_median": (
        "p-中位（k 个新址，青年加权距离最短）",
        "p-median (k sites, shortest youth-weighted distance)",
    ),
    "coverage.site.model.capacitated_max_cover": (
        "有容量的最大覆盖（每处服务不超过容量）",
        "Capacitated maximal covering (each home serves up to its capacity)",
    ),
    "coverage.site.capacity": ("每处青年之家可服务青年（人）", "Youth one Youth Home can serve"),
    "coverage.site.exactly_k": ("恰好选 k 个", "Exactly k sites"),
    "coverage.site.homes": ("现有青年之家", "Existing Youth Homes"),
    "coverage.site.homes.cover": (
        "已覆盖周边社区（不计入 k）",
        "Already cover their communities (not counted in k)",
    ),
    "coverage.site.homes.required": (
        "范围内的必须保留（计入 k）",
        "Those in scope must stay (counted in k)",
    ),
    "coverage.site.status.feasible": ("可行解（未证明最优）", "feasible (not proven optimal)"),
    "coverage.site.status.no_solution": ("未找到可行解", "no feasible solution found"),
    "coverage.site.status.solver": ("{status}（HiGHS：{words}）", "{status} (HiGHS: {words})"),
    "coverage.site.solver.greedy_ruin": (
        "贪心+线性规划引导的破坏重建",
        "greedy + LP-guided ruin and recreate",
    ),
    "coverage.site.solver.backup_swap": ("贪心+备份交换", "greedy + backup swaps"),
    "coverage.site.solver.trivial": (
        "无需求解（没有可选的余地）",
        "none needed (nothing to choose)",
    ),
    "coverage.site.solver.median_swap": ("贪心+快速交换", "greedy + fast swaps"),
    "coverage.site.solver.kmeans": (
        "k 均值聚类（优于贪心+交换）",
        "k-means (better than greedy + swaps)",
    ),
    "coverage.site.solver.capacity": ("贪心+最佳适配+交换", "greedy + best fit + swaps"),
    "coverage.site.summary_assign": (
        "**{model}** · {solver} · {status}：{n} 个新址，服务青年 {youth:,.0f} 人、社区 "
        "{communities:,} 个，用时 {seconds:.2f} 秒。",
        "**{model}** · {solver} · {status}: {n} sites serve {youth:,.0f} youth in "
        "{communities:,} communities; {seconds:.2f} s.",
    ),
    "coverage.site.objective.max_cover": ("覆盖青年（人）", "Youth covered"),
    "coverage.site.objective.set_cover": ("新址数", "Sites"),
    "coverage.site.objective.backup_cover": ("双重覆盖的青年（人）", "Youth covered twice"),
    "coverage.site.objective.p_median": ("青年加权距离（人·米）", "Youth-weighted distance (m)"),
    "coverage.site.objective.capacitated_max_cover": (
        "分配到新址的青年（人）",
        "Youth assigned to a site",
    ),
    "coverage.site.bound_of": (
        "{what} {objective:,.1f}；最优界 {bound}；差距 {gap}。",
        "{what}: {objective:,.1f}; best bound {bound}; gap {gap}.",
    ),
    "coverage.site.extra.backup": (
        "双重覆盖社区 {n:,} 个（新址数 p = {p}）。",
        "{n:,} communities covered twice (p = {p} sites).",
    ),
    "coverage.site.extra.median": (
        "青年到最近青年之家的平均距离 {d:,.0f} 米。",
        "Mean distance of youth to their nearest Youth Home: {d:,.0f} m.",
    ),
    "coverage.site.extra.highs_skipped": (
        "剩余时间不足以让 HiGHS 载入这个模型（预计约 {load:,.1f} 秒），HiGHS 未运行；"
        "结果是启发式的解，未经 HiGHS 求解或证明。加大时间上限可让 HiGHS 求解。",
        "Too little time was left for HiGHS to load this model (about {load:,.1f} s "
        "expected), so HiGHS was not run: these are the heuristic's sites, neither solved "
        "nor proven by HiGHS. A longer time limit lets HiGHS solve it.",
    ),
    "coverage.site.extra.listed": (
        "时间上限内只为 {n:,} / {total:,} 个社区列出了最近的候选点，选址只依据这些社区"
        "（分布于全域的样本）；目标值和平均距离按全部社区计算。加大时间上限可让选址依据"
        "全部社区。",
        "Within the time limit the nearest candidates were listed for only {n:,} of "
        "{total:,} communities, and the sites were chosen on those alone (a sample spread "
        "over the whole area); the objective and mean distance count every community. A "
        "longer time limit lets the choice consider them all.",
    ),
    "coverage.col.required": ("必须保留", "Must stay"),
    "coverage.col.youth_served": ("服务青年", "Youth served"),
    "coverage.col.communities_served": ("服务社区", "Communities served"),
    "coverage.col.capacity": ("容量", "Capacity"),
    "coverage.col.mean_distance": ("平均距离（米）", "Mean distance (m)"),
    "coverage.site.k": ("新址数量 k", "New sites k"),
    "coverage.site.source": ("候选点", "Candidate sites"),
    "coverage.site.source.communities": ("社区所在地", "Community locations"),
    "coverage.site.source.resident_units": ("驻区单位（共建）", "Resident units (co-building)"),
    "coverage.site.source.file": ("上传文件", "Upload a file"),
    "coverage.site.file": (
        "候选点文件（含编号、经度、纬度）",
        "Candidates file (id, longitude, latitude)",
    ),
    "coverage.site.need_file": ("请先上传候选点文件。", "Upload a candidates file first."),
    "coverage.site.target": ("需覆盖的社区", "Communities to cover"),
    "coverage.site.target.scope": ("当前范围内全部社区", "All communities in scope"),
    "coverage.site.target.pilot": ("试点名单", "The pilot list"),
    "coverage.site.method": ("求解方法", "Solver"),
    "coverage.site.method.greedy": (
        "快速启发式（惰性贪心+交换）",
        "Fast heuristic (lazy greedy + swap)",
    ),
    "coverage.site.method.exact": ("精确整数规划（HiGHS）", "Exact integer programme (HiGHS)"),
    "coverage.site.time_limit": ("时间上限（秒）", "Time limit (s)"),
    "coverage.site.need_province": (
        "新址选择按省或市进行：请在左侧选择省份（或城市）。",
        "Siting runs per province or city: choose a province (or city) in the sidebar.",
    ),
    "coverage.site.run": ("开始选址", "Propose sites"),
    "coverage.site.running": ("正在求解选址模型…", "Solving the siting model…"),
    "coverage.site.done": ("求解完成，用时 {seconds:.2f} 秒", "Solved in {seconds:.2f} s"),
    "coverage.site.stage.build": ("构建覆盖矩阵并化简模型", "Building and reducing the model"),
    "coverage.site.stage.greedy": ("惰性贪心与交换搜索", "Lazy greedy and swap search"),
    "coverage.site.stage.swap": ("交换搜索", "Swap search"),
    "coverage.site.stage.exact": ("HiGHS 求解整数规划", "HiGHS solving the integer programme"),
    "coverage.site.stage.bound": (
        "HiGHS 求线性松弛下界",
        "HiGHS solving the LP relaxation for a bound",
    ),
    "coverage.site.stage.done": ("完成", "Done"),
    "coverage.site.status.optimal": ("已证明最优", "proven optimal"),
    "coverage.site.status.time_limit": (
        "达到时间上限（当前最优解）",
        "time limit reached (best found)",
    ),
    "coverage.site.status.heuristic": ("启发式解", "heuristic"),
    "coverage.site.status.infeasible": ("无可行解", "infeasible"),
    "coverage.site.solver.greedy_swap": ("惰性贪心+交换", "lazy greedy + swap"),
    "coverage.site.solver.greedy_redundancy": (
        "惰性贪心+剔除冗余",
        "lazy greedy + redundancy removal",
    ),
    "coverage.site.summary": (
        "**{model}** · {solver} · {status}：{n} 个新址，新增覆盖青年 {youth:,.0f} 人、社区 "
        "{communities:,} 个，用时 {seconds:.2f} 秒。",
        "**{model}** · {solver} · {status}: {n} new sites newly cover {youth:,.0f} youth in "
        "{communities:,} communities; {seconds:.2f} s.",
    ),
    "coverage.site.summary_required": (
        "**{model}** · {solver} · {status}：{n} 个新址（另有必须保留的现有青年之家 {kept:,} 处），"
        "新址新增覆盖青年 {youth:,.0f} 人、社区 {communities:,} 个，用时 {seconds:.2f} 秒。",
        "**{model}** · {solver} · {status}: {n} new sites (besides {kept:,} existing Youth Homes "
        "that stay) newly cover {youth:,.0f} youth in {communities:,} communities; "
        "{seconds:.2f} s.",
    ),
    "coverage.site.summary_assign_required": (
        "**{model}** · {solver} · {status}：{n} 个新址（另有必须保留的现有青年之家 {kept:,} 处），"
        "新址服务青年 {youth:,.0f} 人、社区 {communities:,} 个，用时 {seconds:.2f} 秒。",
        "**{model}** · {solver} · {status}: {n} new sites (besides {kept:,} existing Youth Homes "
        "that stay) serve {youth:,.0f} youth in {communities:,} communities; {seconds:.2f} s.",
    ),
    "coverage.site.bound": (
        "目标值 {objective:,.1f}；最优界 {bound}；差距 {gap}。",
        "Objective {objective:,.1f}; best bound {bound}; gap {gap}.",
    ),
    "coverage.site.uncoverable": (
        "{n} 个社区在半径内没有任何候选点，无法覆盖：{ids}",
        "{n} communities have no candidate within the radius and cannot be covered: {ids}",
    ),
    "coverage.map": ("覆盖地图", "Coverage map"),
    "coverage.map_caption": (
        "橙色为未覆盖社区（最多显示青年最多的 {n:,} 个），紫色为覆盖空白区，绿色为建议新址及其新增覆盖的社区。",
        "Orange: uncovered communities (the {n:,} with most youth at most); purple: gaps; "
        "green: proposed sites and the communities each newly covers.",
    ),
    "coverage.map_caption_areas.province": (
        "各省按社区覆盖率着色，颜色越深覆盖率越高；青年之家和未覆盖社区图层默认关闭，可在地图右上角的图层控制中打开。",
        "Each province is coloured by the share of its communities covered, darker where more "
        "are; the Youth Homes and uncovered communities start switched off: switch them on in "
        "the layer control at the map's top right.",
    ),
    "coverage.map_caption_areas.city": (
        "各市按社区覆盖率着色，颜色越深覆盖率越高；青年之家和未覆盖社区图层默认关闭，可在地图右上角的图层控制中打开。",
        "Each city is coloured by the share of its communities covered, darker where more "
        "are; the Youth Homes and uncovered communities start switched off: switch them on in "
        "the layer control at the map's top right.",
    ),
    "coverage.layer.covered": ("已覆盖社区", "Covered communities"),
    "coverage.layer.rate.province": ("社区覆盖率（按省）", "Communities covered, per province"),
    "coverage.layer.rate.city": ("社区覆盖率（按市）", "Communities covered, per city"),
    "coverage.layer.uncovered": ("未覆盖社区", "Uncovered communities"),
    "coverage.layer.gaps": ("覆盖空白区", "Coverage gaps"),
    "coverage.layer.sites": ("建议新址", "Proposed sites"),
    "coverage.layer.links": ("新址覆盖的社区", "Communities each site covers"),
    "coverage.problem.missing_column": ("缺少必填列 {column}", "missing required column {column}"),
    "coverage.problem.bad_id": ("编号为空或重复", "empty or duplicate id"),
    "coverage.problem.bad_coordinate": ("坐标缺失或超出范围", "missing or out-of-range coordinate"),
    "coverage.problem.no_rows": ("文件中没有数据行", "the file has no data rows"),
    "coverage.problem.radius_nan": ("覆盖半径 {value} 不是数字", "radius {value} is not a number"),
    "coverage.problem.radius_range": (
        "覆盖半径须大于 0 且不超过 {max} 米，现为 {value}",
        "radius must be above 0 and at most {max} m, got {value}",
    ),
    "coverage.problem.weight_missing": (
        "社区图层中没有权重列",
        "the communities have no such weight column",
    ),
    "coverage.problem.weight_negative": ("权重为负数", "negative weight"),
    "coverage.problem.level": (
        "统计层级须为 {choices} 之一，现为 {value}",
        "level must be one of {choices}, got {value}",
    ),
    "coverage.problem.gap_method": (
        "聚类方法须为 {choices} 之一，现为 {value}",
        "clustering method must be one of {choices}, got {value}",
    ),
    "coverage.problem.gap_params": (
        "邻域半径须为大于 0 的米数，最少样本须为正整数",
        "eps_m must be metres above 0 and min_samples a positive integer",
    ),
    "coverage.problem.coverage_column": (
        "覆盖结果缺少该列",
        "the coverage table lacks this column",
    ),
    "coverage.problem.model_sizes": (
        "覆盖矩阵、权重与编号的数量不一致",
        "matrix, weights and ids have inconsistent sizes",
    ),
    "coverage.problem.model_weights": (
        "权重须为有限的非负数",
        "weights must be finite and non-negative",
    ),
    "coverage.problem.model_params": ("未知参数：{names}", "unknown parameters: {names}"),
    "coverage.problem.site_method": (
        "求解方法须为 {choices} 之一，现为 {value}",
        "method must be one of {choices}, got {value}",
    ),
    "coverage.problem.time_limit": (
        "时间上限须为正的秒数",
        "time limit must be a positive number of seconds",
    ),
    "coverage.problem.k": (
        "新址数量 k 须为正整数，现为 {value}",
        "k must be a positive integer, got {value}",
    ),
    "coverage.problem.threads": (
        "HiGHS 线程数须为正整数，现为 {value}",
        "threads must be a positive whole number, got {value}",
    ),
    "coverage.problem.highs_option": (
        "HiGHS 不接受选项 {name} = {value}",
        "HiGHS refuses the option {name} = {value}",
    ),
    "coverage.problem.layer_no_crs": (
        "{what}：没有坐标参考系（CRS），无法计算距离",
        "{what}: no coordinate reference system (CRS), distances cannot be measured",
    ),
    "coverage.problem.radius_col_missing": (
        "社区图层中没有该半径列",
        "the communities have no such radius column",
    ),
    "coverage.problem.radius_value": (
        "半径须为大于 0 且不超过 {max} 米的数",
        "the radius must be a number above 0 and at most {max} m",
    ),
    "coverage.problem.radius_array": (
        "半径须为一个非负数，或每个需求点（共 {n} 个）各一个",
        "the radius must be one non-negative number or one per demand row ({n})",
    ),
    "coverage.problem.cost_matrix": (
        "距离矩阵须为二维非负数值表（需求点 × 候选点）",
        "the cost matrix must be a 2-d table of non-negative numbers (demand × candidates)",
    ),
    "coverage.problem.required_unknown": (
        "必选站点 {id} 不在候选点中",
        "required site {id} is not among the candidates",
    ),
    "coverage.problem.required_too_many": (
        "必选站点有 {n} 个，多于站点总数 k = {k}",
        "{n} required sites are more than k = {k} sites in all",
    ),
    "coverage.problem.k_too_large": (
        "k = {k} 多于候选点数 {m}",
        "k = {k} is more than the {m} candidates",
    ),
    "coverage.problem.capacity_value": (
        "容量须为正数",
        "the capacity must be a positive number",
    ),
    "coverage.problem.capacity_required": (
        "必选站点 {id} 不在候选点中，且没有容量值（请在同名列中给出）",
        "required site {id} is not a candidate and has no capacity (give it in the same column)",
    ),
    "coverage.problem.capacity_col_missing": (
        "候选点中没有该容量列",
        "the candidates have no such capacity column",
    ),
    "coverage.problem.capacity_missing": (
        "有容量的最大覆盖模型须给出容量（一个数或候选点的一列）",
        "the capacitated model needs a capacity (a number or a column of the candidates)",
    ),
    "coverage.problem.model": (
        "模型须为 {choices} 之一，现为 {value}",
        "model must be one of {choices}, got {value}",
    ),
    "coverage.what.required": ("必选站点", "required sites"),
    "coverage.problem.cli_k_needed": ("{model} 模型须给出 --k", "the {model} model needs --k"),
    "coverage.problem.cli_k_unused": ("{model} 模型不接受 --k", "--k does not apply to {model}"),
    "coverage.problem.cli_capacity_unused": (
        "只有 cmclp 模型接受容量",
        "a capacity applies to the cmclp model only",
    ),
    "coverage.what.communities": ("社区", "communities"),
    "coverage.what.candidates": ("候选点", "candidates"),
    "coverage.what.youth_homes": ("青年之家", "Youth Homes"),
    "coverage.problem.ids_missing_column": (
        "文件中没有社区编号列（编号、社区编码或 id）",
        "the file has no community id column (编号, 社区编码 or id)",
    ),
    "coverage.problem.ids_empty": ("社区编号为空", "empty community id"),
    "coverage.tab.subset": ("名单全覆盖检查", "List coverage check"),
    "coverage.site.file_read": (
        "已读取 {name} 中 {n} 个候选点（{crs}，已转换为 WGS-84）。",
        "Read {n} candidate sites from {name} ({crs}, converted to WGS-84).",
    ),
    "coverage.site.mapping": ("{name} 的列对应关系", "Column mapping of {name}"),
    "coverage.subset.source": ("检查哪些社区", "Communities to check"),
    "coverage.subset.source.pilot": ("试点名单", "The pilot list"),
    "coverage.subset.source.file": ("上传社区名单（按编号）", "Upload a community list (by id)"),
    "coverage.subset.file": (
        "社区名单文件（含社区编号列）",
        "Community list file (with a community id column)",
    ),
    "coverage.subset.upload_first": (
        "上传任意社区名单（CSV、Excel、GeoJSON 等），按编号检查其覆盖情况。",
        "Upload any community list (CSV, Excel, GeoJSON …) to check its coverage by id.",
    ),
    "coverage.subset.full": (
        "全覆盖：名单中 {n} 个社区在 {radius:,.0f} 米内均有青年之家。",
        "Full coverage: all {n} communities of the list have a Youth Home within {radius:,.0f} m.",
    ),
    "coverage.subset.not_full": (
        "未全覆盖：名单中 {n} 个社区仅 {covered} 个在 {radius:,.0f} 米内有青年之家；未覆盖的排在下表前面。",
        "Not fully covered: only {covered} of the list's {n} communities have a Youth Home "
        "within {radius:,.0f} m; the uncovered ones head the table below.",
    ),
    "coverage.subset.missing": (
        "{n} 个编号不在当前社区图层中：{ids}",
        "ids not in the current communities layer ({n}): {ids}",
    ),
    "coverage.subset.col.id": ("社区编号", "Community ID"),
    "coverage.subset.col.name": ("社区名称", "Community"),
    "coverage.subset.col.province": ("省份", "Province"),
    "coverage.subset.col.city": ("城市", "City"),
    "coverage.subset.col.district": ("区县", "County"),
    "coverage.subset.col.youth": ("青年人口", "Youth"),
    "coverage.subset.col.distance_m": ("距最近青年之家（米）", "To nearest Youth Home (m)"),
    "coverage.subset.col.nearest_home_id": ("最近青年之家", "Nearest Youth Home"),
    "coverage.subset.col.covered": ("是否覆盖", "Covered"),
}
