from ablacem.dataset import TABLES
from ablacem.interop.codes import code_of_number, column_codelist, numeric_codes, value_labels
from ablacem.protocol import codelists as cl


def test_text_codes_are_numbered_in_list_order():
    assert numeric_codes(cl.SEX) == {"F": 1, "M": 2}
    assert numeric_codes(cl.PRIMARY_TUMOUR)["aggressive_haemangioma"] == 13
    assert numeric_codes(cl.LEAKAGE_TYPE) == {"B": 1, "S": 2, "C": 3, "D": 4}


def test_integer_codes_keep_their_value():
    assert numeric_codes(cl.SINS_LOCATION) == {"3": 3, "2": 2, "1": 1, "0": 0}
    assert code_of_number(cl.SINS_PAIN) == {3: "3", 1: "1", 0: "0"}


def test_range_only_integer_columns_borrow_the_protocol_code_list():
    assert column_codelist(TABLES["patients"].column("ecog")) is cl.ECOG
    assert column_codelist(TABLES["adverse_events"].column("cirse_grade")) is cl.CIRSE_GRADE
    assert column_codelist(TABLES["patients"].column("age")) is None


def test_value_labels():
    assert value_labels(TABLES["patients"].column("sex")) == {1: "Female", 2: "Male"}
    assert value_labels(TABLES["procedures"].column("modality"))[2] == "Cryoablation (Visual ICE)"


def test_every_code_list_maps_one_to_one():
    for codelist in cl.ALL_CODE_LISTS.values():
        numbers = numeric_codes(codelist)
        assert list(numbers) == list(codelist.codes)
        assert len(set(numbers.values())) == len(codelist)
        assert {code_of_number(codelist)[n] for n in numbers.values()} == set(codelist.codes)
