"""Turn one takeout / grocery / shopping task into frames: one per product, with shared and own slots."""

from __future__ import annotations

import itertools
import re
from typing import Any

from bangwo.understanding import cues, delivery, options, qualifiers
from bangwo.understanding import product_options as po
from bangwo.understanding import products as p
from bangwo.understanding.lazyregex import lazy_compile
from bangwo.understanding.lexicon_goods import MODEL_LINES, describes
from bangwo.understanding.numerals import APPROX, NUM, parse_int
from bangwo.understanding.pieces import MASK, Piece, max_price

SPEC_RE = lazy_compile(r"(\d{2,3}(?:\.\d)?(?:-\d{2,3})?(?:码|号)(?:半(?=$|的|[\s，,。]))?|\d{1,3}(?:\.\d)?(?:寸|英寸|吋))|((?:[天湖宝藏深浅墨米纯奶钛枣砖姜土橘桃玫雾冰烟亮暗嫩草荧象雪藕豆橄柠芥]?(?:黑|白|红|蓝|绿|黄|灰|粉|紫|棕|米|青|驼|橙|杏){1,2}|卡其|"
                     r"藏青|银|金|酒红|咖啡|军绿|香槟|玫瑰金|香槟金|太空灰|深空灰|星光|午夜|奶茶|巧克力|玫瑰|焦糖|豆沙|枫叶|烂番茄"
                     r"|石墨|曜石|象牙|燕麦|奶油|薄荷|冰川|樱花|珍珠|月光|星空|极光|雾霾|钛金|钛|原木|雾|远峰|苍岭|雅川)色|玫瑰金|香槟金|土豪金|太空灰|深空灰|均码)"
                     r"|((?:男|女|儿童|童|情侣|中老年|加厚|加绒)款|(?:超大|特大|加大|大|中|小)[号码](?!码))"
                     r"|((?<![A-Za-z])(?:Type-?[Cc]|Lightning|USB-?C|USB|HDMI|DP|VGA)(?:转|to|TO)(?:Type-?[Cc]|Lightning|USB-?C|USB|HDMI|DP|VGA|3\.5mm)(?![A-Za-z])|(?<![A-Za-z])(?:Type-?[Cc]|Lightning|USB-?C)(?=\s*的?\s*$|\s*的?\s*[\s，,]|\s*的))"
                     r"|(?<![A-Za-z0-9])[2-6]XL(?:码|号)?(?![A-Za-z])|(?<![A-Za-z0-9.])(XXXL|XXL|XL|XS|S|M|L)(?:码|号)?(?![A-Za-z0-9])"
                     r"|((?:青|红|茶|黑|白|银)轴|\d{1,2}\+\d{2,4}(?:GB|G)?|(?<=[\s，,])(?:64|128|256|512)(?=的|$|[\s，,])|[大小]?\d+(?:\.\d+)?万?(?:GB|G|gb|g|TB|T|tb|ml|ML|毫升|公升|升|匹|mAh|毫安|W|瓦|L|cm|CM|mm|MM|厘米|毫米|Hz|HZ|hz|kg|KG|Kg|千克|V|伏)(?![A-Za-z])(?:(?:内存|运存|存储|固态)(?!硬盘|条))?|\d{2,3}键(?![盘鼠])|(?<![\u4e00-\u9fff])第?(?:十[一二三]?|[一二三四五六七八九]|1[0-9]|[1-9])代(?![\u4e00-\u9fff])|(?<![0-9])[2-4]\d腰(?![\u4e00-\u9fff])|(?<![A-Za-z0-9])[6-9]\d[A-F](?![A-Za-z0-9])|(?<=[\s，,])\d号(?=$|的|[\s，,])|(?<![零一二两三四五六七八九十])[二三四]十[一二三四五六七八九]?(?:码|号)半?|\d(?:\.\d{1,2})?(?:米\d)?\s?[*xX×乘]\s?\d(?:\.\d{1,2})?米|\d{2,3}[*xX×]\d{2,3}(?:cm|CM|厘米|mm)?|(?<![零一二两三四五六七八九十百千])[一二两三四五六七八九][百千](?:[一二三四五六七八九]十?)?(?:升|毫升)|#\d{2,4}|(?<![0-9])[1-9]\d{1,2}0度(?![\u4e00-\u9fff])|(?<![0-9.])\d米\d(?![\d\u4e00-\u9fff])|(?<![A-Za-z0-9])(?:[248][Kk]|[2-6]U)(?![A-Za-z0-9])|(?:腰围|领口|领围|胸围|臀围|头围|肩宽|袖长|裤长|衣长|脚长|内长|身高)\s*(?:\d{2,3}(?:cm|厘米|码|寸)?|[一二三]尺[一二三四五六七八九]?)|(?<=[\s，,])1[4-9]\d(?=的|$|[\s，,。])|(?<=穿)\s?[1-4]\d(?:\.5)?(?=的|$|[\s，,。])|(?<![零一二两三四五六七八九十百千万几])(?:[二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九])(?:寸|英寸|吋)(?=的|$|[\s，,])|(?:[一两二三四五六七八九十]万|[一两二三四五六七八九]千)毫安|\d(?:\.\d)?米(?!(?!的)[\u4e00-\u9fff])|\d(?:\.\d)?米(?=[高长宽深]的|的?床)|[一两]米[一二三四五六七八九]?(?=[高长宽深]?的|$|[\s，,])|\d{3}/\d{2,3}[A-Z])|((?:(?![买来要的个件条双套本台部只支一两三四五六七八九十])[\u4e00-\u9fff]){1,3}版(?!本)|(?<![A-Za-z0-9])[A-Za-z0-9]{2,6}版(?!本))"
                     r"|((?<![A-Za-z0-9])(?![x×]\s?\d+(?![A-Za-z0-9]))(?:[A-Z][A-Za-z]{1,}\s){0,2}[A-Za-z][A-Za-z]*(?:\s|-)?\d+(?:\.\d+)?[A-Za-z0-9]*(?:\s?(?:Pro|Max|Plus|Ultra|mini))*(?:号|码|寸|英寸|吋)?)")
# A colour said alone between pauses, without 色 (浅蓝, 藏青, 白): what was chosen, like 白色.
BARE_COLOUR_RE = lazy_compile(r"(?:(?<=[\s，,：:])|(?<=[\s，,：:]要)|(?<=[\s，,：:]就要))(?:[天湖宝藏深浅墨米纯奶酒]?(?:黑|白|红|蓝|绿|黄|灰|粉|紫|棕|青)|藏青|卡其|军绿|酒红)"
                            r"(?=$|[\s，,。]|的(?:$|[\s，,。]))")
# A colour named by something it looks like (沙漠色, 长春花蓝, 磨砂黑), said on its own: the colour chosen.
OPEN_COLOUR_RE = lazy_compile(r"(?:(?<=[\s，,：:的是要])|^)(?:(?:(?![颜什么啥哪种个的是要买不太很有没送给帮来和跟或各一两三四五六七八九十])[\u4e00-\u9fff]){1,4}色"
                              r"|(?:(?![颜什么啥哪种个的是要买不太很有没送给帮来和跟或各一两三四五六七八九十])[\u4e00-\u9fff]){1,3}(?:黑|白|蓝|粉|紫|银|灰|绿|青|金))"
                              r"(?=$|[\s，,。]|的(?:$|[\s，,。]))")
# A size or shade said after its name (尺码42, 鞋码：39, 色号999): the value is the spec.
NAMED_SPEC_RE = lazy_compile(r"(?:尺码|鞋码|码数|色号)\s*(?:[：:是为]|要|选|就要)?\s*(#?[0-9A-Za-z][0-9A-Za-z\-]{0,7})(?![0-9A-Za-z])")
COLOUR_NAME_RE = lazy_compile(r"玫瑰金|香槟金|土豪金|玫瑰红|咖啡色|巧克力色|奶茶色|酒红色|橄榄绿|薄荷绿|柠檬黄|桃粉")
# Options only a drink takes: 炸鸡 next to 一杯奶茶 半糖 gets no sugar.
_DRINK_OPTIONS = frozenset({"sugar", "ice"})
CONJ_RE = lazy_compile(r"[，,、\s+]|和|跟|再加|再来|还有|以及|加|配")


