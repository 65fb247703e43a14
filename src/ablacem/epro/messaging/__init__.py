"""Invitations and reminders to patients (issue 10): who is due a message, sending it once, the send log.

- :mod:`.models`: the send log, one row per patient, visit and message number (a database
  constraint makes each message go out at most once, even with two senders at once);
- :mod:`.selectors`: what is due now, computed from the current state
  (:mod:`ablacem.protocol.reminders`), and the send log as staff see it;
- :mod:`.services`: claim, send, retry;
- :mod:`.compose`: the message text (the link and nothing clinical);
- :mod:`.mail` and :mod:`.sms`: the delivery backends;
- :mod:`.tasks`: the django-tasks task that ``ablacem worker`` runs every few minutes.
"""
