import pandas as pd
import pytest

from ablacem.dataset import validate
from ablacem.interop.redcap import RedcapImportError, export_records, import_records


def _row(rec: pd.DataFrame, record: str, event: str, instrument: str = "") -> int:
    mask = (
        (rec["record_id"] == record)
        & (rec["redcap_event_name"] == event)
        & (rec["redcap_repeat_instrument"] == instrument)
    )
    return rec.index[mask][0]


def _blank(rec: pd.DataFrame, **values) -> pd.DataFrame:
    row = dict.fromkeys(rec.columns, "")
    row.update(values)
    return pd.DataFrame([row])


@pytest.fixture
def messy(small) -> pd.DataFrame:
    """A hand-made messy export: every kind of oddity once."""
    rec = export_records(small)
    rec["favourite_colour"] = ""
    rec.loc[0, "favourite_colour"] = "blue"
    rec["symptoms___1"] = ""
    rec.loc[1, "symptoms___1"] = "1"
    rec.loc[rec["redcap_repeat_instrument"] == "adverse_events", "ae_outcome"] = ["1", "9"]
    unknown_event = _blank(rec, record_id="ABL-001", redcap_event_name="m6_arm_1", vas_worst="3.0")
    sparse = _blank(
        rec,
        record_id="ABL-002",
        redcap_event_name="baseline_arm_1",
        redcap_repeat_instrument="analgesics",
        redcap_repeat_instance="2",
    )
    return pd.concat([rec, unknown_event, sparse], ignore_index=True)


def test_messy_export_is_imported_and_every_oddity_reported(messy, small):
    dataset, report = import_records(messy)
    validate(dataset)
    text = "\n".join(report)
    assert "unknown column 'favourite_colour'" in text
    assert "unknown column 'symptoms___1': checkbox" in text
    assert "record ABL-001: unknown event 'm6_arm_1'; 1 value(s) not imported (fields vas_worst)" in text
    assert "record ABL-002, event m1_arm_1, adverse_events instance 1, field ae_outcome: code '9'" in text
    assert "sparse row of repeating instrument analgesics" in text and "ABL-002, event baseline_arm_1" in text
    assert len(report) == 5
    # the out-of-choice value is left empty; everything else is kept
    ae = dataset.adverse_events.set_index("ae_id")
    assert pd.isna(ae.loc["ABL-002-AE1", "outcome"]) and ae.loc["ABL-001-AE1", "outcome"] == "resolved"
    assert len(dataset.analgesics) == len(small.analgesics)


def test_required_value_outside_the_choices_fails_naming_record_event_field(small):
    rec = export_records(small)
    rec.loc[_row(rec, "ABL-002", "baseline_arm_1"), "sex"] = "7"
    with pytest.raises(RedcapImportError) as info:
        import_records(rec)
    assert "record ABL-002, event baseline_arm_1, field sex: a value is required" in str(info.value)
    assert any("field sex: code '7' is not one of the choices (1, 2)" in line for line in info.value.report)


def test_out_of_range_value_fails(small):
    rec = export_records(small)
    rec.loc[_row(rec, "ABL-001", "post_arm_1"), "vas_worst"] = "12.0"
    with pytest.raises(
        RedcapImportError, match=r"record ABL-001, event post_arm_1, field vas_worst: .*between 0 and 10"
    ):
        import_records(rec)


def test_type_errors_are_reported_and_fail_when_required(small):
    rec = export_records(small)
    rec.loc[_row(rec, "ABL-001", "baseline_arm_1"), "vas_average"] = "six"
    _, report = import_records(rec)
    assert report == ["record ABL-001, event baseline_arm_1, field vas_average: 'six' must be a number; left empty"]
    rec.loc[_row(rec, "ABL-001", "baseline_arm_1"), "enrolled_on"] = "01/03/2024"
    with pytest.raises(RedcapImportError, match="field enrolled_on: a value is required"):
        import_records(rec)


def test_identifier_values_are_never_echoed(small):
    rec = export_records(small)
    rec.loc[_row(rec, "ABL-001", "baseline_arm_1"), "birth_date"] = "17/08/1931"
    _, report = import_records(rec)
    assert len(report) == 1 and "field birth_date" in report[0]
    assert "1931" not in report[0]


def test_records_without_enrolment_and_duplicates_fail(small):
    rec = export_records(small)
    orphan = _blank(
        rec,
        record_id="ABL-099",
        redcap_event_name="baseline_arm_1",
        redcap_repeat_instrument="analgesics",
        redcap_repeat_instance="1",
        analgesic_drug="1",
    )
    with pytest.raises(RedcapImportError, match="record ABL-099: has data but no enrolment form"):
        import_records(pd.concat([rec, orphan], ignore_index=True))
    with pytest.raises(RedcapImportError, match="the same row appears twice"):
        import_records(pd.concat([rec, rec.iloc[[0]]], ignore_index=True))


def test_incomplete_forms_are_imported_and_reported(small):
    rec = export_records(small)
    rec.loc[rec["assessment_complete"] == "2", "assessment_complete"] = "1"
    dataset, report = import_records(rec)
    assert report == ["instrument assessment: 5 form(s) not marked Complete were imported as they are"]
    assert len(dataset.assessments) == 5


def test_missing_cells_as_nan_and_missing_meta_columns(small):
    rec = export_records(small)
    rec = rec.mask(rec == "")
    dataset, report = import_records(rec)
    assert report == [] and len(dataset.patients) == 2
    with pytest.raises(RedcapImportError, match="redcap_event_name"):
        import_records(rec.drop(columns="redcap_event_name"))


def test_codes_resaved_as_decimals_are_accepted(small):
    rec = export_records(small)
    rec.loc[_row(rec, "ABL-001", "baseline_arm_1"), "sex"] = "1.0"
    rec.loc[rec["redcap_repeat_instrument"] == "lesions", "lesion_prior_radiotherapy"] = "0.0"
    dataset, report = import_records(rec)
    assert report == []
    assert dataset.patients["sex"].tolist() == ["F", "M"]
    assert dataset.lesions["prior_radiotherapy"].tolist() == [False, False, False]


def test_fields_missing_from_the_export_are_named_not_silently_emptied(small):
    # A REDCap report or a field subset: the cement volume and the whole identifiers form are absent.
    rec = export_records(small).drop(
        columns=[
            "proc_cement_ml",
            "name",
            "hospital_number",
            "birth_date",
            "language",
            "email",
            "mobile",
            "contact_channel",
            "contact_consent",
            "identifiers_complete",
        ]
    )
    dataset, report = import_records(rec)
    assert report == [
        "instrument identifiers: none of its fields are in the export; imported as empty "
        "(export all fields to keep them)",
        "instrument procedures: field(s) proc_cement_ml not in the export; imported as empty "
        "(export all fields to keep them)",
    ]
    assert dataset.procedures["cement_ml"].isna().all() and small.procedures["cement_ml"].notna().any()
    assert dataset.identifiers.empty
