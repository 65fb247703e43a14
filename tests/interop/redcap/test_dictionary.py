import re

from ablacem.interop.deidentify import deidentify
from ablacem.interop.redcap import (
    data_dictionary,
    events,
    instrument_event_mapping,
    repeating_instruments,
)
from tests.interop.helpers import KEY

#: The column headers of REDCap's data dictionary, in order (as issue 5 lists them).
REDCAP_COLUMNS = [
    "Variable / Field Name",
    "Form Name",
    "Section Header",
    "Field Type",
    "Field Label",
    "Choices, Calculations, OR Slider Labels",
    "Field Note",
    "Text Validation Type OR Show Slider Number",
    "Text Validation Min",
    "Text Validation Max",
    "Identifier?",
    "Branching Logic (Show field only if...)",
    "Required Field?",
    "Custom Alignment",
    "Question Number (surveys only)",
    "Matrix Group Name",
    "Matrix Ranking?",
    "Field Annotation",
]


def _rows():
    dd = data_dictionary()
    return dd, dd.set_index("Variable / Field Name")


def test_columns_and_record_id_first():
    dd, _ = _rows()
    assert list(dd.columns) == REDCAP_COLUMNS
    assert dd.iloc[0]["Variable / Field Name"] == "record_id"
    assert dd.iloc[0]["Form Name"] == "enrolment"


def test_one_block_per_instrument_and_valid_names():
    dd, _ = _rows()
    forms = dd["Form Name"].tolist()
    blocks = [f for i, f in enumerate(forms) if i == 0 or forms[i - 1] != f]
    assert blocks == [
        "enrolment",
        "identifiers",
        "lesions",
        "procedures",
        "assessment",
        "analgesics",
        "imaging",
        "adverse_events",
        "end_of_study",
    ]
    names = dd["Variable / Field Name"]
    assert names.is_unique
    assert all(re.fullmatch(r"[a-z][a-z0-9_]{0,25}", n) for n in names)


def test_choices_from_the_code_lists():
    _, by = _rows()
    assert by.loc["sex", "Choices, Calculations, OR Slider Labels"] == "1, Female | 2, Male"
    assert by.loc["sex", "Field Type"] == "radio"
    assert by.loc["lesion_site", "Field Type"] == "dropdown"
    assert by.loc["lesion_sins_pain", "Choices, Calculations, OR Slider Labels"] == (
        "3, Mechanical | 1, Occasional, non-mechanical | 0, Pain-free"
    )
    assert by.loc["ae_cirse_grade", "Choices, Calculations, OR Slider Labels"].startswith(
        "1, 1 Solved within the same session | 2, "
    )


def test_validation_types_and_ranges():
    _, by = _rows()
    v = ["Field Type", "Text Validation Type OR Show Slider Number", "Text Validation Min", "Text Validation Max"]
    assert by.loc["vas_worst", v].tolist() == ["text", "number_1dp", "0", "10"]
    assert by.loc["age", v].tolist() == ["text", "integer", "18", "110"]
    assert by.loc["enrolled_on", v].tolist() == ["text", "date_ymd", "", ""]
    assert by.loc["analgesic_dose", v].tolist() == ["text", "number", "0.001", "100000"]
    assert by.loc["proc_cement_leakage", "Field Type"] == "yesno"
    assert by.loc["ae_description", "Field Type"] == "notes"
    assert by.loc["lesion_size_mm", "Field Note"] == "mm"
    assert by.loc["analgesic_per_day", "Field Note"] == "1 for a patch."


def test_qlqc30_items_are_radio_buttons_of_their_response_scale():
    """As the EDC's form shows them: items 1-28 answered 1-4, items 29-30 1-7 (EORTC QLQ-C30 v3.0)."""
    _, by = _rows()
    choices = "Choices, Calculations, OR Slider Labels"
    for item in ("q1", "q28"):
        assert by.loc[item, ["Field Type", choices]].tolist() == ["radio", "1, 1 | 2, 2 | 3, 3 | 4, 4"]
    for item in ("q29", "q30"):
        assert by.loc[item, "Field Type"] == "radio"
        assert by.loc[item, choices] == " | ".join(f"{n}, {n}" for n in range(1, 8))
    assert by.loc["q30", "Text Validation Type OR Show Slider Number"] == ""


