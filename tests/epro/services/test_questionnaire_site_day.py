"""A questionnaire submitted from home is dated on the patient's site's day (issue 14).

At 00:30 in Auckland on study day 5 it is still day 4 in Paris (the tests' TIME_ZONE): the
Auckland patient's 1-week answers are dated day 5, and the EDC's "not in the future" check
reads the same day rather than refusing them.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from ablacem.edc.actors import Actor
from ablacem.edc.sites import patient_today
from ablacem.epro.models import PatientLink
from ablacem.epro.services import draft_save, link_for_visit, questionnaire_submit
from ablacem.epro.services.questionnaire import PAINKILLERS_KEY
from tests.edc.conftest import ITEMS
from tests.epro.messaging.conftest import AUCKLAND, at_site, day, freeze, two_site_patients

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


def test_answers_submitted_just_after_midnight_in_auckland_are_dated_on_auckland_s_day(monkeypatch):
    akl, _ = two_site_patients()
    link = link_for_visit(actor=Actor.system("test"), patient=akl, timepoint="w1")
    freeze(monkeypatch, at_site(5, AUCKLAND, 0, 30))
    today = patient_today(akl)
    assert (today, timezone.localdate()) == (day(5), day(4))
    me = Actor.for_patient(akl)
    answers = {"vas_worst": 5, "vas_average": 3, PAINKILLERS_KEY: {"previous": [], "lines": [], "extra": []}, **ITEMS}
    draft_save(actor=me, link=link, step="review", answers=answers, today=today)
    visit = questionnaire_submit(actor=me, link=link, channel="link", today=today)
    assert visit.assessed_on == day(5)
    assert PatientLink.objects.get(pk=link.pk).submitted_at is not None
