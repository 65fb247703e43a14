"""Validation with the fhir.resources R4B models: what they refuse, named."""

from __future__ import annotations

import pytest

from ablacem.interop.fhir import FhirValidationError, validate_bundle, validate_resource


def test_an_unknown_element_is_refused_naming_the_resource():
    with pytest.raises(FhirValidationError, match=r"Patient: not valid FHIR R4.*foo"):
        validate_resource({"resourceType": "Patient", "foo": 1})


def test_a_bad_resource_inside_a_bundle_is_refused():
    bundle = {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [{"fullUrl": "urn:uuid:1", "resource": {"resourceType": "Observation", "status": "final"}}],
    }
    with pytest.raises(FhirValidationError, match=r"Bundle: not valid FHIR R4.*entry\.0\.resource\.code"):
        validate_bundle(bundle)


def test_a_malformed_date_is_refused():
    with pytest.raises(FhirValidationError, match="birthDate"):
        validate_resource({"resourceType": "Patient", "birthDate": "1990-13-45"})


def test_an_unknown_resource_type_is_refused():
    with pytest.raises(FhirValidationError, match="Nonsense"):
        validate_resource({"resourceType": "Nonsense"})


def test_the_error_quotes_no_value():
    """A refused value may be patient data: the message names where and why, never the value."""
    with pytest.raises(FhirValidationError) as caught:
        validate_resource({"resourceType": "Patient", "birthDate": "Jane Roe 1931"})
    assert "Jane" not in str(caught.value) and caught.value.__cause__ is None
    assert caught.value.__suppress_context__