# 点个麦当劳, 来份肯德基: an order from a shop said with a bare measure word.
SHOP_COUNTED_RE = lazy_compile(r"(?:来|点|要|叫|订|定|整)\s*一?\s*[个份单顿次]\s*$")


def _regions(piece: Piece, items: list[p.ItemHit]) -> list[tuple[int, int]]:
    """Split the text between consecutive items at a conjunction or the next item's count."""
    bounds = [0]
    masked = piece.masked(keep_mentions=True)
    for a, b in itertools.pairwise(items):
        gap = masked[a.end:b.start]
        cut = b.start
        conj = list(CONJ_RE.finditer(gap))
        qty = p.QTY_RE.search(gap) or p.ELIDED_RE.search(gap)
        if conj:  # 再来碗凉皮: the verb said with the joining word opens the next count
            cut = a.end + (conj[-1].start() if conj[-1].group(0) == "再来" else conj[-1].end())
        elif qty and _postposed(masked, bounds[-1], a, b, qty):
            cut = b.start  # 西红柿三斤鸡蛋两盒葱一把: each count said after its product, no pause between
        elif qty:
            cut = a.end + qty.start()
        bounds.append(cut)
    bounds.append(len(piece.text))
    return list(itertools.pairwise(bounds))


def _postposed(masked: str, start: int, a: p.ItemHit, b: p.ItemHit, qty: re.Match[str]) -> bool:
    """Whether the count between two products is the first one's: nothing counts the first before it, the gap is
    only the count, and the second product has its own count right after it."""
    return (qty.start() == 0 and qty.end() == b.start - a.end and not p.QTY_RE.search(masked, start, a.start)
            and p.QTY_RE.match(masked, b.end) is not None)


# What follows an English product name as part of it (iPhone 16 Pro, AirPods Pro, MacBook Air).
MODEL_TAIL_RE = lazy_compile(r"(?:\s?(?:Series\s?\d{1,2}|(?<=\s)[A-Z][a-z]{4,}(?=$|[\s，,。]|[\u4e00-\u9fff])|(?!(?:64|128|256|512)(?!\d))\d+(?!\d|\s*(?:[GgTt][Bb]?|ml|ML|mAh|寸|码|号|\+))[A-Za-z]*|[A-Z]\d{1,2}(?![\dA-Za-z+])|Pro|Max|Plus|Ultra|mini|Mini|Air|SE|Lite|Neo|OLED"
                           r"|pro|max|plus|ultra|air)(?![A-Za-z]))*")
# A Chinese product noun attached to it (iPhone充电线, ipad保护套): the whole is the product.
ATTACHED_RE = lazy_compile(rf"[^\s，,。！!？?的了和跟与吧呢啊呀是在现买要来{MASK}0-9一两二三四五六七八九十\x00-\x7f]{{1,6}}")
# The name of a product line said right after its brand (MatePad, 小黑瓶).
LINE_RE = lazy_compile(r"[A-Za-z][A-Za-z]+(?:\s?(?:[A-Za-z]+|\d+(?![\d+]|\s?(?:GB|G|TB|T|g|gb|tb|寸|码|mAh)(?![A-Za-z]))))*(?:-[A-Za-z0-9]+)*|(?![的个只台部件双熬炖煮做])(?:(?![一两二三四五六七八九十几])[\u4e00-\u9fff]){2,4}"
                     r"(?=$|[\s，,。]|(?:[0-9]+|[一两二三四五六七八九十几]+)\s*(?:[个双件条本台部只副把根套盒包瓶支张顶块箱袋提桶罐斤]|公斤))")
MODEL_NUMBER_RE = lazy_compile(r"\s?\d{1,3}(?:\s?(?:Pro|Max|Plus|Ultra|mini|SE|Air|S|X)(?![A-Za-z]))*(?![\d.]|\s*(?:个|台|部|只|块|元|G|T|码|寸))")
MODEL_RE = lazy_compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z]*\s?\d+[A-Za-z0-9]*(?:\s?(?:Pro|Max|Plus|Ultra|mini|Air))?")


def _as_said(piece: Piece, item: p.ItemHit) -> p.ItemHit:
    """English product words stay as said, with their model words (iPhone 16 Pro) or the noun attached."""
    if not item.surface.isascii() or not item.surface.strip():
        return item
    end = item.end + len(MODEL_TAIL_RE.match(piece.text, item.end).group(0))  # type: ignore[union-attr]
    if end == item.end and (attached := ATTACHED_RE.match(piece.masked(keep_mentions=True), end)) is not None:
        end += len(attached.group(0))
    if end == item.end:
        return item
    piece.take(item.start, end)
    said = piece.text[item.start:end]
    return p.ItemHit(item.start, end, said, item.domain, surface=said)


def _english_products(piece: Piece) -> list[p.ItemHit]:
    """iPhone 16 Pro, MacBook Air: an English product with its model words and no Chinese noun after it."""
    for mention, entry in piece.entries("item"):
        free = piece.free(mention.start, mention.end)
        if mention.surface.isascii() and entry.domain == "shopping" and free:
            tail = MODEL_TAIL_RE.match(piece.text, mention.end)
            rest = piece.masked(keep_mentions=True)[tail.end() if tail else mention.end:].strip()
            if not re.match(r"[\u4e00-\u9fff]{2}", rest) or rest.startswith(("两", "一", "三")) or _colour_said(rest):
                return [_as_said(piece, p.ItemHit(mention.start, mention.end, mention.surface, "shopping",
                                                  surface=mention.surface))]
    return []


def _colour_said(rest: str) -> bool:
    """iPhone 15 Pro 白色的: a colour said on its own after an English product names no product of its own."""
    m = SPEC_RE.match(rest) or OPEN_COLOUR_RE.match(rest)
    return m is not None and re.match(r"的?(?:$|[\s，,。！!])", rest[m.end():]) is not None


def _without_spec(item: p.ItemHit, spec: str) -> p.ItemHit:
    """白色T恤 with 白色 read as the spec: the product is T恤."""
    for whole in spec.split():
        said = next((whole[k:] for k in range(len(whole) - 1) if whole.endswith("色") and item.word.startswith(whole[k:])),
                    whole)  # 冰蓝色卫衣 read as 蓝色卫衣: the end of the colour said starts the goods
        if item.word.startswith(said) and len(item.word) > len(said) and not (
                said[-1:].isascii() and said[-1:].isalpha() and item.word[len(said)].isascii() and item.word[len(said)].isalpha()):
            word = item.word[len(said):]
            return p.ItemHit(item.start + len(said), item.end, word, item.domain, surface=word)
    return item


def _model_named(piece: Piece) -> list[p.ItemHit]:
    """华为Mate 60, 兰蔻小黑瓶: a brand and a model with no product noun; the model is what is bought."""
    brands = [mention for mention, _ in piece.entries("brand")]
    start = brands[-1].end + (piece.text[brands[-1].end:brands[-1].end + 1] == "的") if brands else 0
    if brands and piece.text[start:start + 1] == " " and piece.text[start + 1:start + 2].isascii():
        start += 1  # 三星 Galaxy S24, 耐克 Air Force 1: the line said after a space
    number = MODEL_NUMBER_RE.match(piece.masked(), brands[-1].end) if brands else None
    if number is not None:  # 小米14, 荣耀90 Pro: a model said by its number after the brand, named as said
        piece.take(number.start(), number.end())
        said = brands[-1].surface + number.group(0)
        return [p.ItemHit(brands[-1].start, number.end(), said, "shopping", surface=said)]
    after = LINE_RE.match(piece.masked(), start) if brands else None
    if after is not None and not re.fullmatch(r"\d+", after.group(0).strip()):
        piece.take(after.start(), after.end())
        said = after.group(0).strip()
        return [p.ItemHit(after.start(), after.end(), said, "shopping", surface=said)]
    m = MODEL_RE.search(piece.masked())
    if m is None:
        return []
    piece.take(m.start(), m.end())
    return [p.ItemHit(m.start(), m.end(), m.group(0), "shopping", surface=m.group(0))]


