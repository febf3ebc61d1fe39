"""What the engine says, in short, specific Simplified Chinese: every user-facing sentence lives here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bangwo.domain import places
from bangwo.domain.domains import LABELS_ZH, Domain
from bangwo.domain.money import format_fen
from bangwo.domain.seating import COUPLE_SURCHARGE_FEN

QUESTIONS: dict[str, str] = {
    "item": "想喝点/吃点什么呢？",
    "address": "送到哪里呢？告诉我地址就行。",
    "movie": "想看哪部电影？",
    "date": "哪一天呢？",
    "from_city": "从哪个城市出发？",
    "to_city": "去哪个城市？",
    "city": "在哪个城市？",
    "check_in": "哪天入住？",
    "name": "想去哪个景点？",
    "to": "要去哪里？",
    "amount": "充多少钱？",
    "phone": "给哪个手机号充值？",
    "query": "想买什么？",
    "from": "从哪里上车？告诉我地址或附近的地标就行。",
    "quantity": "要几份呢？说个数字就行。",
    "count": "要几张呢？说个数字就行。",
    "passengers": "几位乘客呢？说个数字就行。",
    "rooms": "要几间房呢？",
}

SUGAR = {"full": "标准糖", "less": "少糖", "half": "半糖", "light": "微糖", "none": "无糖"}
ICE = {"normal": "正常冰", "less": "少冰", "none": "去冰", "room": "常温", "warm": "温", "hot": "热"}
SEAT = {"back": "最后一排", "front": "前排", "middle": "中间", "aisle": "靠过道", "couple": "情侣座"}


def yuan(fen: int) -> str:
    return format_fen(fen)


def ask(slot: str) -> str:
    return QUESTIONS.get(slot, f"请补充一下{slot}。")


def wishes(domain: str, slots: dict[str, Any]) -> str:
    """The user's stated preferences, as a short phrase: '少糖少冰的珍珠奶茶'."""
    if domain == "takeout":
        prefs = "".join(x for x in (SUGAR.get(slots.get("sugar", "")), ICE.get(slots.get("ice", ""))) if x)
        item = "饮品" if slots.get("any") else slots.get("item", "")
        return f"{prefs}的{item}" if prefs else str(item)
    if domain == "movie":
        seat = SEAT.get(slots.get("seat", ""), "")
        return f"《{slots.get('movie', '')}》" + (f"（{seat}）" if seat else "")
    if domain in ("train", "flight"):
        return f"{slots.get('from_city', '')}到{slots.get('to_city', '')}的{LABELS_ZH[Domain(domain)]}"
    if domain == "hotel":
        near = f"{slots['near']}附近的" if slots.get("near") else ""
        return f"{slots.get('city', '')}{near}酒店"
    return str(slots.get("item") or slots.get("name") or slots.get("query") or slots.get("to") or
               LABELS_ZH.get(Domain(domain), domain))


def found(domain: str, slots: dict[str, Any], count: int) -> str:
    return f"为你找到{count}个{wishes(domain, slots)}的选择，回复“第一个”或序号选择，也可以说“要便宜的”“换一家”。"


def nothing_found(domain: str, slots: dict[str, Any], problems: list[str]) -> str:
    reason = f"（{problems[0]}）" if problems else ""
    return f"抱歉，暂时没找到合适的{wishes(domain, slots)}{reason}。可以换个时间、地点或条件试试。"


def with_problems(text: str, problems: list[str]) -> str:
    distinct = list(dict.fromkeys(p for p in problems if p))[:2]
    return f"{'；'.join(distinct)}。{text}" if distinct else text


def spec(details: dict[str, Any], lines: Sequence[dict[str, Any]]) -> str:
    """What exactly is bought, in a few words: '中杯·半糖·少冰 ×2' or '12排9座、12排10座'."""
    seats = [str(code).rsplit("/", 1)[-1] for code in details.get("seats") or []]
    if seats:
        return "、".join(seats) + ("，情侣座" if details.get("couple_seats") else "")
    options = details.get("options_zh")
    words = "·".join(str(v) for v in options.values() if v) if isinstance(options, dict) else ""
    count = 0 if "nights" in details else sum(int(line.get("quantity", 1)) for line in lines)   # rooms x nights
    return " ".join(x for x in (words, f"×{count}" if count > 1 else "") if x)


