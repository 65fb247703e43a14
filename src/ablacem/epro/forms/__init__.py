"""The patient's forms: one per screen of the questionnaire (render and parse only)."""

from .steps import PainForm, PainkillersForm, QLQC30Form

__all__ = ["PainForm", "PainkillersForm", "QLQC30Form"]
