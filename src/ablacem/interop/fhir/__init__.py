"""FHIR R4 export: one transaction Bundle per patient from a tidy dataset (pure, no Django)."""

from .bundle import bundle_json, patient_bundle, patient_bundles, write_bundles
from .questionnaire import questionnaire
from .validate import FhirValidationError, validate_bundle, validate_resource

__all__ = [
    "FhirValidationError",
    "bundle_json",
    "patient_bundle",
    "patient_bundles",
    "questionnaire",
    "validate_bundle",
    "validate_resource",
    "write_bundles",
]
