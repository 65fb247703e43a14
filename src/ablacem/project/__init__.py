"""The Django project of ablacem: settings from the environment, URLs, WSGI.

The settings module each entry point uses when ``DJANGO_SETTINGS_MODULE`` is not set is named
here, once: the ``ablacem`` commands default to the local settings (SQLite in
``ABLACEM_DATA_DIR``); the WSGI application, which only a production server loads, defaults to
the production settings, so that a server started without the variable refuses to run without
a real secret rather than serving with development settings.
"""

from __future__ import annotations

import os

SETTINGS_PACKAGE = "ablacem.project.settings"
#: Default of the ``ablacem`` commands (``serve``, ``import``, ``report`` from the database ...).
COMMAND_SETTINGS = f"{SETTINGS_PACKAGE}.local"
#: Default of :mod:`ablacem.project.wsgi` (gunicorn).
SERVER_SETTINGS = f"{SETTINGS_PACKAGE}.production"


def use_default_settings(module: str) -> str:
    """Set ``DJANGO_SETTINGS_MODULE`` to ``module`` unless the environment names one.

    Parameters
    ----------
    module : str
        :data:`COMMAND_SETTINGS` or :data:`SERVER_SETTINGS`.

    Returns
    -------
    str
        The settings module in effect.
    """
    return os.environ.setdefault("DJANGO_SETTINGS_MODULE", module)
