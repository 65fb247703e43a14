"""The Questionnaire of a study assessment and each visit's QuestionnaireResponse.

The Questionnaire lists the items the tidy dataset holds for an assessment: the two pain
VAS (decimal, 0-10) and the 30 QLQ-C30 items (EORTC QLQ-C30 version 3.0) as choices whose
answer options are the codes 1-4 (items 1-28) or 1-7 (items 29-30) of the protocol's code
lists. It carries **no EORTC wording**: an item is known by its number (linkId ``q1``,
prefix ``1``, text "QLQ-C30 item 1", the dataset's own label), and the answer options are bare
numbers. Sites that need the questions on screen license them from the EORTC.
"""

from __future__ import annotations

import pandas as pd

from ablacem.dataset.schema import ASSESSMENTS
from ablacem.protocol import codelists as cl
from ablacem.protocol.ranges import QLQC30_ITEMS

from . import codes as fc
from .ids import full_url
from .resources import patient_url, ref, timepoint_extension
from .values import by_identifier, fhir_date, identifier, number, present, put_entry

#: The VAS columns of an assessment, in questionnaire order.
VAS_ITEMS: tuple[str, ...] = ("vas_worst", "vas_average")
ITEMS: tuple[str, ...] = (*VAS_ITEMS, *QLQC30_ITEMS)


def _item(name: str) -> dict:
    column = ASSESSMENTS.column(name)
    if column.codes is None:
        return {"linkId": name, "text": column.label, "type": "decimal"}
    return {
        "linkId": name,
        "prefix": name.removeprefix("q"),
        "text": column.label,
        "type": "choice",
        "answerOption": [
            {"valueCoding": fc.coding(fc.local_system(column.codes), code)} for code in column.codes.codes
        ],
    }


def questionnaire() -> dict:
    """The Questionnaire resource (status active, canonical :data:`~.codes.QUESTIONNAIRE_URL`)."""
    return {
        "resourceType": "Questionnaire",
        "url": fc.QUESTIONNAIRE_URL,
        "version": fc.QUESTIONNAIRE_VERSION,
        "name": "AblacemAssessment",
        "title": "ablacem assessment: pain VAS and EORTC QLQ-C30 item responses (no item wording)",
        "status": "active",
        "subjectType": ["Patient"],
        "item": [_item(name) for name in ITEMS],
    }


def questionnaire_entry() -> dict:
    """The Questionnaire as a transaction entry (conditional update on its canonical URL)."""
    return put_entry(full_url("Questionnaire", fc.QUESTIONNAIRE_URL), questionnaire(), f"url={fc.QUESTIONNAIRE_URL}")


def response_url(pid: str, timepoint: str) -> str:
    return full_url("QuestionnaireResponse", pid, timepoint)


def _answer(name: str, value: object) -> dict:
    column = ASSESSMENTS.column(name)
    if column.codes is None:
        return {"valueDecimal": number(value)}
    return {"valueCoding": fc.coding(fc.local_system(column.codes), str(int(value)))}


def response_entry(row: pd.Series) -> dict | None:
    """The QuestionnaireResponse of one done assessment (answered items only), or None if nothing was answered."""
    items = [{"linkId": name, "answer": [_answer(name, row[name])]} for name in ITEMS if present(row[name])]
    if not items:
        return None
    pid, tp = str(row["patient_id"]), str(row["timepoint"])
    value = f"{pid}.{tp}"
    resource: dict = {
        "resourceType": "QuestionnaireResponse",
        "identifier": identifier(fc.SID_ASSESSMENT, value),
        "extension": [timepoint_extension(cl.TIMEPOINT, tp)],
        "questionnaire": f"{fc.QUESTIONNAIRE_URL}|{fc.QUESTIONNAIRE_VERSION}",
        "status": fc.STATUS_COMPLETED,
        "subject": ref(patient_url(pid)),
        "item": items,
    }
    if present(row["assessed_on"]):
        resource["authored"] = fhir_date(row["assessed_on"])
    return put_entry(response_url(pid, tp), resource, by_identifier(fc.SID_ASSESSMENT, value))
