"""The leak check of the ePRO tests (``tests/epro/conftest.py``) sees every log line written, and
link tokens reach no log line (masked by the request loggers and the console handler)."""

from __future__ import annotations

import logging

import pytest

from ablacem.edc.actors import Actor
from ablacem.epro.links import link_token
from ablacem.epro.services import link_for_visit

pytestmark = [pytest.mark.django_db]


def test_the_leak_check_catches_a_token_or_a_study_id_in_any_log_line(no_token_or_identifier_in_logs, week_patient):
    captured = no_token_or_identifier_in_logs
    token = link_token(link_for_visit(actor=Actor.system("test"), patient=week_patient, timepoint="w1"))
    logging.getLogger("ablacem.anywhere").warning("opened the questionnaire of %s", week_patient.study_id)
    assert captured.lines == [f"opened the questionnaire of {week_patient.study_id}"]
    captured.lines.clear()  # what would have failed this test at teardown
    logging.getLogger("django.request").warning("Not Found: /p/%s/", token)
    logging.getLogger("ablacem.anywhere").warning("token %s", token)  # the console handler masks it too
    assert captured.lines == ["Not Found: /p/[link]/", "token [link]"]
