"""Flights and trains of the country: busy real routes, tourist routes, and trains along the rail corridors.

Only city pairs the 41-city world does not serve are added (a route it has keeps exactly its departures).
Each direction of a route draws from its own stream. The lists are hand-written from public knowledge:
the airports by passengers (CAAC rankings of recent years), the corridors of the 八纵八横 network.
"""

from __future__ import annotations

import dataclasses
import random

from bangwo.adapters.catalog import draws, towns, transport
from bangwo.adapters.catalog import records as r

MIN_FLIGHT_KM = 350
"""Closer cities are served by train only (上海-杭州, 广州-深圳, 长春-哈尔滨)."""
MAX_FAST_KM = 1500
"""Rail kilometres beyond which a long pair along a corridor gets sleeper trains only."""

BUSIEST_AIRPORTS: tuple[str, ...] = (
    "广州", "上海", "北京", "深圳", "成都", "重庆", "昆明", "杭州", "西安", "南京", "长沙", "郑州", "海口", "厦门",
    "武汉", "乌鲁木齐", "青岛", "贵阳", "三亚", "哈尔滨", "天津", "沈阳", "济南", "大连", "福州", "南宁", "兰州",
    "南昌", "长春", "合肥", "太原", "呼和浩特", "宁波", "温州", "珠海", "石家庄", "泉州", "银川", "西宁", "汕头",
)
"""Cities of the ~40 busiest airports, busiest first."""
PROVINCIAL_CAPITALS: tuple[str, ...] = (
    "石家庄", "太原", "呼和浩特", "沈阳", "长春", "哈尔滨", "南京", "杭州", "合肥", "福州", "南昌", "济南", "郑州",
    "武汉", "长沙", "广州", "南宁", "海口", "成都", "贵阳", "昆明", "拉萨", "西安", "兰州", "西宁", "银川",
    "乌鲁木齐", "天津", "重庆",
)
CAPITAL_LINKS: tuple[str, ...] = ("北京", "上海", "广州", "深圳", "成都")
TOURIST_CITIES: tuple[str, ...] = ("三亚", "丽江", "桂林", "拉萨", "西双版纳", "张家界", "黄山", "大理")
TOWN_LINKS: tuple[str, ...] = ("北京", "上海", "广州", "深圳", "成都", "重庆", "西安", "昆明", "杭州", "武汉")
"""A town with an airport flies to 北京 and 上海 and to the three nearest of these."""

