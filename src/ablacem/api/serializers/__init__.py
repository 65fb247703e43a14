"""Request and response bodies of the API (parsing only: the rules are the services' edit checks)."""
