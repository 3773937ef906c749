"""Every file a page offers for download, caught while AppTest runs it, and read back.

:func:`capture` replaces ``st.download_button`` (the module function and the method of
columns, tabs and expanders) by one that records what the button would give the user and
then draws the real button. :func:`read` opens the bytes by the file's extension and returns
what a user sees in it: sheet names, headers and the text of every cell (workbooks, CSV,
GeoJSON properties). :func:`untranslated` says what in a file is not in the page's language.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import streamlit as st
from python_calamine import CalamineWorkbook
from streamlit.delta_generator import DeltaGenerator

from geo import i18n
from geo.export import filing, labels, pairing_tables

CJK = re.compile(r"[\u3400-\u9fff]")
ENGLISH_WORD = re.compile(r"^[A-Za-z][A-Za-z_ ]*[a-z][A-Za-z_ ]*$")
"""A cell that is English words only (``west``, ``Sheet1`` has a digit and is caught apart)."""

TABLE_EXTENSIONS = ("xlsx", "csv", "geojson")

FREE_TEXT_COLUMNS = (
    "name",
    "subdistrict",
    "university",
    "campus",
    "nearest_home_id",
    "affiliation",
)
"""Columns whose values are names or ids from the data (the same in both languages)."""


def free_text_headers() -> set[str]:
    """Headers (both languages) of the columns holding names from the data: communities,
    streets, universities, campuses, units, and texts quoting them (partner campus)."""
    heads = {labels.header(c, lang) for c in FREE_TEXT_COLUMNS for lang in i18n.LANGS}
    for lang in i18n.LANGS:
        k = 2 if lang == "en" else 1
        heads |= {
            c[k]
            for c in filing.FILING_COLUMNS
            if c[0] in ("subdistrict", "name", "partner", "cobuild")
        }
        co = labels.cobuild_headers(lang)
        heads |= {co["community_name"], co["nearest_unit"], co["units"]}
        pc = pairing_tables.column_labels(lang)
        heads |= {pc[c] for c in ("community_name", "university", "campus") if c in pc}
        heads |= {i18n.t(k, lang) for k in ("common.name", "scoring.col.source")}
        users = ("submitted_by", "decided_by", "entered_by", "updated_by", "user_name", "expert")
        notes = ("changes", "note", "reason")  # what users typed, or changes quoting it
        heads |= {i18n.t(f"mgmt.col.{c}", lang) for c in (*users, *notes)}
    return heads


FREE_TEXT = free_text_headers()


def neutral(header: str) -> bool:
    """Whether a header is the same in both languages (no letters: ``985``)."""
    return not re.search(r"[A-Za-z\u3400-\u9fff]", header) or header in ("985", "211")


def problems(files: dict[str, Download], lang: str) -> dict[str, list[str]]:
    """File name → what in it is not in ``lang`` (:func:`untranslated`), for the workbooks
    and CSV files among ``files``. A template's example row and instructions are the
    import format (data as the importer reads it, the field names): only its sheet names
    and the first sheet's headers are checked (a template: a button whose key says so)."""
    out: dict[str, list[str]] = {}
    for name, d in files.items():
        if d.ext not in ("xlsx", "csv"):
            continue
        sheets = read(d)
        if "template" in d.key:  # the data page's layer templates, the expert scores' one
            sheets = [
                Sheet(s.name, s.headers[:1] if i else s.headers) for i, s in enumerate(sheets)
            ]
        wrong = untranslated(sheets, lang, free_text=FREE_TEXT.__contains__, neutral=neutral)
        if wrong:
            out[name] = wrong
    return out


@dataclass
class Download:
    """One download button: its key, label, file name and the data it gives."""

    key: str
    label: str
    file_name: str
    data: object

    @property
    def ext(self) -> str:
        return self.file_name.rsplit(".", 1)[-1].lower()

    def content(self) -> bytes:
        data = self.data() if callable(self.data) else self.data
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)  # type: ignore[arg-type]


@dataclass
class Sheet:
    """A table as a user reads it in a file: its name, headers and cells."""

    name: str
    headers: list[str]
    rows: list[list[object]] = field(default_factory=list)

    def column(self, header: str) -> list[object]:
        j = self.headers.index(header)
        return [r[j] for r in self.rows if j < len(r)]


