"""The CT cement measurement as the radiologist meets it on the post-procedure CT page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import CtMeasurement, CtStatus, Imaging
from tests.edc.conftest import DAY0
from tests.edc.services.test_ct_measurement import DEPOSIT, series_zip
from tests.edc.views.page_form import rendered_form

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.ABLACEM_CT_UPLOAD_DIR = tmp_path / "uploads"


def _page(client, world):
    url = reverse("edc:imaging_edit", args=[world["patient"].pk, world["lesion"].pk, "post"])
    return url, client.get(url)


def _action(html: str, marker: str) -> str:
    return re.search(rf'<form method="post" action="([^"]+)"[^>]*class="{marker}"', html).group(1)


def test_upload_measure_and_accept_from_the_page(
    client_as, world, investigator, tmp_path, django_capture_on_commit_callbacks
):
    services.imaging_record(
        lesion=world["lesion"],
        timepoint="post",
        imaged_on=DAY0,
        local_status="controlled",
        actor=Actor.staff(investigator),
    )
    client = client_as("investigator")
    url, page = _page(client, world)
    html = page.content.decode()
    assert "CT cement measurement" in html and "not a diagnosis" in html
    assert 'name="series"' in html and 'type="file"' in html
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(_action(html, "ct-upload"), {"series": series_zip(tmp_path)})
    assert sent.status_code == 302 and sent["Location"] == url
    measurement = CtMeasurement.objects.get()
    assert measurement.status == CtStatus.MEASURED

    html = client.get(url).content.decode()
    assert f"{measurement.cement_volume_ml:.2f} mL" in html
    assert "4.5 mL injected" in html  # the procedure form's entry, beside the measurement
    assert re.search(r'id="ct-leaks">1 \(', html)
    overlay = reverse("edc:ct_overlay", args=[world["patient"].pk, world["lesion"].pk, measurement.pk])
    assert f'src="{overlay}"' in html
    image = client.get(overlay)
    assert image.status_code == 200 and image["Content-Type"] == "image/png" and image.content[:4] == b"\x89PNG"

    decision = rendered_form(html, "decision")
    assert {"decision", "cement_ml", "leakage", "reason", "version"} <= set(decision)
    data = {k: v[0] for k, v in decision.items() if v}
    data.update(decision="accept", reason="agrees with my reading")
    sent = client.post(_action(html, "ct-decision"), data)
    assert sent.status_code == 302
    form = Imaging.objects.get(lesion=world["lesion"], timepoint="post")
    assert form.ct_cement_ml == pytest.approx(DEPOSIT.volume_ml, rel=0.06)
    assert form.ct_leakage is True
    html = client.get(url).content.decode()
    assert 'id="ct-status">Accepted' in html and 'name="decision"' not in html
    assert f'value="{form.ct_cement_ml}"' in html  # the imaging form now shows the accepted value


def test_reject_without_a_reason_shows_the_rule_next_to_the_field(
    client_as, world, investigator, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.ct_measurement_upload(
            lesion=world["lesion"], upload=series_zip(tmp_path), actor=Actor.staff(investigator)
        )
    client = client_as("investigator")
    _, page = _page(client, world)
    html = page.content.decode()
    data = {k: v[0] for k, v in rendered_form(html, "decision").items() if v}
    data.update(decision="reject")
    refused = client.post(_action(html, "ct-decision"), data)
    assert refused.status_code == 422
    assert "say why the measurement is rejected" in refused.content.decode()
    assert CtMeasurement.objects.get().status == CtStatus.MEASURED


def test_a_non_zip_upload_is_refused_on_the_page(client_as, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as("investigator")
    _, page = _page(client, world)
    refused = client.post(
        _action(page.content.decode(), "ct-upload"), {"series": SimpleUploadedFile("a.zip", b"plain text")}
    )
    assert refused.status_code == 422
    assert "upload the series as one .zip archive" in refused.content.decode()
    assert not CtMeasurement.objects.exists()


def test_a_coordinator_sees_the_measurement_but_cannot_upload_or_decide(client_as, world):
    CtMeasurement.objects.create(lesion=world["lesion"], status=CtStatus.MEASURED, cement_volume_ml=3.3, leak_count=0)
    html = _page(client_as("coordinator"), world)[1].content.decode()
    assert "3.30 mL" in html
    assert 'name="series"' not in html and 'name="decision"' not in html


def test_the_three_month_ct_has_no_measurement_panel(client_as, world):
    url = reverse("edc:imaging_edit", args=[world["patient"].pk, world["lesion"].pk, "m3"])
    assert "CT cement measurement" not in client_as("investigator").get(url).content.decode()


def test_the_point_in_the_cement_is_a_field_of_the_upload_form(
    client_as, world, tmp_path, django_capture_on_commit_callbacks
):
    from tests.edc.services.test_ct_measurement import LEAK

    client = client_as("investigator")
    _, page = _page(client, world)
    html = page.content.decode()
    assert {"series", "seed"} <= set(rendered_form(html, "seed"))
    refused = client.post(_action(html, "ct-upload"), {"series": series_zip(tmp_path), "seed": "12, north"})
    assert refused.status_code == 422
    assert "three numbers in mm separated by commas" in refused.content.decode()
    assert not CtMeasurement.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            _action(html, "ct-upload"), {"series": series_zip(tmp_path), "seed": ", ".join(map(str, LEAK.centre))}
        )
    assert sent.status_code == 302
    assert CtMeasurement.objects.get().parameters["seed"]["method"] == "point"
