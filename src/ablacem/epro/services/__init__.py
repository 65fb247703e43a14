"""Every write of the ePRO app: ``<entity>_<action>(*, actor, ...)``, keyword-only and atomic."""

from .links import link_for_visit, link_revoke, link_rotate, link_set_language
from .questionnaire import LinkClosedError, draft_save, questionnaire_submit

__all__ = [
    "LinkClosedError",
    "draft_save",
    "link_for_visit",
    "link_revoke",
    "link_rotate",
    "link_set_language",
    "questionnaire_submit",
]