CORRIDORS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("京沪", "fast", ("北京", "天津", "沧州", "德州", "济南", "泰安", "济宁", "枣庄", "徐州", "宿州", "蚌埠", "滁州",
                      "南京", "镇江", "常州", "无锡", "苏州", "上海")),
    ("京广", "fast", ("北京", "保定", "石家庄", "邢台", "邯郸", "安阳", "鹤壁", "新乡", "郑州", "许昌", "漯河",
                      "驻马店", "信阳", "孝感", "武汉", "咸宁", "岳阳", "长沙", "株洲", "衡阳", "郴州", "韶关", "清远",
                      "广州", "东莞", "深圳")),
    ("沪昆", "fast", ("上海", "嘉兴", "杭州", "金华", "衢州", "上饶", "鹰潭", "南昌", "新余", "宜春", "萍乡", "长沙",
                      "娄底", "邵阳", "怀化", "铜仁", "黔东南", "贵阳", "安顺", "六盘水", "曲靖", "昆明")),
    ("沪汉蓉", "fast", ("上海", "苏州", "南京", "合肥", "六安", "武汉", "荆州", "宜昌", "恩施", "重庆", "遂宁", "成都")),
    ("京哈", "fast", ("北京", "承德", "朝阳", "阜新", "沈阳", "铁岭", "四平", "长春", "松原", "哈尔滨")),
    ("秦沈", "fast", ("北京", "唐山", "秦皇岛", "葫芦岛", "锦州", "盘锦", "沈阳")),
    ("哈大", "fast", ("沈阳", "辽阳", "鞍山", "营口", "大连")),
    ("杭深", "fast", ("杭州", "绍兴", "宁波", "台州", "温州", "宁德", "福州", "莆田", "泉州", "厦门", "漳州", "潮州",
                      "汕头", "揭阳", "汕尾", "惠州", "深圳")),
    ("徐兰", "fast", ("徐州", "商丘", "开封", "郑州", "洛阳", "三门峡", "渭南", "西安", "咸阳", "宝鸡", "天水", "定西",
                      "兰州")),
    ("兰新", "fast", ("兰州", "西宁", "张掖", "酒泉", "嘉峪关", "哈密", "吐鲁番", "乌鲁木齐")),
    ("包海", "fast", ("包头", "鄂尔多斯", "榆林", "延安", "西安", "安康", "达州", "重庆", "遵义", "贵阳", "黔南",
                      "河池", "南宁", "玉林", "湛江")),
    ("青盐", "fast", ("青岛", "日照", "连云港", "盐城", "南通", "上海")),
    ("青银", "fast", ("青岛", "潍坊", "淄博", "济南", "德州", "衡水", "石家庄", "阳泉", "太原", "吕梁", "榆林",
                      "银川")),
    ("贵广", "fast", ("贵阳", "黔南", "黔东南", "桂林", "贺州", "肇庆", "佛山", "广州")),
    ("南广", "fast", ("南宁", "贵港", "梧州", "云浮", "肇庆", "佛山", "广州")),
    ("合福", "fast", ("合肥", "铜陵", "宣城", "黄山", "上饶", "南平", "福州")),
    ("沪杭黄", "fast", ("上海", "杭州", "黄山")),
    ("京沪宁杭", "fast", ("北京", "天津", "沧州", "德州", "济南", "泰安", "济宁", "枣庄", "徐州", "蚌埠", "南京",
                          "湖州", "杭州")),
    ("宁杭连镇", "fast", ("杭州", "湖州", "南京", "镇江", "扬州", "淮安", "连云港")),
    ("商合杭", "fast", ("商丘", "亳州", "阜阳", "淮南", "合肥", "芜湖", "宣城", "湖州", "杭州")),
    ("京张呼", "fast", ("北京", "张家口", "乌兰察布", "呼和浩特", "包头")),
    ("大张", "fast", ("大同", "张家口")),
    ("大西", "fast", ("大同", "忻州", "太原", "晋中", "临汾", "运城", "渭南", "西安")),
    ("郑渝", "fast", ("郑州", "许昌", "平顶山", "南阳", "襄阳", "重庆")),
    ("郑阜", "fast", ("郑州", "周口", "阜阳")),
    ("郑济", "fast", ("郑州", "濮阳", "聊城", "济南")),
    ("郑太", "fast", ("郑州", "焦作", "晋城", "长治", "太原")),
    ("汉十", "fast", ("武汉", "孝感", "随州", "襄阳", "十堰")),
    ("武九", "fast", ("武汉", "鄂州", "黄石", "九江")),
    ("合安九", "fast", ("合肥", "安庆", "九江", "南昌")),
    ("昌赣深", "fast", ("南昌", "吉安", "赣州", "河源", "惠州", "深圳")),
    ("成贵", "fast", ("成都", "眉山", "乐山", "宜宾", "毕节", "贵阳")),
    ("西成", "fast", ("西安", "汉中", "广元", "绵阳", "德阳", "成都")),
    ("兰渝", "fast", ("兰州", "陇南", "广元", "南充", "重庆")),
    ("成渝", "fast", ("成都", "资阳", "内江", "重庆")),
    ("成昆", "slow", ("成都", "眉山", "乐山", "凉山", "攀枝花", "楚雄", "昆明")),
    ("昆大丽", "fast", ("昆明", "楚雄", "大理", "丽江")),
    ("云桂", "fast", ("昆明", "文山", "百色", "南宁")),
    ("湘桂", "fast", ("长沙", "衡阳", "永州", "桂林", "柳州", "来宾", "南宁")),
    ("广湛", "fast", ("广州", "佛山", "江门", "阳江", "茂名", "湛江")),
    ("沈丹", "fast", ("沈阳", "本溪", "丹东")),
    ("长珲", "fast", ("长春", "吉林", "延边")),
    ("哈齐", "fast", ("哈尔滨", "大庆", "齐齐哈尔")),
    ("哈牡", "fast", ("哈尔滨", "牡丹江")),
    ("哈佳", "fast", ("哈尔滨", "佳木斯")),
    ("包兰", "slow", ("包头", "巴彦淖尔", "乌海", "石嘴山", "银川", "吴忠", "中卫", "兰州")),
    ("银西", "fast", ("银川", "吴忠", "庆阳", "咸阳", "西安")),
    ("宁安", "fast", ("南京", "马鞍山", "芜湖", "铜陵", "池州", "安庆")),
    ("连淮扬镇", "fast", ("连云港", "淮安", "扬州", "镇江")),
    ("徐盐", "fast", ("徐州", "宿迁", "淮安", "盐城")),
    ("徐连", "fast", ("徐州", "连云港")),
    ("鲁南", "fast", ("日照", "临沂", "济宁", "菏泽")),
    ("青荣", "fast", ("青岛", "烟台", "威海")),
    ("龙厦", "fast", ("厦门", "龙岩", "三明", "南平")),
    ("赣龙", "fast", ("赣州", "龙岩")),
    ("张吉怀", "fast", ("长沙", "益阳", "常德", "张家界", "湘西", "怀化")),
    ("金温", "fast", ("金华", "丽水", "温州")),
    ("拉林", "fast", ("拉萨", "山南", "林芝")),
    ("青藏", "slow", ("西宁", "海西", "拉萨")),
    ("南疆", "slow", ("吐鲁番", "巴音郭楞", "阿克苏", "喀什")),
    ("北疆", "slow", ("乌鲁木齐", "昌吉", "伊犁")),
    ("京九", "slow", ("北京", "衡水", "聊城", "菏泽", "商丘", "阜阳", "九江", "南昌", "吉安", "赣州", "河源", "惠州",
                      "深圳")),
)
"""(name, 'fast' for G/D trains or 'slow' for K trains, its cities in order). A through route that runs
over two lines (京沪 then 宁杭 for 北京-杭州) is listed as a corridor of its own."""
MAJOR_STOPS = frozenset(("北京", "上海", "广州", "深圳", "杭州", "成都", "重庆", "武汉", "西安", "南京", "天津",
                         "长沙", "郑州", "济南", "沈阳", "哈尔滨", "长春", "合肥", "福州", "南昌", "昆明", "贵阳",
                         "南宁", "兰州", "太原", "石家庄", "呼和浩特", "银川", "西宁", "乌鲁木齐", "拉萨",
                         "青岛", "大连", "厦门", "宁波", "苏州"))
