"""Header mapping: from the column names of a user's file to YouthMap's column names.

Committees export their lists from many systems, so the same column arrives as ``社区名称``,
``名称``, ``Name`` or ``社区名称（全称）``. :func:`resolve_mapping` maps every header of a file
to a layer column by, in order: an explicit ``{file column: layer column}`` mapping given by
the user, the layer column's own name, its Chinese and English display header (see
:data:`geo.core.layers.SCHEMAS`), the synonym table :data:`SYNONYMS`, and last a header that
contains one synonym longer than any other it contains (``居委会全称`` → ``name``). Matching
ignores case, spaces, full-width forms and bracketed notes such as ``（人）`` or ``(14-35岁)``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from geo.core.errors import Problem, Term
from geo.core.layers import SCHEMAS

ADDRESS = "address"
"""Extra column recognised for approximate placement (not part of any layer schema)."""
LONLAT = "lonlat"
"""Extra column recognised for coordinates written in one cell (``104.0657,30.6595``, as the
AMap and Baidu coordinate pickers copy them): split into ``lon`` and ``lat`` when the file has
no columns of its own for them (:mod:`geo.intake.validate`)."""

SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": (
        "编号",
        "序号id",
        "社区编号",
        "社区代码",
        "代码",
        "编码",
        "统一编号",
        "code",
        "no",
        "identifier",
    ),
    "name": (
        "名称",
        "社区名称",
        "社区名",
        "社区",
        "社区居委会",
        "居委会",
        "名字",
        "单位名称",
        "青年之家名称",
        "阵地名称",
        "站点名称",
        "name",
        "community",
        "title",
    ),
    "lon": (
        "经度",
        "lng",
        "lon",
        "long",
        "longitude",
        "x",
        "经度坐标",
        "坐标x",
        "gcj经度",
        "百度经度",
        "高德经度",
        "东经",
    ),
    "lat": (
        "纬度",
        "lat",
        "latitude",
        "y",
        "纬度坐标",
        "坐标y",
        "gcj纬度",
        "百度纬度",
        "高德纬度",
        "北纬",
    ),
    "province": ("省", "省份", "省名", "所在省", "省级", "省区市", "省市区", "province"),
    "province_code": ("省级代码", "省代码", "省编码", "省份代码", "provincecode", "provcode"),
    "city": ("市", "城市", "地市", "地级市", "所在市", "市州", "city", "prefecture"),
    "city_code": ("地级代码", "市代码", "城市代码", "地市代码", "citycode"),
    "district": (
        "区县",
        "区",
        "县",
        "县区",
        "区县市",
        "所在区县",
        "区县名称",
        "district",
        "county",
    ),
    "county_code": (
        "区县代码",
        "县代码",
        "区县编码",
        "县级代码",
        "行政区划代码",
        "adcode",
        "countycode",
        "districtcode",
    ),
    "subdistrict": ("街道", "街道办", "乡镇街道", "乡镇", "街镇", "subdistrict", "street", "town"),
    "population": (
        "人口",
        "常住人口",
        "总人口",
        "户籍人口",
        "人口数",
        "常住人口数",
        "居民人数",
        "population",
        "pop",
        "residents",
    ),
    "youth": ("青年人口", "青年", "青年人数", "青年数", "1435岁人口", "youth", "youthpopulation"),
    "children": ("儿童", "儿童人口", "儿童人数", "少年儿童", "614岁人口", "children", "kids"),
    "elderly": (
        "老年人口",
        "老人",
        "老年人",
        "65岁以上人口",
        "65岁以上",
        "老年人数",
        "elderly",
        "seniors",
        "aged65",
    ),
    "elderly_alone_share": ("独居老人户占比", "独居老人比例", "独居老人占比", "elderlyaloneshare"),
    "households": ("户数", "住户数", "家庭户数", "总户数", "households", "hh"),
    "community_id": ("所在社区编号", "社区编号", "所属社区编号", "communityid"),
    "kind": ("类型", "阵地类型", "类别", "kind", "type"),
    "capacity": ("容量", "容纳人数", "可容纳人数", "面积容量", "capacity"),
    "university": ("高校", "学校", "学校名称", "高校名称", "大学", "院校", "university", "school"),
    "campus": ("校区", "校区名称", "campus"),
    "school_type": ("办学层次", "层次", "学历层次", "schooltype", "level"),
    "nature": ("办学性质", "性质", "公办民办", "nature"),
    "is985": ("985", "是否985", "985工程", "is985"),
    "is211": ("211", "是否211", "211工程", "is211"),
    "double_first_class": ("双一流", "是否双一流", "doublefirstclass"),
    "unit_type": ("单位类型", "单位性质", "单位类别", "类型", "unittype", "type"),
    "simulated": ("模拟数据", "simulated"),
    "approximate": ("位置近似", "approximate"),
    LONLAT: (
        "经纬度",
        "经纬度坐标",
        "坐标",
        "坐标点",
        "位置坐标",
        "地理坐标",
        "中心点坐标",
        "中心坐标",
        "gps坐标",
        "高德坐标",
        "百度坐标",
        "lnglat",
        "lonlat",
        "longlat",
        "coordinates",
        "coordinate",
        "coords",
    ),
    ADDRESS: (
        "地址",
        "详细地址",
        "所在地址",
        "通讯地址",
        "地点",
        "位置",
        "address",
        "addr",
        "location",
    ),
}
"""Accepted header synonyms per YouthMap column (matched after :func:`normalize_header`)."""

_NOTE = re.compile(r"[（(\[【][^）)\]】]*[）)\]】]")
_STRIP = re.compile(r"[\s_\-—:：./·、*#]+")


def normalize_header(header: object) -> str:
    """A header reduced for matching: NFKC, lower case, no spaces, punctuation or notes.

    ``"社区名称（全称）"``, ``" Longitude "`` and ``"青年人口(14-35岁)"`` become ``"社区名称"``,
    ``"longitude"`` and ``"青年人口"``.
    """
    text = unicodedata.normalize("NFKC", str(header)).strip().lower()
    bare = _NOTE.sub("", text)
    bare = _STRIP.sub("", bare)
    return bare or _STRIP.sub("", text)


def layer_columns(layer: str) -> list[str]:
    """Names of the columns a file can be mapped to for ``layer``: its schema, ``address``
    and ``lonlat`` (both coordinates in one cell)."""
    return [c.name for c in SCHEMAS[layer]] + [ADDRESS, LONLAT]


def column_named(layer: str, header: str) -> str | None:
    """The ``layer`` column a header names (``常住人口``, ``Population`` or ``population`` →
    ``population``), or ``None``: how a file's header is read, for a column named in an
    option (``--weight 常住人口``)."""
    return _lookup(layer).get(normalize_header(header))


def _lookup(layer: str) -> dict[str, str]:
    """Normalised header → layer column, most specific source last so it wins."""
    names = layer_columns(layer)
    table: dict[str, str] = {}
    # a layer's link to its community claims "社区编号" before its own id does
    for name in sorted(names, key=lambda n: n != "community_id"):
        for synonym in SYNONYMS.get(name, ()):
            table.setdefault(normalize_header(synonym), name)
    for column in SCHEMAS[layer]:
        table[normalize_header(column.en)] = column.name
        table[normalize_header(column.zh)] = column.name
    for name in names:
        table[normalize_header(name)] = name
    return table


def _contained(norm: str, lookup: dict[str, str]) -> str | None:
    """The column whose longest synonym is part of ``norm`` (``居委会全称`` → name), if unique.

    Only synonyms of two or more CJK characters or four or more other characters count, so
    ``x`` or ``id`` never match inside longer words.
    """
    best: list[tuple[int, str]] = []
    for synonym, target in lookup.items():
        cjk = any("\u4e00" <= ch <= "\u9fff" for ch in synonym)
        if len(synonym) < (2 if cjk else 4) or synonym == norm or synonym not in norm:
            continue
        best.append((len(synonym), target))
    if not best:
        return None
    longest = max(length for length, _ in best)
    targets = {target for length, target in best if length == longest}
    return targets.pop() if len(targets) == 1 else None


@dataclass(frozen=True)
class Mapping:
    """How a file's headers map to a layer's columns.

    Attributes
    ----------
    columns
        ``{file column: layer column}`` for every mapped header.
    unmapped
        File columns kept under their own name (extra attributes).
    problems
        Problems with the mapping itself (unknown target, two headers on one column).
    """

    columns: dict[str, str]
    unmapped: tuple[str, ...]
    problems: tuple[Problem, ...]

    def source_of(self, target: str) -> str | None:
        """The file column mapped to ``target``, or ``None``."""
        for source, dest in self.columns.items():
            if dest == target:
                return source
        return None


def resolve_mapping(
    headers: list[str],
    layer: str,
    explicit: dict[str, str] | None = None,
    *,
    file: str | None = None,
) -> Mapping:
    """Map a file's headers to ``layer``'s columns.

    Parameters
    ----------
    headers
        Column names as they appear in the file.
    layer
        One of :data:`geo.core.layers.LAYER_NAMES`.
    explicit
        User mapping ``{file column: layer column}``; wins over synonyms. A target of ``""``
        or ``"-"`` leaves the column unmapped.
    file
        File name used in problems.

    Returns
    -------
    Mapping
        The mapping; ``problems`` holds errors for unknown explicit targets or sources and for
        two headers mapped onto the same column (the first one is kept).
    """
    explicit = dict(explicit or {})
    lookup = _lookup(layer)
    targets = set(layer_columns(layer))
    problems: list[Problem] = []
    by_norm = {normalize_header(h): h for h in headers}
    resolved_explicit: dict[str, str] = {}
    for source, target in explicit.items():
        header = source if source in headers else by_norm.get(normalize_header(source))
        if header is None:
            problems.append(
                Problem(
                    "data.problem.map_source",
                    params=dict(source=source),
                    file=file,
                    column=source,
                    code="mapping",
                )
            )
            continue
        target = str(target).strip()
        if target in ("", "-"):
            resolved_explicit[header] = ""
            continue
        if target not in targets:
            problems.append(
                Problem(
                    "data.problem.map_target",
                    params=dict(target=target, layer=Term(f"layer.{layer}")),
                    file=file,
                    column=header,
                    code="mapping",
                )
            )
            continue
        resolved_explicit[header] = target
    columns: dict[str, str] = {}
    taken: dict[str, str] = {}
    for header, target in resolved_explicit.items():
        if target and target in taken:
            problems.append(
                Problem(
                    "data.problem.map_twice",
                    params=dict(target=target, other=taken[target]),
                    file=file,
                    column=header,
                    code="mapping",
                )
            )
            continue
        if target:
            columns[header] = target
            taken[target] = header
    pending = [h for h in headers if h not in resolved_explicit]
    for header in pending:  # exact matches first, so they win over partial ones
        target = lookup.get(normalize_header(header))
        if target is None or target in taken:
            continue
        columns[header] = target
        taken[target] = header
    for header in pending:
        if header in columns:
            continue
        target = _contained(normalize_header(header), lookup)
        if target is None or target in taken:
            continue
        columns[header] = target
        taken[target] = header
    ordered = {h: columns[h] for h in headers if h in columns}
    unmapped = tuple(h for h in headers if h not in ordered)
    return Mapping(ordered, unmapped, tuple(problems))
