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


def test_every_status_end_reason_and_region_is_named():
    assert cl.ASSESSMENT_STATUS.codes == (cl.DONE, cl.MISSED, cl.NOT_DONE_DIED, cl.NOT_DONE_WITHDRAWN, cl.NOT_DUE)
    assert cl.END_REASON.codes == (cl.END_COMPLETED, cl.END_DIED, cl.END_WITHDREW, cl.END_LOST)
    assert cl.LOCAL_STATUS.codes == (cl.CONTROLLED, cl.LOCAL_PROGRESSION, cl.NOT_EVALUABLE)
    assert cl.DIAGNOSIS.codes == (cl.MALIGNANT, cl.BENIGN) and cl.REGION.codes == (cl.SPINAL, cl.EXTRASPINAL)
    assert cl.FATAL in cl.AE_OUTCOME


def test_the_codes_file_holds_the_codes_of_declared_lists_only():
    import csv

    with cl.CODES_FILE.open(newline="", encoding="utf-8") as rows:
        listed = {row["list"] for row in csv.DictReader(rows)}
    assert listed <= set(cl.ALL_CODE_LISTS)
    assert cl.ECOG.codes == ("0", "1", "2", "3", "4")  # read in the file's order
    assert cl.ECOG.label_of("2") == "2 Ambulatory, self-care, unable to work"  # a label with commas


def test_a_code_given_twice_in_a_list_or_a_list_without_codes_fails_loudly(tmp_path):
    codes = tmp_path / "codelists.csv"
    codes.write_text("list,code,label\nsex,F,Female\nsex,M,Male\nsex,F,Woman\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"codelists\.csv line 4: code 'F' is already in list sex"):
        cl._read_codes(codes)
    with pytest.raises(KeyError, match=r"code list 'blood_group' has no codes in codelists\.csv"):
        cl._cl("blood_group", "Blood group")
