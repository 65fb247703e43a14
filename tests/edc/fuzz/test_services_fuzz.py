"""Fuzzing every write service with values derived from the field registry (issue 11).

Each example calls a service with random, boundary and wrong-kind values of its declared
columns, with random arguments left out. The only acceptable refusal is the services'
``ValidationError``; a save that succeeds must store values inside their declarations. Every
example runs in a savepoint that is rolled back, so examples do not see each other.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from ablacem.dataset import schema as sc
from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import (
    AdverseEvent,
    Analgesic,
    Assessment,
    Imaging,
    Lesion,
    Patient,
    PatientIdentity,
    ProcedureLesion,
)
from ablacem.edc.models.lesion import LESION_FIELDS
from ablacem.edc.models.patient import PATIENT_FIELDS
from ablacem.protocol import codelists as cl
from tests.edc.conftest import enrol
from tests.edc.fuzz import stored
from tests.edc.fuzz.strategies import NASTY_TEXT, any_value, field_values

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

ELIGIBILITY = sc.Column("eligibility_confirmed", sc.BOOLEAN, "Eligibility confirmed")


def _columns(table: sc.Table, names) -> list[sc.Column]:
    return [table.column(n) for n in names if n in table.column_names]


PATIENT_COLUMNS = [ELIGIBILITY, *_columns(sc.PATIENTS, PATIENT_FIELDS)]
IDENTITY_COLUMNS = _columns(sc.IDENTIFIERS, ("name", "hospital_number", "birth_date"))
LESION_COLUMNS = _columns(sc.LESIONS, LESION_FIELDS)
SESSION_COLUMNS = _columns(sc.PROCEDURES, ("procedure_date", "guidance", "anaesthesia"))
SESSION_EXTRA = _columns(sc.PROCEDURES, ("duration_minutes", "length_of_stay_days"))
TREATED_COLUMNS = _columns(
    sc.PROCEDURES,
    ("modality", "n_probes", "ablation_minutes", "cement_ml", "cement_leakage", "leakage_type", "leakage_symptomatic"),
)
TREATED_COLUMNS = [*TREATED_COLUMNS, sc.PROCEDURES.column("technical_success")]
ITEM_COLUMNS = [c for c in sc.ASSESSMENTS.columns if c.name[:1] == "q" and c.name[1:].isdigit()]
ANALGESIC_COLUMNS = _columns(sc.ANALGESICS, ("drug", "route", "dose", "unit", "per_day"))
AE_COLUMNS = _columns(sc.ADVERSE_EVENTS, ("onset_date", "term", "cirse_grade", "serious", "related_to"))
AE_OPTIONAL = _columns(sc.ADVERSE_EVENTS, ("outcome", "description"))
TEXT = st.one_of(st.text(max_size=60), st.sampled_from(NASTY_TEXT))


def attempt(call, checks) -> None:
    """Run ``call`` in a rolled-back savepoint: a ValidationError or a save whose values keep to
    their declarations (``checks(saved)`` lists ``(record, table)`` to check)."""
    with transaction.atomic():
        try:
            saved = call()
        except ValidationError as exc:
            assert exc.message_dict or exc.messages  # a refusal names what is wrong
        else:
            found = [p for record, table in checks(saved) for p in stored.problems(record, table)]
            assert found == [], found
        transaction.set_rollback(True)


@pytest.fixture
def actor(coordinator):
    return Actor.staff(coordinator)


@given(data=field_values(PATIENT_COLUMNS, required=PATIENT_FIELDS), identity=field_values(IDENTITY_COLUMNS))
def test_patient_enrol(actor, data, identity):
    def checks(patient):
        identity_row = PatientIdentity.objects.filter(patient=patient).first()
        return [(patient, sc.PATIENTS)] + ([(identity_row, sc.IDENTIFIERS)] if identity_row else [])

    attempt(lambda: services.patient_enrol(actor=actor, **data, **identity), checks)


@given(fields=field_values(PATIENT_COLUMNS), reason=TEXT)
def test_patient_update(actor, coordinator, fields, reason):
    def call():
        patient = enrol(coordinator)
        return services.patient_update(
            patient=patient, expected_version=patient.version, reason=reason, actor=actor, **fields
        )

    attempt(call, lambda p: [(p, sc.PATIENTS)])


@given(identity=field_values(IDENTITY_COLUMNS), reason=TEXT)
def test_patient_identity_update(actor, coordinator, identity, reason):
    def call():
        patient = enrol(coordinator)
        record = PatientIdentity.objects.get(patient=patient)
        return services.patient_identity_update(
            patient=patient, expected_version=record.version, reason=reason, actor=actor, **identity
        )

    attempt(call, lambda r: [(r, sc.IDENTIFIERS)])


@given(
    data=field_values(_columns(sc.PATIENTS, ("end_reason", "end_date")), required=("end_reason", "end_date")),
    death=any_value(sc.PATIENTS.column("death_date")),
    reason=TEXT,
)
def test_end_of_study_record(actor, treated_patient, data, death, reason):
    patient = treated_patient[0]
    call = lambda: services.end_of_study_record(  # noqa: E731
        patient=patient, death_date=death, expected_version=patient.version, reason=reason, actor=actor, **data
    )
    attempt(call, lambda _: [(Patient.objects.get(pk=patient.pk), sc.PATIENTS)])


@given(fields=field_values(LESION_COLUMNS, required=("site", "lesion_type")))
def test_lesion_create(actor, coordinator, fields):
    attempt(
        lambda: services.lesion_create(patient=enrol(coordinator), actor=actor, **fields), lambda le: [(le, sc.LESIONS)]
    )


@given(fields=field_values(LESION_COLUMNS), reason=TEXT)
def test_lesion_update(actor, treated_patient, fields, reason):
    lesion = treated_patient[1]
    call = lambda: services.lesion_update(  # noqa: E731
        lesion=lesion, expected_version=lesion.version, reason=reason, actor=actor, **fields
    )
    attempt(call, lambda le: [(le, sc.LESIONS)])


@given(
    session=field_values(SESSION_COLUMNS, required=("procedure_date", "guidance", "anaesthesia")),
    extra=field_values(SESSION_EXTRA),
    treated=field_values(TREATED_COLUMNS, required=("modality", "cement_leakage", "technical_success")),
)
def test_procedure_record(actor, coordinator, session, extra, treated):
    def call():
        patient = enrol(coordinator)
        lesion = services.lesion_create(patient=patient, site="T8", lesion_type="lytic", actor=actor)
        return services.procedure_record(
            patient=patient, treated_lesions=[{"lesion": lesion, **treated}], actor=actor, **session, **extra
        )

    def checks(procedure):
        return [(procedure, sc.PROCEDURES)] + [
            (row, sc.PROCEDURES) for row in ProcedureLesion.objects.filter(session=procedure)
        ]

    attempt(call, checks)


@given(
    timepoint=st.one_of(st.sampled_from(cl.TIMEPOINT.codes), st.sampled_from(["", "m12", "BASELINE"])),
    assessed_on=any_value(sc.ASSESSMENTS.column("assessed_on")),
    vas=field_values(_columns(sc.ASSESSMENTS, ("vas_worst", "vas_average"))),
    items=field_values(ITEM_COLUMNS),
    analgesics=st.lists(field_values(ANALGESIC_COLUMNS, required=("drug", "route", "unit")), max_size=3),
    missing=any_value(sc.ASSESSMENTS.column("qlqc30_missing_reason")),
    out_of_window=TEXT,
    complete=st.booleans(),
)
def test_assessment_record(actor, treated_patient, timepoint, assessed_on, vas, items, analgesics, **rest):
    patient = treated_patient[0]

    def call():
        return services.assessment_record(
            patient=patient,
            timepoint=timepoint,
            assessed_on=assessed_on,
            items=items,
            analgesics=analgesics,
            qlqc30_missing_reason=rest["missing"],
            out_of_window_reason=rest["out_of_window"],
            complete=rest["complete"],
            actor=actor,
            **vas,
        )

    def checks(visit):
        visit = Assessment.objects.get(pk=visit.pk)
        rows = [(row, sc.ANALGESICS) for row in Analgesic.objects.filter(assessment=visit)]
        return [(visit, sc.ASSESSMENTS), *rows]

    attempt(call, checks)


@given(
    timepoint=st.one_of(st.sampled_from(cl.TIMEPOINT.codes), st.just("m12")),
    status=st.one_of(st.sampled_from(cl.ASSESSMENT_STATUS.codes), st.just("bogus")),
    reason=TEXT,
)
def test_assessment_mark_not_done(actor, treated_patient, timepoint, status, reason):
    patient = treated_patient[0]
    call = lambda: services.assessment_mark_not_done(  # noqa: E731
        patient=patient, timepoint=timepoint, status=status, not_done_reason=reason, actor=actor
    )
    attempt(call, lambda visit: [(visit, sc.ASSESSMENTS)])


@given(fields=field_values(_columns(sc.IMAGING, ("timepoint", "imaged_on", "local_status", "distant_progression"))))
def test_imaging_record(actor, treated_patient, fields):
    lesion = treated_patient[1]
    fields = {"timepoint": "m3", "imaged_on": dt.date.today(), "local_status": "controlled", **fields}
    attempt(lambda: services.imaging_record(lesion=lesion, actor=actor, **fields), lambda im: [(im, sc.IMAGING)])


@given(
    required=field_values(AE_COLUMNS, required=tuple(c.name for c in AE_COLUMNS)),
    optional=field_values(AE_OPTIONAL),
    criteria=st.lists(st.sampled_from([*cl.SERIOUSNESS_CRITERION.codes, "bogus"]), max_size=3),
    on_lesion=st.booleans(),
)
def test_adverse_event_record(actor, treated_patient, required, optional, criteria, on_lesion):
    patient, lesion, _ = treated_patient
    call = lambda: services.adverse_event_record(  # noqa: E731
        patient=patient,
        serious_criteria=criteria,
        lesion=lesion if on_lesion else None,
        actor=actor,
        **required,
        **optional,
    )
    attempt(call, lambda ae: [(ae, sc.ADVERSE_EVENTS)])


def test_the_fuzzed_models_are_the_registry_tables():
    """The checks above read these models against these tables: each model stores its table."""
    pairs = [(Patient, sc.PATIENTS), (Lesion, sc.LESIONS), (Imaging, sc.IMAGING), (AdverseEvent, sc.ADVERSE_EVENTS)]
    for model, table in pairs:
        fields = {f.name for f in model._meta.concrete_fields}
        assert len(fields & set(table.column_names)) >= 3, model