"""Stops every city of a corridor gets trains to (the capitals and the busiest cities)."""
NUMBERS = {"G": 9999, "D": 9999, "K": 9999}
_LINK_RANK = {"near": 0, "fast": 1, "slow": 2}
DAILY = (0, 1, 2, 3, 4, 5, 6)


def flights(seed: int, base: r.CatalogData) -> list[r.Schedule]:
    """Daily flights on the routes of ``flight_pairs`` that the 41-city world does not fly."""
    served = {frozenset((s.from_city, s.to_city)) for s in base.schedules if s.domain == "flight"}
    used = {s.id for s in base.schedules}
    result: list[r.Schedule] = []
    for a, b in flight_pairs():
        if frozenset((a, b)) in served:
            continue
        for origin, dest in ((a, b), (b, a)):
            result += _flights(draws.stream(seed, "flights", origin, dest), used, origin, dest)
    return result


def flight_pairs() -> list[tuple[str, str]]:
    """City pairs (sorted, each once) with daily flights, closer ones than MIN_FLIGHT_KM left out."""
    pairs = {frozenset((a, b)) for a in BUSIEST_AIRPORTS for b in BUSIEST_AIRPORTS if a != b}
    pairs |= {frozenset((a, b)) for a in PROVINCIAL_CAPITALS for b in CAPITAL_LINKS if a != b}
    pairs |= {frozenset((a, b)) for a in TOURIST_CITIES for b in BUSIEST_AIRPORTS if a != b}
    for town in towns.towns():
        if town.airports:
            links = sorted(TOWN_LINKS, key=lambda c: draws.km(towns.point(c), (town.lat, town.lng)))
            far = [c for c in links if draws.km(towns.point(c), (town.lat, town.lng)) >= MIN_FLIGHT_KM]
            pairs |= {frozenset((town.name, c)) for c in {"北京", "上海", *far[:3]}}
    ordered = sorted(tuple(sorted(p)) for p in pairs)
    return [(a, b) for a, b in ordered if towns.airports_of(a) and towns.airports_of(b)
            and draws.km(towns.point(a), towns.point(b)) >= MIN_FLIGHT_KM]