def _goods_before_brand(piece: Piece) -> list[p.ItemHit]:
    """买条瑜伽裤 lululemon的: a product word after the order verb, the maker said after it with 的."""
    brands = [mention for mention, _ in piece.entries("brand")]
    opened = p.open_item(piece)
    if opened is None or not brands or len(opened.word) < 2 or opened.end > brands[0].start:
        return []
    if piece.text[brands[0].end:brands[0].end + 1] != "的" or SPEC_RE.fullmatch(opened.word):
        return []
    piece.take(opened.start, opened.end)
    return [p.ItemHit(opened.start, opened.end, opened.word, "shopping", surface=opened.word)]


def _line_after_brand(piece: Piece, *, single_only: bool = False) -> p.ItemHit | None:
    """The Chinese goods word said right after a maker (蒙牛|纯奶, 农夫山泉 stays whole: nothing after it)."""
    brands = [mention for mention, _ in piece.entries("brand")]
    if not brands:
        return None
    end = brands[-1].end + (piece.text[brands[-1].end:brands[-1].end + 1] == "的")
    single = BRAND_ITEM_RE.match(piece.masked(), end)
    if single is not None:  # 好丽友派, 鲁花油, 大白兔糖: one character of goods right after the maker
        piece.take(single.start(1), single.end(1))
        return p.ItemHit(single.start(1), single.end(1), single.group(1), "grocery", surface=single.group(1))
    if single_only:
        return None
    after = LINE_RE.match(piece.masked(), end)
    if after is None or not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", after.group(0)):
        return None
    piece.take(after.start(), after.end())
    return p.ItemHit(after.start(), after.end(), after.group(0), "grocery", surface=after.group(0))


# One character of goods said right after its maker (好丽友|派, 鲁花|油); a maker of 酒 or 水 is the product itself.
BRAND_ITEM_RE = lazy_compile(rf"([派饼茶糖奶米面油盐醋蛋肉鱼])(?=$|[\s，,。！!？?来要买和跟再还]|(?:{NUM})\s*(?:[{p.TAKEOUT_MEASURES}箱斤提]|公斤))")


# A food said alone with 的 or 味 after a pause (好丽友派 巧克力的): the flavour of the goods said before.
FLAVOUR_SAID_RE = lazy_compile(r"味?的?(?:$|[\s，,。！!])")
PAUSE_BEFORE_RE = lazy_compile(r"[\s，,]$")


# Things made for a phone or a device (手机壳, 钢化膜, 充电器): the device said before them is their spec.
ACCESSORY_RE = lazy_compile(r"(?:壳|膜|套|贴|支架|充电器|充电头|数据线|充电线|表带|手柄|转接头|扩展坞|电源适配器)$")
# 游戏手柄 Switch的, 保护壳 iPad的: a device named in Latin letters, with 的, after a thing made for it.
FITTED_AFTER_RE = lazy_compile(r"的(?=$|[\s，,。！!~])")


# 鼠标 适用于MacBook, 键盘 兼容iPad的: the device said after a word of fitting.
FITS_BEFORE_RE = lazy_compile(r"(?:适用于?|适配|兼容|适合|支持)\s?$")


def _fits(piece: Piece, items: list[p.ItemHit]) -> tuple[list[p.ItemHit], str | None]:
    """鼠标 适用于MacBook: a device in Latin letters said after a word of fitting is the goods' spec."""
    for item in items[1:]:
        said = piece.text[item.start:item.end]
        if said.isascii() and FITS_BEFORE_RE.search(piece.text, max(0, item.start - 4), item.start) \
                and DESCRIBED_END_RE.match(piece.text, item.end):
            piece.take(item.start, item.end)
            return [i for i in items if i is not item], said.strip()
    return items, None


def _fitted_device(piece: Piece, items: list[p.ItemHit]) -> tuple[list[p.ItemHit], str | None]:
    """The device an accessory is for, said after it (充电器 MacBook的): its spec, not goods of their own."""
    if len(items) < 2 or not ACCESSORY_RE.search(items[0].word):
        return items, None
    for item in items[1:]:
        said = piece.text[item.start:item.end]
        if said.isascii() and FITTED_AFTER_RE.match(piece.text, item.end):
            piece.take(item.start, item.end + 1)
            return [i for i in items if i is not item], said
    return items, None
# 迪奥999, 阿玛尼#405: a shade or model number right after a maker, said after the goods.
SHADE_RE = lazy_compile(r"\s?(#?\d{3,4})(?![\d.]|\s*(?:元|块|个|支|件|号|码|寸|[GgTt]|ml|ML|毫升|克|套|双|台|部))")


def _shade(piece: Piece, brand: str | None) -> str | None:
    """The shade or model number said right after the maker (迪奥999), when the goods are named apart."""
    for mention, entry in piece.entries("brand"):
        m = SHADE_RE.match(piece.text, mention.end) if entry.value == brand else None
        if m is not None and piece.free(m.start(1), m.end(1)):
            piece.take(m.start(1), m.end(1))
            return m.group(1)
    return None


def _device_before(piece: Piece, items: list[p.ItemHit]) -> tuple[list[p.ItemHit], str | None]:
    """Switch的手柄, iPad 保护套: a device named in Latin letters right before a thing made for it is its spec."""
    if len(items) != 2 or not ACCESSORY_RE.search(items[1].word):
        return items, None
    device, thing = items
    said = piece.text[device.start:device.end]
    joint = piece.text[device.end:thing.start]
    named = said.isascii() or (piece.lexicon is not None and not any(
        e.kind == "brand" for e in piece.lexicon.lookup(device.word)))  # 苹果的充电器: the maker, no device
    numbered = None if said.isascii() else NUMBERED_JOINT_RE.fullmatch(joint)
    if not named or not (re.fullmatch(r"\s?的?\s?", joint) if said.isascii() else joint == "的" or numbered):  # 苹果手表的表带
        return items, None
    start = device.start
    if numbered is not None:  # 小米手环8的表带: the maker and the line number name the device
        said += numbered.group(1)
        maker = next((m for m, _ in piece.entries("brand") if m.end == device.start), None)
        if maker is not None:
            start, said = maker.start, maker.surface + said
    piece.take(start, thing.start)
    return [thing], said.strip()


# 华为Mate60的壳, iPad Air的套, 买个壳: a bare case, film or cover said after its device or a measure word.
BARE_PART_RE = lazy_compile(r"(?<=[的个张只])([壳膜套])(?=$|[\s，,。！!？?]|[买来要]|[一两][个张只])")


def _bare_part(piece: Piece, items: list[p.ItemHit], fitted: str | None) -> tuple[list[p.ItemHit], str | None]:
    """iPhone 15的膜, 给iPad买个套: the thing made for a device, said as one character; the device is its spec."""
    part = BARE_PART_RE.search(piece.masked(keep_mentions=True))
    if part is None or any(i.start <= part.start(1) < i.end for i in items):
        return items, fitted
    thing = p.ItemHit(part.start(1), part.end(1), part.group(1), "shopping", surface=part.group(1))
    devices = [i for i in items if i.surface.isascii() and i.end <= thing.start]
    if fitted is None and devices:
        fitted = piece.text[devices[-1].start:devices[-1].end].strip()
        piece.take(devices[-1].start, devices[-1].end)
    piece.take(thing.start, thing.end)
    return [thing, *(i for i in items if i.start > thing.end and not i.surface.isascii())], fitted


# 给我的华为P60买个膜: the thing bought for the device said right after it.
FOR_DEVICE_RE = lazy_compile(r"\s?(?:买|配|换|贴|选)(?:一|两)?[个张只块]?\s?")
NUMBERED_JOINT_RE = lazy_compile(r"(\d{1,3}(?:\s?(?:Pro|Max|Plus|Ultra|mini|SE))*)的")
DEVICE_MODEL_RE = lazy_compile(r"\s?(?:[A-Za-z]{1,4}\s?)?\d{1,3}(?:\s?(?:Pro|Max|Plus|Ultra|mini|SE|[A-Z]))*(?![\d.]|\s*[个张只块元件条部台])")


