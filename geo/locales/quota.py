"""Messages of quota apportionment (:mod:`geo.analysis.quota`): the problems it raises, by code."""

STRINGS: dict[str, tuple[str, str]] = {
    "quota.problem.total": (
        "总名额须为不小于 0 的整数，现为 {value}",
        "total must be a non-negative whole number, got {value}",
    ),
    "quota.problem.bases": ("分配基数须为不小于 0 的数", "bases must be non-negative numbers"),
    "quota.problem.minimum": (
        "每单位最少名额不能为负数，现为 {value}",
        "minimum must be non-negative, got {value}",
    ),
    "quota.problem.override_unknown": (
        "指定名额的单位 {unit!r} 不存在",
        "override for unknown unit {unit!r}",
    ),
    "quota.problem.override_negative": (
        "{unit!r} 的指定名额不能为负数，现为 {value}",
        "override for {unit!r} must be non-negative, got {value}",
    ),
    "quota.problem.overrides_above_total": (
        "指定名额合计 {sum}，超过总名额 {total}",
        "overrides add up to {sum}, more than the total {total}",
    ),
    "quota.problem.minimum_infeasible": (
        "每单位最少 {minimum} 个名额共需 {need} 个，但只剩 {rest} 个",
        "minimum {minimum} per unit needs {need} seats but only {rest} are left",
    ),
    "quota.problem.all_overridden": (
        "所有单位都已指定名额，合计 {sum}，不等于总名额 {total}",
        "every unit is overridden and they add up to {sum}, not {total}",
    ),
    "quota.problem.caps_too_low": (
        "各单位最多只能容纳 {caps} 个名额，少于 {rest}",
        "the units can take at most {caps} seats, fewer than {rest}",
    ),
    "quota.problem.seats_left": (
        "各单位的上限使 {rest} 个名额无处分配",
        "the units' maximums leave {rest} seats nobody can take",
    ),
    "quota.problem.no_province": (
        "社区须有区县代码或省份代码，才能归入省份备案",
        "communities need county_code or province_code to file under a province",
    ),
    "quota.problem.base": (
        "未知的分配基数 {value}；可用：{choices}",
        "unknown base {value}; use one of {choices}",
    ),
    "quota.problem.unknown_units": (
        "指定名额的单位不存在：{units}",
        "override for unknown quota unit(s) {units}",
    ),
    "quota.problem.total_above_candidates": (
        "总名额 {total} 多于候选社区数 {n}",
        "the total {total} is more than the {n} candidate communities",
    ),
    "quota.problem.minimum_above_total": (
        "每省最少 {minimum} 个名额与指定名额共需 {need} 个，超过总名额 {total}",
        "the minimum {minimum} per province and the overrides need {need} seats, "
        "more than the total {total}",
    ),
    "quota.problem.region_totals": (
        "三大区域名额合计 {sum}，不等于总名额 {total}",
        "the regions' totals add up to {sum}, not {total}",
    ),
    "quota.problem.focus_share": (
        "重点城市占比须在 0 到 1 之间，现为 {value}",
        "focus share must be between 0 and 1, got {value}",
    ),
    "quota.problem.empty": ("{unit} 的名额为空", "quota of {unit} is empty"),
}
