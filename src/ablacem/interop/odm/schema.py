"""Validation against the official CDISC ODM 1.3.2 XML Schema.

The XSD files (``ODM1-3-2.xsd`` and the foundation, xlink, xml and xmldsig schemas it imports)
are those odmlib ships in ``odmlib/schemas/odm/1.3.2``; validation uses xmlschema (a test
dependency of ablacem, imported only here).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def xsd_path() -> Path:
    """Path of ``ODM1-3-2.xsd`` inside the installed odmlib package."""
    path = Path(str(resources.files("odmlib"))) / "schemas" / "odm" / "1.3.2" / "ODM1-3-2.xsd"
    if not path.exists():
        raise FileNotFoundError(f"the ODM 1.3.2 XSD is not where odmlib keeps it ({path})")
    return path


def schema_errors(xml_path: str | Path, *, limit: int = 20) -> list[str]:
    """Every way (up to ``limit``) the file breaks the ODM 1.3.2 schema; empty when valid."""
    import xmlschema

    schema = xmlschema.XMLSchema(str(xsd_path()))
    out = []
    for error in schema.iter_errors(str(xml_path)):
        out.append(f"{error.path}: {error.reason}")
        if len(out) >= limit:
            break
    return out