def confirm_card(card: dict[str, Any]) -> str:
    coupon = f"，{card['coupon']}抵扣{yuan(card['discount_fen'])}" if card.get("discount_fen") else ""
    what = f"（{card['spec']}）" if card.get("spec") else ""
    head = (f"{card['title']}{what}：合计{yuan(card['price_fen'] + card['fees_fen'])}{coupon}，"
            f"实付{yuan(card['pay_fen'])}。退改规则：{card['policy']}。")
    if not card.get("pays") and not card.get("in_plan"):
        return head + "回复“确认”先定下这一项（全部确认后一起支付），或“不要了”取消。"
    return head + "回复“确认”支付，或“不要了”取消。"


def confirm_plan(leg: dict[str, Any], plan: dict[str, Any]) -> str:
    """The last leg of a plan and the total that one 确认 pays for every leg."""
    what = f"（{leg['spec']}）" if leg.get("spec") else ""
    listed = "；".join(f"{x['title']} {yuan(x['pay_fen'])}" for x in plan["legs"])
    return (f"{leg['title']}{what}：实付{yuan(leg['pay_fen'])}。退改规则：{leg['policy']}。"
            f"全部{len(plan['legs'])}项：{listed}，共实付{yuan(plan['total_pay_fen'])}。回复“确认”一起支付，或“不要了”取消。")


def confirm_button(card: dict[str, Any]) -> str:
    """The label of a confirmation card's button: the exact total it pays, or that it pays nothing yet."""
    return f"确认支付 {yuan(card['total_pay_fen'])}" if card.get("pays") else "确认这一项（最后一起支付）"


def coupon(value_fen: int | None) -> str:
    return f"免单卡 {value_fen // 100}元" if value_fen else "免单卡"


def plan_policy() -> str:
    return "各项按各自的退改规则"


def plan_title(count: int) -> str:
    return f"组合订单（{count}项）"


def keep_confirmed(dropped: str, card: dict[str, Any]) -> str:
    dropped = dropped or "这一项"
    listed = "；".join(f"{leg['title']} {yuan(leg['pay_fen'])}" for leg in card.get("legs") or [])
    return (f"好的，{dropped}不要了，已释放。已确认的{listed}还要吗？回复“确认”一起支付{yuan(card['total_pay_fen'])}，"
            "回复“不要了”全部取消。")


def paid_plan(count: int, paid_fen: int, titles: Sequence[str]) -> str:
    return f"{count}项一起支付成功，共实付{yuan(paid_fen)}。" + "".join(f"{t}；" for t in titles)


def already_paid(order_id: str) -> str:
    return f"订单{order_id}已经支付过了，不会重复扣款。"


def decline_after_paid(order_id: str) -> str:
    return f"订单{order_id}已经支付成功，没法直接取消；需要的话说“退款”，按退改规则退回。"


def pick_first(count: int) -> str:
    return f"先选一个吧：回复序号1到{count}，或说“要便宜的”。"


def pick_range(count: int) -> str:
    return f"只有{count}个选项，请说序号1到{count}。"


def leg_confirmed(number: int) -> str:
    return f"第{number}项已确认，全部确认后一起支付。"


def confirm_again(pay_fen: int) -> str:
    return f"订单有更新，没有扣款。请再确认一次：共需付{yuan(pay_fen)}，回复“确认”支付，或“不要了”取消。"


def amount_changed(pay_fen: int) -> str:
    return f"金额有变化（现在共需付{yuan(pay_fen)}），没有扣款。请看清新的金额，回复“确认”按新金额支付。"


