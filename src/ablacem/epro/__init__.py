"""Patients report their own outcomes (ePRO): secure links, the questionnaire, invitations."""
