"""The business domains, named by the slugs of spec/frames.md."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from enum import StrEnum


class Domain(StrEnum):
    TAKEOUT = "takeout"
    GROCERY = "grocery"
    MOVIE = "movie"
    FLIGHT = "flight"
    TRAIN = "train"
    HOTEL = "hotel"
    ATTRACTION = "attraction"
    TAXI = "taxi"
    RECHARGE = "recharge"
    SHOPPING = "shopping"


class _Labels(Mapping[Domain, str]):
    """The Chinese name of each domain, read from its spec (domain/specs.py imports this module)."""

    def __getitem__(self, domain: Domain) -> str:
        from bangwo.domain import specs  # here, not at the top: specs needs Domain first

        return specs.SPECS[domain].label_zh

    def __iter__(self) -> Iterator[Domain]:
        return iter(Domain)

    def __len__(self) -> int:
        return len(Domain)


# Derived from SPECS; kept for the modules that read it (specs.spec(domain).label_zh is the source).
LABELS_ZH: Mapping[Domain, str] = _Labels()


def parse_domain(value: str) -> Domain:
    """Return the Domain for a slug, raising ValueError with the valid slugs listed."""
    try:
        return Domain(value)
    except ValueError:
        valid = ", ".join(d.value for d in Domain)
        raise ValueError(f"unknown domain {value!r}; expected one of: {valid}") from None
