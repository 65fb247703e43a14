"""Fuzzing every data-entry form with random posts (issue 11).

Each example posts, for a random subset of the form's fields, a valid choice, a boundary or
wrong-kind text (numbers beyond ranges, NaN, huge, formulas, very long text, impossible
dates). Parsing must never raise; a form that says it is valid must hand on values of the
declared kind (a code of the field's list, a finite number, a date).
"""

from __future__ import annotations

import datetime as dt
import math

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from ablacem.edc.forms.adverse_event import AdverseEventForm
from ablacem.edc.forms.assessment import AnalgesicForm, AssessmentForm, NotDoneForm
from ablacem.edc.forms.casebook import SignForm, UnlockForm
from ablacem.edc.forms.ct_measurement import CtDecisionForm, CtUploadForm
from ablacem.edc.forms.deletion import DeleteForm
from ablacem.edc.forms.imaging import ImagingForm
from ablacem.edc.forms.lesion import LesionForm
from ablacem.edc.forms.patient import EndOfStudyForm, EnrolForm, IdentityForm, PatientForm
from ablacem.edc.forms.procedure import ProcedureForm, TreatedLesionForm
from ablacem.edc.forms.query import QueryAnswerForm, QueryCloseForm, QueryOpenForm, QueryReopenForm
from ablacem.edc.forms.second_factor import TokenForm
from ablacem.edc.forms.study_lock import LockConfirmForm, LockRequestForm, LockWithdrawForm, StudyUnlockForm
from ablacem.edc.forms.users import UserCreateForm
from tests.edc.fuzz.mutations import CELL_VALUES

pytestmark = pytest.mark.fuzz

#: Every form of ``ablacem.edc.forms`` with the keyword arguments its views give it.
FORMS = {
    EnrolForm: {},
    PatientForm: {"needs_reason": True},
    IdentityForm: {},
    EndOfStudyForm: {},
    LesionForm: {},
    ProcedureForm: {},
    TreatedLesionForm: {},
    AssessmentForm: {},
    AnalgesicForm: {},
    NotDoneForm: {},
    ImagingForm: {},
    AdverseEventForm: {},
    SignForm: {"follow_up_over": False},
    UnlockForm: {},
    DeleteForm: {},
    UserCreateForm: {},
    CtUploadForm: {},
    CtDecisionForm: {},
    QueryOpenForm: {"fields": [("vas_worst", "Worst pain"), ("assessed_on", "Date of the visit")]},
    QueryAnswerForm: {},
    QueryCloseForm: {},
    QueryReopenForm: {},
    TokenForm: {},
    LockRequestForm: {},
    LockConfirmForm: {},
    StudyUnlockForm: {},
    LockWithdrawForm: {},
}
TEXTS = st.one_of(
    st.sampled_from(CELL_VALUES),
    st.text(max_size=30),
    st.integers(-(10**12), 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat),
)


def _value(field: forms.Field) -> st.SearchStrategy[str]:
    choices = [str(value) for value, _ in getattr(field, "choices", []) or [] if not isinstance(_, list | tuple)]
    if choices:
        return st.one_of(st.sampled_from(choices), TEXTS)
    return TEXTS


def _post(form_class, kwargs) -> st.SearchStrategy[dict]:
    fields = form_class(**kwargs).fields
    return st.fixed_dictionaries({}, optional={name: _value(field) for name, field in fields.items()})


def _kept_to_kind(form: forms.Form) -> list[str]:
    wrong = []
    for name, value in form.cleaned_data.items():
        field = form.fields.get(name)
        if value in (None, "") or field is None:
            continue
        if isinstance(value, float) and not math.isfinite(value):
            wrong.append(f"{name}={value!r}: not finite")
        if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
            codes = {str(v) for v, label in field.choices if not isinstance(label, list | tuple)}
            codes |= {str(v) for _, group in field.choices if isinstance(group, list | tuple) for v, _ in group}
            if isinstance(field, forms.TypedChoiceField):  # a yes/no field keeps True, not "true"
                codes |= {str(field.coerce(c)) for c in codes if c != ""}
            if str(value) not in codes:
                wrong.append(f"{name}={value!r}: not one of the choices")
        if isinstance(field, forms.DateField) and not isinstance(value, dt.date):
            wrong.append(f"{name}={value!r}: not a date")
    return wrong


@pytest.mark.parametrize("form_class", list(FORMS), ids=lambda c: c.__name__)
@given(data=st.data())
def test_a_random_post_is_parsed_or_refused_never_crashes(form_class, data):
    kwargs = FORMS[form_class]
    form = form_class(data.draw(_post(form_class, kwargs)), **kwargs)
    if form.is_valid():
        assert _kept_to_kind(form) == []
    else:
        assert form.errors


def test_every_form_module_is_fuzzed():
    import importlib
    import pkgutil

    import ablacem.edc.forms as package

    declared = set()
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        declared |= {
            obj
            for obj in vars(module).values()
            if isinstance(obj, type)
            and issubclass(obj, forms.BaseForm)
            and obj.__module__ == module.__name__
            and not obj.__name__.startswith("_")
            and obj.__name__ not in ("EdcForm", "ChangeControlForm")
        }
    assert declared <= set(FORMS), declared - set(FORMS)
