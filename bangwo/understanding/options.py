"""Closed-set option words of the contract (sugar, ice, size, seat, cabin...) and a matcher over them."""

from __future__ import annotations

import re

from bangwo.understanding.pieces import Piece

SUGAR = {
    "full": "标准糖 全糖 正常糖 多糖 正常甜 全甜 甜度正常 正常甜度 标准甜 糖度正常 糖正常 甜度标准 标准甜度 多加糖",
    "less": "少糖 七分糖 七分甜 7分糖 7分甜 少甜 不要太甜 别太甜 不要那么甜 少少糖 少点糖 糖少点 糖少一点 少放糖 八分糖 糖少放点 少放点糖 糖少放 甜度七分 少一点糖 糖少一些 甜度少一点 甜度少点 少点甜 少一点甜 不用太甜 不用那么甜 别那么甜 甜度低一点 甜度低点 糖要少 糖分少一点 少点糖分 少甜点 甜度低 甜度少 糖少 糖七分 糖7分 糖度七分 糖度7分 甜度7分 七分糖度 糖放少点 糖放少一点 糖放少些 少放一点糖 少加点糖 少加糖 少加一点糖 糖少加点 糖少加 "
            "甜度低些 少些糖 糖少些 甜度低一些 甜度少些",
    "half": "半糖 五分糖 五分甜 5分糖 5分甜 半甜 甜度五分 糖减半 减半糖 一半糖 糖放一半 甜度减半 一半甜 糖五分 糖5分 糖度五分 糖度5分 甜度5分 甜度一半 糖一半 一半的糖 少一半糖 糖少一半 甜度少一半",
    "light": "微糖 三分糖 三分甜 3分糖 一分糖 1分糖 微甜 低糖 二分糖 二分甜 2分糖 3分甜 一分甜 甜度三分 甜度一分 甜度二分 低甜 一点点糖 一点点甜 糖三分 糖3分 糖度三分 糖度3分 甜度3分 甜度1分 糖度一分 微微甜 微微糖",
    "none": "无糖 不加糖 不要糖 零糖 0糖 去糖 免糖 不放糖 无糖的 走甜 走糖 不要加糖 不要放糖 别放糖 别加糖 糖别放 糖不要 去掉糖 不要甜 不要甜的 不甜的 不用加糖 不用糖 不需要加糖 不需要糖 不另外加糖 不额外加糖 不要另外加糖 不用另外加糖 "
            "别另外加糖 糖免了 糖不加 糖不用加 糖不用 不加糖浆 不要糖浆 糖去掉 糖去了 糖拿掉 糖免掉 糖就不要了",
}
ICE = {
    "normal": "正常冰 加冰 多冰 冰的 冰镇 要冰的 冰块正常 正常冰块 冰量正常 冰度正常 正常冰度 标准冰 冰度标准 冰多一点 加多点冰 多加冰 冰正常 冰量标准 iced ICED Iced 冰块多一点 冰块多点 多点冰 多一点冰 冰多点 冰块多些 冰多些",
    "less": "少冰 微冰 少点冰 冰少点 冰少一点 少一点冰 冰少些 少少冰 冰块少点 冰块少一点 少放冰 冰块少放 冰少放点 冰少放 冰少 别太冰 不要太冰 少放点冰 少放一点冰 少加冰 少加点冰 少加一点冰 冰放少点 "
            "冰放少一点 冰块少些 少些冰 冰少加点 冰少加",
    "none": "去冰 不加冰 不要冰 免冰 走冰 无冰 去冰的 别放冰 不放冰 别加冰 冰块不要 不要冰块 去冰块 冰块别放 冰块去掉 去掉冰 冰不要 不用加冰 不用冰 不需要冰 不需要加冰 不要加冰 冰免了 冰不加 冰不用加 冰不用 冰去掉 "
            "去掉冰块 冰块不用 冰块免了",
    "room": "常温 常温的 不冰的 不要冰的 不冰",
    "warm": "温的 温热",
    "hot": "热的 热饮 烫的 加热 热乎的",
}


def _with_slips(table: dict[str, str], said: str, slips: str) -> dict[str, str]:
    """The table with each word also typed with a sound-alike of ``said`` (半塘 for 半糖, 去兵 for 去冰)."""
    return {value: " ".join(dict.fromkeys(
        [*words.split(), *(w.replace(said, slip) for w in words.split() if said in w and len(w) >= 2 for slip in slips)]))
        for value, words in table.items()}