def paid(order: dict[str, Any]) -> str:
    coupon = f"（免单卡抵扣{yuan(order['discount_fen'])}）" if order.get("discount_fen") else ""
    return f"已下单并支付{yuan(order['paid_fen'])}{coupon}，订单号{order['id']}。"


def declined() -> str:
    return "好的，已取消，没有扣款，锁定的库存也已释放。"


def pending_dropped() -> str:
    return "刚才待确认的订单已取消，没有扣款。"


def hold_expired() -> str:
    return "刚才的订单已失效（保留时间已过或已取消），没有扣款。重新为你查了一遍："


def nothing_to_confirm() -> str:
    return "现在没有待确认的订单哦，想办点什么？"


def greeting() -> str:
    return "你好，我是帮我。可以帮你点外卖、买电影票、订火车票机票酒店、买门票、打车、充话费和网购，直接说需求就行。"


def polite_refusal() -> str:
    return "这个我帮不上忙。我可以帮你点外卖、买票、订酒店、打车或充话费，有需要随时说。"


def empty() -> str:
    return "没听清，可以再说一遍想办什么吗？"


def too_long() -> str:
    return "这段话太长了，我没有处理。用一两句话告诉我想办什么就好，比如“帮我点一杯少糖的珍珠奶茶”。"


def injection(awaiting: str | None) -> str:
    """Instructions to skip consent or rewrite rules: never obeyed, the user is told what still works."""
    if awaiting == "confirm":
        return "我不会按这类指令下单或付款，也不会改价格。上面的订单还没支付：要买请回复“确认”，不要就说“不要了”。"
    if awaiting == "select":
        return "我不会按这类指令下单或付款。想要哪个请回复序号，不想要就说“不要了”。"
    return "我不会按这类指令直接下单或付款。每一单都会先给你看价格和退改规则，你确认后才支付。想买什么直接告诉我吧。"


def rider(courier: Sequence[float], destination: Any) -> str:
    """Where the rider is, in words a person can use: how far from the door."""
    if isinstance(destination, list | tuple) and len(destination) == 2:
        metres = places.distance_m(courier[0], courier[1], float(destination[0]), float(destination[1]))
        return f"，骑手距你约{metres}米" if metres >= 50 else "，骑手就在楼下"
    return f"，骑手位置({courier[0]:.4f}, {courier[1]:.4f})"


def seats_elsewhere(wished: str, count: int) -> str:
    return f"{wished}已经没有{count}个连在一起的座位了，下面是其他排的连座"


CLOSED_MARK = "已打烊"
OUT_OF_RANGE_MARK = "配送范围"


def closed(merchant: str, hours: str) -> str:
    return f"{merchant}已打烊（营业时间{hours}）" if hours else f"{merchant}已打烊"


def out_of_range(place: str) -> str:
    return f"{place}不在附近商家的配送范围内"


def shortfall_charged(amount_fen: int) -> str:
    return f"钱包余额不足，已从你绑定的银行卡充值{yuan(amount_fen)}。"


def payment_declined(reason: str) -> str:
    return f"钱包余额不足，从银行卡补款时{reason}。这单还没支付：换张银行卡后回复“确认”再试，或回复“不要了”取消。"


def balance_short(balance_fen: int, short_fen: int) -> str:
    return (f"钱包余额{yuan(balance_fen)}，还差{yuan(short_fen)}，没有扣款。"
            "充值后回复“确认”即可继续支付，或回复“不要了”取消。")


def still_pending(card: dict[str, Any]) -> str:
    """A reminder of the deal waiting for an answer."""
    return f"另外，{card['title']}还在等你确认（实付{yuan(card['pay_fen'])}）：回复“确认”支付，或“不要了”取消。"


def plan_released() -> str:
    return "这个行程要一起办成才付款，前面已选的也先取消了，没有扣款。换个日期或条件再试试？"


def cards_left(count: int) -> str:
    return f"你还有{count}张免单卡可用" + ("，下单时会自动用上。" if count else "。邀请好友可以再得免单卡。")


def no_campaign() -> str:
    return "现在没有进行中的领卡活动。"


