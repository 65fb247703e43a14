"""The study report builds a user started (issue 13): what the report pages show and poll."""

from __future__ import annotations

from ..models import ReportBuild


def user_report_builds(actor):
    """The builds the actor's user started, newest first (a user sees only their own)."""
    return ReportBuild.objects.filter(user=getattr(actor.user, "pk", None))


def latest_report_build(actor) -> ReportBuild | None:
    """The actor's newest build, or None."""
    return user_report_builds(actor).first()


def report_build_progress(build: ReportBuild) -> dict:
    """What the page's progress indicator needs, as JSON-ready values (no data, no file paths).

    Returns
    -------
    dict
        ``status``, ``status_label``, ``finished`` (done or failed), ``step``, ``total``,
        ``percent``, ``label`` (the last step done) and ``message`` (why it failed).
    """
    return {
        "status": build.status,
        "status_label": build.get_status_display(),
        "finished": build.finished,
        "step": build.step,
        "total": build.total,
        "percent": build.percent,
        "label": build.label,
        "message": build.message,
    }
