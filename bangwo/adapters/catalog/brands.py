"""Everyday brands of the online shop (华为手环, 安踏跑鞋, 手机壳, 充电宝...), added after the 41-city world's.

The titles are hand-written from public knowledge of what these brands sell; prices and stock are drawn,
from a stream of each title's own. A brand that already has a flagship shop sells from it.
"""

from __future__ import annotations

from bangwo.adapters.catalog import draws, goods
from bangwo.adapters.catalog import records as r
from bangwo.adapters.catalog.goods import (
    BANK_CAP,
    BRIGHT,
    CABLE,
    CLOTHES,
    COLOURS,
    PHONE_CAP,
    SHOES,
    SpecTemplate,
)

CASE_FIT: SpecTemplate = ("model", "适用机型", (("iPhone 16", 0), ("iPhone 16 Pro", 0), ("华为Mate 70", 0),
                                               ("小米15", 0)))
SOCK_PACK: SpecTemplate = ("pack", "规格", (("5双装", 0), ("10双装", 1500)))

ProductLine = tuple[str, str, tuple[str, ...], tuple[SpecTemplate, ...], int, int]
"""(category, brand, titles, specs, min price fen, max price fen)."""

LINES: tuple[ProductLine, ...] = (
    ("手机", "华为", ("华为 Mate 70 Pro 5G手机", "华为 Pura 70 手机", "华为 nova 13 手机"), (COLOURS, PHONE_CAP),
     249900, 699900),
    ("手机", "小米", ("小米15 5G手机", "Redmi K80 手机", "Redmi Note 14 手机"), (COLOURS, PHONE_CAP), 99900, 449900),
    ("手机", "苹果", ("苹果 iPhone 16 手机", "苹果 iPhone 16 Pro 手机", "苹果 iPhone 16 Pro Max 手机"),
     (COLOURS, PHONE_CAP), 519900, 999900),
    ("手机", "OPPO", ("OPPO Find X8 手机", "OPPO Reno13 手机"), (COLOURS, PHONE_CAP), 249900, 549900),
    ("手机", "vivo", ("vivo X200 手机", "vivo S20 手机"), (COLOURS, PHONE_CAP), 249900, 499900),
    ("手机", "荣耀", ("荣耀 Magic7 手机", "荣耀 200 手机"), (COLOURS, PHONE_CAP), 199900, 479900),
    ("手环", "华为", ("华为手环 9 NFC版", "华为手环 9 标准版"), (COLOURS,), 19900, 34900),
    ("手环", "小米", ("小米手环 9 Pro", "小米手环 9"), (COLOURS,), 17900, 39900),
    ("手环", "荣耀", ("荣耀手环 9",), (COLOURS,), 14900, 25900),
    ("手表", "华为", ("华为 WATCH GT 5 智能手表", "华为 WATCH 4 Pro 智能手表"), (COLOURS,), 148800, 399900),
    ("手表", "苹果", ("苹果 Apple Watch Series 10 智能手表",), (COLOURS,), 299900, 399900),
    ("手表", "小米", ("小米 Watch S4 智能手表",), (COLOURS,), 79900, 119900),
    ("跑鞋", "安踏", ("安踏跑鞋 马赫4代", "安踏跑鞋 C202 5代 竞速", "安踏跑鞋 PG7 缓震"), (COLOURS, SHOES),
     29900, 109900),
    ("跑鞋", "李宁", ("李宁跑鞋 赤兔7 Pro", "李宁跑鞋 飞电4 竞速", "李宁跑鞋 超轻21"), (COLOURS, SHOES),
     29900, 129900),
    ("跑鞋", "耐克", ("耐克跑鞋 Pegasus 41", "耐克跑鞋 Vomero 18"), (COLOURS, SHOES), 59900, 129900),
    ("跑鞋", "阿迪达斯", ("阿迪达斯跑鞋 Adizero SL2", "阿迪达斯跑鞋 Ultraboost 5"), (COLOURS, SHOES),
     49900, 139900),
    ("跑鞋", "特步", ("特步跑鞋 160X 6.0",), (COLOURS, SHOES), 59900, 109900),
    ("跑鞋", "361度", ("361度跑鞋 飞燃4",), (COLOURS, SHOES), 39900, 79900),
    ("卫衣", "李宁", ("李宁卫衣 加绒连帽款", "李宁卫衣 中国李宁 圆领"), (COLOURS, CLOTHES), 19900, 49900),
    ("卫衣", "安踏", ("安踏卫衣 连帽运动款",), (COLOURS, CLOTHES), 14900, 39900),
    ("卫衣", "耐克", ("耐克卫衣 Club 抓绒连帽",), (COLOURS, CLOTHES), 29900, 59900),
    ("卫衣", "阿迪达斯", ("阿迪达斯卫衣 三条纹连帽",), (COLOURS, CLOTHES), 29900, 59900),
    ("卫衣", "优衣库", ("优衣库卫衣 连帽运动衫",), (COLOURS, CLOTHES), 14900, 29900),
    ("运动裤", "耐克", ("耐克运动裤 Club 抓绒束脚",), (COLOURS, CLOTHES), 24900, 49900),
    ("运动裤", "阿迪达斯", ("阿迪达斯运动裤 三条纹",), (COLOURS, CLOTHES), 24900, 49900),
    ("运动裤", "李宁", ("李宁运动裤 加绒卫裤",), (COLOURS, CLOTHES), 14900, 34900),
    ("运动裤", "安踏", ("安踏运动裤 针织束脚",), (COLOURS, CLOTHES), 12900, 29900),
    ("T恤", "优衣库", ("优衣库 U系列圆领T恤",), (COLOURS, CLOTHES), 7900, 9900),
    ("羽绒服", "优衣库", ("优衣库 轻型羽绒服",), (BRIGHT, CLOTHES), 39900, 59900),
    ("外套", "优衣库", ("优衣库 摇粒绒外套",), (COLOURS, CLOTHES), 14900, 19900),
    ("牛仔裤", "优衣库", ("优衣库 修身牛仔裤",), (COLOURS, CLOTHES), 19900, 29900),
    ("手机壳", "倍思", ("倍思手机壳 磁吸透明", "倍思手机壳 液态硅胶"), (CASE_FIT, COLOURS), 2900, 7900),
    ("手机壳", "图拉斯", ("图拉斯手机壳 防摔全包",), (CASE_FIT, COLOURS), 3900, 9900),
    ("手机壳", "绿联", ("绿联手机壳 磁吸保护套",), (CASE_FIT, COLOURS), 1900, 5900),
    ("手机壳", "华为", ("华为手机壳 原装皮革保护套",), (CASE_FIT, COLOURS), 9900, 19900),
    ("袜子", "浪莎", ("浪莎袜子 纯棉中筒袜",), (SOCK_PACK, COLOURS), 1900, 4900),
    ("袜子", "南极人", ("南极人袜子 男士商务袜",), (SOCK_PACK, COLOURS), 1900, 3900),
    ("袜子", "恒源祥", ("恒源祥袜子 羊毛加厚袜",), (SOCK_PACK, COLOURS), 2900, 7900),
    ("袜子", "李宁", ("李宁袜子 运动毛巾底袜",), (SOCK_PACK, COLOURS), 2900, 5900),
    ("袜子", "优衣库", ("优衣库袜子 纯棉船袜",), (SOCK_PACK, COLOURS), 2900, 4900),
    ("充电宝", "小米", ("小米充电宝 10000mAh 行动电源", "小米充电宝 20000mAh 快充行动电源"), (COLOURS, BANK_CAP),
     7900, 16900),
    ("充电宝", "罗马仕", ("罗马仕充电宝 20000mAh 移动电源 行动电源",), (COLOURS, BANK_CAP), 5900, 12900),
    ("充电宝", "安克", ("安克充电宝 磁吸无线 行动电源",), (COLOURS, BANK_CAP), 12900, 29900),
    ("充电宝", "华为", ("华为充电宝 66W超级快充 行动电源",), (COLOURS, BANK_CAP), 14900, 29900),
    ("充电宝", "倍思", ("倍思充电宝 自带线 行动电源",), (COLOURS, BANK_CAP), 6900, 14900),
    ("充电器", "小米", ("小米充电器 67W 快充头",), (), 4900, 9900),
    ("充电器", "华为", ("华为充电器 66W 超级快充",), (), 9900, 14900),
    ("充电器", "苹果", ("苹果 20W USB-C 电源适配器 充电器",), (), 14900, 14900),
    ("充电器", "安克", ("安克充电器 65W 氮化镓",), (), 9900, 19900),
    ("充电器", "倍思", ("倍思充电器 氮化镓 100W",), (), 9900, 19900),
    ("耳机", "苹果", ("苹果 AirPods Pro 2 无线蓝牙耳机", "苹果 AirPods 4 无线蓝牙耳机"), (), 99900, 189900),
    ("耳机", "华为", ("华为 FreeBuds Pro 4 无线耳机",), (COLOURS,), 99900, 149900),
    ("耳机", "小米", ("小米 Redmi Buds 6 蓝牙耳机",), (COLOURS,), 9900, 29900),
    ("耳机", "索尼", ("索尼 WH-1000XM5 头戴降噪耳机",), (COLOURS,), 199900, 299900),
    ("数据线", "绿联", ("绿联Type-C数据线 100W快充",), (CABLE,), 1900, 4900),
    ("数据线", "倍思", ("倍思Type-C数据线 编织快充",), (CABLE,), 1500, 3900),
    ("数据线", "苹果", ("苹果 USB-C 编织充电线 数据线",), (CABLE,), 14900, 14900),
    ("书籍", "人民文学", ("人民文学《红楼梦》", "人民文学《我与地坛》", "人民文学《额尔古纳河右岸》"), (), 2900, 9900),
    ("书籍", "北京十月文艺", ("北京十月文艺《平凡的世界》",), (), 5900, 12900),
    ("书籍", "南海出版公司", ("南海出版公司《百年孤独》",), (), 3900, 6900),
    ("书籍", "上海人民出版社", ("上海人民出版社《置身事内》",), (), 4900, 6900),
    ("书籍", "浙江文艺", ("浙江文艺《明朝那些事儿》",), (), 9900, 19900),
    ("扫地机器人", "石头科技", ("石头扫地机器人 P10S Pro",), (), 299900, 449900),
    ("扫地机器人", "科沃斯", ("科沃斯扫地机器人 T50",), (), 299900, 499900),
    ("扫地机器人", "追觅", ("追觅扫地机器人 X40",), (), 299900, 499900),
    ("扫地机器人", "小米", ("小米扫地机器人 米家 3C",), (), 99900, 199900),
    ("空气净化器", "小米", ("小米空气净化器 4 Pro",), (), 99900, 149900),
    ("空气净化器", "飞利浦", ("飞利浦空气净化器 AC2936",), (), 199900, 299900),
    ("空气净化器", "美的", ("美的空气净化器 KJ400G",), (), 79900, 129900),
    ("音箱", "JBL", ("JBL蓝牙音箱 Flip 6 便携蓝牙喇叭",), (COLOURS,), 59900, 99900),
    ("音箱", "小米", ("小米蓝牙音箱 便携版",), (COLOURS,), 9900, 19900),
    ("音箱", "漫步者", ("漫步者蓝牙音箱 M230",), (COLOURS,), 19900, 39900),
    ("围巾", "恒源祥", ("恒源祥围巾 羊毛 秋冬",), (BRIGHT,), 9900, 29900),
    ("围巾", "优衣库", ("优衣库围巾 摇粒绒",), (BRIGHT,), 4900, 9900),
    ("口罩", "稳健医疗", ("稳健口罩 医用外科 50只",), (), 1900, 3900),
    ("口罩", "可孚", ("可孚口罩 KN95 防护 20只",), (), 2900, 5900),
    ("猫砂", "洁客", ("洁客猫砂 豆腐混合 6L×4",), (), 5900, 9900),
    ("猫砂", "pidan", ("pidan猫砂 混合型 2.4kg×4",), (), 4900, 8900),
    ("手机支架", "绿联", ("绿联手机支架 桌面折叠",), (COLOURS,), 1900, 5900),
    ("手机支架", "倍思", ("倍思手机支架 车载磁吸",), (COLOURS,), 3900, 9900),
    ("滑板车", "米高", ("米高儿童滑板车 三轮闪光",), (BRIGHT,), 29900, 59900),
    ("滑板车", "迪卡侬", ("迪卡侬儿童滑板车 可折叠",), (BRIGHT,), 19900, 39900),
    ("剃须刀", "飞利浦", ("飞利浦电动剃须刀 S5000 刮胡刀",), (COLOURS,), 39900, 69900),
)


