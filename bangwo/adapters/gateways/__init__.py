"""Outside payment networks."""
