"""The simulated users of ``benchmarks/load.py`` (locust): staff of each role who log in and mix
the dashboard (with its worklist), the patient list, patient pages, visit pages and forms, and
(coordinators and investigators) saves of recorded visits with a reason for change.

Configured by ``load.py`` through the environment: ``LOAD_HOSTS`` (comma-separated base URLs;
users are spread over them in turn), ``LOAD_USERS`` (the accounts, JSON), ``LOAD_TARGETS`` (the
patients and visits to open), ``LOAD_SAVES`` (where each save's outcome is written at the end),
``LOAD_RUN_ID`` and ``LOAD_MAX_REQUESTS`` (per user: a user stops after that many requests).
Page names in the statistics carry no patient data (the URLs hold database keys only).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
from html.parser import HTMLParser
from pathlib import Path

import urllib3
from locust import HttpUser, between, events, task
from locust.exception import StopUser

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)  # loopback, self-signed

HOSTS = os.environ.get("LOAD_HOSTS", "https://127.0.0.1:8101").split(",")
ACCOUNTS = json.loads(Path(os.environ["LOAD_USERS"]).read_text(encoding="utf-8")) if "LOAD_USERS" in os.environ else []
TARGETS = (
    json.loads(Path(os.environ["LOAD_TARGETS"]).read_text(encoding="utf-8"))
    if "LOAD_TARGETS" in os.environ
    else {"patients": [], "visits": [], "patient_pages": 1}
)
RUN_ID = os.environ.get("LOAD_RUN_ID", "run")
MAX_REQUESTS = int(os.environ.get("LOAD_MAX_REQUESTS", "1000"))
EDITORS = {"coordinator", "investigator"}
CLINICAL = EDITORS | {"data_manager", "monitor"}
#: The text of the optimistic lock's refusal (``StaleEditError``): a correct refusal, not an error.
STALE = "since you opened it"

_next_account = itertools.count()
_saves: list[dict] = []
_save_numbers = itertools.count(1)
_lock = threading.Lock()


class _Form(HTMLParser):
    """The fields of the page's form that holds ``version`` (the record's form), as a browser sends them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, str]] = []
        self._current: dict[str, str] | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._current = {}
            self.forms.append(self._current)
            return
        if self._current is None:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self._current[name] = a.get("value", "on" if a.get("type") == "checkbox" else "")
        elif tag == "select" and name:
            self._select = name
            self._current.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            self._current[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self._current[name] = ""

    def handle_data(self, data):
        if self._textarea and self._current is not None:
            self._current[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._current = None


def record_form(html: str) -> dict[str, str] | None:
    reader = _Form()
    reader.feed(html)
    return next((f for f in reader.forms if "version" in f), None)


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return found.group(1) if found else ""


class StaffUser(HttpUser):
    """One account of :data:`ACCOUNTS`, on the next host of :data:`HOSTS`."""

    wait_time = between(0.5, 1.5)
    host = HOSTS[0]

    def __init__(self, environment):
        n = next(_next_account)
        self.host = HOSTS[n % len(HOSTS)]
        self.account = ACCOUNTS[n % len(ACCOUNTS)]
        self.role = self.account["role"]
        self.requests = 0
        super().__init__(environment)
        self.client.verify = False

    def _count(self):
        self.requests += 1
        if self.requests > MAX_REQUESTS:
            raise StopUser()

    def get(self, url, name):
        self._count()
        return self.client.get(url, name=name)

    def on_start(self):
        page = self.client.get("/login/", name="login page")
        sent = self.client.post(
            "/login/",
            {
                "username": self.account["username"],
                "password": self.account["password"],
                "csrfmiddlewaretoken": csrf_token(page.text),
            },
            headers={"Referer": f"{self.host}/login/"},
            name="login",
            allow_redirects=False,
        )
        if sent.status_code != 302:
            raise StopUser()

    @task(3)
    def dashboard(self):
        if self.role in CLINICAL:
            self.get("/dashboard/", "dashboard and worklist")
        else:
            self.get("/exports/", "exports")

    @task(2)
    def patient_list(self):
        if self.role in CLINICAL:
            page = random.randint(1, TARGETS["patient_pages"])
            self.get(f"/patients/?page={page}", "patient list")

    @task(3)
    def patient_page(self):
        if self.role in CLINICAL and TARGETS["patients"]:
            self.get(f"/patients/{random.choice(TARGETS['patients'])}/", "patient page")

    @task(2)
    def visit_page(self):
        if self.role in CLINICAL and TARGETS["visits"]:
            patient, timepoint = random.choice(TARGETS["visits"])
            self.get(f"/patients/{patient}/visits/{timepoint}/", "visit page")

    @task(3)
    def edit_visit(self):
        """Open a recorded visit's form, change the worst pain with a reason, save."""
        if self.role not in EDITORS or not TARGETS["visits"]:
            return
        patient, timepoint = random.choice(TARGETS["visits"])
        url = f"/patients/{patient}/visits/{timepoint}/edit/"
        form = record_form(self.get(url, "visit form").text)
        if form is None:
            return
        with _lock:
            token = f"load {RUN_ID} save {next(_save_numbers)}"
        value = round(random.uniform(0, 10), 1)
        form.update({"vas_worst": str(value), "reason": f"{token}: corrected from the source document"})
        form["save_complete"] = ""
        self._count()
        with self.client.post(
            url,
            form,
            headers={"Referer": f"{self.host}{url}"},
            name="visit save",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                outcome = "accepted"
            elif response.status_code == 422 and STALE in response.text:
                outcome = "conflict"  # the optimistic lock refused it: correct, not an error
                response.success()
            elif response.status_code == 422:
                outcome = "refused"
                # The rule's words (the form's messages name the field and the rule, not the patient).
                rules = sorted(set(re.findall(r'<p class="error"[^>]*>([^<]{0,200})</p>', response.text)))
                response.failure(f"refused by the form's checks: {'; '.join(rules) or 'no message'}")
            else:
                outcome = "failed"
                response.failure(f"status {response.status_code}")
        with _lock:
            _saves.append({"token": token, "outcome": outcome, "value": value})


@events.quitting.add_listener
def _write_saves(environment, **kwargs):
    path = os.environ.get("LOAD_SAVES")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump(_saves, out)
