"""The Questionnaire: every item the dataset holds, no EORTC wording, answer options as bare codes."""

from __future__ import annotations

import json

from ablacem.interop.fhir import codes as fc
from ablacem.interop.fhir import patient_bundle, questionnaire, validate_resource
from ablacem.protocol.ranges import QLQC30_ITEMS


def test_the_questionnaire_validates_and_lists_the_vas_and_the_30_items():
    q = questionnaire()
    validate_resource(q)
    assert (q["url"], q["status"]) == (fc.QUESTIONNAIRE_URL, "active")
    assert [i["linkId"] for i in q["item"]] == ["vas_worst", "vas_average", *(f"q{n}" for n in range(1, 31))]
    assert list(QLQC30_ITEMS) == [f"q{n}" for n in range(1, 31)]


def test_qlqc30_items_carry_their_number_and_no_wording():
    items = {i["linkId"]: i for i in questionnaire()["item"]}
    for n in range(1, 31):
        item = items[f"q{n}"]
        assert set(item) == {"linkId", "prefix", "text", "type", "answerOption"}
        assert (item["prefix"], item["text"], item["type"]) == (str(n), f"QLQ-C30 item {n}", "choice")
        # EORTC QLQ-C30 v3.0: items 1-28 are answered 1-4, items 29-30 1-7; codes only, no labels
        top = 7 if n >= 29 else 4
        system = f"{fc.BASE}/CodeSystem/qlqc30_{top}pt"
        assert [o["valueCoding"] for o in item["answerOption"]] == [
            {"system": system, "code": str(c)} for c in range(1, top + 1)
        ]


def test_the_vas_items_are_decimals_with_the_datasets_own_labels():
    items = {i["linkId"]: i for i in questionnaire()["item"]}
    assert items["vas_worst"] == {
        "linkId": "vas_worst",
        "text": "Worst pain at the treated site, last 24 h (VAS 0-10)",
        "type": "decimal",
    }
    assert items["vas_average"]["type"] == "decimal"


def test_no_eortc_response_label_anywhere_in_a_bundle(small):
    """The QLQ-C30's answer labels are EORTC wording too: neither the Questionnaire nor a response has them."""
    text = json.dumps([questionnaire(), patient_bundle(small, "ABL-001", deidentify=False)]).lower()
    for label in ("not at all", "a little", "quite a bit", "very much", "very poor", "excellent"):
        assert label not in text
