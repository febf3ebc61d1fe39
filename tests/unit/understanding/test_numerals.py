"""Chinese numerals as said in errands."""

from __future__ import annotations

import pytest

from bangwo.understanding.numerals import parse_int, parse_number


@pytest.mark.parametrize(("said", "value"), [
    ("两", 2), ("俩", 2), ("仨", 3), ("十", 10), ("十五", 15), ("二十", 20), ("一百五", 150),
    ("一百零五", 105), ("两百", 200), ("一千二", 1200), ("两千五", 2500), ("3万", 30000), ("1k", 1000),
])
def test_numerals_parse_to_integers(said: str, value: int) -> None:
    assert parse_int(said) == value


def test_decimals_are_not_integers() -> None:
    assert parse_number("1.5") == 1.5
    assert parse_int("1.5") is None


def test_words_that_are_no_numbers_give_none() -> None:
    assert parse_number("奶茶") is None
