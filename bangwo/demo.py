"""`bangwo demo`: a scripted walk through several errands, each step printed as a person would read it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from bangwo import views
from bangwo.bootstrap import App
from bangwo.domain import commands, fulfilment, payments
from bangwo.domain.clocks import FixedClock
from bangwo.domain.domains import Domain
from bangwo.domain.listings import Address, GeoPoint, Listing, QuoteRequest, SearchQuery
from bangwo.domain.offers import Offer
from bangwo.domain.orders import Order
from bangwo.domain.users import User
from bangwo.services import carding, checkout, fulfilling, ordering, paying, quoting, refunding, registering


class Demo:
    """One run of the walk-through against the configured database."""

    def __init__(self, app: App, console: Console) -> None:
        self.app, self.out = app, console
        self.clock = app.clock if isinstance(app.clock, FixedClock) else FixedClock(app.clock.now())
        self.step = 0
        self.user = self._fresh_user_id("xiaoming")
        self.friend = self._fresh_user_id("xiaohong")

    def _fresh_user_id(self, base: str) -> str:
        with self.app.uow.reader() as uow:
            n = 1
            while uow.users.find(f"{base}{n}") is not None:
                n += 1
        return f"{base}{n}"

    def title(self, text: str) -> None:
        self.step += 1
        self.out.rule(f"[bold]第{self.step}步  {text}")

    def say(self, text: str) -> None:
        self.out.print(f"[bold cyan]用户[/bold cyan]：{text}")

    def balances(self) -> None:
        with self.app.uow.reader() as uow:
            wallet = views.wallet_json(uow, self.user, self.clock.now())
            ledger = uow.ledger.balances()
        merchants = sum(v for k, v in ledger.items() if k.startswith("merchant:"))
        self.out.print(f"  [dim]钱包 {views.yuan(wallet['wallet_fen'])} · 可用免单卡 {wallet['cards_usable']} 张 · "
                       f"商家合计 {views.yuan(merchants)} · 平台补贴 {views.yuan(ledger.get(payments.PLATFORM_SUBSIDY, 0))}"
                       f" · 账本合计 {views.yuan(sum(ledger.values()))}[/dim]")

    def offer_card(self, offer: Offer) -> int:
        """Show the offer as the checkout prices it; returns the amount to pay (what 确认 is bound to)."""
        (allotment,) = checkout.price(self.user, None, 0, [offer.total_fen], uow=self.app.uow(), clock=self.clock)
        discount = allotment.discount_fen
        lines = "\n".join(f"{ln.title} × {ln.quantity}  {views.yuan(ln.amount_fen)}" for ln in offer.lines)
        fees = f"\n配送/服务费 {views.yuan(offer.fees_fen)}" if offer.fees_fen else ""
        coupon = f"免单卡 -{views.yuan(discount)}" if discount else "（没有可用的免单卡）"
        body = (f"{lines}{fees}\n合计 {views.yuan(offer.total_fen)}  {coupon}\n"
                f"[bold]实付 {views.yuan(offer.total_fen - discount)}[/bold]\n"
                f"[yellow]退改规则：{offer.policy.summary_zh}[/yellow]")
        self.out.print(Panel(body, title=f"{offer.merchant_name} · {offer.title}", expand=False))
        return offer.total_fen - discount

    def buy(self, offer: Offer, key: str) -> Order:
        shown = self.offer_card(offer)
        self.out.print("[bold cyan]用户[/bold cyan]：确认")
        order = ordering.place_order(commands.PlaceOrder(self.user, offer, f"{self.user}:{key}"),
                                     uow=self.app.uow(), clock=self.clock)
        order = checkout.pay_order(commands.PayOrder(self.user, order.id, f"{self.user}:{key}:pay",
                                                     expected_pay_fen=shown), uow=self.app.uow(), clock=self.clock)
        coupon = f"，免单卡抵扣 {views.yuan(order.discount_fen)}" if order.discount_fen else ""
        self.out.print(f"[green]已支付 {views.yuan(order.paid_fen)}{coupon}，订单号 {order.id}[/green]")
        self.balances()
        return order

    def search(self, query: SearchQuery) -> list[Listing]:
        return quoting.search(query, catalog=self.app.catalog, uow=self.app.uow(), clock=self.clock)

    # ---- the errands -------------------------------------------------------------------------

    def join(self) -> None:
        self.title("新用户加入，领取首单免单卡")
        home = Address(text="杭州市西湖区文三路478号", city="杭州", point=GeoPoint(30.2799, 120.1376))
        for uid, name in ((self.user, "小明"), (self.friend, "小红")):
            registering.register_user(User(id=uid, name=name, phone="13800138001", home_city="杭州",
                                           addresses=(home,)), uow=self.app.uow(), clock=self.clock,
                                      campaign_id=self.app.settings.campaign_id)
        paying.top_up(commands.TopUp(self.user, 300_000, "demo-card", f"{self.user}:topup"), uow=self.app.uow(),
                      clock=self.clock, gateway=self.app.gateway)
        self.out.print(f"{self.user}（小明）注册，钱包充值 3000.00元，获得 1 张 25元免单卡")
        self.balances()

    def milk_tea(self) -> Order:
        self.title("点一杯少糖少冰的珍珠奶茶")
        self.say("帮我点一杯少糖少冰的珍珠奶茶")
        listings = [x for x in self.search(SearchQuery(Domain.TAKEOUT, text="珍珠奶茶", city="杭州",
                                                       near=GeoPoint(30.2799, 120.1376)))
                    if x.attrs.get("open", True) and (x.attrs.get("left") or 0) > 0]
        pick = listings[0]
        self.out.print(f"找到 {len(listings)} 家可送达的店，选了评分和送达时间最好的：{pick.merchant_name}")
        offer = quoting.quote(QuoteRequest(Domain.TAKEOUT, pick.ref, 1, {"sugar": "less", "ice": "less"},
                                           address=Address("杭州市西湖区文三路478号", "杭州",
                                                           GeoPoint(30.2799, 120.1376))),
                              catalog=self.app.catalog, clock=self.clock)
        return self.buy(offer, "tea")

    def invite(self) -> None:
        self.title("邀请好友得免单卡")
        self.say("我要邀请小红")
        got = carding.accept_invite(self.user, self.friend, self.app.settings.campaign_id, uow=self.app.uow(),
                                    clock=self.clock, quota=self.app.quota)
        self.out.print(f"小红通过邀请加入，小明获得 {len(got)} 张免单卡")
        self.balances()

    def cinema(self) -> Order:
        self.title("两张《惊蛰无声》首映，最后一排，晚上8点左右")
        self.say("帮我买两张《惊蛰无声》首映日的票，最后一排，晚上8点左右")
        premiere = date(2026, 2, 17)
        shows = self.search(SearchQuery(Domain.MOVIE, city="杭州", on=premiere,
                                        filters={"movie": "惊蛰无声", "time_window": "evening"}, limit=50))
        show = min(shows, key=lambda s: abs(_minutes(s.attrs.get("start", "20:00")) - 20 * 60))
        self.out.print(f"首映日 {premiere:%m月%d日} 晚上共 {len(shows)} 场，离8点最近：{show.merchant_name} "
                       f"{str(show.attrs.get('start'))[11:16]} {show.attrs.get('hall_name', show.attrs.get('hall', ''))}")
        offer = quoting.quote_seats(show.ref, count=2, preference="back", catalog=self.app.catalog,
                                    uow=self.app.uow(), clock=self.clock)
        self.out.print(f"最后一排连座：{'、'.join(s.rsplit('/', 1)[1] for s in offer.seats)}")
        return self.buy(offer, "movie")

    def train(self) -> Order:
        self.title("下周一杭州到北京的高铁二等座")
        self.say("订一张下周一杭州到北京的二等座")
        monday = self.clock.now().date() + timedelta(days=(7 - self.clock.now().weekday()) % 7 or 7)
        deps = self.search(SearchQuery(Domain.TRAIN, on=monday,
                                       filters={"from_city": "杭州", "to_city": "北京", "seat_class": "second"}))
        dep = next(d for d in deps if (d.attrs.get("left") or 0) > 0)
        self.out.print(f"{monday:%m月%d日} 共 {len(deps)} 趟，选最早有票的：{dep.title}")
        offer = quoting.quote(QuoteRequest(Domain.TRAIN, dep.ref, 1, {"seat_class": "second"}),
                              catalog=self.app.catalog, clock=self.clock)
        return self.buy(offer, "train")

    def hotel(self, check_in: date) -> Order:
        self.title("北京天安门附近的酒店住一晚")
        self.say("再订一晚天安门附近的酒店")
        hotels = self.search(SearchQuery(Domain.HOTEL, city="北京", on=check_in,
                                         filters={"near": "天安门", "check_in": check_in.isoformat(), "nights": 1}))
        pick = hotels[0]
        self.out.print(f"天安门附近 {len(hotels)} 个房型有房，选了：{pick.merchant_name} {pick.title}")
        offer = quoting.quote(QuoteRequest(Domain.HOTEL, pick.ref, 1,
                                           {"check_in": check_in.isoformat(), "nights": 1}),
                              catalog=self.app.catalog, clock=self.clock)
        return self.buy(offer, "hotel")

    def later(self, minutes: int) -> None:
        self.title(f"{minutes}分钟后：配送和出票")
        self.clock.advance(timedelta(minutes=minutes))
        fulfilling.advance_all(uow=self.app.uow, clock=self.clock)
        with self.app.uow.reader() as uow:
            for order in uow.orders.list_for_user(self.user):
                state = fulfilment.progress(order, self.clock.now())
                extra = _details_line(order.details)
                self.out.print(f"  {order.title}：{state.phase_zh}{extra}")

    def refund(self, order: Order) -> None:
        self.title("退掉电影票")
        self.say("退掉刚才的电影票")
        done = refunding.refund_order(commands.RefundOrder(self.user, order.id, f"{self.user}:refund"),
                                      uow=self.app.uow(), clock=self.clock)
        card = "，免单卡已退回" if done.details.get("card_returned") else ""
        self.out.print(f"[green]已退款 {views.yuan(done.refunded_fen)}（手续费 "
                       f"{views.yuan(int(done.details.get('refund_fee_fen', 0)))}）{card}[/green]")
        self.balances()

    def chat(self) -> None:
        self.title("用一句话办事：和帮我对话")
        engine = self.app.conversation()
        for text in ("喝啥都行，不要太甜", "换成半糖", "要便宜的", "确认", "确认", "我的奶茶到哪了"):
            self.say(text)
            views.print_turn(self.out, engine.handle(self.user, text, conversation_id="demo").to_json())
        self.balances()

    def finish(self) -> None:
        self.title("最后的订单、免单卡和账本")
        with self.app.uow.reader() as uow:
            rows = [views.order_json(o, self.clock.now())
                    for o in uow.orders.list_for_user(self.user)]
            wallet = views.wallet_json(uow, self.user, self.clock.now())
            ledger = uow.ledger.balances()
        self.out.print(views.orders_table(rows))
        self.out.print(views.wallet_panel(wallet))
        table = Table(title="账本（所有账户合计恒为0）")
        table.add_column("账户")
        table.add_column("余额", justify="right")
        for account in sorted(k for k in ledger if not k.startswith("wallet:") or k == f"wallet:{self.user}"):
            table.add_row(account, views.yuan(ledger[account]))
        table.add_row("[b]全部账户合计[/b]", views.yuan(sum(ledger.values())))
        self.out.print(table)


def _minutes(hhmm: Any) -> int:
    text = str(hhmm)[-5:]
    return int(text[:2]) * 60 + int(text[3:5])


def _details_line(details: dict[str, Any]) -> str:
    if details.get("tickets"):
        return "，电子票号 " + "、".join(details["tickets"])
    return ""


def run(app: App, console: Console) -> dict[str, Any]:
    """The scripted walk-through; returns the ids of what it bought."""
    demo = Demo(app, console)
    console.print(Panel("帮我 · 一句话办成事\n下面按一个普通用户的一天，依次点奶茶、买电影票、订高铁和酒店，再退一张票。",
                        title=f"bangwo demo  {demo.clock.now():%Y-%m-%d %H:%M}", expand=False))
    demo.join()
    tea = demo.milk_tea()
    demo.invite()
    movie = demo.cinema()
    train = demo.train()
    hotel = demo.hotel(_date(train.starts_at))
    demo.later(40)
    demo.refund(movie)
    demo.chat()
    demo.finish()
    return {"user": demo.user, "orders": [tea.id, movie.id, train.id, hotel.id]}


def _date(moment: datetime | None) -> date:
    assert moment is not None
    return moment.date()
