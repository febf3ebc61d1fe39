"""Slots of trips: train and flight routes, hotel stays, sights, taxi rides."""

from __future__ import annotations

import re
from typing import Any

from bangwo.understanding import cues, options
from bangwo.understanding import lexicon_world as world
from bangwo.understanding.lazyregex import lazy_compile
from bangwo.understanding.numerals import NUM, parse_int
from bangwo.understanding.pieces import MASK, Piece, max_price, mixed_people, people_count

TO_BEFORE = ("去", "到", "飞", "回", "往", "至", "抵", "→", "-", "~", "—", "飞往", "前往", "降落", "落地", "落在", "落")
FROM_BEFORE = ("从", "由")
# 我在广州, 人在杭州: where the traveller is now is where the trip starts.
WHERE_I_AM_RE = lazy_compile(r"(?:我|我们|人|现在|目前|已经)(?:现在|目前|人)?在\s*$")
# A link to a further place said after a place (温州|到瑞昌, 上海|飞建阳), not an arrival (到了, 到站, 到达).
LINK_AFTER_RE = lazy_compile(r"\s*(?:到|飞往|飞|至|→|~|—|-)\s*(?![了达站点时家过])[\u4e00-\u9fff]")
_LINKS = frozenset({"到", "飞", "至", "→", "-", "~", "—", "飞往"})
SIDE_STATION_RE = lazy_compile(r"([东西南北])(?:火车站|高铁站|站)?(?![边部面方郊区门路街城侧口京海宁昌山])")
TRAIN_NO_RE = lazy_compile(r"(?<![A-Za-z])(?<!机场)([GDKZTCgdkztc])(\d{1,4})(?!\d|\s*(?:航站|号航|楼))")
TICKETS_RE = lazy_compile(rf"({NUM})\s*(?:张|个人|人|位|个大人|名|个(?:[^\s，,。张个人]{{0,4}}?)(?:位置|座位|位子)|个(?={MASK}{{3,}}(?:$|[\s，,。])))|([一两俩仨三四五六七八九十])(?:个)?(?=人)"
                        r"|(?<=[，,\s])([两三四五六七八九十])个(?=$|[，,。\s])"
                        rf"|(?:一共|总共|共)\s*({NUM})\s*(?:个|位)?(?=人|$|[，,。\s])"
                        r"|(?:买|要|订|来)(俩|仨)|^(俩|仨)$|(单)张")
# A kind of train named by its letter (G开头的车次, D打头, 郑州的G车) or a sleeper of the D trains (动卧).
TYPE_LETTER_RE = lazy_compile(r"(?<![A-Za-z0-9])([GDKZTgdkzt])\s*(?:字头|开头|打头|车次|列车|车(?!厢)|次)|动卧|(?P<g>高贴|搞铁|高跌|稿铁|高切)")
TYPED_TICKETS_RE = lazy_compile(rf"({NUM})\s*张\s*(?:成人|大人|儿童|小孩|孩子|学生|老人)票?|(?:成人|大人|儿童|小孩|学生|老人)票?\s*({NUM})\s*张")
ELIDED_TICKET_RE = lazy_compile(rf"(?:订|定|买|抢|来|要|购)\s*(?:张|个(?=[\u4e00-\u9fff{MASK}]{{0,3}}票))")
# 一晚500, 一晚五百左右, 一晚多少钱: a price per night, not a number of nights.
PER_NIGHT = r"(?!\d|[一二两三四五六七八九十]*[百千]|[一二两三四五六七八九十]+(?:块|元)|\s*(?:多少|不超过|别超过|最多|预算|价格|大概|左右))"
PRICE_AFTER_RE = lazy_compile(r"\s*(?:大概|大约|差不多|一般|平均|通常|要|需要|得)*\s*(?:多少|几[块百千]|什么价|啥价)")
NIGHTS_RE = lazy_compile(rf"(?:住|订|定|开)?\s*(?<![周期拜0-9百千块元初十月号日])({NUM})\s*(?:晚(?!上|饭|餐|场){PER_NIGHT}|个?晚上{PER_NIGHT}|夜)|住\s*({NUM})\s*天|(?:住|待|呆)(?:个|上)?\s*({NUM})\s*(?:宿|天(?![后前]))|住\s*({NUM})?\s*个?(?:礼拜|星期|周)"
                       rf"|(?:去|在|到)(?:(?![玩逛游转])[\u4e00-\u9fff]){{2,4}}?({NUM})天(?!后|以后|之后)")  # 在北京玩两天: days out, no nights
GENERIC_PLACE_RE = lazy_compile(r"(?:火车|高铁|汽车|客运)?[东西南北]?站$|机场$|^(?:古城|古镇|老城|新城|新区|老街|大学|广场|"
                              r"公园|市区|市中心|城区|南站|北站|东站|西站)$")
WEEK_RE = lazy_compile(r"礼拜|星期|周")
ELIDED_ROOM_RE = lazy_compile(r"(?:订|定|开|要)\s*(?:个|间)房|(?:订|定|开|要)\s*间(?![隔断])")
# 两间, 两个大床房, 三个标间: rooms counted by 间 or by their kind.
ROOMS_RE = lazy_compile(rf"({NUM})\s*间(?:房)?|({NUM})\s*个?\s*(?:大床房|双床房|标间|标准间|套房|单人间|双人间|家庭房|房间|亲子房|房(?![费价租卡号东源车]))"
                        rf"|(?:房间?|大床房|双床房|标间|标准间|套房|单人间|双人间|家庭房|亲子房)\s*(?:要|订|定|开|需要)?\s*({NUM})\s*(?:个|间)"
                        r"(?![人晚天小钟])")  # 房间要两个, 大床房两个
DAYS_NIGHTS_RE = lazy_compile(rf"(?:住|待|呆|玩)?\s*({NUM})\s*天\s*({NUM})\s*(?:晚|夜)")
ROOM_KINDS_RE = lazy_compile(rf"({NUM})\s*[间个]\s*(?:大床房|大床|双床房|双床|标间|标准间|套房|单人间|双人间|家庭房)")
STAR_RE = lazy_compile(r"([三四五3-5])星(?:级)?")
NEAR_RE = lazy_compile(r"([^\s，,。的在去到住订找个间家离]{2,12}?)(?:这个景[点区])?(?:的(?=周边|周围|附近))?(?:边上|附近|旁边|那边|周边|周围|边|跟前|一带)"
                     r"|离([^\s，,。的]{2,12}?)(?:很近|比较近|近|不远)"
                     r"|(?:靠近|挨着|紧挨|临近|邻近)([^\s，,。的]{2,12}?)(?=$|[\s，,。的一点些]|地铁|那)")
