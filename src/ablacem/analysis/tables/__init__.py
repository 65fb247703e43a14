"""The sections of the report: each module computes its numbers (for results.json) and its tables."""
