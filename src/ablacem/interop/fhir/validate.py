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
        model = get_fhir_model_class(kind)
    except (KeyError, ValueError) as exc:
        raise FhirValidationError(f"resourceType {kind!r}: not a FHIR R4 resource type") from exc
    try:
        return model.model_validate(resource)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        # from None: pydantic's own message quotes the input, which may be patient data (logs)
        raise FhirValidationError(f"{kind}: not valid FHIR R4: {problems}") from None


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
