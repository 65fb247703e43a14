"""Settings shared by every environment. Every variable read here is documented in README.md."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str

# The checkout (src/ablacem/project/settings/base.py is four levels down): `./data` of the README.
BASE_DIR = Path(__file__).resolve().parents[4]
DATA_DIR = Path(env_str("ABLACEM_DATA_DIR", str(BASE_DIR / "data"))).resolve()

SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-do-not-use-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'ablacem.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
# SQLite serving web requests (the default of `ablacem serve`): the WAL journal lets pages be
# read while another request or `ablacem import` writes; IMMEDIATE transactions take the write
# lock when they begin, so that two saves at once queue (for up to the busy timeout) instead of
# one failing with "database is locked" when its read transaction tries to become a write one.
# A save still waiting after the timeout gets the "busy, try again" page (HTTP 503, from the
# 500 handler), never a server error.
SQLITE_BUSY_TIMEOUT_SECONDS = 30
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": SQLITE_BUSY_TIMEOUT_SECONDS,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
ROOT_URLCONF = "ablacem.project.urls"
WSGI_APPLICATION = "ablacem.project.wsgi.application"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "ablacem.edc",
    "ablacem.epro",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "ablacem.project.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp 4): scripts, styles and fonts from this site only, no
# inline script or style (every template uses static files), no plugins, no framing, forms post
# only here. Images may also be data: URIs (a QR code drawn by segno), which run no code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# The reason given for a change is kept whole in the history (reasons are limited by the edit
# checks to ``ranges.REASON_MAX_CHARS``, longer than django-simple-history's default column).
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/login/"

# Sessions expire after inactivity and when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# django-axes: lock an account+address after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = env_bool("AXES_VERBOSE", False)
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Background work (ePRO invitations and reminders, reports built from the web, CT measurements):
# Django's tasks framework (the django-tasks backport) with the database backend, so that web
# processes stay stateless and `ablacem worker` (django-tasks-db's db_worker) runs the queue.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Site-provided licensed EORTC QLQ-C30 wording (see README); without it forms show item numbers.
QLQC30_WORDING_FILE = env_str("ABLACEM_QLQC30_WORDING", "")

# Secret key of the keyed hash that replaces patient IDs in de-identified exports. Empty: derived
# from SECRET_KEY (then rotating SECRET_KEY changes every pseudonym).
ABLACEM_PSEUDONYM_KEY = env_str("ABLACEM_PSEUDONYM_KEY", "")
# 16 = ablacem.interop.deidentify.MIN_KEY_BYTES, written out so that loading the settings does
# not import pandas (tests/project checks the two agree).
PSEUDONYM_KEY_MIN_BYTES = 16
if ABLACEM_PSEUDONYM_KEY and len(ABLACEM_PSEUDONYM_KEY.encode()) < PSEUDONYM_KEY_MIN_BYTES:
    raise ImproperlyConfigured("ABLACEM_PSEUDONYM_KEY must be at least 16 characters (a random secret)")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
