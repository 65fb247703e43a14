"""Settings modules: ``base`` (shared), ``local`` (default, SQLite), ``test``, ``production``."""
