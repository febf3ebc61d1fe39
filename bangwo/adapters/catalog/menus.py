"""Takeout lexicon: shop brands, their menus and the option groups drinks and meals take."""

from __future__ import annotations

from bangwo.adapters.catalog.records import OptionChoice, OptionGroup


def _group(name: str, label: str, default: str | None, *choices: tuple[str, str, int],
           multi: bool = False) -> OptionGroup:
    return OptionGroup(name, label, tuple(OptionChoice(c, lb, p) for c, lb, p in choices), default, multi)


SIZE = _group("size", "杯型", "medium", ("small", "小杯", 0), ("medium", "中杯", 200), ("large", "大杯", 400))
SUGAR = _group("sugar", "甜度", "full", ("full", "标准糖", 0), ("less", "少糖", 0), ("half", "半糖", 0),
               ("light", "微糖", 0), ("none", "不另外加糖", 0))
ICE_ALL = _group("ice", "温度", "normal", ("normal", "正常冰", 0), ("less", "少冰", 0), ("none", "去冰", 0),
                 ("room", "常温", 0), ("warm", "温", 0), ("hot", "热", 0))
ICE_COLD = _group("ice", "温度", "normal", ("normal", "正常冰", 0), ("less", "少冰", 0), ("none", "去冰", 0),
                  ("room", "常温", 0))
TOPPINGS = _group("toppings", "加料", None, ("珍珠", "珍珠", 100), ("椰果", "椰果", 100), ("布丁", "布丁", 200),
                  ("芋圆", "芋圆", 200), ("红豆", "红豆", 100), ("仙草", "仙草", 100), ("奶盖", "奶盖", 300),
                  ("燕麦", "燕麦", 100), ("脆波波", "脆波波", 200), multi=True)
COFFEE_EXTRAS = _group("toppings", "加料", None, ("浓缩", "加一份浓缩", 300), ("燕麦奶", "换燕麦奶", 300),
                       ("香草糖浆", "香草糖浆", 200), ("椰浆", "加椰浆", 200), multi=True)
SPICE = _group("spice", "辣度", "none", ("none", "不辣", 0), ("mild", "微辣", 0), ("medium", "中辣", 0),
               ("hot", "特辣", 0))
PORTION = _group("size", "份量", "medium", ("medium", "标准份", 0), ("large", "大份", 500))
DUMPLINGS = _group("size", "份量", "medium", ("small", "12只", 0), ("medium", "18只", 600), ("large", "24只", 1200))
NOODLE = _group("noodle", "面型", "二细", ("毛细", "毛细", 0), ("细", "细", 0), ("二细", "二细", 0),
                ("三细", "三细", 0), ("韭叶", "韭叶", 0), ("宽", "宽", 0), ("大宽", "大宽", 0))
ADDONS = _group("toppings", "加料", None, ("加饭", "加饭", 200), ("加蛋", "加卤蛋", 200), ("加肉", "加肉", 600),
                ("加青菜", "加青菜", 300), multi=True)
COMBO = _group("combo", "套餐", "single", ("single", "单点", 0), ("meal", "套餐(薯条+可乐)", 1200))

MILK_TEA = (SIZE, SUGAR, ICE_ALL, TOPPINGS)
FRUIT_TEA = (SIZE, SUGAR, ICE_COLD, TOPPINGS)
COFFEE = (SIZE, SUGAR, ICE_ALL, COFFEE_EXTRAS)
ICED_ONLY = (SIZE, SUGAR, ICE_COLD)
RICE = (PORTION, SPICE, ADDONS)
NOODLES = (NOODLE, SPICE, ADDONS)
PLAIN: tuple[OptionGroup, ...] = ()

MenuTemplate = tuple[str, str, int, tuple[OptionGroup, ...], tuple[str, ...]]
"""(item name, category, base price fen, option groups, tags)."""

