"""The API's addresses: ``/api/v1/...`` (database keys only, never study IDs), the OpenAPI schema
at ``/api/schema/`` and its browsable documentation at ``/api/docs/``."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .views import adverse_events, assessments, dataset, imaging, lesions, patients, procedure, worklist

v1 = [
    path("patients/", patients.PatientList.as_view(), name="api_patients"),
    path("patients/<int:pk>/", patients.PatientDetail.as_view(), name="api_patient"),
    path("patients/<int:pk>/identity/", patients.PatientIdentityDetail.as_view(), name="api_patient_identity"),
    path("patients/<int:pk>/end-of-study/", patients.EndOfStudy.as_view(), name="api_end_of_study"),
    path("patients/<int:pk>/lesions/", lesions.PatientLesions.as_view(), name="api_patient_lesions"),
    path("patients/<int:pk>/procedure/", procedure.PatientProcedure.as_view(), name="api_procedure"),
    path("patients/<int:pk>/assessments/", assessments.PatientAssessments.as_view(), name="api_assessments"),
    path(
        "patients/<int:pk>/assessments/<str:timepoint>/",
        assessments.AssessmentDetail.as_view(),
        name="api_assessment",
    ),
    path(
        "patients/<int:pk>/adverse-events/",
        adverse_events.PatientAdverseEvents.as_view(),
        name="api_patient_adverse_events",
    ),
    path("lesions/<int:pk>/", lesions.LesionDetail.as_view(), name="api_lesion"),
    path("lesions/<int:pk>/imaging/", imaging.LesionImaging.as_view(), name="api_lesion_imaging"),
    path("lesions/<int:pk>/imaging/<str:timepoint>/", imaging.ImagingDetail.as_view(), name="api_imaging"),
    path("adverse-events/<int:pk>/", adverse_events.AdverseEventDetail.as_view(), name="api_adverse_event"),
    path(
        "adverse-events/<int:pk>/acknowledge/",
        adverse_events.AdverseEventAcknowledge.as_view(),
        name="api_adverse_event_acknowledge",
    ),
    path("worklist/", worklist.Worklist.as_view(), name="api_worklist"),
    path("queries/", worklist.Queries.as_view(), name="api_queries"),
    path("queries/<int:pk>/", worklist.QueryDetail.as_view(), name="api_query"),
    path("dataset/", dataset.Dataset.as_view(), name="api_dataset"),
]

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
]
