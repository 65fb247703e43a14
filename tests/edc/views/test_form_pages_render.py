"""Every form page of the EDC draws an input for every required field of its form.

The pages are discovered from the URL conf, so a new page is covered without editing this test.
Each is opened as a user allowed to submit it and its HTML is read as a browser would get it:
a required field the template forgets to draw (the unlock page drew no reason box, issue 8)
makes the page impossible to save, whatever the view test posts directly.
"""

from __future__ import annotations

import itertools

import pytest
from django.forms import BaseFormSet
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.roles import ROLE_NAMES, can
from ablacem.epro.links import link_token
from ablacem.epro.questionnaire import STEP_CODES
from ablacem.epro.services import link_for_visit
from ablacem.protocol.timepoints import TIMEPOINT_CODES
from tests.epro.conftest import treated_days_ago

from .page_inputs import main_form_buttons, page_of
from .world import PASSWORD, build_world, login

pytestmark = pytest.mark.db_backend

#: Pages that must be found by the discovery (a floor, not the list: new pages come on top).
KNOWN_FORM_PAGES = {
    "edc:enrol",
    "edc:patient_edit",
    "edc:identity_edit",
    "edc:end_of_study",
    "edc:lesion_new",
    "edc:lesion_edit",
    "edc:imaging_edit",
    "edc:procedure_edit",
    "edc:visit_edit",
    "edc:visit_not_done",
    "edc:ae_new",
    "edc:ae_edit",
    "edc:record_delete",
    "edc:sign",
    "edc:unlock",
    "edc:user_new",
}


def _patterns(resolver=None, namespace: str = "", params: tuple[str, ...] = ()):
    """``(url name, URLPattern, URL parameters)`` for every named pattern of the project,
    namespaces and the parameters of included prefixes (``patients/<pk>/``) included."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, inner, (*params, *entry.pattern.converters))
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry, (*params, *entry.pattern.converters)


def _argument_values(study) -> dict[str, list]:
    """What each URL parameter of the EDC can point at in the study (unknown ones fail the test)."""
    return {
        "pk": [study["patient"].pk],
        "lesion_pk": [study["lesion"].pk],
        "ae_pk": [study["event"].pk],
        "user_pk": [study["spare"].pk],
        "timepoint": list(TIMEPOINT_CODES),
        "kind": ["lesion", "adverse-event"],
        "record_pk": sorted({study["lesion"].pk, study["event"].pk}),
        # ePRO: a patient's link whose 1-week window is open, each screen of its questionnaire.
        "token": [link_token(study["link"])],
        "step": list(STEP_CODES),
        "link_pk": [study["link"].pk],
    }


def _urls(name: str, params: tuple[str, ...], values: dict[str, list]) -> list[str]:
    unknown = [p for p in params if p not in values]
    assert not unknown, f"{name}: add what URL parameter(s) {unknown} point at to _argument_values"
    combos = itertools.product(*(values[p] for p in params))
    return sorted({reverse(name, kwargs=dict(zip(params, combo, strict=True))) for combo in combos})


def _role_for(view) -> str:
    """A role that may submit the page (the POST action of ``requires``), else the data manager."""
    actions = getattr(view, "required_actions", None)
    if actions is None:
        return "data_manager"
    from django.contrib.auth import get_user_model

    for role in ROLE_NAMES:
        user = get_user_model().objects.get(username=f"{role}_user")
        if can(user, actions[1]):
            return role
    raise AssertionError(f"no role may submit {view.__name__}")


def _forms_of(context) -> list:
    """The page's form, its per-lesion sub-forms and the forms of its formset (management form included)."""
    forms = [context["form"]]
    forms += list(context.get("subforms") or ())
    formset = context.get("formset")
    if isinstance(formset, BaseFormSet):
        forms += [formset.management_form, *formset.forms]
    return forms


def _missing_inputs(html: bytes, forms) -> list[str]:
    """Required fields with no control of theirs on the page (visible fields need a visible one)."""
    page = page_of(html)
    missing = []
    for form in forms:
        for bound in form:
            if not bound.field.required:
                continue
            controls = page.named(bound.html_name)
            if not bound.is_hidden:
                controls = [c for c in controls if c.type != "hidden"]
            if not controls:
                missing.append(f"{bound.html_name} ({bound.label})")
    return missing


@pytest.fixture
def study(users):
    world = build_world(users["coordinator"])
    world["spare"] = services.user_create(
        username="spare_user", role="monitor", password=PASSWORD, actor=Actor.system("createuser")
    )
    world["link"] = link_for_visit(
        actor=Actor.system("test"), patient=treated_days_ago(users["coordinator"], 7), timepoint="w1"
    )
    return world


def _form_pages(client, users, study):
    """Open every GET-able page with a form; yield ``(url name, url, response)``."""
    values = _argument_values(study)
    for name, pattern, params in _patterns():
        for url in _urls(name, params, values):
            login(client, users[_role_for(pattern.callback)])
            response = client.get(url)
            if response.status_code != 200 or response.context is None or "form" not in response.context:
                continue
            if response.context["form"] is None:
                continue
            yield name, url, response


def test_every_form_page_renders_an_input_for_every_required_field(client, users, study):
    seen, problems = set(), []
    for name, url, response in _form_pages(client, users, study):
        seen.add(name)
        missing = _missing_inputs(response.content, _forms_of(response.context))
        if missing:
            problems.append(f"{url} ({name}): no input for {', '.join(missing)}")
    assert not problems, "\n".join(problems)
    assert seen >= KNOWN_FORM_PAGES, f"form pages not discovered: {sorted(KNOWN_FORM_PAGES - seen)}"


def test_once_signed_every_form_of_the_casebook_is_read_only_but_the_unlock_page(client, users, study):
    """Signed, a patient's forms show their values with nothing to change or save, and say who can
    unlock; the unlock page still draws its reason box (it is how the casebook reopens)."""
    patient = study["patient"]
    services.casebook_sign(
        patient=patient, password=PASSWORD, actor=Actor.staff(users["investigator"]), confirm_open_follow_up=True
    )
    problems, seen = [], set()
    for name, url, response in _form_pages(client, users, study):
        missing = _missing_inputs(response.content, _forms_of(response.context))
        if missing:
            problems.append(f"{url} ({name}): no input for {', '.join(missing)}")
        if response.context.get("patient") is None:
            continue  # enrolment and user accounts belong to no casebook
        seen.add(name)
        page = page_of(response.content)
        editable = sorted({c.name for c in page.editable()})
        if name == "edc:unlock":
            if editable != ["reason"] or main_form_buttons(page) != ["Unlock"]:
                problems.append(f"{url}: the unlock page must stay editable, got {editable}")
            continue
        if editable or main_form_buttons(page):
            problems.append(f"{url} ({name}): editable {editable}, buttons {main_form_buttons(page)}")
        if "this casebook is signed" not in response.content.decode():
            problems.append(f"{url} ({name}): no note that the casebook is signed")
    assert not problems, "\n".join(problems)
    assert seen >= KNOWN_FORM_PAGES - {"edc:enrol", "edc:user_new"}
