"""Schemathesis over every operation of the OpenAPI schema, in process (WSGI, no network):
0 server errors and every answer as the schema says (status, content type, body)."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def schema(client_for, patient):
    """The schema the running app serves, with the coordinator's token."""
    response = client_for("coordinator").get("/api/schema/?format=json")
    assert response.status_code == 200
    return schemathesis.openapi.from_dict(response.json()), WSGIHandler()


def test_every_operation_answers_as_the_schema_says(schema, tokens, patient):
    loaded, app = schema
    headers = {"Authorization": f"Bearer {tokens['coordinator']}"}
    operations = [result.ok() for result in loaded.get_all_operations()]
    assert len(operations) >= 20, "every endpoint and method is in the schema"
    for operation in operations:

        @settings(max_examples=4, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def run(case):
            case.call_and_validate(app=app, headers=headers, checks=CHECKS)

        run()