NEAR_LEAD_RE = lazy_compile(r"^(?:顺便|然后|再|也|还)?(?:帮我|给我|替我|麻烦你?|请你?|我想|想)?(?:看|查|找|搜|问|订|定)(?:一下|下|看|查|找|搜|问)?")
PERSONAL_PLACES = frozenset({"公司", "家", "我家", "单位", "学校", "这", "这里", "这儿", "我这", "我们公司"})
# A street, gate or quarter named after a sight, said right after it (垦丁大街, 故宫东门, 鼓浪屿码头).
SIGHT_PLACE_TAIL_RE = lazy_compile(r"(?:大街|老街|步行街|商业街|路|街|广场|夜市|商圈|码头|[东西南北]门|[东西南北]路)(?=附近|旁边|边|周边|那边|一带|$|[\s，,。的])"
                                   r"|新?区(?![域别间])")  # 西湖|区: the district named after the sight
LONGER_NEAR_RE = lazy_compile(r"((?:(?![那这的])[\u4e00-\u9fffA-Za-z0-9]){1,6}?)(?=(?:这个景[点区])?的?(?:附近|旁边|周边|周围|那边|边上|一带|跟前))")
# A place read before 周边 that only points back at the sight said (这个景点周边, 它附近, 能帮我查一下景点周边).
POINTED_NEAR_RE = lazy_compile(r"景点$|景区$|^那?它$|[?？吗呢]")
NOT_OWN_NEAR_RE = lazy_compile(r"[的个家找订定住要想去到在看查哪些]|附近|周边|旁边")
GONE_PLACE_RE = lazy_compile(r"去([\u4e00-\u9fff·]{2,10}?)(?=看看|玩|逛|转转|吧|[，,]|好?了[，,])")
# The words of a kind of sight's own name said before it (中国航空|博物馆附近, 红砖|美术馆周边).
OWN_RUN_RE = lazy_compile(r"[\u4e00-\u9fff]{1,8}$")
DISTRICT_AFTER_RE = lazy_compile(r"[区县路街]")
HOTEL_NOUN_RE = lazy_compile(r"\s*(?:酒店|饭店|宾馆|大酒店)")
CHECKOUT_WORDS = ("退房", "离店", "走")


_ENDPOINTS = "|".join(sorted({*world.ENDPOINT_CITIES.split(), *world.PROVINCES.split()}, key=len, reverse=True))
# 到来宾, 从白银, 飞海南, 东方到海口: a town named by a common word, or a province, is a place only where a trip
# starts or ends; 福建建阳, 河南长葛的火车: a province said before a town names the town (known or not).
ENDPOINT_RE = lazy_compile(rf"(?:(?<=[从由到去飞回往至→~—-])|(?<=飞往|前往|出发|老家))(?:{_ENDPOINTS})(?:省|市)?"
                           rf"|(?:{_ENDPOINTS})(?:省|市)?(?=\s*(?:到|飞|至|→|-|~|—|去|出发))")
# What one does in a province (去新疆旅游, 回湖南老家): no town said after it.
_NOT_TOWN = "旅游|旅行|出差|度假|探亲|过年|回家|老家|那边|这边|那里|这里|方向|境内|地区|全省|各地|本地|当地|一趟|一下|转转|逛逛|工作|上学|读书|打工|办事|开会|自驾"
PROVINCE_TOWN_RE = lazy_compile(rf"(?:{'|'.join(world.PROVINCES.split())})省?(?![的到飞去至往回出玩看]|火车|高铁|动车|列车|机票|航班|飞机|汽车|大巴|机场|车票|{_NOT_TOWN})([\u4e00-\u9fff]{{2,3}}?)[市县]?"
                                r"(?=的|[东西南北]?站|出发|到|飞|去|至|火车|高铁|动车|列车|机票|航班|飞机|汽车|大巴|$|[\s，,。])")


def _endpoint_places(piece: Piece, found: list[tuple[int, int, str, str | None, str]]) -> list[tuple[int, int, str, str | None, str]]:
    """Towns and provinces the lexicon leaves out, said where a trip starts or ends (see ENDPOINT_RE)."""
    added: list[tuple[int, int, str, str | None, str]] = []
    provinces = world.PROVINCES.split()
    for m in ENDPOINT_RE.finditer(piece.text):
        start, end, name = m.start(), m.end(), m.group(0).removesuffix("省").removesuffix("市")
        if name in provinces:
            if any(s == end for s, *_ in found):
                continue  # 到福建龙岩: the city said after its province is the end
            town = PROVINCE_TOWN_RE.match(piece.text, start)
            if town is not None:  # 到福建建阳: the town, not its province
                start, end, name = town.start(1), town.end(1), town.group(1)
        if any(s < end and start < e for s, e, *_ in found + added) or not piece.free(start, end):
            continue
        added.append((start, end, name, None, "city"))
    return added


def _places(piece: Piece, domain: str) -> list[tuple[int, int, str, str | None, str]]:
    """Return (start, end, city, station or airport name, kind) in text order."""
    found = []
    kinds = ("airport", "station", "city") if domain == "flight" else ("station", "airport", "city")
    for mention in piece.mentions:
        for kind in kinds:
            entry = mention.get(kind)
            if entry is not None and entry.city:
                found.append((mention.start, mention.end, entry.city,
                              entry.value if kind != "city" else None, kind))
                break
    found = sorted(found + _endpoint_places(piece, found))
    if domain == "train":  # 黄山北, 苏州北站: a station the lexicon lacks, named by its city and a side
        for i, (start, end, city, _name, kind) in enumerate(found):
            side = SIDE_STATION_RE.match(piece.text, end)
            if kind == "city" and side is not None:
                found[i] = (start, side.end(), city, city + side.group(1), "station")
    if domain == "flight":
        found = _airports_of_flight(piece, _terminal_airports(piece, found))
    merged: list[tuple[int, int, str, str | None, str]] = []
    for place in found:  # 重庆江北, 北京大兴: a city said before its own airport or station is one place
        last = merged[-1] if merged else None
        if last is not None and last[4] == "city" and place[4] != "city" and last[1] == place[0] and last[2] == place[2]:
            merged[-1] = (last[0], place[1], place[2], place[3], place[4])
        else:
            merged.append(place)
    return merged