def _device_of(piece: Piece, brand: str | None, items: list[p.ItemHit]) -> tuple[str | None, str | None]:
    """苹果15手机壳, 华为P70的手机膜: a maker and a model said before a thing made for the device name the
    device (the spec, as said), not the maker of the thing. Return (brand, device)."""
    if brand is None or len(items) != 1 or not ACCESSORY_RE.search(items[0].word):
        return brand, None
    for mention, entry in piece.entries("brand"):
        model = DEVICE_MODEL_RE.match(piece.text, mention.end) if entry.value == brand else None
        if model is None or not model.group(0).strip():
            continue
        end = model.end() + (piece.text[model.end():model.end() + 1] == "的")
        if piece.text[end:items[0].start].strip() and not FOR_DEVICE_RE.fullmatch(piece.text, end, items[0].start):
            continue
        piece.take(mention.start, model.end())
        return None, piece.text[mention.start:model.end()].strip()
    return brand, None


# A device said by its maker's line number right after the noun (小米手环9, 华为平板11): the number is its name.
NUMBERED_DEVICE_RE = lazy_compile(r"(?:手环|手表|平板|手机|耳机|笔记本|电视|音箱|相机|路由器|显示器|游戏机|扫地机)$")
DEVICE_NUMBER_RE = lazy_compile(r"\d{1,2}(?:\s?(?:Pro|Max|Plus|Ultra|mini|SE|Air|Lite)(?![A-Za-z]))*"
                                r"(?![\d.]|\s*(?:[个台部只块元件条副张寸码号英吋年岁月日天]|[GgTt][Bb]?(?![A-Za-z])|mm|ml|mAh|毫安|W|瓦|米|点|斤))")


def _numbered(piece: Piece, item: p.ItemHit) -> p.ItemHit:
    """小米手环9: the line number said right after the device noun is part of what is bought, as said."""
    if not NUMBERED_DEVICE_RE.search(item.word):
        return item
    number = DEVICE_NUMBER_RE.match(piece.text, item.end)
    if number is None or not piece.free(number.start(), number.end()):
        return item
    piece.take(number.start(), number.end())
    return p.ItemHit(item.start, number.end(), item.word + number.group(0), item.domain, surface=item.surface + number.group(0))


LATIN_HEAD_RE = lazy_compile(r"([A-Za-z][A-Za-z&\-]{1,11})\s?(?=[\u4e00-\u9fff])")
# Letters said before goods that tell what they are, not who makes them (LED台灯, USB风扇, DIY相框).
TECH_WORDS = frozenset({"led", "usb", "hdmi", "diy", "vr", "ar", "ai", "nfc", "gps", "oled", "lcd", "rgb", "abs", "pvc",
                        "ssd", "cpu", "gpu", "tws", "dp", "pd", "ip", "wifi", "mini", "pro", "max", "plus"})


def _latin_maker(piece: Piece, item: p.ItemHit) -> tuple[str | None, list[p.ItemHit]]:
    """Crocs洞洞鞋, Anker充电宝: a maker the lexicon does not know, in Latin letters right before Chinese goods."""
    head = LATIN_HEAD_RE.match(item.word)
    if head is None or head.end() >= len(item.word) or head.group(1).lower() in TECH_WORDS:
        return None, [item]
    name = head.group(1)
    known = piece.lexicon is not None and (piece.lexicon.lookup(name) or any(
        e.kind == "item" for e in piece.lexicon.lookup(item.word)))  # Polo衫: the whole is the goods' name
    if not qualifiers.LATIN_NAME_RE.fullmatch(name) or known:
        return None, [item]  # Kindle保护套, Switch卡带: goods of their own; Type-C数据线: what the goods are
    word = item.word[head.end():]
    return name, [p.ItemHit(item.start + head.end(), item.end, word, item.domain, surface=word)]


DESCRIBED_RE = lazy_compile(r"的([^\s，,。！!？?的了吧呢吗啊呀0-9]{1,8})")


def _described(piece: Piece, opened: p.ItemHit | None) -> p.ItemHit | None:
    """买两个免安装的浴室置物架: the words after a describing word and 的 are the goods."""
    if opened is None or not describes(opened.word):
        return opened
    after = DESCRIBED_RE.match(piece.masked(), opened.end)
    if after is None:
        return opened
    word = after.group(1)
    return p.ItemHit(after.start(1), after.end(1), word, opened.domain, surface=word)


def _beside(text: str, items: list[p.ItemHit]) -> list[p.ItemHit]:
    """Goods words that are no goods of their own: inside a longer one (显示器|支架), a feature said with 的
    after the goods (帽子 防晒的), or what the goods are used with (充电头 苹果手机用)."""
    if len(items) < 2:
        return items
    kept = [i for i in items if not any(o is not i and o.start <= i.start and i.end <= o.end
                                        and (o.start, o.end) != (i.start, i.end) for o in items)]
    return kept[:1] + [i for i in kept[1:]
                       if not ((describes(i.word) and DESCRIBED_END_RE.match(text, i.end)) or USED_WITH_RE.match(text, i.end)
                               or (text[i.end:i.end + 1] == "的" and HOLDS_RE.search(text, max(0, i.start - 10), i.end)))]


def _maker_after(piece: Piece, items: list[p.ItemHit]) -> tuple[p.ItemHit, str] | None:
    """数据线来两根 苹果的: a word that is a fruit and a maker, said with 的 after the goods, names their maker."""
    for item in items[1:]:
        if re.match(r"的(?:$|[\s，,。！!])", piece.text[item.end:item.end + 2]) is None:
            continue
        makers = [e.value for e in piece.lexicon.lookup(item.word) if e.kind == "brand"] if piece.lexicon else []
        if makers:
            piece.take(item.start, item.end + 1)
            return item, makers[0]
    return None


# 衬衫 白色 42码 长袖, 显示器 带鱼屏: a describing word said after the goods, with 的 or on its own.
DESCRIBED_END_RE = lazy_compile(r"的|$|[\s，,。！!~]")
USED_WITH_RE = lazy_compile(r"(?:[上里边]|上面|里面)?用的?(?:$|[\s，,。])")
# 双肩包 能放15.6寸电脑的, 收纳盒 装得下A4纸的: what the goods hold is said of them, no goods of its own.
HOLDS_RE = lazy_compile(r"(?:能放|放得下|能装|装得下|可以放|可以装|适合放|适合装|适用于?|配得上|能连|可以连|能接|兼容|适配|支持)[^\s，,。]{0,12}$")


# 我们五个人 每人一杯拿铁: one each for the people counted before, all of them ordered (not 一共四杯, 来两杯 一人一杯).
PER_HEAD_RE = lazy_compile(r"(?:每人|每个人|每位|一人|人手)\s*(?:点|来|要)?\s*([一1])\s*[杯份碗个盒瓶碟串]")
PEOPLE_BEFORE_RE = lazy_compile(rf"({NUM})\s*(?:个人|口人|位|个同事|个朋友|个室友|个同学|个小伙伴)")
TOTAL_SAID_RE = lazy_compile(r"一共|总共|共\s*[0-9一两二三四五六七八九十]|合计")


def _per_head(text: str, quantity: int) -> int:
    """The count of a dish ordered one per head for the people said before it, or after it when not before
    (三个人 每人一份 -> 3, 一人一杯奶茶 我们五个人 -> 5)."""
    m = PER_HEAD_RE.search(text)
    if m is None or parse_int(m.group(1)) != quantity or TOTAL_SAID_RE.search(text):
        return quantity
    people = list(PEOPLE_BEFORE_RE.finditer(text, 0, m.start())) or list(PEOPLE_BEFORE_RE.finditer(text, m.end()))
    heads = parse_int(people[-1].group(1)) if people else None
    return heads * quantity if heads and 1 < heads <= 50 else quantity


def _measured(piece: Piece, measure: str | None) -> bool:
    """Whether a grocery count's measure word is its unit."""
    return measure in GROCERY_UNITS or (measure == "块" and PIECE_RE.search(piece.text) is not None)


