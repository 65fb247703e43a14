"""Patients: enrolment data, identifying data (only for roles that see them), end of study."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ablacem.edc.models import Patient, PatientIdentity
from ablacem.edc.models.identity import CONTACT_FIELDS, IDENTITY_FIELDS
from ablacem.edc.models.patient import PATIENT_FIELDS
from ablacem.protocol.sites import SITE_CODE_MAX_CHARS

from .common import ReadSerializer, RecordSerializer, reason_field

END_FIELDS = ("end_reason", "end_date", "death_date")


class IdentitySerializer(ReadSerializer):
    """Identifying data and contact details (``view_identifiers`` roles only)."""

    version = serializers.IntegerField(read_only=True)

    class Meta:
        model = PatientIdentity
        fields = ("version", *IDENTITY_FIELDS, *CONTACT_FIELDS)


class PatientSerializer(RecordSerializer):
    """A patient as read; ``identity`` is null for roles that do not see identifiers."""

    identity = serializers.SerializerMethodField()
    site = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text="The enrolling site's code.")

    class Meta:
        model = Patient
        fields = ("id", "study_id", "site", "version", "form_state", *PATIENT_FIELDS, *END_FIELDS, "identity")
        read_only_fields = fields

    @extend_schema_field(IdentitySerializer(allow_null=True))
    def get_identity(self, patient):
        if not self.context.get("show_identifiers"):
            return None
        identity = PatientIdentity.objects.filter(patient=patient).first()
        return IdentitySerializer(identity).data if identity else None


class PatientEnrolSerializer(serializers.ModelSerializer):
    """Enrolment (the study ID is assigned); identifying data are optional."""

    name = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    hospital_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=40)
    birth_date = serializers.DateField(required=False, allow_null=True, default=None)
    language = serializers.CharField(required=False, allow_blank=True, default="", max_length=5)
    email = serializers.CharField(required=False, allow_blank=True, default="", max_length=254)
    mobile = serializers.CharField(required=False, allow_blank=True, default="", max_length=40)
    contact_channel = serializers.CharField(required=False, allow_blank=True, default="", max_length=10)
    contact_consent = serializers.BooleanField(required=False, default=False)
    site = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=SITE_CODE_MAX_CHARS,
        help_text="The enrolling site's code, one of yours; needed only when you belong to several sites. "
        "Set at enrolment only.",
    )

    class Meta:
        model = Patient
        fields = (*PATIENT_FIELDS, *IDENTITY_FIELDS, *CONTACT_FIELDS, "site")
        extra_kwargs = {"eligibility_confirmed": {"required": True}}


class PatientUpdateSerializer(serializers.ModelSerializer):
    """A change of enrolment data (only the fields sent change)."""

    reason = reason_field()

    class Meta:
        model = Patient
        fields = (*PATIENT_FIELDS, "reason")


class IdentityUpdateSerializer(serializers.ModelSerializer):
    """The whole identifying data (a field not sent is cleared)."""

    reason = reason_field()

    class Meta:
        model = PatientIdentity
        fields = (*IDENTITY_FIELDS, *CONTACT_FIELDS, "reason")


class EndOfStudySerializer(serializers.ModelSerializer):
    """The end of study recorded on the patient."""

    reason = reason_field()

    class Meta:
        model = Patient
        fields = (*END_FIELDS, "reason")
        extra_kwargs = {"end_reason": {"required": True, "allow_blank": False}, "end_date": {"required": True}}
