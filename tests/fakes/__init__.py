"""Fakes of outside parties that speak their real protocols (payment providers)."""
