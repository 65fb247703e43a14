import pytest

from ablacem.protocol import codelists as cl


def test_primary_tumour_lists_cover_the_protocol():
    assert cl.MALIGNANT_PRIMARY.codes == (
        "breast",
        "lung",
        "renal",
        "prostate",
        "thyroid",
        "colorectal",
        "hepatocellular",
        "melanoma",
        "myeloma",
        "sarcoma",
        "unknown_primary",
        "other_malignant",
    )
    assert len(cl.BENIGN_LESION) == 6
    assert cl.PRIMARY_TUMOUR.codes == cl.MALIGNANT_PRIMARY.codes + cl.BENIGN_LESION.codes


def test_sites_and_regions():
    assert len(cl.SPINAL_SITES) == 7 + 12 + 5 + 5
    assert cl.region_of_site("T12") == "spinal"
    assert cl.region_of_site("acetabulum") == "extraspinal"
    with pytest.raises(KeyError):
        cl.region_of_site("skull")


def test_codes_are_unique_and_labels_found():
    for code_list in cl.ALL_CODE_LISTS.values():
        assert len(set(code_list.codes)) == len(code_list.codes), code_list.name
    assert cl.MODALITY.label_of("cryo").startswith("Cryoablation")
    assert "rfa" in cl.MODALITY
    with pytest.raises(KeyError, match="modality"):
        cl.MODALITY.label_of("laser")


def test_protocol_lists():
    assert cl.MODALITY.codes == ("rfa", "cryo")
    assert cl.GUIDANCE.codes == ("ct", "us", "fluoro", "ct_fluoro")
    assert cl.ANAESTHESIA.codes == ("local", "sedation", "general")
    assert cl.END_REASON.codes == ("completed", "died", "withdrew", "lost")
    assert cl.ECOG.codes == ("0", "1", "2", "3", "4")
    assert cl.CIRSE_GRADE.codes == ("1", "2", "3", "4", "5", "6")
    assert cl.TIMEPOINT.codes == ("baseline", "post", "w1", "m1", "m3")
    assert cl.IMAGING_TIMEPOINT.codes == ("post", "m3")
    assert set(cl.ANALGESIC_DRUG.codes) >= cl.OPIOIDS


def test_benign_lesions_and_lesion_lists_are_those_of_the_issue():
    assert cl.BENIGN_LESION.codes == (
        "aggressive_haemangioma",
        "giant_cell_tumour",
        "aneurysmal_bone_cyst",
        "osteoid_osteoma",
        "fibrous_dysplasia",
        "other_benign",
    )
    assert cl.LESION_TYPE.codes == ("lytic", "blastic", "mixed")
    assert cl.REGION.codes == ("spinal", "extraspinal")
    assert cl.LEAKAGE_TYPE.codes == ("B", "S", "C", "D")  # Yeom 2003 types plus intradiscal


def test_lesion_sites_are_every_vertebral_level_then_the_extraspinal_bones():
    levels = (
        [f"C{i}" for i in range(1, 8)]
        + [f"T{i}" for i in range(1, 13)]
        + [f"L{i}" for i in range(1, 6)]
        + [f"S{i}" for i in range(1, 6)]
    )
    bones = ["acetabulum", "ilium", "ischium", "pubis", "sacrum", "femur", "humerus", "tibia", "rib", "sternum"]
    bones += ["scapula", "clavicle", "other"]
    assert list(cl.SPINAL_SITES) == levels
    assert list(cl.EXTRASPINAL_SITES.codes) == bones
    assert list(cl.LESION_SITE.codes) == levels + bones
    assert all(cl.region_of_site(s) == "spinal" for s in levels)
    assert all(cl.region_of_site(s) == "extraspinal" for s in bones)


def test_modality_labels_name_the_devices():
    assert "OsteoCool" in cl.MODALITY.label_of("rfa")
    assert "Visual ICE" in cl.MODALITY.label_of("cryo")
    assert cl.GUIDANCE.label_of("ct_fluoro") == "CT + fluoroscopy"
    assert cl.ANAESTHESIA.label_of("sedation") == "Conscious sedation"


def test_named_codes_are_codes_of_their_lists():
    assert cl.DONE in cl.ASSESSMENT_STATUS
    assert {cl.CONTROLLED, cl.LOCAL_PROGRESSION} <= set(cl.LOCAL_STATUS.codes)
    with pytest.raises(KeyError, match="'finished' is not a code of assessment_status"):
        cl._named(cl.ASSESSMENT_STATUS, "finished")
