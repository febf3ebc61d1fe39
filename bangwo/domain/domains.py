"""The business domains, named by the slugs of spec/frames.md."""

from __future__ import annotations

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


LABELS_ZH: dict[Domain, str] = {
    Domain.TAKEOUT: "外卖",
    Domain.GROCERY: "超市",
    Domain.MOVIE: "电影票",
    Domain.FLIGHT: "机票",
    Domain.TRAIN: "火车票",
    Domain.HOTEL: "酒店",
    Domain.ATTRACTION: "门票",
    Domain.TAXI: "打车",
    Domain.RECHARGE: "话费充值",
    Domain.SHOPPING: "网购",
}


def parse_domain(value: str) -> Domain:
    """Return the Domain for a slug, raising ValueError with the valid slugs listed."""
    try:
        return Domain(value)
    except ValueError:
        valid = ", ".join(d.value for d in Domain)
        raise ValueError(f"unknown domain {value!r}; expected one of: {valid}") from None
