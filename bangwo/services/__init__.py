"""Use cases: each loads, calls the domain and commits through a unit of work."""
