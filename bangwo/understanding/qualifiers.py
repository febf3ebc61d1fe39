"""Names the lexicon does not know, found by where they stand: shops and brands around a product.

Typed requests name a shop or brand in three places: before the product with 的 (路易莎的拿铁),
as a leading word set apart by a space (五十岚 珍奶 半糖), or as a trailing "X的" (奶粉 飞鹤的).
A bare list of words ("清心福全 乌龙绿 无糖去冰") names the shop first and the product after it.
"""

from __future__ import annotations

import re

from bangwo.understanding import options
from bangwo.understanding.lazyregex import lazy_compile
from bangwo.understanding.lexicon_food import TOPPINGS
from bangwo.understanding.lexicon_goods import describes
from bangwo.understanding.pieces import MASK, Piece
from bangwo.understanding.products import FLAVOURS

# Characters a shop or brand name never contains: particles, pronouns, verbs of ordering, punctuation.
_NOT_NAME = set("的了吧呢啊呀吗嘛哦嗯我你他她们帮给来点要买订定叫送想和跟与还再也都就在把请用是那这个哪卖杯份碗瓶罐盒袋包斤箱桶提"
                "，,。.！!？?、；;~…+ " + MASK)
# Descriptions said with 的 that are not names (韩式的炸鸡, 进口的牛奶, 红色的).
DESCRIPTION_RE = lazy_compile(r"(?:淘宝|京东|拼多多|天猫|网上|超市|盒马|店里|附近|楼下)上?$|(?:[韩日美中港台西法意泰]式|川味|进口|国产|新鲜|便宜|好喝|好吃|正宗|招牌|原味|经典|特价|"
                            r"普通|一样|同款|最大|最小|小孩|儿童|大人|自己|家里|公司|今天|明天|晚上|中午|早上|"
                            r"甜|咸|辣|酸|苦|香|软|脆|新|旧|贵|色|味|款|号|码|级|装|口味|同样|"
                            r"[少多](?:油|盐|糖|辣|醋|葱|饭|肉)|五花|前腿|后腿|肥瘦|精瘦|纯瘦|二手|全新|正品|(?:杀|切|洗|剁|处理|收拾)好|菜|料理|骨|锅底|汤底|风味|做法|那种|那样|[大中小](?:份|锅|盘|碗|杯|号|码|桶)|份量|外卖|外送|快递|吃的|喝的|"
                            r"纯棉|全棉|真皮|羊毛|纯色|透明|防水|加厚|加绒|保暖|宝宝|婴儿|男士|女士|男生|女生|学生|老人|"
                            r"孩子|小朋友|适合[\u4e00-\u9fff]*|[\u4e00-\u9fff]*(?:用|穿|戴|玩|背|吃|喝)|[\u4e00-\u9fff]{2,}(?:大|小|长|短|轻|厚|薄)|朋友|老婆|老公|爸爸|妈妈|爸妈|父母|儿子|女儿|闺蜜|"
                            r"同事|领导|长辈|对象|家店|系列|款式|风格|套装|数学|语文|英语|物理|化学|生物|历史|地理|政治|"
                            r"(?:评分|性价比|人气|口碑|销量|评价|颜值)(?:高|好|最高|不错)|"
                            r"车载|家用|户外|办公|便携|无线|迷你|大容量|静音|智能|折叠|防摔|碎花|条纹|格子|印花|刺绣|圆领|"
                            r"V领|高领|长款|短款|修身|宽松|蕾丝|认证|懒人|[白黄暖冷柔]光|[双单]录|录像|功能|模式|接口|[虾蟹蛋鱼荤素]|[^家店馆铺]肉|馅|[鱼肉虾][片丝丁块柳])$|^(?:带|有|能|可以|不|没|无|很|特别|比较|身高|体重)"
                            r"|^[一两二三四五六七八九十0-9]+(?:到[一两二三四五六七八九十0-9]+)?(?:门|人|层|档|座|孔|位|抽|格|挡|开门|件套|岁|个月)$"
                            # 苍蝇馆的, 食堂的: a kind of eatery, no shop's name
                            r"|^(?:苍蝇馆子?|苍蝇小馆|小馆子?|小饭馆|饭馆子?|餐馆|小饭店|小吃店|快餐店|食堂|路边摊|大排档|夜市|网红店|老店|小店)$")