# 直飞, 不中转, 不要转机的, 直达的飞机, 没有经停: a flight without a stop.
DIRECT_RE = lazy_compile(r"直飞|直达的?(?:航班|飞机|机票|班机)|(?:不|不要|不用|无需|无|没有|别|不想)(?:中转|转机|经停)")


def _airport_named(piece: Piece, short: str, city: str) -> str | None:
    """The airport of ``city`` people call ``short`` (虹桥, 咸阳), or None."""
    if piece.lexicon is None:
        return None
    return next((e.value for e in piece.lexicon.lookup(short + "机场") if e.kind == "airport" and e.city == city), None)


# 首都T3, 咸阳T2: a terminal after a short name makes it the airport's name (首都 alone is a common word).
TERMINAL_SHORT_RE = lazy_compile(r"([\u4e00-\u9fff]{2})\s*[Tt][1-5](?![0-9])")


def _terminal_airports(piece: Piece, found: list[tuple[int, int, str, str | None, str]]) -> list[tuple[int, int, str, str | None, str]]:
    """首都T3飞广州: the airport named by its short name and a terminal, replacing a city said with the same word."""
    for m in TERMINAL_SHORT_RE.finditer(piece.text):
        start, end = m.span(1)
        if piece.lexicon is None or any(kind == "airport" and s <= start < e for s, e, _c, _n, kind in found):
            continue
        airports = {(e.city, e.value) for e in piece.lexicon.lookup(m.group(1) + "机场") if e.kind == "airport" and e.city}
        if len(airports) != 1:
            continue
        city, name = airports.pop()
        found = sorted([p for p in found if not (p[0] < end and start < p[1])] + [(start, end, city, name, "airport")])
    return found


def _airports_of_flight(piece: Piece, found: list[tuple[int, int, str, str | None, str]]) -> list[tuple[int, int, str, str | None, str]]:
    """上海虹桥, 西安咸阳 on a flight: the airport named after a station or a nearby city, said after its city."""
    places: list[tuple[int, int, str, str | None, str]] = []
    for start, end, city, name, kind in found:
        last = places[-1] if places else None
        if kind == "station" and name and (airport := _airport_named(piece, name.removeprefix(city), city)):
            places.append((start, end, city, airport, "airport"))  # 飞上海虹桥: the airport, not the railway station
        elif (kind == "city" and last is not None and last[4] == "city" and last[1] == start
              and (airport := _airport_named(piece, piece.text[start:end], last[2]))):
            places[-1] = (last[0], end, last[2], airport, "airport")  # 西安|咸阳: 西安's airport, not the city 咸阳
        elif kind == "city" and (airport := _airport_named(piece, piece.text[end:end + 2], city)) and piece.free(end, end + 2):
            places.append((start, end + 2, city, airport, "airport"))  # 北京|首都: a short name too common to stand alone
        else:
            places.append((start, end, city, name, kind))
    return places


def route(piece: Piece, domain: str) -> dict[str, Any]:
    """Return from_city / to_city (with station or airport names) said in a piece."""
    slots: dict[str, Any] = {}
    found = _places(piece, domain)
    suffix = {"station": "station", "airport": "airport"}
    roles: list[str | None] = []
    for start, end, _city, _name, _kind in found:
        before = piece.text[max(0, start - 2):start].strip()
        after = piece.text[end:end + 3]
        if before.endswith(FROM_BEFORE) or after.startswith("出发") or WHERE_I_AM_RE.search(piece.text, 0, start):
            roles.append("from")
        elif before.endswith(TO_BEFORE) or after.startswith(("的机票", "的高铁", "的火车")):
            roles.append("to")
        elif LINK_AFTER_RE.match(piece.text, end):
            roles.append("from")  # 温州到瑞昌: the place before 到 is where the trip starts, the end known or not
        else:
            roles.append(None)
    for i in range(len(found) - 1):  # 直飞 成都到三亚: the place before 到 is where the trip starts
        gap = piece.text[found[i][1]:found[i + 1][0]].strip()
        if roles[i] == roles[i + 1] == "to" and gap in _LINKS and "from" not in roles and found[i][2] != found[i + 1][2]:
            roles[i] = "from"
    for i, (_s, _e, city, _name, _kind) in enumerate(found):  # 回北京…降落大兴机场: the same city is the same end
        if roles[i] is None:
            roles[i] = next((r for (_s2, _e2, c, _n, _k), r in zip(found, roles, strict=True) if r and c == city), None)
    if len(found) >= 2 and roles[0] is None:
        roles[0] = "from" if roles[1] != "from" else "to"
    for i, role in enumerate(roles):
        if role is None:
            roles[i] = "to" if "to" not in roles else ("from" if "from" not in roles else None)
    for (start, end, city, name, kind), role in zip(found, roles, strict=False):
        wanted = (domain == "train" and kind == "station") or (domain == "flight" and kind == "airport")
        if role is not None and slots.get(f"{role}_city") == city and name and wanted and f"{role}_{suffix[kind]}" not in slots:
            slots[f"{role}_{suffix[kind]}"] = name  # 去成都…落地天府机场: the airport of the city said before
            piece.take(start, end)
            continue
        if role is None or f"{role}_city" in slots:
            continue
        slots[f"{role}_city"] = city
        if name and wanted:
            slots[f"{role}_{suffix[kind]}"] = name
        piece.take(start, end)
    return slots


def tickets(piece: Piece) -> int | None:
    """Return the count of tickets or people said (两张, 俩人, 我和我老婆)."""
    mixed = mixed_people(piece)  # 两大一小: every one of them travels
    if mixed:
        return mixed
    masked = piece.counting()
    typed = list(TYPED_TICKETS_RE.finditer(masked))
    if len(typed) >= 2:  # 一张成人一张儿童: tickets of each kind, all of them travel
        total = sum(parse_int(kind.group(1) or kind.group(2)) or 0 for kind in typed)
        for kind in typed:
            piece.take(kind.start(), kind.end())
        return total or None
    m = TICKETS_RE.search(masked)
    if m:
        said = next(g for g in m.groups() if g)
        value = 1 if said == "单" else parse_int(said)
        if value:
            piece.take(m.start(), m.end())
            return value
    people = people_count(piece)
    if people:
        return people
    if ELIDED_TICKET_RE.search(masked):
        return 1
    return None