def card_claimed(value_fen: int) -> str:
    return f"领到1张{yuan(value_fen)}免单卡，下单时自动抵扣。"


def invite() -> str:
    return "在“邀请”页复制你的邀请链接发给好友，好友用它注册后，你就能多得1张免单卡（每人最多21张）。"


def no_orders() -> str:
    return "你还没有订单。"


def recent_orders(rows: Sequence[tuple[str, str]]) -> str:
    return "最近的订单：" + "；".join(f"{title}（{status}）" for title, status in rows) + "。"


def order_not_found() -> str:
    return "没有找到对应的订单。"


def tracking(title: str, status: str, *, eta: Any, delivered: bool, courier: Sequence[float] | None,
             destination: Any, tickets: Sequence[str]) -> str:
    text = f"{title}：{status}"
    if eta is not None:
        text += f"，预计{eta:%H:%M}{'送达' if delivered else ''}"
    if courier:
        text += rider(courier, destination)
    if tickets:
        text += "，电子票号" + "、".join(tickets)
    return text + "。"


def held_cancelled(title: str) -> str:
    return f"{title}还没支付，已取消并释放库存。"


def not_refundable(title: str, reason: str) -> str:
    return f"{title}{reason}。"


def refunded(title: str, refunded_fen: int, fee_fen: int, *, card_returned: bool) -> str:
    fee_text = f"（按退改规则扣手续费{yuan(fee_fen)}）" if fee_fen else ""
    card = "，免单卡已退回" if card_returned else ""
    return f"{title}已退款{yuan(refunded_fen)}{fee_text}{card}，原路退回钱包。"


def nothing_to_repeat() -> str:
    return "还没有可以再来一单的外卖订单，想点什么？"


def leg_prefix(number: int, count: int) -> str:
    return f"第{number}/{count}项：" if count > 1 else ""


GREETING_WORDS = ("你好", "您好", "hi", "hello", "在吗")


# ---- relaxing: what changed, in words -----------------------------------------------------------------

FORMAT = {"IMAX": "IMAX", "杜比": "杜比", "3D": "3D", "2D": "2D"}
WINDOW = {"morning": "上午", "noon": "中午", "afternoon": "下午", "evening": "晚上", "night": "深夜"}
CABIN = {"economy": "经济舱", "business": "商务舱", "first": "头等舱"}
SEAT_CLASS = {"second": "二等座", "first": "一等座", "business": "商务座", "hard_sleeper": "硬卧",
              "soft_sleeper": "软卧", "hard_seat": "硬座", "no_seat": "无座"}
TRAIN_TYPE = {"G": "高铁", "D": "动车", "K": "快速", "Z": "直达特快", "T": "特快"}
CAR = {"economy": "快车", "comfort": "舒适型", "premium": "专车", "xl": "六座车"}
_ANY = {"format": "普通厅", "seat": "其他座位", "time_window": "其他时段", "time": "其他场次", "cinema": "其他影院",
        "max_price": "不限价格", "brand": "其他品牌", "spec": "其他规格", "star": "其他星级", "near": "附近其他位置",
        "cabin": "其他舱位", "direct": "含中转", "seat_class": "其他座席", "train_type": "其他车型",
        "car_type": "其他车型", "shop": "其他店", "toppings": "不加料", "size": "其他杯型", "deliver_at": "尽快送达",
        "ticket_type": "其他票种"}


def _wish(name: str, value: Any) -> str:
    tables: dict[str, dict[str, str]] = {"format": FORMAT, "seat": SEAT, "time_window": WINDOW, "cabin": CABIN,
                                         "seat_class": SEAT_CLASS, "train_type": TRAIN_TYPE, "car_type": CAR}
    if name == "max_price":
        return f"{value}元以内"
    if name == "direct":
        return "直飞"
    if name == "near":
        return f"{value}附近"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return tables.get(name, {}).get(str(value), str(value))


