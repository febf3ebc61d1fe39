"""Adapters over Redis: the card-claim hot path and its journal."""