def trip_slots(piece: Piece, domain: str) -> dict[str, Any]:
    """Slots of a train or flight task (dates and times are added by the caller)."""
    slots = route(piece, domain)
    if domain == "train":
        number = TRAIN_NO_RE.search(piece.text)
        if number:
            slots["train_no"] = number.group(1).upper() + number.group(2)
            slots["train_type"] = number.group(1).upper()
            piece.take(number.start(), number.end())
        for name, table in (("seat_class", options.SEAT_CLASS), ("train_type", options.TRAIN_TYPE)):
            value = options.find_option(piece, table)
            if value and name not in slots:
                slots[name] = value
        lettered = TYPE_LETTER_RE.search(piece.masked(keep_mentions=True))
        if lettered is not None and "train_type" not in slots:  # G开头的, 去郑州的G车, 动卧
            slots["train_type"] = "G" if lettered.group("g") else (lettered.group(1) or "D").upper()  # 高贴: 高铁 mistyped
            piece.take(lettered.start(), lettered.end())
    else:
        flight_no = cues.FLIGHT_NO_RE.search(piece.text)
        if flight_no is not None:  # MU5101: an added slot, the number as written without spaces
            slots["flight_no"] = flight_no.group(1).upper().replace(" ", "")
            piece.take(flight_no.start(), flight_no.end())
        cabin = options.find_option(piece, options.CABIN)
        if cabin:
            slots["cabin"] = cabin
        if DIRECT_RE.search(piece.text):
            slots["direct"] = True
    sort = _wanted(piece, options.SORT, asked=True)
    if sort:
        slots["sort"] = sort
    if re.search(r"往返|来回", piece.text):
        slots["round_trip"] = True
    budget = max_price(piece)
    if budget is not None:
        slots["max_price"] = budget
    count = tickets(piece)
    if count:
        slots["passengers"] = count
    return slots


def hotel_slots(piece: Piece) -> dict[str, Any]:
    """Slots of a hotel stay except dates: city, near, nights, rooms, guests, star, brand, price."""
    slots: dict[str, Any] = {}
    counted = piece.counting()
    both = DAYS_NIGHTS_RE.search(counted)
    if both is not None and parse_int(both.group(2)):  # 三天两晚: the nights said, not the days
        slots["nights"] = parse_int(both.group(2))
        piece.take(both.start(), both.end())
    rooms = sum(parse_int(m.group(1)) or 0 for m in ROOM_KINDS_RE.finditer(counted))
    if len(ROOM_KINDS_RE.findall(counted)) >= 2 and rooms:  # 一间大床一间标间: the rooms of every kind
        slots["rooms"] = rooms
    for key, pattern in (("nights", NIGHTS_RE), ("rooms", ROOMS_RE)):
        if key in slots:
            continue
        m = pattern.search(piece.counting())
        if m and key == "nights" and PRICE_AFTER_RE.match(piece.text, m.end()):
            m = None  # 一晚上大概多少钱: the price of a night asked (its words may be taken by the question)
        if m:
            value = parse_int(next((g for g in m.groups() if g), "一"))
            if value:
                slots[key] = value * (7 if WEEK_RE.search(m.group(0)) else 1)
                kind_said = key == "rooms" and m.group(2) is not None  # 两个大床房: the room kind stays to be read
                kind_first = key == "rooms" and m.group(3) is not None  # 大床房|两个: likewise
                piece.take(m.start(3) if kind_first else m.start(), m.end(2) if kind_said else m.end())
    if "rooms" not in slots and ELIDED_ROOM_RE.search(piece.text):
        slots["rooms"] = 1
    cities = [(m, e) for m, e in piece.entries("city")]
    if len(cities) > 1 or (cities and HOTEL_NOUN_RE.match(piece.text, cities[0][0].end)):
        cities = [c for c in cities if c[0].get("hotel_brand") is None] or cities  # 香格里拉酒店 北京
    near = _near(piece)
    if cities:
        slots["city"] = cities[0][1].value
    if near:
        prefix = piece.city_prefix(near)
        if prefix and "city" not in slots:
            slots["city"] = prefix
        rest = near.removeprefix(prefix) if prefix else near
        own = slots.get("city", prefix) == prefix
        whole = any(m.kinds() & {"sight", "landmark"} and len(m.surface) > len(prefix or "") and near.startswith(m.surface)
                    and m.surface.startswith(prefix or "\0") and m.surface != near for m in piece.mentions)
        if prefix and own and not whole and not near.endswith(("站", "机场")) and ((re.fullmatch(r"[\u4e00-\u9fff]{2,}", rest) and not GENERIC_PLACE_RE.search(rest))
                       or (piece.lexicon is not None and piece.lexicon.lookup(rest))):
            near = rest  # 台中逢甲夜市 -> 逢甲夜市, 西安钟楼 -> 钟楼; 广州塔, 大理古城 stay whole
        slots["near"] = near
    star = STAR_RE.search(piece.text)
    if star:
        slots["star"] = parse_int(star.group(1))
    brands = [(m, e) for m, e in piece.entries("hotel_brand")
              if not DISTRICT_AFTER_RE.match(piece.text, m.end)  # 锦江区 is a district, not the 锦江 hotels
              and not (e.value == "7天" and not m.surface.endswith("酒店")
                      and piece.text[m.end:m.end + 2] not in ("酒店", "连锁"))]
    if brands:
        slots["brand"] = brands[0][1].value
    room_type = options.find_option(piece, options.ROOM_TYPE)
    if room_type:
        slots["room_type"] = room_type
    budget = max_price(piece)
    if budget is not None:
        slots["max_price"] = budget
    guests = people_count(piece)
    if guests:
        slots["guests"] = guests
    return slots


