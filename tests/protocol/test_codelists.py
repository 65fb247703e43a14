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
