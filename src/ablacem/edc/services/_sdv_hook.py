"""Clearing source data verification when a verified value changes (run by every clinical save)."""

from __future__ import annotations

from django.utils import timezone

from ..form_kinds import SUB_ROWS, kinds_of_model
from ..models import SourceVerification
from ..models.history import HISTORY_ACTOR


def value_text(value) -> str:
    """A field's value as the verification keeps it (``""`` for a blank)."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _changed_fields(record) -> set[str]:
    """Fields of ``record`` whose value differs from the stored row (all of them for a new row)."""
    model = type(record)
    names = [f.attname for f in model._meta.concrete_fields]
    stored = model.objects.filter(pk=record.pk).values(*names).first() if record.pk is not None else None
    changed = set()
    for f in model._meta.concrete_fields:
        if stored is None or value_text(stored[f.attname]) != value_text(getattr(record, f.attname)):
            changed.add(f.name)
    return changed


def clear_changed_verifications(record, *, actor) -> list[SourceVerification]:
    """Clear every active verification whose verified value ``record``'s save changes.

    A verification of one field is cleared when that field changes; a verification of a whole
    form when any of its fields changes, or a row of its sub-rows (a visit's analgesics, a
    session's treated lesions) is added, changed or deleted. Bookkeeping (version, form state
    when signing) never clears one. Returns the verifications cleared.
    """
    model = type(record)
    if model in SUB_ROWS:
        kind, parent_attr = SUB_ROWS[model]
        watched = [(kind, getattr(record, parent_attr), None)]
    else:
        if record.pk is None:
            return []
        watched = [(k.code, record.pk, k.fields) for k in kinds_of_model(model)]
    if (
        not watched
        or not SourceVerification.objects.filter(
            form__in=[w[0] for w in watched], record_pk__in=[w[1] for w in watched], is_active=True
        ).exists()
    ):
        return []
    changed = _changed_fields(record)
    if model in SUB_ROWS:
        changed = changed - {"version", "form_state", "state_before_lock", "updated_at", "created_at"}
    cleared = []
    for kind, record_pk, fields in watched:
        hit = changed if fields is None else changed & set(fields)
        if not hit:
            continue
        for mark in SourceVerification.objects.select_for_update().filter(
            form=kind, record_pk=record_pk, is_active=True
        ):
            if mark.field_name and fields is not None and mark.field_name not in hit:
                continue
            if mark.field_name and fields is None:
                continue  # a sub-row changed: only a whole-form verification covers it
            mark.is_active = False
            mark.cleared_at = timezone.now()
            mark.cleared_reason = "value changed: " + ", ".join(sorted(hit if fields is None else hit & set(fields)))
            mark._history_user = actor.user
            setattr(mark, HISTORY_ACTOR, actor)
            mark._change_reason = mark.cleared_reason
            mark.save()
            cleared.append(mark)
    return cleared