def dropped(domain: str, name: str, value: Any) -> str:
    """「IMAX → 普通厅」: a wish given up, in words."""
    return f"{_wish(name, value)} → {_ANY.get(name, '不限')}"


def moved_day(asked: Any, day: Any) -> str:
    return f"{asked.month}月{asked.day}日 → {day.month}月{day.day}日"


def moved_city(asked: str, other: str) -> str:
    return f"{asked} → {other}"


def by_train() -> str:
    return "飞机 → 火车"


def relaxed(changed: Sequence[str]) -> str:
    """Said before relaxed offers: nothing matched every wish, and what was given up."""
    return f"没有完全符合的选择，已为你放宽：{'，'.join(changed)}。"


def ask_instead(domain: str, slots: dict[str, Any], problems: list[str], slot: str, value: str,
                names: Sequence[str]) -> str:
    """No offer even after relaxing: say why, and ask the one thing that would help."""
    reason = f"（{problems[0]}）" if problems else ""
    head = f"没找到合适的{wishes(domain, slots)}{reason}。"
    if names and slot == "movie":
        return head + f"附近在映的有：{'、'.join(f'《{n}》' for n in names)}，想看哪部？"
    if names:
        return head + f"你是不是想找：{'、'.join(names)}？回复名称就行，也可以换一个。"
    if slot in ("address", "from", "to", "near"):
        place = f"“{value}”" if value else "要送到的地方"
        return head + f"{place}具体在哪里？告诉我详细地址（如“XX路XX号”）或附近的地标。"
    return head + QUESTIONS.get(slot, f"换一个{slot}试试？")


def deliver_to(place: str) -> str:
    return f"送到：{place}"


def where_is(label: str) -> str:
    return f"“{label}”在哪里？告诉我地址（如“文三路478号”），我记下来，下次说“{label}”就行。"


def place_remembered(label: str, text: str) -> str:
    return f"已记下“{label}”：{text}。"


def farther(near: str, metres: int) -> str:
    return f"{near}附近 → {metres // 1000}公里内最近的"


def connection(hub: str) -> str:
    return f"直飞 → 经{hub}中转"


def info_answer(ask: str, *, title: str, price_fen: int, attrs: Mapping[str, Any]) -> str:
    """One answer about a thing, from what the catalog knows (nothing is made up)."""
    name = str(attrs.get("sight") or attrs.get("shop") or attrs.get("hotel") or attrs.get("movie") or title)
    if ask == "price":
        return f"{title}：{yuan(price_fen)}。"
    if ask == "hours":
        when = attrs.get("hours") or attrs.get("depart_time") or attrs.get("start_time")
        return f"{name}的时间：{when}。" if when else f"{name}暂时没有时间信息。"
    if ask == "rating" and attrs.get("rating") is not None:
        return f"{name}评分{attrs['rating']}。"
    if ask == "address":
        area = attrs.get("area") or attrs.get("cinema") or attrs.get("from_place")
        metres = attrs.get("distance_m")
        far = f"，离你约{int(metres) / 1000:.1f}公里" if isinstance(metres, int | float) else ""
        return f"{name}在{area}{far}。" if area else f"{name}{far or '的具体地址在订单里会显示'}。"
    if ask == "availability":
        left = attrs.get("left")
        return f"{title}还有{left}个名额。" if isinstance(left, int) and left > 0 else f"{title}目前有余量。"
    if ask == "duration":
        minutes = attrs.get("duration_minutes") or attrs.get("runtime_minutes")
        return f"{name}约{int(minutes) // 60}小时{int(minutes) % 60}分钟。" if minutes else f"{title}：{yuan(price_fen)}。"
    if ask == "phone":
        return f"{name}的电话我这里没有，可以直接让我帮你下单或咨询。"
    return f"{title}：{yuan(price_fen)}。"


def offer_to_order() -> str:
    return "要订的话，回复序号就行。"


def seats_changed(before: str, after: str, *, couple: bool) -> str:
    kind = f"（情侣座，每座加{yuan(COUPLE_SURCHARGE_FEN)}）" if couple else ""
    return f"已为你从{before}换到{after}{kind}，原来的座位已释放。"