def test_identifiers_required_and_branching():
    _, by = _rows()
    flagged = set(by.index[by["Identifier?"] == "y"])
    assert flagged == {
        "name",
        "hospital_number",
        "birth_date",
        "language",
        "email",
        "mobile",
        "contact_channel",
        "contact_consent",
    }
    assert by.loc["age", "Required Field?"] == "y" and by.loc["vas_worst", "Required Field?"] == ""
    assert by.loc["proc_leakage_type", "Branching Logic (Show field only if...)"] == "[proc_cement_leakage] = '1'"
    # end_reason codes: completed=1, died=2
    assert by.loc["death_date", "Branching Logic (Show field only if...)"] == "[end_reason] = '2'"
    # Seriousness criteria (ICH E2A) are asked only for a serious event.
    assert by.loc["ae_serious_death", "Branching Logic (Show field only if...)"] == "[ae_serious] = '1'"


def test_no_questionnaire_wording_is_shipped():
    _, by = _rows()
    assert by.loc["q1", "Field Label"] == "QLQ-C30 item 1"


def test_events_mapping_and_repeats():
    ev = events()
    assert ev["unique_event_name"].tolist() == ["baseline_arm_1", "post_arm_1", "w1_arm_1", "m1_arm_1", "m3_arm_1"]
    w1 = ev.set_index("event_name").loc["w1"]
    assert (w1["day_offset"], w1["offset_min"], w1["offset_max"]) == (7, 2, 3)
    mapping = instrument_event_mapping()
    forms_at = mapping.groupby("form")["unique_event_name"].apply(list)
    assert forms_at["assessment"] == ev["unique_event_name"].tolist()
    assert forms_at["imaging"] == ["post_arm_1", "m3_arm_1"]
    assert forms_at["end_of_study"] == ["m3_arm_1"]
    repeats = repeating_instruments()
    assert set(repeats["form_name"]) == {"lesions", "procedures", "analgesics", "imaging", "adverse_events"}
    assert len(repeats[repeats["form_name"] == "analgesics"]) == 5


def test_deidentified_dictionary_matches_the_deidentified_tables(small):
    dd = data_dictionary(deidentify(small, key=KEY))
    names = set(dd["Variable / Field Name"])
    assert {"enrolled_on_day", "procedure_date_day", "img_date_day", "ae_onset_date_day"} <= names
    assert not {"name", "hospital_number", "birth_date", "ae_description", "enrolled_on"} & names
    assert dd.set_index("Variable / Field Name").loc[
        "enrolled_on_day", "Text Validation Type OR Show Slider Number"
    ] == ("integer")


def test_export_columns_follow_the_dictionary(small):
    from ablacem.interop.redcap import export_records

    dd = data_dictionary()
    expected = ["record_id", "redcap_event_name", "redcap_repeat_instrument", "redcap_repeat_instance"]
    for form, rows in dd.iloc[1:].groupby("Form Name", sort=False):
        expected += rows["Variable / Field Name"].tolist()
        expected.append(f"{form}_complete")
    assert export_records(small).columns.tolist() == expected


def test_every_coded_field_offers_exactly_its_code_list():
    from ablacem.interop.codes import column_codelist
    from ablacem.interop.redcap import default_project

    dd = data_dictionary().set_index("Variable / Field Name")
    for field in default_project().fields:
        codelist = column_codelist(field.column)
        if codelist is None:
            continue
        choices = dd.loc[field.name, "Choices, Calculations, OR Slider Labels"].split(" | ")
        assert [c.split(", ", 1)[1] for c in choices] == [i.label for i in codelist.items], field.name


def test_score_fields_show_for_their_region_and_sections_are_headed():
    _, by = _rows()
    branching = "Branching Logic (Show field only if...)"
    assert by.loc["lesion_sins_pain", branching] == "[lesion_region] = '1'"  # spinal
    assert by.loc["lesion_mirels_total", branching] == "[lesion_region] = '2'"  # extraspinal
    assert by.loc["q1", "Section Header"].startswith("EORTC QLQ-C30")
    assert by.loc["q2", "Section Header"] == ""


def test_record_id_label_says_pseudonym_only_when_deidentified(small):
    assert data_dictionary().iloc[0]["Field Label"] == "Study ID"
    assert data_dictionary(deidentify(small, key=KEY)).iloc[0]["Field Label"] == "Study ID (pseudonym)"