MENUS: dict[str, tuple[MenuTemplate, ...]] = {
    "tea": (
        ("珍珠奶茶", "奶茶", 1000, MILK_TEA, ("招牌",)),
        ("招牌奶茶", "奶茶", 1100, MILK_TEA, ()),
        ("芋泥波波奶茶", "奶茶", 1500, MILK_TEA, ("人气",)),
        ("黑糖珍珠鲜奶", "奶茶", 1500, MILK_TEA, ()),
        ("茉莉奶绿", "奶茶", 1300, MILK_TEA, ()),
        ("烤奶", "奶茶", 1200, MILK_TEA, ()),
        ("杨枝甘露", "果茶", 1600, FRUIT_TEA, ("人气",)),
        ("满杯百香果", "果茶", 1200, FRUIT_TEA, ()),
        ("多肉葡萄", "果茶", 1800, FRUIT_TEA, ()),
        ("手打柠檬茶", "柠檬茶", 1300, ICED_ONLY, ()),
        ("生椰拿铁", "咖啡", 1600, COFFEE, ()),
        ("草莓奶昔", "奶昔", 1700, ICED_ONLY, ("新品",)),
        ("柠檬水", "果茶", 600, ICED_ONLY, ("特价",)),
    ),
    "coffee": (
        ("美式", "咖啡", 1500, COFFEE, ()),
        ("冰美式", "咖啡", 1500, (SIZE, SUGAR, ICE_COLD, COFFEE_EXTRAS), ("人气",)),
        ("拿铁", "咖啡", 1800, COFFEE, ()),
        ("生椰拿铁", "咖啡", 1900, COFFEE, ("招牌",)),
        ("燕麦拿铁", "咖啡", 2000, COFFEE, ()),
        ("澳白", "咖啡", 2000, COFFEE, ()),
        ("摩卡", "咖啡", 2100, COFFEE, ()),
        ("焦糖玛奇朵", "咖啡", 2200, COFFEE, ()),
        ("卡布奇诺", "咖啡", 1800, COFFEE, ()),
        ("橙C美式", "咖啡", 1700, (SIZE, SUGAR, ICE_COLD), ("新品",)),
        ("抹茶拿铁", "咖啡", 1900, COFFEE, ()),
        ("冷萃", "咖啡", 2000, (SIZE, SUGAR, ICE_COLD), ()),
    ),
    "lemon": (
        ("手打柠檬茶", "柠檬茶", 1400, ICED_ONLY, ("招牌",)),
        ("鸭屎香柠檬茶", "柠檬茶", 1600, ICED_ONLY, ("人气",)),
        ("柠檬绿茶", "柠檬茶", 1200, ICED_ONLY, ()),
        ("柠檬红茶", "柠檬茶", 1200, ICED_ONLY, ()),
        ("百香果柠檬茶", "柠檬茶", 1500, ICED_ONLY, ()),
        ("青提柠檬茶", "柠檬茶", 1600, ICED_ONLY, ()),
        ("杨枝甘露", "果茶", 1700, FRUIT_TEA, ()),
    ),
    "huangmenji": (
        ("黄焖鸡米饭", "米饭", 1800, RICE, ("招牌",)),
        ("黄焖排骨饭", "米饭", 2200, RICE, ()),
        ("黄焖牛肉饭", "米饭", 2600, RICE, ()),
        ("黄焖鱼块饭", "米饭", 2300, RICE, ()),
        ("卤蛋", "小吃", 300, PLAIN, ()),
        ("可乐", "饮料", 400, PLAIN, ()),
    ),
    "noodle": (
        ("牛肉面", "面食", 1500, NOODLES, ("招牌",)),
        ("加肉牛肉面", "面食", 2200, NOODLES, ()),
        ("牛肉炒面", "面食", 1800, (SPICE, ADDONS), ()),
        ("凉拌牛肉", "小吃", 2000, (SPICE,), ()),
        ("酸梅汤", "饮料", 500, PLAIN, ()),
    ),
    "malatang": (
        ("麻辣烫", "麻辣烫", 2200, RICE, ("招牌",)),
        ("麻辣拌", "麻辣烫", 2400, RICE, ()),
        ("番茄麻辣烫", "麻辣烫", 2300, RICE, ()),
        ("骨汤麻辣烫", "麻辣烫", 2200, RICE, ()),
        ("酸辣粉", "粉面", 1400, (SPICE, ADDONS), ()),
    ),
    "burger": (
        ("香辣鸡腿堡", "汉堡", 1600, (COMBO, SPICE), ("招牌",)),
        ("双层牛肉堡", "汉堡", 2200, (COMBO,), ()),
        ("汉堡套餐", "汉堡", 2800, PLAIN, ("人气",)),
        ("鸡米花", "小吃", 1100, PLAIN, ()),
        ("薯条", "小吃", 1000, (PORTION,), ()),
        ("可乐", "饮料", 700, (ICE_COLD,), ()),
        ("全家桶", "套餐", 5900, PLAIN, ()),
    ),
    "rice": (
        ("鱼香肉丝盖浇饭", "盖浇饭", 1800, RICE, ()),
        ("宫保鸡丁盖浇饭", "盖浇饭", 1800, RICE, ("招牌",)),
        ("红烧肉盖浇饭", "盖浇饭", 2200, RICE, ()),
        ("番茄炒蛋盖浇饭", "盖浇饭", 1500, RICE, ()),
        ("土豆牛肉盖浇饭", "盖浇饭", 2200, RICE, ()),
        ("回锅肉盖浇饭", "盖浇饭", 2000, RICE, ()),
    ),
    "dumpling": (
        ("猪肉白菜水饺", "饺子", 1600, (DUMPLINGS,), ("招牌",)),
        ("三鲜水饺", "饺子", 2000, (DUMPLINGS,), ()),
        ("韭菜鸡蛋水饺", "饺子", 1600, (DUMPLINGS,), ()),
        ("玉米猪肉水饺", "饺子", 1700, (DUMPLINGS,), ()),
        ("虾仁水饺", "饺子", 2600, (DUMPLINGS,), ()),
        ("鲜肉馄饨", "馄饨", 1500, PLAIN, ()),
        ("酸辣汤", "汤", 800, PLAIN, ()),
    ),
    "hangbang": (
        ("鲜肉小笼包", "点心", 1600, PLAIN, ("招牌",)),
        ("片儿川", "面食", 1800, (SPICE, ADDONS), ("杭州味道",)),
        ("虾爆鳝面", "面食", 3500, (SPICE,), ()),
        ("葱包桧", "点心", 800, PLAIN, ()),
        ("东坡肉饭", "米饭", 2800, (PORTION,), ()),
        ("猫耳朵", "面食", 1600, PLAIN, ()),
    ),
    "shaxian": (
        ("拌面", "面食", 800, (SPICE,), ()),
        ("扁肉", "馄饨", 800, PLAIN, ("招牌",)),
        ("蒸饺", "点心", 900, PLAIN, ()),
        ("鸡腿饭", "米饭", 1500, RICE, ()),
        ("炖罐", "汤", 1200, PLAIN, ()),
    ),
    "zhujiao": (
        ("隆江猪脚饭", "米饭", 2200, RICE, ("招牌",)),
        ("白切鸡饭", "米饭", 2000, RICE, ()),
        ("烧鸭饭", "米饭", 2200, RICE, ()),
        ("叉烧饭", "米饭", 2000, RICE, ()),
        ("卤肉饭", "米饭", 1600, RICE, ()),
    ),
    "salad": (
        ("鸡胸肉沙拉", "轻食", 2800, PLAIN, ("低卡",)),
        ("牛肉能量碗", "轻食", 3500, PLAIN, ()),
        ("三文鱼波奇饭", "轻食", 4200, PLAIN, ("人气",)),
        ("全麦鸡肉卷", "轻食", 2200, PLAIN, ()),
    ),
    "bbq": (
        ("羊肉串(10串)", "烧烤", 3000, (SPICE,), ("招牌",)),
        ("烤鸡翅", "烧烤", 1600, (SPICE,), ()),
        ("烤茄子", "烧烤", 1400, (SPICE,), ()),
        ("烤生蚝(6只)", "烧烤", 3600, (SPICE,), ()),
        ("小龙虾(1斤)", "烧烤", 6800, (SPICE,), ()),
        ("啤酒", "饮料", 800, PLAIN, ()),
    ),
    "convenience": (
        ("关东煮套餐", "便利", 1500, PLAIN, ()),
        ("饭团", "便利", 800, PLAIN, ()),
        ("三明治", "便利", 1200, PLAIN, ()),
        ("矿泉水", "饮料", 300, PLAIN, ()),
        ("热美式", "咖啡", 1000, (SIZE,), ()),
    ),
}

