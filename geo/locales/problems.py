"""Messages of problems raised by the accounts, the lifecycle, the store, presets, the
data build and the writers: each a message code the edges render in the reader's language
(:func:`geo.i18n.problem_text`). Values such as ids, codes, file names and numbers are
parameters; words are :class:`geo.core.errors.Term` parameters rendered from the catalogue."""

STRINGS: dict[str, tuple[str, str]] = {
    # where a problem is (geo.i18n.problem_where)
    "where.row": ("第 {row} 行", "row {row}"),
    "where.column": ("列“{column}”", "column {column}"),
    "where.option": ("选项 {column}", "option {column}"),
    # why the system refused a file operation (geo.core.errors.os_reason)
    "os.eacces": ("没有权限", "Permission denied"),
    "os.eperm": ("操作不被允许", "Operation not permitted"),
    "os.enoent": ("文件或文件夹不存在", "No such file or directory"),
    "os.enospc": ("磁盘已满", "No space left on device"),
    "os.edquot": ("超出磁盘配额", "Disk quota exceeded"),
    "os.erofs": ("文件系统只读", "Read-only file system"),
    "os.eisdir": ("这是一个文件夹", "Is a directory"),
    "os.enotdir": ("路径中有一部分不是文件夹", "Not a directory"),
    "os.eexist": ("文件已存在", "File exists"),
    # accounts (geo.plan.auth)
    "auth.problem.password_short": (
        "密码至少需要 {min} 个字符",
        "password must have at least {min} characters",
    ),
    "auth.problem.password_long": (
        "密码最多 {max} 个字符",
        "password must have at most {max} characters",
    ),
    "auth.problem.password_common": (
        "该密码属于最常见的密码（或同样容易猜到），请换一个",
        "password is one of the most common passwords (or as easy to guess): choose another",
    ),
    "auth.problem.name_chars": (
        "账户名须为 1–64 个字母、数字或 . - _ @",
        "name must be 1–64 letters, digits, . - _ @",
    ),
    "auth.problem.name_confusable": (
        "账户名含有形似其他字母的字符（{chars}）：请只用普通字母、数字或汉字",
        "name has characters that look like other letters ({chars}): "
        "use plain letters, digits or Chinese characters",
    ),
    "auth.problem.role": ("角色须为 {roles} 之一", "role must be one of {roles}"),
    "auth.problem.county_digits": (
        "县级代码 {county} 不是六位数字",
        "county code {county} is not six digits",
    ),
    "auth.problem.county_unknown": ("县级代码 {county} 不存在", "county {county} does not exist"),
    "auth.problem.county_needed": (
        "县级账户需要 --county（六位县级代码）",
        "a county account needs --county (six digits)",
    ),
    "auth.problem.province_unknown": ("未知省份 {province}", "unknown province {province}"),
    "auth.problem.province_needed": (
        "省级账户需要 --province（如 44）",
        "a province account needs --province (e.g. 44)",
    ),
    "auth.problem.county_outside": (
        "县 {county} 不属于省份 {province}",
        "county {county} is not in province {province}",
    ),
    "auth.where.network": ("网络", "a network"),
    "auth.where.any": ("所有网络接口", "every interface"),
    "auth.problem.network_no_login": (
        "在 {where} 上提供服务需要登录，但 {env} 关闭了登录：请取消该设置，或只在 127.0.0.1 上提供服务",
        "serving on {where} needs logins, but {env} turns them off: unset it, "
        "or serve on 127.0.0.1",
    ),
    # youthmap serve (geo.cli.serve.check_port)
    "serve.problem.port_range": (
        "端口须在 1 到 65535 之间",
        "the port must be between 1 and 65535",
    ),
    "serve.problem.port_in_use": (
        "端口 {port} 已被另一个程序占用：请停止它，或用 --port 换一个端口",
        "port {port} is in use by another program: stop it, or choose another with --port",
    ),
    "serve.problem.not_this_machine": (
        "{address} 不是本机的地址：请使用本机的地址，例如 127.0.0.1 或 0.0.0.0",
        "{address} is not an address of this machine: use one of its own, "
        "such as 127.0.0.1 or 0.0.0.0",
    ),
    "serve.problem.cannot_listen": (
        "无法在 {address} 的端口 {port} 上提供服务：{reason}",
        "cannot serve on {address} port {port}: {reason}",
    ),
    "auth.problem.network_no_account": (
        "在 {where} 上提供服务需要登录，但还没有任何账户：请先用 "
        "youthmap user add NAME --role central 建立一个（或只在 127.0.0.1 上提供服务）",
        "serving on {where} needs logins, and no account exists yet: make one with "
        "youthmap user add NAME --role central (or serve on 127.0.0.1)",
    ),
    # the lifecycle (geo.plan.lifecycle)
    "lifecycle.problem.unknown_status": ("未知状态 {status}", "unknown status {status}"),
    "lifecycle.problem.illegal_transition": (
        "不允许从“{source}”变为“{target}”",
        "illegal transition {source} → {target}",
    ),
    "lifecycle.problem.final_status": (
        "不允许从“{source}”变为“{target}”：“{source}”是最终状态",
        "illegal transition {source} → {target}: {source} is final",
    ),
    "lifecycle.problem.needs_filing": (
        "“{source}”→“{target}”只能由中央审核通过备案产生",
        "{source} → {target} is made only by the centre accepting the filing",
    ),
    "lifecycle.problem.needs_evaluation": (
        "“{source}”→“{target}”只能通过录入专家评估产生",
        "{source} → {target} is made only by entering the expert evaluation",
    ),
    "lifecycle.problem.needs_direct": (
        "“{source}”→“{target}”须直接修改状态",
        "{source} → {target} is made by changing the status directly",
    ),
    "lifecycle.problem.role_transition": (
        "{role}不能把“{source}”改为“{target}”",
        "role {role} may not change {source} → {target}",
    ),
    "lifecycle.problem.reason_required": (
        "“{source}”→“{target}”必须填写原因",
        "{source} → {target} requires a reason",
    ),
    "lifecycle.problem.unknown_move": ("未知的备案操作 {move}", "unknown filing action {move}"),
    "lifecycle.problem.cannot_submit": (
        "备案状态为“{state}”，不能提交",
        "the filing is “{state}”: it cannot be submitted now",
    ),
    "lifecycle.problem.cannot_accept": (
        "备案状态为“{state}”，不能审核通过",
        "the filing is “{state}”: it cannot be accepted now",
    ),
    "lifecycle.problem.cannot_return": (
        "备案状态为“{state}”，不能退回",
        "the filing is “{state}”: it cannot be returned now",
    ),
    "lifecycle.problem.nothing_recommended": (
        "本单位还没有推荐的社区，推荐后才能提交备案",
        "no community of this unit is recommended yet; recommend some before submitting",
    ),
    "lifecycle.problem.return_reason": (
        "退回备案必须填写原因",
        "returning a filing requires a reason",
    ),
    "lifecycle.problem.phase_key": ("阶段缺少标识（key）", "phase has no key"),
    "lifecycle.problem.not_date": (
        "{value} 不是日期（YYYY-MM-DD）",
        "{value} is not a date (YYYY-MM-DD)",
    ),
    "lifecycle.problem.order": ("结束日期早于开始日期", "end is before start"),
    # the data build (geo.dataset.build), presets, the writers, rubrics, record types
    "build.problem.raw_missing": ("找不到原始数据文件", "raw file not found"),
    "build.problem.census_lost": (
        "以下普查单元没有对应的现行县级单位：{units}",
        "census units with no current county: {units}",
    ),
    "presets.problem.name": ("预设需要一个名称", "a preset needs a name"),
    "presets.problem.unknown": ("没有名为“{name}”的预设", "no preset named “{name}”"),
    "presets.problem.unreadable": (
        "无法读取预设：{detail}",
        "cannot read preset: {detail}",
    ),
    "io.problem.output_type": (
        "不支持的输出类型 {ext}，请使用 {types} 之一",
        "unsupported output type {ext}; use one of {types}",
    ),
    "io.problem.cannot_write": ("无法写入 {path}：{reason}", "cannot write {path}: {reason}"),
    "evaluation.problem.toml": ("不是有效的 TOML 文件", "not valid TOML"),
    "evaluation.problem.toml_at": (
        "不是有效的 TOML 文件（第 {line} 行第 {col} 列）",
        "not valid TOML (line {line}, column {col})",
    ),
    "evaluation.problem.not_number": ("不是数字", "not a number"),
    "evaluation.problem.positive": ("须大于 0", "must be positive"),
    "evaluation.problem.non_negative": ("须大于或等于 0", "must be zero or more"),
    "evaluation.problem.no_indicator": (
        "评估标准至少需要一个 [[indicator]]",
        "a rubric needs at least one [[indicator]]",
    ),
    "evaluation.problem.not_table": ("不是一个表（[[indicator]]）", "not a table"),
    "evaluation.problem.choice": ("须为 {choices} 之一", "one of {choices}"),
    "evaluation.problem.order": (
        "须满足 0 ≤ exit_below ≤ continue_at ≤ 100",
        "needs 0 ≤ exit_below ≤ continue_at ≤ 100",
    ),
    "evaluation.problem.name": (
        "评估标准需要一个名称（最多 200 个字符）",
        "a rubric needs a name (at most 200 characters)",
    ),
    "records.problem.record_type": (
        "未知的记录类型 {kind}，须为 {kinds} 之一",
        "unknown record type {kind}: one of {kinds}",
    ),
    # the store (geo.store)
    "store.problem.folder_create": (
        "无法创建数据库文件夹 {folder}：{reason}",
        "cannot create the database folder {folder}: {reason}",
    ),
    "store.problem.schema_newer": (
        "数据库 {db} 的数据结构 {revision} 比本版 YouthMap（{head}）新，是较新版本的 YouthMap "
        "写入的：请使用那个版本，或恢复一个本版写出的备份（youthmap db restore）",
        "the database {db} is at schema {revision}, newer than this YouthMap's ({head}); a "
        "newer YouthMap wrote it: use that version, or restore a backup this one made "
        "(youthmap db restore)",
    ),
    "store.problem.folder_read_only": (
        "数据库文件夹 {folder} 只读且没有 {name}：请把 {env} 设为一个可写的文件夹",
        "the database folder {folder} is read-only and holds no {name}: "
        "set {env} to a writable folder",
    ),
    "store.problem.url": (
        "无法解析数据库地址：{detail}",
        "cannot parse database URL: {detail}",
    ),
    "store.problem.url_form": (
        "应为 postgresql://用户@主机:端口/数据库 或 sqlite:///文件 的形式",
        "expected the form postgresql://user@host:port/database or sqlite:///file",
    ),
    "store.problem.url_port": ("端口不是数字", "the port is not a number"),
    "store.problem.backend": (
        "不支持的数据库 {backend}：请使用 sqlite:/// 或 postgresql+psycopg://",
        "unsupported database {backend}: use sqlite:/// or postgresql+psycopg://",
    ),
    "store.problem.wal_read_only": (
        "数据库文件夹 {folder} 只读，而 {name}-wal 中还有尚未并入 {name} 的更改，在这里读不全："
        "请把 {name} 和 {name}-wal 复制到一个可写的文件夹，并把 {env} 设为它"
        "（youthmap db backup 可以直接备份它）",
        "the database folder {folder} is read-only and {name}-wal holds changes not yet "
        "in {name}, which cannot be read whole there: copy {name} and {name}-wal to a "
        "writable folder and set {env} to it (youthmap db backup can back it up as it is)",
    ),
    "store.problem.schema_read_only": (
        "数据库 {db} 只读，且其结构不是最新：请在可写的地方运行 youthmap db upgrade",
        "the database {db} is read-only and its schema is not the newest: "
        "run youthmap db upgrade where it can be written",
    ),
    "store.problem.unreachable": (
        "无法打开数据库 {db}：{reason}",
        "cannot open the database {db}: {reason}",
    ),
    "store.problem.nul": ("含有空字符（\\x00）", "contains a NUL character (\\x00)"),
    "store.problem.too_long": (
        "{n} 个字符，最多 {max} 个",
        "{n} characters, at most {max}",
    ),
    "store.problem.params_json": (
        "方案参数不是 JSON：{detail}",
        "plan parameters are not JSON: {detail}",
    ),
    "store.problem.column_missing": ("缺少必填列 {column}", "required column {column} missing"),
    "store.problem.empty_id": ("社区编号为空", "empty community id"),
    "store.problem.listed_twice": ("社区 {id} 出现了两次", "community {id} listed twice"),
    "store.problem.county_code": (
        "{county} 不是六位县级代码",
        "{county} is not a six-digit county code",
    ),
    "store.problem.outside_plan": (
        "社区 {id} 属于{unit}，不在本方案的{province}范围内",
        "community {id} files under {unit}, outside this plan's {province}",
    ),
    "store.problem.score_finite": (
        "得分 {value} 不是有限数",
        "score {value} is not a finite number",
    ),
    "store.problem.rank": (
        "排名 {value} 不是 0–{max} 之间的整数",
        "rank {value} is not a whole number 0–{max}",
    ),
    "store.problem.top_indicators": (
        "得分贡献最大的指标应为以逗号分隔的指标代码（如 youth,capital），共不超过 200 个字符",
        "the top-contributing indicators must be indicator codes joined by commas "
        "(such as youth,capital), 200 characters at most",
    ),
    "store.problem.chosen_empty": ("入选名单为空", "the chosen list is empty"),
    "store.problem.plan_name": ("方案需要一个名称", "a plan needs a name"),
    "store.problem.plan_exists": ("已有名为“{name}”的方案", "a plan named “{name}” exists"),
    "store.problem.next_exists": (
        "这一方案的下一周期方案“{plan}”已生成（可能是刚由他人生成），不再另行生成",
        "this plan's next plan “{plan}” exists already (perhaps just started by someone else); "
        "no second one is saved",
    ),
    "store.problem.addition_reason": (
        "手动添加社区必须填写原因",
        "a manual addition needs a reason",
    ),
    "store.problem.already_in_plan": (
        "社区 {id} 已在方案中",
        "community {id} is already in the plan",
    ),
    "store.problem.no_plan": ("没有编号为 {plan} 的方案", "no plan {plan}"),
    "store.problem.not_in_plan": (
        "社区 {id} 不在方案 {plan} 中",
        "community {id} is not in plan {plan}",
    ),
    "store.problem.no_unit": (
        "方案 {plan} 在{unit}没有社区",
        "plan {plan} has no communities in {unit}",
    ),
    "store.problem.score_number": ("得分 {value} 不是数字", "score {value} is not a number"),
    "store.problem.score_range": (
        "得分 {value} 超出 0–{max}",
        "score {value} outside 0–{max}",
    ),
    "store.problem.total_number": ("总分 {value} 不是数字", "total {value} is not a number"),
    "store.problem.total_range": ("总分 {value} 超出 0–{max}", "total {value} outside 0–{max}"),
    "store.problem.expert": ("评估需要填写专家姓名", "the evaluation needs the expert's name"),
    "store.problem.not_date": ("{value} 不是日期", "{value} is not a date"),
    "store.problem.places_full": (
        "{unit}的 {quota} 个名额已满（可能刚由他人补选），本次补选未写入",
        "the {quota} places of {unit} are full (perhaps just refilled by someone else); "
        "nothing was added",
    ),
    "store.problem.no_places": (
        "{unit}在这一下一周期方案中没有名额（上一周期未分到名额），不能加入社区",
        "{unit} has no places in this next plan (it had none in the cycle before): no "
        "community can be added",
    ),
    "store.problem.filing_pending": (
        "{unit}的备案正待中央审核，推荐名单已冻结",
        "the filing of {unit} is waiting for the centre; recommendations are frozen",
    ),
    "store.problem.nothing_to_submit": (
        "{unit}没有可提交的推荐社区",
        "{unit} has no recommended community to submit",
    ),
    "store.problem.not_evaluated": (
        "只有已评估社区的评估才能更正",
        "only an evaluated community's evaluation can be corrected",
    ),
    "store.problem.user_exists": ("账户“{name}”已存在", "user “{name}” already exists"),
    "store.problem.no_user": ("没有名为“{name}”的账户", "no user named “{name}”"),
    "store.problem.no_county_column": ("名单中没有 county_code 列", "the list has no county_code"),
    "store.problem.area_none_inside": (
        "{n} 行都不在 {area} 内：未保存任何内容",
        "none of the {n} rows is in {area}: nothing saved",
    ),
    "store.problem.area_ids_taken": (
        "有 {n} 个社区编号已用于地区 {areas} 的自有名单（{ids}）：一个编号只能对应一个社区，"
        "未保存任何内容；请使用全国唯一的编号（如加上区县代码前缀）",
        "{n} community ids are already used by the own list of area {areas} ({ids}): an id "
        "names one community only; nothing saved. Use ids unique nationally (for example "
        "prefixed with the county code)",
    ),
    "store.problem.area_simulated": (
        "有 {n} 行标为模拟数据：自有社区名单须是真实社区，未保存任何内容",
        "{n} rows are marked as simulated data: an area's own community list must hold real "
        "communities; nothing saved",
    ),
    "store.problem.draft_large": (
        "草稿超过 {max} 字节",
        "the draft is larger than {max} bytes",
    ),
    "store.problem.version_name": ("版本需要一个名称", "a version needs a name"),
    "store.problem.versions_many": (
        "每个账户最多保存 {max} 个版本",
        "at most {max} versions per account",
    ),
    "store.problem.no_version": ("没有名为“{name}”的版本", "no version named “{name}”"),
    "store.problem.part_province": (
        "请指明保存哪个省的部分（--province）",
        "say which province's part to save (--province)",
    ),
    "store.problem.not_national": (
        "方案“{name}”是省级方案，不是全国方案",
        "plan “{name}” is a provincial plan, not the national plan",
    ),
    "store.problem.part_none_inside": (
        "所给的 {n} 个社区都不在{unit}：未保存任何内容",
        "none of the {n} communities given is in {unit}: nothing saved",
    ),
    "store.problem.carried_dropped": (
        "下一周期方案中的延续社区不能由省级方案部分移出（{n} 个：{ids}）；退出须经团中央",
        "a next plan's carried-over communities cannot be left out of a province's part "
        "({n}: {ids}); the centre exits a community",
    ),
    "store.problem.plan_in_use": (
        "方案“{plan}”不能删除：{reason}；只有尚未提交备案、没有记录的方案可以删除",
        "plan “{plan}” cannot be deleted: {reason}; only a plan not yet filed and without "
        "records can be",
    ),
    "store.plan_in_use.filed": (
        "已有省份提交或备案，或已有社区启动",
        "a unit has filed, or a community has started",
    ),
    "store.plan_in_use.records": ("已有工作记录或评估", "it holds records of work or evaluations"),
    "store.plan_in_use.continued": ("已生成其下一周期方案", "a next cycle's plan continues it"),
    "store.plan_in_use.continues": (
        "它是上一周期方案的延续",
        "it continues the plan before it",
    ),
    "store.problem.exited_again": (
        "已在本周期或更早周期退出的社区不能补选回下一周期方案（{n} 个：{ids}）",
        "communities that exited in this cycle or an earlier one cannot be refilled into the "
        "next plan ({n}: {ids})",
    ),
    "store.problem.part_locked": (
        "{unit}的方案部分状态为“{state}”，现在不能修改",
        "{unit}'s part is {state}: it cannot change now",
    ),
    "store.problem.records_unknown": (
        "{n} 个社区不在方案 {plan} 中：{ids}",
        "{n} communities not in plan {plan}: {ids}",
    ),
    "store.problem.no_id_header": (
        "找不到含“社区编号”的表头行",
        "no header row with 社区编号",
    ),
    # backups (geo.store.backup)
    "store.backup.no_folder": ("文件夹 {folder} 不存在", "the folder {folder} does not exist"),
    "store.backup.out_is_folder": (
        "这是一个文件夹；请给出备份文件的名称",
        "this is a folder; give the backup file's name",
    ),
    "store.backup.onto_database": (
        "这是数据库文件本身；请把备份写到另一个文件",
        "this is the database file itself; write the backup to another file",
    ),
    "store.backup.from_database": (
        "这是数据库文件本身，不是备份；请给出备份文件",
        "this is the database file itself, not a backup; give the backup file",
    ),
    "store.backup.cannot_open": ("无法打开备份：{detail}", "cannot open the backup: {detail}"),
    "store.backup.damaged": (
        "备份已损坏（完整性检查：{detail}）",
        "the backup is damaged (integrity check: {detail})",
    ),
    "store.backup.not_backup": (
        "不是 YouthMap 数据库备份（既不是 SQLite 文件，也不是 pg_dump 归档）",
        "not a YouthMap backup (neither a SQLite file nor a pg_dump custom archive)",
    ),
    "store.backup.missing": ("备份文件不存在", "the backup file does not exist"),
    "store.backup.other_backend": (
        "这是 {kind} 备份，不能恢复到 {backend} 数据库",
        "this is a {kind} backup and cannot be restored into a {backend} database",
    ),
    "store.backup.no_schema": (
        "备份中没有 YouthMap 数据结构",
        "the backup holds no YouthMap schema",
    ),
    "store.backup.newer": (
        "备份的数据结构 {revision} 比本版 YouthMap（{head}）新：请先升级 YouthMap",
        "the backup's schema {revision} is newer than this YouthMap ({head}): "
        "upgrade YouthMap first",
    ),
    "store.backup.sqlite_file": (
        "只有 SQLite 数据库文件可以备份或恢复",
        "only a SQLite database file can be backed up or restored",
    ),
    "store.backup.no_database": ("数据库 {db} 不存在", "the database {db} does not exist"),
    "store.backup.cannot_read": (
        "无法读取数据库 {db}：{detail}",
        "cannot read the database {db}: {detail}",
    ),
    "store.backup.no_tool": (
        "未安装 {tool}：请安装 PostgreSQL 客户端工具（Debian：apt-get install postgresql-client）",
        "{tool} is not installed: install PostgreSQL's client tools "
        "(Debian: apt-get install postgresql-client)",
    ),
    "store.backup.tool_slow": (
        "{tool} 处理 {db} 超过 {seconds} 秒",
        "{tool} on {db} took longer than {seconds} s",
    ),
    "store.backup.busy": (
        "数据库 {db} 上还有 {n} 个其他连接（{sessions}）：恢复会一直等它们释放锁。"
        "请先停止应用（{stop}），再恢复；数据库未作任何改动",
        "the database {db} still has {n} other connections ({sessions}): a restore would wait "
        "for their locks. Stop the app first ({stop}), then restore; nothing was changed",
    ),
    "store.backup.lock_waited": (
        "恢复等待其他连接持有的锁超过 {seconds} 秒，已取消；恢复期间连上了 {n} 个其他连接"
        "（{sessions}）。请先停止应用（{stop}），再恢复；数据库 {db} 未作任何改动"
        "（恢复在一个事务中进行）",
        "the restore waited more than {seconds} s for a lock another session holds and was "
        "cancelled; {n} other connections came while it ran ({sessions}). Stop the app "
        "first ({stop}), then restore; nothing was changed in {db} (the restore runs in one "
        "transaction)",
    ),
    "store.backup.lock_waited_gone": (
        "恢复等待其他连接持有的锁超过 {seconds} 秒，已取消（那个连接现已断开）。"
        "请先停止应用（{stop}），再恢复；数据库 {db} 未作任何改动（恢复在一个事务中进行）",
        "the restore waited more than {seconds} s for a lock another session held and was "
        "cancelled (that session has gone since). Stop the app first ({stop}), then "
        "restore; nothing was changed in {db} (the restore runs in one transaction)",
    ),
    "store.backup.session_unnamed": ("未命名", "no name"),
    "store.backup.session_socket": ("本机套接字", "local socket"),
    "store.backup.session_hidden": ("地址不可见", "address not shown"),
    "store.backup.sessions_more": ("另有 {n} 个", "{n} more"),
    "store.backup.tool_failed": (
        "{tool} 处理 {db} 失败：{reason}",
        "{tool} on {db} failed: {reason}",
    ),
}
