"""The API round trip: the synthetic cohort entered through the API (every record by an HTTP call,
through the services and their edit checks) comes back from the EDC's tidy dataset identical,
table by table (the comparison ``tests/edc/test_roundtrip.py`` makes for the import)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from ablacem.api.serializers.adverse_events import AE_FIELDS
from ablacem.dataset import ALL_TABLES
from ablacem.dataset.schema import SERIOUS_CRITERIA_COLUMNS
from ablacem.edc.checks import SCORE_KINDS
from ablacem.edc.models.lesion import LESION_FIELDS
from ablacem.edc.models.procedure import SESSION_FIELDS, TREATED_FIELDS
from ablacem.edc.selectors import tidy_dataset
from ablacem.protocol import codelists as cl
from ablacem.protocol.ranges import QLQC30_ITEMS
from ablacem.synth import generate
from ablacem.synth.cohort import DEFAULT_CUTOFF_DAYS

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend, pytest.mark.slow]

# What the API sends of an event that the tidy dataset also holds (``aware_time`` it folds into ack_hours).
AE_VALUES = tuple(f for f in AE_FIELDS if f != "aware_time")


def json_value(value):
    """A tidy cell as a JSON value: NaN/NA/NaT -> None, dates -> ISO text, numpy scalars -> numbers."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def _sorted(frame: pd.DataFrame, table) -> pd.DataFrame:
    key = list(table.key) or table.column_names
    return frame[table.column_names].sort_values(key, kind="stable").reset_index(drop=True)


def _values(row: pd.Series, columns) -> dict:
    return {c: json_value(row[c]) for c in columns}


def _ok(response, expected: int = 200) -> dict:
    assert response.status_code == expected, response.json()
    return response.json()


def _enter(api, ds) -> None:
    """Everything of ``ds`` through the API, in the order a site would enter it."""
    identifiers = ds.identifiers.set_index("patient_id")
    patient_pk, lesion_pk = {}, {}
    for _, p in ds.patients.sort_values("patient_id").iterrows():
        ident = identifiers.loc[p["patient_id"]]
        body = {
            "eligibility_confirmed": True,
            **_values(p, ("enrolled_on", "age", "sex", "ecog", "diagnosis", "primary_tumour")),
            **{k: v for k, v in _values(ident, ident.index).items() if v is not None},
        }
        created = _ok(api.post("/api/v1/patients/", body, format="json"), 201)
        assert created["study_id"] == p["patient_id"]
        patient_pk[p["patient_id"]] = created["id"]
    for _, lesion in ds.lesions.sort_values("lesion_id").iterrows():
        body = {k: v for k, v in _values(lesion, LESION_FIELDS).items() if v is not None}
        url = f"/api/v1/patients/{patient_pk[lesion['patient_id']]}/lesions/"
        created = _ok(api.post(url, {**body, "confirmed": sorted(SCORE_KINDS)}, format="json"), 201)
        assert created["lesion_id"] == lesion["lesion_id"]
        lesion_pk[lesion["lesion_id"]] = created["id"]
    for pid, rows in ds.procedures.sort_values("procedure_id").groupby("patient_id"):
        body = {
            **_values(rows.iloc[0], SESSION_FIELDS),
            "treated_lesions": [
                {"lesion": lesion_pk[r["lesion_id"]], **_values(r, TREATED_FIELDS)} for _, r in rows.iterrows()
            ],
            "confirmed": ["cement_ml", "leak_without_event"],
        }
        body["treated_lesions"] = [{**t, "leakage_type": t["leakage_type"] or ""} for t in body["treated_lesions"]]
        _ok(api.put(f"/api/v1/patients/{patient_pk[pid]}/procedure/", body, format="json"), 201)
    analgesics = ds.analgesics
    visits = ds.assessments
    for _, v in visits[visits["status"] == cl.DONE].iterrows():
        lines = analgesics[(analgesics["patient_id"] == v["patient_id"]) & (analgesics["timepoint"] == v["timepoint"])]
        body = {
            "status": cl.DONE,
            **_values(v, ("assessed_on", "vas_worst", "vas_average", *QLQC30_ITEMS)),
            "qlqc30_missing_reason": json_value(v["qlqc30_missing_reason"]) or "",
            "analgesics": [_values(a, ("drug", "route", "dose", "unit", "per_day")) for _, a in lines.iterrows()],
        }
        url = f"/api/v1/patients/{patient_pk[v['patient_id']]}/assessments/{v['timepoint']}/"
        response = api.put(url, body, format="json")
        if response.status_code == 400 and "out_of_window_reason" in str(response.json()):
            response = api.put(url, {**body, "out_of_window_reason": "seen outside the window"}, format="json")
        _ok(response, 201)
    for _, scan in ds.imaging.iterrows():
        body = _values(scan, ("imaged_on", "local_status", "distant_progression", "ct_cement_ml", "ct_leakage"))
        url = f"/api/v1/lesions/{lesion_pk[scan['lesion_id']]}/imaging/{scan['timepoint']}/"
        _ok(api.put(url, body, format="json"), 201)
    for _, ae in ds.adverse_events.sort_values("ae_id").iterrows():
        body = {
            **_values(ae, AE_VALUES),
            "lesion": lesion_pk.get(ae["lesion_id"]),
            "serious_criteria": [item.code for col, item in SERIOUS_CRITERIA_COLUMNS.items() if bool(ae[col])],
        }
        body = {
            k: (
                ""
                if v is None
                and k
                in (
                    "relation_procedure",
                    "relation_ablation",
                    "relation_cement",
                    "expectedness",
                    "action_taken",
                    "outcome",
                    "description",
                )
                else v
            )
            for k, v in body.items()
        }
        created = _ok(
            api.post(f"/api/v1/patients/{patient_pk[ae['patient_id']]}/adverse-events/", body, format="json"), 201
        )
        assert created["ae_id"] == ae["ae_id"]
    for _, p in ds.patients[ds.patients["end_reason"].notna()].iterrows():
        url = f"/api/v1/patients/{patient_pk[p['patient_id']]}/"
        etag = api.get(url)["ETag"]
        body = _values(p, ("end_reason", "end_date", "death_date"))
        _ok(api.put(url + "end-of-study/", body, format="json", HTTP_IF_MATCH=etag))
    for _, v in visits[visits["status"].isin(cl.NOT_DONE)].iterrows():
        url = f"/api/v1/patients/{patient_pk[v['patient_id']]}/assessments/{v['timepoint']}/"
        body = {"status": v["status"], "not_done_reason": "as recorded at the first site"}
        _ok(api.put(url, body, format="json"), 201)


def test_the_synthetic_cohort_entered_through_the_api_comes_back_identical(client_for):
    original = generate(5, 1)
    assert len(original.adverse_events) and set(original.assessments["status"]) > {cl.DONE}
    assert not original.adverse_events["serious"].any(), "ack_hours of a serious event would be the test's clock"
    _enter(client_for("coordinator"), original)
    cutoff = (original.procedures["procedure_date"].max() + pd.Timedelta(days=DEFAULT_CUTOFF_DAYS)).date()
    back = tidy_dataset(include_identifiers=True, as_of=cutoff)
    for table in ALL_TABLES:
        assert len(original[table.name]) > 0, f"the synthetic cohort has no {table.name}: the test would prove little"
        pd.testing.assert_frame_equal(
            _sorted(back[table.name], table), _sorted(original[table.name], table), obj=table.name
        )
