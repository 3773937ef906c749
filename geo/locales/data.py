"""Strings of the data page, the readers, validation, templates and reports."""

STRINGS: dict[str, tuple[str, str]] = {
    # page
    "data.title": ("数据导入与校验", "Import and validate data"),
    "data.intro": (
        "上传社区、青年之家、高校校区或驻区单位名单（CSV、Excel、GeoJSON、GeoPackage 或压缩的 Shapefile），"
        "核对列对应关系和坐标系，查看问题清单，确认后替换本次会话中的图层。",
        "Upload a list of communities, Youth Homes, campuses or resident units (CSV, Excel, GeoJSON, "
        "GeoPackage or zipped Shapefile), check the column mapping and coordinate system, review the "
        "problems, then replace the layer for this session.",
    ),
    "data.layer": ("图层", "Layer"),
    "data.crs": ("文件坐标系", "Coordinate system of the file"),
    "data.crs.wgs84": ("WGS-84（GPS、天地图）", "WGS-84 (GPS, Tianditu)"),
    "data.crs.gcj02": ("GCJ-02（高德、腾讯）", "GCJ-02 (AMap, Tencent)"),
    "data.crs.bd09": ("BD-09（百度）", "BD-09 (Baidu)"),
    "data.upload": ("上传文件", "Upload a file"),
    "data.sheet": ("工作表（留空为第一个）", "Sheet (blank for the first)"),
    "data.layer_name": ("文件中的图层", "Layer in the file"),
    "data.templates": ("下载模板", "Download templates"),
    "data.template_button": ("{layer}模板（Excel）", "{layer} template (Excel)"),
    "data.template_file": ("{layer}模板", "{layer} template"),
    "data.report_file": ("{file}-校验报告", "{file} validation report"),
    "data.normalised_file": ("{layer}（WGS-84）", "{layer} (WGS-84)"),
    "data.mapping": ("列对应关系", "Column mapping"),
    "data.mapping_help": (
        "左列为文件中的列名，右列为平台字段；可修改右列，留空表示不导入该列。",
        "Left: the columns of your file; right: the YouthMap field. Edit the right column; leave it "
        "blank to ignore a column.",
    ),
    "data.mapping.source": ("文件中的列", "Column in file"),
    "data.mapping.target": ("平台字段", "YouthMap field"),
    "data.field.address": ("地址", "Address"),
    "data.field.lonlat": ("经纬度（同一格）", "Longitude, latitude (one cell)"),
    "data.fix_swapped": ("自动交换经纬度颠倒的 {n} 行", "Swap back longitude/latitude on {n} rows"),
    "data.summary": (
        "共 {rows} 行：可导入 {valid} 行，有错误 {errors} 行；警告 {warnings} 条。",
        "{rows} rows: {valid} valid, {errors} with errors; {warnings} warnings.",
    ),
    "data.suggest_crs": ("建议改用坐标系：{crs}", "Suggested coordinate system: {crs}"),
    "data.problems": ("问题清单", "Problems"),
    "data.preview.errors": ("有错误的行", "Rows with errors"),
    "data.hook_note": (
        "正在使用会话中提供的文件：{name}",
        "Using the file provided in the session: {name}",
    ),
    "data.upload_first": (
        "请先上传文件，或下载模板填写后上传。",
        "Upload a file, or fill in a template and upload it.",
    ),
    "data.filter.all": ("全部", "All"),
    "data.shown": ("显示 {shown} / {total} 条", "Showing {shown} of {total}"),
    "data.no_problems": ("未发现问题。", "No problems found."),
    "data.filter.severity": ("级别", "Severity"),
    "data.filter.kind": ("类型", "Kind"),
    "data.filter.column": ("列", "Column"),
    "data.filter.no_column": ("（不涉及某一列）", "(no particular column)"),
    "data.preview": ("预览", "Preview"),
    "data.preview_map": (
        "位置预览（空心圆为按区县近似定位）",
        "Locations (hollow circles are placed approximately at their county)",
    ),
    "data.accept_all": ("导入全部并替换图层", "Import all rows and replace the layer"),
    "data.accept_valid": (
        "仅导入 {n} 行有效数据并替换图层",
        "Import only the {n} valid rows and replace the layer",
    ),
    "data.accepted": (
        "已用 {n} 行替换“{layer}”图层（本次会话有效）。",
        "Replaced the “{layer}” layer with {n} rows for this session.",
    ),
    "data.blocked": (
        "存在错误，不能整体导入；请修正文件，或明确选择仅导入有效行。",
        "There are errors, so the file cannot be imported whole; fix the file or "
        "explicitly import only the valid rows.",
    ),
    "data.download_normalised": (
        "下载校验后的有效行（WGS-84 坐标，已补全行政区划代码）：",
        "Download the valid rows as checked (WGS-84, administrative codes filled in):",
    ),
    "data.report": ("下载校验报告（Excel）", "Download the validation report (Excel)"),
    "data.changes": ("与原图层相比", "Compared with the layer replaced"),
    "data.changes.area": (
        "与{area}现有的 {n} 个社区相比（“作为{area}的社区名单保存到服务器”只替换这些，"
        "其他地区不变）：",
        "Against the {n} communities {area} has now (all that “Save as {area}'s own community "
        "list” replaces; other areas stay as they are):",
    ),
    "data.changes.outside": (
        "名单中另有 {n} 行不在{area}，保存为{area}的名单时不保存。",
        "{n} more rows of the list lie outside {area}: they are not kept with {area}'s list.",
    ),
    "data.changes.session": (
        "与本次会话的整个图层相比（“导入…并替换图层”替换整个图层，只在本次会话中）：",
        "Against this session's whole layer (what “Import … and replace the layer” replaces, "
        "in this session only):",
    ),
    "data.changes.added": ("新增", "Added"),
    "data.changes.removed": ("移除", "Removed"),
    "data.changes.moved": ("位置变动", "Moved"),
    "data.changes.unchanged": ("未变", "Unchanged"),
    "data.current": (
        "当前图层：{layer} {n} 行（{source}）",
        "Current layer: {layer}, {n} rows ({source})",
    ),
    "data.source.simulated": ("模拟数据", "simulated"),
    "data.source.simulated_but": (
        "模拟数据，{areas}为本地上传的真实名单",
        "simulated, but for the real lists uploaded for {areas}",
    ),
    "data.source.embedded": ("内置数据", "embedded"),
    "data.source.imported": ("已导入", "imported"),
    "data.read_failed": ("文件无法导入：", "The file cannot be imported:"),
    "data.unnamed_column": ("未命名列{n}", "Unnamed column {n}"),
    "data.lon": ("经度", "longitude"),
    "data.lat": ("纬度", "latitude"),
    "data.example_sheet": ("填写说明", "Instructions"),
    "data.template_note": (
        "第 1 行为表头，请从第 2 行起填写，示例行可删除。坐标可用 WGS-84、GCJ-02（高德）或 BD-09（百度），"
        "导入时选择；没有坐标的行可填写区县代码或区县名称，按区县近似定位。",
        "Row 1 is the header; fill in from row 2 and delete the example row. Coordinates may be WGS-84, "
        "GCJ-02 (AMap) or BD-09 (Baidu): choose when importing. Rows without coordinates may give a "
        "county code or county name instead and are placed approximately at the county.",
    ),
    "data.template.required": ("必填", "required"),
    "data.template.optional": ("选填", "optional"),
    "data.template.field": ("字段", "Field"),
    "data.template.header": ("表头", "Header"),
    "data.template.need": ("是否必填", "Required"),
    "data.template.unit": ("单位", "Unit"),
    "data.template.choices": ("可选值", "Choices"),
    "data.report.summary": ("概要", "Summary"),
    "data.report.file": ("文件", "File"),
    "data.report.layer": ("图层", "Layer"),
    "data.report.crs": ("坐标系", "Coordinate system"),
    "data.report.rows": ("行数", "Rows"),
    "data.report.valid": ("有效行", "Valid rows"),
    "data.report.errors": ("错误", "Errors"),
    "data.report.warnings": ("警告", "Warnings"),
    # problem table
    "data.col.severity": ("级别", "Severity"),
    "data.col.kind": ("类型", "Kind"),
    "data.col.file": ("文件", "File"),
    "data.col.row": ("行号", "Row"),
    "data.col.column": ("列", "Column"),
    "data.col.reason": ("原因", "Reason"),
    "data.severity.error": ("错误", "error"),
    "data.severity.warning": ("警告", "warning"),
    # kinds
    "data.kind.missing_column": ("缺少列", "missing column"),
    "data.kind.missing": ("必填项为空", "missing value"),
    "data.kind.not_number": ("不是数字", "not a number"),
    "data.kind.negative": ("负数", "negative"),
    "data.kind.too_many": ("数量过大", "count too large"),
    "data.kind.impossible": ("数值不合理", "impossible value"),
    "data.kind.swapped": ("经纬度颠倒", "lat/lon swapped"),
    "data.kind.swapped_fixed": ("已交换经纬度", "lat/lon swapped back"),
    "data.kind.outside_china": ("不在中国境内", "outside China"),
    "data.kind.outside_stated": ("不在所填省/区县内", "outside stated area"),
    "data.kind.duplicate_id": ("编号重复", "duplicate id"),
    "data.kind.duplicate_location": ("同名同位置重复", "duplicate name and place"),
    "data.kind.approximate": ("近似定位", "approximate location"),
    "data.kind.crs_shift": ("坐标系疑似选错", "coordinate system shift"),
    "data.kind.not_bool": ("不是“是/否”", "not yes/no"),
    "data.kind.simulated": ("模拟数据", "simulated data"),
    "data.kind.id_generated": ("自动生成编号", "ids generated"),
    "data.kind.extra_cells": ("多余单元格", "extra cells"),
    "data.kind.duplicate_header": ("表头重复", "duplicate header"),
    "data.kind.title_skipped": ("跳过标题行", "title line skipped"),
    "data.kind.total_skipped": ("跳过合计行", "sum line skipped"),
    "data.kind.merged_header": ("合并表头", "merged header"),
    "data.kind.not_points": ("非点要素", "not points"),
    "data.kind.mapping": ("列对应错误", "mapping"),
    "data.kind.file": ("文件", "file"),
    "data.kind.cannot_write": ("无法写入", "cannot write"),
    "data.kind.file_type": ("文件类型", "file type"),
    "data.kind.encoding": ("编码", "encoding"),
    "data.kind.malformed": ("文件损坏", "damaged file"),
    "data.kind.empty": ("空文件", "empty"),
    "data.kind.sheet": ("工作表", "sheet"),
    "data.kind.layer": ("图层", "layer"),
    "data.kind.crs": ("坐标系", "coordinate system"),
    "data.kind.invalid": ("无效", "invalid"),
    "data.kind.unsafe": ("不安全的文件", "unsafe file"),
    "data.kind.too_large": ("超出限制", "over a limit"),
    "data.kind.layer_choice": ("图层选择", "layer choice"),
    "data.kind.layer_read": ("已读图层", "layer read"),
    # reasons
    "data.problem.not_found": ("找不到文件", "file not found"),
    "data.problem.too_large": ("文件超过 {mb} MB，无法读取", "the file is larger than {mb} MB"),
    "data.problem.encoding": (
        "无法识别文件编码（支持 UTF-8、带 BOM 的 UTF-8 和 GBK/GB18030）；请另存为 UTF-8 CSV 或 Excel",
        "cannot decode the file (UTF-8, UTF-8 with BOM and GBK/GB18030 are supported); save it as "
        "UTF-8 CSV or Excel",
    ),
    "data.problem.duplicate_header": (
        "表头重复，后一列改名为“{new}”",
        "repeated header; the later column is renamed “{new}”",
    ),
    "data.problem.extra_cells": (
        "本行比表头多 {n} 个单元格（可能有未加引号的逗号）",
        "cells beyond the header in this row: {n} (an unquoted comma?)",
    ),
    "data.problem.empty": ("文件中没有数据", "the file holds no data"),
    "data.problem.no_header": ("找不到表头行", "no header line found"),
    "data.problem.csv": ("CSV 格式错误：{detail}", "malformed CSV: {detail}"),
    "data.problem.total_skipped": (
        "已跳过合计行（首格为“{cell}”）：合计不是一个社区或地点",
        "skipped a sum line (its first cell says “{cell}”): a total is not a place",
    ),
    "data.problem.title_skipped": (
        "已跳过表头上方的标题行“{title}”",
        "skipped the title line “{title}” above the header",
    ),
    "data.problem.bad_excel": (
        "不是可读取的 Excel（.xlsx）文件",
        "not a readable Excel (.xlsx) file",
    ),
    "data.problem.no_sheet": (
        "没有名为“{sheet}”的工作表（现有：{sheets}）",
        "no sheet named “{sheet}” (sheets: {sheets})",
    ),
    "data.problem.two_level_header": (
        "表头为两行（含合并单元格），已按第二行列名读取",
        "two-line header with merged cells; read the column names from the second line",
    ),
    "data.problem.merged_header": (
        "表头含合并单元格且无法识别其下的列名；请取消合并，每列只保留一个表头",
        "the header has merged cells without column names below them; unmerge them so that every "
        "column has one header",
    ),
    "data.problem.zip_empty": (
        "压缩包中没有 .shp、.gpkg 或 .geojson 文件",
        "the zip holds no .shp, .gpkg or .geojson file",
    ),
    "data.problem.bad_zip": ("不是可读取的 zip 压缩包", "not a readable zip archive"),
    "data.problem.bad_vector": (
        "无法读取该地理数据文件（文件损坏或格式不符）",
        "cannot read this geodata file (damaged or not in the format its name says)",
    ),
    # a point layer handed to an analysis (geo.core.layers.point_problems)
    "layer.problem.missing_column": (
        "{what}：缺少列 {column!r}",
        "{what}: missing column {column!r}",
    ),
    "layer.problem.bad_coordinate": (
        "{what}：编号 {id}：坐标缺失、不是数字或超出范围",
        "{what}: id {id}: coordinate missing, not a number or out of range",
    ),
    "layer.problem.duplicate_id": (
        "{what}：编号 {id} 出现不止一次",
        "{what}: id {id} appears more than once",
    ),
    "data.problem.not_points": (
        "{n} 个要素不是点，已取其内部代表点",
        "{n} features are not points; their representative points are used",
    ),
    "data.problem.simulate_none": (
        "全国 {total} 个社区按城镇人口分到各区县后，所选省份一个也没有分到；请增大全国社区数（--total）",
        "{total} communities spread over the country by urban population leave none in the "
        "provinces chosen; ask for more communities nationwide (--total)",
    ),
    "data.problem.xls": (
        "不支持旧版 .xls 文件；请在 Excel 中另存为 .xlsx",
        "old .xls files are not supported; save as .xlsx in Excel",
    ),
    "data.problem.file_type": (
        "不支持的文件类型 {ext}（支持：{types}）",
        "unsupported file type {ext} (supported: {types})",
    ),
    "data.problem.bare_shp": (
        "Shapefile 请连同 .dbf、.shx、.prj、.cpg 一起压缩为 .zip 上传",
        "zip the Shapefile together with its .dbf, .shx, .prj and .cpg files",
    ),
    "data.problem.no_rows": (
        "文件只有表头，没有数据行",
        "the file has a header but no data rows",
    ),
    "data.problem.quote": (
        "第 {row} 行的双引号没有闭合，一直延续到文件末尾；请检查该行的引号",
        "the double quote opened in row {row} is never closed and runs to the end of the file; "
        "check the quotes in that row",
    ),
    "data.problem.vsi_path": (
        "路径指向 GDAL 虚拟文件系统（/vsi…），只读取普通文件",
        "the path names a GDAL virtual file system (/vsi…); only plain files are read",
    ),
    "data.problem.vrt": (
        "这是 GDAL 虚拟数据源（VRT）描述，不是数据文件；为安全起见不予读取",
        "this is a GDAL virtual dataset (VRT) description, not a data file; for safety it is "
        "not read",
    ),
    "data.problem.vsi_content": (
        "文件内容引用了 GDAL 虚拟文件系统（/vsi…）；为安全起见不予读取",
        "the content refers to a GDAL virtual file system (/vsi…); for safety it is not read",
    ),
    "data.problem.crs_url": (
        "文件的坐标系写成了网址（GeoJSON 的 crs 为 link/URL 类型）；本系统不从网络读取任何内容，"
        "为安全起见不予读取。请删去 crs 或改写为 EPSG 代码（如 EPSG:4326）",
        "the file gives its coordinate system as a web address (a GeoJSON crs of type "
        "link or URL); nothing is fetched from the network, so for safety the file is not "
        "read. Remove the crs or give an EPSG code (such as EPSG:4326)",
    ),
    "data.problem.gpkg_computed": (
        "GeoPackage 中的 {names} 不是存储的数据（视图、计算列或虚拟表），读取时可无限生成数据；"
        "为安全起见不予读取。请在 GIS 软件中将图层另存为普通图层后再上传",
        "{names} in the GeoPackage are not stored data (a view, a generated column or a "
        "virtual table) and could make data without limit on reading; for safety the file is "
        "not read. Save the layer as a plain layer in your GIS software and upload that",
    ),
    "data.problem.not_format": (
        "文件内容不是扩展名 {ext} 所表示的 {format} 格式",
        "the content is not {format}, which its extension {ext} says it is",
    ),
    "data.problem.zip_members": (
        "压缩包中有 {n} 个文件，超过上限 {limit} 个",
        "the archive holds {n} files, more than the limit of {limit}",
    ),
    "data.problem.zip_member_path": (
        "压缩包中的文件名“{member}”指向压缩包之外（绝对路径或含“..”），不予解压",
        "the archive's file name “{member}” points outside the archive (an absolute path or "
        "“..”); nothing is unpacked",
    ),
    "data.problem.zip_nested": (
        "压缩包中还有压缩包“{member}”；请先解压，再上传其中的文件",
        "the archive holds another archive, “{member}”; unpack it and upload the file inside",
    ),
    "data.problem.zip_member_too_large": (
        "压缩包中的“{member}”解压后有 {mb} MB，超过上限 {limit} MB",
        "“{member}” in the archive unpacks to {mb} MB, more than the {limit} MB limit",
    ),
    "data.problem.zip_too_large": (
        "压缩包解压后超过上限 {limit} MB，不予解压",
        "the archive unpacks to more than the {limit} MB limit; nothing is unpacked",
    ),
    "data.problem.zip_ratio": (
        "压缩包中的“{member}”压缩比达 {ratio}:1，是压缩炸弹的特征，不予解压",
        "“{member}” in the archive is compressed {ratio}:1, as only a zip bomb is; nothing is "
        "unpacked",
    ),
    "data.problem.zip_corrupt": (
        "压缩包中的“{member}”已损坏，无法解压",
        "“{member}” in the archive is damaged and cannot be unpacked",
    ),
    "data.problem.xml_construct": (
        "工作簿的“{part}”中含有电子表格软件不会写入的 XML 内容（{what}），为安全起见不予解析",
        "the workbook's “{part}” holds XML that spreadsheet programs never write ({what}); for "
        "safety it is not parsed",
    ),
    "data.problem.xml_run": (
        "工作簿的“{part}”中有超过 {kb} KB 的单个标记或文字，电子表格软件不会写出这样的内容，不予解析",
        "the workbook's “{part}” holds a single tag or text over {kb} KB long, which spreadsheet "
        "programs never write; it is not parsed",
    ),
    "data.problem.sheet_far_cell": (
        "工作表在单元格 {cell}（第 {col} 列）有内容；最多读取 {limit} 列，请删除表格右侧多余的内容",
        "the sheet has content in cell {cell} (column {col}); at most {limit} columns are read, "
        "so delete what lies to the right of the table",
    ),
    "data.problem.too_many_fields": (
        "文件有 {n} 个属性字段，超过上限 {limit} 个，无法读取",
        "the file has {n} attribute fields, more than the limit of {limit}, and cannot be read",
    ),
    "data.problem.too_many_features": (
        "文件的要素超过 {limit} 个，无法读取；请拆分文件",
        "the file holds more than {limit} features and cannot be read; split the file",
    ),
    "data.problem.csv_columns": (
        "该行有 {n} 列，超过上限 {limit} 列，无法读取",
        "the line has {n} columns, more than the limit of {limit}, and cannot be read",
    ),
    "data.problem.csv_cells": (
        "文件约有 {n} 个单元格，超过上限 {limit} 个，无法读取；请拆分文件",
        "the file holds about {n} cells, more than the limit of {limit}, and cannot be read; "
        "split the file",
    ),
    "data.problem.sheet_text": (
        "工作表的文字超过 {limit} 个字符，无法读取；请拆分文件",
        "the sheet holds more than {limit} characters of text and cannot be read; split the file",
    ),
    "data.problem.sheet_cells": (
        "工作表的单元格超过 {limit} 个，无法读取；请拆分文件",
        "the sheet has more than {limit} cells and cannot be read; split the file",
    ),
    "data.problem.sheet_area": (
        "工作表有内容的区域达 {rows} 行 × {cols} 列，无法读取；请删除表格右侧多余的内容",
        "the sheet's filled area spans {rows} rows × {cols} columns and cannot be read; delete "
        "what lies to the right of the table",
    ),
    "data.problem.sheet_merged": (
        "工作表有 {n} 处合并单元格，超过上限 {limit} 处",
        "the sheet has {n} merged ranges, more than the limit of {limit}",
    ),
    "data.problem.no_layers": ("文件中没有图层", "the file holds no layer"),
    "data.problem.no_layer": (
        "文件中没有名为“{layer}”的图层（现有：{layers}）",
        "the file has no layer named “{layer}” (layers: {layers})",
    ),
    "data.problem.choose_layer": (
        "文件中有多个图层（{layers}），请指定要读取的图层：在页面上选择，命令行用 --layer-name",
        "the file holds several layers ({layers}); choose the one to read: on the page, or with "
        "--layer-name on the command line",
    ),
    "data.problem.layer_read": (
        "已读取图层“{layer}”；文件中另有：{others}",
        "read the layer “{layer}”; the file also holds: {others}",
    ),
    "data.problem.unreadable": ("文件无法读取（{detail}）", "the file cannot be read ({detail})"),
    "data.problem.layer": (
        "未知图层“{layer}”（可选：{layers}）",
        "unknown layer {layer!r} (one of: {layers})",
    ),
    "data.problem.map_source": (
        "列对应中的“{source}”不是文件中的列",
        "mapping names “{source}”, which is not a column of the file",
    ),
    "data.problem.map_target": (
        "“{target}”不是{layer}图层的字段",
        "“{target}” is not a field of the {layer} layer",
    ),
    "data.problem.map_twice": (
        "字段“{target}”已由列“{other}”对应",
        "field “{target}” is already mapped from column “{other}”",
    ),
    "data.problem.no_valid_rows": ("没有可导入的有效行", "no valid rows to import"),
    "data.problem.crs": (
        "未知坐标系“{crs}”（可选：{names}）",
        "unknown coordinate system {crs!r} (one of: {names})",
    ),
    "data.problem.id_generated": (
        "文件没有编号列，已按行号生成编号（R2、R3…）",
        "the file has no id column; ids were made from row numbers (R2, R3, …)",
    ),
    "data.problem.missing_column": ("缺少必填列：{name}", "missing required column: {name}"),
    "data.problem.missing": ("必填项“{name}”为空", "required value “{name}” is empty"),
    "data.problem.not_number": ("“{value}”不是数字", "“{value}” is not a number"),
    "data.problem.negative": ("数量不能为负数", "a count cannot be negative"),
    "data.problem.too_many": (
        "数量 {value} 过大（上限 {limit}）",
        "the count {value} is too large (at most {limit})",
    ),
    "data.problem.share": (
        "比例 {value:g} 不在 0–1 之间",
        "share {value:g} is not between 0 and 1",
    ),
    "data.problem.impossible": (
        "{what} {value} 大于常住人口 {population}",
        "{what} {value} is larger than the population {population}",
    ),
    "data.problem.not_bool": ("无法识别为“是/否”，按“否”处理", "not read as yes/no; taken as no"),
    "data.problem.swapped": (
        "经度和纬度填反了（可在导入时自动交换）",
        "longitude and latitude are swapped (can be swapped back on import)",
    ),
    "data.problem.swapped_fixed": (
        "经度和纬度填反，已交换",
        "longitude and latitude were swapped; swapped back",
    ),
    "data.problem.outside_china": (
        "坐标（{lon}, {lat}）不在中国境内",
        "the point ({lon}, {lat}) is outside China",
    ),
    "data.problem.approximate": (
        "没有坐标，已按{county}的内部代表点近似定位",
        "no coordinates; placed approximately at {county}",
    ),
    "data.problem.unplaced": (
        "没有坐标，也没有可用于定位的区县代码、区县名称或地址",
        "no coordinates, and no county code, county name or address to place it",
    ),
    "data.problem.outside_county": (
        "所填区县为{stated}，但坐标位于{found}",
        "stated county is {stated}, but the point lies in {found}",
    ),
    "data.problem.outside_province": (
        "所填省份为{stated}，但坐标位于{found}",
        "stated province is {stated}, but the point lies in {found}",
    ),
    "data.problem.duplicate_id": ("编号“{id}”与第 {first} 行重复", "id “{id}” repeats row {first}"),
    "data.problem.duplicate_location": (
        "与第 {first} 行名称相同、位置相同",
        "same name and place as row {first}",
    ),
    "data.problem.crs_shift": (
        "许多点偏离所填区县数百米，按 {suggested} 解读时更吻合；请确认坐标系（当前：{chosen}）",
        "many points lie hundreds of metres off their stated county and fit better read as "
        "{suggested}; check the coordinate system (now: {chosen})",
    ),
    # a province's or city's own list, on the server
    "areas.plan_missing": (
        "这份名单缺少{area}已保存方案中的 {n} 个社区（{ids}）：保存后它们不在任何社区图层中，"
        "地图、结对和备案表中没有它们的位置（方案本身不变）。名单应包含已入选的社区，并沿用其编号。",
        "This list lacks {n} communities of {area} in saved plans ({ids}): once it is saved "
        "they are in no communities layer, and the maps, the pairing and the filing form "
        "cannot place them (the plans themselves do not change). The list should hold the "
        "chosen communities under their IDs.",
    ),
    "areas.save": (
        "作为{area}的社区名单保存到服务器（只替换{area}的社区，团中央可见）",
        "Save as {area}'s own community list on the server (replaces {area} only; the centre sees it)",
    ),
    "areas.saved": (
        "已保存：{area}的 {n} 个社区替换了原有社区，全国其他地区不变；所有会话（含团中央）均可见。",
        "Saved: {area}'s {n} communities replace its former ones; the rest of the country is unchanged, and every session (the centre's too) sees it.",
    ),
    "areas.outside": (
        "名单中另有 {n} 行不在{area}，未保存。",
        "{n} rows of the list are outside {area} and were left out.",
    ),
    "areas.empty": (
        "名单的 {n} 行都不在{area}，未保存。",
        "None of the {n} rows is in {area}: nothing saved.",
    ),
    "areas.denied": (
        "您无权替换{area}的社区名单。",
        "You may not replace {area}'s community list.",
    ),
    "areas.list_note": (
        "社区名单：{area}自有的真实名单（文件 {file}，{who} 于 {time} 上传），非模拟数据。",
        "Community list: {area}'s own real list (file {file}, uploaded by {who} on {time}), "
        "not simulated.",
    ),
    "areas.notice": (
        "以下地区使用本地上传的真实社区名单（非模拟）：{areas}。",
        "These areas use their own uploaded real community list (not simulated): {areas}.",
    ),
}
