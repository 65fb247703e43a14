"""Template tags of the EDC."""