def _near(piece: Piece) -> str | None:
    for kind in ("landmark", "station", "airport", "sight"):
        found = piece.entries(kind)
        if found:
            mention, entry = found[0]
            said = mention.surface if kind in ("station", "airport") else entry.value
            city = next((m for m in piece.mentions if m.end == mention.start and m.get("city")), None)
            if city is not None and kind in ("station", "airport"):
                said = city.surface + said  # 上海虹桥站旁边: the station's name as said, its city with it
            tail = SIGHT_PLACE_TAIL_RE.match(piece.text, mention.end) if kind in ("landmark", "sight") else None
            longer = LONGER_NEAR_RE.match(piece.text, mention.end) if kind in ("landmark", "sight") else None
            if longer is not None and said == mention.surface and not any(
                    o.kinds() - {"landmark", "sight"} and o.start < longer.end(1) and mention.end < o.end
                    for o in piece.mentions):
                said += longer.group(1)  # 湖滨|银泰附近, 南山|科技园旁边: a place named after the area it is in
            elif tail is not None and said == mention.surface:
                said += tail.group(0)  # 垦丁|大街, 故宫|东门: a street or gate named after the sight
            if said == mention.surface and entry.value in world.GENERIC_SIGHTS and (
                    own := OWN_RUN_RE.search(piece.text, 0, mention.start)) is not None:
                lead = cues.lead_trimmed(own.group(0), shortest=1)
                if not (lead == own.group(0) and cues.LEAD_JUNK_RE.match(lead)) and not NOT_OWN_NEAR_RE.search(lead):
                    said = lead + said
            return said
    chars = list(piece.masked(keep_mentions=True))
    for start, end in piece.scan.spans():  # 后天台中逢甲夜市附近: the day said is no part of the place
        chars[start:end] = " " * (end - start)
    m = NEAR_RE.search("".join(chars).replace(MASK, " "))
    near: str | None = (m.group(1) or m.group(2) or m.group(3)) if m else None
    if near is None:
        area = _area_of_city(piece) or _area_of_stay(piece) or _stayed_at(piece)
        if area is not None:
            return area
    if near is not None and (lead := NEAR_LEAD_RE.sub("", near)) != near:
        near = lead if len(lead) >= 2 else None  # 帮我看下|鼓楼附近; 顺便看看|那边的酒店 names no place
    if m is not None and not near and "这个景" in m.group(0):
        near = "景点"  # 帮我查一下这个景点附近: the sight pointed at, read below
    if near is not None and near not in PERSONAL_PLACES:
        near = cues.lead_trimmed(near)  # 那|沙峪口村的附近, 你知道|…周边: the words before the place
    if near is not None and POINTED_NEAR_RE.search(near):  # 想去张坊古战道，这个景点周边有什么酒店: the sight said
        pointed = near
        near = next((cues.lead_trimmed(name, shortest=3) for _, _, name in cues.open_sight_ends(piece)), None)
        park = cues.OPEN_SIGHT_RE.search(piece.text) if near is None else None
        if park is not None and not NOT_OWN_NEAR_RE.search(lead := cues.lead_trimmed(park.group(0), shortest=3)):
            near = lead  # 绿岛乐园还真没去过…那它周边有酒店吗: the park said before
        gone = GONE_PLACE_RE.search(piece.text) if near is None else None
        if gone is not None and not NOT_OWN_NEAR_RE.search(gone.group(1)) and not POINTED_NEAR_RE.search(gone.group(1)):
            near = gone.group(1)  # 想去张坊古战道看看，这个景点周边…: where one goes is the sight pointed at
        if near is None and pointed.endswith(("景点", "景区")):
            near = pointed[-2:]  # 那个景点附近: no sight said, the kind of place stays
    return None if near in PERSONAL_PLACES else near  # 离公司近点就行: one's own places are no landmark


# 三亚海棠湾的酒店, 杭州滨江的民宿: an area said right after its city, before the kind of stay.
AREA_RE = lazy_compile(r"([\u4e00-\u9fff]{2,5}?)的?(?:温泉|海景|江景|湖景|山景|亲子|精品|特色|度假|情侣|电竞)?(?:酒店|宾馆|民宿|饭店|旅馆|客栈|公寓)"
                      r"|([\u4e00-\u9fff]{1,4}(?:区|镇|乡|街道))(?=[，,。\s]|$)")
NUMBERED_ROAD_RE = lazy_compile(r"((?:[一二三四五六七八九十]{1,3}|\d{1,3})[\u4e00-\u9fff]?(?:路|大道|大街|街|广场))(?=的|附近|旁边|周边|那边|边|一带|$|[\s，,。])")
AREA_ALONE_RE = lazy_compile(rf"\s+([\u4e00-\u9fff]{{2,5}})(?=\s|$|{MASK})")
NOT_AREA_RE = lazy_compile(r"[一两二三四五六七八九十几星级型便宜好贵近住订找要想个家间晚天号的市]|经济|舒适|豪华|高档|情侣|连锁|商务|快捷|度假")


# 礁溪的温泉饭店, 北投的温泉酒店: a place said before 的 and a kind of stay known for where it is (no city said).
STAY_AREA_RE = lazy_compile(r"(?:订|定|找|住|要|开)(?:一间|一家|一个|间|家|个)?([\u4e00-\u9fff]{2,4})的(?:温泉|海景|湖景|江景|山景|海边)"
                            r"(?:酒店|宾馆|民宿|饭店|旅馆|客栈|度假村)")
NOT_STAY_AREA_RE = lazy_compile(r"好|便宜|贵|安静|干净|舒服|靠谱|不错|漂亮|实惠|划算|高档|有名|网红|新|大|小|带|能|可以|有|适合|私汤|泡")


def _area_of_stay(piece: Piece) -> str | None:
    m = STAY_AREA_RE.search(piece.text)
    if m is None or NOT_AREA_RE.search(m.group(1)) or NOT_STAY_AREA_RE.search(m.group(1)) or not piece.free(m.start(1), m.end(1)):
        return None
    return m.group(1)


# 在莫干山住两晚, 想在鼓浪屿上住一晚: the place one stays at, said before 住 (a city said there is the city).
STAYED_AT_RE = lazy_compile(r"在([\u4e00-\u9fff]{2,6}?)(?:上|里面|里|那边|那儿|这边)?(?=住|过夜|待|呆)")
# Where one stays said by its kind or relative to oneself (在酒店住, 在外面住, 在当地住): no landmark.
STAYED_NOT_RE = lazy_compile(r"酒店|宾馆|民宿|饭店|旅馆|客栈|公寓|房|外面|外地|当地|本地|附近|周边|城里|乡下|景区|景点|朋友|亲戚|家|"
                             r"[我你他她它这那哪]|一起|一块|一晚|晚上")


