"""A manifest of a written dataset folder: the SHA-256 of every file (for the final export).

Anyone can check later that the files of the final export are the ones written at database
lock: ``sha256sum`` of each file against the manifest, and the manifest's own SHA-256 against
the one kept in the audit trail.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

MANIFEST_NAME = "manifest.json"


def file_sha256(path: Path) -> str:
    """The SHA-256 (hex) of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_manifest(folder: str | Path, *, about: Mapping | None = None) -> tuple[Path, str]:
    """Write ``manifest.json`` listing every file under ``folder`` with its size and SHA-256.

    Parameters
    ----------
    folder : path
        The export folder (files in sub-folders are listed by their relative path, ``/``-separated).
    about : mapping, optional
        What the export is (the lock, who wrote it, when), kept under ``"export"``.

    Returns
    -------
    (Path, str)
        The manifest's path and its own SHA-256.
    """
    root = Path(folder)
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.name != MANIFEST_NAME)
    manifest = {
        "export": dict(about or {}),
        "algorithm": "sha256",
        "files": [
            {"path": p.relative_to(root).as_posix(), "bytes": p.stat().st_size, "sha256": file_sha256(p)} for p in files
        ],
    }
    path = root / MANIFEST_NAME
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path, file_sha256(path)
