"""Normalization: Simplified, half width, noise out, typos of known words fixed, real words left alone."""

from __future__ import annotations

import pytest

from bangwo.understanding.lexicon import Lexicon
from bangwo.understanding.normalize import Normalizer, strip_noise, to_half_width
from bangwo.understanding.vocabulary import default_vocabulary


@pytest.fixture(scope="module")
def normalizer() -> Normalizer:
    return Normalizer(Lexicon(default_vocabulary()))


def test_traditional_becomes_simplified(normalizer: Normalizer) -> None:
    assert normalizer.normalize("幫我點一杯珍珠奶茶") == "帮我点一杯珍珠奶茶"


def test_full_width_becomes_half_width() -> None:
    assert to_half_width("ＫＦＣ１２３，！") == "KFC123,!"


def test_emoji_and_extra_spaces_are_stripped() -> None:
    assert strip_noise("  🧋🧋 一杯   珍珠奶茶☕ ") == "一杯 珍珠奶茶"


@pytest.mark.parametrize(("said", "meant"), [
    ("珍株奶茶两杯", "珍珠奶茶两杯"),
    ("杨枝肝露", "杨枝甘露"),
    ("去广洲", "去广州"),
    ("成督到北京", "成都到北京"),
    ("黄焖鸡米反一份", "黄焖鸡米饭一份"),
])
def test_homophone_slips_of_known_words_are_corrected(normalizer: Normalizer, said: str, meant: str) -> None:
    assert normalizer.normalize(said) == meant


@pytest.mark.parametrize("text", ["大力水手真好看", "我想学习一下", "帮我点一杯少糖少冰的珍珠奶茶"])
def test_real_words_are_not_corrected(normalizer: Normalizer, text: str) -> None:
    assert normalizer.normalize(text) == text
