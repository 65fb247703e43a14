"""Every read of the ePRO app."""

from .links import LinkState, LinkStatus, link_by_token, link_state, links_of_patient
from .questionnaire import (
    draft_answers,
    draft_of,
    languages_blocked,
    previous_painkillers,
    questionnaire_response_labels,
    questionnaire_wording,
    wording_blocks_links,
)

__all__ = [
    "LinkState",
    "LinkStatus",
    "draft_answers",
    "draft_of",
    "languages_blocked",
    "link_by_token",
    "link_state",
    "links_of_patient",
    "previous_painkillers",
    "questionnaire_response_labels",
    "questionnaire_wording",
    "wording_blocks_links",
]
