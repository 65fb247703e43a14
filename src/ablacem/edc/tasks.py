"""Background work of the EDC (Django's tasks framework; ``ablacem worker`` runs the queue)."""

from __future__ import annotations

from django_tasks import task


@task()
def measure_ct(measurement_id: int, seed_mm: list[float] | None = None) -> str:
    """Measure an uploaded CT series (:func:`ablacem.edc.services.ct_measurement.ct_measurement_run`),
    from the radiologist's point in the cement (``seed_mm``, patient coordinates) when given.

    Returns the measurement's status (kept by the task backend; no patient data).
    """
    from .services.ct_measurement import ct_measurement_run

    return ct_measurement_run(measurement_id=measurement_id, seed_mm=seed_mm).status


@task()
def refresh_problems(patient_pks: list[int]) -> int:
    """Recompute the open problems of patients whose records changed and close the queries whose
    problem is gone (:func:`ablacem.edc.services.problems.problems_refresh_and_close`).

    Returns the number of problems stored (no patient data).
    """
    from .services.problems import problems_refresh_and_close

    return problems_refresh_and_close(patient_pks=patient_pks)


@task()
def build_study_report(build_id: int) -> str:
    """Build the study report of a queued build (:func:`ablacem.edc.services.report_build.report_build_run`).

    Returns the build's status (kept by the task backend; no patient data).
    """
    from .services.report_build import report_build_run

    return report_build_run(build_id=build_id).status
