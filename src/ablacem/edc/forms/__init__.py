"""Web forms of the EDC: they parse and show fields; the services do the checks that matter
and the writes (their per-field messages are put back next to the fields)."""