_FLAVOURS = frozenset(FLAVOURS)  # 小龙虾 蒜蓉的: how the dish is made, no shop
_OPTION_TABLES = (options.SUGAR, options.ICE, options.SIZE, options.SPICE)
_OPTION_WORDS = frozenset(w for table in _OPTION_TABLES for words in table.values() for w in words.split())
_NUMBER_ONLY_RE = lazy_compile(r"^[0-9零一二两三四五六七八九十百千万]+(?:寸|英寸|吋|码|号|升|匹|米)?$|^\d+(?:\.\d+)?\s*(?:[LlGgKkWw]|ml|ML|kg|KG|mAh|cm|Hz|升|毫升|毫安|公斤|克|寸|码|瓦|匹|米|英寸)$")
_MEASURES = frozenset("条双支辆台部件本副把根套顶只张块")
_COUNTERS = frozenset("买来要订购入淘一二两三四五六七八九十几0123456789")
_COUNTED_RE = lazy_compile(r"[0-9零一二两三四五六七八九十几半整大小中][只条张个件双把根颗串头对块支套台部本款种桶提打升斤箱盒瓶袋包罐杯份碗克家束朵枚米]")


# A brand written in Latin letters (TP-LINK, Anker, H&M); sizes (XL, M) are no brand.
LATIN_NAME_RE = lazy_compile(r"(?!(?:X{0,3}L|XS|S|M)$)(?!(?:[Oo]versized?|[Ss]lim|[Mm]ini|[Pp]lus)$)(?!(?:Type-?[Cc]|USB-?C?|HDMI|Lightning|PD|[45]G|WiFi|wifi)$)[A-Za-z][A-Za-z0-9&\-]{1,11}")


SIZE_SAID_RE = lazy_compile(r"\d\s*(?:[LlGg]|ml|ML|kg|KG|mAh)(?![A-Za-z])")


def is_name(word: str) -> bool:
    """A run of 2-6 characters that can be a shop or brand name (no particle, verb, number, option or topping)."""
    if word.isascii():
        return bool(LATIN_NAME_RE.fullmatch(word))  # Type-C, 20W: what the goods are, not who makes them
    if word in TOPPINGS or word in _FLAVOURS or SIZE_SAID_RE.search(word) or describes(word):
        return False  # 奶茶来一杯 珍珠的, 5L的油, 落地的, 哪个牌子的: the kind or the size of the product, not a shop
    return (2 <= len(word) <= 6 and not (set(word) & _NOT_NAME) and not _NUMBER_ONLY_RE.match(word)
            and not re.match(r"(?:加|多|少|不|去|免|别)", word)
            and not _COUNTED_RE.search(word)
            and word not in _OPTION_WORDS and not DESCRIPTION_RE.search(word)
            and not any(w in word for w in _OPTION_WORDS if len(w) >= 2))


def _masked(piece: Piece) -> str:
    """The piece's free text with option words (正常冰, 五分糖) masked as well."""
    chars = list(piece.masked())
    for table in _OPTION_TABLES:
        for start, end, _ in options.find_all(piece, table, text=piece.text):
            chars[start:end] = MASK * (end - start)
    return "".join(chars)


def _free_word(piece: Piece, start: int, end: int) -> str | None:
    """The text of ``[start, end)`` when no lexicon word, time, option or used span covers any of it."""
    masked = _masked(piece)
    if start < 0 or MASK in masked[start:end] or (start > 0 and masked[start - 1] == MASK):
        return None
    word = piece.text[start:end]
    return word if is_name(word) else None


# Where a shop is (楼下老王家, 隔壁张姐): said before its name, no part of it.
WHERE_RE = lazy_compile(r"楼下|隔壁|对面|附近|门口|巷口|街口|路口")


