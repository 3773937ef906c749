"""Strings of the management (filing and evaluation) and login pages."""

STRINGS: dict[str, tuple[str, str]] = {
    # statuses and filing states
    "mgmt.status.candidate": ("候选", "Candidate"),
    "mgmt.show_scope": (
        "显示范围内全部 {n:,} 个社区（本县（区）{own:,} 个；其他区县的只读）",
        "Show all {n:,} communities in scope (your county's {own:,}; the others read only)",
    ),
    "mgmt.status.recommended": ("省级推荐", "Recommended"),
    "mgmt.status.filed": ("已备案", "Filed"),
    "mgmt.status.launched": ("已启动", "Launched"),
    "mgmt.status.evaluated": ("已评估", "Evaluated"),
    "mgmt.status.continued": ("继续实施", "Continued"),
    "mgmt.status.exited": ("已退出", "Exited"),
    "todo.title": ("待办", "To do"),
    "todo.none": ("暂无待办事项。", "Nothing is waiting for you."),
    "todo.to_review": (
        "方案“{plan}”：{n} 个省份的备案待您审核（{units}）。",
        "“{plan}”: filings waiting for your review: {n} ({units}).",
    ),
    "todo.overdue": (
        "方案“{plan}”：备案截止日 {due} 已过，{n} 个省份尚未提交备案（{units}）。",
        "“{plan}”: the filing was due by {due}; units not submitted yet: {n} ({units}).",
    ),
    "todo.late": (
        "方案“{plan}”：备案截止日 {due} 已过，{unit}尚未提交备案，请尽快推荐并提交。",
        "“{plan}”: the filing was due by {due} and {unit} has not submitted it; recommend "
        "and submit it soon.",
    ),
    "todo.returned": (
        "方案“{plan}”：团中央退回了您的备案（推荐 {n} 个社区），请修改后重新提交。退回原因：{reason}",
        "“{plan}”: the centre returned your filing ({n} communities recommended); change it "
        "and submit it again. Returned because: {reason}",
    ),
    "todo.to_submit": (
        "方案“{plan}”：已推荐 {n} 个社区，备案尚未提交。",
        "“{plan}”: {n} communities recommended; the filing is not submitted yet.",
    ),
    "todo.to_recommend": (
        "方案“{plan}”：{unit}的 {n} 个社区仍为候选，尚未推荐。",
        "“{plan}”: communities of {unit} still candidates, not recommended yet: {n}.",
    ),
    "todo.to_refill": (
        "下一周期方案“{plan}”：{unit}有 {n} 个名额待补选（按原名额与约束），补选后推荐并提交备案。",
        "Next-cycle plan “{plan}”: places of {unit} to refill under the first pick's quotas "
        "and rules before recommending and filing: {n}.",
    ),
    "todo.go.refill": (
        "去“名额与遴选”页的“下一周期补选”办理",
        "Open the Quotas & selection page at its “Next cycle: refill the freed places” panel",
    ),
    "todo.waiting": (
        "方案“{plan}”：备案已提交（推荐 {n} 个社区），待团中央审核。",
        "“{plan}”: your filing is submitted ({n} communities recommended) and waits for the "
        "centre.",
    ),
    "todo.to_launch": (
        "方案“{plan}”：本县（区）{n} 个社区已备案，待启动。",
        "“{plan}”: communities of your county filed and waiting to be launched: {n}.",
    ),
    "todo.more": ("等", "and more"),
    "todo.go.filing": (
        "去“备案与评估”页的“备案”栏办理",
        "Open the Filing & evaluation page at its Filing tab",
    ),
    "todo.to_record": (
        "方案“{plan}”：本县（区）{n} 个已启动社区 {days} 天以上没有活动记录，请及时录入。",
        "“{plan}”: launched communities of your county with no activity recorded for {days} "
        "days or more: {n}; enter their records.",
    ),
    "todo.to_pair": (
        "方案“{plan}”：本县（区）{n} 个已启动社区 {days} 天以上没有高校共建协议记录，请录入结对协议。",
        "“{plan}”: launched communities of your county with no campus agreement recorded for "
        "{days} days or more: {n}; enter their agreements.",
    ),
    "todo.unlaunched": (
        "方案“{plan}”：{unit}有 {n} 个已备案社区尚未由所在区县启动。",
        "“{plan}”: filed communities of {unit} not launched by their counties yet: {n}.",
    ),
    "todo.go.warnings": (
        "去“年度进展”页的“预警”栏查看",
        "Open the Progress page at its Warnings tab",
    ),
    "todo.to_evaluate": (
        "方案“{plan}”：实施期已结束，{n} 个已启动社区待录入年度评估。",
        "“{plan}”: the year of work is over; launched communities waiting for the year's "
        "evaluation: {n}.",
    ),
    "todo.to_next_cycle": (
        "方案“{plan}”：年度评估已完成（{n} 个社区），可按评估结果更新社区状态并生成下一周期方案。",
        "“{plan}”: the year's evaluation is done ({n} communities); record its outcome and "
        "start the next cycle.",
    ),
    "todo.go.next": (
        "去“年度进展”页的“下一周期”栏办理",
        "Open the Progress page at its Next cycle tab",
    ),
    "todo.go.evaluation": (
        "去“备案与评估”页的“评估录入”栏办理",
        "Open the Filing & evaluation page at its Evaluation tab",
    ),
    "todo.go.enter": (
        "去“年度进展”页的“录入与导入”栏办理",
        "Open the Progress page at its Enter and import tab",
    ),
    "todo.go.status": (
        "去“备案与评估”页的“状态更新”栏办理",
        "Open the Filing & evaluation page at its Status updates tab",
    ),
    "mgmt.filing.open": ("未提交", "Not submitted"),
    "mgmt.filing.submitted": ("待中央审核", "Waiting for the centre"),
    "mgmt.filing.accepted": ("已备案", "Accepted"),
    "mgmt.filing.returned": ("已退回", "Returned"),
    "mgmt.phase.file": ("部署与备案", "Deploy and file"),
    "mgmt.phase.implement": ("组织实施", "Implement"),
    "mgmt.phase.evaluate": ("评估", "Evaluate"),
    "mgmt.action.add": ("加入方案", "Added to the plan"),
    "mgmt.action.create": ("创建", "Created"),
    "mgmt.action.status": ("状态变更", "Status change"),
    "mgmt.action.note": ("修改备注", "Note edited"),
    "mgmt.action.evaluate": ("录入评估", "Evaluation entered"),
    "mgmt.action.timeline": ("修改时间安排", "Timeline changed"),
    "mgmt.action.password": ("修改密码", "Password changed"),
    "mgmt.action.filing_submit": ("提交备案", "Filing submitted"),
    "mgmt.action.filing_accept": ("备案通过", "Filing accepted"),
    "mgmt.action.filing_return": ("备案退回", "Filing returned"),
    "mgmt.action.remove": ("移出方案", "Removed from the plan"),
    "mgmt.action.update": ("随方案部分更新", "Updated by a new save of the part"),
    "mgmt.action.record_add": ("添加工作记录", "Work records added"),
    "mgmt.action.record_update": ("更正工作记录", "Work record corrected"),
    "mgmt.col.record_kind": ("记录类型", "Record type"),
    "mgmt.col.added": ("新增条数", "Records added"),
    "mgmt.history.cycles": (
        "本社区已参加 {n} 个周期（含本方案）：各周期的状态与专家总分如下；其下为本方案中的变更记录。",
        "This community has been in {n} cycles (this plan's included): where each left it and "
        "the experts' total below; this plan's history follows.",
    ),
    "mgmt.col.plan": ("方案", "Plan"),
    "mgmt.col.expert_total": ("专家总分", "Experts' total"),
    "mgmt.history.assign": ("{column}：{value}", "{column}: {value}"),
    "mgmt.history.change": ("{column}：{before} → {after}", "{column}: {before} → {after}"),
    "mgmt.reason.simulated_records": ("模拟数据（演示用）", "Simulated data (for the demo)"),
    "mgmt.previous_cycle_new": (
        "上一周期：本社区为本周期新入选（补选），没有上一周期的评估",
        "Previous cycle: none, the community is new this cycle (a refill)",
    ),
    "mgmt.previous_cycle": (
        "上一周期：专家总分 {total}，结果：{outcome}",
        "Previous cycle: experts' total {total}, outcome: {outcome}",
    ),
    "mgmt.reason.keep_continue": ("年度评估：继续实施", "Year's evaluation: continue"),
    "mgmt.reason.keep_improve": (
        "年度评估：继续实施，整改提升",
        "Year's evaluation: continue and improve",
    ),
    "mgmt.reason.exit_rubric": (
        "年度评估：细则总分低于退出线",
        "Year's evaluation: rubric total below the exit line",
    ),
    "mgmt.reason.exit_experts": (
        "年度评估：专家总分低于退出线",
        "Year's evaluation: experts' total below the exit line",
    ),
    "mgmt.reason.exit_not_launched": (
        "年度评估：实施期内区县未启动",
        "Year's evaluation: not launched by its county during the year",
    ),
    "mgmt.reason.carried": (
        "上一周期延续",
        "Carried over from the previous cycle",
    ),
    "mgmt.reason.refill": (
        "下一周期补选（按原名额与约束）",
        "Next-cycle refill (under the first pick's quotas and rules)",
    ),
    "mgmt.reason.carried_records": (
        "上一周期延续（青年之家状态、共建协议随社区带入）",
        "Carried over from the previous cycle (Youth Home state, co-building agreements)",
    ),
    "mgmt.reason.simulated_launch": ("模拟：青年之家投入使用", "Simulated: Youth Home in use"),
    "mgmt.role.central": ("团中央", "Central committee"),
    "mgmt.role.province": ("省级团委", "Provincial committee"),
    "mgmt.role.xpcc": ("兵团团委", "XPCC committee"),
    "mgmt.role.county": ("县级团委", "County committee"),
    "mgmt.role.viewer": ("只读", "Viewer"),
    # column headers
    "mgmt.col.unit": ("省份/兵团代码", "Unit"),
    "mgmt.col.quota_unit": ("省份/兵团代码", "Unit"),
    "mgmt.col.unit_name": ("省份/兵团", "Province / XPCC"),
    "mgmt.col.name": ("名称", "Name"),
    "mgmt.col.region": ("区域", "Region"),
    "mgmt.col.community_id": ("社区编号", "Community ID"),
    "mgmt.col.county_code": ("区县代码", "County code"),
    "mgmt.col.county": ("区县代码", "County code"),
    "mgmt.col.city": ("城市代码", "City code"),
    "mgmt.col.score": ("综合得分", "Score"),
    "mgmt.col.rank": ("排名", "Rank"),
    "mgmt.col.status": ("状态", "Status"),
    "mgmt.col.filing_state": ("备案状态", "Filing"),
    "mgmt.col.state": ("备案状态", "Filing"),
    "mgmt.col.recommended": ("推荐数", "Recommended"),
    "mgmt.col.filed": ("备案数", "Filed"),
    "mgmt.col.submitted_by": ("提交人", "Submitted by"),
    "mgmt.col.submitted_at": ("提交时间", "Submitted at"),
    "mgmt.col.decided_by": ("审核人", "Decided by"),
    "mgmt.col.decided_at": ("审核时间", "Decided at"),
    "mgmt.col.reason": ("原因", "Reason"),
    "mgmt.col.origin": ("入选方式", "Entered as"),
    "mgmt.col.note": ("备注", "Note"),
    "mgmt.col.updated_by": ("修改人", "Changed by"),
    "mgmt.col.updated_at": ("修改时间", "Changed at"),
    "mgmt.col.version": ("版本", "Version"),
    "mgmt.col.total": ("总分", "Total"),
    "mgmt.col.count_total": ("合计", "All statuses"),
    "mgmt.col.evaluated": ("已评估数", "Evaluated"),
    "mgmt.col.continued": ("继续实施数", "Continued"),
    "mgmt.col.exited": ("退出数", "Exited"),
    "mgmt.col.after_school": ("四点半课堂", "After-school care"),
    "mgmt.col.elderly_digital": ("智慧助老", "Digital help for the elderly"),
    "mgmt.col.environment": ("美丽社区/垃圾分类", "Environment and waste sorting"),
    "mgmt.col.youth_care": ("弱势青少年帮扶", "Help for vulnerable youth"),
    # an evaluation summary's means over a unit's evaluated communities
    "mgmt.col.mean_after_school": ("四点半课堂（平均）", "After-school care (mean)"),
    "mgmt.col.mean_elderly_digital": ("智慧助老（平均）", "Digital help for the elderly (mean)"),
    "mgmt.col.mean_environment": (
        "美丽社区/垃圾分类（平均）",
        "Environment and waste sorting (mean)",
    ),
    "mgmt.col.mean_youth_care": ("弱势青少年帮扶（平均）", "Help for vulnerable youth (mean)"),
    "mgmt.col.mean_total": ("平均总分", "Mean total"),
    "mgmt.col.comments": ("评语", "Comments"),
    "mgmt.col.eval_date": ("评估日期", "Evaluation date"),
    "mgmt.col.expert": ("评估专家", "Expert"),
    "mgmt.col.entered_by": ("录入人", "Entered by"),
    "mgmt.col.entered_at": ("录入时间", "Entered at"),
    "mgmt.col.at": ("时间", "Time"),
    "mgmt.col.user_name": ("用户", "User"),
    "mgmt.col.action": ("操作", "Action"),
    "mgmt.col.changes": ("变更内容", "Changes"),
    "mgmt.col.key": ("阶段", "Phase"),
    "mgmt.col.start": ("开始", "Start"),
    "mgmt.col.end": ("结束", "End"),
    "mgmt.col.manual": ("人工调整", "Manual"),
    "mgmt.col.top_indicators": ("得分贡献最大的指标", "Top-contributing indicators"),
    # workbook sheets
    "mgmt.sheet.filing": ("全国备案表", "National filing table"),
    "mgmt.sheet.units": ("各省备案情况", "Filing by unit"),
    "mgmt.sheet.eval_summary": ("评估汇总", "Evaluation summary"),
    "mgmt.sheet.evaluations": ("评估明细", "Evaluations"),
    "mgmt.sheet.exits": ("退出名单", "Exit list"),
    # page
    "mgmt.title": ("备案与评估", "Filing & evaluation"),
    "mgmt.signed_in": ("当前用户：{user}（{role}）", "Signed in as {user} ({role})"),
    "mgmt.desktop_mode": (
        "单机模式：尚无任何账号，无需登录，以团中央权限操作。建立第一个账号（youthmap user add 名称 "
        "--role central）后即须登录。",
        "Single-user mode: no account exists yet, so there is no login and you act with central "
        "rights. As soon as an account exists (youthmap user add NAME --role central), login is on.",
    ),
    "mgmt.no_plans": (
        "尚无保存的方案。请在“名额与遴选”页保存遴选结果，或在上方上传入选名单。",
        "No plan saved yet. Save a selection on the Quotas & selection page, or upload a chosen list above.",
    ),
    "mgmt.no_plans_province": (
        "尚无保存的方案。请在“名额与遴选”页保存您的方案部分，或在上方保存本次会话的遴选结果、上传入选名单。",
        "No plan saved yet. Save your part on the Quotas & selection page, or above from this "
        "session's selection or an uploaded chosen list.",
    ),
    "mgmt.plan": ("方案", "Plan"),
    "mgmt.new_plan": ("新建方案", "New plan"),
    "mgmt.delete.title": ("删除此方案", "Delete this plan"),
    "mgmt.delete.help": (
        "只有尚未提交备案、没有工作记录和评估、不在周期链中的方案可以删除（例如保存方案部分时"
        "名称输错而新建的方案）。方案、其社区与备案状态一并删除，变更记录保留删除记录。",
        "Only a plan not yet filed, without records of work or evaluations and outside a "
        "chain of cycles can be deleted (a plan made by a mistyped name when a part was "
        "saved, say). The plan, its communities and its filing states go; the history keeps "
        "the deletion.",
    ),
    "mgmt.delete.confirm": (
        "再次输入方案名称“{plan}”以确认",
        "Type the plan's name “{plan}” to confirm",
    ),
    "mgmt.delete.button": ("删除方案", "Delete the plan"),
    "mgmt.delete.mismatch": (
        "输入的名称与方案名称不一致，未删除",
        "The name typed is not the plan's; nothing was deleted",
    ),
    "mgmt.delete.done": ("已删除方案“{plan}”。", "Deleted the plan “{plan}”."),
    "mgmt.new_plan_name": ("方案名称", "Plan name"),
    "mgmt.new_plan_file": (
        "入选名单（CSV/XLSX：备案表、youthmap select 输出的名单，或含列 id、name、"
        "county_code 的表，可选 score、rank）",
        "Chosen list (CSV/XLSX: a filing form (备案表), the list youthmap select writes, or "
        "one with id, name, county_code; optional score, rank)",
    ),
    "mgmt.new_plan_from_session": (
        "使用本次会话的遴选结果（{n} 个社区）",
        "Use this session's selection ({n} communities)",
    ),
    "mgmt.new_part_from_session": (
        "使用本次会话的遴选结果（{total} 个社区中{unit}的 {n} 个）",
        "Use this session's selection ({n} of its {total} communities are {unit}'s)",
    ),
    "mgmt.create": ("保存方案", "Save plan"),
    "mgmt.created": ("已保存方案 {name}。", "Saved plan {name}."),
    "mgmt.tab.board": ("状态看板", "Status board"),
    "mgmt.tab.timeline": ("时间安排", "Timeline"),
    "mgmt.tab.filing": ("备案", "Filing"),
    "mgmt.tab.status": ("状态更新", "Status updates"),
    "mgmt.tab.evaluation": ("评估录入", "Evaluation"),
    "mgmt.tab.exits": ("退出名单", "Exit list"),
    "mgmt.tab.history": ("变更记录", "History"),
    "mgmt.by": ("汇总方式", "Group by"),
    "mgmt.by.unit": ("按省份", "By province"),
    "mgmt.by.region": ("按区域", "By region"),
    "mgmt.by.city": ("按城市", "By city"),
    "mgmt.by.county": ("按区县", "By county"),
    "mgmt.today_phase": ("今天（{day}）所处阶段：{phases}", "Today ({day}): {phases}"),
    "mgmt.no_phase": ("不在任何阶段内", "outside every phase"),
    "mgmt.save_timeline": ("保存时间安排", "Save timeline"),
    "mgmt.timeline_saved": ("已保存时间安排。", "Timeline saved."),
    "mgmt.note_saved": ("已保存{name}（{id}）的备注。", "The note on {name} ({id}) is saved."),
    "mgmt.evaluation_saved": (
        "已保存{name}（{id}）的评估：总分 {total} 分，状态为{status}。",
        "The evaluation of {name} ({id}) is saved: {total} points; its status is {status}.",
    ),
    "mgmt.eval_next": ("下一个待评估：{name}。", "Next to evaluate: {name}."),
    "mgmt.unit": ("省份/兵团", "Province / XPCC"),
    "mgmt.submit": ("提交备案", "Submit for filing"),
    "mgmt.accept": ("同意备案", "Accept"),
    "mgmt.return": ("退回", "Return"),
    "mgmt.reason": ("原因", "Reason"),
    "mgmt.filing_changed": (
        "此备案在你打开本页后已有变更，现为：{state}；推荐 {recommended} 个，已备案 {filed} 个。"
        "本页仍按你打开时的状态显示；点“刷新”查看当前状态。",
        "This filing has changed since you opened the page; it is now: {state}; "
        "{recommended} recommended, {filed} filed. The page still shows it as you opened "
        "it; click Refresh to see it as it is now.",
    ),
    "mgmt.refresh": ("刷新", "Refresh"),
    "mgmt.picked_changed": (
        "选中的社区在你选入后已有变更：{changes}。可选的改动仍按你选入时的状态给出，"
        "据此提交会被拒绝；点“刷新”按当前状态选择。",
        "Picked communities have changed since you picked them: {changes}. The changes "
        "offered still follow their status as you picked them, and applying them will be "
        "refused; click Refresh to choose from their current status.",
    ),
    "mgmt.picked_changed_one": (
        "{name} 现为“{status}”（{who}）",
        "{name} is now “{status}” ({who})",
    ),
    "mgmt.evaluation_changed": (
        "此社区的专家评估在你打开后已由 {who} 录入或修改（总分 {total}），保存会被拒绝；"
        "点“刷新”后再保存，将以你填写的分数更正它。",
        "This community's expert evaluation was entered or corrected by {who} after you "
        "opened it (total {total}); saving will be refused. Click Refresh, then save to "
        "correct it with the scores you entered.",
    ),
    "mgmt.filing_state": (
        "备案状态：{state}；推荐 {recommended} 个，已备案 {filed} 个。",
        "Filing: {state}; {recommended} recommended, {filed} filed.",
    ),
    "mgmt.filing_done.submit": (
        "已提交{unit}的备案（推荐 {recommended} 个社区），待团中央审核。",
        "{unit}'s filing is submitted ({recommended} communities recommended) and waits for the centre.",
    ),
    "mgmt.filing_done.accept": (
        "已同意{unit}的备案：已备案 {filed} 个社区。",
        "{unit}'s filing is accepted: {filed} communities filed.",
    ),
    "mgmt.filing_done.return": (
        "已退回{unit}的备案，{unit}可修改后重新提交。",
        "{unit}'s filing is returned; {unit} may change it and submit again.",
    ),
    "mgmt.return_reason": ("退回原因：{reason}", "Returned because: {reason}"),
    "mgmt.communities": ("社区", "Communities"),
    "mgmt.pick_by_status": ("按状态选取社区", "Pick communities by status"),
    "mgmt.pick_status_option": ("{status}（{n:,} 个）", "{status} ({n:,})"),
    "mgmt.pick_all": ("全部选入", "Pick them all"),
    "mgmt.target": ("新状态", "New status"),
    "mgmt.apply": ("应用", "Apply"),
    "mgmt.changed": ("已将 {n} 个社区改为“{status}”。", "{n} communities moved to “{status}”."),
    "mgmt.note": ("备注", "Note"),
    "mgmt.save_note": ("保存备注", "Save note"),
    "mgmt.next.final": (
        "“{status}”是最终状态：之后不能再变更为任何状态。",
        "{status} is final: no status change follows it.",
    ),
    "mgmt.next.after": ("“{status}”之后：{steps}。", "After {status}: {steps}."),
    "mgmt.next.mine": ("您可以改为 {targets}", "you may change it to {targets}"),
    "mgmt.next.others": (
        "改为“{target}”只能由{roles}操作",
        "only the {roles} may change it to {target}",
    ),
    "mgmt.next.via_filing": (
        "“{target}”只能由团中央审核通过备案产生",
        "{target} comes only from the centre accepting the filing",
    ),
    "mgmt.next.via_evaluation": (
        "“{target}”只能通过录入专家评估产生",
        "{target} comes only from entering the expert evaluation",
    ),
    "mgmt.next.mixed": (
        "所选社区的状态不同，没有共同的下一步；请按状态分开选择：",
        "The picked communities are in different statuses with no common next step; "
        "pick them by status:",
    ),
    "mgmt.community": ("社区", "Community"),
    "mgmt.current_status": ("当前状态：{status}", "Current status: {status}"),
    "mgmt.eval_date": ("评估日期", "Evaluation date"),
    "mgmt.expert": ("评估专家", "Expert"),
    "mgmt.comments": ("评语", "Comments"),
    "mgmt.total_auto": ("总分（留空则为四项之和）", "Total (blank: sum of the four areas)"),
    "mgmt.save_evaluation": ("保存评估", "Save evaluation"),
    "mgmt.no_launched": (
        "没有待评估（已启动）的社区。",
        "No launched community waiting for evaluation.",
    ),
    "mgmt.no_exits": ("暂无退出社区。", "No community has exited."),
    "mgmt.filings_title": ("备案记录", "Filings"),
    "mgmt.filings_caption": (
        "每个有备案记录的省（含兵团）一行：备案状态、原因、版本，以及省级推荐和已备案的社区数；"
        "下载即为全国备案表。",
        "One line per province (or the XPCC) with a filing: its state, reason and version, and "
        "its recommended and filed communities; the download is the national filing table.",
    ),
    "mgmt.download_filing": (
        "下载全国备案表（Excel）",
        "Download the national filing table (Excel)",
    ),
    "mgmt.file.filing": ("全国备案表-{plan}", "national filing table {plan}"),
    "mgmt.file.evaluation": ("评估汇总-{plan}", "evaluation summary {plan}"),
    "mgmt.download_evaluation": (
        "下载评估汇总（Excel）",
        "Download the evaluation summary (Excel)",
    ),
    "mgmt.denied": ("无权操作：{reason}", "Not allowed: {reason}"),
    "mgmt.denied.account": (
        "无权操作：未登录，或账号已停用。请重新登录。",
        "Not allowed: not signed in, or the account is deactivated. Sign in again.",
    ),
    "mgmt.denied.role": (
        "无权操作：{user}（{role}）的角色不能执行这项操作，只有{roles}可以。",
        "Not allowed: {user} ({role}) may not do this; only {roles} may.",
    ),
    "mgmt.denied.area": (
        "无权操作：{user}（{role}）只能修改{own}的记录，这条记录属于{area}。",
        "Not allowed: {user} ({role}) may change records of {own} only; this one belongs "
        "to {area}.",
    ),
    "mgmt.stale_self": (
        "未保存：这条记录在本页读取后已由您本人（在另一个窗口或标签页）修改：{reason}",
        "Nothing saved: you changed this record yourself (in another window or tab) since "
        "this page read it: {reason}",
    ),
    "mgmt.stale": (
        "数据已被他人修改，未保存：{reason}",
        "Changed by someone else, nothing saved: {reason}",
    ),
    "mgmt.denied_role": (
        "{user}（{role}）不能修改这条记录或执行这项操作",
        "{user} ({role}) may not change this record or do this",
    ),
    "mgmt.stale_detail": (
        "{key} 在你打开后已被 {who} 修改（版本 {v1} → {v2}）：{what}。请刷新后重试",
        "{key} was changed by {who} since you opened it (version {v1} → {v2}): {what}. "
        "Reload and try again",
    ),
    "mgmt.stale_gone": ("{key} 已不存在", "{key} no longer exists"),
    "mgmt.stale_clash": (
        "他人同时修改了同一记录，请刷新后重试",
        "Someone changed the same records at the same moment; reload and try again",
    ),
    "mgmt.someone": ("他人", "another user"),
    # bulk import of expert scores (geo.export.score_sheet, ui.scores_import)
    "mgmt.scores.title": ("批量导入专家评分（Excel）", "Import expert scores in bulk (Excel)"),
    "mgmt.scores.template": ("下载评分模板（Excel）", "Download the score template (Excel)"),
    "mgmt.scores.upload": ("上传填好的评分表（.xlsx）", "Upload the filled score sheet (.xlsx)"),
    "mgmt.scores.import": ("导入评分", "Import scores"),
    "mgmt.scores.imported": (
        "已导入专家评分（文件 {file}）：新增 {added} 条，更正 {updated} 条，未变 {unchanged} 条。",
        "Expert evaluations imported (file {file}): {added} added, {updated} corrected, "
        "{unchanged} unchanged.",
    ),
    "mgmt.scores.refused": (
        "评分表有 {n} 处问题，未导入任何评分。请按下表修改后重新上传：",
        "The score sheet has {n} problems; nothing was imported. Fix them as listed and "
        "upload again:",
    ),
    "mgmt.scores.col.name": ("社区名称", "Community name"),
    "mgmt.scores.col.row": ("Excel 行号", "Excel row"),
    "mgmt.scores.col.column": ("列", "Column"),
    "mgmt.scores.col.reason": ("问题", "Problem"),
    "mgmt.scores.sheet": ("专家评分", "Expert scores"),
    "mgmt.scores.template_file": ("{sheet}模板", "{sheet} template"),
    "mgmt.scores.help_sheet": ("填写说明", "How to fill in"),
    "mgmt.scores.help_column": ("列", "Column"),
    "mgmt.scores.help_how": ("填写要求", "What to enter"),
    "mgmt.scores.example_name": (
        "示例社区（导入时跳过此行）",
        "Example community (skipped on import)",
    ),
    "mgmt.scores.example_expert": ("王专家", "Expert Wang"),
    "mgmt.scores.example_comment": (
        "四点半课堂开展规律，建议继续实施",
        "After-school care runs regularly; continue",
    ),
    "mgmt.scores.help.community_id": (
        "社区编号，必填，须是本方案中的社区；编号为“{example}”的示例行导入时跳过",
        "Community ID, required, a community of this plan; the example row with the ID "
        "“{example}” is skipped",
    ),
    "mgmt.scores.help.name": ("社区名称，仅供核对，不导入", "Community name, for checking only"),
    "mgmt.scores.help.after_school": ("0–{area_max} 分，必填", "0–{area_max} points, required"),
    "mgmt.scores.help.elderly_digital": ("0–{area_max} 分，必填", "0–{area_max} points, required"),
    "mgmt.scores.help.environment": ("0–{area_max} 分，必填", "0–{area_max} points, required"),
    "mgmt.scores.help.youth_care": ("0–{area_max} 分，必填", "0–{area_max} points, required"),
    "mgmt.scores.help.total": (
        "0–{total_max} 分；留空则为四项之和",
        "0–{total_max} points; blank: the sum of the four areas",
    ),
    "mgmt.scores.help.eval_date": (
        "评估日期，必填，格式 2022-05-20",
        "Date, required, e.g. 2022-05-20",
    ),
    "mgmt.scores.help.expert": ("评估专家姓名，必填", "The expert's name, required"),
    "mgmt.scores.help.comments": ("评语，可空", "Comments, optional"),
    "mgmt.scores.problem.not_xlsx": (
        "评分表须为 .xlsx 文件（请使用下载的模板）",
        "The score sheet must be an .xlsx file (use the template)",
    ),
    "mgmt.scores.problem.missing_column": ("缺少此列", "This column is missing"),
    "mgmt.scores.problem.no_id": ("社区编号为空", "The community ID is empty"),
    "mgmt.scores.problem.duplicate": (
        "社区编号重复（第 {first} 行已有此社区）",
        "Duplicate community ID (already on row {first})",
    ),
    "mgmt.scores.problem.not_number": ("“{value}”不是数字", "“{value}” is not a number"),
    "mgmt.scores.problem.range": (
        "“{value}”超出 0–{max} 分",
        "“{value}” is outside 0–{max} points",
    ),
    "mgmt.scores.problem.not_date": (
        "“{value}”不是日期（如 2022-05-20）",
        "“{value}” is not a date (e.g. 2022-05-20)",
    ),
    "mgmt.scores.problem.no_expert": ("评估专家为空", "The expert is empty"),
    "mgmt.scores.problem.empty": (
        "评分表中没有填写任何评分",
        "The score sheet holds no score",
    ),
    "mgmt.scores.problem.not_in_plan": (
        "社区 {id} 不在本方案中",
        "Community {id} is not in this plan",
    ),
    "mgmt.scores.problem.not_launched": (
        "社区 {id} 当前状态为“{status}”，只有已启动（或已评估）的社区可以录入评估",
        "Community {id} is {status}; only a launched (or evaluated) community can be scored",
    ),
    "mgmt.problem.reason_required": ("必须填写原因", "A reason is required"),
    "mgmt.problem.part_locked": (
        "{unit}的方案部分已提交或已备案，不能再修改；待团中央退回后方可修改。",
        "{unit}'s part is submitted or accepted and cannot change until the centre returns it.",
    ),
    "mgmt.problem.empty": (
        "名单中没有可保存的社区（名单为空，或全部不在您的范围内）。",
        "The list has no community to save (it is empty, or none is in your area).",
    ),
    "mgmt.problem.illegal_transition": (
        "不能从“{source}”改为“{target}”：“{source}”之后只能改为 {allowed}",
        "{source} cannot change to {target}: after {source} only {allowed} may follow",
    ),
    "mgmt.problem.final_status": (
        "不能从“{source}”改为“{target}”：“{source}”是最终状态，之后不能再变更",
        "{source} cannot change to {target}: {source} is final",
    ),
    "mgmt.problem.needs_filing": (
        "“已备案”只能由中央审核通过备案产生",
        "Filed is set only by the centre accepting the filing",
    ),
    "mgmt.problem.needs_evaluation": (
        "“已评估”只能通过录入专家评估产生",
        "Evaluated is set only by entering the expert evaluation",
    ),
    "mgmt.problem.role_transition": (
        "无权操作：把“{source}”改为“{target}”只能由{roles}操作",
        "Not allowed: only {roles} may change {source} to {target}",
    ),
    "mgmt.problem.filing_pending": (
        "本单位的备案正待中央审核，推荐名单已冻结",
        "The filing waits for the centre; recommendations are frozen",
    ),
    "mgmt.problem.nothing_to_submit": (
        "没有省级推荐的社区可以提交",
        "No recommended community to submit",
    ),
    "mgmt.problem.illegal_filing": (
        "备案当前的状态下不能这样操作",
        "Not possible in the filing's current state",
    ),
    "mgmt.problem.range": ("{column}：超出允许范围", "{column}: out of range"),
    "mgmt.problem.not_number": ("{column}：不是数字", "{column}: not a number"),
    "mgmt.problem.not_date": (
        "{column}：不是日期（YYYY-MM-DD）",
        "{column}: not a date (YYYY-MM-DD)",
    ),
    "mgmt.problem.order": ("结束日期早于开始日期", "The end is before the start"),
    "mgmt.problem.missing": ("{column}：必须填写", "{column}: required"),
    "mgmt.problem.exists": ("{column}：已存在", "{column}: already exists"),
    "mgmt.problem.too_long": ("{column}：内容过长", "{column}: too long"),
    "mgmt.problem.nul": (
        "{column}：含有不可见的空字符（\\x00），请删除后再保存",
        "{column}: contains an invisible NUL character (\\x00); remove it and save again",
    ),
    "mgmt.store_error.disk_full": (
        "数据库所在磁盘已满，本次修改未保存。请联系管理员清理空间后重试。",
        "The database's disk is full: nothing was saved. Ask the administrator to free space, "
        "then try again.",
    ),
    "mgmt.store_error.read_only": (
        "数据库为只读，本次修改未保存。",
        "The database is read-only: nothing was saved.",
    ),
    "mgmt.store_error.db_error": (
        "数据库出错，本次修改未保存。请稍后重试，或联系管理员。",
        "The database failed: nothing was saved. Try again later, or ask the administrator.",
    ),
    "mgmt.read_only": ("只读账号：仅可查看。", "Viewer account: read only."),
    "mgmt.simulated": (
        "方案中的社区来自模拟数据时，仅用于演示。",
        "Communities from simulated data are for demonstration only.",
    ),
    # login
    "login.title": ("登录", "Log in"),
    "login.account_title": ("账号", "Account"),
    "login.name": ("用户名", "User name"),
    "login.password": ("密码", "Password"),
    "login.submit": ("登录", "Log in"),
    "login.failed": ("用户名或密码不正确。", "Wrong user name or password."),
    "login.welcome": ("欢迎，{user}。", "Welcome, {user}."),
    "login.logout": ("退出登录", "Log out"),
    "login.no_users": (
        "尚未创建任何账号。请在服务器上运行：youthmap user add 用户名 --role central",
        "No account exists yet. On the server, run: youthmap user add NAME --role central",
    ),
    "login.locked.account": (
        "该账号登录失败次数过多，已被锁定。请 {minutes} 分钟后再试，或请管理员核实。",
        "Too many failed logins for this account: it is locked. Try again in {minutes} "
        "minutes, or ask the administrator.",
    ),
    "login.locked.client": (
        "从此地址登录失败次数过多，已被锁定。请 {minutes} 分钟后再试。",
        "Too many failed logins from this address: it is locked. Try again in {minutes} minutes.",
    ),
    "login.throttled.account": (
        "该账号最近登录失败多次，请 {seconds} 秒后再试。",
        "Several failed logins for this account: wait {seconds} s before trying again.",
    ),
    "login.throttled.client": (
        "从此地址最近登录失败多次，请 {seconds} 秒后再试。",
        "Several failed logins from this address: wait {seconds} s before trying again.",
    ),
    "login.db_read_only": (
        "数据库所在文件夹（YOUTHMAP_HOME）为只读：可以查看，但无法保存任何修改。",
        "The database's folder (YOUTHMAP_HOME) is read-only: you can look, but no change can "
        "be saved.",
    ),
    "login.db_error": ("无法连接数据库：{reason}", "Cannot open the database: {reason}"),
    "login.db_down": (
        "暂时无法连接数据库（可能正在重启），本页无法显示。已保存的内容不受影响，请稍后刷新重试。",
        "The database cannot be reached right now (it may be restarting), so this page cannot "
        "be shown. Nothing saved is lost; reload the page in a moment.",
    ),
    "login.network_no_login": (
        "本应用可从网络访问，必须登录使用，但 YOUTHMAP_NO_LOGIN=1 关闭了登录。"
        "请取消该设置后重新启动，或只在本机（127.0.0.1）运行。",
        "This app is reachable from the network, where logging in is required, but "
        "YOUTHMAP_NO_LOGIN=1 turns logins off. Unset it and restart, or serve on this machine "
        "only (127.0.0.1).",
    ),
    "login.network_no_account": (
        "本应用可从网络访问，必须登录使用，但尚未创建任何账号。请在服务器上运行："
        "youthmap user add 用户名 --role central，或只在本机（127.0.0.1）运行。",
        "This app is reachable from the network, where logging in is required, but no account "
        "exists yet. On the server, run: youthmap user add NAME --role central, or serve on "
        "this machine only (127.0.0.1).",
    ),
    # a province's part of the national plan
    "parts.title": ("{unit}的方案部分", "{unit}'s part of the national plan"),
    "parts.plan_name": ("全国方案名称", "National plan"),
    "parts.save": ("保存为{unit}的方案部分", "Save as {unit}'s part"),
    "parts.new_plan": (
        "还没有名为“{plan}”的全国方案：保存时将新建它。请核对名称与团中央下发的方案一致。",
        "No national plan is named “{plan}” yet: saving makes it. Check that the name is the "
        "one the centre gave.",
    ),
    "parts.saved": (
        "已保存：{unit}在“{plan}”中的部分共 {n} 个社区（新增 {added}，移出 {removed}），状态为草稿，可在“备案与评估”页提交。",
        "Saved: {unit}'s part of “{plan}” has {n} communities ({added} added, {removed} removed), a draft; submit it on the Filing & evaluation page.",
    ),
    "parts.recommended": (
        "其中 {n:,} 个在团中央名单中为候选，现已改为省级推荐。",
        "{n:,} of them were candidates on the centre's list and are now recommended.",
    ),
    "parts.not_in_layer": (
        "注意：{n} 个社区不在任何社区图层中（{ids}），地图、结对和备案表中没有它们的位置；"
        "请核对编号，或先在“数据导入”页导入含这些社区的名单。",
        "Note: not found in any communities layer ({n}: {ids}); the maps, the pairing and "
        "the filing form cannot place a community without one: check the IDs, or import the "
        "list that holds them on the Data page first.",
    ),
    "parts.outside": (
        "名单中另有 {n} 个社区不在{unit}，未写入。",
        "{n} communities of the list are outside {unit} and were left out.",
    ),
    "parts.denied": ("您无权保存{unit}的方案部分。", "You may not save {unit}'s part."),
    "parts.problem.empty": (
        "名单中的 {n} 个社区都不在{unit}，未保存任何内容。",
        "None of the {n} communities of the list is in {unit}: nothing was saved.",
    ),
    "parts.problem.part_locked": (
        "{unit}的方案部分已提交或已备案，不能再修改；待团中央退回后方可修改。",
        "{unit}'s part is submitted or accepted and cannot change now; it can once the centre returns it.",
    ),
    "parts.download_form.xlsx": (
        "下载{unit}备案表（可签章，XLSX）",
        "Download {unit}'s filing form (XLSX, to sign)",
    ),
    "parts.download_form.pdf": (
        "下载{unit}备案表（打印签章，PDF）",
        "Download {unit}'s filing form (PDF, to print and sign)",
    ),
    "parts.states_title": (
        "各省（含兵团）方案部分与状态",
        "Each province's and the XPCC's part, and its state",
    ),
    "parts.state.not_started": ("未开始", "Not started"),
    "parts.state.draft": ("草稿", "Draft"),
    "parts.state.submitted": ("已提交", "Submitted"),
    "parts.state.accepted": ("已备案", "Accepted"),
    "parts.state.returned": ("已退回", "Returned"),
    "parts.col.unit": ("省份/兵团", "Province / XPCC"),
    "parts.col.state": ("方案状态", "Part's state"),
    "parts.col.reason": ("团中央意见", "Centre's reason"),
    "parts.col.communities": ("社区数", "Communities"),
    "parts.col.recommended": ("推荐数", "Recommended"),
    "parts.col.filed": ("备案数", "Filed"),
    "parts.col.submitted_by": ("提交人", "Submitted by"),
    "parts.col.submitted_at": ("提交时间", "Submitted"),
    "parts.col.decided_by": ("审核人", "Decided by"),
    "parts.col.decided_at": ("审核时间", "Decided"),
}
