"""The embedded service ecosystem: a deterministic catalog generated from a seed."""

from bangwo.adapters.catalog.catalog import InMemoryCatalog
from bangwo.adapters.catalog.entries import CatalogEntry, from_entries, to_entries
from bangwo.adapters.catalog.generator import DEFAULT_SEED, generate
from bangwo.adapters.catalog.records import CatalogData

__all__ = ["DEFAULT_SEED", "CatalogData", "CatalogEntry", "InMemoryCatalog", "from_entries", "generate",
           "to_entries"]
