"""The web EDC (Django app): models, services (writes), selectors (reads), roles and edit checks."""
