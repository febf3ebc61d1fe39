"""Benchmarks: figures plus a ratio against a baseline measured in the same run."""
