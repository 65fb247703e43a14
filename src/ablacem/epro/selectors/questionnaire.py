"""What the patient's questionnaire reads: the last visit's painkillers, the draft, the wording."""

from __future__ import annotations

from django.conf import settings

from ablacem.edc.models import Analgesic, Assessment
from ablacem.edc.selectors.wording import qlqc30_item_wording, qlqc30_response_labels
from ablacem.protocol import codelists as cl
from ablacem.protocol.timepoints import get_timepoint

from ..models import LinkDraft, PatientLink
from ..painkillers import ROW_FIELDS


def previous_painkillers(link: PatientLink) -> list[dict]:
    """The analgesic lines of the patient's last done visit before the link's timepoint.

    Returns
    -------
    list of dict
        ``drug``, ``route``, ``dose``, ``unit``, ``per_day`` per line, in entry order; empty
        when no earlier visit was done (or none recorded painkillers).
    """
    order = get_timepoint(link.timepoint).order
    earlier = [
        v
        for v in Assessment.objects.active().filter(patient=link.patient, status=cl.DONE)
        if get_timepoint(v.timepoint).order < order
    ]
    if not earlier:
        return []
    last = max(earlier, key=lambda v: get_timepoint(v.timepoint).order)
    lines = Analgesic.objects.filter(assessment=last, is_deleted=False).order_by("position", "id")
    return [{f: getattr(a, f) for f in ROW_FIELDS} for a in lines]


def draft_of(link: PatientLink) -> LinkDraft | None:
    """The link's saved draft, if the patient has answered anything yet."""
    return LinkDraft.objects.filter(link=link).first()


def draft_answers(link: PatientLink) -> dict:
    """The answers saved so far (``{}`` before the first screen is saved)."""
    draft = draft_of(link)
    return dict(draft.answers) if draft is not None else {}


def questionnaire_wording(language: str) -> dict[str, str]:
    """The licensed QLQ-C30 item wording in ``language`` (``{}`` when not installed)."""
    return qlqc30_item_wording(language)


def questionnaire_response_labels(language: str) -> dict[str, dict[int, str]]:
    """The licensed response labels of each QLQ-C30 item in ``language`` (``{"q1": {1: ...}}``;
    ``{}`` when not installed, or when the installed file has none: numbers are shown)."""
    return qlqc30_response_labels(language)


def wording_blocks_links(language: str) -> bool:
    """True when patient links must not open in ``language``: the settings require the licensed
    wording (production) and it is not installed for that language."""
    return bool(getattr(settings, "EPRO_REQUIRE_WORDING", False)) and not questionnaire_wording(language)


def languages_blocked() -> list[str]:
    """The patient languages whose links are closed for want of the licensed wording (for the dashboard)."""
    return [code for code in cl.PATIENT_LANGUAGE.codes if wording_blocks_links(code)]