def _name_before(piece: Piece, end: int) -> tuple[int, str] | None:
    """The longest name ending at ``end`` (the run of name characters before it)."""
    start = end
    while start > 0 and piece.text[start - 1] not in _NOT_NAME and end - start < 6:
        start -= 1
    if DESCRIPTION_RE.search(piece.text[start:end]) or describes(piece.text[start:end]):
        return None  # 淘宝上的, 进口的, 免打孔的: a description, and no part of it a name
    located = WHERE_RE.match(piece.text, start, end)
    start = located.end() if located is not None and end - located.end() >= 2 else start  # 楼下|老王家的烤串
    for s in range(start, end - 1):
        if s > 0 and piece.text[s] in _MEASURES and piece.text[s - 1] in _COUNTERS:
            continue  # 买条|施华洛世奇的项链, 三支|晨光的笔: the measure word counts the goods, it opens no name
        word = _free_word(piece, s, end)
        if word is not None:
            return s, word
    return None


def name_before_item(piece: Piece, item_start: int) -> tuple[int, int, str] | None:
    """路易莎的拿铁: a name joined to the product by 的."""
    if item_start < 3 or piece.text[item_start - 1] != "的":
        return None
    found = _name_before(piece, item_start - 1)
    return (found[0], item_start - 1, found[1]) if found else None


LEADING_RE = lazy_compile(r"^(?:帮我|给我)?(?:点|来|买|要|订)?(?:一杯|一份|杯|份)?\s*([^\s，,。!！?？]{2,6})(?=[\s，,])")
TRAILING_RE = lazy_compile(r"(?:^|[\s，,])(?:要|是|就要|选)?([^\s，,。!！?？]{2,6}|[A-Za-z][A-Za-z0-9&\-]{1,11})的(?:[\s。!！~]*$|(?=[\s，,]))")


def leading_name(piece: Piece, item_start: int) -> tuple[int, int, str] | None:
    """五十岚 珍奶: a first word set apart by a space, the product said right after it."""
    m = LEADING_RE.match(piece.text)
    if m is None or m.end(1) >= item_start or not re.fullmatch(r"\s+", piece.text[m.end(1):item_start]):
        return None
    word = _free_word(piece, m.start(1), m.end(1))
    return (m.start(1), m.end(1), word) if word else None


def trailing_name(piece: Piece, item_end: int) -> tuple[int, int, str] | None:
    """奶粉买两罐 飞鹤的: a last "X的" after the product."""
    for m in TRAILING_RE.finditer(piece.text, item_end):  # 买个新的，TP-LINK的: the last "X的" that is a name
        word = _free_word(piece, m.start(1), m.end(1)) if m.start(1) >= item_end else None
        if word:
            return (m.start(1), m.end(1) + 1, word)
    return None


def unknown_shop(piece: Piece, item_start: int, item_end: int) -> str | None:
    """Return the shop said around a product at ``[item_start, item_end)``, taking its span."""
    return _first(piece, name_before_item(piece, item_start), leading_name(piece, item_start),
                  trailing_name(piece, item_end))


def unknown_brand(piece: Piece, item_start: int, item_end: int) -> str | None:
    """Return the brand said with 的 before or after a product (飞鹤的奶粉, 奶粉 飞鹤的, 洗衣机 要小天鹅), taking its span."""
    return _first(piece, name_before_item(piece, item_start), trailing_name(piece, item_end),
                  wanted_name(piece, item_end))


# 洗衣机 牌子要小天鹅, 要小天鹅牌的: the maker wanted, named as a make, said last without 的.
WANTED_RE = lazy_compile(r"(?:^|[\s，,])(?:牌子|品牌)(?:要|选|是|就要)?\s*([^\s，,。!！?？的]{2,6})[\s。!！~]*$"
                         r"|(?:^|[\s，,])(?:要|就要|选)([^\s，,。!！?？的]{2,6}?)牌子?的?[\s。!！~]*$")


def wanted_name(piece: Piece, item_end: int) -> tuple[int, int, str] | None:
    """The last clause names the make wanted (牌子要小天鹅), after the product."""
    m = WANTED_RE.search(piece.text, item_end)
    group = 0 if m is None else (1 if m.group(1) else 2)
    word = _free_word(piece, m.start(group), m.end(group)) if m is not None else None
    return (m.start(group), m.end(group), word) if m is not None and word else None


