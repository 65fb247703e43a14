"""Development and demo settings: SQLite in ``ABLACEM_DATA_DIR``, debug off unless asked."""

from .base import *  # noqa: F403
