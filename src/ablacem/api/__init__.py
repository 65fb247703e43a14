"""The REST API (issue 14): DRF views over the EDC's services and selectors, token authentication,
problem details, optimistic locking through ``ETag``/``If-Match``. Versioned under ``/api/v1/``."""
