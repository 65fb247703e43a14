"""The site's licensed QLQ-C30 item wording, keyed as the form fields are (``q1``..``q30``)."""

from __future__ import annotations

from ablacem.edc.selectors.wording import qlqc30_wording as _load


def qlqc30_wording() -> dict[str, str]:
    """``{"q1": text, ...}`` from the site's licensed file, or ``{}`` without one (forms then
    show the item numbers and the response scale; ablacem never ships EORTC wording)."""
    return {f"q{number}": text for number, text in (_load() or {}).items() if text}
