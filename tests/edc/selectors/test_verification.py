"""SDV progress per patient and per form, and the setting choosing the forms."""

import pytest

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.selectors.verification import sdv_items, sdv_progress
from tests.edc.conftest import enrol, treat

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


def test_progress_counts_verified_forms_per_patient_and_per_form(coordinator, monitor, settings):
    settings.ABLACEM_SDV_FORMS = []  # every form
    first = enrol(coordinator)
    lesion, procedure = treat(coordinator, first)
    second = enrol(coordinator)  # enrolment only
    services.source_verify(kind="enrolment", record=first, actor=Actor.staff(monitor))
    services.source_verify(kind="lesion", record=lesion, actor=Actor.staff(monitor))
    services.source_verify(kind="enrolment", record=second, actor=Actor.staff(monitor))
    services.source_verify(kind="procedure", record=procedure, field_name="guidance", actor=Actor.staff(monitor))

    items = sdv_items(actor=monitor)
    # first: enrolment, lesion, procedure; second: enrolment (no end of study, visit or event recorded).
    assert [(i.patient.study_id, i.kind.code, i.verified) for i in items] == [
        (first.study_id, "enrolment", True),
        (first.study_id, "lesion", True),
        (first.study_id, "procedure", False),
        (second.study_id, "enrolment", True),
    ]
    assert items[2].fields_verified == 1
    progress = sdv_progress(items)
    assert progress["overall"] == {"forms": 4, "verified": 3, "percent": 75.0}
    assert progress["by_patient"] == [
        (first.study_id, first.pk, {"forms": 3, "verified": 2, "percent": 66.7}),
        (second.study_id, second.pk, {"forms": 1, "verified": 1, "percent": 100.0}),
    ]
    by_form = dict(progress["by_form"])
    assert by_form["Enrolment"] == {"forms": 2, "verified": 2, "percent": 100.0}
    assert by_form["Procedure"] == {"forms": 1, "verified": 0, "percent": 0.0}
    assert by_form["Adverse event"] == {"forms": 0, "verified": 0, "percent": None}


def test_only_the_forms_the_setting_names_are_listed(coordinator, monitor, settings):
    settings.ABLACEM_SDV_FORMS = ["procedure"]
    patient = enrol(coordinator)
    treat(coordinator, patient)
    items = sdv_items(actor=monitor)
    assert [i.kind.code for i in items] == ["procedure"]
    assert [label for label, _ in sdv_progress(items)["by_form"]] == ["Procedure"]
