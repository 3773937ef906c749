"""Messages of the ``youthmap`` command line: errors, summaries and progress lines, in the
language every command shares (``youthmap --lang en``, ``YOUTHMAP_LANG``, else Chinese).
Option names (``--out``), ids, file names, codes and units stay as they are in both."""

STRINGS: dict[str, tuple[str, str]] = {
    # how a line starts
    "cli.error": ("错误：{text}", "error: {text}"),
    "cli.warning": ("提示：{text}", "warning: {text}"),
    "cli.internal": (
        "内部错误（{kind}）：这是 YouthMap 自身的缺陷，不是输入的问题；"
        "请设置 YOUTHMAP_DEBUG=1 重新运行，把命令和输出报告给维护者",
        "internal error ({kind}): a fault of YouthMap's own, not of the input; run again with "
        "YOUTHMAP_DEBUG=1 and report the command and its output to the maintainers",
    ),
    "cli.os_error": ("{file}：{reason}", "{file}: {reason}"),
    "cli.not_logged_in": ("未登录，不能进行这项操作", "not logged in"),
    "cli.denied": ("权限不足：{who} 不能进行这项操作", "not allowed: {who} may not do this"),
    "cli.inactive": (
        "账户 {who} 已停用或不存在，不能进行这项操作",
        "the account {who} is deactivated or does not exist",
    ),
    "cli.refused": ("操作被拒绝", "refused"),
    "cli.simulated": ("（模拟数据）", " (simulated data)"),
    "cli.simulated_clause": ("，模拟数据", ", simulated data"),
    "cli.simulated_input": (
        "提示：{path} 的 {n} 行中有 {sim} 行为模拟数据，据此得出的结果也是模拟数据",
        "note: {sim} of the {n} rows of {path} are simulated data; results built on them are "
        "simulated too",
    ),
    "cli.simulated_input_all": (
        "提示：{path} 的 {n} 行均为模拟数据，据此得出的结果也是模拟数据",
        "note: all {n} rows of {path} are simulated data; results built on them are simulated too",
    ),
    "cli.wrote": ("已写入 {path}", "wrote {path}"),
    "cli.wrote_item": ("  已写入 {path}", "  wrote {path}"),
    # problems with options and files named on the command line
    "cli.problem.map_item": (
        "--map {item}：应写成 原列名=目标列名",
        "--map {item}: expected SOURCE=TARGET",
    ),
    "cli.problem.cannot_write": ("无法写入输出文件：{reason}", "cannot write the output: {reason}"),
    "cli.problem.cannot_read": ("无法读取：{reason}", "cannot read: {reason}"),
    "cli.problem.file_not_found": ("找不到文件", "file not found"),
    "cli.problem.raw_dir": ("找不到原始数据文件夹", "raw data directory not found"),
    "cli.problem.province": ("{value} 不是省份代码", "{value} is not a province code"),
    "cli.find.embedded": (
        "在内置社区图层（{n} 个{simulated}）中查找",
        "searching the embedded communities ({n}{simulated})",
    ),
    "cli.find.found": ("找到 {n} 个社区，列出 {shown} 个", "{n} communities match, {shown} listed"),
    "cli.find.none": ("没有社区与“{words}”相符", "no community matches “{words}”"),
    "cli.find.head": (
        "编号|社区|街道|区县|城市|综合得分",
        "id|community|street|county|city|score",
    ),
    "cli.problem.total_positive": ("须为正的社区数", "must be a positive number of communities"),
    "cli.problem.out_dir": ("须为文件夹", "must be a directory"),
    "cli.problem.out_type": (
        "文件扩展名须为 {types} 之一",
        "the extension must be one of {types}",
    ),
    "cli.problem.asof_future": (
        "日期 {value} 晚于今天（{today}）：评估只能依据已经发生的记录",
        "the date {value} is after today ({today}): an evaluation reads only records of days "
        "that have passed",
    ),
    "cli.problem.date": ("{value} 不是日期（YYYY-MM-DD）", "{value} is not a date (YYYY-MM-DD)"),
    "cli.problem.month": ("{value} 不是月份（YYYY-MM）", "{value} is not a month (YYYY-MM)"),
    "cli.problem.save_needs": ("--save 需要 --rubric 和 --as", "--save needs --rubric and --as"),
    "cli.problem.next_needs_user": (
        "--record-outcome 和 --start 需要 --as 账户（团中央）",
        "--record-outcome and --start need --as ACCOUNT (the central committee)",
    ),
    "cli.problem.next_needs_plan": (
        "--record-outcome 和 --start 需要 --plan 方案名称（写入的方案须明确给出）",
        "--record-outcome and --start need --plan NAME (the plan written to is named, not guessed)",
    ),
    "cli.problem.next_not_over": (
        "实施期到 {end} 才结束：--asof 设为 {start} 或以后、按全年记录评估后，才能记录结果或启动下一周期",
        "the year of work runs to {end}: the outcome is recorded and the next cycle started on "
        "the whole year's records, with --asof on {start} or later",
    ),
    "cli.problem.next_exists": (
        "下一周期方案“{plan}”已生成",
        "the next plan “{plan}” exists already",
    ),
    "cli.problem.evaluate_out": (
        "请给出 --out（.xlsx 或 .pptx 文件）或 --write-rubric",
        "give --out (an .xlsx or .pptx) or --write-rubric",
    ),
    "cli.problem.city_needs_province": ("--city 需要 --province", "--city needs --province"),
    "cli.problem.city_outside": (
        "城市 {city} 不属于{unit}（{unit_code}）",
        "city {city} is not in {unit} ({unit_code})",
    ),
    "cli.problem.cover_all_model": (
        "--cover-all 即 --model lscp，不能与 --model {model} 同用",
        "--cover-all means --model lscp and cannot go with --model {model}",
    ),
    "cli.problem.weight_column": (
        "社区文件中没有“{value}”列（可用列名、表头或 count）",
        "the communities have no column “{value}” (give a column, its header, or count)",
    ),
    "cli.problem.region_outside": (
        "{province}不属于{region}",
        "{province} is not in the {region} region",
    ),
    "cli.problem.no_city": ("没有代码为 {city} 的城市", "no city with the code {city}"),
    "cli.problem.pairs_column": (
        "缺少列 {column}（请用 youthmap pair 生成结对文件）",
        "missing column {column} (write the pairs with youthmap pair)",
    ),
    "cli.problem.type_capacity": (
        "--type-capacity {item}：应写成 学校类型=数量，如 专科=3",
        "--type-capacity {item}: expected SCHOOL_TYPE=N, e.g. 专科=3",
    ),
    "cli.problem.pair_what": (
        "请用 --communities 给出社区图层，或用 --plan 指定已保存的方案",
        "give the communities with --communities, or a saved plan with --plan",
    ),
    "cli.plan.missing": (
        "方案中有 {n} 个社区不在社区图层中，未计入（请用 --communities 给出含这些社区的图层）",
        "{n} communities of the plan are not in the community layer and are left out (give a "
        "layer that holds them with --communities)",
    ),
    "cli.pair.from_plan": (
        "结对对象：方案“{plan}”的 {n} 个社区（已退出的除外）",
        "pairing the {n} communities of the plan “{plan}” (less the exited)",
    ),
    "cli.pair.kept": (
        "保留已签共建协议的结对 {n} 对（{communities} 个社区）；加 --ignore-agreements 则全部重新结对",
        "keeping {n} agreed pairs ({communities} communities); --ignore-agreements pairs "
        "everything afresh",
    ),
    "cli.pair.agreements": (
        "共建协议导入表：{n} 对本次结对，填写签约日期后用 youthmap records import 导入",
        "agreements to record: {n} pairs made now; add the signing days and import them with "
        "youthmap records import",
    ),
    "cli.pair.agreements_none": (
        "没有本次新结对（均为已签协议），未写出 {path}",
        "no pair made now (all are agreements on record): {path} not written",
    ),
    "cli.pair.kept_unknown": (
        "另有 {n} 份协议的校区不在高校校区图层中，无法保留",
        "{n} more agreements are with a campus the campus layer lacks and cannot be kept",
    ),
    "cli.pair.from_plan_unit": (
        "结对对象：方案“{plan}”中{unit}的 {n} 个社区（已退出的除外）",
        "pairing the {n} communities of {unit} in the plan “{plan}” (less the exited)",
    ),
    "cli.problem.no_plan_named": ("没有名为“{name}”的方案", "no plan named “{name}”"),
    "cli.problem.no_plans": ("数据库中还没有方案", "no plan in the database"),
    "cli.problem.name_the_plan": (
        "数据库中有 {n} 个方案，无法从表中的日期判断属于哪一个：请用 --plan 指定（{plans}）",
        "{n} plans, and the sheet's dates do not tell which: name the plan with --plan ({plans})",
    ),
    "cli.problem.records_refused": (
        "未导入：{bad} 行有错误；请改正，或用 --valid-only 只导入 {valid} 行有效记录",
        "nothing imported: {bad} rows with errors; fix them, or import the {valid} valid "
        "rows with --valid-only",
    ),
    "cli.problem.records_refused_all": (
        "未导入：没有有效记录（{bad} 行有错误）；请改正后再导入",
        "nothing imported: no valid row ({bad} rows with errors); fix them and import again",
    ),
    "cli.problem.plan_no_unit": (
        "方案“{name}”在 {unit} 没有社区",
        "plan “{name}” has no communities in {unit}",
    ),
    "cli.problem.plan_no_community": (
        "方案在 {unit} 没有社区",
        "the plan has no community in {unit}",
    ),
    "cli.problem.progress_out": (
        "--out 的文件须为 .xlsx 或 .pptx",
        "--out needs a .xlsx or .pptx name",
    ),
    "cli.problem.id_list_type": (
        "不支持的编号清单类型 {ext}：请使用 .csv、.xlsx 或 .txt",
        "unsupported id list type {ext}; use .csv, .xlsx or .txt",
    ),
    "cli.problem.unknown_id": ("编号 {id} 不在社区中", "id {id} is not among the communities"),
    "cli.problem.not_number": ("不是数字", "not a number"),
    "cli.problem.no_terminal": (
        "没有终端可以询问密码：请使用 --password-stdin",
        "no terminal to ask for a password; use --password-stdin",
    ),
    "cli.problem.passwords_differ": ("两次输入的密码不一致", "the two passwords differ"),
    # summaries and progress, by command
    "cli.build.done": (
        "已由 {raw} 生成 {out}，用时 {seconds} 秒",
        "built {out} from {raw} in {seconds} s",
    ),
    "cli.demo.done": (
        "已模拟（种子 {seed}）：{counts}，用时 {seconds} 秒",
        "simulated (seed {seed}): {counts} in {seconds} s",
    ),
    "cli.coverage.summary": (
        "{communities} 个社区、{homes} 个青年之家，半径 {radius} 米：覆盖 {covered} 个社区"
        "（{rate}），{what}覆盖率 {youth}；已写入 {path}",
        "{communities} communities, {homes} Youth Homes, radius {radius} m: {covered} covered "
        "({rate}), {what} covered {youth}; wrote {path}",
    ),
    "cli.coverage.weight_word.youth": ("青年", "youth"),
    "cli.coverage.weight_word.count": ("社区", "communities"),
    "cli.coverage.weight_covered": ("已覆盖{what}", "{what} covered"),
    "cli.coverage.weight_rate": ("{what}覆盖率", "{what} covered (share)"),
    "cli.coverage.weight_uncovered": ("未覆盖{what}", "{what} uncovered"),
    "cli.coverage.rates": (
        "按{level}统计的覆盖率：{n} 行；已写入 {path}",
        "coverage rates by {level}: {n} rows; wrote {path}",
    ),
    "cli.import.done": (
        "{path}：已写入 {n} 行（{layer}，WGS-84）",
        "{path}: {n} rows written ({layer}, WGS-84)",
    ),
    "cli.import.left_out": ("有错误的 {n} 行未写入", "{n} rows with errors left out"),
    "cli.validate.summary": (
        "{file}：{rows} 行，有效 {valid} 行，错误 {errors} 处，提示 {warnings} 处",
        "{file}: {rows} rows, {valid} valid, {errors} errors, {warnings} warnings",
    ),
    "cli.validate.crs": ("建议使用 --crs {crs}", "suggested --crs {crs}"),
    "cli.score.done": (
        "已为 {n} 个社区评分（{method}，{normalise}）→ {path}",
        "scored {n} communities ({method}, {normalise}) -> {path}",
    ),
    "cli.score.layer_file": ("{layer}：{path}（{n} 行）", "{layer}: {path} ({n} rows)"),
    "cli.score.layer_simulated": (
        "{layer}：未使用（内置图层是模拟数据；请给出文件或 --embedded all）",
        "{layer}: none (the embedded layer is simulated; pass a file or --embedded all)",
    ),
    "cli.score.layer_embedded": (
        "{layer}：内置数据（{n} 行{simulated}）",
        "{layer}: embedded dataset ({n} rows{simulated})",
    ),
    "cli.score.layer_none": (
        "{layer}：未使用（保留社区文件中已有的指标列）",
        "{layer}: none (indicator columns in the communities file kept if present)",
    ),
    "cli.score.census": (
        "普查补缺：内置 2020 年县级人口普查",
        "census fill-in: embedded 2020 county census",
    ),
    "cli.score.no_census": ("普查补缺：无", "census fill-in: none"),
    "cli.score.estimated": ("由普查估算：{columns}", "estimated from census: {columns}"),
    "cli.score.weights": ("权重：{weights}", "weights: {weights}"),
    "cli.score.unmeasured": (
        "未计入权重（所有社区都没有此项数值，相应图层未使用）：{names}",
        "left out of the weights (no community has a value of them: their layers were not "
        "used): {names}",
    ),
    "cli.score.score": ("得分={score}", "score={score}"),
    "cli.select.file_score": ("得分：文件中的综合得分列", "score: the file's score column"),
    "cli.select.scored": (
        "得分：{method}，{normalise}；权重 {weights}",
        "score: {method}, {normalise}; weights {weights}",
    ),
    "cli.select.done": (
        "从 {n} 个社区中选出 {chosen} 个（目标 {total}）→ {path}",
        "chose {chosen} of {n} communities (target {total}) -> {path}",
    ),
    "cli.select.totals": (
        "名额合计 {quota} = 目标 {total}：{ok}",
        "total quota {quota} = target {total}: {ok}",
    ),
    "cli.select.shortfall": (
        "缺额（满足条件的候选社区不足）：{units}",
        "shortfall (too few candidates meet the constraints): {units}",
    ),
    "cli.select.violation": (
        "锁定的 {id} 不满足：{constraint}",
        "locked {id} breaks: {constraint}",
    ),
    "cli.pair.summary": (
        "{method}：{communities} 个社区与 {campuses} 个校区结对，已结对 {paired} 个，"
        "未结对 {unpaired} 个，共 {pairs} 对",
        "{method}: {communities} communities with {campuses} campuses: {paired} paired, "
        "{unpaired} unpaired, {pairs} pairs",
    ),
    "cli.pair.distances": (
        "总距离 {total} 千米，最远 {max} 千米，平均 {mean} 千米，同城 {same_city}，"
        "超出容量的校区 {over} 个（{seconds} 秒）",
        "total distance {total} km, maximum {max} km, mean {mean} km, same city {same_city}, "
        "campuses over capacity {over} ({seconds} s)",
    ),
    "cli.pair.unpaired": ("未结对：{reasons}", "unpaired: {reasons}"),
    "cli.pair.reason": ("{reason}（{n} 个）", "{reason} ({n})"),
    "cli.site.unknown": ("未知", "unknown"),
    "cli.site.required": ("（其中必选 {n} 个）", " ({n} required)"),
    "cli.site.objective.mclp": ("覆盖的{weight}", "{weight} covered"),
    "cli.site.objective.lscp": ("新址数", "sites"),
    "cli.site.objective.lscpb": ("双重覆盖的{weight}", "{weight} covered twice"),
    "cli.site.objective.pmedian": ("按{weight}加权的距离（米）", "{weight}-weighted distance (m)"),
    "cli.site.objective.cmclp": ("分配的{weight}", "{weight} assigned"),
    "cli.site.model": (
        "模型：{name}（{model}） · 方法：{method} · 求解器：{solver} · 状态：{status}",
        "model: {name} ({model}) · method: {method} · solver: {solver} · status: {status}",
    ),
    "cli.site.sites": (
        "新址 {n} 个{required}；目标值（{objective}）{value}；界 {bound}；差距 {gap}；{seconds} 秒",
        "sites {n}{required}; objective ({objective}) {value}; bound {bound}; gap {gap}; "
        "{seconds} s",
    ),
    "cli.site.covered": (
        "覆盖或服务：{weighted}{n} 个社区（模型内社区的 {percent}%）；"
        "已由现有青年之家覆盖：{baseline} 个社区；已写入 {path}",
        "covered or served: {weighted}{n} communities ({percent}% of those in the model); "
        "already covered by existing Youth Homes: {baseline} communities; wrote {path}",
    ),
    "cli.site.infeasible": (
        "没有找到可行的选址方案（{status}），未写出文件",
        "no feasible set of sites was found ({status}); no file was written",
    ),
    "cli.site.no_solution_k": (
        "在 {k} 个新址内没有找到覆盖所有可覆盖社区的方案（{status}），未写出文件；请增大 --k、"
        "改用 --method exact（可证明是否可行），或不给 --k（取全覆盖所需的最少新址数）",
        "found no {k} new sites covering every community in reach ({status}); no file was "
        "written. Raise --k, try --method exact (it proves whether they exist), or leave "
        "--k out for the fewest sites covering them all",
    ),
    "cli.site.infeasible_k": (
        "{k} 个新址覆盖不了所有可覆盖的社区（{status}），未写出文件；请增大 --k，"
        "或不给 --k（取全覆盖所需的最少新址数）",
        "{k} new sites cannot cover every community in reach ({status}); no file was "
        "written. Raise --k, or leave it out for the fewest sites covering them all",
    ),
    "cli.site.backup": (
        "双重覆盖的社区：{n}（新址 p = {p} 个）",
        "communities covered twice: {n} (with p = {p} sites)",
    ),
    "cli.site.mean_distance": (
        "青年到最近的青年之家（新址或现有）的平均距离：{m} 米",
        "mean distance of youth to their nearest Youth Home (new or existing): {m} m",
    ),
    "cli.site.highs_skipped": (
        "注意：剩余时间不足以让 HiGHS 载入这个模型（预计约 {load} 秒），HiGHS 未运行；"
        "结果是启发式的解，未经 HiGHS 求解或证明。加大 --time-limit 可让 HiGHS 求解",
        "note: too little time was left for HiGHS to load this model (about {load} s "
        "expected), so HiGHS was not run; these are the heuristic's sites, neither "
        "solved nor proven by HiGHS. A longer --time-limit lets HiGHS solve it",
    ),
    "cli.site.listed": (
        "注意：时限内只为 {n} / {total} 个社区列出了最近的候选点，选址只依据这些社区"
        "（分布于全域的样本）；目标值和平均距离按全部社区计算。加大 --time-limit 可让"
        "选址依据全部社区",
        "note: within the time limit the nearest candidates were listed for only {n} of "
        "{total} communities, and the sites were chosen on those alone (a sample spread "
        "over the whole area); the objective and mean distance count every community. A "
        "longer --time-limit lets the choice consider them all",
    ),
    "cli.site.served_median": (
        "新址服务：{weighted}{n} 个社区（模型内社区的 {percent}%）；"
        "更近的现有青年之家服务：{homes} 个社区；已写入 {path}",
        "served by the new sites: {weighted}{n} communities ({percent}% of those in the "
        "model); by a nearer existing Youth Home: {homes} communities; wrote {path}",
    ),
    "cli.site.uncoverable": (
        "提示：{n} 个社区在半径内没有候选点，仍未覆盖（前几个：{first}）",
        "warning: {n} communities have no candidate within the radius and stay uncovered "
        "(first: {first})",
    ),
    "cli.map.deck": ("已写入 {path}（{scope}汇报材料）", "wrote {path} (deck of {scope})"),
    "cli.map.done": ("已写入 {path}：{title}", "wrote {path}: {title}"),
    "cli.map.country": ("全国", "the whole country"),
    "cli.map.city_unused": (
        "注意：{step} 步骤绘出{drawn}，不只{city}；--city 只作用于 chosen、gaps 两步"
        "（--step chosen 或 --step gaps）和 .pptx 汇报材料",
        "note: the {step} step draws {drawn}, not {city} alone; --city applies to "
        "the chosen and gaps steps (--step chosen or --step gaps) and to the .pptx deck",
    ),
    "cli.user.password": ("密码：", "password: "),
    "cli.user.again": ("再输入一次：", "again: "),
    "cli.user.created": ("已在 {db} 中创建账户 {user}", "created the account {user} in {db}"),
    "cli.user.who": ("{name}（{role}）", "{name} ({role})"),
    "cli.user.passwd": ("{name} 的密码已更改", "password of {name} changed"),
    "cli.user.enabled": ("已在 {db} 中启用 {name}", "{name} enabled in {db}"),
    "cli.user.disabled": ("已在 {db} 中停用 {name}", "{name} disabled in {db}"),
    "cli.user.none": (
        "{db} 中还没有账户；用以下命令创建第一个：youthmap user add NAME --role central",
        "no accounts in {db}; create the first with: youthmap user add NAME --role central",
    ),
    "cli.user.active": ("启用", "active"),
    "cli.user.inactive": ("停用", "inactive"),
    "cli.user.count": ("{db} 中共有 {n} 个账户", "{n} accounts in {db}"),
    "cli.plan.none": ("{db} 中还没有方案", "no plans in {db}"),
    "cli.plan.national": ("全国", "national"),
    "cli.plan.communities": ("{n} 个社区", "{n} communities"),
    "cli.plan.saved": (
        "已把 {n} 个社区保存为{unit}在方案“{plan}”中的部分（新增 {added} 个，移除 {removed} 个）",
        "saved {n} communities as {unit}'s part of “{plan}” ({added} added, {removed} removed)",
    ),
    "cli.plan.made": (
        "注意：此前没有名为“{plan}”的全国方案，已新建；请核对名称与团中央下发的一致（已有：{plans}）",
        "note: no national plan was named “{plan}”, so it was made; check the name is the "
        "centre's (there are: {plans})",
    ),
    "cli.plan.recommended": (
        "其中 {n} 个在团中央名单中为候选，现已改为省级推荐",
        "{n} of them were candidates on the centre's list and are now recommended",
    ),
    "cli.plan.not_in_layer": (
        "注意：{n} 个社区不在任何社区图层中（{ids}），地图、结对和备案表中没有它们的位置；"
        "请核对编号，或先上传含这些社区的本地名单",
        "note: not found in any communities layer ({n}: {ids}); the maps, the pairing and "
        "the filing form cannot place a community without one: check the ids, or upload the "
        "local list that holds them first",
    ),
    "cli.plan.outside": (
        "{file} 中有 {n} 个社区不在{unit}，未保存",
        "{n} communities of {file} are outside {unit} and were left out",
    ),
    "cli.plan.deleted": ("已删除方案“{plan}”", "deleted the plan “{plan}”"),
    "cli.plan.exported": (
        "已把{unit}的 {n} 个社区写入 {path}",
        "wrote {n} communities of {unit} to {path}",
    ),
    "cli.records.plan_taken": (
        "未指定 --plan：按记录的日期和社区导入方案“{plan}”",
        "no --plan given: importing into the plan “{plan}”, by the records' dates and communities",
    ),
    "cli.records.imported": (
        "{file}：{rows:,} 行，有效 {valid:,} 行；新增 {added:,}，更新 {updated:,}，未变 {unchanged:,}",
        "{file}: {rows:,} rows, {valid:,} valid; {added:,} added, {updated:,} updated, "
        "{unchanged:,} unchanged",
    ),
    "cli.records.demo": (
        "方案 {plan} {name}：新增 {n:,} 条模拟活动记录（模拟数据，仅供演示）",
        "plan {plan} {name}: {n:,} simulated activities added (simulated data, for the demo)",
    ),
    "cli.progress.wrote": (
        "已写入 {path}（{unit}，{month}{simulated}）",
        "wrote {path} ({unit}, {month}{simulated})",
    ),
    "cli.select.unlisted": (
        "另有 {n} 个单位名额为 0，未列出（--quota-out 写出完整的名额表）",
        "not listed: {n} more units with a quota of 0 (--quota-out writes the whole table)",
    ),
    "cli.progress.warnings": ("预警：{warnings}", "warnings: {warnings}"),
    "cli.progress.asof": (
        "方案“{plan}”截至 {asof} 的进展{simulated}",
        "progress of the plan “{plan}” as of {asof}{simulated}",
    ),
    "cli.progress.head": (
        "代码|名称|社区|30天活跃|90天活跃|志愿时长|受益人次|月均到访",
        "code|name|communities|active 30d|active 90d|volunteer hours|beneficiaries|visits/month",
    ),
    "cli.evaluate.saved": (
        "已保存评估标准“{name}”第 {version} 版",
        "saved rubric “{name}” version {version}",
    ),
    "cli.evaluate.not_over": (
        "注意：实施期到 {end} 才结束，本评估只依据截至 {asof} 的记录，是进度检查，不是年度评估",
        "note: the year of work runs to {end}; this evaluation reads the records up to {asof}: "
        "a progress check, not the year's evaluation",
    ),
    "cli.evaluate.done": (
        "已写入 {path}：方案“{plan}”截至 {asof} 的 {n} 个社区{simulated}；{counts}",
        "wrote {path}: the plan “{plan}”, {n} communities as of {asof}{simulated}; {counts}",
    ),
    "cli.next.summary": (
        "方案“{plan}”截至 {asof}：延续 {carried} 个，腾出名额 {freed} 个{units}",
        "plan “{plan}” as of {asof}: carried over {carried}, places freed {freed}{units}",
    ),
    "cli.next.units": ("（{units}）", " ({units})"),
    "cli.next.pending": (
        "评估结果尚未记入方案：继续实施 {continued} 个，退出 {exited} 个（--record-outcome --as 账户 记入）",
        "the outcome is not recorded in the plan yet: {continued} to continue, {exited} to exit "
        "(--record-outcome --as ACCOUNT records it)",
    ),
    "cli.next.nothing_to_record": (
        "评估结果已记入方案，没有要更新的状态",
        "the outcome is already recorded in the plan: no status to change",
    ),
    "cli.db.database": ("数据库 {db}", "database {db}"),
    "cli.db.empty": ("空", "empty"),
    "cli.db.current": ("已是最新", "up to date"),
    "cli.db.behind": ("落后：请运行 youthmap db upgrade", "behind: run youthmap db upgrade"),
    "cli.db.missing": (
        "文件 {path} 不存在，没有新建：{url_env} 或 {home_env} 是否已设置（例如读入 "
        "/etc/youthmap/youthmap.env）？",
        "the file {path} does not exist and was not made: are {url_env} or {home_env} set "
        "(e.g. from /etc/youthmap/youthmap.env)?",
    ),
    "cli.db.newer": (
        "比本版 YouthMap 新：请使用写入它的较新版本",
        "newer than this YouthMap: use the newer version that wrote it",
    ),
    "cli.db.status": (
        "数据结构 {schema}（最新 {head}；{state}）",
        "schema {schema} (newest {head}; {state})",
    ),
    "cli.db.upgraded": ("数据结构 {before} → {after}", "schema {before} → {after}"),
    "cli.db.unchanged": ("数据结构 {schema}（无变化）", "schema {schema} (no change)"),
    "cli.db.backup": (
        "{db}（{backend}）的备份已写入 {path}",
        "backup of {db} ({backend}) written to {path}",
    ),
    "cli.db.bytes": ("{n} 字节", "{n} bytes"),
    "cli.db.restored": (
        "数据库 {db} 已由 {path} 恢复（{backend}，{n} 字节）",
        "database {db} restored from {path} ({backend}, {n} bytes)",
    ),
    "cli.db.schema": ("数据结构 {schema}（最新 {head}）", "schema {schema} (newest {head})"),
    "cli.serve.demo_start": (
        "首次运行：正在生成演示方案“{plan}”及其模拟年度记录（不到一分钟，仅此一次；--no-demo 可跳过）…",
        "first run: making the demo plan “{plan}” and its simulated year of records (under "
        "a minute, once; --no-demo skips it) …",
    ),
    "cli.serve.demo_ready": (
        "演示数据已就绪：{n} 条模拟活动记录（各页面均标注为模拟数据）",
        "demo ready: {n} simulated activities (labelled simulated on every page)",
    ),
    "cli.serve.no_app": (
        "找不到应用文件（app.py）：请从项目目录或已安装的 YouthMap 运行",
        "the app (app.py) was not found: run from the project or an installed YouthMap",
    ),
}
