"""Text normalization: Traditional -> Simplified, full -> half width, noise out, typos and homophones fixed."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from rapidfuzz.distance import Levenshtein

from bangwo.domain import places
from bangwo.understanding.lazyregex import lazy_compile
from bangwo.understanding.lexicon import Lexicon
from bangwo.understanding.lexicon_world import RARE_CITIES

MAX_CORRECTED_CHARS = 400
_SPACES_RE = lazy_compile(r"\s+")
_DROP_CATEGORIES = frozenset({"So", "Sk", "Cs", "Co", "Cf", "Cc", "Mn", "Me"})
_KEEP_SYMBOLS = frozenset("¥$€£%+-~=#@&*/°")
# Words safe to correct into even when two characters long: only city names, and only next to these.
# The curated cities (苏州, 厦门, 青岛) are said often enough to correct a slip into, whatever else lists them.
_CITY_NAMES = frozenset(c.name for c in places.CITIES)
_CITY_CONTEXT = "去到从飞回在至往返的住由,，。 、和跟"
# Before a name, 的 ends the words of another thing (3D版的山海奇缘): only place words vouch for a city.
_CITY_BEFORE = _CITY_CONTEXT.replace("的", "")
# The last word of a village or town (灵水村, 古北水镇): the two characters before it are its own name.
_VILLAGE_ENDS = frozenset("村镇乡庄寨屯")
# The last characters of day words (明天|广洲, 周五|杭洲): a city may follow them.
_DAY_ENDS = "天晚早午号日末节夕上下一二三四五六七八九十"
# A measure word after a count or an order verb is never a typo (买箱牛奶 is not 买鲜牛奶).
_MEASURES = frozenset("杯份碗个瓶罐听盒袋包斤箱桶提打只条把副颗根串头张双件本台部套支块束")
_COUNTING = frozenset("0123456789一二两三四五六七八九十几半买来要点订整拿那这每哪")  # 那箱牛奶 is no 那鲜牛奶
# OpenCC keeps 著 (a valid Simplified character); after a verb it is the particle 着 (你看著辦).
_ZHE_RE = lazy_compile(r"(?<=[看跟带拿等坐站躺睡听说写吃喝穿戴想试瞧盯陪])著")
# 帳 of accounts (到帳, 帳戶, 帳單) becomes 帐 under t2s; money's character is 账 (not 蚊帐, 帐篷).
_ZHANG_RE = lazy_compile(r"(?<!蚊)帐(?![篷子幕])")  # and 劵, a slip of 券 (优惠劵) with no word of its own
# Dish heads are real alternatives, never slips (牛肉粉 is not 牛肉饭).
_DISH_HEADS = frozenset("饭面粥粉汤茶奶酒水饼包糕")
# Particles, counts and verbs are said on purpose; a near sound never replaces them (广州的 is not 广州塔).
_NEVER_SLIPS = _DISH_HEADS | frozenset("的了个一二两三四五六七八九十到去在是和跟我你他她来点要买订张杯份没不有退")  # 炸鸡退了
_TONAL_KINDS = frozenset({"item", "shop", "hotel_brand"})
# Around a two-character product slip: a measure word or an order verb before it (来杯奶查, 一杯咖非).
_PRODUCT_BEFORE = frozenset("杯份碗个只斤箱瓶盒袋罐来点要买喝吃")
_COUNT_AFTER_RE = lazy_compile(r"\s*(?:来|要)?\s*(?:[0-9]+|[一两二三四五六七八九十俩仨]+)\s*[杯份碗个只瓶盒袋罐串笼](?![\u4e00-\u9fff])")
_OPTION_CHARS = frozenset("少多半微无去加冰热温大中小正全")
_NAME_KINDS = frozenset({"movie", "sight", "shop", "cinema", "hotel_brand"})
_TICKET_AFTER_RE = lazy_compile(r"\s*(?:的)?(?:门票|票|景区)")
# Characters mistyped for one of the same shape (兵马桶 -> 兵马俑, 出粗车 -> 出租车, 洒店 -> 酒店, 电影栗 -> 电影票): a slip
# inside a known word like a homophone, though its sound differs.
_LOOK_ALIKE: dict[str, frozenset[str]] = {"桶": frozenset("俑"), "涌": frozenset("俑"), "粗": frozenset("租"),
                                         "阻": frozenset("租"), "组": frozenset("租"), "洒": frozenset("酒"),
                                         "栗": frozenset("票"), "漂": frozenset("票")}
_FUZZY = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("ang", "an"), ("eng", "en"), ("ing", "in"))
# Words that name a domain (酒店, 机票, 电影票): a slip of one character into one of them is corrected
# (酒电, 鸡票, 电影漂). Two-character ones only from a sound with the same tone (花费 is no 话费, 大车 no 打车).
DOMAIN_WORDS = frozenset(["酒店", "宾馆", "民宿", "话费", "充值", "机票", "飞机票", "电影票", "电影院", "影院", "影城", "高铁", "高铁票", "动车", "火车票", "车票", "门票", "景区", "外卖", "外送", "打车", "叫车", "出租车", "网约车", "航班",
                          # the user's own orders and cards, slipped (还没道, 还么到, 免单咔)
                          "还没到", "还没送到", "还没发货", "免单卡", "优惠券"])


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


SPELLED_RE = lazy_compile(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff](?: [\u4e00-\u9fff]){2,}(?![\u4e00-\u9fff])")


def join_spelled(text: str) -> str:
    """买 两 斤 苹 果: characters said one by one (three or more, one space apart) are one phrase."""
    return SPELLED_RE.sub(lambda m: m.group(0).replace(" ", ""), text)


# Courtesy and hesitation around a request (麻烦…, 请…, …谢谢, …吧): they carry no slot and name no title.
COURTESY_LEAD_RE = lazy_compile(r"^(?:(?:你好|您好|hi|hello|嗨|喂|嗯+|呃+|请问(?:一下|下)?|麻烦|劳驾|请(?!问|假|客)|"
                              # lead-ins of a question (我想知道…, 问一下，…, 想打听下…)
                              r"(?:我)?想(?:知道|问(?:一)?下|问问|了解(?:一)?下|打听(?:一)?下)|(?:我)?(?:问|打听)(?:一)?下)"
                              r"[，,\s、！!。~…]*)+", re.IGNORECASE)
COURTESY_TAIL_RE = lazy_compile(r"(?:[，,\s。！!~…]*(?:谢谢(?:你|您|啦|了)?|多谢|麻烦(?:你|您)?了|辛苦了|拜托了?|感谢)[！!。~…\s]*)+$"
                              r"|(?<![酒网])[吧呀啊哦哈啦]+[！!。~…\s]*$|[！!。~…]+$")


def strip_courtesy(text: str) -> str:
    """The request without courtesy around it (麻烦帮我订电影票，谢谢 -> 帮我订电影票); never empty."""
    stripped = COURTESY_TAIL_RE.sub("", COURTESY_LEAD_RE.sub("", text)).strip()
    return stripped or text


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


# Words said whole before the next word (上海|经济型): a slip is never read across their end.
_WHOLE_KINDS = frozenset({"city", "landmark", "sight", "station", "airport", "brand", "hotel_brand"})


class Normalizer:
    """Normalizes text against a lexicon; the converters load on first use and are cached here."""

    def __init__(self, lexicon: Lexicon) -> None:
        self._lexicon = lexicon
        self._opencc: Any = None
        self._pinyin: dict[str, frozenset[str]] = {}
        self._pinyin_fn: Any = None
        self._masks: dict[str, list[tuple[str, int]]] | None = None
        self._mask_lengths: list[int] = []
        self._mask_prefixes: frozenset[str] = frozenset()   # every prefix of every mask (a walk stops off them)
        self._word_kinds: dict[str, frozenset[str]] = {}     # the lexicon is fixed once the masks are built
        self._tonal: dict[str, bool] = {}
        self._tones: dict[str, frozenset[str]] = {}
        self._tone_fn: Any = None
        self._word_readings: dict[str, tuple[str, ...]] = {}

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
        return _ZHANG_RE.sub("账", _ZHE_RE.sub("着", strip_noise(self.simplify(to_half_width(text))))).replace("劵", "券")

    def normalize(self, text: str) -> str:
        """Return the cleaned text with typos and homophones of known words corrected."""
        return self.correct(self.clean(text))

    # -- typos and homophones ------------------------------------------------------------------

    def _build_masks(self) -> dict[str, list[tuple[str, int]]]:
        masks: dict[str, list[tuple[str, int]]] = {}
        lengths: set[int] = set()
        for word in [*self._lexicon.words(), *DOMAIN_WORDS]:
            entries = self._lexicon.lookup(word)
            if not all(_is_cjk(ch) for ch in word) or not 2 <= len(word) <= 8:
                continue
            named = (word not in RARE_CITIES or word in _CITY_NAMES) and any(
                e.kind in ("city", "sight") and e.value == word for e in entries)
            if len(word) == 2 and not named and word not in DOMAIN_WORDS and not self._tonal_only(word):
                continue
            lengths.add(len(word))
            for pos in range(len(word)):
                masks.setdefault(word[:pos] + "?" + word[pos + 1:], []).append((word, pos))
        self._mask_lengths = sorted(lengths, reverse=True)
        self._mask_prefixes = frozenset(key[:k] for key in masks for k in range(1, len(key) + 1))
        return masks

    def _tonal_only(self, word: str) -> bool:
        """Two-character products and shops (奶查 -> 奶茶, 咖非 -> 咖啡): corrected only from the same tones."""
        known = self._tonal.get(word)
        if known is None:
            known = self._tonal[word] = len(word) == 2 and (word in DOMAIN_WORDS or any(
                e.kind in _TONAL_KINDS and e.value == word for e in self._lexicon.lookup(word)))
        return known

    def _kinds(self, word: str) -> frozenset[str]:
        """The kinds of a known word (a mask's word: the cache is bounded by the lexicon)."""
        kinds = self._word_kinds.get(word)
        if kinds is None:
            kinds = self._word_kinds[word] = frozenset(e.kind for e in self._lexicon.lookup(word))
        return kinds

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
        mentions = self._lexicon.scan(head)
        blocked = {i for m in mentions for i in range(m.start, m.end)}
        crossing: dict[int, int] = {}  # where a known word starts -> its farthest end
        for m in mentions:
            crossing[m.start] = max(m.end, crossing.get(m.start, 0))
        blocked |= {i for i in range(len(head)) if self._counted(head, i)}
        fixes: list[tuple[int, int, str]] = []
        i = 0
        while i < len(head):
            fix = self._fix_at(head, i, blocked, crossing) if _is_cjk(head[i]) else None
            if fix is None:
                i += 1
                continue
            fixes.append((i, i + len(fix), fix))
            i += len(fix)
        for start, end, word in reversed(fixes):
            head = head[:start] + word + head[end:]
        return head + tail

    def _masked_at(self, text: str, i: int, widest: int) -> dict[int, list[int]]:
        """The (length, slip position) pairs at ``i`` that some mask has: a walk along the mask prefixes, so the
        lengths and positions no known word could fit are never sliced or looked up (the result is what trying
        every length and position would find)."""
        prefixes, masks = self._mask_prefixes, self._masks
        assert masks is not None
        n = min(len(text) - i, widest)
        found: dict[int, list[int]] = {}
        for pos in range(n):
            head = text[i:i + pos]
            if pos and head not in prefixes:
                break
            key, k = head + "?", pos + 1
            while key in prefixes:
                if key in masks:
                    found.setdefault(k, []).append(pos)
                if k == n:
                    break
                key += text[i + k]
                k += 1
        return found

    def _fix_at(self, text: str, i: int, blocked: set[int], crossing: dict[int, int]) -> str | None:
        assert self._masks is not None
        widest = self._mask_lengths[0] if self._mask_lengths else 0
        masked = self._masked_at(text, i, widest)
        if not masked:
            return None
        free = [pos for pos in range(min(len(text) - i, widest)) if i + pos not in blocked]
        if not free:
            return None
        masks, known = self._masks, self._lexicon.has
        # known words starting inside the widest window (most positions have none: no check per length then)
        inside = [(start, end) for start, end in crossing.items() if i < start < i + widest] if crossing else []
        for length in self._mask_lengths:
            slips = masked.get(length)
            if not slips:
                continue
            window = text[i:i + length]
            if len(window) < length or known(window) or window in DOMAIN_WORDS:
                continue
            if inside and any(start < i + length < end for start, end in inside):
                continue  # 去趟|阳澄湖: the window's end starts a known word that goes on; no slip of 沈阳
            for pos in free:
                if pos >= length:
                    break
                if pos not in slips:
                    continue
                candidates = masks.get(window[:pos] + "?" + window[pos + 1:])
                if not candidates:
                    continue
                # 上海|经济型: a place or brand said whole, then the next word; its first character is no slip
                # of a longer word (上海青). Domain words are still corrected (电影漂 -> 电影票), and so are
                # the heads of dishes (牛肉棉 -> 牛肉面).
                boundary = pos == length - 1 and length >= 3 and self._place_or_brand(window[:pos])
                for word, wpos in candidates:
                    if boundary and word not in DOMAIN_WORDS:
                        continue
                    if wpos == pos and self._fits(text, i, word) and self._alike(window[pos], word, pos):
                        return word
        return None

    def _place_or_brand(self, word: str) -> bool:
        return any(e.kind in _WHOLE_KINDS for e in self._lexicon.lookup(word))   # any text: not cached

    def _same_tone(self, said: str, meant: str) -> bool:
        if self._tone_fn is None:
            from pypinyin import Style, pinyin

            self._tone_fn = lambda c: pinyin(c, style=Style.TONE3, heteronym=True)[0]
        for ch in (said, meant):
            if ch not in self._tones:
                self._tones[ch] = frozenset(self._tone_fn(ch))
        return bool(self._tones[said] & self._tones[meant])

    def _alike(self, said: str, word: str, pos: int) -> bool:
        """A homophone (珍株 -> 珍珠), or in a name a near sound with the same initial (惊震无声, 故官门票)."""
        meant = word[pos]
        if self._tonal_only(word):
            return _is_cjk(said) and said not in _NEVER_SLIPS and self._same_tone(said, meant)
        if said in _NEVER_SLIPS - _DISH_HEADS and pos == len(word) - 1:
            return False  # 厦门到 is not 厦门岛: a particle or verb after a word is said on purpose
        if said == "的" and pos == 0:
            return False  # 云饺的三鲜水饺 is not 地三鲜: 的 before a word is the particle
        if self._sounds_alike(said, meant):
            return not self._place(word) or (self._usually_alike(said, meant) and self._read_in(said, word, pos))
        if meant in _LOOK_ALIKE.get(said, ()):
            return True
        if said in _NEVER_SLIPS or meant in _DISH_HEADS or len(word) == 3 or not (_is_cjk(said) and _is_cjk(meant)):
            return False
        if not self._kinds(word) & _NAME_KINDS:
            return False
        a, b = self._reading(said), self._reading(meant)
        if len(word) == 2:  # 故官门票: a two-character sight needs a ticket word after it (see _fits)
            return a[0] == b[0]
        return a[0] == b[0] and Levenshtein.distance(a, b) <= 1  # 惊震无声: names of four or more

    def _place(self, word: str) -> bool:
        return bool(self._kinds(word) & {"city", "station"})

    def _usually_alike(self, said: str, meant: str) -> bool:
        """广洲 -> 广州 (both read zhou); 前门 is no 江门, 北京哪个 no 北京南个, 市中心 no 台中心: a rare reading is no
        evidence, nor a near sound of one (市 shi is near si, a rare reading of 台 tai)."""
        usual = self._reading(said)
        if usual in self._readings(meant):
            return True
        meant_usual = self._reading(meant)
        return any(usual.replace(x, y) in (meant_usual, meant_usual.replace(x, y)) for x, y in _FUZZY)

    def _read_in(self, said: str, word: str, pos: int) -> bool:
        """成督 -> 成都 (du as 都 is read in 成都), but 上海飞建阳 is no 咸阳: jian is no reading of 咸 in 咸阳."""
        if word not in self._word_readings:
            from pypinyin import lazy_pinyin

            self._word_readings[word] = tuple(lazy_pinyin(word))
        spoken = self._word_readings[word][pos]
        usual = self._reading(said)
        return usual == spoken or any(usual.replace(x, y) == spoken.replace(x, y) for x, y in _FUZZY) or (
            spoken in self._readings(said))

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
        if len(word) > 2 or word in DOMAIN_WORDS:
            return True
        if self._tonal_only(word):
            said = text[i:i + 2]
            kept = _NEVER_SLIPS | _OPTION_CHARS
            plain = all(a == b or a not in kept for a, b in zip(said, word, strict=False))
            shop = "shop" in self._kinds(word)
            if shop:  # 喜查的多肉葡萄: a shop's slip only where a shop stands, before 的
                return plain and text[i + 2:i + 3] == "的"
            if "hotel_brand" in self._kinds(word):  # 订两间汗庭: where a stay is named
                return plain and ((i > 0 and text[i - 1] in "间个订住") or text[i + 2:i + 4] in ("酒店", "宾馆"))
            counted = bool(_COUNT_AFTER_RE.match(text, i + 2))  # 汗堡两个: a product said before its count
            return ((i > 0 and text[i - 1] in _PRODUCT_BEFORE) or counted) and plain
        if "city" not in self._kinds(word):
            before = text[i - 1] if i else ""
            if _is_cjk(before) and before not in _CITY_BEFORE + _DAY_ENDS + "张个看逛游玩":
                return False  # 恐龙园 is no slip of 留园: the two characters end a longer name
            return bool(_TICKET_AFTER_RE.match(text, i + 2))
        if text == word or len(text) == 2:
            return True
        if text.startswith(("酒店", "饭店", "大酒店", "大饭店", "宾馆"), i + 2):
            return False  # 到晶华酒店: a hotel's own name, no slip of the city 金华
        before = text[i - 1] if i else ""
        after = text[i + 2] if i + 2 < len(text) else ""
        if _is_cjk(before) and before not in _CITY_BEFORE + _DAY_ENDS:
            return False  # 莫干山 is no slip of 鞍山: the two characters end a longer name
        if after in _VILLAGE_ENDS:
            return False  # 灵水村 is no slip of 陵水: a village or town of its own name
        return (before != "" and before in _CITY_BEFORE) or (after != "" and after in _CITY_CONTEXT + "市站")


# A travel or film wish refused before the one wanted (不要东航的, 别给我叫拼车 叫个专车, 不要硬座 订个卧铺,
# 不去故宫了 改去颐和园): the refused words give no slot, so they are dropped. Food wishes (不要辣, 不要冰)
# are slots of their own and never listed here; nor are 不要转机/不要经停 (a direct flight is a wish).
_REFUSED_WISHES = (r"拼车|快车|专车|顺风车|经济型|舒适型|豪华型|豪华车|商务车|[六七]座|硬座|软座|无座|站票|硬卧|软卧|"
                   r"[上中下]铺|[一二]等座|商务座|动车|高铁|绿皮车|普快|特快|红眼航班|红眼|经济舱|商务舱|头等舱|"
                   r"3D|2D|IMAX|杜比|巨幕|前排|后排|第一排|最后一排|靠窗|靠过道|靠厕所|靠门")
_REFUSE_LEAD = (r"(?:我)?(?:不要|不想要|不想坐|不坐|不订|不选|别再?给我(?:订|定|买|叫|选|派|安排|约|坐|排|找)?|"
                r"别(?:订|定|买|叫|选|派|安排|约|坐|排|找))(?:那个|这个|那种|这种)?")
_REFUSE_TAIL = r"(?:的)?(?:航班|飞机|车|票|场|房间|房|位置|座位|那种)?(?:的)?(?![了啦])[，,。；;、\s]*"
_REFUSED_WISH_RE = lazy_compile(_REFUSE_LEAD + r"(?:" + _REFUSED_WISHES + r")" + _REFUSE_TAIL, re.IGNORECASE)
_REFUSED_NAME_RE = lazy_compile(_REFUSE_LEAD + r"([\u4e00-\u9fffA-Za-z0-9]{2,6}?)" + _REFUSE_TAIL)
_NOT_GOING_RE = lazy_compile(r"(?:我)?(?:不去|不逛)([\u4e00-\u9fff]{2,8}?)了[，,。；;、\s]*")
_REFUSED_NAME_KINDS = frozenset({"hotel_brand", "airline", "cinema"})
_CONTENT_RE = lazy_compile(r"[\u4e00-\u9fffA-Za-z0-9]")


def strip_refused(text: str, lexicon: Lexicon) -> str:
    """The request without the wishes refused in it; the text as given when nothing else is asked."""
    def named(m: re.Match[str], kinds: frozenset[str]) -> str:
        return "" if any(e.kind in kinds for e in lexicon.lookup(m.group(1))) else m.group(0)

    stripped = _REFUSED_WISH_RE.sub("", text)
    stripped = _REFUSED_NAME_RE.sub(lambda m: named(m, _REFUSED_NAME_KINDS), stripped)
    stripped = _NOT_GOING_RE.sub(lambda m: named(m, frozenset({"sight", "landmark"})), stripped)
    return stripped if len(_CONTENT_RE.findall(stripped)) >= 3 and stripped != text else text


# A time told by a meal finished (吃完午饭想看场电影, 吃完晚饭去黄鹤楼): no clock time, and no food asked for.
_MEAL_DONE_RE = lazy_compile(r"(?:等)?(?:我们?)?(?:吃完|吃过|吃好)(?:了)?(?:午饭|晚饭|早饭|中饭|饭|早餐|午餐|晚餐|夜宵)"
                             r"(?:了)?(?:以后|之后|后)?(?:[，,。\s]*)(?=[\u4e00-\u9fff])")


def strip_meal_done(text: str) -> str:
    """The request without a meal said only to place it in time; the text as given when nothing else is left."""
    stripped = _MEAL_DONE_RE.sub("", text)
    return stripped if len(_CONTENT_RE.findall(stripped)) >= 3 else text
