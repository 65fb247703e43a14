"""The data manager's study audit page: account, login, export and import events, and the chain head."""

from __future__ import annotations

from django.views.decorators.http import require_safe

from ablacem.edc.models import AuditEventKind
from ablacem.edc.roles import Action
from ablacem.edc.selectors.audit_chain import audit_chain_head
from ablacem.edc.selectors.audit_events import PAGE_SIZE, study_audit_events

from ._access import requires
from ._render import form_page


@requires(Action.MANAGE_USERS)
@require_safe
def study_audit(request):
    """The latest audit events (filter ``?kind=``) and the head of the audit chain to note off-site."""
    kind = request.GET.get("kind", "")
    return form_page(
        request,
        "edc/study_audit.html",
        nav="audit",
        rows=study_audit_events(kind=kind),
        kinds=AuditEventKind.choices,
        kind=kind if kind in AuditEventKind.values else "",
        page_size=PAGE_SIZE,
        head=audit_chain_head(),
    )