def _flights(rng: random.Random, used: set[str], origin: str, dest: str) -> list[r.Schedule]:
    km = draws.km(towns.point(origin), towns.point(dest))
    both_hubs = origin in transport.HUB_CITIES and dest in transport.HUB_CITIES
    busy = origin in BUSIEST_AIRPORTS[:20] and dest in BUSIEST_AIRPORTS[:20]
    big = {origin, dest} <= {*BUSIEST_AIRPORTS, *TOURIST_CITIES, *PROVINCIAL_CAPITALS}
    airlines = [a for a in transport.AIRLINES if origin in a[2] or dest in a[2]] or list(transport.AIRLINES)
    economy = round((250 + km * 0.75) / 10) * 1000
    result = []
    for _ in range(rng.randint(2, 3) if busy else rng.randint(1, 2) if big else 1):
        code, name, _hubs = rng.choice(airlines)
        number = f"{code}{rng.randint(1000, 9899)}"
        while number in used:
            number = f"{code}{rng.randint(1000, 9899)}"
        used.add(number)
        fares = {"economy": economy, "business": economy * 3}
        capacity = {"economy": rng.randint(120, 180), "business": rng.randint(8, 24)}
        if both_hubs and rng.random() < 0.3:
            fares["first"], capacity["first"] = economy * 5, 8
        result.append(r.Schedule(
            id=number, domain="flight", kind="直飞", carrier=name, carrier_id=f"air-{code}",
            from_city=origin, to_city=dest, from_place=rng.choice(towns.airports_of(origin)).code,
            to_place=rng.choice(towns.airports_of(dest)).code,
            depart=draws.clock(rng.randrange(7 * 60, 22 * 60, 5)),
            duration_minutes=round((km / 750 * 60 + 35) / 5) * 5, fares=fares, capacity=capacity,
        ))
    return result


def trains(seed: int, base: r.CatalogData) -> list[r.Schedule]:
    """Trains between neighbours on a corridor and from each of its cities to its major stops."""
    served = {frozenset((s.from_city, s.to_city)) for s in base.schedules if s.domain == "train"}
    used = {s.id for s in base.schedules}
    result: list[r.Schedule] = []
    for a, b, mode in rail_pairs():
        if frozenset((a, b)) in served:
            continue
        for origin, dest in ((a, b), (b, a)):
            rng = draws.stream(seed, "trains", origin, dest)
            km = draws.km(towns.point(origin), towns.point(dest)) * 1.2
            stations = (towns.stations_of(origin), towns.stations_of(dest))
            runs = [draws.train(rng, used, kind=kind, origin=origin, dest=dest, km=km, stations=stations,
                                numbers=NUMBERS) for kind in _kinds(rng, mode, km)]
            if all(len(run.weekdays) < 7 for run in runs):            # every route runs every day
                runs[0] = dataclasses.replace(runs[0], weekdays=DAILY)
            result += runs
    return result


def rail_pairs() -> list[tuple[str, str, str]]:
    """(a, b, mode) for every city pair a corridor links, a < b, each once ('near' for neighbours)."""
    pairs: dict[tuple[str, str], str] = {}
    for _name, mode, stops in CORRIDORS:
        for i, a in enumerate(stops):
            for j, b in enumerate(stops[i + 1:], start=i + 1):
                if j == i + 1:
                    link = "near" if mode == "fast" else "slow"
                elif a in MAJOR_STOPS or b in MAJOR_STOPS:
                    link = mode
                else:
                    continue
                key = (min(a, b), max(a, b))
                if _LINK_RANK[link] < _LINK_RANK[pairs.get(key, "slow")] or key not in pairs:
                    pairs[key] = link
    return [(a, b, mode) for (a, b), mode in sorted(pairs.items())]


def _kinds(rng: random.Random, mode: str, km: float) -> list[str]:
    """Neighbours: a few G and often a D; a long pair: a G, sometimes two; a K when long (only K beyond)."""
    if mode == "slow":
        return ["K"] * rng.randint(1, 2)
    kinds: list[str] = []
    if mode == "near":
        kinds += ["G"] * rng.randint(2, 3) + (["D"] if rng.random() < 0.5 else [])
    elif km <= MAX_FAST_KM:
        kinds += ["G"] * (2 if rng.random() < 0.25 else 1)
    if km >= 600 and (km > MAX_FAST_KM or rng.random() < 0.4):
        kinds.append("K")
    return kinds