def _with_wants(table: dict[str, str], heads: tuple[str, ...]) -> dict[str, str]:
    """The table with each "head + amount" word also said with a wish between (糖要一半, 甜度要低点, 冰只要少点)."""
    return {value: " ".join(dict.fromkeys(
        [*words.split(), *(w[:len(h)] + want + w[len(h):] for w in words.split() for h in heads
                           if w.startswith(h) and len(w) > len(h) and w[len(h)] not in "要只就别不的" for want in ("要", "只要", "就要"))]))
        for value, words in table.items()}


# Words said between an option's name and its amount that change nothing (糖也少点, 冰就不要了, 糖的话少放点).
_FILLERS = ("也", "就", "稍微", "也稍微", "给我", "的话")


def _with_fillers(table: dict[str, str], heads: tuple[str, ...]) -> dict[str, str]:
    """The table with each "head + amount" word also said with a filler between (糖也少点, 冰块就不要了)."""
    return {value: " ".join(dict.fromkeys(
        [*words.split(), *(w[:len(h)] + filler + w[len(h):] for w in words.split() for h in heads
                           if w.startswith(h) and len(w) > len(h) and not w[len(h):].startswith(("度", "块", "量"))
                           for filler in _FILLERS)]))
        for value, words in table.items()}


def _joined(*tables: dict[str, str]) -> dict[str, str]:
    """The words of several tables of the same values, together."""
    return {value: " ".join(dict.fromkeys(w for table in tables for w in table[value].split())) for value in tables[0]}


# Fillers are added to the words as listed only (not to their sound-alikes nor wishes), to keep the matcher small.
SUGAR = _joined(_with_slips(_with_wants(SUGAR, ("甜度", "糖度", "糖")), "糖", "塘唐"), _with_fillers(SUGAR, ("甜度", "糖度", "糖")))
ICE = _joined(_with_slips(_with_wants(ICE, ("冰块", "冰量", "冰度", "冰")), "冰", "兵"),
              _with_fillers(ICE, ("冰块", "冰量", "冰度", "冰")))
SIZE = {"large": "超大杯 特大杯 大杯 大份 大碗 大号", "medium": "中杯 中份 中碗", "small": "小杯 小份 小碗"}
SPICE = {
    "none": "不要辣 不辣 免辣 不加辣 不放辣 不吃辣 别放辣 去辣",
    "mild": "微辣 小辣 少辣 微微辣 一点点辣",
    "medium": "中辣",
    "hot": "特辣 重辣 变态辣 大辣 超辣 多辣 爆辣 加辣 特别辣 很辣 超级辣",
}
SEAT = {
    "back": "最后一排 后排 靠后 后面 倒数第一排 最后排 后边",
    "front": "第一排 前排 靠前 前面",
    "middle": "正中间 中间位置 中间 居中 中排",
    "aisle": "靠过道 过道边 过道 走廊边 靠走道 走道",
    "couple": "情侣座 情侣位 情侣",
}
FORMAT = {"IMAX": "IMAX imax Imax 巨幕IMAX", "3D": "3D 3d 三D", "2D": "2D 2d 二D", "杜比": "杜比影院 杜比全景声 杜比 Dolby dolby"}
SEAT_CLASS = {
    "second": "二等座 二等 2等座", "first": "一等座 一等 1等座", "business": "商务座 商务车厢 商务舱位 商务座位",
    "hard_sleeper": "硬卧", "soft_sleeper": "软卧", "hard_seat": "硬座", "no_seat": "无座 站票",
}
TRAIN_TYPE = {"G": "高铁 G字头", "D": "动车 D字头", "K": "K字头 普快", "Z": "Z字头 直达特快", "T": "T字头 特快"}
CABIN = {"economy": "经济舱", "business": "商务舱", "first": "头等舱"}
SORT = {
    "cheapest": "最便宜 便宜点的 便宜一点的 便宜的 特价 最低价 价格最低 票价最低 便宜点 越便宜越好",
    "earliest": "最早 早一点的 第一班 早点的 最早的 头班 首班 越早越好 早一点",
    "fastest": "最快 时间最短 用时最短 最短 快一点的 越快越好",
}
CAR_TYPE = {
    "economy": "快车 经济型 特惠快车 拼车 拼个车 拼一下车 拼辆车 便宜的 便宜点的 便宜点 便宜一点", "comfort": "舒适型 优享 舒适",
    "premium": "专车 豪华车 豪华型 商务专车", "xl": "六座 商务车 七座 6座 7座 六人座 七人座 6人座 7人座 大车 大一点的车 大一点儿的车 大一些的车 大点的车 大点儿的车 空间大一点的车",
}
TICKET_TYPE = {"adult": "成人票 成人 大人", "child": "儿童票 儿童 小孩 孩子 小朋友 儿童的",
               "senior": "老人票 老人 长者 老年", "student": "学生票 学生"}
