"""The raw files of a series, from a folder or a zip archive, with size guards.

A zip is read member by member in memory and never extracted to disk, so a hostile archive
cannot write outside a folder (no path traversal). Zip bombs are refused on the sizes the
archive declares and again while reading, since a declared size can lie.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import SeriesRefused

_CHUNK = 1 << 20
#: Names that are never slices: the DICOMDIR index, macOS resource forks, hidden files.
_SKIPPED_NAMES = {"DICOMDIR"}


@dataclass(frozen=True)
class ReadLimits:
    """How much a series may hold before it is refused.

    Attributes
    ----------
    max_files : int
        Files (slices or multi-frame files) in the series.
    max_total_bytes : int
        Sum of the uncompressed file sizes (a 600-slice 512 x 512 CT is about 320 MB).
    max_ratio : float
        Largest compression ratio of one zip member; DICOM pixel data rarely deflates better
        than 20:1, a zip bomb does by thousands.
    """

    max_files: int = 5000
    max_total_bytes: int = 1 << 30
    max_ratio: float = 200.0


def _skipped(name: str) -> bool:
    parts = Path(name).parts
    return (
        not parts
        or parts[-1] in _SKIPPED_NAMES
        or any(p.startswith(".") or p == "__MACOSX" for p in parts)
        or name.endswith("/")
    )


def iter_files(path: str | Path, limits: ReadLimits = ReadLimits()) -> Iterator[bytes]:
    """Yield the content of every file of the series at ``path`` (a folder or a ``.zip``).

    Parameters
    ----------
    path : str or Path
        A folder (read recursively) or a zip archive.
    limits : ReadLimits
        Size guards.

    Yields
    ------
    bytes
        One file's content, in no particular order (slices are sorted by position later).

    Raises
    ------
    SeriesRefused
        ``empty`` when there is no file, ``too_large`` when a guard trips.
    """
    path = Path(path)
    if path.is_dir():
        yield from _folder(path, limits)
    elif path.is_file() and zipfile.is_zipfile(path):
        yield from _zip(path, limits)
    elif path.is_file():
        yield path.read_bytes() if path.stat().st_size <= limits.max_total_bytes else _too_large(limits)
    else:
        raise SeriesRefused("empty", "the DICOM path is neither a folder nor a file")


def _too_large(limits: ReadLimits) -> bytes:
    raise SeriesRefused(
        "too_large", f"the series is larger than the {limits.max_total_bytes / 1e6:.0f} MB limit for one CT series"
    )


def _folder(path: Path, limits: ReadLimits) -> Iterator[bytes]:
    files = sorted(p for p in path.rglob("*") if p.is_file() and not _skipped(str(p.relative_to(path))))
    if not files:
        raise SeriesRefused("empty", "the folder holds no file")
    if len(files) > limits.max_files:
        raise SeriesRefused("too_large", f"the folder holds {len(files)} files; at most {limits.max_files} are read")
    if sum(p.stat().st_size for p in files) > limits.max_total_bytes:
        _too_large(limits)
    for p in files:
        yield p.read_bytes()


def _zip(path: Path, limits: ReadLimits) -> Iterator[bytes]:
    with zipfile.ZipFile(path) as archive:
        members = [m for m in archive.infolist() if not m.is_dir() and not _skipped(m.filename)]
        if not members:
            raise SeriesRefused("empty", "the archive holds no file")
        if len(members) > limits.max_files:
            raise SeriesRefused(
                "too_large", f"the archive holds {len(members)} files; at most {limits.max_files} are read"
            )
        if sum(m.file_size for m in members) > limits.max_total_bytes:
            _too_large(limits)
        for position, member in enumerate(members, start=1):
            ratio = member.file_size / max(member.compress_size, 1)
            if ratio > limits.max_ratio:
                raise SeriesRefused(
                    "too_large",
                    f"file {position} of the archive expands {ratio:.0f}-fold (at most {limits.max_ratio:.0f}): "
                    "refused as a possible zip bomb",
                )
        read_so_far = 0
        for position, member in enumerate(members, start=1):
            chunks = []
            got = 0
            with archive.open(member) as stream:
                while chunk := stream.read(_CHUNK):
                    got += len(chunk)
                    read_so_far += len(chunk)
                    if got > member.file_size or read_so_far > limits.max_total_bytes:
                        raise SeriesRefused(
                            "too_large", f"file {position} of the archive is larger than it declares: refused"
                        )
                    chunks.append(chunk)
            yield b"".join(chunks)
