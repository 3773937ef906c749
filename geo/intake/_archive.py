"""Zip archives from users (zipped Shapefiles, and XLSX workbooks, which are zips too).

Every limit is checked on the archive's directory *before* a byte is decompressed: the
number of members, each member's name (no absolute path, no ``..``, no drive letter, no
NUL), each member's unpacked size, the total unpacked size, and each large member's
compression ratio (deflate tops out near 1,032:1; real tables compress 3–15:1, so a high
ratio on a large member is a bomb, not data). The declared sizes can be trusted as upper
bounds because :mod:`zipfile` never returns more than a member's declared size: it stops
at ``file_size`` and checks the CRC at the end. Members are then unpacked under names this
module builds, and only those paths are handed on: the reader never opens a path spelled
by the archive.

Damaged archives (bad directory, bad CRC, corrupt deflate data raising ``zlib.error``,
unsupported compression, encryption) become :class:`geo.core.errors.InputError` naming the
member.
"""

from __future__ import annotations

import io as _stdio
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from geo.core.errors import InputError, Problem

MAX_MEMBERS = 10_000
"""Most members an archive may hold."""
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
"""Largest total unpacked size of the members read (1 GiB)."""
MAX_MEMBER_BYTES = 512 * 1024 * 1024
"""Largest unpacked size of one member (512 MiB; the embedded national community list as
an XLSX sheet is 116 MB)."""
MAX_RATIO = 100
"""Highest compression ratio accepted for a member larger than :data:`RATIO_FLOOR_BYTES`."""
RATIO_FLOOR_BYTES = 8 * 1024 * 1024
"""Members up to this size (8 MiB) may compress better (blank padding in a .dbf)."""
CHUNK_BYTES = 1024 * 1024
"""Bytes decompressed at a time when a member is streamed."""
NESTED_EXTENSIONS: tuple[str, ...] = (".zip", ".7z", ".rar", ".gz", ".tgz", ".tar", ".xz", ".bz2")
"""Member extensions refused as archives inside the archive."""

DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError)
"""What :mod:`zipfile` raises on a damaged, encrypted or unsupported member."""


def _error(key: str, file: str, *, code: str, **values: object) -> InputError:
    return InputError([Problem(key, file=file, code=code, params=values)])


def open_zip(raw: bytes, file: str, bad_key: str = "data.problem.bad_zip") -> zipfile.ZipFile:
    """Open archive bytes; an unreadable directory is an :class:`InputError` (``bad_key``)."""
    try:
        return zipfile.ZipFile(_stdio.BytesIO(raw))
    except (*DAMAGE, ValueError):
        raise _error(bad_key, file, code="malformed") from None


def safe_name(name: str) -> PurePosixPath | None:
    """The member's path relative to the extraction folder, or ``None`` when it would leave it.

    Backslashes count as separators (archives made on Windows); an absolute path, a drive
    letter, a ``..`` part or a NUL makes the name unsafe.
    """
    text = name.replace("\\", "/")
    if not text or "\x00" in text or text.startswith("/") or (len(text) > 1 and text[1] == ":"):
        return None
    parts = [p for p in text.split("/") if p not in ("", ".")]
    if not parts or any(p == ".." for p in parts):
        return None
    return PurePosixPath(*parts)


def _mb(n: int) -> str:
    return f"{n / 2**20:,.0f}"


def check_members(
    zf: zipfile.ZipFile,
    file: str,
    *,
    nested: bool = True,
    max_members: int = MAX_MEMBERS,
    max_total: int = MAX_UNPACKED_BYTES,
    max_member: int = MAX_MEMBER_BYTES,
    max_ratio: float = MAX_RATIO,
    ratio_floor: int = RATIO_FLOOR_BYTES,
) -> list[zipfile.ZipInfo]:
    """Check every member of an archive against the limits, before anything is unpacked.

    Parameters
    ----------
    zf
        The open archive.
    file
        File name for problems.
    nested
        Refuse archives inside the archive (a workbook may embed anything, so XLSX passes
        ``False``).
    max_members, max_total, max_member, max_ratio, ratio_floor
        The limits (defaults: the module constants).

    Returns
    -------
    list of zipfile.ZipInfo
        The file members (folders left out), in archive order.

    Raises
    ------
    InputError
        At the first member that breaks a limit, naming it.
    """
    infos = zf.infolist()
    if len(infos) > max_members:
        raise _error(
            "data.problem.zip_members",
            file,
            code="too_large",
            n=len(infos),
            limit=max_members,
        )
    members: list[zipfile.ZipInfo] = []
    total = 0
    for info in infos:
        shown = info.filename[:120]
        if safe_name(info.filename) is None:
            raise _error("data.problem.zip_member_path", file, code="unsafe", member=shown)
        if info.is_dir():
            continue
        if nested and info.filename.lower().endswith(NESTED_EXTENSIONS):
            raise _error("data.problem.zip_nested", file, code="unsafe", member=shown)
        size = info.file_size
        if size > max_member:
            raise _error(
                "data.problem.zip_member_too_large",
                file,
                code="too_large",
                member=shown,
                mb=_mb(size),
                limit=_mb(max_member),
            )
        if size > ratio_floor and size > max_ratio * max(info.compress_size, 1):
            ratio = size / max(info.compress_size, 1)
            raise _error(
                "data.problem.zip_ratio",
                file,
                code="too_large",
                member=shown,
                ratio=f"{ratio:,.0f}",
            )
        total += size
        if total > max_total:
            raise _error("data.problem.zip_too_large", file, code="too_large", limit=_mb(max_total))
        members.append(info)
    return members


def stream(zf: zipfile.ZipFile, info: zipfile.ZipInfo, file: str) -> Iterator[bytes]:
    """A member's bytes in chunks of :data:`CHUNK_BYTES`; damage raises :class:`InputError`."""
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(CHUNK_BYTES):
                yield chunk
    except DAMAGE:
        raise _error(
            "data.problem.zip_corrupt", file, code="malformed", member=info.filename[:120]
        ) from None


def extract(
    zf: zipfile.ZipFile,
    infos: list[zipfile.ZipInfo],
    folder: str | Path,
    file: str,
) -> list[Path]:
    """Unpack checked members under ``folder`` and return the paths written, in order.

    Each path is built from :func:`safe_name` and checked to lie inside ``folder``; the
    caller opens these paths only, never one spelled by the archive.
    """
    root = Path(folder).resolve()
    written: list[Path] = []
    for info in infos:
        relative = safe_name(info.filename)
        target = (root / relative).resolve() if relative is not None else None
        if target is None or not target.is_relative_to(root) or target == root:
            raise _error(
                "data.problem.zip_member_path",
                file,
                code="unsafe",
                member=info.filename[:120],
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as out:
            for chunk in stream(zf, info, file):
                out.write(chunk)
        written.append(target)
    return written
