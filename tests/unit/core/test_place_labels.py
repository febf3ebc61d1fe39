"""A person's own names for places: which words are labels, and what they carry along."""

from __future__ import annotations

import pytest

from bangwo.domain import users
from bangwo.domain.errors import InvalidRequestError


@pytest.mark.parametrize(("text", "expected"), [
    ("公司", ("公司", "")), ("公司前台", ("公司", "前台")), ("宿舍楼下", ("宿舍", "楼下")), ("我家", ("家", "")),
    ("家里", ("家", "")), ("学校", ("学校", "")),
])
def test_labels_are_recognised_with_what_follows(text: str, expected: tuple[str, str]) -> None:
    assert users.place_label(text) == expected


@pytest.mark.parametrize("text", ["文三路478号", "公司路88号", "家乐福", "杭州东站", "18栋", ""])
def test_addresses_and_other_words_are_not_labels(text: str) -> None:
    assert users.place_label(text) is None


def test_saved_labels_are_short_words() -> None:
    assert users.check_place_label(" 公司 ") == "公司"
    for bad in ("", "x" * 9, "公 司", "公司!"):
        with pytest.raises(InvalidRequestError):
            users.check_place_label(bad)
