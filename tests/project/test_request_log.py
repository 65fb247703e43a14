"""Request ids and JSON logs: every response names its id, every log line of the request
carries it, and production writes one JSON object a line."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils.module_loading import import_string

from ablacem.project.request_log import RequestIdFilter
from ablacem.project.settings.base import LOG_FORMATS

ROOT = Path(__file__).resolve().parents[2]
SECRET = "k" * 20 + "Zq8-x_Vd3Lw9PfT2mNbR7yHsJcGa4Ue6"


@pytest.fixture
def json_log():
    spec = dict(LOG_FORMATS["json"])
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(import_string(spec.pop("()"))(**spec))
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


@pytest.mark.django_db
def test_each_response_has_a_request_id_that_its_access_line_carries(client, json_log):
    first, second = client.get("/login/"), client.get("/login/")
    ids = [first["X-Request-ID"], second["X-Request-ID"]]
    assert len(set(ids)) == 2 and all(len(i) == 32 for i in ids)
    access = [line for line in json_log() if line["logger"] == "ablacem.request"]
    assert [line["request_id"] for line in access] == ids
    assert access[0]["message"] == "GET /login/ 200" and access[0]["status"] == 200
    assert {"time", "level", "method", "path", "duration_ms"} <= set(access[0])


@pytest.mark.django_db
def test_a_proxys_request_id_is_kept_only_when_it_is_a_plain_token(client):
    assert client.get("/login/", HTTP_X_REQUEST_ID="lb-4f2a9c01")["X-Request-ID"] == "lb-4f2a9c01"
    injected = client.get("/login/", HTTP_X_REQUEST_ID='x" , "level": "CRITICAL')["X-Request-ID"]
    assert len(injected) == 32 and injected.isalnum()


@pytest.mark.django_db
def test_the_query_string_is_not_logged(client, json_log):
    client.get("/patients/?q=Dupont")
    assert "Dupont" not in json.dumps(json_log())


def test_log_lines_outside_a_request_carry_a_dash(json_log):
    logging.getLogger("ablacem.test").warning("outside")
    assert json_log()[-1]["request_id"] == "-" and json_log()[-1]["message"] == "outside"


def _settings(module: str, **env) -> str:
    code = "from django.conf import settings; import json; print(json.dumps(settings.LOGGING['formatters']))"
    full = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "LOG_FORMAT")}
    full.update(DJANGO_SETTINGS_MODULE=module, PYTHONPATH=f"{ROOT / 'src'}{os.pathsep}{ROOT}", **env)
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code], capture_output=True, text=True, env=full
    )
    return done.stdout + done.stderr


def test_production_logs_json_by_default_and_text_on_request():
    prod = {"SECRET_KEY": SECRET, "ALLOWED_HOSTS": "edc.example.org", "DATABASE_URL": "postgres://x@127.0.0.1/x"}
    assert "pythonjsonlogger" in _settings("ablacem.project.settings.production", **prod)
    assert "pythonjsonlogger" not in _settings("ablacem.project.settings.production", LOG_FORMAT="text", **prod)
    assert "pythonjsonlogger" not in _settings("ablacem.project.settings.local")
    assert "LOG_FORMAT must be one of text, json" in _settings("ablacem.project.settings.local", LOG_FORMAT="xml")
