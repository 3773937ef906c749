"""Strings drawn inside maps (all pages)."""

STRINGS: dict[str, tuple[str, str]] = {
    "map.approximate": (
        "位置近似（区县或街道中心）",
        "Approximate location (county or subdistrict centre)",
    ),
    "map.legend": ("图例", "Legend"),
    "map.count": ("数量", "Count"),
}
