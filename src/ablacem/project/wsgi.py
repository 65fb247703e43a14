"""WSGI entry point for gunicorn: ``gunicorn ablacem.project.wsgi`` (settings from
``DJANGO_SETTINGS_MODULE``, default :data:`ablacem.project.SERVER_SETTINGS`)."""

from django.core.wsgi import get_wsgi_application

from ablacem.project import SERVER_SETTINGS, use_default_settings

use_default_settings(SERVER_SETTINGS)

application = get_wsgi_application()
