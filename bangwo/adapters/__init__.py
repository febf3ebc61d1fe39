"""Concrete adapters: databases, caches, catalogs, gateways, LLMs."""
