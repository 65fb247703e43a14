"""Fixtures of the view tests: a small study and a test client logged in as a role."""

from __future__ import annotations

import pytest

from .world import build_world, login


@pytest.fixture
def world(users):
    """A treated patient with a baseline visit and an adverse event (entered by the coordinator)."""
    return build_world(users["coordinator"])


@pytest.fixture
def client_as(client, users):
    """``client_as(role)``: the test client logged in with that role's user."""

    def as_role(role: str):
        login(client, users[role])
        return client

    return as_role
