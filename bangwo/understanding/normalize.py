"""Text normalization: Traditional -> Simplified, full -> half width, noise out, typos and homophones fixed."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from rapidfuzz.distance import Levenshtein

from bangwo.understanding.lexicon import Lexicon

MAX_CORRECTED_CHARS = 400
_SPACES_RE = re.compile(r"\s+")
_DROP_CATEGORIES = frozenset({"So", "Sk", "Cs", "Co", "Cf", "Cc", "Mn", "Me"})
_KEEP_SYMBOLS = frozenset("¥$€£%+-~=#@&*/°")
# Words safe to correct into even when two characters long: only city names, and only next to these.
_CITY_CONTEXT = "去到从飞回在至往返的住由,，。 、和跟"
# A measure word after a count or an order verb is never a typo (买箱牛奶 is not 买鲜牛奶).
_MEASURES = frozenset("杯份碗个瓶罐听盒袋包斤箱桶提打只条把副颗根串头张双件本台部套支块束")
_COUNTING = frozenset("0123456789一二两三四五六七八九十几半买来要点订整拿")
# OpenCC keeps 著 (a valid Simplified character); after a verb it is the particle 着 (你看著辦).
_ZHE_RE = re.compile(r"(?<=[看跟带拿等坐站躺睡听说写吃喝穿戴想试瞧盯陪])著")
# Dish heads are real alternatives, never slips (牛肉粉 is not 牛肉饭).
_DISH_HEADS = frozenset("饭面粥粉汤茶奶酒水饼包糕")
# Particles, counts and verbs are said on purpose; a near sound never replaces them (广州的 is not 广州塔).
_NEVER_SLIPS = _DISH_HEADS | frozenset("的了个一二两三四五六七八九十到去在是和跟我你他她来点要买订张杯份")
_NAME_KINDS = frozenset({"movie", "sight", "shop", "cinema", "hotel_brand"})
_TICKET_AFTER_RE = re.compile(r"\s*(?:的)?(?:门票|票|景区)")
_FUZZY = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("ang", "an"), ("eng", "en"), ("ing", "in"))


def to_half_width(text: str) -> str:
    """Map full-width ASCII forms (ＡＢＣ１２３，！) and the ideographic space to half width."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        elif code == 0x3000:
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def strip_noise(text: str) -> str:
    """Drop emoji, pictographs, control and invisible characters; collapse whitespace."""
    kept = [ch for ch in text
            if ch in _KEEP_SYMBOLS or ch.isspace() or unicodedata.category(ch) not in _DROP_CATEGORIES]
    return _SPACES_RE.sub(" ", "".join(kept)).strip()


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