def _first(piece: Piece, *candidates: tuple[int, int, str] | None) -> str | None:
    for found in candidates:
        if found is not None:
            piece.take(found[0], found[1])
            return found[2]
    return None


CHUNK_RE = lazy_compile(r"[^\s，,。!！?？]{2,6}")


def bare_chunks(piece: Piece) -> list[tuple[int, int, str]]:
    """The free words of a space-separated request, in order (清心福全 | 乌龙绿)."""
    masked = piece.masked()
    return [(m.start(), m.end(), m.group(0)) for m in CHUNK_RE.finditer(masked) if is_name(m.group(0))]


# 番茄酱多一点, 少放葱, 多加饭: how much of something goes into the product before it, no new product.
PREFERENCE_RE = lazy_compile(r"[^\s，,。]{1,6}(?:多|少)(?:给|放|加|来)?(?:一)?(?:点|些)儿?|(?:多|少)(?:放|加|给)(?:点|些)?[^\s，,。]{1,6}")


# 咖啡色, 要奶茶色的: a colour of the goods; 要能带上飞机的, 放桌子上用的: what the goods must do or are for.
COLOUR_CLAUSE_RE = lazy_compile(r"(?:要|是|选|就要)?[\u4e00-\u9fff]{1,3}色(?:的|款|系)?")
# 帮我挑一个, 你给我选一款吧: said after the goods, the choice is among them.
CHOOSE_RE = lazy_compile(r"(?:你|麻烦)?(?:帮我|幫我|给我|給我|帮忙)?(?:挑|选|選)(?:一下|一)?[个個款件台双雙支把部]?(?:吧|呗|好的)?")
# 送到望京SOHO T3, 国贸 B座: the tower or block of the address said before, no train number or model.
BUILDING_PART_RE = lazy_compile(r"(?:(?:帮我|麻烦|请)?(?:送到|送至|送去|外送到)[^，,。！!？?\s]{1,20}\s)?"
                                r"(?:(?:[A-Za-z]\d{0,2}|\d{1,2})(?:座|栋|幢|号楼|楼|塔|区)|[A-Za-z]\d{1,2})(?:就行|就好|吧|谢谢)?")
# 猪肉白菜馅的, 要香辣味的: the filling or flavour of the product said before it.
FILLING_CLAUSE_RE = lazy_compile(r"(?:要|是)?[\u4e00-\u9fff]{1,6}(?:馅儿?|口味|味)(?:的)?")
# 20斤装, 要5L装的: the size of the pack of the goods said before it.
PACK_CLAUSE_RE = lazy_compile(r"(?:要)?[0-9一两二三四五六七八九十百]+(?:\.\d+)?\s*(?:斤|公斤|升|L|kg|KG|克|g|ml|毫升|片|支|包|卷|抽|个|只|粒)装(?:的)?")
# L码, 要XL号的, 42码: a size said as a clause of its own, of the goods said before it.
SIZE_CLAUSE_RE = lazy_compile(r"(?:要|是|选)?(?:[2-6]?X{0,3}L|XS|S|M|\d{2,3}(?:\.5)?)(?:码|号)(?:的)?")
REQUIREMENT_RE = lazy_compile(r"(?:要|得|需要|最好)?(?:能|可以)[^\s，,。]{1,10}的(?:那种|那款)?|[^\s，,。]{1,8}用的(?:那种|那款)?")


def is_qualifier_clause(text: str) -> bool:
    """A clause that only names a shop or brand (飞鹤的, 青岛的), a preference, a colour or a requirement
    of the goods: it belongs to the product before it."""
    if any(p.fullmatch(text) for p in (PREFERENCE_RE, COLOUR_CLAUSE_RE, SIZE_CLAUSE_RE, FILLING_CLAUSE_RE,
                                       PACK_CLAUSE_RE, REQUIREMENT_RE, CHOOSE_RE, BUILDING_PART_RE)):
        return True
    return bool(re.fullmatch(r"[^\s，,。]{2,6}的|[A-Za-z][A-Za-z0-9&\-]{1,11}的", text)) and is_name(text[:-1])