# 灰色跟黑色各一, 白的和蓝的各一双: a spec that differs between the units is asked for, none is labelled.
PER_UNIT_SPEC_RE = lazy_compile(r"(?:[^\s，,。跟和、各]{1,5}(?:跟|和|、|还有|与))+[^\s，,。跟和、各]{1,5}各(?:[一1两2]|要|来|买)")
# 两件打底衫 一件黑色一件白色: the units told apart by their specs; no spec of the whole order (the conversation asks).
UNITS_TOLD_RE = lazy_compile(r"([一1][件双个条支台只套瓶盒顶])[^\s，,。一1]{1,6}?[，,\s]?\1[^\s，,。]{1,6}")


# A word said on its own between pauses (or right after a maker) that may name a model line.
LINE_CHUNK_RE = lazy_compile(r"(?:(?<=[\s，,：:])|^)(([\u4e00-\u9fff][\u4e00-\u9fff0-9]{1,4})[0-9A-Za-z]{0,8})(?=$|[\s，,。！!？?]|的(?:$|[\s，,。]))")
AFTER_MAKER_RE = lazy_compile(r"(((?:(?![的了就也都或还和跟是要很太吧呢啊呀哦])[\u4e00-\u9fff]){2,3})[0-9A-Za-z]{0,8})"
                              r"(?=$|[\s，,。！!？?])")


def _model_lines(piece: Piece, items: list[p.ItemHit]) -> list[tuple[int, str]]:
    """笔记本 联想小新, 游戏鼠标 毒蝰: a model line said beside the goods (known, or unknown right after the
    maker when the goods are named apart) is a spec."""
    if not items or not items[0].word:
        return []
    said: list[tuple[int, str]] = []
    masked = piece.masked(keep_mentions=True)
    for m in LINE_CHUNK_RE.finditer(masked):
        if (m.group(2) in MODEL_LINES or m.group(2).rstrip("0123456789") in MODEL_LINES) and not any(i.start < m.end(1) and m.start(1) < i.end for i in items):
            said.append((m.start(1), m.group(1)))
            piece.take(m.start(1), m.end(1))
    for mention, _ in piece.entries("brand"):
        after = AFTER_MAKER_RE.match(piece.masked(keep_mentions=True), mention.end)
        if after is None or any(m.start < after.end() and after.start() < m.end for m in piece.mentions if m is not mention) or (
                piece.lexicon is not None and piece.lexicon.lookup(after.group(2))) or describes(after.group(2)):
            continue
        if any(i.end <= mention.start for i in items):  # 笔记本电脑 联想小新: the goods said before the maker
            said.append((after.start(1), after.group(1)))
            piece.take(after.start(1), after.end(1))
    return said


def _specs(piece: Piece, items: list[p.ItemHit]) -> str | None:
    said = _specs_said(piece, items)
    return " ".join(dict.fromkeys(value for _, value in said)) if said else None


def _specs_said(piece: Piece, items: list[p.ItemHit]) -> list[tuple[int, str]]:
    """Every spec said (size, colour, model), with where it is said, in order, corrections applied."""
    said: list[tuple[int, str]] = _model_lines(piece, items)
    for m in PER_UNIT_SPEC_RE.finditer(piece.masked(keep_mentions=True)):
        if not any(m.start() < i.end and i.start < m.end() for i in items):
            piece.take(m.start(), m.end())
    for m in UNITS_TOLD_RE.finditer(piece.masked(keep_mentions=True)):
        if not any(m.start() < i.end and i.start < m.end() for i in items):
            piece.take(m.start(), m.end())
    for m in NAMED_SPEC_RE.finditer(piece.masked(keep_mentions=True)):
        said.append((m.start(), m.group(1)))
        piece.take(m.start(), m.end())
    masked = piece.masked(keep_mentions=True)
    at = 0
    while (found := SPEC_RE.search(masked, at)) is not None:
        own = next((i for i in items if i.start < found.end() and found.start() < i.end and i.surface.isascii()), None)
        if own is not None:  # PS5 光驱版: the product's own name is no spec of it, what follows it may be (iPad 256G)
            at = max(own.end, found.start() + 1)
            continue
        at = found.end()
        said.append((found.start(), found.group(0).strip().replace("吋", "寸")))
        piece.take(found.start(), found.end())
    for m in BARE_COLOUR_RE.finditer(piece.masked(keep_mentions=True)):
        said.append((m.start(), m.group(0)))
        piece.take(m.start(), m.end())
    for m in OPEN_COLOUR_RE.finditer(piece.masked(keep_mentions=True)):
        if describes(m.group(0)):
            continue  # 足金, 纯银: what the goods are made of, no colour
        said.append((m.start(), m.group(0)))
        piece.take(m.start(), m.end())
    return _uncorrected(piece.text, sorted(said))


