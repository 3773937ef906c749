"""Strings of the overview page and map."""

STRINGS: dict[str, tuple[str, str]] = {
    "overview.title": ("总览地图", "Overview map"),
    "overview.caption": (
        "{scope}：行政边界与社区、青年之家、高校校区、驻区单位四个图层，可在地图右上角开关图层。",
        "{scope}: boundaries and the four layers (communities, Youth Homes, campuses, resident units); "
        "toggle layers at the map's top right.",
    ),
    "overview.aggregated_note": (
        "全国和区域范围按省或地市汇总显示（社区为分级设色，其余为比例圆），高校校区为点；选择省份或城市可查看每个点。",
        "At national and region scope layers are drawn as totals per province or prefecture (a shaded map "
        "for communities, proportional circles for the others) and campuses as points; choose a province "
        "or city to see every point.",
    ),
    "overview.aggregated.province": ("（按省汇总）", " (per province)"),
    "overview.aggregated.city": ("（按地市汇总）", " (per prefecture)"),
    "overview.aggregated.county": ("（按区县汇总）", " (per county)"),
    "overview.count.communities": ("社区数", "Communities"),
    "overview.count.youth_homes": ("青年之家数", "Youth Homes"),
    "overview.count.campuses": ("高校校区数", "Campuses"),
    "overview.count.resident_units": ("驻区单位数", "Resident units"),
    "overview.map_simulated": (
        "{layers}为模拟数据",
        "Simulated: {layers}",
    ),
    "overview.by_region": ("按区域统计", "Counts by region"),
    "overview.by_province": ("按省份统计", "Counts by province"),
    "overview.by_city": ("按地市统计", "Counts by prefecture"),
    "overview.by_county": ("按区县统计", "Counts by county"),
    "overview.code": ("代码", "Code"),
    "overview.area": ("地区", "Area"),
    "overview.tianditu_no_key": (
        "未配置天地图密钥（secrets.toml 中的 tianditu_key），已改用离线底图。",
        "No Tianditu key configured (tianditu_key in secrets.toml); using the offline basemap.",
    ),
    "overview.no_data": ("当前范围内没有数据。", "No data in this scope."),
    "overview.map_error": ("地图无法绘制：{reason}", "The map could not be drawn: {reason}"),
}
