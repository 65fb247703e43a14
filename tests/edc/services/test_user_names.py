"""user_create: safe usernames, no look-alike of an existing account, a printed name."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.usernames import RULE
from tests.edc.conftest import PASSWORD

pytestmark = pytest.mark.db_backend

SYSTEM = Actor.system("createuser")


def _create(username: str, full_name: str = "Ann Example"):
    return services.user_create(username=username, role="monitor", password=PASSWORD, full_name=full_name, actor=SYSTEM)


@pytest.mark.parametrize("name", ["<script>x</script>", "ann smith", "a/b", "=HYPERLINK(1)"])
def test_unsafe_usernames_are_refused(db, name):
    with pytest.raises(ValidationError) as caught:
        _create(name)
    assert caught.value.message_dict == {"username": [RULE]}
    assert not get_user_model().objects.exists()


def test_the_cyrillic_look_alike_of_an_existing_username_is_refused(db):
    _create("coordinator")
    with pytest.raises(ValidationError) as caught:
        _create("\u0441\u043e\u043erdinator")
    assert caught.value.message_dict == {
        "username": ["'\u0441\u043e\u043erdinator' looks like the existing username 'coordinator': choose another"]
    }
    with pytest.raises(ValidationError) as caught:
        _create("Coordinator")
    assert caught.value.message_dict == {"username": ["the username 'Coordinator' is taken"]}
    assert get_user_model().objects.count() == 1


def test_the_printed_name_is_the_users_full_name(db):
    user = _create("ann", full_name="  Ann   de la Cruz ")
    assert user.get_full_name() == "Ann de la Cruz"


def test_a_printed_name_longer_than_the_limit_is_refused(db):
    with pytest.raises(ValidationError) as caught:
        _create("ann", full_name="A" * 151)
    assert caught.value.message_dict == {"full_name": ["the full name must be at most 150 characters"]}