class Normalizer:
    """Normalizes text against a lexicon; the converters load on first use and are cached here."""

    def __init__(self, lexicon: Lexicon) -> None:
        self._lexicon = lexicon
        self._opencc: Any = None
        self._pinyin: dict[str, frozenset[str]] = {}
        self._pinyin_fn: Any = None
        self._masks: dict[str, list[tuple[str, int]]] | None = None
        self._mask_lengths: list[int] = []

    def simplify(self, text: str) -> str:
        """Convert Traditional Chinese to Simplified (OpenCC t2s)."""
        if self._opencc is None:
            from opencc import OpenCC

            self._opencc = OpenCC("t2s")
        if all(ord(ch) < 0x3400 for ch in text):
            return text
        converted: str = self._opencc.convert(text)
        return converted

    def clean(self, text: str) -> str:
        """Return Simplified, half-width, noise-free, trimmed text (no typo correction)."""
        return _ZHE_RE.sub("着", strip_noise(self.simplify(to_half_width(text))))

    def normalize(self, text: str) -> str:
        """Return the cleaned text with typos and homophones of known words corrected."""
        return self.correct(self.clean(text))

    # -- typos and homophones ------------------------------------------------------------------

    def _build_masks(self) -> dict[str, list[tuple[str, int]]]:
        masks: dict[str, list[tuple[str, int]]] = {}
        lengths: set[int] = set()
        for word in self._lexicon.words():
            entries = self._lexicon.lookup(word)
            if not all(_is_cjk(ch) for ch in word) or not 2 <= len(word) <= 8:
                continue
            if len(word) == 2 and not any(e.kind in ("city", "sight") and e.value == word for e in entries):
                continue
            lengths.add(len(word))
            for pos in range(len(word)):
                masks.setdefault(word[:pos] + "?" + word[pos + 1:], []).append((word, pos))
        self._mask_lengths = sorted(lengths, reverse=True)
        return masks

    def _readings(self, ch: str) -> frozenset[str]:
        if ch not in self._pinyin:
            if self._pinyin_fn is None:
                from pypinyin import Style, pinyin

                self._pinyin_fn = lambda c: pinyin(c, style=Style.NORMAL, heteronym=True)[0]
            readings = set(self._pinyin_fn(ch))
            for a, b in _FUZZY:
                readings |= {r.replace(a, b) for r in readings}
            self._pinyin[ch] = frozenset(readings)
        return self._pinyin[ch]

    def _sounds_alike(self, said: str, meant: str) -> bool:
        return _is_cjk(said) and _is_cjk(meant) and bool(self._readings(said) & self._readings(meant))

    def correct(self, text: str) -> str:
        """Replace one-character homophone slips of known words (珍株奶茶 -> 珍珠奶茶, 广洲 -> 广州)."""
        if self._masks is None:
            self._masks = self._build_masks()
        head, tail = text[:MAX_CORRECTED_CHARS], text[MAX_CORRECTED_CHARS:]
        known = [(m.start, m.end) for m in self._lexicon.scan(head)]
        fixes: list[tuple[int, int, str]] = []
        i = 0
        while i < len(head):
            fix = self._fix_at(head, i, known)
            if fix is None:
                i += 1
                continue
            fixes.append((i, i + len(fix), fix))
            i += len(fix)
        for start, end, word in reversed(fixes):
            head = head[:start] + word + head[end:]
        return head + tail

    def _fix_at(self, text: str, i: int, known: list[tuple[int, int]]) -> str | None:
        assert self._masks is not None
        for length in self._mask_lengths:
            window = text[i:i + length]
            if len(window) < length or not _is_cjk(window[0]) or self._lexicon.lookup(window):
                continue
            for pos in range(length):
                changed = i + pos
                if any(s <= changed < e for s, e in known) or self._counted(text, changed):
                    continue
                for word, wpos in self._masks.get(window[:pos] + "?" + window[pos + 1:], ()):
                    if wpos == pos and self._alike(window[pos], word, pos) and self._fits(text, i, word):
                        return word
        return None

    def _alike(self, said: str, word: str, pos: int) -> bool:
        """A homophone (珍株 -> 珍珠), or in a name a near sound with the same initial (惊震无声, 故官门票)."""
        meant = word[pos]
        if said in _NEVER_SLIPS - _DISH_HEADS and pos == len(word) - 1:
            return False  # 厦门到 is not 厦门岛: a particle or verb after a word is said on purpose
        if self._sounds_alike(said, meant):
            return True
        if said in _NEVER_SLIPS or meant in _DISH_HEADS or len(word) == 3 or not (_is_cjk(said) and _is_cjk(meant)):
            return False
        if not any(e.kind in _NAME_KINDS for e in self._lexicon.lookup(word)):
            return False
        a, b = self._reading(said), self._reading(meant)
        if len(word) == 2:  # 故官门票: a two-character sight needs a ticket word after it (see _fits)
            return a[0] == b[0]
        return a[0] == b[0] and Levenshtein.distance(a, b) <= 1  # 惊震无声: names of four or more

    def _reading(self, ch: str) -> str:
        """The usual reading of a character (no tone, no heteronyms)."""
        self._readings(ch)
        assert self._pinyin_fn is not None
        first: str = self._pinyin_fn(ch)[0]
        return first

    @staticmethod
    def _counted(text: str, i: int) -> bool:
        """A measure word right after a count or an order verb (两箱, 买箱) is kept as said."""
        return text[i] in _MEASURES and i > 0 and text[i - 1] in _COUNTING

    def _fits(self, text: str, i: int, word: str) -> bool:
        """Two-character corrections need a context: a place word for cities, a ticket word for sights."""
        if len(word) > 2:
            return True
        if not any(e.kind == "city" for e in self._lexicon.lookup(word)):
            return bool(_TICKET_AFTER_RE.match(text, i + 2))
        if text == word or len(text) == 2:
            return True
        before = text[i - 1] if i else ""
        after = text[i + 2] if i + 2 < len(text) else ""
        return (before != "" and before in _CITY_CONTEXT) or (after != "" and after in _CITY_CONTEXT + "市站")
