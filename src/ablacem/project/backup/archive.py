"""The backup file: a tar.gz with ``manifest.json`` and one database payload."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
import tarfile
from pathlib import Path

from ablacem import __version__

MANIFEST_NAME = "manifest.json"
FORMAT = "ablacem-backup"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup, verification or restore that cannot proceed; the message says why."""


@dataclasses.dataclass(frozen=True)
class Manifest:
    """What a backup file holds and how to check it.

    Attributes
    ----------
    engine : str
        ``"sqlite"`` or ``"postgresql"``.
    method : str
        How the payload was made (``"sqlite-backup-api"`` or ``"pg_dump-custom"``).
    payload : str
        Name of the payload member in the archive.
    sha256 : str
        SHA-256 of the payload.
    size : int
        Payload size in bytes.
    tables : dict of str to int
        Row count of every table, read from the payload.
    created_at : str
        UTC time the snapshot was taken (ISO 8601).
    ablacem_version : str
    """

    engine: str
    method: str
    payload: str
    sha256: str
    size: int
    tables: dict[str, int]
    created_at: str = dataclasses.field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    ablacem_version: str = __version__

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "format_version": FORMAT_VERSION, **dataclasses.asdict(self)}, indent=2)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BackupError(f"{MANIFEST_NAME} is not valid JSON ({exc})") from exc
        if data.get("format") != FORMAT or data.get("format_version") != FORMAT_VERSION:
            raise BackupError(f"{MANIFEST_NAME} is not an {FORMAT} manifest of version {FORMAT_VERSION}")
        fields = {f.name for f in dataclasses.fields(cls)}
        missing = sorted(fields - set(data))
        if missing:
            raise BackupError(f"{MANIFEST_NAME} lacks {', '.join(missing)}")
        return cls(**{k: v for k, v in data.items() if k in fields})


def sha256_of(path: Path) -> str:
    """SHA-256 (hex) of a file, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_archive(out: Path, manifest: Manifest, payload: Path) -> Path:
    """Write ``out`` (the manifest first, then the payload) via a temporary name, then rename."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with tarfile.open(partial, "w:gz") as tar:
        data = manifest.to_json().encode()
        info = tarfile.TarInfo(MANIFEST_NAME)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
        tar.add(payload, arcname=manifest.payload)
    partial.replace(out)  # a crash mid-way never leaves a file that looks complete
    return out


def read_archive(path: Path, workdir: Path) -> tuple[Manifest, Path]:
    """Extract the manifest and payload of ``path`` into ``workdir``.

    Raises
    ------
    BackupError
        The file is missing, not a backup archive, or lacks its manifest or payload.
    """
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    try:
        with tarfile.open(path, "r:gz") as tar:
            names = tar.getnames()
            if MANIFEST_NAME not in names:
                raise BackupError(f"{path}: not an ablacem backup (no {MANIFEST_NAME})")
            manifest = Manifest.from_json(tar.extractfile(MANIFEST_NAME).read().decode())
            if manifest.payload not in names or "/" in manifest.payload or manifest.payload.startswith("."):
                raise BackupError(f"{path}: the payload {manifest.payload!r} named by the manifest is missing")
            tar.extract(manifest.payload, workdir, filter="data")
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupError(f"{path}: not a readable backup archive ({exc})") from exc
    return manifest, workdir / manifest.payload
