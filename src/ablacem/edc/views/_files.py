"""Building download files in a temporary folder and streaming them (nothing is kept on disk)."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

from django.http import FileResponse
from django.utils import timezone


def stamped(name: str, suffix: str) -> str:
    """A download file name with today's date (``ablacem-dataset-2026-11-26.zip``); no patient data."""
    return f"ablacem-{name}-{timezone.localdate():%Y-%m-%d}{suffix}"


def zip_folder(folder: Path, *, exclude: tuple[str, ...] = ()):
    """An anonymous temporary file holding a zip of ``folder`` (paths relative to it), rewound."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - returned open; FileResponse closes it
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.name not in exclude:
                archive.write(path, path.relative_to(folder).as_posix())
    handle.seek(0)
    return handle


def write_problems(folder: Path, problems: list[str]) -> None:
    """``problems.txt`` in an export's folder: the data problems it carries (nothing when none)."""
    if problems:
        lines = ["This export was built from data with problems; correct them in the EDC:", *problems]
        (folder / "problems.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def download(handle, filename: str, content_type: str) -> FileResponse:
    """Stream ``handle`` as an attachment that no cache keeps."""
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["Cache-Control"] = "no-store"
    return response
