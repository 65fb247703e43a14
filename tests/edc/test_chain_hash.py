"""The audit chain's canonical content: stable whatever the database or the order of keys."""

import datetime as dt
import decimal

from ablacem.edc.chain_hash import canonical_content, content_hash


def test_the_same_record_read_from_either_database_hashes_the_same():
    aware = dt.datetime(2026, 12, 1, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    sqlite_row = {"b": decimal.Decimal("4.50"), "a": aware, "skip": None, "blank": ""}
    postgres_row = {"a": aware.astimezone(dt.UTC), "b": decimal.Decimal("4.5")}
    assert content_hash("edc_x", 1, sqlite_row) == content_hash("edc_x", "1", postgres_row)
    assert b'"a":"2026-12-01T09:30:00.000000+00:00"' in canonical_content("edc_x", 1, sqlite_row)


def test_json_columns_are_walked_element_by_element_with_sorted_keys():
    draft = {"q2": [1, 2.5, None], "q1": {"when": dt.date(2026, 12, 1)}}
    same_draft_other_order = {"q1": {"when": dt.date(2026, 12, 1)}, "q2": [1, 2.5, None]}
    assert content_hash("epro_patientlink", 7, {"draft": draft}) == content_hash(
        "epro_patientlink", 7, {"draft": same_draft_other_order}
    )
    assert b'"draft":{"q1":{"when":"2026-12-01"},"q2":[1,"2.5",null]}' in canonical_content(
        "epro_patientlink", 7, {"draft": draft}
    )
    assert content_hash("t", 1, {"draft": {"q1": 1}}) != content_hash("t", 1, {"draft": {"q1": 2}})