def products(seed: int, base: r.CatalogData) -> tuple[list[r.Product], list[r.Merchant]]:
    """The brand products, each sold by its brand's flagship shop (new shops for new brands)."""
    shops = {m.name: m for m in base.merchants if m.domain == "shopping"}
    new_shops: list[r.Merchant] = []
    result: list[r.Product] = []
    for category, brand, titles, specs, low, high in LINES:
        shop = shops.get(f"{brand}官方旗舰店")
        if shop is None:
            city = draws.stream(seed, "shops", brand).choice(goods.SHIPS_FROM)
            shop = r.Merchant(id=f"os-w{len(new_shops) + 1:03d}", name=f"{brand}官方旗舰店", domain="shopping",
                              city=city)
            shops[shop.name] = shop
            new_shops.append(shop)
        for title in titles:
            rng = draws.stream(seed, "products", title)
            result.append(r.Product(
                id=f"sp-w{len(result) + 1:04d}", title=title, brand=brand, category=category, shop_id=shop.id,
                price_fen=rng.randint(low, high) // 1000 * 1000 + 900,
                stock=0 if rng.random() < 0.03 else rng.randint(5, 999),
                specs=tuple(r.SpecGroup(name, label, tuple(r.SpecValue(v, p) for v, p in values))
                            for name, label, values in specs),
                ships_from=shop.city,
            ))
    return result, new_shops
