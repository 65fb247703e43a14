"""The Django project of ablacem (settings, URLs, WSGI)."""
