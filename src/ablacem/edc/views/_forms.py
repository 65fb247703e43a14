"""Running a service from a view: service errors go back onto the form, nothing typed is lost."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404

from ablacem.edc.actors import actor_from_request
from ablacem.edc.forms._fields import bool_initial
from ablacem.edc.models import FormState, Patient
from ablacem.edc.services.errors import RecordLockedError, StaleEditError


def posted(request):
    """The submitted data on POST, else None (an unbound form)."""
    return request.POST if request.method == "POST" else None


def record_or_404(request, model, **lookup):
    """The (not deleted) record of ``model`` matching ``lookup`` that the request's actor may
    see (:meth:`~ablacem.edc.models.base.ClinicalQuerySet.visible_to`), or a 404."""
    return get_object_or_404(model.objects.active().visible_to(actor_from_request(request)), **lookup)


def patient_or_404(request, pk: int) -> Patient:
    """The (not deleted) patient with this database key that the request's actor may see, or a 404."""
    return record_or_404(request, Patient, pk=pk)


def initial_of(record, fields, *, booleans=()) -> dict:
    """A form's initial values from ``record`` (None: a new record): ``fields``, the ``booleans``
    as the yes/no widgets expect them, and the ``version`` it was opened at."""
    if record is None:
        return {"version": None}
    initial = {f: getattr(record, f) for f in fields}
    initial.update({f: bool_initial(getattr(record, f)) for f in booleans})
    initial["version"] = record.version
    return initial


def needs_reason(record) -> bool:
    """Whether changing ``record`` asks for a reason (it exists and was complete or not done)."""
    return (
        record is not None and record.pk is not None and record.form_state in (FormState.COMPLETE, FormState.NOT_DONE)
    )


def run_service(form, call: Callable, *, subforms=None):
    """Call ``call()``; on failure put the reason on ``form`` and return None.

    - ``ValidationError``: messages next to the fields they name; keys ``<prefix>-<i>-<field>``
      go to the ``i``-th sub-form of ``subforms`` (a mapping prefix -> list of forms).
    - ``StaleEditError``: ``form.stale`` holds the message "changed by X since you opened it";
      the user's input stays, and the hidden version is moved to the current one so that
      saving again (after checking) is a deliberate choice, never a silent overwrite.
    - ``RecordLockedError``: a message at the top of the form.
    """
    try:
        return call()
    except StaleEditError as exc:
        form.stale = str(exc)
        data = form.data.copy()
        data[form.add_prefix("version")] = str(exc.current_version)
        form.data = data
    except RecordLockedError as exc:
        form.add_error(None, str(exc))
    except ValidationError as exc:
        _route_errors(form, exc, subforms or {})
    return None


def _route_errors(form, exc: ValidationError, subforms) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_service_errors(exc)
        return
    own: dict[str, list[str]] = {}
    for key, messages in exc.message_dict.items():
        target = _subform_for(key, subforms)
        if target is None:
            own[key] = messages
            continue
        sub, field = target
        for message in messages:
            sub.add_error(field if field in sub.fields else None, message)
    if own:
        form.add_service_errors(ValidationError(own))


def _subform_for(key: str, subforms):
    for prefix, forms in subforms.items():
        head = f"{prefix}-"
        if key.startswith(head):
            index, _, field = key[len(head) :].partition("-")
            if index.isdigit() and int(index) < len(forms):
                return forms[int(index)], field
    return None
