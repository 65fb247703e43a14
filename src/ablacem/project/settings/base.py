"""Settings shared by every environment. Every variable read here is documented in README.md."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from ablacem.protocol.study import PATIENT_ID_PREFIX

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
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "ablacem.edc",
    "ablacem.epro",
    "ablacem.api",
]

MIDDLEWARE = [
    "ablacem.project.request_log.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "ablacem.project.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "ablacem.edc.second_factor.SecondFactorMiddleware",
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

# The REST API (issue 14): tokens first, the session for the browsable API (with CSRF); every
# error as problem details; pages on every list; a rate per token.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "ablacem.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["ablacem.api.permissions.RoleAllows"],
    "DEFAULT_THROTTLE_CLASSES": ["ablacem.api.throttles.TokenRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "ablacem.api.pagination.Pages",
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "ablacem.api.problems.exception_handler",
    "DEFAULT_VERSIONING_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ablacem EDC API",
    "DESCRIPTION": "The study's data through the same services, edit checks, audit trail and roles as the EDC's pages.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "Qlqc30FourPointEnum": "ablacem.api.schema.qlqc30_4_point",
        "Qlqc30SevenPointEnum": "ablacem.api.schema.qlqc30_7_point",
        "AeCausalityEnum": "ablacem.api.schema.ae_causality",
        "ReportBuildStatusEnum": "ablacem.edc.models.report_build.ReportBuildStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "ablacem.api.schema.add_problems",
    ],
}
#: Requests an API token may make, e.g. ``600/minute`` (DRF's rate format; counted per process cache).
ABLACEM_API_RATE = env_str("ABLACEM_API_RATE", "600/minute")
#: Longest lifetime of an API token, in days.
ABLACEM_API_TOKEN_MAX_DAYS = env_int("ABLACEM_API_TOKEN_MAX_DAYS", 365)

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
# The default site (issue 14): the one site of a single-site installation, which the migration
# creating sites gives every existing patient and user; its time zone is TIME_ZONE.
ABLACEM_SITE_CODE = env_str("ABLACEM_SITE_CODE", PATIENT_ID_PREFIX)
ABLACEM_SITE_NAME = env_str("ABLACEM_SITE_NAME", "Main site")
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

# Second factor (TOTP, django-otp): optional for every staff account; when required, roles that
# see identifiers or sign must enrol an authenticator before anything else (production: on).
ABLACEM_REQUIRE_SECOND_FACTOR = env_bool("ABLACEM_REQUIRE_SECOND_FACTOR", False)
#: Seconds after which a page recomputes itself the open problems of a patient whose refresh the
#: worker has not done yet (the worker normally does it within seconds of the save).
PROBLEMS_CATCH_UP_SECONDS = env_int("ABLACEM_PROBLEMS_CATCH_UP_SECONDS", 60)
OTP_TOTP_ISSUER = env_str("ABLACEM_TOTP_ISSUER", "ablacem EDC")
# ePRO invitations and reminders (ablacem.protocol.reminders, ablacem.epro.messaging). The
# invitation goes out when a visit's window opens, or this many days before its target day
# (empty: at the opening); reminders on these days relative to the target day.
EPRO_INVITE_DAYS_BEFORE_TARGET = env_str("ABLACEM_INVITE_DAYS_BEFORE_TARGET", "")
EPRO_REMINDER_DAYS = env_str("ABLACEM_REMINDER_DAYS", "0,2,5")
# A message the provider refuses is tried again by later runs, this many times in all.
EPRO_MESSAGE_MAX_ATTEMPTS = env_int("ABLACEM_MESSAGE_MAX_ATTEMPTS", 3)
# `ablacem worker` runs the sender this often.
EPRO_SEND_EVERY_MINUTES = env_int("ABLACEM_SEND_EVERY_MINUTES", 5)
# Email: SMTP when EMAIL_HOST is set, else one file per message in the data folder (demo, tests).
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "study@example.org")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = DATA_DIR / "outbox" / "email"
# SMS: `file` (one file per message in the data folder) or `twilio` (with the three settings below).
EPRO_SMS_BACKEND = env_str("ABLACEM_SMS_BACKEND", "file")
EPRO_SMS_FILE_PATH = DATA_DIR / "outbox" / "sms"
TWILIO_ACCOUNT_SID = env_str("ABLACEM_TWILIO_ACCOUNT_SID", "")
TWILIO_AUTH_TOKEN = env_str("ABLACEM_TWILIO_AUTH_TOKEN", "")
TWILIO_FROM = env_str("ABLACEM_TWILIO_FROM", "")

# Background work (ePRO invitations and reminders, reports built from the web, CT measurements):
# Django's tasks framework (the django-tasks backport) with the database backend, so that web
# processes stay stateless and `ablacem worker` (django-tasks-db's db_worker) runs the queue.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# /healthz answers 503 when a due background task has waited longer than this (worker down).
HEALTHZ_WORKER_STALE_SECONDS = env_int("ABLACEM_HEALTHZ_WORKER_STALE_SECONDS", 300)
# CT cement measurement (issue 15): largest zipped series a radiologist may upload, where uploads
# wait for their measurement, and whether they are kept afterwards (default: deleted once measured).
ABLACEM_CT_UPLOAD_MAX_MB = env_int("ABLACEM_CT_UPLOAD_MAX_MB", 700)
ABLACEM_CT_UPLOAD_DIR = Path(env_str("ABLACEM_CT_UPLOAD_DIR", str(DATA_DIR / "ct_uploads"))).resolve()
ABLACEM_CT_KEEP_IMAGES = env_bool("ABLACEM_CT_KEEP_IMAGES", False)
# The study report built from the web (issue 13): each build's report.html and zip of the other
# files, kept until the same user builds the next one; not served (downloads are audited).
ABLACEM_REPORT_DIR = Path(env_str("ABLACEM_REPORT_DIR", str(DATA_DIR / "reports"))).resolve()

# Site-provided licensed EORTC QLQ-C30 wording (see README); without it forms show item numbers.
QLQC30_WORDING_FILE = env_str("ABLACEM_QLQC30_WORDING", "")

# ePRO patient links (issue 10). The key of the HMAC that makes link tokens; empty: derived from
# SECRET_KEY (then rotating SECRET_KEY stops every link). See ablacem.epro.links.
ABLACEM_LINK_KEY = env_str("ABLACEM_LINK_KEY", "")
# The site's public address, for links printed by `ablacem epro link` (and sent to patients).
EPRO_BASE_URL = env_str("ABLACEM_BASE_URL", "http://127.0.0.1:8000")
# The contact line shown on the patient's pages (expired or unknown links included).
EPRO_SITE_CONTACT = env_str("ABLACEM_SITE_CONTACT", "")
# Link guessing: after this many unknown link addresses from one client address within
# EPRO_GUESS_WINDOW_SECONDS, its link pages answer "too many attempts" (cache-based).
EPRO_GUESS_LIMIT = env_int("ABLACEM_LINK_GUESS_LIMIT", 10)
EPRO_GUESS_WINDOW_SECONDS = 15 * 60
# Production refuses to open patient links without the licensed QLQ-C30 wording.
EPRO_REQUIRE_WORDING = False
LANGUAGES = [("en", "English"), ("fr", "Français")]

# Secret key of the keyed hash that replaces patient IDs in de-identified exports. Empty: derived
# from SECRET_KEY (then rotating SECRET_KEY changes every pseudonym).
ABLACEM_PSEUDONYM_KEY = env_str("ABLACEM_PSEUDONYM_KEY", "")
# 16 = ablacem.interop.deidentify.MIN_KEY_BYTES, written out so that loading the settings does
# not import pandas (tests/project checks the two agree).
PSEUDONYM_KEY_MIN_BYTES = 16
if ABLACEM_PSEUDONYM_KEY and len(ABLACEM_PSEUDONYM_KEY.encode()) < PSEUDONYM_KEY_MIN_BYTES:
    raise ImproperlyConfigured("ABLACEM_PSEUDONYM_KEY must be at least 16 characters (a random secret)")

# Safety reporting (issue 12): who is emailed when a serious adverse event is recorded and the
# address links in emails start with (the mail server: EMAIL_* above).
ABLACEM_SAE_EMAILS = env_list("ABLACEM_SAE_EMAILS", "")
ABLACEM_SITE_URL = env_str("ABLACEM_SITE_URL", "http://127.0.0.1:8000")
# Forms the monitor verifies against source (source data verification): form kinds separated by
# commas (enrolment, end_of_study, lesion, procedure, visit, imaging, adverse_event); empty: all.
ABLACEM_SDV_FORMS = env_list("ABLACEM_SDV_FORMS", "")

# Logs go to stderr, each record with the request id (ablacem.project.request_log); LOG_FORMAT
# "json" writes one JSON object a line (production's default) for a log collector. No log line
# may hold a patient identifier or a link token.
LOG_FORMAT = env_str("LOG_FORMAT", "text")
LOG_FORMATS = {
    "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    "json": {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
        "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
    },
}
if LOG_FORMAT not in LOG_FORMATS:
    raise ImproperlyConfigured(f"LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}, got {LOG_FORMAT!r}")


def logging_config(log_format: str) -> dict:
    """The ``LOGGING`` dictionary for ``log_format`` (``"text"`` or ``"json"``)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "ablacem.project.request_log.RequestIdFilter"},
            # Patient link tokens never reach a log: masked in every record (ablacem.epro.log_filter).
            "mask_link_tokens": {"()": "ablacem.epro.log_filter.MaskLinkTokens"},
        },
        "formatters": {"main": LOG_FORMATS[log_format]},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "main",
                "filters": ["request_id", "mask_link_tokens"],
            },
        },
        "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    }


LOGGING = logging_config(LOG_FORMAT)
