"""The API's addresses: ``/api/v1/...`` (database keys only, never study IDs), the OpenAPI schema
at ``/api/schema/`` and its browsable documentation at ``/api/docs/``."""

from django.urls import path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .views import (
    adverse_events,
    assessments,
    dataset,
    fhir,
    imaging,
    lesions,
    patients,
    procedure,
    queries,
    report_builds,
    worklist,
)


class SignedInt:
    """Any integer in a key's place: a key that matches no record answers a problem-details 404
    from the view, not Django's HTML page."""

    regex = "-?[0-9]{1,19}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(SignedInt, "key")

v1 = [
    path("patients/", patients.PatientList.as_view(), name="api_patients"),
    path("patients/<key:pk>/", patients.PatientDetail.as_view(), name="api_patient"),
    path("patients/<key:pk>/identity/", patients.PatientIdentityDetail.as_view(), name="api_patient_identity"),
    path("patients/<key:pk>/end-of-study/", patients.EndOfStudy.as_view(), name="api_end_of_study"),
    path("patients/<key:pk>/lesions/", lesions.PatientLesions.as_view(), name="api_patient_lesions"),
    path("patients/<key:pk>/procedure/", procedure.PatientProcedure.as_view(), name="api_procedure"),
    path("patients/<key:pk>/assessments/", assessments.PatientAssessments.as_view(), name="api_assessments"),
    path(
        "patients/<key:pk>/assessments/<str:timepoint>/",
        assessments.AssessmentDetail.as_view(),
        name="api_assessment",
    ),
    path(
        "patients/<key:pk>/adverse-events/",
        adverse_events.PatientAdverseEvents.as_view(),
        name="api_patient_adverse_events",
    ),
    path("lesions/<key:pk>/", lesions.LesionDetail.as_view(), name="api_lesion"),
    path("lesions/<key:pk>/imaging/", imaging.LesionImaging.as_view(), name="api_lesion_imaging"),
    path("lesions/<key:pk>/imaging/<str:timepoint>/", imaging.ImagingDetail.as_view(), name="api_imaging"),
    path("adverse-events/<key:pk>/", adverse_events.AdverseEventDetail.as_view(), name="api_adverse_event"),
    path(
        "adverse-events/<key:pk>/acknowledge/",
        adverse_events.AdverseEventAcknowledge.as_view(),
        name="api_adverse_event_acknowledge",
    ),
    path("worklist/", worklist.Worklist.as_view(), name="api_worklist"),
    path("queries/", queries.Queries.as_view(), name="api_queries"),
    path("queries/<key:pk>/", queries.QueryDetail.as_view(), name="api_query"),
    path("queries/<key:pk>/answer/", queries.QueryAnswer.as_view(), name="api_query_answer"),
    path("queries/<key:pk>/close/", queries.QueryClose.as_view(), name="api_query_close"),
    path("queries/<key:pk>/reopen/", queries.QueryReopen.as_view(), name="api_query_reopen"),
    path("dataset/", dataset.Dataset.as_view(), name="api_dataset"),
    path("patients/<key:pk>/fhir/", fhir.PatientFhirBundle.as_view(), name="api_patient_fhir"),
    path("report-builds/", report_builds.ReportBuildStart.as_view(), name="api_report_builds"),
    path("report-builds/<key:pk>/", report_builds.ReportBuildDetail.as_view(), name="api_report_build"),
    path(
        "report-builds/<key:pk>/download/",
        report_builds.ReportBuildDownload.as_view(),
        name="api_report_build_download",
    ),
]

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
]
