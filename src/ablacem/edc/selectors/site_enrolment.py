"""Enrolment per site for the dashboard (issue 14)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from ..models import Site
from ..sites import several_sites, sites_of


@dataclass(frozen=True)
class SiteEnrolment:
    """One site's line on the dashboard: its code and name, patients enrolled, and ended."""

    code: str
    name: str
    enrolled: int
    ended: int


def enrolment_by_site(*, actor) -> list[SiteEnrolment]:
    """Patients enrolled (not deleted) at each site ``actor`` reaches, by site code; one query.

    Empty when the study has a single site: the dashboard then shows no site at all.
    """
    if not several_sites():
        return []
    active = Q(patients__is_deleted=False)
    rows = (
        Site.objects.filter(pk__in=sites_of(actor).values("pk"))
        .annotate(
            enrolled=Count("patients", filter=active),
            ended=Count("patients", filter=active & ~Q(patients__end_reason="")),
        )
        .order_by("code")
    )
    return [SiteEnrolment(s.code, s.name, s.enrolled, s.ended) for s in rows]
