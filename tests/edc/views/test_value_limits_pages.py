"""The limits as a person meets them: the page draws each text's ``maxlength`` and the number
inputs' ``step``; a longer text or a value with too many decimals is refused next to its field,
naming the field and the rule, and nothing is saved."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ablacem.edc.models import AdverseEvent, Assessment
from ablacem.protocol import ranges as rg

from .page_inputs import page_of

pytestmark = pytest.mark.db_backend


def _tag(html: str, name: str) -> str:
    """The opening tag of the control named ``name``."""
    match = re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', html)
    assert match, f"no control named {name!r}"
    return match.group(0)


def _field(html: str, name: str) -> str:
    start = html.index(f'id="field-{name}"')
    return html[start : html.index("</div>", start)]


def test_a_one_megabyte_description_is_refused_next_to_the_field(client_as, world):
    client = client_as("coordinator")
    url = reverse("edc:ae_new", args=[world["patient"].pk])
    html = client.get(url).content.decode()
    assert f'maxlength="{rg.DESCRIPTION_MAX_CHARS}"' in _tag(html, "description")
    assert [c for c in page_of(html.encode()).named("description") if c.editable]
    data = {
        "onset_date": "2025-03-11",
        "term": "pain_flare",
        "cirse_grade": "1",
        "serious": "false",
        "related_to": "ablation",
        "description": "x" * 1_048_576,
    }
    refused = client.post(url, data)
    assert refused.status_code == 422
    message = _field(refused.content.decode(), "description")
    assert f"at most {rg.DESCRIPTION_MAX_CHARS} characters" in message and "1048576" in message
    assert AdverseEvent.objects.count() == 1  # the world's event only


def test_identifying_texts_draw_their_declared_maxlength(client_as, world):
    html = client_as("coordinator").get(reverse("edc:identity_edit", args=[world["patient"].pk])).content.decode()
    assert f'maxlength="{rg.NAME_MAX_CHARS}"' in _tag(html, "name")
    assert f'maxlength="{rg.HOSPITAL_NUMBER_MAX_CHARS}"' in _tag(html, "hospital_number")


def test_a_vas_of_1e_320_is_refused_on_the_visit_form(client_as, world):
    patient = world["patient"]
    client = client_as("coordinator")
    url = reverse("edc:visit_edit", args=[patient.pk, "w1"])
    html = client.get(url).content.decode()
    assert 'step="0.1"' in _tag(html, "vas_worst")
    data = {"assessed_on": "2025-03-17", "vas_worst": "1e-320", **{f"q{i}": "2" for i in range(1, 31)}}
    data |= {"analgesics-TOTAL_FORMS": "0", "analgesics-INITIAL_FORMS": "0"}
    refused = client.post(url, data)
    assert refused.status_code == 422
    assert "VAS pain allows at most 1 decimal(s)" in _field(refused.content.decode(), "vas_worst")
    assert not Assessment.objects.filter(patient=patient, timepoint="w1").exists()
