"""The patient's addresses: ``/p/<token>/...``, the token alone (no study ID, name or date),
and the staff actions on links under ``/epro/``."""

from django.urls import path

from .views import questionnaire, staff

app_name = "epro"

urlpatterns = [
    path("p/<str:token>/", questionnaire.start, name="start"),
    path("p/<str:token>/language/", questionnaire.switch_language, name="language"),
    path("p/<str:token>/<slug:step>/", questionnaire.step, name="step"),
    path("epro/links/<int:link_pk>/revoke/", staff.revoke, name="revoke"),
    path("epro/patients/<int:pk>/visits/<slug:timepoint>/in-clinic/", staff.in_clinic_start, name="in_clinic"),
]
