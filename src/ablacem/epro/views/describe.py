"""Patient-facing words for the visit and the painkillers (translated)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ablacem.protocol import codelists as cl
from ablacem.protocol.timepoints import BASELINE, MONTH_1, MONTH_3, POST, WEEK_1

from ..forms.steps import ROUTE_LABELS


def visit_name(timepoint: str) -> str:
    """The visit as the patient knows it ("1 month after your procedure")."""
    names = {
        BASELINE: _("Before your procedure"),
        POST: _("Just after your procedure"),
        WEEK_1: _("1 week after your procedure"),
        MONTH_1: _("1 month after your procedure"),
        MONTH_3: _("3 months after your procedure"),
    }
    return names[timepoint]


def _amount(value) -> str:
    return f"{float(value):g}"


def painkiller_words(row: dict) -> str:
    """One painkiller in plain words: "Morphine, by mouth: 10 mg, 2 times a day"."""
    per_day = float(row["per_day"])
    times = ngettext("%(n)s time a day", "%(n)s times a day", 1 if per_day == 1 else 2) % {"n": _amount(per_day)}
    return _("%(drug)s, %(route)s: %(dose)s %(unit)s, %(times)s") % {
        "drug": _(cl.ANALGESIC_DRUG.label_of(row["drug"])),
        "route": str(ROUTE_LABELS.get(row["route"], row["route"])).lower(),
        "dose": _amount(row["dose"]),
        "unit": row["unit"],
        "times": times,
    }
