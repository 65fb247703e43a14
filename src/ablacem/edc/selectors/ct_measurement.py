"""Reads of CT cement measurements."""

from __future__ import annotations

from ..models import CtMeasurement


def latest_ct_measurement(lesion, actor) -> CtMeasurement | None:
    """The most recent measurement of ``lesion``'s post-procedure CT that ``actor`` may see (None if none)."""
    return (
        CtMeasurement.objects.active()
        .visible_to(actor)
        .filter(lesion=lesion)
        .defer("overlay_png")
        .order_by("-created_at", "-pk")
        .first()
    )