def _uncorrected(text: str, said: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """41码 哦不 42码: a spec corrected by the next one said is dropped."""
    return [(at, value) for k, (at, value) in enumerate(said)
            if k + 1 == len(said) or not options.corrected(text, at + len(value), said[k + 1][0])]


def _brand(piece: Piece, domain: str) -> str | None:
    found = [(m, e) for m, e in piece.entries("brand")
             if (m.get("item") is None or (domain == "shopping" and (
                 m.surface.isascii() or p.BRAND_MODEL_RE.match(piece.text, m.end)))) and piece.free(m.start, m.end)]
    if domain == "takeout" or not found:
        return None
    mention, entry = found[0]
    either = EITHER_RE.match(piece.text, mention.end) if len(found) > 1 else None
    if either is not None and either.end() == found[1][0].start:
        for other, _ in found[:2]:  # 飞利浦或者博朗都行: either maker will do, none is chosen
            piece.take(other.start, other.end)
        return None
    if len(found) > 1 and options.corrected(piece.text, mention.end, found[1][0].start):
        piece.take(mention.start, mention.end)  # 李宁的 不对 要安踏的: the maker said last replaces the first
        mention, entry = found[1]
    piece.take(mention.start, mention.end)
    return entry.value


EITHER_RE = lazy_compile(r"的?\s*(?:或者|或是|或|还是|、|/)\s*")


def _brand_and_noun(piece: Piece, brand: str) -> tuple[str, str] | None:
    """青岛啤酒 -> 青岛 + 啤酒: a brand named as a maker (a brand or a place) before a generic product.

    A brand that is itself the product stays whole (可口可乐: 可口 names no maker; 农夫山泉, 老干妈).
    """
    if piece.lexicon is None:
        return None
    for cut in range(2, len(brand) - 1):
        maker, noun = brand[:cut], brand[cut:]
        makers = {e.kind for e in piece.lexicon.lookup(maker)}
        if makers & {"brand", "city"} and any(e.kind == "item" for e in piece.lexicon.lookup(noun)):
            return maker, noun
    return None


GROCERY_UNITS = frozenset(p.GROCERY_UNITS)
# A piece of a grocery (一块豆腐, 两块牛排) is measured by 块; 20块的西瓜 and 一块五一斤 say a price.
PIECE_RE = lazy_compile(rf"(?:{NUM})\s*块(?=[\u4e00-\u9fff])(?![的钱多左以上内半零一二两三四五六七八九十])"
                      rf"|(?:来|要|买|拿)\s*(?:{NUM})\s*块(?=$|[\s，,。！!])")
# Goods that have a name of their own (a book is bought by its title).
NAMED_KINDS = frozenset({"书", "游戏", "玩具", "专辑", "唱片", "绘本", "小说", "漫画", "图书"})
SHARED_RE = lazy_compile(r"都|全部|全都|一律|统一")
SOME_RE = lazy_compile(rf"{APPROX}\s*({'|'.join(p.GROCERY_UNITS)})")
OWN_LINE_RE = lazy_compile(r"的([\u4e00-\u9fff]{2,6})(?=$|[\s，,。！!？?])")
# 买本书 叫人类简史, 书名是活着: the name said of a book, a game or a toy is what is bought.
NAMED_RE = lazy_compile(r"(?:叫做|叫|名字是|名字叫|书名是|书名叫|书名|名叫)\s*《?([^\s，,。！!？?《》]{2,12})》?")


def _maker_of(piece: Piece, brand: str | None, items: list[p.ItemHit]) -> tuple[str | None, list[p.ItemHit]]:
    """乐高积木, 乐高的积木: a brand said before a product names its maker, whether or not it is a product too."""
    if brand is not None or not items:
        return brand, items
    first = items[0]
    split = _brand_and_noun(piece, first.word)
    if split is not None and len(items) == 1:
        maker, noun = split
        return maker, [p.ItemHit(first.start + len(maker), first.end, noun, first.domain, surface=noun)]
    makers = piece.lexicon.lookup(first.word) if piece.lexicon is not None else ()
    joined = piece.text[first.end:items[1].start] == "的" if len(items) == 2 else False
    if joined and any(e.kind == "brand" for e in makers):
        return first.word, items[1:]
    line = OWN_LINE_RE.match(piece.masked(), first.end) if len(items) == 1 else None
    if line is not None and any(e.kind == "brand" for e in makers):  # 乐高的千年隼: the maker's product, by name
        piece.take(line.start(1), line.end(1))
        return first.word, [p.ItemHit(line.start(1), line.end(1), line.group(1), first.domain, surface=line.group(1))]
    return brand, items


def _bare_list(piece: Piece, shared: dict[str, Any]) -> list[p.ItemHit]:
    """清心福全 乌龙绿 无糖去冰: in a bare list of words the last one is the product, a word before it the shop."""
    chunks = qualifiers.bare_chunks(piece)
    if not chunks or len(chunks) > 2:
        return []
    start, end, word = chunks[-1]
    if len(chunks) == 2 and "shop" not in shared:
        shared["shop"] = chunks[0][2]
        piece.take(chunks[0][0], chunks[0][1])
    return [p.ItemHit(start, end, word, "takeout", surface=word)]


_UNITS = "|".join(p.GROCERY_UNITS)
BRAND_COUNT_AFTER_RE = lazy_compile(rf"\s*(?:也|再|还)?(?:来|要|买)?\s*(?:{NUM})\s*(?:{_UNITS})")
BRAND_COUNT_BEFORE_RE = lazy_compile(rf"(?:{NUM})\s*(?:{_UNITS})$")


def _counted_brands(piece: Piece, items: list[p.ItemHit]) -> list[p.ItemHit]:
    """可口可乐来一箱 雪碧也来一箱, 买三罐可口可乐 再一包薯片: a brand that is itself the product (no maker of a
    generic word), said with its own count beside other goods, is one of the products."""
    found: list[p.ItemHit] = []
    for mention, entry in piece.entries("brand"):
        if mention.get("item") is not None or not piece.free(mention.start, mention.end) or _brand_and_noun(piece, entry.value):
            continue
        ordered = re.match(r"\s*(?:也|再|还)?(?:来|要|买)", piece.text[mention.end:])  # 可口可乐来两瓶: its own order
        if not ordered and any(i.end <= mention.start and re.fullmatch(r"[\s，,]*", piece.text[i.end:mention.start])
                               for i in items):
            continue  # 酱油 海天 一瓶: the maker of the goods said right before it
        maker = next((m for m, _ in piece.entries("brand") if m.end == mention.start), None)
        lead = maker.start if maker is not None else mention.start  # 一箱|伊利|安慕希: the count before its maker
        before = BRAND_COUNT_BEFORE_RE.search(piece.text, 0, lead) and re.match(
            r"$|[\s，,。！!？?再还和跟]", piece.text[mention.end:mention.end + 1])
        if BRAND_COUNT_AFTER_RE.match(piece.text, mention.end) or before:
            piece.take(mention.start, mention.end)
            found.append(p.ItemHit(mention.start, mention.end, entry.value, "grocery", surface=mention.surface))
    return found


def _place_maker(piece: Piece, item: p.ItemHit) -> str | None:
    """啤酒来一打 青岛的: a place said with 的 after goods it names a maker of (青岛啤酒) is their maker."""
    for mention, entry in piece.entries("city"):
        if mention.start < item.end or piece.text[mention.end:mention.end + 1] != "的" or piece.lexicon is None:
            continue
        if any(e.kind == "brand" for e in piece.lexicon.lookup(entry.value + item.word)):
            piece.take(mention.start, mention.end + 1)
            return str(entry.value)
    return None


def _dish_in_shop_name(shop: tuple[Any, Any], shared: dict[str, Any]) -> list[p.ItemHit]:
    """张亮麻辣烫 with no other product: the shop is named after its dish, which is what is ordered."""
    mention, entry = shop
    dishes = [w for w in p.TAKEOUT_ITEMS if len(w) >= 2 and entry.value.endswith(w) and len(entry.value) - len(w) >= 2]
    if not dishes or not mention.surface.endswith(max(dishes, key=len)):
        return []
    dish = max(dishes, key=len)
    shared["shop"] = entry.value[:-len(dish)]
    return [p.ItemHit(mention.end - len(dish), mention.end, dish, "takeout", surface=dish)]


def product_frames(piece: Piece, domain: str, *, deliver_at: str | None) -> list[tuple[str, dict[str, Any]]]:
    """Return (domain, slots) per product said in a takeout, grocery or shopping task."""
    shared: dict[str, Any] = {}
    shops = piece.entries("shop")
    eatery = cues.named_eatery(piece.text) if domain == "takeout" else None
    if eatery is not None and not any(m.start < eatery.end() and eatery.start() < m.end for m, _ in shops):
        shared["shop"] = eatery.group("name") or eatery.group("at")  # 大渔铁板烧(朝阳大悦城店): the place as listed
    elif shops and domain == "takeout":
        shared["shop"] = shops[0][1].value  # 海底捞火锅(崇文门店): the brand the place is known by
    if eatery is not None:
        piece.take(eatery.start(), eatery.end())  # its name and branch name no product
    budget = max_price(piece)
    where, arrival = delivery.address_and_arrival(piece) if domain != "shopping" else (None, [])
    title = piece.titles[0][2] if piece.titles and domain == "shopping" else None
    items = p.find_items(piece, domain)
    items = [i for i in items if not any(s <= i.start < e for s, e in arrival)]  # 送到的时候冰淇淋都化了
    said_at = piece.text.find(where) if where else -1
    if said_at >= 0 and where is not None:  # 送到篮球场: the words of the address name no product
        items = [i for i in items if not said_at <= i.start < said_at + len(where)]
    items += [s for s in p.single_items(piece) if not any(i.start <= s.start < i.end for i in items)]
    if eatery is not None:
        items = [i for i in items if not eatery.start() <= i.start < eatery.end()]
    if domain == "takeout" and items:
        items += p.counted_unknowns(piece, items)
        items = p.combo_parts(piece, p.meal_choices(piece, sorted(items, key=lambda i: i.start)))
    if domain != "takeout" and items:
        items += p.another_products(piece, sorted(items, key=lambda i: i.start), domain)
    items = p.told_apart(piece.text, sorted(items, key=lambda i: i.start)) if domain != "shopping" else items
    items.sort(key=lambda i: i.start)
    items, fitted = _fits(piece, items) if domain == "shopping" else (items, None)
    items = _beside(piece.text, items) if domain == "shopping" else items
    maker = _maker_after(piece, items) if domain == "shopping" else None
    items = [i for i in items if maker is None or i is not maker[0]]
    if fitted is None:
        items, fitted = _fitted_device(piece, items) if domain == "shopping" else (items, None)
    if domain == "shopping" and fitted is None:
        items, fitted = _device_before(piece, items)
    if domain == "shopping" and len(items) > 1:  # 买套乐高 给小孩的生日礼物: what the goods are for is none of them
        items = [i for i in items if not i.word.endswith("礼物")] or items
    if len(items) > 1 and p.is_category(piece.text, items[0]) and not p.EACH_RE.search(piece.text):
        said = re.search(rf"(?:{NUM}|来|要|点|买)\s*[{p.TAKEOUT_MEASURES}]\s*$", piece.counting()[:items[0].start])
        if said is not None:  # 送一份烧烤 羊肉串二十串: the count of the category is none of the product's
            piece.take(said.start(), said.end())
        items = items[1:]  # 买点菜，一斤五花肉，两根黄瓜: the category said first is what follows
    if domain == "takeout" and len(items) > 1 and "shop" not in shared and p.POINTED_SHOP_RE.search(
            piece.text, 0, items[0].start):
        shared["shop"] = items.pop(0).word  # 楼下那家兰州拉面 来一碗牛肉面: the place named like its dish
    if domain == "grocery" and items and all(FLAVOUR_SAID_RE.match(piece.text, i.end) and PAUSE_BEFORE_RE.search(
            piece.text, 0, i.start) for i in items):
        single = _line_after_brand(piece, single_only=True)
        items = [single] if single is not None else items  # 好丽友派 巧克力的: the flavour of the maker's goods
    if domain == "grocery" and (items or p.ANOTHER_RE.search(piece.masked()) or len(piece.entries("brand")) > 1):
        brands = _counted_brands(piece, items)
        if brands and not items:
            brands += p.another_products(piece, brands, domain)
        items = sorted(items + brands, key=lambda i: i.start)
        if brands and len(items) > 1 and items[0].word in p.KIND_WORDS and p.is_category(piece.text, items[0]):
            items = items[1:]  # 买点饼干 两盒奥利奥: the kind said first is the maker's product that follows
    brand = _brand(piece, domain)
    if brand is None and maker is not None:
        brand = maker[1]
    second = _brand(piece, domain) if brand and not items else None
    if second is not None:  # 伊利安慕希: the maker, then its product line
        items = [p.ItemHit(0, 0, second, domain, surface=second)]
    elif brand and not items and domain == "grocery":
        split = _brand_and_noun(piece, brand)
        line = None if split else _line_after_brand(piece)
        if line is not None:  # 蒙牛纯奶: the words after the maker name what is bought
            items = [line]
        else:
            items = [p.ItemHit(0, 0, split[1] if split else brand, domain, surface=brand)]
            brand = split[0] if split else None
    if title and (not items or (len(items) == 1 and items[0].word in NAMED_KINDS)):  # 买本书 《三体》
        items = [p.ItemHit(piece.titles[0][0], piece.titles[0][1], title, domain, surface=title)]
    device: str | None = None
    if domain == "shopping":
        items = [_as_said(piece, item) for item in items] or _english_products(piece)
        items, fitted = _bare_part(piece, items, fitted)
        if not items and brand is not None:
            items = _goods_before_brand(piece)  # 买个暖风机 艾美特的: goods the lexicon does not know, then the maker
        if not items and brand is not None:
            items = _model_named(piece) or [p.ItemHit(0, 0, brand, domain, surface=brand)]  # 买台戴森
            brand = None if items[0].word == brand else brand
        brand, items = _maker_of(piece, brand, items)
        brand, device = _device_of(piece, brand, items)
        items = [_numbered(piece, item) if brand is not None else item for item in items]
        if brand is None and len(items) == 1:
            brand, items = _latin_maker(piece, items[0])
    named = NAMED_RE.search(piece.masked(keep_mentions=True)) if domain == "shopping" else None
    if named is not None and (not items or items[0].word in NAMED_KINDS):
        piece.take(named.start(), named.end())
        items = [p.ItemHit(named.start(1), named.end(1), named.group(1), domain, surface=named.group(1))]
    if domain == "shopping":  # 玫瑰金的手机壳: a colour named after a thing is no product
        colours = [m.span() for m in COLOUR_NAME_RE.finditer(piece.text)]
        items = [i for i in items if not any(s <= i.start and i.end <= e and (s, e) != (i.start, i.end)
                                             for s, e in colours)] or items
    specs_said = _specs_said(piece, items) if domain == "shopping" else []
    spec = " ".join(dict.fromkeys(value for _, value in specs_said)) or None
    shade = _shade(piece, brand) if domain == "shopping" and items else None
    if shade is not None:  # 口红 迪奥999: the number said right after the maker is the shade or model
        spec = f"{spec} {shade}" if spec else shade
    device = device or fitted
    if domain == "shopping" and device is not None:
        spec = f"{device} {spec}" if spec else device
    if spec is not None:
        items = [_without_spec(item, spec) for item in items]
    if not items:
        opened = _described(piece, p.open_item(piece)) if domain != "takeout" else p.open_item(piece)
        if opened is not None and not (domain == "takeout" and p.ANY_RE.search(piece.text)):
            items = [opened]
    if not items and domain == "takeout" and shops:
        items = _dish_in_shop_name(shops[0], shared)
    if not items and domain == "takeout" and not p.ANY_RE.search(piece.text):
        items = _bare_list(piece, shared)
    if items and domain == "takeout" and "shop" not in shared:
        shop = qualifiers.unknown_shop(piece, items[0].start, items[-1].end)
        if shop:
            shared["shop"] = shop
    if items and domain == "grocery" and brand is None and len(items) == 1:
        brand = _place_maker(piece, items[0])
        split = _brand_and_noun(piece, items[0].word) if brand is None else None
        if split is not None and piece.lexicon is not None and any(
                e.kind == "brand" for e in piece.lexicon.lookup(items[0].word)):
            brand, word = split  # 啤酒 哈尔滨的 read as 哈尔滨啤酒: the maker's generic goods
            items = [p.ItemHit(items[0].end - len(word), items[0].end, word, domain, surface=word)]
    if items and domain != "takeout" and brand is None and items[0].word != "":
        brand = qualifiers.unknown_brand(piece, items[0].start, items[-1].end)
    tops = po.toppings_said(piece) if domain == "takeout" else []
    frames: list[tuple[str, dict[str, Any]]] = []
    regions = _regions(piece, items) if len(items) > 1 else [(0, len(piece.text))]
    each = p.EACH_RE.search(piece.masked(keep_mentions=True))
    if not items:
        quantity, measure = p.quantity_near(piece, p.ItemHit(len(piece.text), len(piece.text), "", domain),
                                            (0, len(piece.text)))
        if quantity is not None and domain == "takeout" and shops and SHOP_COUNTED_RE.search(
                piece.text, 0, shops[0][0].start):
            quantity = None  # 帮我点个麦当劳: the measure word counts the shop's order, no product
        if quantity is not None:
            shared["quantity"] = quantity
            if domain == "grocery" and _measured(piece, measure):
                shared["unit"] = measure
    local: set[str] = set()  # options said within one product's words (酸菜鱼 微辣 米饭两份)
    slots_items: list[p.ItemHit | None] = list(items) if items else [None]
    for item, region in zip(slots_items, regions, strict=False):
        slots: dict[str, Any] = dict(shared)
        item_domain = domain
        if item is not None:
            slots["item"] = item.word
            quantity, measure = p.quantity_near(piece, item, region)
            if each:
                quantity, measure = parse_int(each.group(1)), each.group(2)
            if domain == "takeout" and quantity is not None and len(slots_items) == 1:
                quantity = _per_head(piece.text, quantity)
            if quantity is not None:
                slots["quantity"] = quantity
                if domain == "grocery" and _measured(piece, measure):
                    slots["unit"] = measure
            elif domain == "grocery" and (some := SOME_RE.search(piece.masked(keep_mentions=True))) is not None:
                slots["unit"] = some.group(1)  # 买几斤橘子: the unit is said, the count is not
            if domain == "takeout":
                temperature = po.temperature_prefix(piece, item)
                if temperature:
                    slots["ice"] = temperature
            if len(items) > 1:
                own = po.common_options(_RegionPiece.of(piece, region), domain)
                slots.update(own)
                local |= set(own)
        frames.append((item_domain, slots))
    if SHARED_RE.search(piece.text):
        local = set()  # 都要大杯: said for every product
    _finish(piece, frames, domain, budget=budget, where=where, deliver_at=deliver_at, brand=brand, spec=spec,
            tops=tops, local=local, starts=[i.start if i is not None else 0 for i in slots_items])
    if domain == "shopping" and len(items) > 1 and len(frames) == len(regions) and spec is not None and (
            shade is None and device is None):
        _own_specs(piece.text, items, regions, specs_said, frames)
    if brand is not None and domain != "takeout" and len(items) > 1 and len(frames) == len(regions):
        _maker_of_one(piece, brand, items, regions, frames)
    for item, (_, slots) in zip(slots_items, frames, strict=False):
        if item is not None and item.slots.get("own_clause"):
            slots.pop("brand", None)  # 飞利浦的电动牙刷 再买两个刷头: the maker is said of the first goods only
    if brand is not None and len(items) > 1 and _maker_of_last(piece.text, items, brand):
        for _, slots in frames[:-1]:
            slots.pop("brand", None)
    elif domain != "takeout" and len(items) > 1 and len(frames) == len(items):
        _own_makers(piece, items, frames)
    return _said_again(frames)


# Options of a product that may be said again with them (一杯奶茶一份鸡排 奶茶少糖).
_OPTION_SLOTS = ("size", "sugar", "ice", "spice", "toppings")


def _said_again(frames: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    """一杯奶茶一份鸡排 奶茶少糖: a product said again without a count of its own, to give its options, is the
    product said before, not another one."""
    kept: list[tuple[str, dict[str, Any]]] = []
    for domain, slots in frames:
        first = next((s for _, s in kept if "item" in slots and s.get("item") == slots["item"]), None)
        if first is None or "quantity" in slots or set(slots) - {"item", "address", "deliver_at", "shop",
                                                               "max_price", *_OPTION_SLOTS}:
            kept.append((domain, slots))
            continue
        for key in _OPTION_SLOTS:
            if key in slots:
                first.setdefault(key, slots[key])
    return kept


def _maker_of_one(piece: Piece, brand: str, items: list[p.ItemHit], regions: list[tuple[int, int]],
                  frames: list[tuple[str, dict[str, Any]]]) -> None:
    """买一副羽毛球拍 李宁的 外加一筒羽毛球: a maker said in one product's words, when every other product has a count
    of its own, is that product's only (一起/都/各 said for all of them keeps it on every one)."""
    said = [m.start for m, e in piece.entries("brand") if e.value == brand]
    if len(said) != 1 or ALL_OF_RE.search(piece.text, items[0].end):
        return
    own = next((k for k, (start, end) in enumerate(regions) if start <= said[0] < end), None)
    if own is None or not all("quantity" in slots for k, (_, slots) in enumerate(frames) if k != own):
        return
    for k, (_, slots) in enumerate(frames):
        if k != own and slots.get("brand") == brand:
            slots.pop("brand")


def _own_specs(text: str, items: list[p.ItemHit], regions: list[tuple[int, int]], said: list[tuple[int, str]],
               frames: list[tuple[str, dict[str, Any]]]) -> None:
    """粉色的连衣裙 S码 和一双白色的小白鞋 36码: each spec said in one product's words is that product's; specs
    said after the last goods for all of them (都要粉色的) stay on every one."""
    every = ALL_OF_RE.search(text, items[-1].end)
    said_of_all = every.start() if every is not None else len(text)
    shared = [value for at, value in said if at >= said_of_all]
    for (start, end), (_, slots) in zip(regions, frames, strict=True):
        own = [value for at, value in said if start <= at < min(end, said_of_all)] + shared
        if own:
            slots["spec"] = " ".join(dict.fromkeys(own))
        else:
            slots.pop("spec", None)


def _own_makers(piece: Piece, items: list[p.ItemHit], frames: list[tuple[str, dict[str, Any]]]) -> None:
    """两瓶海天生抽 一瓶老陈醋, 一包洽洽瓜子 一袋三只松鼠的坚果: a maker said right before goods, in a clause of
    their own, is theirs only; the other goods keep the maker said right before them, or none."""
    if ALL_OF_RE.search(piece.text, items[0].end) or not all(
            _apart(piece.text[a.end:b.start]) for a, b in itertools.pairwise(items)):
        return
    makers = {m.end: e.value for m, e in piece.entries("brand") if m.get("item") is None}
    own = [makers.get(i.start) or (makers.get(i.start - 1) if piece.text[i.start - 1:i.start] == "的" else None)
           for i in items]
    if not any(own):
        return
    for maker, (_, slots) in zip(own, frames, strict=True):
        if maker is None:
            slots.pop("brand", None)
        else:
            slots["brand"] = maker


# 和一袋, 还有两瓶, 外加一包: a joining word said with the next goods' own count.
JOINED_COUNT_RE = lazy_compile(rf"(?:和|跟|还有|再来|再买|再要|外加|加上|顺便|以及|另外)\s*(?:来|买|要|带)?\s*(?:{NUM}|几)\s*[^\s，,、\d]")


def _apart(gap: str) -> bool:
    """Whether two goods are said apart: a pause between them, or a joining word with the second one's own count
    (三斤车厘子和一袋金龙鱼大米), not one list of goods said together (蒙牛的纯牛奶和酸奶)."""
    return re.search(r"[\s，,、]", gap) is not None or JOINED_COUNT_RE.search(gap) is not None


def _finish(piece: Piece, frames: list[tuple[str, dict[str, Any]]], domain: str, *, budget: Any, where: str | None,
            deliver_at: str | None, brand: str | None, spec: str | None, tops: list[tuple[int, str]],
            local: set[str] | None = None, starts: list[int] | None = None) -> None:
    common = po.common_options(piece, domain)
    each_added = bool(EACH_ADDED_RE.search(piece.text))
    starts = starts or [0] * len(frames)
    if domain == "takeout" and "ice" not in common:
        bare = po.standalone_temperature(piece)
        if bare:
            common["ice"] = bare
    vague = domain == "takeout" and "item" not in frames[0][1] and bool(p.ANY_RE.search(piece.text))
    for index, (_, slots) in enumerate(frames):
        for key, value in common.items():
            if local and key in local and len(frames) > 1:
                continue
            if not (key in _DRINK_OPTIONS and len(frames) > 1 and slots.get("item") in p.FOODS):
                slots.setdefault(key, value)
                if key == "ice" and slots[key] == "normal" and value in ("less", "none"):
                    slots[key] = value  # 冰美式 少冰: how much ice, said on its own, refines the iced drink
        if vague:
            slots["any"] = True
            slots.pop("quantity", None)
        extras = {"max_price": budget, "address": where, "deliver_at": deliver_at, "brand": brand, "spec": spec}
        for key, value in extras.items():
            if value is not None and not (key == "brand" and len(frames) > 1 and _brand_itself(piece, slots.get("item"))):
                slots[key] = value
        own = [name for at, name in tops if each_added or len(frames) == 1 or _said_of(starts, at) == index]
        if own:  # 麻辣烫加肥牛 米饭一碗: a topping is of the product said before it
            slots["toppings"] = own
        if domain == "shopping" and "item" in slots:
            slots["query"] = slots.pop("item")


# 都要海天的, 各一瓶: what is said after the last goods is said of them all.
ALL_OF_RE = lazy_compile(r"都|全|各|一起|全部")


def _maker_of_last(text: str, items: list[p.ItemHit], brand: str) -> bool:
    """一盒鸡蛋 两瓶鲜奶 林凤营的: a maker said with 的 after the last goods, in their own clause, is theirs only."""
    at = text.rfind(brand)
    last, before = items[-1], items[-2]
    return (at > last.end and text[at + len(brand):at + len(brand) + 1] == "的"
            and re.search(r"[\s，,、]", text[before.end:last.start]) is not None
            and ALL_OF_RE.search(text, before.end, at) is None)


def _brand_itself(piece: Piece, item: Any) -> bool:
    """一箱金典牛奶 一箱安慕希: a brand bought as the product has no maker of the other goods."""
    return isinstance(item, str) and piece.lexicon is not None and any(
        e.kind == "brand" for e in piece.lexicon.lookup(item))


# 一份炒粉 一份炒米粉 各加一个蛋: toppings said for each product.
EACH_ADDED_RE = lazy_compile(r"各(?:加|多加|配)|都(?:加|要加|配)")


def _said_of(starts: list[int], at: int) -> int:
    """The index of the last product said before ``at`` (the first one when none is)."""
    return max((k for k, start in enumerate(starts) if start <= at), default=0)


class _RegionPiece(Piece):
    """A view of a piece where everything outside a region is masked (for per-item options)."""

    @classmethod
    def of(cls, piece: Piece, region: tuple[int, int]) -> Piece:
        view = Piece(text=piece.text, now=piece.now, mentions=piece.mentions, scan=piece.scan,
                     taken=[*piece.taken, (0, region[0]), (region[1], len(piece.text))], titles=piece.titles,
                     lexicon=piece.lexicon)
        return view


__all__ = ["MASK", "product_frames"]
