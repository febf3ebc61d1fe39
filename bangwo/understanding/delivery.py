"""Where takeout and groceries go: the delivery address as said (送到公司 -> 公司, 给前台 -> 前台)."""

from __future__ import annotations

from bangwo.understanding.lazyregex import lazy_compile
from bangwo.understanding.pieces import MASK, Piece

ADDRESS_RE = lazy_compile(r"送(?:到|至|去|往|达)(?![吗呢嘛么])([^，,。！!？?\s]{1,20}?(?:\s(?:[A-Za-z]\d{0,2}|\d{1,4})(?:座|栋|幢|号楼|楼|塔|区|层|室|号)?(?=$|[\s，,。！!？?])){0,3})(?:就行|就好|就可以|即可|来|去|(?<![网酒书氧])吧|哈|呗|啊|呀|谢谢|，|,|。|\s|$)"
                        r"|(?:送|叫|(?<![0-9一二两三四五六七八九十])点|订)[^，,。\s到]{1,12}?到(?![吗呢嘛么])([^，,。！!？?\s来去]{1,16})"
                        r"|送((?:(?:我|我们|他|她|他们|我妈|我爸|我爸妈|爸妈|老婆|老公|女朋友|男朋友|朋友|同事)的?)?(?:宿舍|公司|家|办公室|单位|前台|楼下|门口|学校|教室|会议室|酒店|工地)[^，,。！!？?\s]{0,8}?)(?:就行|就好|就可以|吧|谢谢|$|(?=[，,。！!？?\s]))"
                        r"|(?:地址(?:写的是|填的是|是|在|为|写|填)?[:：]?|放(?:到|在)|送来)([^，,。！!？?\s]{2,20}?)(?:就行|就好|就可以|吧|谢谢|，|,|。|\s|$)")
# 我在公司 帮我点份饭送过来: where the user is, said with a delivery to "here", is the address.
HERE_RE = lazy_compile(r"送(?:过来|上来|来|到这|到这里|到这儿)")
AT_RE = lazy_compile(r"我(?:现在|人|目前)?在([^\s，,。！!？?在]{1,12}?)(?:呢|上班|加班|等着?)?(?=$|[\s，,。！!？?])")
# 我在图书馆三楼 点杯咖啡: where the user is, said as a place (a building, a room, a floor), is the address too.
PLACE_END_RE = lazy_compile(r"(?:\d{3,4}|楼|层|室|馆|厦|座|栋|幢|单元|宿舍|家|公司|单位|办公室|工位|学校|教室|医院|病房|门口|门|小区|园|工地|店|号)$")
# 网吧, 酒吧: places whose name ends in 吧, which is no particle there.
BAR_PLACES = ("网吧", "酒吧", "书吧", "氧吧")
# 送到的时候都凉了, 送到之前打个电话, 送到就化了: what happens when the order arrives, no place.
ARRIVAL_CLAUSE_RE = lazy_compile(r"^(?:的时候|的时|时候|之前|以前|之后|以后|[时前后](?=[给打先记联叫别请说发敲麻])|了|就|都|也|还|的话|放心)"
                                 r"|^(?:记得|别|不要|千万|打我|打个|打电话|给我(?!家)|叫我|喊我|联系|通知|告诉|发个|大概|大约|要多久|多久|几点|请)"
                                 r"|电话|消息|短信|门铃|敲门|多久|几点|怎么办|(?:[化凉冷坨洒撒碎烂软糊]|化掉|凉透)了")
GIVEN_TO_RE = lazy_compile(r"给(?![他她你]|我(?!家))(?=[^\s]{2})")
PUT_AT_RE = lazy_compile(r"(?=了|就|直接|的时候|时候|之后|以后|请|麻烦|[放搁挂](?:到|在))(?:了|就|的时候|时候|之后|以后)?(?:麻烦|请|帮我)?(?:直接)?"
                         r"[放搁挂](?:到|在)?(?!心)")
PLACE_FOR_RE = lazy_compile(r"给(办公室|公司|宿舍|前台|家里|会议室|教室|实验室|工作室|店里)")


def address(piece: Piece) -> str | None:
    """Return the delivery address as said (送到公司 -> 公司)."""
    return address_and_arrival(piece)[0]


def address_and_arrival(piece: Piece) -> tuple[str | None, list[tuple[int, int]]]:
    """The delivery address as said, and the spans of what is said to happen on arrival (送到的时候都凉了)."""
    arrival: list[tuple[int, int]] = []
    masked = piece.masked(keep_mentions=True)
    found = list(ADDRESS_RE.finditer(masked))
    named = [m for m in found if m.group(4) and masked[m.start():m.start() + 2] == "地址"]
    for m in named + found:  # 送到公司 地址是科苑路5号: the address named as such is the one
        group = next(g for g in (1, 2, 3, 4) if m.group(g))
        start, end = m.start(group), m.end(group)
        said = piece.text[start:end]
        said = said if said.endswith(BAR_PLACES) else said.rstrip("吧哈呗啊呀了的")
        said = said[:-1] if said.endswith("那") and len(said) > 2 else said  # 送到食堂门口那
        said = said[1:] if GIVEN_TO_RE.match(said) else said  # 送到给前台: 给 names no place
        put = PUT_AT_RE.match(said)
        if put is not None and len(said) >= put.end() + 2:
            said = said[put.end():]  # 送到就放前台: where it is put is the address
        elif ARRIVAL_CLAUSE_RE.search(piece.text[start:end]):
            piece.take(start - 2, end)
            arrival.append((start, end))  # its words name no product either (送到的话冰淇淋都化了)
            continue
        if said and MASK not in masked[start:start + len(said)]:
            piece.take(m.start() if group in (3, 4) else start - 2, end)
            return said, arrival
    m2 = PLACE_FOR_RE.search(masked)
    if m2:
        piece.take(m2.start(), m2.end())
        return m2.group(1), arrival
    at = AT_RE.search(masked)
    here = HERE_RE.search(masked) is not None or (at is not None and PLACE_END_RE.search(at.group(1)) is not None)
    if at is not None and here and MASK not in at.group(1):
        piece.take(at.start(), at.end())
        return at.group(1), arrival
    return None, arrival