def _stayed_at(piece: Piece) -> str | None:
    m = STAYED_AT_RE.search(piece.text)
    if m is None or MASK in piece.masked()[m.start(1):m.end(1)] or NOT_AREA_RE.search(m.group(1)) or m.group(1) in PERSONAL_PLACES or POINTED_NEAR_RE.search(m.group(1)) or STAYED_NOT_RE.search(m.group(1)):
        return None
    return m.group(1)


def _area_of_city(piece: Piece) -> str | None:
    """三亚海棠湾的酒店, 香港 尖沙咀 两晚: the area said right after the city (with 的 and the stay, or alone)."""
    masked = piece.masked()
    for mention, _entry in piece.entries("city"):
        road = NUMBERED_ROAD_RE.match(piece.text, mention.end)
        if road is not None:
            return road.group(1)  # 长沙|五一大道的亚朵, 南昌|八一广场: a road or square named by a day or a number
        alone = AREA_ALONE_RE.match(masked, mention.end)
        if alone is not None and not NOT_AREA_RE.search(alone.group(1)):
            return alone.group(1)
        m = AREA_RE.match(piece.text, mention.end)
        group = (1 if m.group(1) else 2) if m is not None else 0
        if m is not None and not NOT_AREA_RE.search(m.group(group)) and piece.free(m.start(group), m.end(group)) and not any(
                o.start < m.end(group) and m.start(group) < o.end and not (
                    "hotel_brand" in o.kinds() and DISTRICT_AFTER_RE.match(piece.text, o.end)) for o in piece.mentions):
            return m.group(group)
    return None


# 吧 ends a sentence (走吧) but is part of a place after 酒/网/书/水/氧/茶/清 (从酒吧打车, 网吧门口).
PLACE = rf"(?:[^\s，,、。！!？?吧呢了吗嘛{MASK}]|(?<=[酒网书水氧茶清])吧)"
# One's own places said as the start of a ride without 从 (家到机场, 公司去火车站); where one is picked up
# (来小区门口接我, 到酒店接我们) is the start too.
OWN_PLACES = r"家里|家|公司|学校|单位|酒店|宿舍|小区"
TAXI_WORDS = r"打车|叫车|打个车|叫个车|叫辆车|打辆车|约车|叫台车|喊个车|喊辆车|拼个车|拼车"
# A branch printed after a name (汉庭酒店(北京站店)) is part of the end.
_NAMED = rf"(?:(?![（(]){PLACE})"
# A ride called between its start and its end (从公司叫个专车回家).
_CALLED = rf"(?:(?:帮我|给我)?(?:叫|打|约|喊|乘坐|乘|坐|搭)(?:个|辆|台|部|一辆|一台|一部|一个)?(?:[\u4e00-\u9fff0-9{MASK}]{{1,5}}的)?(?:专车|快车|出租车|出租|计程车|的士|网约车|滴滴|车|的|{MASK}+)|坐)"
TAXI_FROM_RE = lazy_compile(rf"从\s*({_NAMED}{{1,18}}?{cues.BRANCH})\s*{_CALLED}?(?:送我|载我|接我)?过?(?:来到|到|去|回|出发|走|来(?![^，,。\s]*?[到去]))"
                          rf"|(?:^|(?<=[\s，,我人点分半])|(?<=现在)|(?<=目前)|(?<=已经))在\s*({_NAMED}{{1,14}}?{cues.BRANCH})\s*(?=了?(?:$|[\s，,]|{TAXI_WORDS}|叫|打|等|要去|要到|上车))"
                          rf"|从\s*({_NAMED}{{1,12}}?{cues.BRANCH})\s*(?:接我们?|出发|走|上车)?(?=[，,。\s]|$)"
                          rf"|(?:^|(?<=[\s，,]))(?!我|在|从)({_NAMED}{{2,12}}?{cues.BRANCH})\s*上车(?=$|[\s，,]|到|去)"
                          rf"|(?:起点|出发地|上车(?:地)?点)(?:是|在|为|:|：)?\s*({PLACE}{{1,12}}?)\s*(?=$|[\s，,]|终点|目的地|下车|到|去)"
                          rf"|(?:^|(?<=[\s，,]))({OWN_PLACES})(?=到|去)"
                          rf"|(?:到|来|去)\s*({PLACE}{{1,12}}?)\s*(?:来)?接(?=我们|我(?![老爸妈家朋同女儿媳公婆姐哥弟妹的]))"
                          rf"|(?:^|(?<=[\s，,]))((?:(?![从在我])(?<![去到])(?<!去[\s，,])(?<!到[\s，,]){_NAMED}){{2,12}}?)(?=到(?!了|时|点|站)|去(?!了|时))")
TAXI_TO_RE = lazy_compile(rf"(?:送我去|送我到|目的地(?:是|为|:|：)?|(?:去|到)的地方(?:是|在|为)|终点(?:是|:|：)?|下车(?:地)?点(?:是|在|为|:|：)?|(?:去|到|回|往)(?:一下|一趟)?)(?!了)\s*((?!{TAXI_WORDS}|[去到回往]){_NAMED}{{1,14}}{cues.BRANCH})")
# Words said while thinking (那个, 就是, 呃): blanked before the ends of a ride are read.
FILLER_RE = lazy_compile(r"那个|这个|就是|呃+|嗯+")
TAXI_TAIL_RE = lazy_compile(rf"(?:网约车|{TAXI_WORDS}|(?:坐|搭|打)(?:计程车|出租车|的士|网约车|车)|那边|那儿|那里|一趟|看看|快点|"
                          r"(?:赶|坐|乘|搭)(?:高铁|火车|动车|飞机|航班|车|地铁|轮渡|船)|吃(?:饭|东西|火锅|午饭|晚饭)|玩|开会|上班|上学|接人|见客户|办事|"
                          r"看电影|看演出|买东西|逛街|住|看病|就诊|挂号|体检|打针|送人|面试|上课|取快递|拿东西|加班|报到|"
                          r"约会|聚餐|唱歌|健身|游泳|开房|登机|值机|下车|复查|复诊|检查|拆线|换药|输液|打点滴|开药|拿药|产检|做检查|看牙|住院|探病)+$")
