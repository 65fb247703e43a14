"""Shared settings as a user meets them: sessions expire after inactivity; passwords are checked."""

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.utils import timezone

from ablacem.edc import services
from ablacem.edc.actors import Actor

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]

PASSWORD = "granite-lantern-58"


def _log_in(client):
    services.user_create(username="sam", role="coordinator", password=PASSWORD, actor=Actor.system("createuser"))
    response = client.post("/login/", {"username": "sam", "password": PASSWORD})
    assert response.status_code == 302 and client.get("/dashboard/").status_code == 200


def test_a_session_ends_after_30_minutes_without_a_request_and_at_browser_close(client):
    _log_in(client)
    session = Session.objects.get()
    minutes_left = (session.expire_date - timezone.now()).total_seconds() / 60
    assert 29 < minutes_left <= 30  # README: SESSION_COOKIE_AGE defaults to 30 minutes of inactivity
    assert client.cookies["sessionid"]["max-age"] == ""  # a browser-session cookie: gone when it closes
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/dashboard/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_each_request_moves_the_expiry_on(client):
    _log_in(client)
    Session.objects.update(expire_date=timezone.now() + dt.timedelta(minutes=2))
    assert client.get("/dashboard/").status_code == 200
    assert Session.objects.get().expire_date > timezone.now() + dt.timedelta(minutes=29)


@pytest.mark.parametrize(
    ("password", "rule"),
    [
        ("Sh0rt-pw", "too short"),  # 8 characters: the minimum is 10
        ("password123", "too common"),
        ("4817302659", "entirely numeric"),
        ("samuel-sam-sam", "too similar to the username"),
    ],
)
def test_passwords_go_through_djangos_validators(password, rule):
    with pytest.raises(ValidationError) as raised:
        services.user_create(username="samuel-sam", role="monitor", password=password, actor=Actor.system("createuser"))
    assert rule in " ".join(raised.value.messages)