@contextmanager
def capture() -> Iterator[list[Download]]:
    """Record every download button drawn while the block runs (AppTest runs in process)."""
    found: list[Download] = []
    original = DeltaGenerator.download_button
    module_fn = st.download_button

    def record(args: tuple, kwargs: dict) -> None:
        names = ("label", "data", "file_name", "mime")
        given = dict(zip(names, args, strict=False)) | kwargs
        found.append(
            Download(
                str(given.get("key", "")),
                str(given.get("label", "")),
                str(given.get("file_name", "")),
                given.get("data"),
            )
        )

    def method(self, *args, **kwargs):  # noqa: ANN001, ANN202 - DeltaGenerator's signature
        record(args, kwargs)
        return original(self, *args, **kwargs)

    def function(*args, **kwargs):  # noqa: ANN202
        record(args, kwargs)
        return module_fn(*args, **kwargs)

    DeltaGenerator.download_button = method  # type: ignore[method-assign]
    st.download_button = function  # type: ignore[assignment]
    try:
        yield found
    finally:
        DeltaGenerator.download_button = original  # type: ignore[method-assign]
        st.download_button = module_fn  # type: ignore[assignment]


def read(download: Download) -> list[Sheet]:
    """The tables in a downloaded file (XLSX: one per sheet; CSV and GeoJSON: one)."""
    data = download.content()
    if download.ext == "xlsx":
        # calamine (Rust): a region's 660,000 cells in about a second (openpyxl: 18 s).
        # Numbers come back as floats, empty cells as "", booleans as bool.
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        out = []
        for name in book.sheet_names:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            head = [str(h) if h is not None else "" for h in (rows[0] if rows else [])]
            out.append(Sheet(name, head, rows[1:]))
        return out
    if download.ext == "csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        return [Sheet(download.file_name, rows[0] if rows else [], [list(r) for r in rows[1:]])]
    if download.ext == "geojson":
        features = json.loads(data.decode("utf-8")).get("features", [])
        head = list(features[0]["properties"]) if features else []
        rows = [[f["properties"].get(h) for h in head] for f in features]
        return [Sheet(download.file_name, head, rows)]
    return []


def _wrong(text: str, lang: str) -> bool:
    """Whether ``text`` (a header or sheet name) is not in ``lang``."""
    if lang == "en":
        return bool(CJK.search(text))
    return not CJK.search(text) and bool(re.search(r"[A-Za-z]{2,}", text))


def untranslated(
    sheets: list[Sheet],
    lang: str,
    *,
    free_text: Callable[[str], bool],
    neutral: Callable[[str], bool],
) -> list[str]:
    """What in ``sheets`` is not in ``lang``: sheet names, headers and category values.

    Parameters
    ----------
    sheets
        Tables read by :func:`read`.
    lang
        The page's language.
    free_text
        Whether a header holds text from users or the data (community, university names):
        its values are not checked.
    neutral
        Whether a header is the same in both languages (``985``, ``ID`` …).

    Returns
    -------
    list of str
        One line per problem: ``sheet: header`` or ``sheet[header]: value``.
    """
    out: list[str] = []
    for sheet in sheets:
        is_file = "." in sheet.name
        if not is_file and (_wrong(sheet.name, lang) or re.fullmatch(r"Sheet\d*", sheet.name)):
            out.append(f"sheet name {sheet.name!r}")
        for j, header in enumerate(sheet.headers):
            if not neutral(header) and _wrong(header, lang):
                out.append(f"{sheet.name}: header {header!r}")
            if free_text(header):
                continue
            seen: set[str] = set()
            for row in sheet.rows:
                value = row[j] if j < len(row) else None
                if isinstance(value, bool):  # TRUE/FALSE: Excel's English words
                    out.append(f"{sheet.name}[{header}]: value {value!r}")
                    break
                if not isinstance(value, str) or value in seen:
                    continue
                seen.add(value)
                bad = CJK.search(value) if lang == "en" else ENGLISH_WORD.fullmatch(value)
                if bad:
                    out.append(f"{sheet.name}[{header}]: value {value!r}")
    return out
