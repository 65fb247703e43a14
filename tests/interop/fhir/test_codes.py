"""The code declarations: every protocol code the export maps has its target, public codes as cited."""

from __future__ import annotations

import pytest

from ablacem.interop.fhir import codes as fc
from ablacem.protocol import codelists as cl

#: FHIR R4 (4.0.1) value sets with a required binding on the elements the export fills.
R4_ADMINISTRATIVE_GENDER = {"male", "female", "other", "unknown"}
R4_AE_OUTCOME = {"resolved", "recovering", "ongoing", "resolvedWithSequelae", "fatal", "unknown"}


def test_every_sex_and_outcome_code_maps_into_the_r4_value_set():
    assert set(fc.GENDER) == set(cl.SEX.codes) and set(fc.GENDER.values()) <= R4_ADMINISTRATIVE_GENDER
    assert set(fc.AE_OUTCOMES) == set(cl.AE_OUTCOME.codes)
    assert set(fc.AE_OUTCOMES.values()) == R4_AE_OUTCOME


def test_every_modality_has_its_device():
    assert set(fc.MODALITY_DEVICE) == set(cl.MODALITY.codes)
    # the device named in the protocol's label of the modality
    for code, (_, display) in fc.MODALITY_DEVICE.items():
        assert cl.MODALITY.label_of(code).split("(")[1].rstrip(")") in display


def test_ct_guidance_codes_are_guidance_codes():
    assert set(cl.GUIDANCE.codes) >= fc.CT_GUIDANCE


def test_a_protocol_code_becomes_a_local_coding_with_its_label():
    assert fc.protocol_coding(cl.LESION_SITE, "T12") == {
        "system": "https://ablacem.example/fhir/CodeSystem/lesion_site",
        "code": "T12",
        "display": cl.LESION_SITE.label_of("T12"),
    }
    assert fc.protocol_coding(cl.CIRSE_GRADE, 2)["code"] == "2"


def test_a_code_outside_its_list_is_refused_naming_both():
    with pytest.raises(ValueError, match="'T99' is not a code of lesion_site"):
        fc.protocol_coding(cl.LESION_SITE, "T99")


def test_public_codes_are_the_cited_ones():
    assert (fc.LOINC, fc.LOINC_PAIN_VAS) == ("http://loinc.org", "38214-3")
    assert (fc.SNOMED, fc.SNOMED_CT_GUIDED_RFA_BONE) == ("http://snomed.info/sct", "438791002")
    assert (fc.DICOM, fc.DICOM_CT) == ("http://dicom.nema.org/resources/ontology/DCM", "CT")
