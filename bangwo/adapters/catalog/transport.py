"""Lexicon of getting around and staying reachable: airlines, train classes, taxis, phone carriers."""

from __future__ import annotations

AIRLINES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("CA", "中国国航", ("北京", "成都", "杭州", "重庆")),
    ("MU", "东方航空", ("上海", "昆明", "西安", "南京")),
    ("CZ", "南方航空", ("广州", "深圳", "武汉", "乌鲁木齐")),
    ("HU", "海南航空", ("海口", "北京", "三亚")),
    ("3U", "四川航空", ("成都", "重庆")),
    ("ZH", "深圳航空", ("深圳", "南宁")),
    ("MF", "厦门航空", ("厦门", "福州", "杭州")),
    ("SC", "山东航空", ("济南", "青岛")),
)
"""(IATA code, name, hub cities)."""

HUB_CITIES: tuple[str, ...] = ("北京", "上海", "广州", "深圳", "杭州", "成都", "重庆", "西安", "武汉", "昆明",
                               "南京")

CABINS: tuple[tuple[str, str], ...] = (("economy", "经济舱"), ("business", "公务舱"), ("first", "头等舱"))
SEAT_CLASSES: tuple[tuple[str, str], ...] = (
    ("business", "商务座"), ("first", "一等座"), ("second", "二等座"), ("hard_sleeper", "硬卧"),
    ("soft_sleeper", "软卧"), ("hard_seat", "硬座"), ("no_seat", "无座"),
)

TrainKind = tuple[int, float, dict[str, int], dict[str, tuple[int, int]]]
"""(speed km/h, max km, fare per 100 km in fen per seat class, capacity range per seat class)."""

TRAIN_KINDS: dict[str, TrainKind] = {
    "G": (260, 2300, {"second": 4600, "first": 7400, "business": 14500},
          {"second": (450, 900), "first": (60, 140), "business": (8, 24)}),
    "D": (190, 1300, {"second": 3100, "first": 5000, "no_seat": 3100},
          {"second": (400, 800), "first": (50, 100), "no_seat": (40, 120)}),
    "K": (85, 4000, {"hard_seat": 1000, "hard_sleeper": 1800, "soft_sleeper": 2800, "no_seat": 1000},
          {"hard_seat": (300, 600), "hard_sleeper": (200, 400), "soft_sleeper": (32, 72),
           "no_seat": (60, 150)}),
    "Z": (115, 4000, {"hard_sleeper": 2000, "soft_sleeper": 3100, "hard_seat": 1100},
          {"hard_sleeper": (240, 480), "soft_sleeper": (48, 96), "hard_seat": (120, 300)}),
    "T": (100, 4000, {"hard_seat": 1050, "hard_sleeper": 1900, "soft_sleeper": 3000},
          {"hard_seat": (300, 500), "hard_sleeper": (200, 400), "soft_sleeper": (32, 64)}),
}

RAILWAY_ID = "railway-12306"
RAILWAY_NAME = "中国铁路"

TAXI_FLEET_ID = "taxi-fleet"
TAXI_FLEET_NAME = "帮我出行"

CarTemplate = tuple[str, str, int, float, int, int, int, int]
"""(code, label, flag fen, included km, per km fen, per minute fen, night surcharge bp, seats)."""

CAR_TYPES: tuple[CarTemplate, ...] = (
    ("economy", "快车", 1100, 3.0, 200, 40, 2000, 4),
    ("comfort", "舒适型", 1400, 3.0, 260, 50, 2000, 4),
    ("premium", "专车", 2000, 3.0, 380, 80, 2000, 4),
    ("xl", "六座商务", 2200, 3.0, 420, 80, 2000, 6),
)

CarrierTemplate = tuple[str, str, tuple[str, ...]]

CARRIERS: tuple[CarrierTemplate, ...] = (
    ("cmcc", "中国移动", ("134", "135", "136", "137", "138", "139", "147", "150", "151", "152", "157", "158",
                         "159", "172", "178", "182", "183", "184", "187", "188", "195", "197", "198")),
    ("cucc", "中国联通", ("130", "131", "132", "145", "155", "156", "166", "167", "171", "175", "176", "185",
                         "186", "196")),
    ("ctcc", "中国电信", ("133", "149", "153", "173", "177", "180", "181", "189", "190", "191", "193", "199")),
)

DENOMINATIONS_YUAN: tuple[int, ...] = (10, 20, 30, 50, 100, 200, 300, 500)
