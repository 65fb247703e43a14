"""Staff pages of the invitations: the printable handout (database keys only in the address)."""

from django.urls import path

from . import views

app_name = "epro_messages"

urlpatterns = [
    path("epro/patients/<int:pk>/handout/", views.handout, name="handout"),
]