def same_seats(seats: str) -> str:
    return f"你现在就是{seats}，座位没有变。想换的话可以说“换到10排5座和6座”“换到最后一排中间”或“要情侣座”。"


def nothing_to_reseat() -> str:
    return "现在没有待支付的电影票可以换座位。先说想看哪场电影，选好后就能换座位。"


def seats_asked(seats: str) -> str:
    return f"换到{seats}"


# ---- tracking, refunds offered, wallet top-up (issue 14) ---------------------------------------------

def distance(metres: int) -> str:
    """800 米 / 1.2 公里."""
    return f"{metres} 米" if metres < 1000 else f"{metres / 1000:.1f} 公里"


def whereabouts(phase: str, *, rider_m: int | None, shop_m: int, minutes: int | None) -> str:
    """Where a delivery is, in words instead of coordinates: 「骑手距你 1.2 公里，约 8 分钟」."""
    soon = f"，约 {minutes} 分钟" if minutes else ""
    if rider_m is not None:
        return "骑手就在楼下" if rider_m < 50 else f"骑手距你 {distance(rider_m)}{soon}"
    if phase in ("delivered", "completed", "done"):
        return "已送达"
    return f"商家距你 {distance(shop_m)}" + (f"，预计 {minutes} 分钟送达" if minutes else "")


def refund_reason(reason: str, *, policy_zh: str, status_zh: str, fee_fen: int = 0) -> str:
    """Why 申请退款 is (not) offered now, in the words of the order's refund policy."""
    if reason == "not_paid":
        return "订单还没支付，不用退款，可以直接取消"
    if reason == "refunded":
        return "这笔订单已经退款了"
    if reason == "ended":
        return f"订单{status_zh}，不能再退款"
    if reason == "policy":
        return f"按退改规则不能退款：{policy_zh}"
    return f"可以退款，按退改规则扣手续费{yuan(fee_fen)}" if fee_fen else "可以全额退款"


WALLET_TOPUP_TITLE = "钱包充值"
WALLET_TOPUP_POLICY = "从绑定的银行卡扣款，即时到账，余额可直接用于下单付款"


def wallet_topup_offer(amount_fen: int, balance_fen: int) -> str:
    return (f"给你的钱包充值{yuan(amount_fen)}，从绑定的银行卡扣款，充值后余额{yuan(balance_fen + amount_fen)}。"
            "回复“确认”充值，或说“不要了”。")


def wallet_topup_done(amount_fen: int, balance_fen: int) -> str:
    return f"已给钱包充值{yuan(amount_fen)}，现在钱包余额{yuan(balance_fen)}。"


def wallet_topup_declined() -> str:
    return "好的，不充值了，没有扣款。"


def wallet_topup_amount() -> str:
    return "要给钱包充多少钱？比如“钱包充100”。"


def wallet_no_card() -> str:
    return "你还没有绑定银行卡，暂时不能给钱包充值。可以先在“卡包”里绑定银行卡，再来充值。"


def wallet_topup_limits(low_fen: int, high_fen: int) -> str:
    return f"单次充值金额需在{yuan(low_fen)}到{yuan(high_fen)}之间"


def wallet_topup_range(low_fen: int, high_fen: int) -> str:
    return wallet_topup_limits(low_fen, high_fen) + "，要充多少？"


def refused_count(said: Sequence[str]) -> str:
    """A count said in a form no order can take is not guessed."""
    return f"“{'、'.join(said)}”这个数量没法下单，我没有替你猜。"


def pick_showing_first(seats: str) -> str:
    wanted = f"换到{seats}" if seats else "选座、换座"
    return f"先选一场（回复序号），确认卡上就能{wanted}，也可以直接说“换到{seats or '10排5座和6座'}”。"


def sandbox_card_bound() -> str:
    return "已绑定测试银行卡（沙箱，不会真的扣款），现在可以给钱包充值了。"

