"""The text of invitations and reminders: the link, the closing day, the contact line, in the patient's language."""

from __future__ import annotations

import datetime as dt

from ablacem.epro.messaging.compose import compose

URL = "https://study.example.org/p/" + "A" * 43 + "/"


def test_invitation_in_english_holds_the_link_and_the_day_it_closes(settings):
    settings.EPRO_SITE_CONTACT = "Questions: research nurse, 01 23 45 67 89"
    text = compose(number=0, url=URL, closes_on=dt.date(2026, 3, 12), language="en")
    assert text.subject == "Your questionnaire is ready"
    assert text.body == (
        "Your questionnaire is ready.\nPlease answer it by March 12, 2026:\n"
        f"{URL}\nQuestions: research nurse, 01 23 45 67 89\n"
    )


def test_reminder_in_french():
    text = compose(number=2, url=URL, closes_on=dt.date(2026, 3, 12), language="fr")
    assert text.subject == "Rappel : votre questionnaire vous attend"
    assert text.body.startswith(
        "Petit rappel : votre questionnaire attend toujours vos réponses.\nMerci d'y répondre avant le 12 mars 2026 :\n"
    )
    assert URL in text.body
