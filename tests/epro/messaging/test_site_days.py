"""Two sites, two days (issue 14): each patient's invitations and reminders follow their own site's day.

At 00:30 in Auckland on study day 5 it is still study day 4 in Los Angeles (Auckland is 19 to 21
hours ahead, whatever the daylight saving time) and in Paris (TIME_ZONE of the tests). The
1-week window opens on day 5 (protocol windows: days 5 to 10, target 7), so at that instant only
the Auckland patient is invited.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ablacem.edc.actors import Actor
from ablacem.epro.messaging import config
from ablacem.epro.messaging.models import MessageLog
from ablacem.epro.messaging.selectors import due_messages, open_remote_visits
from ablacem.epro.messaging.services import message_send, messages_send_due
from tests.edc.views.world import login

from .conftest import AUCKLAND, BOTH_SITES, LOS_ANGELES, at_site, day, freeze, two_site_patients

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]

SENDER = Actor.system("messages")
#: 00:30 in Auckland on study day 5.
AUCKLAND_DAY_5 = at_site(5, AUCKLAND, 0, 30)


def _sent(now: dt.datetime) -> list[tuple[str, str, int]]:
    return [(r.study_id, r.timepoint, r.number) for r in messages_send_due(actor=SENDER, now=now)]


def test_the_chosen_instant_is_day_5_in_auckland_and_day_4_elsewhere():
    assert AUCKLAND_DAY_5.astimezone(LOS_ANGELES).date() == day(4)
    assert timezone.localdate(AUCKLAND_DAY_5) == day(4)  # the single TIME_ZONE the sender used to read


def test_each_patient_is_invited_and_reminded_on_their_own_sites_day():
    akl, lax = two_site_patients()
    assert open_remote_visits(now=AUCKLAND_DAY_5) == [(akl.study_id, "w1")]
    assert _sent(AUCKLAND_DAY_5) == [(akl.study_id, "w1", 0)]
    assert MessageLog.objects.get(patient=akl).due_on == day(5)

    # 00:30 on day 5 in Los Angeles is the evening of day 5 in Auckland: only the other patient.
    lax_day_5 = at_site(5, LOS_ANGELES, 0, 30)
    assert lax_day_5.astimezone(AUCKLAND).date() == day(5)
    assert open_remote_visits(now=lax_day_5) == [(akl.study_id, "w1"), (lax.study_id, "w1")]
    assert _sent(lax_day_5) == [(lax.study_id, "w1", 0)]
    assert MessageLog.objects.get(patient=lax).due_on == day(5)

    # The target day (7), reminder 1: Auckland reaches it first, again.
    assert _sent(at_site(7, AUCKLAND, 0, 5)) == [(akl.study_id, "w1", 1)]
    assert _sent(at_site(7, LOS_ANGELES, 0, 5)) == [(lax.study_id, "w1", 1)]
    assert len(mail.outbox) == 4


def test_the_worker_running_across_midnight_in_auckland_sends_each_message_once():
    akl, _ = two_site_patients()
    ticks = [at_site(4, AUCKLAND, 23) + dt.timedelta(minutes=15 * k) for k in range(9)]  # 23:00 to 01:00
    sent = []
    for tick in ticks:
        # A run that read what is due at this tick but claims after the run below (two workers, or
        # a run that overlapped the next one): the send log's unique constraint leaves it nothing.
        late = due_messages(now=tick, schedule=config.message_schedule(), max_attempts=config.max_attempts())
        sent += [(tick, r) for r in _sent(tick)]
        sent += [(tick, r) for r in _sent(tick)]  # the same tick once more: already sent
        for due in late:
            assert message_send(actor=SENDER, due=due, now=tick + dt.timedelta(minutes=1)) is None
    midnight = at_site(5, AUCKLAND, 0, 0)
    assert sent == [(midnight, (akl.study_id, "w1", 0))]  # the first run of Auckland's day 5, only
    assert MessageLog.objects.count() == 1 and len(mail.outbox) == 1


def test_the_handout_shows_the_visit_open_on_the_patients_site_day(client, monkeypatch):
    akl, lax = two_site_patients()
    login(client, get_user_model().objects.get(username=BOTH_SITES))
    freeze(monkeypatch, AUCKLAND_DAY_5)
    akl_page = client.get(reverse("epro_messages:handout", args=[akl.pk])).content.decode()
    lax_page = client.get(reverse("epro_messages:handout", args=[lax.pk])).content.decode()
    assert "Issue the link for the 1 week questionnaire" in akl_page
    assert "Issue the link" not in lax_page and day(7).isoformat() in lax_page  # w1 still to come, not open
