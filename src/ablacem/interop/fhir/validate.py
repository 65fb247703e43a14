"""Validation of a Bundle against the FHIR models of ``fhir.resources``.

Why R4B: ``fhir.resources`` 8.x (pydantic 2, which pandera also needs) ships R5 as its
default and R4B (4.3.0) as ``fhir.resources.R4B``; the R4 (4.0.1) models are only in the 6.x
line, which needs pydantic 1. R4B changed nothing in the resources exported here (Patient,
Condition, Procedure, Questionnaire, QuestionnaireResponse, Observation, AdverseEvent,
ImagingStudy, Bundle: R4B is R4 with new medication-definition and evidence resources), so a
bundle the R4B models accept is an R4 bundle.
"""

from __future__ import annotations


class FhirValidationError(ValueError):
    """A Bundle or resource the FHIR R4 (R4B) models reject; the message names the resource."""


def validate_resource(resource: dict):
    """Validate one resource; return the model instance.

    Raises
    ------
    FhirValidationError
        Naming the resource type and what the model rejected.
    """
    from fhir.resources.R4B import get_fhir_model_class
    from pydantic import ValidationError

    kind = resource.get("resourceType", "")
    try:
        return get_fhir_model_class(kind).model_validate(resource)
    except (ValidationError, KeyError, ValueError) as exc:
        raise FhirValidationError(f"{kind or 'resource'}: not valid FHIR R4: {exc}") from exc


def validate_bundle(bundle: dict) -> None:
    """Validate a Bundle; each entry's resource is parsed by its own resource model on the way.

    The models check structure, cardinality and datatypes (an unknown element, a missing
    required one, a malformed date); they do not check codes against required value sets, so
    the tests check every code the export writes.

    Raises
    ------
    FhirValidationError
    """
    validate_resource(bundle)
