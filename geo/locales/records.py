"""Strings of the year's records, the progress page, the monthly report and the evaluation."""

STRINGS: dict[str, tuple[str, str]] = {
    "page.records": ("年度进展", "Progress"),
    "records.title": ("年度实施进展", "Progress of the year"),
    "records.simulated": (
        "以下年度记录为模拟数据（演示用），不是真实工作记录。",
        "The records below are simulated (for the demo), not real work records.",
    ),
    "records.no_plan": (
        "还没有保存的方案：请先在“备案与评估”页保存方案，或生成演示数据。",
        "No saved plan yet: save one on the filing page, or make the demo data.",
    ),
    "records.make_demo": ("生成演示方案与模拟年度记录", "Make the demo plan and a simulated year"),
    "records.demo_plan_name": ("2021 全国第一批（模拟）", "2021 national first batch (simulated)"),
    "records.demo_done": (
        "已生成模拟方案“{plan}”及 {n} 条模拟活动记录。",
        "Made the simulated plan “{plan}” and {n} simulated activities.",
    ),
    "records.plan": ("方案", "Plan"),
    "records.asof": ("统计截至", "As of"),
    "records.level": ("汇总层级", "Level"),
    "records.level.region": ("区域", "Region"),
    "records.level.province": ("省份", "Province"),
    "records.level.city": ("城市", "City"),
    "records.level.county": ("区县", "County"),
    "records.tab.progress": ("进展", "Progress"),
    "records.tab.warnings": ("预警", "Warnings"),
    "records.tab.enter": ("录入与导入", "Enter and import"),
    "records.tab.report": ("月报", "Monthly report"),
    "records.tab.evaluation": ("评估", "Evaluation"),
    "records.tab.next": ("下一周期", "Next cycle"),
    "records.map": ("地图：近30天活跃社区", "Map: communities active in the last 30 days"),
    "records.map.not_launched": ("已备案未启动", "Filed, not launched"),
    "records.map.active": ("近30天有活动", "Active in the last 30 days"),
    "records.map.inactive": ("近60天无活动", "No activity for 60 days"),
    "records.map.quiet": ("近30天无活动", "No activity in the last 30 days"),
    "records.map.share": ("30天活跃占比", "Active in 30 days:"),
    "records.map.areas.region": (
        "各区域近30天活跃社区占比",
        "Regions: share of communities active in 30 days",
    ),
    "records.map.areas.province": (
        "各省近30天活跃社区占比",
        "Provinces: share of communities active in 30 days",
    ),
    "records.map.areas.city": (
        "各市近30天活跃社区占比",
        "Cities: share of communities active in 30 days",
    ),
    "records.map.areas.county": (
        "各区县近30天活跃社区占比",
        "Counties: share of communities active in 30 days",
    ),
    "records.kpi.communities": ("行动社区", "Action communities"),
    "records.kpi.active30": ("近30天活跃", "Active, last 30 days"),
    "records.kpi.hours": ("志愿服务时长（小时）", "Volunteer hours"),
    "records.kpi.beneficiaries": ("受益人次", "Beneficiaries"),
    "records.kpi.members": ("报到团员", "League members registered"),
    "records.no_warnings": ("没有预警。", "No warnings."),
    "records.warn.not_launched": ("已备案未启动", "Filed, not launched"),
    "records.warn.inactive": ("60天无活动", "No activity for 60 days"),
    "records.warn.no_campus": ("未与高校结对", "No campus partner"),
    "records.warn.campus_never": ("结对高校从未到访", "Paired campus never came"),
    "records.warn.home_not_in_use": ("青年之家未投入使用", "Youth Home not in use"),
    "records.kind": ("记录类型", "Record type"),
    "records.kind.activities": ("活动记录", "Activities"),
    "records.kind.people": ("人员（按月）", "People (by month)"),
    "records.kind.agreements": ("共建协议", "Agreements"),
    "records.kind.homes": ("青年之家状态", "Youth Home state"),
    "records.template": ("下载{kind}模板（XLSX）", "Download the {kind} template (XLSX)"),
    "records.template.csv": ("CSV模板", "CSV template"),
    "records.pairing_content": ("结对共建：{campus}", "Campus pairing: {campus}"),
    "records.template.note": (
        "第一行为表头，第二行为示例（导入前请删除或改写）；{columns}列可从下拉列表选择。",
        "Row 1 holds the headers and row 2 an example (delete or overwrite it); columns with "
        "drop-down lists: {columns}.",
    ),
    "records.template.note_plain": (
        "第一行为表头，第二行为示例（导入前请删除或改写）。",
        "Row 1 holds the headers and row 2 an example (delete or overwrite it).",
    ),
    "records.template.note_filled": (
        "第一行为表头，以下各行已预先填好：补全空着的必填列（橙色表头）后导入；{columns}列可从下拉列表选择。",
        "Row 1 holds the headers and the rows below are filled in: complete the empty "
        "required columns (orange headers), then import; columns with drop-down lists: "
        "{columns}.",
    ),
    "records.template.note_filled_plain": (
        "第一行为表头，以下各行已预先填好：补全空着的必填列（橙色表头）后导入。",
        "Row 1 holds the headers and the rows below are filled in: complete the empty "
        "required columns (orange headers), then import.",
    ),
    "records.upload": ("上传记录表（XLSX/CSV）", "Upload a record sheet (XLSX/CSV)"),
    "records.import": ("导入有效行", "Import the valid rows"),
    "records.imported": (
        "已导入：新增 {added} 条，更新 {updated} 条，未变 {unchanged} 条。",
        "Imported: {added} added, {updated} updated, {unchanged} unchanged.",
    ),
    "records.parsed": (
        "{file}：{rows} 行，有效 {valid} 行，错误 {errors} 处，提示 {warnings} 处。",
        "{file}: {rows} rows, {valid} valid, {errors} errors, {warnings} warnings.",
    ),
    "records.problems": ("问题清单", "Problems"),
    "records.form": ("单条录入", "Enter one record"),
    "records.save": ("保存", "Save"),
    "records.saved.added": ("已保存：新增 1 条记录。", "Saved: one record added."),
    "records.saved.updated": (
        "已保存：该记录已存在，已按本次填写更新。",
        "Saved: the record was already there and is updated as entered.",
    ),
    "records.saved.unchanged": (
        "该记录已存在且内容相同，未重复保存。",
        "The record is already there as entered; it was not saved twice.",
    ),
    "records.read_only": ("只读账号不能录入记录。", "A viewer account cannot enter records."),
    "records.report.province": ("省份", "Province"),
    "records.report.unit": ("全国或省份", "National or a province"),
    "records.report.month": ("月份", "Month"),
    "records.report.asof": (
        "月报按 {day} 的记录统计（所选月份的最后一天，或页面的统计截至日）。",
        "The report reads the records as of {day} (the month's last day, or the page's as-of day).",
    ),
    "records.eval.file": ("年度评估-{plan}-{asof}", "evaluation {plan} {asof}"),
    "records.eval.file_check": ("进度检查-{plan}-{asof}", "progress check {plan} {asof}"),
    "records.report.file": ("月报-{unit}-{month}", "monthly report {unit} {month}"),
    "records.report.xlsx": ("下载月报（XLSX）", "Download the monthly report (XLSX)"),
    "records.report.pptx": ("下载月报（PPTX）", "Download the monthly report (PPTX)"),
    "records.report.title": (
        "{province}社区青春行动月报（{month}）",
        "{province} monthly report ({month})",
    ),
    "records.report.summary": ("概况", "Summary"),
    "records.report.cover": ("月报", "Report"),
    "records.report.by_city": ("分城市", "By city"),
    "records.report.by_region": ("分区域", "By region"),
    "records.report.areas": ("分领域活跃占比", "active share by task area"),
    "records.report.map": ("地图", "Map"),
    "records.report.by_province": ("分省", "By province"),
    "records.report.warning_counts": ("预警分省统计", "Warnings by province"),
    "records.warnings.list": ("预警名单", "The warnings, one by one"),
    "records.col.total": ("合计", "Total"),
    "records.report.warnings": ("预警", "Warnings"),
    "records.report.simulated": ("含模拟数据", "Contains simulated data"),
    "records.report.sheet.communities": ("社区明细", "Communities"),
    # fields (template headers, tables)
    "records.field.community_id": ("社区编号", "Community ID"),
    "records.field.date": ("日期", "Date"),
    "records.field.area": ("任务领域", "Task area"),
    "records.field.title": ("活动名称", "Title"),
    "records.field.participants": ("参与人数", "Participants"),
    "records.field.volunteer_hours": ("志愿服务时长（小时）", "Volunteer hours"),
    "records.field.children": ("受益儿童", "Children served"),
    "records.field.elderly": ("受益老人", "Elderly served"),
    "records.field.vulnerable_youth": ("受益弱势青少年", "Vulnerable youth served"),
    "records.field.partner_kind": ("合作方类型", "Partner type"),
    "records.field.partner_id": ("合作方编号", "Partner ID"),
    "records.field.note": ("备注", "Note"),
    "records.field.month": ("月份", "Month"),
    "records.field.cadres": ("社区团干部", "League cadres"),
    "records.field.social_workers": ("青年社工", "Youth social workers"),
    "records.field.youth_orgs": ("团属青年社会组织", "League youth organisations"),
    "records.field.members_registered": ("报到团员", "League members registered"),
    "records.field.kind": ("协议类型", "Agreement type"),
    "records.field.start_date": ("开始日期", "Start date"),
    "records.field.content": ("协议内容", "Content"),
    "records.field.state": ("青年之家状态", "Youth Home state"),
    "records.field.area_m2": ("面积（平方米）", "Floor area (m²)"),
    "records.field.opening_hours": ("开放时间", "Opening hours"),
    "records.field.since": ("启用日期", "In use since"),
    "records.area.after_school": ("四点半课堂", "After-school care"),
    "records.area.elderly_digital": ("智慧助老", "Digital help for the elderly"),
    "records.area.environment": ("美丽社区/垃圾分类", "Environment and waste sorting"),
    "records.area.youth_care": ("弱势青少年帮扶", "Help for vulnerable youth"),
    "records.partner_kind.campus": ("高校团支部", "Campus League branch"),
    "records.partner_kind.resident_unit": ("驻区单位", "Resident unit"),
    "records.kind.campus": ("高校团支部", "Campus League branch"),
    "records.kind.resident_unit": ("驻区单位", "Resident unit"),
    "records.state.planned": ("筹建中", "Planned"),
    "records.state.built": ("已建成", "Built"),
    "records.state.in_use": ("已投入使用", "In use"),
    # progress columns
    "records.col.unit": ("地区", "Area"),
    "records.col.code": ("代码", "Code"),
    "records.col.communities": ("行动社区数", "Communities"),
    "records.col.active_communities": ("有活动的社区数", "Communities with an activity"),
    "records.col.active_30": ("近30天活跃占比（%）", "Active share, 30 days (%)"),
    "records.col.active_90": ("近90天活跃占比（%）", "Active share, 90 days (%)"),
    "records.col.after_school_30": ("四点半课堂（30天，%）", "After-school, 30 d (%)"),
    "records.col.elderly_digital_30": ("智慧助老（30天，%）", "Elderly digital, 30 d (%)"),
    "records.col.environment_30": ("美丽社区（30天，%）", "Environment, 30 d (%)"),
    "records.col.youth_care_30": ("弱势青少年（30天，%）", "Vulnerable youth, 30 d (%)"),
    "records.col.after_school_90": ("四点半课堂（90天，%）", "After-school, 90 d (%)"),
    "records.col.elderly_digital_90": ("智慧助老（90天，%）", "Elderly digital, 90 d (%)"),
    "records.col.environment_90": ("美丽社区（90天，%）", "Environment, 90 d (%)"),
    "records.col.youth_care_90": ("弱势青少年（90天，%）", "Vulnerable youth, 90 d (%)"),
    "records.col.activities": ("活动数", "Activities"),
    "records.col.volunteer_hours": ("志愿服务时长", "Volunteer hours"),
    "records.col.beneficiaries": ("受益人次", "Beneficiaries"),
    "records.col.members_registered": ("报到团员", "Members registered"),
    # a rollup's: the mean over its communities with a campus partner (progress.rollup)
    "records.col.campus_visits_per_month": (
        "结对社区高校月均到访",
        "Campus visits a month, per paired community",
    ),
    "records.col.community_id": ("社区编号", "Community ID"),
    "records.col.name": ("社区", "Community"),
    "records.col.county_code": ("负责区县代码", "County code"),
    "records.col.county": ("负责区县", "Responsible county"),
    "records.col.warning": ("预警", "Warning"),
    "records.col.detail": ("说明", "Detail"),
    "records.col.days": ("无活动天数", "Days without activity"),
    # a warning's days: how long what it warns of has lasted (idle, unlaunched, unpaired …)
    "records.col.warn_days": ("持续天数", "Days so far"),
    "records.col.month": ("月份", "Month"),
    "records.col.partner": ("结对高校", "Paired campus"),
    "records.col.campus_visits": ("高校到访次数", "Campus visits"),
    "records.col.quota_unit": ("省份/兵团代码", "Province code"),
    "records.col.region": ("区域", "Region"),
    "records.col.city_code": ("城市代码", "City code"),
    "records.col.days_idle": ("无活动天数", "Days without activity"),
    "records.col.campus_partner": ("结对高校", "Paired campus"),
    "records.col.home_state": ("青年之家状态", "Youth Home state"),
    "records.col.last_activity": ("最近活动日期", "Last activity"),
    "records.detail.never": ("从未记录活动", "no activity recorded"),
    "records.detail.days": ("{days} 天无活动", "{days} days without activity"),
    "records.detail.partner": ("高校 {partner}", "campus {partner}"),
    # problems (codes of geo.plan.records and geo.store.records)
    "records.problem.missing_column": ("缺少必填列“{column}”", "missing column “{column}”"),
    "records.problem.missing": ("必填项为空", "required value is empty"),
    "records.problem.too_long": (
        "文字过长（不超过 {limit:,} 字）",
        "text too long (at most {limit:,} characters)",
    ),
    "records.problem.nul": ("含有非法字符", "contains an invalid character"),
    "records.problem.not_number": ("不是数字", "not a number"),
    "records.problem.not_integer": ("不是整数", "not a whole number"),
    "records.problem.number_range": (
        "须在 0 至 {high:,.0f} 之间",
        "must be between 0 and {high:,.0f}",
    ),
    "records.problem.too_early": ("早于 {day}", "before {day}"),
    "records.problem.not_date": ("不是日期（如 2021-06-01）", "not a date (e.g. 2021-06-01)"),
    "records.problem.not_month": ("不是月份（如 2021-06）", "not a month (e.g. 2021-06)"),
    "records.form.problem": ("“{field}”：{reason}", "{field}: {reason}"),
    "records.problem.future": (
        "日期晚于今天（{today}）：尚未发生的工作不能记录，请检查年份",
        "the date is after today ({today}): work not done yet cannot be recorded; check the year",
    ),
    "records.problem.home_future": (
        "晚于今天（{today}）：已建成或已投入使用的青年之家不能在今后才启用，请检查年份"
        "（尚未建成的请选“筹建中”）",
        "after today ({today}): a Youth Home built or in use cannot open later; check the "
        "year (choose Planned for one not built yet)",
    ),
    "records.problem.after_exit": (
        "该社区已于 {day} 退出本方案：此后的工作不计入社区青春行动，不予保存（退出前的记录仍可补录）",
        "the community left this plan on {day}: work after that day is not the action's and is "
        "not saved (records before it can still be entered)",
    ),
    "records.problem.outside_year": (
        "日期不在方案的实施期（{start} 至 {end}）内：不影响保存，请核对方案和年份",
        "the date is outside the plan's year of work ({start} to {end}): saving goes "
        "ahead; check the plan and the year",
    ),
    "records.problem.partner_unknown": (
        "合作方编号“{id}”不在当前{kind}图层中（编号有误，或合作方类型选错）：不影响保存，请核对",
        "partner ID “{id}” is not in the current {kind} layer (mistyped, or the other partner "
        "type): saving goes ahead; check it",
    ),
    "records.partner.placeholder": ("输入名称或编号查找", "Type a name or an ID to find it"),
    "records.partner.scope": (
        "在侧栏选择省份后可按名称查找",
        "Choose a province in the sidebar to find partners by name",
    ),
    "records.partner.typed": (
        "或：图层中没有的合作方编号",
        "Or: the ID of a partner the layers lack",
    ),
    "records.partner.both": (
        "合作方只需选一个或填一个编号：选中的与填写的编号不同，请清除其中一个",
        "Pick a partner or type its ID, not both: the two differ; clear one of them",
    ),
    "records.partner.campus": ("高校", "campus"),
    "records.partner.resident_unit": ("驻区单位", "resident unit"),
    "records.problem.not_choice": (
        "不是可选的值；可选：{choices}",
        "not one of the choices: {choices}",
    ),
    "records.problem.list_choice": ("不在下拉列表的选项中", "not one of the listed choices"),
    "records.example.activities.title": ("四点半课堂作业辅导", "After-school homework club"),
    "records.example.activities.note": (
        "华南农业大学团支部",
        "League branch of South China Agricultural University",
    ),
    "records.example.agreements.content": (
        "共建四点半课堂场地",
        "A room for the after-school classes, built together",
    ),
    "records.example.homes.opening_hours": ("周一至周六 9:00-21:00", "Mon-Sat 9:00-21:00"),
    "records.problem.example_row": (
        "这是模板的示例行，社区不在所选方案中：导入前请删除或改写",
        "this is the template's example row, and its community is not in the plan: delete or "
        "overwrite it before importing",
    ),
    "records.problem.example_kept": (
        "与模板的示例行完全相同：导入前请删除或改写",
        "the same as the template's example row: delete or overwrite it before importing",
    ),
    "records.problem.unknown_community": ("社区不在所选方案中", "community is not in the plan"),
    "records.problem.not_yours": (
        "该社区不属于您所在的地区，不能录入",
        "this community is outside your area; you cannot record it",
    ),
    "records.problem.unknown_column": (
        "不是本类记录的列，已忽略",
        "not a column of this record type; ignored",
    ),
    "records.problem.duplicate_in_file": (
        "与文件中前面一行重复，已跳过",
        "repeats an earlier line of the file; skipped",
    ),
    "records.problem.where": (
        "{file} 第{row}行 “{column}”列：{reason}",
        "{file} row {row}, column “{column}”: {reason}",
    ),
    "records.problem.where_row": ("{file} 第{row}行：{reason}", "{file} row {row}: {reason}"),
    # evaluation
    "records.eval.measure.after_school_months": (
        "四点半课堂开展月数",
        "Months with after-school care",
    ),
    "records.eval.measure.elderly_digital_months": (
        "智慧助老开展月数",
        "Months with elderly digital help",
    ),
    "records.eval.measure.environment_months": ("美丽社区开展月数", "Months with environment work"),
    "records.eval.measure.youth_care_months": (
        "弱势青少年帮扶月数",
        "Months with vulnerable-youth help",
    ),
    "records.eval.measure.activities_per_month": ("月均活动数", "Activities per month"),
    "records.eval.measure.volunteer_hours": ("志愿服务时长", "Volunteer hours"),
    "records.eval.measure.beneficiaries": ("受益人次", "Beneficiaries"),
    "records.eval.measure.campus_visits_per_month": ("高校月均到访", "Campus visits per month"),
    "records.eval.measure.members_registered": ("报到团员", "League members registered"),
    "records.eval.measure.people": (
        "工作力量（团干部+社工+组织）",
        "People (cadres + workers + organisations)",
    ),
    "records.eval.measure.resident_agreements": ("驻区单位共建协议", "Resident-unit agreements"),
    "records.eval.measure.home_in_use": ("青年之家投入使用", "Youth Home in use"),
    "records.eval.reason_no.home_in_use": ("青年之家未投入使用", "Youth Home not in use"),
    "records.eval.evidence": ("实测：{label}", "Evidence: {label}"),
    "records.eval.points": ("得分：{label}", "Points: {label}"),
    "records.eval.expert": ("专家：{label}", "Expert: {label}"),
    "records.eval.area_points": ("细则：{label}", "Rubric: {label}"),
    "records.eval.area.overall": ("阵地与资源", "Venues and resources"),
    "records.eval.rubric_total": ("细则总分", "Rubric total"),
    "records.eval.default_rubric_name": (
        "社区青春行动评估细则",
        "Community Youth Action evaluation rubric",
    ),
    "records.eval.expert_total": ("专家总分", "Expert total"),
    "records.eval.mean_rubric_total": ("平均细则总分", "Mean rubric total"),
    "records.eval.mean_expert_total": (
        "平均专家总分（已评的）",
        "Mean expert total (of those scored)",
    ),
    "records.eval.expert_scored": ("专家已评数", "Scored by experts"),
    "records.eval.recommendation": ("建议", "Recommendation"),
    "records.eval.reasons": ("理由", "Reasons"),
    "records.eval.basis": ("建议依据", "Based on"),
    "records.eval.basis.rubric": ("细则总分", "Rubric total"),
    "records.eval.basis.experts": ("专家总分", "Experts' total"),
    "records.eval.basis.decision": ("中央决定", "Centre's decision"),
    "records.eval.basis.not_launched": ("区县未启动", "Not launched by its county"),
    "records.eval.previous_total": ("上一周期专家总分", "Previous cycle: experts' total"),
    "records.eval.previous_recommendation": ("上一周期结果", "Previous cycle: outcome"),
    "records.eval.rec.continue": ("继续实施", "Continue"),
    "records.eval.rec.improve": ("整改提升", "Improve"),
    "records.eval.rec.exit": ("建议退出", "Exit"),
    "records.eval.rec.new": ("本周期新入选", "New this cycle"),
    "records.eval.reason": (
        "{label} {value:g}，低于 {threshold:g}",
        "{label} {value:g}, below {threshold:g}",
    ),
    "records.eval.total_reason": (
        "细则总分 {total:g}，低于 {limit:g}",
        "rubric total {total:g}, below {limit:g}",
    ),
    "records.eval.sheet": ("评估表", "Evaluation"),
    "records.eval.not_over": (
        "实施期到 {end} 才结束：以下建议只依据截至 {asof} 的记录，是进度检查，不是年度评估"
        "（评估细则的指标按全年计）。",
        "The year of work runs to {end}: these recommendations read the records up to {asof}. "
        "They are a progress check, not the year's evaluation (the rubric's targets are a "
        "whole year's).",
    ),
    "records.eval.summary": ("分省汇总", "By province"),
    "records.eval.exits": ("退出名单", "Exit list"),
    "records.eval.rubric": ("评估细则", "Rubric"),
    "records.eval.about": ("说明", "About"),
    "records.eval.rubric_version": (
        "细则：{name}（第{version}版）",
        "Rubric: {name} (version {version})",
    ),
    "records.eval.rubric_default": (
        "细则：{name}（默认，未保存）",
        "Rubric: {name} (default, not saved)",
    ),
    "records.eval.rubric_unsaved": (
        "细则：{name}（已修改或来自文件，未保存）",
        "Rubric: {name} (changed or from a file, not saved)",
    ),
    "records.eval.edit": ("编辑细则（中央）", "Edit the rubric (centre)"),
    "records.eval.save": ("保存为新版本", "Save as a new version"),
    "records.eval.saved": ("已保存细则第{version}版。", "Saved rubric version {version}."),
    "records.eval.download": ("下载评估表（XLSX）", "Download the evaluation (XLSX)"),
    "records.eval.download_pptx": ("下载评估（PPTX）", "Download the evaluation (PPTX)"),
    "records.eval.deck_title": ("{unit}社区青春行动年度评估", "{unit}: evaluation of the year"),
    "records.eval.progress_title": ("{unit}社区青春行动进度检查", "{unit}: progress check"),
    "records.eval.asof_annual": ("截至 {asof} 的年度评估", "Evaluation of the year as of {asof}"),
    "records.eval.asof_progress": (
        "截至 {asof} 的进度检查，非年度评估",
        "Progress check as of {asof}, not the year's evaluation",
    ),
    "records.eval.year_of_work": ("实施期：{start} 至 {end}", "Year of work: {start} to {end}"),
    "records.eval.year_unknown": (
        "实施期：方案时间表中未设",
        "Year of work: not in the plan's timeline",
    ),
    "records.eval.provisional": (
        "退出建议为临时结论：实施期到 {end} 才结束，细则的指标按全年计，年度评估前不作退出依据。",
        "The exit recommendations are provisional: the year of work runs to {end} and the "
        "rubric's targets are a whole year's; no community exits on them before the year's "
        "evaluation.",
    ),
    "records.eval.exits_provisional": ("退出名单（临时）", "Exit list (provisional)"),
    "records.eval.exits_provisional_slide": (
        "退出名单（临时，年度评估前不作定论）",
        "Exit list: provisional until the year's evaluation",
    ),
    "records.eval.map": ("地图：评估建议", "Map: the recommendations"),
    "records.eval.col.weight": ("权重", "Weight"),
    "records.eval.col.target": ("满分值", "Full-points value"),
    "records.eval.col.threshold": ("预警线", "Threshold"),
    "records.eval.col.measure": ("指标", "Indicator"),
    "records.eval.col.area": ("领域", "Area"),
    "records.eval.continue_at": ("继续实施线（总分≥）", "Continue at (total ≥)"),
    "records.eval.exit_below": ("退出线（总分<）", "Exit below (total <)"),
    "records.next.title": ("下一周期", "Next cycle"),
    "records.next.carried": ("延续社区", "Carried over"),
    "records.next.freed": ("腾出名额", "Places freed"),
    "records.next.name": ("新方案名称", "New plan name"),
    "records.next.record": (
        "按评估结果更新本方案的社区状态（继续实施 {continued} 个，退出 {exited} 个）",
        "Record the outcome in this plan's statuses ({continued} continued, {exited} exited)",
    ),
    "records.next.outcomes_changed": (
        "评估结果对应的状态更新在你打开后已有变更（可能已由他人记录），现待更新：继续实施 {continued} 个，"
        "退出 {exited} 个。按钮仍按你打开时的结果，据此更新会被拒绝；点“刷新”查看当前结果。",
        "The status changes recording the outcome have changed since you opened the page "
        "(someone may have recorded them); left to record now: {continued} continued, "
        "{exited} exited. The button still follows them as you opened the page, and recording "
        "them will be refused; click Refresh to see them as they are now.",
    ),
    "records.next.recorded": (
        "已按评估结果更新社区状态：继续实施 {continued} 个，退出 {exited} 个。",
        "Statuses updated from the evaluation: {continued} continued, {exited} exited.",
    ),
    "records.next.unevaluated": (
        "{n} 个延续社区尚无专家评估，状态仍为“已启动”（评估后才能改为“继续实施”）。",
        "Carried-over communities with no experts' evaluation yet, left “Launched” (a "
        "community is continued once evaluated): {n}.",
    ),
    "records.next.default_name": ("{plan} · 下一周期", "{plan} · next cycle"),
    "records.next.start_carried": (
        "生成下一周期方案（延续社区；空出的名额由各省补选）",
        "Start the next plan (carried-over communities; provinces refill the freed places)",
    ),
    "records.next.started_carried": (
        "已生成新方案“{plan}”：延续 {carried} 个，带入其青年之家状态 {homes} 条、共建协议 {agreements} 份；"
        "各省在“名额与遴选”页载入该方案，按原名额与约束补选。",
        "Saved the new plan “{plan}” with {carried} carried over, bringing their Youth Home "
        "states ({homes}) and co-building agreements ({agreements}); provinces load it on the "
        "quotas and selection page and refill under the same quotas and constraints.",
    ),
    "records.next.started_unpaired": (
        "其中 {n} 个延续社区没有高校共建协议：请在“高校结对”页为其结对，并录入协议。",
        "{n} of the carried-over communities have no campus agreement: pair them on the "
        "Pairing page and record the agreements.",
    ),
    "records.next.exists": (
        "下一周期方案“{plan}”已生成：各省在“名额与遴选”页载入该方案，按原名额与约束补选，"
        "然后在“备案与评估”页推荐并提交备案。",
        "The next plan “{plan}” exists: provinces load it on the quotas and selection page, "
        "refill under the same quotas and constraints, then recommend and file on the filing "
        "page.",
    ),
    "records.next.to_selection": (
        "去“名额与遴选”页补选",
        "Refill on the quotas and selection page",
    ),
    "next.title": ("下一周期补选", "Next cycle: refill the freed places"),
    "next.help": (
        "载入评估后生成的下一周期方案：名额按原方案，延续社区锁定，退出社区排除；"
        "约束、评分与遴选方法与第一次遴选相同。选定后把补选社区写入下一周期方案，再到"
        "“备案与评估”页推荐并提交备案。",
        "Load the next plan started after the evaluation: quotas as in the previous plan, "
        "carried-over communities locked, exited ones excluded; the constraints, scores and "
        "picker are those of the first pick. Then write the replacements into the next plan "
        "and recommend and file them on the filing page.",
    ),
    "next.plan": ("下一周期方案", "Next plan"),
    "next.load": ("载入到本页遴选", "Load into this pick"),
    "next.unload": ("退出下一周期补选", "Leave the refill"),
    "next.loaded": (
        "正在为“{plan}”补选：名额、锁定与排除已按该方案设置。",
        "Refilling “{plan}”: quotas, locks and exclusions are set from it.",
    ),
    "next.reason.carried": ("上一周期评估：延续", "Previous cycle's evaluation: carried over"),
    "next.reason.exited": ("上一周期评估：退出", "Previous cycle's evaluation: exited"),
    "next.reason.exited_before": (
        "更早周期已退出",
        "Exited in an earlier cycle",
    ),
    "next.reason.written": (
        "已补选写入下一周期方案",
        "Already written to the next plan as a replacement",
    ),
    "next.write_title": ("写入下一周期方案", "Write into the next plan"),
    "next.col.unit": ("省份", "Province"),
    "next.col.free": ("空余名额", "Places free"),
    "next.col.picked": ("本次补选", "Picked now"),
    "next.not_writer": (
        "只有省级和中央账号可以写入补选社区。",
        "Only province and central accounts write replacements.",
    ),
    "next.nothing": (
        "没有需要写入的补选社区：名额已满。",
        "Nothing to write: the places are filled.",
    ),
    "next.write": (
        "将 {n} 个补选社区写入下一周期方案",
        "Write {n} replacements into the next plan",
    ),
    "next.written": (
        "已写入 {n} 个补选社区；请在“备案与评估”页推荐并提交备案。",
        "Wrote {n} replacements; recommend and file them on the filing page.",
    ),
    "records.next.not_over": (
        "实施期到 {end} 才结束：以下延续社区和腾出名额只依据截至 {asof} 的记录，是进度检查。"
        "下一周期在实施期结束、年度评估之后启动。",
        "The year of work runs to {end}: the communities carried over and the places freed "
        "below read the records up to {asof} and are a progress check. The next cycle starts "
        "once the year is over and evaluated.",
    ),
    "records.next.wait_outcome": (
        "实施期到 {end} 结束：把“统计截至”设为 {start} 或以后，按全年记录评估后才能更新社区状态。",
        "The year of work runs to {end}: set “As of” to {start} or later, so that the "
        "evaluation reads the whole year, before the statuses are updated from it.",
    ),
    "records.next.wait": (
        "实施期到 {end} 结束：把“统计截至”设为 {start} 或以后，按全年记录评估后才能启动下一周期。",
        "The year of work runs to {end}: set “As of” to {start} or later, so that the "
        "evaluation reads the whole year, before the next cycle starts.",
    ),
    "records.next.national_only": (
        "下一周期按全国方案生成：请在侧栏把范围设为全国或区域。",
        "The next cycle is planned for the whole plan: set the sidebar scope to national or a region.",
    ),
    "records.next.central_only": (
        "只有中央账号可以启动下一周期。",
        "Only the centre starts the next cycle.",
    ),
    "records.evidence.title": ("本年度实施证据", "Evidence from the year"),
    "records.evidence.none": (
        "该社区还没有年度记录（活动、人员、协议、青年之家）。",
        "This community has no records of the year yet (activities, people, agreements, "
        "Youth Home).",
    ),
    "records.evidence.simulated": (
        "以下记录为模拟数据（演示用），不是真实工作记录。",
        "These records are simulated (for the demo), not real work records.",
    ),
    "records.evidence.asof": (
        "截至 {day} 的记录；细则：{rubric}",
        "Records up to {day}; rubric: {rubric}",
    ),
    "records.evidence.not_over": (
        "实施期到 {end} 才结束：证据只计到 {asof}，细则按全年指标给出的建议分和建议偏低，"
        "是进度检查；年度评估请在实施期结束时录入。",
        "The year of work runs to {end}: the evidence counts up to {asof}, and the rubric's "
        "points and recommendation, set for a whole year, read low. This is a progress "
        "check; enter the year's evaluation when the year of work ends.",
    ),
    "records.evidence.use": ("采用细则建议分", "Use the rubric's points"),
    "records.evidence.suggested": ("细则建议：{points} 分", "Rubric: {points} points"),
    "records.evidence.group": ("类别", "Group"),
    "records.evidence.item": ("指标", "Indicator"),
    "records.evidence.value": ("数值", "Value"),
    "records.evidence.group.projects": ("项目", "Projects"),
    "records.evidence.group.people": ("人员", "People"),
    "records.evidence.group.resources": ("资源", "Resources"),
    "records.evidence.group.venue": ("阵地", "Venue"),
    "records.evidence.group.rubric": ("细则评分", "Rubric"),
    "records.evidence.activities_in": ("{area}：活动次数", "{area}: activities"),
    "records.evidence.months_in": ("{area}：有活动的月份", "{area}: months with activity"),
    "records.evidence.activities": ("活动总次数", "Activities in all"),
    "records.evidence.last_activity": ("最近一次活动", "Last activity"),
    "records.evidence.participants": ("参与人次", "Participants"),
    "records.evidence.volunteer_hours": ("志愿服务时长（小时）", "Volunteer hours"),
    "records.evidence.children": ("受益儿童（人次）", "Children served"),
    "records.evidence.elderly": ("受益老人（人次）", "Elderly served"),
    "records.evidence.vulnerable_youth": ("受益弱势青少年（人次）", "Vulnerable youth served"),
    "records.evidence.month": ("人员数据月份", "Month of the people figures"),
    "records.evidence.cadres": ("社区团干部", "League cadres"),
    "records.evidence.social_workers": ("青年社工", "Youth social workers"),
    "records.evidence.youth_orgs": ("团属青年社会组织", "League youth organisations"),
    "records.evidence.members_registered": ("报到团员", "League members registered"),
    "records.evidence.campus_partner": ("结对高校团支部", "Paired campus branch"),
    "records.evidence.campus_since": ("结对协议开始日期", "Campus agreement since"),
    "records.evidence.campus_visits": ("结对高校到访次数", "Visits by the paired campus"),
    "records.evidence.resident_agreements": (
        "驻区单位共建协议（份）",
        "Co-building agreements with resident units",
    ),
    "records.evidence.home_state": ("青年之家状态", "Youth Home state"),
    "records.evidence.home_area_m2": ("青年之家面积（平方米）", "Youth Home floor area (m²)"),
    "records.evidence.home_opening_hours": ("开放时间", "Opening hours"),
    "records.evidence.home_since": ("投入使用日期", "In use since"),
    "records.evidence.rubric_total": ("细则总分（0–100）", "Rubric total (0–100)"),
    "records.evidence.recommendation": ("细则建议", "Rubric's recommendation"),
}