ROOM_TYPE = {"king": "大床房 大床", "twin": "双床房 标间 双床 标准间", "suite": "套房"}


# A correction said between two values of one kind (一杯 不对 是两杯, 41码 哦不 42码, 两盒 一盒就行): the later
# value replaces the earlier one.
CORRECTION_RE = re.compile(r"[，,。!！\s]*(?:哦|噢|喔|呃|额|啊)?(?:不对|不不|不是|说错了|说错|搞错了|错了|更正一下|更正|改一下|不(?=[，,。!！\s]))"
                           r"(?:对|了)?[，,。!！\s]*(?:是|要|改成|换成|改为|应该是)?[，,\s]*(?:就|只)?(?:来|要|买)?\s*"
                           r"|[，,。!！\s]*(?:哦|噢|喔|呃|额)?[，,\s]*(?:改成|改为|换成)\s*"
                           r"|[，,。!！\s]*(?:哦|噢|喔|呃|额|不|算了)[，,\s]*(?:就|只)?(?:来|要|买)?\s*(?=\S*?就(?:够了|够|行|好|可以))")


def corrected(text: str, earlier_end: int, later_start: int) -> bool:
    """Whether the words right before the later of two values said of one thing correct the first (三杯拿铁 哦不对
    两杯): a correction ends where the later value starts, after the earlier one ends."""
    for start in range(earlier_end, later_start):
        m = CORRECTION_RE.match(text, start)
        if m is not None and m.end() == later_start and text[start:later_start].strip(" ，,。!！"):
            return True
    return False


def compile_options(table: dict[str, str]) -> list[tuple[str, str]]:
    """Return (surface, value) pairs, longest surface first."""
    pairs = [(word, value) for value, words in table.items() for word in words.split()]
    return sorted(pairs, key=lambda p: -len(p[0]))


# One entry per table: its matcher and its values together, so a thread never sees one without the other. Keyed
# by the table's identity, holding the table itself so its id is never reused by another one while cached.
_CACHE: dict[int, tuple[dict[str, str], re.Pattern[str], dict[str, str]]] = {}


def _pattern(table: dict[str, str]) -> tuple[re.Pattern[str], dict[str, str]]:
    cached = _CACHE.get(id(table))
    if cached is None or cached[0] is not table:
        pairs = compile_options(table)
        cached = (table, re.compile("|".join(re.escape(w) for w, _ in pairs)), dict(pairs))
        _CACHE[id(table)] = cached
    return cached[1], cached[2]


def find_all(piece: Piece, table: dict[str, str], *, text: str | None = None) -> list[tuple[int, int, str]]:
    """Return every (start, end, value) of the table's words in the free parts of the piece."""
    pattern, values = _pattern(table)
    source = text if text is not None else piece.masked(keep_mentions=True)
    return [(m.start(), m.end(), values[m.group(0)]) for m in pattern.finditer(source) if not _asked(source, m)]


def _asked(source: str, m: re.Match[str]) -> bool:
    """辣不辣, 甜不甜: a word asked as "A 不 A" is a question about the product, not an option of it."""
    said = m.group(0)
    return said.startswith("不") and len(said) > 1 and m.start() > 0 and source[m.start() - 1] == said[1]


def find_option(piece: Piece, table: dict[str, str], *, within: tuple[int, int] | None = None) -> str | None:
    """Return the value said for an option, None when not said or said with conflicting values."""
    hits = [h for h in find_all(piece, table) if within is None or within[0] <= h[0] < within[1]]
    values = {value for _, _, value in hits}
    if len(values) > 1 and corrected(piece.text, hits[-2][1], hits[-1][0]):
        values = {hits[-1][2]}  # 中杯 不对 大杯: the value said last replaces the one it corrects
    for start, end, _ in hits:
        piece.take(start, end)
    return values.pop() if len(values) == 1 else None