# What one goes to do at the end of a ride, said after the place (接孩子, 看我妈, 休息, 逛逛).
# An errand (沃尔玛|买点东西, 山姆|囤点货, 银行|存个钱) is no part of the place either.
PURPOSE_TAIL_RE = lazy_compile(r"(?:接(?!我(?:一下)?$)|送(?!我(?:一下)?$)|看望|探望|看|休息|逛逛?|拿|取|办|见|参加|陪|赶|(?<!小)吃|喝|唱|挂|"
                             r"买(?![卖场家])|囤|采购|存(?=钱|点|个|些|一)|寄(?=个|点|些|一|两|几|快递|东西|包裹)|[收领](?=个|一|两|几|快递|包裹)|充(?=个|点|值|电)|"
                             r"缴(?=费|个|点)|剪(?=头|发|个)|理(?=发|个发)|洗(?=车|头|衣|个)|修(?=车|手机|电脑|个|一))"
                             r"[\u4e00-\u9fff0-9:：]{0,8}$")  # 火车站|赶7点的动车: the clock said of the train, not the ride
ERRAND_ONLY_RE = lazy_compile(r"(?:买|囤|采购)(?![卖场家])")
RIDE_WORD_RE = lazy_compile(rf"{TAXI_WORDS}|打的|叫个?专车|叫个?快车|约个?车|计程车|出租车")
# After a ride's end: the ride itself (…的出租车, …的网约车, …的) or its asking (…要一辆, …要个车).
RIDE_END_TAIL_RE = lazy_compile(r"(?:的(?:出租车|网约车|计程车|的士|快车|专车|顺风车|车|滴滴)?|要(?:一|两)?[辆个台部]?(?:车|出租车|快车|专车)?)"
                              r"(?:(?:帮我|给我|替我|麻烦)?(?:叫|约|打|安排|订)(?:一下|一辆|一台|一个|个|好)?)?$")  # 机场的车|帮我叫一下
PICKUP_RE = lazy_compile(r"接我|来接|等我")
# Words a ride's end never runs into: a condition (的话), the ride asked for, the car asked about, going on to do
# something there (八达岭长城|去游玩), the request (首都博物馆|帮我预约个出租车).
END_STOP_RE = lazy_compile(r"的话|(?:乘坐|乘|坐|打|搭|叫|约|预约)(?:个|辆|一辆)?(?:出租车?|的士|计程车|网约车|快车|专车)|出租车|的?车型|车牌|"
                           r"帮我|给我|麻烦|(?:过)?去(?:游玩|玩|逛|看|转|参观|$)|(?<=..)坐$")
# Places only relative to where one is (到楼下接我): no start of a ride by themselves.
RELATIVE_PLACES = frozenset({"楼下", "门口", "外面", "这", "这里", "这儿", "楼下门口", "路口"})


def _said_place(text: str) -> str:
    """A taxi place as said, without trailing ride words; 家里 is 家."""
    stop = END_STOP_RE.search(text)
    if stop is not None:  # 中国航空博物馆|的话能叫到什么车型, 北京大学|出租车的车型: the end stops before the asking
        text = text[:stop.start()] if stop.start() >= 2 else ""
    said = TAXI_TAIL_RE.sub("", re.sub(r"^(?:一下|一趟)", "", text))
    said = re.sub(r"^(?:新开的?|刚开的?)(?=..)", "", said)  # 新开的|万象天地: no part of its name
    purpose = PURPOSE_TAIL_RE.search(said)
    if purpose is not None and purpose.start() < 2:  # 理发店|剪个头发: 理 of the name is no errand
        purpose = PURPOSE_TAIL_RE.search(said, 2) or purpose
    if purpose is not None and purpose.start() >= 2:
        said = said[:purpose.start()]  # 学校|接孩子, 医院|看我妈, 酒店|休息: what is done there
    elif purpose is not None and ERRAND_ONLY_RE.match(said):
        return ""  # 打车去买菜: the errand said, no place
    said = re.sub(r"(?:就行|就好|就可以|就成|即可)?(?:[啊呀哦哈了]|(?<![酒网书水氧茶清])吧)*$", "", said) or said  # 人民广场|就行
    said = re.sub(r"(?<=..)(?:大概|大约|大致|差不多|一般|估计|最快|最少)+$", "", said)  # 南站|大概要多久: the asking's hedge
    said = re.sub(r"(?<=..)(?:这边|这儿|这里)$", "", said)  # 西湖文化广场D出口|这边; 这里 alone is the place
    if len(said) > 2:  # 去西单的出租车, 鸟巢要一辆, 到机场打车要…: the ride's words
        said = TAXI_TAIL_RE.sub("", RIDE_END_TAIL_RE.sub("", said)) or said
    if said in ("去", "到", "回", "那个", "这个"):
        return ""
    return "家" if said in ("家里", "家里面") else said


# A car word that starts the name of the place one goes to (去快车道旁边的加油站, 去舒适堡, 到七座山): no car asked for.
PLACE_STARTS_RE = lazy_compile(r"(?:去|到|回|往|至)$")
PLACE_GOES_ON_RE = lazy_compile(r"(?![的去到回了吧呢啊呀哦就])[\u4e00-\u9fffA-Za-z0-9]")


REFUSED_BEFORE_RE = lazy_compile(r"(?:不要|不用|不需要|不想|不能|别|不)(?:给我)?(?:叫|坐|打|约|派|要|选|是)?(?:个|辆|一辆)?$")


# 第一班太早了, 最早那班不要: an option said and turned down.
REFUSED_AFTER_RE = lazy_compile(r"(?:那班|那趟|那个|的)?\s*(?:太早|太晚|太贵|太慢|不要|不行|不好|算了|就算了|别)")


# 帮我大车去火车站: 大车 said for 打车 (the verb) before where one goes; a car counted or asked for (叫个大车去) stays.
SLIPPED_RIDE_RE = lazy_compile(r"大车(?=\s*(?:去|到|回|往|过去|走))")
CAR_COUNTED_RE = lazy_compile(r"(?:个|辆|台|部|要|叫|约|派|换|坐|是|开)\s*$")


# 最快要多久, 最便宜多少钱: the fastest or the lowest price asked about, no order sorted (最早的航班是几点 is one).
SORT_ASKED_RE = lazy_compile(r"\s*(?:要|需要|得|是|能)?\s*(?:多少钱|多少|几块|几点|多久|几个?小时|几个?钟头|多长时间)")


