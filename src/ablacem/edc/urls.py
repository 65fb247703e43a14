"""The EDC's URL map. Addresses carry database keys and timepoint codes only, never patient data."""

from django.urls import include, path

from .views import (
    adverse_events,
    assessments,
    audit,
    casebook,
    ct_measurement,
    deletion,
    exports,
    exports_interop,
    home,
    imaging,
    lesions,
    patient_page,
    patients,
    procedure,
    users,
)

app_name = "edc"

#: The pages of one patient, under ``patients/<pk>/``.
patient_urlpatterns = [
    path("", patient_page.patient_detail, name="patient_detail"),
    path("enrolment/", patients.patient_edit, name="patient_edit"),
    path("identity/", patients.identity_edit, name="identity_edit"),
    path("end-of-study/", patients.end_of_study, name="end_of_study"),
    path("lesions/new/", lesions.lesion_new, name="lesion_new"),
    path("lesions/<int:lesion_pk>/", lesions.lesion_edit, name="lesion_edit"),
    path("lesions/<int:lesion_pk>/imaging/<slug:timepoint>/", imaging.imaging_edit, name="imaging_edit"),
    path("lesions/<int:lesion_pk>/ct/", ct_measurement.ct_upload, name="ct_upload"),
    path("lesions/<int:lesion_pk>/ct/<int:measurement_pk>/", ct_measurement.ct_decide, name="ct_decide"),
    path("lesions/<int:lesion_pk>/ct/<int:measurement_pk>/overlay.png", ct_measurement.ct_overlay, name="ct_overlay"),
    path("procedure/", procedure.procedure_edit, name="procedure_edit"),
    path("visits/<slug:timepoint>/", assessments.visit_detail, name="visit"),
    path("visits/<slug:timepoint>/edit/", assessments.visit_edit, name="visit_edit"),
    path("visits/<slug:timepoint>/not-done/", assessments.visit_not_done, name="visit_not_done"),
    path("adverse-events/new/", adverse_events.adverse_event_edit, name="ae_new"),
    path("adverse-events/<int:ae_pk>/", adverse_events.adverse_event_edit, name="ae_edit"),
    path("<slug:kind>/<int:record_pk>/delete/", deletion.record_delete, name="record_delete"),
    path("audit/", audit.audit_trail, name="audit"),
    path("audit.csv", audit.audit_csv, name="audit_csv"),
    path("sign/", casebook.sign, name="sign"),
    path("unlock/", casebook.unlock, name="unlock"),
]

urlpatterns = [
    path("", home.home, name="home"),
    path("dashboard/", home.dashboard, name="dashboard"),
    path("patients/", patient_page.patient_list, name="patient_list"),
    path("patients/enrol/", patients.enrol, name="enrol"),
    path("patients/<int:pk>/", include(patient_urlpatterns)),
    path("users/", users.user_list, name="user_list"),
    path("users/new/", users.user_new, name="user_new"),
    path("users/<int:user_pk>/active/", users.user_toggle_active, name="user_toggle_active"),
    path("users/<int:user_pk>/role/", users.user_change_role, name="user_change_role"),
    path("users/<int:user_pk>/unlock-login/", users.user_unlock, name="user_unlock_login"),
    path("exports/", exports.exports, name="exports"),
    path("exports/dataset/", exports.dataset_zip, name="dataset_zip"),
    path("exports/report/", exports.report_download, name="report_download"),
    path("exports/interop/", exports_interop.interop_download, name="interop_download"),
]