ShopBrand = tuple[str, str, str, str, tuple[str, ...]]
"""(brand, menu key, opens, closes, branch areas in 杭州)."""

SHOP_BRANDS: tuple[ShopBrand, ...] = (
    ("一点甜", "tea", "10:00", "22:00", ("文三路", "武林广场", "滨江", "下沙")),
    ("茶小满", "tea", "09:30", "22:30", ("湖滨", "黄龙", "西溪")),
    ("古茗香", "tea", "10:00", "23:00", ("钱江新城", "拱宸桥", "萧山")),
    ("沪上阿奶", "tea", "10:00", "22:00", ("文三路", "河坊街", "未来科技城")),
    ("书香茶", "tea", "10:30", "21:30", ("浙江大学", "黄龙")),
    ("茶百岁", "tea", "09:00", "02:00", ("武林广场", "滨江")),
    ("瑞星咖啡", "coffee", "07:30", "20:00", ("文三路", "钱江新城", "未来科技城")),
    ("库迪猫咖啡", "coffee", "07:00", "21:00", ("武林广场", "滨江")),
    ("满杯咖啡", "coffee", "08:00", "19:00", ("湖滨", "西溪")),
    ("星光咖啡", "coffee", "07:30", "22:00", ("黄龙",)),
    ("柠檬会说话", "lemon", "10:00", "22:00", ("湖滨", "下沙")),
    ("柠季鲜", "lemon", "10:00", "23:00", ("文三路",)),
    ("杨记黄焖鸡米饭", "huangmenji", "10:00", "21:30", ("文三路", "下沙")),
    ("马师傅兰州牛肉面", "noodle", "07:00", "22:00", ("武林广场", "滨江")),
    ("辣妹子麻辣烫", "malatang", "10:30", "23:00", ("文三路", "拱宸桥")),
    ("汉堡工坊", "burger", "09:00", "24:00", ("钱江新城", "西溪")),
    ("老舅家盖浇饭", "rice", "10:00", "21:00", ("黄龙", "未来科技城")),
    ("喜家饺子馆", "dumpling", "10:00", "21:30", ("湖滨", "滨江")),
    ("老杭州面馆", "hangbang", "06:30", "20:30", ("河坊街", "武林广场")),
    ("沙县小吃", "shaxian", "07:00", "23:00", ("文三路",)),
    ("隆江猪脚饭", "zhujiao", "10:00", "22:00", ("下沙",)),
    ("沙拉星球", "salad", "10:00", "20:00", ("钱江新城",)),
    ("深夜烧烤局", "bbq", "17:00", "03:00", ("黄龙", "滨江")),
    ("全天候便利店", "convenience", "00:00", "24:00", ("文三路", "钱江新城")),
)

SHOP_CATEGORY: dict[str, str] = {
    "tea": "drink", "coffee": "drink", "lemon": "drink", "convenience": "convenience",
}
"""Menu key -> shop category (default ``meal``)."""