def _wanted(piece: Piece, table: dict[str, str], *, in_places: bool = False, asked: bool = False) -> str | None:
    """The value of an option asked for, taking its words; one refused (不拼车, 不要最早那班, 第一班太早了) is none,
    nor, with ``in_places``, a word that begins the name of a place gone to (去快车道旁边)."""
    hits = [(start, end, value) for start, end, value in options.find_all(piece, table)
            if not (in_places and PLACE_STARTS_RE.search(piece.text, 0, start) and PLACE_GOES_ON_RE.match(piece.text, end))
            and not (in_places and SLIPPED_RIDE_RE.match(piece.text, start) and not CAR_COUNTED_RE.search(piece.text, 0, start))]
    for start, end, _ in hits:
        piece.take(start, end)
    hits = [h for h in hits if not REFUSED_BEFORE_RE.search(piece.text, 0, h[0]) and not REFUSED_AFTER_RE.match(piece.text, h[1])
            and not (asked and SORT_ASKED_RE.match(piece.text, h[1]))]
    values = {value for _, _, value in hits}
    if len(values) > 1 and options.corrected(piece.text, hits[-2][1], hits[-1][0]):
        values = {hits[-1][2]}  # 快车 不对 专车: the value said last replaces the one it corrects
    return values.pop() if len(values) == 1 else None


# Words a clause starts with that are no place (一会儿去机场, 下班到家, 我要去…).
NOT_BARE_START_RE = lazy_compile(r"^(?:一会|等|待会|马上|立刻|现在|下班|放学|然后|再|还|先|顺便|准备|打算|需要|想|要|得|就|我|你|他|她|咱|"
                                 r"帮|给|请|麻烦|叫|打|约|去|到|回|送|在|从|赶紧|快|直接|今|明|后|大后|周|星期|礼拜|嗯|呃|那|这|出|开车|坐|"
                                 r"一家|全家|大家|一起|我们|咱们|老婆|老公|孩子|小孩|朋友|同事|爸|妈|儿子|女儿|家人|客户|领导)")


_PLACE_KINDS = frozenset({"landmark", "sight", "station", "airport", "city", "hotel_brand"})
# The last words of a place's name (人民公园, 酒吧街, 望京SOHO, 信义区, 101大楼, KTV).
PLACE_END_RE = lazy_compile(r"(?:店|场|站|院|馆|园|区|楼|厦|城|中心|大学|学校|公司|单位|小区|门|口|路|街|村|寺|塔|桥|湖|港|坊|屯|家|吧|"
                            r"厅|所|局|府|宫|庙|山|苑|庭|湾|滩|岛|宿舍|[A-Za-z0-9])$")
NOT_BARE_WORD_RE = lazy_compile(r"以后|之后|[钟时]后|钟头|分钟|小时|一下|待会|一会|然后|的话|想|要|打算|准备|有没有|什么|怎么|办法|能不能|可以|"
                                r"车|出租|的士|滴滴|(?i:taxi|uber|didi|cab)")


def _bare_start(piece: Piece, start: int, end: int) -> bool:
    """国贸到三里屯, KTV到家: a place said first in its clause, right before 到/去, is where the ride starts when the
    ride's end follows and no time or date is in it."""
    said = piece.text[start:end]
    if NOT_BARE_START_RE.match(said) or NOT_BARE_WORD_RE.search(said) or RIDE_WORD_RE.search(said) or any(
            s < end and start < e for s, e in piece.scan.spans()):
        return False
    known = any(m.kinds() & _PLACE_KINDS and start <= m.start and m.end <= end for m in piece.mentions)
    if not known and not PLACE_END_RE.search(said):
        return False  # 会议结束|去机场, 东西送|到家: no place said first
    to = TAXI_TO_RE.match(piece.masked(keep_mentions=True), end)
    said_end = _said_place(piece.text[to.start(1):to.end(1)]) if to is not None else ""
    return bool(said_end) and not NOT_BARE_WORD_RE.search(said_end)


def taxi_slots(piece: Piece) -> dict[str, Any]:
    """Slots of a ride: to, from (as said), car type."""
    slots: dict[str, Any] = {}
    car = _wanted(piece, options.CAR_TYPE, in_places=True)
    if car:
        slots["car_type"] = car
    masked = FILLER_RE.sub(lambda m: " " * len(m.group(0)), piece.masked(keep_mentions=True))
    frm = TAXI_FROM_RE.search(masked)
    offset, before = 0, len(masked)
    looked = masked
    while frm is not None and frm.group(8) and not _bare_start(piece, frm.start(8), frm.end(8)):
        looked = looked[:frm.start(8)] + MASK + looked[frm.start(8) + 1:]
        frm = TAXI_FROM_RE.search(looked)  # 一会儿去机场, 明天到上海: no start of the ride said; a later one may be
    if frm:
        group = next(g for g in range(1, 9) if frm.group(g))
        said = _said_place(piece.text[frm.start(group):frm.end(group)])
        if said and MASK not in said and not (group == 7 and said in RELATIVE_PLACES):  # 到楼下接我: no place
            slots["from"] = said
            offset, before = frm.end(group), frm.start()
    ride = RIDE_WORD_RE.search(piece.text)
    ends = [(to.start(), said) for to in TAXI_TO_RE.finditer(masked, offset)
            if (said := _said_place(piece.text[to.start(1):to.end(1)]))
            and MASK not in said and not PICKUP_RE.search(said)]
    ends = ends or [(to.start(), said) for to in TAXI_TO_RE.finditer(masked[:before])  # 去世纪公园 我在东门 叫辆车
                    if (said := _said_place(piece.text[to.start(1):to.end(1)])) and MASK not in said
                    and not PICKUP_RE.search(said)]
    after = [said for start, said in ends if ride is not None and start >= ride.start()]
    if ends:
        slots["to"] = after[0] if after else ends[0][1]  # 明天到上海，叫个车去酒店: the ride goes to the hotel
    if "to" not in slots:
        places = [m for m in piece.mentions if m.kinds() & {"landmark", "sight", "airport", "station"}
                  and m.surface != slots.get("from")]
        if places:
            slots["to"] = places[0].surface
    if "to" not in slots and (bare := BARE_END_RE.search(piece.text)) is not None and bare.group(1) != slots.get("from"):
        slots["to"] = bare.group(1)  # 明早七点 机场 帮我约车: a place said alone between pauses is where the ride goes
    return slots


# A common destination said alone between pauses in a spoken request (明早七点 机场 帮我约车).
BARE_END_RE = lazy_compile(r"(?:^|[\s，,])(机场|火车站|高铁站|汽车站|[东南西北]站|公司|单位|医院)(?=$|[\s，,])")
