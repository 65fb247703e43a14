"""Downloads of printed documents: the casebook from the patient page, the blank CRF from the exports page."""

from __future__ import annotations

import io
import re

from django.urls import reverse
from pypdf import PdfReader


def _text(response) -> str:
    body = b"".join(response.streaming_content)
    return re.sub(r"\s+", "", "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages))


def test_the_patient_page_offers_the_casebook_to_the_roles_that_review_it(client_as, world):
    url = reverse("edc:patient_detail", args=[world["patient"].pk])
    pdf_url = reverse("edc:casebook_pdf", args=[world["patient"].pk])
    for role, offered in (("investigator", True), ("data_manager", True), ("monitor", True), ("coordinator", False)):
        page = client_as(role).get(url).content.decode()
        assert (f'href="{pdf_url}"' in page) is offered, role


def test_the_casebook_download_has_no_patient_data_in_its_name_and_identifiers_only_when_asked(client_as, world):
    client = client_as("monitor")
    page = client.get(reverse("edc:patient_detail", args=[world["patient"].pk])).content.decode()
    pdf_url = reverse("edc:casebook_pdf", args=[world["patient"].pk])
    assert f'href="{pdf_url}?with=identifiers"' in page
    plain = client.get(pdf_url)
    assert plain.status_code == 200 and plain["Content-Type"] == "application/pdf"
    assert world["patient"].study_id not in plain["Content-Disposition"]
    text = _text(plain)
    assert world["patient"].study_id in text and "Painflare(pain_flare)" in text
    assert "AliceExample" not in text and "HN-424242" not in text
    identified = _text(client.get(f"{pdf_url}?with=identifiers"))
    assert "AliceExample" in identified and "HN-424242" in identified


def test_the_exports_page_offers_the_blank_crf(client_as):
    client = client_as("statistician")
    page = client.get(reverse("edc:exports")).content.decode()
    assert f'href="{reverse("edc:crf_pdf")}"' in page
    text = _text(client.get(reverse("edc:crf_pdf")))
    assert "relation_ablation" in text and "[ae_causality]" in text
