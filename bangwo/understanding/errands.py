"""Slots of movie tickets, phone top-ups and the user's own orders and cards (account)."""

from __future__ import annotations

import re
from typing import Any

from bangwo.understanding import cues, options
from bangwo.understanding.lazyregex import lazy_compile
from bangwo.understanding.numerals import NUM, parse_int, parse_number
from bangwo.understanding.pieces import MASK, Piece, max_price, phone_number
from bangwo.understanding.travel import tickets

# Said at the end of a clause: 多久能到 is a tracking question, 几点到上海 is a trip.
_WHEN_ARRIVES = r"(?:多久|什么时候|啥时候)能?(?:到|送到|送来|发货)(?=$|[吗呢啊呀了？?，,!！\s])"
ACCOUNT_INTENTS: list[tuple[str, re.Pattern[str]]] = [
    ("invite", lazy_compile(r"邀请|拉(?:个|几个)?(?:新|好友|朋友|人|上)|邀请码|分享给(?:朋友|好友|同事|同学)?|推荐给(?:朋友|好友)|"
                          r"一起(?:用|注册)(?!车)")),
    ("claim_card", lazy_compile(r"领(?:取|一下|个|张|[一两1-9]张|了)?(?:免单卡|券|优惠券|卡|红包)|"
                              # 领一下新人优惠券, 帮我领张春节红包: the kind of card said before it
                              r"(?<![带率首本引])领(?:取)?(?:一下|下|个|张|[一两1-9]张)?(?:新人|新用户|春节|新年|过年|会员|外卖|打车|电影|满减|"
                              r"无门槛|[0-9一二两三四五六七八九十]+元)(?:的)?(?:免单卡|券|优惠券|红包|代金券)|"
                              r"领(?:取|一下|下)?[^，,。！!？?]{1,6}?的(?:免单卡|券|优惠券|红包)|(?:免单卡|券).{0,6}领|"
                              r"(?:在哪|怎么|去哪)(?:里|儿)?领")),
    ("list_cards", lazy_compile(r"(?:几|多少)张?(?:免单卡|卡|券)|(?:免单卡|卡券|优惠券|券)(?:还)?(?:剩|有)(?:多少|几)|"
                              r"我的(?:卡券|免单卡|优惠券|券)|(?:免单卡|优惠券|代金券|卡券)(?:还)?(?:能|可以)用(?:吗|么|嘛|不)|"
                              r"(?:免单卡|优惠券|代金券|卡券)[^。？?]{0,10}?还(?:剩|有)(?:几|多少)张|有(?:什么|哪些|啥)(?:优惠券|券|卡)|卡包|"
                              r"查(?:看|一下)?(?:免单卡|卡券|优惠券)|有(?:没有)?(?:免单卡|优惠券)(?:吗|么|嘛)|"
                              r"(?:几|多少)张(?:优惠券|代金券|红包|卡券)|(?:能用|可用|可以用)的(?:券|优惠券|免单卡|红包|代金券)|"
                              # points and membership are the user's own holdings, like cards (我还有多少积分)
                              # 优惠券快过期了吗: one's cards about to lapse
                              r"(?:免单卡|优惠券|代金券|卡券|券|红包|积分)[^，,。？?]{0,4}(?:过期|到期|失效)|"
                              r"(?:多少|几)积分|积分(?:还)?(?:有|剩|是)?(?:多少|几)|我的(?:积分|会员)|会员(?:卡)?(?:什么时候|啥时候|几号|哪天)?到期")),
    ("refund", lazy_compile(r"退款|退钱|退票|退掉|退了|退货|退费|退回|退差价|给我退|申请退|要求退|能退吗|可以退吗|能不能退|(?:能|可以)退(?:掉)?[一两半0-9]+[箱杯份个张件双瓶盒袋斤间晚](?:吗|么|嘛)|"
                          r"帮我退(?!订)|退一下|退给我|退回来|退还|"
                          # 我要退这杯奶茶, 退那两张票: the thing pointed at taken back
                          r"(?<![撤后倒减])退(?:掉)?(?:这|那)[一两]?[个双件杯份张台部只条盒箱袋瓶束套本把辆单]")),
    ("cancel_order", lazy_compile(r"取消|不要了|(?:我)?不要(?:那|这)[一两]?[个双件杯份张台部只条盒箱袋瓶束套本把辆单][^，,。？?]{0,5}了|不想要(?:那|这)?.{0,6}了|撤单|撤了|撤销|撤回|退订|别送了|不用送了|不想要了|去不了了|(?<![回过出进])不去了|不住了|"
                                r"不看了|不坐了|不想(?:去|住|坐|看|玩|吃|喝|要)了|"
                                # 我不看哪吒2了, 不去杭州了: the booking named no longer wanted
                                r"不(?:想)?(?:看|住|坐)(?!过|完)[^，,。？?吗么呢]{1,8}了(?:吧|啊|呀)?[。!！~]*$|"
                                # 不要奶茶了: the thing named no longer wanted (not an option dropped: 不要冰了)
                                r"^(?:我)?(?:不要|不想要)(?![^，,。？?]*(?:冰|糖|辣|香菜|葱|蒜|姜|醋|甜|咸|油|太|那么|这么))[^，,。？?]{1,6}了$")),
    ("track_order", lazy_compile(r"到哪了|到哪儿了|到哪里了|还没到|还没送到|还没送|还没来|还不来|怎么还不到|还要多久|"
                               # 到底送不送了, 怎么还不送: a delivery one waits for (not 送不送货, asked of a shop)
                               r"(?:怎么|咋|还|到底)(?:还)?不送(?![货到])|送不送(?:了|啊|呀)|"
                               r"还要等多久|多久到|什么时候到(?!期)|" + _WHEN_ARRIVES + r"|物流|快递(?![柜站点驿网寄取])|进度|发货了|骑手(?=到|在|怎么|还|呢|多久|啥时候|什么时候|电话|$)|"
                               r"配送到(?=哪|了)|我的外卖呢|我的.{1,6}呢$|送到哪|催一?下|确认了[没吗]|(?<!演)出票了|到账了|到了[没吗]|"
                               r"等了?(?:好久|半天|很久)|(?:怎么|还|一直|但|但是|可|可是|我|却)没收到|收到了?[吗没]|(?<!演)出票|"
                               # 订的酒店怎么还没确认, 还没接单: a booking waited on
                               r"(?:怎么|咋)?还没(?:有)?(?:确认|接单|派单|派车|出单)|(?:是不是|好像|可能)?送错了?|还没人联系|"
                               # 订的盒饭送到公司前台了吗, 我那两张票是几排的: where one's own order is, what it says
                               r"送到[^，,。？?]{0,8}?了(?:吗|么|没)|我(?:的|那)[^，,。？?]{0,10}?票(?:是几|是哪|几点|几号|在几)|"
                               r"我(?:刚|刚才|昨天|今天|上周)?(?:订|买|定)的[^，,。？?]{1,8}?(?:是几|是哪|几点|几号|什么时候)|"
                               r"我的(?:机票|电影票|火车票|高铁票|车票|门票|酒店|订单)(?:是几|是哪|几点|几号|什么时候)|"
                               # 电影票订好没有, 酒店订好了吗: whether one's own booking went through
                               r"(?:订|定|买|抢|下单|付款|支付|出票)(?:好|成功)了?(?:没有?|吗|么|嘛)|"
                               # 外卖小哥电话是多少, 骑手的手机号: the courier of one's own order reached
                               r"(?:骑手|外卖小哥|外卖员|外送员|外送小哥|送餐员|配送员|快递员|快递小哥)(?:的)?(?:电话|手机号?|联系方式)|"
                               # 奶茶做好没有, 一直显示配送中: where one's own order stands
                               r"(?:做好|出餐|送出|备好|打包好)(?:了)?(?:没有?|吗|么)|(?:显示|还在|一直)(?:是)?(?:配送中|派送中|运输中|待发货|待配送|制作中|备餐中)|"
                               # 我的披萨送到没有, 外卖到哪儿啦: arrival asked without 了
                               # 电影票取票码是多少, 票怎么取: picking up what one booked
                               r"取(?:票|餐|件|货)(?:码|号)|(?:票|餐|电影票|门票|车票)(?:要|该|应该)?(?:怎么|在哪|去哪)(?:里|儿)?取|"
                               # 我订了哪吒2，几号厅: what one booked, asked after
                               r"我(?:刚|刚刚|已经|昨天|今天|之前)?(?:订|买|定)了[^，,。？?]{1,10}?[，,\s]*(?:是|可以|能|要)?(?:几号厅|几号|几排|几点|哪个厅|哪一?排|在哪)|"
                               r"(?:怎么|咋)(?:这么|那么)久|送到(?:了)?没有?$|到哪(?:儿|里)?(?:啦|呀|呢)|(?:点|买|订|定|叫|寄)的[^，,。？?]{0,8}?到哪|"
                               r"能不能快点|快点送|催催|怎么这么慢|太慢了|发货(?:了)?没|(?<![出开])(?:发|寄)(?:了|走了)(?:吗|么|没)|(?:还没|怎么还不|怎么还没)发货|到那(?:儿|里)?了|"
                               r"一直(?:没|不)(?:送到|送来|到|来|收到)|(?:订单|物流|配送)状态")),
    ("list_orders", lazy_compile(r"我的.{0,6}订单|看看?(?:我的)?订单|查(?:一?下|查)?(?:我的)?(?:历史)?订单|订单列表|"
                               # 看看上个月充的话费, 查下前天买的: one's own purchases of a time looked at
                               r"(?:查|看)(?:一?下|看|查)?(?:我)?(?:上个?月|上周|上礼拜|昨天|前天|之前|以前|刚才|上次|今天|这个月)(?:订|定|买|充|点)的|"
                               # 买的那两箱水能不能改个地址: the delivery address of one's own order changed
                               r"(?:买|订|定|点)的[^，,。？?]{0,10}?改(?:一?下|个)?(?:收货|配送|送货)?地址|"
                               # 买的那双鞋能换大一码吗, 订的票转给朋友, 订的酒店能开发票吗: one's own order, looked at first
                               r"(?:买|订|定)的[^，,。？?]{0,12}?(?:换(?:大|小)|换货|换(?:个)?(?:尺码|码|颜色)|调换|转给|转让|过户)|"
                               r"(?:买|订|定|点)的[^。？?]{0,14}?(?:开|要|补开)(?:一?张|个)?(?:电子)?发票|"
                               # 买的电影票还能改场次吗: one's own booking changed, looked at first
                               r"(?:买|订|定)的[^，,。？?]{0,10}?(?:改|换)(?:一下|个)?(?:场次|时间|日期|座位|位子|座)|"
                               # 昨天订的电影票场次改一下, 刚买的票想换到晚上那场: the same, the change said after what changes
                               r"(?:买|订|定)的[^，,。？?]{0,8}?(?:场次|时间|日期|座位|位子)(?:能|可以|帮我|麻烦)?(?:改|换)|"
                               r"(?:刚才|刚刚|刚|昨天|前天|上午|早上|中午|下午|之前|已经|上次|我)(?:买|订|定)(?:好)?的[^，,。？?]{0,8}?"
                               r"(?:想|要|帮我|能|可以)?(?:改|换)(?:成|到|至)\s*(?:(?:今天|明天|后天)?(?:上午|下午|晚上|早上|中午)|[这那][场趟班]|"
                               r"[0-9一二三四五六七八九十]{1,2}点)|"
                               # 刚才点的汉堡少了一个鸡翅, 那杯奶茶喝出了头发: a complaint about one's own order
                               r"(?:买|订|定|点|叫)的[^，,。？?]{0,8}?(?:少了|少送|漏送|漏了|送错|洒了|撒了|坏了|过期了|烂了|烂掉了|发霉了?|变质了|臭了|不新鲜|"
                               r"(?:吃|喝)出(?:了)?(?:头发|虫子?|异物))|(?:那|这)[杯份碗盒个][^，,。？?]{0,6}?(?:吃|喝)出(?:了)?(?:头发|虫子?|异物)|"
                               r"(?<!怕)(?<!担心)(?<!别)(?<!免得)(?<!省得)送(?:来|到|过来)(?:的时候)?(?:都|已经|就)?(?:凉|冷|洒|撒|坏|化|烂)了|"
                               r"(?:查|看|翻|列)[^，,。]{0,8}订单|"
                               # 我这个月花了多少钱: one's own spending is read from the orders
                               r"(?:我|这个月|上个月|本月|今年|这周|上周)(?:在你们这儿?)?(?:一共|总共|都)?花了(?:多少|几)|"
                               # 查下最近一单, 看看上一单: one's latest order looked at
                               r"(?:查|看|翻)(?:一?下|看|查)?(?:我)?(?:的)?(?:最近|最新|上|刚才|刚刚)(?:的)?(?:一|那|这)?(?:单|笔订单|笔)(?![^，,。？?]{0,4}(?:退|取消|撤|不要))|"
                               # 我上个月点了多少次外卖: one's own orders counted
                               r"(?:我|上个?月|这个月|本月|今年|这周|上周|最近)(?:一共|总共|都)?(?:点|买|订|定|叫)了(?:多少|几)(?:次|单|回|份|杯|张)|"
                               # 我订的电影票, 查看电影票, 我的哪吒2电影票: one's own bookings named bare
                               r"^(?:查看|查询|看看|看下|查下|查一下)?(?:一下)?我(?:订|买|定)(?:好)?的[^，,。？?]{1,8}$|"
                               r"^(?:查看|查询)(?:一下)?(?:我的)?(?:电影票|机票|飞机票|火车票|高铁票|车票|门票)$|"
                               r"^(?:查看|查询|看看|看下|查下|查一下)?(?:一下)?我的[^，,。？?我]{0,6}(?:电影票|机票|飞机票|火车票|高铁票|车票|门票|外卖|快递|包裹|年货)$|"
                               r"历史订单|全部订单|订单记录|购买记录|消费记录|买过|买了啥|买了什么|都买了|(?:都|我)(?:订|定|点)了(?:些|哪些|点)?(?:什么|啥)|订过|下过单|"
                               r"查(?:一?下)?我的|订单.{0,6}看|(?:查|看)(?:一?下|看|查)?(?:我|我们)(?:之前|已经|刚才|上次)?(?:订|定|买)(?:好)?的|"
                               r"(?<![要想])我(?:之前|已经|上次)?(?:订|定|买)(?:好)?的[^，,。？?]{1,12}?(?:帮我|麻烦)?(?:查|看)(?:一?下|看|查)(?!有没有)|(?:哪些|什么|多少|几个|几笔)订单|(?:下|点|买|订)过的(?:单|订单|东西)|"
                               r"(?:查|看|翻)[^，,。？?]{0,8}(?:买|订|点)的东西|(?:买|订|点|下单|消费|购买|外卖|订单)的?记录|"
                               # a booking one has changed to another day (我订的民宿改成下周五, 改签到明天, 之前订的机票改到下周一):
                               # the order is looked at first. Without a word for one's own booking (换成后天, 酒店改到周日住) it
                               # is a change to the request being made, read by the conversation from its state.
                               r"改签|(?:我|已经|之前|上次|刚才|刚)(?:昨天|前天|上周|今天|刚刚|刚才|之前|上次|早上|上午|中午)?(?:订|定|买|约)(?:好)?的[^，,。？?]{0,8}?(?:改|换|推迟|提前|延后)(?:成|到|至)\s*(?:今天|明天|后天|大后天|今晚|明晚|下周|下个?星期|下礼拜|这周|本周|周末|"
                               r"(?:周|星期|礼拜)[一二三四五六日天]|下个?月|[0-9一二三四五六七八九十]{1,3}(?:号|日|月))")),
]
# 买的那双鞋到哪了, 我叫的车: the noun after what was bought, ordered or called.
BOUGHT_RE = lazy_compile(r"(?:买|订|定|点|叫|下单)的(?:那|这)?(?:[一两]?[个双件杯份张台部只条盒箱袋瓶束套本把辆])?(?![能可怎还不要到是单那这])"
                       r"([\u4e00-\u9fff]{1,4}?)(?:司机|师傅|骑手|小哥)?"
                       r"(?=到哪|怎么|还没|能|可以|呢|吗|$|[，,。？?!！\s]|退|取消|不要|什么时候|啥时候|多久|到现在|到底|一直|咋|"
                       r"码数|尺码|颜色|质量|坏了|破了|漏了|有问题|太[大小贵短长]|转给|开发票|还能|还可以)")
# 我不想要那双鞋了: the thing no longer wanted, pointed at.
DROPPED_RE = lazy_compile(r"(?:不想要|不要)(?:那|这)(?:[一两]?[个双件杯份张台部只条盒箱袋瓶束套本把辆])?([\u4e00-\u9fff]{1,4}?)(?=了|$|[，,。！!\s])")
RECENT_RE = lazy_compile(r"最近|刚才|刚刚|上一单|刚下的|那单|这单|刚买的|刚点的|刚订的")
REF_NOUNS = ("电影票", "高铁票", "火车票", "机票", "飞机票", "门票", "车票", "外卖", "外送", "酒店", "饭店", "民宿", "客栈", "快递",
             "打车", "叫车", "话费", "年货", "电影", "订单", "包裹", "网约车", "出租车", "高铁", "动车", "航班")
OTHER_PERSON_RE = lazy_compile(r"给(?:我)?(?:妈|爸|老婆|老公|媳妇|爷爷|奶奶|外婆|外公|姥姥|姥爷|朋友|女朋友|男朋友|同事|他|她|"
                             r"弟弟|妹妹|哥哥|姐姐|哥|姐|儿子|女儿|孩子|家人|爸妈|父母|同学|室友)|帮(?:我)?(?:妈|爸|老婆|老公|"
                             r"爷爷|奶奶|朋友|女朋友|男朋友|同事|弟弟|妹妹|儿子|女儿|孩子)")
AMOUNT_RE = lazy_compile(rf"({NUM})\s*(?:块钱|块|元|rmb|RMB)|(?:充|储值|交|冲)(?:值)?\s*(?:个)?\s*({NUM})(?![下点些般直共])")
# A bare sum said in a top-up (一百五, 50就够, 五十就好): not a count (一下, 两次) nor part of a date or time.
BARE_AMOUNT_RE = lazy_compile(rf"(?<![0-9])({NUM})(?=$|[\s，,。!！吧呀啊的]|就|吧|左右)")
RECHARGE_SPLIT_RE = lazy_compile(r"[，,；;\s]+|再|然后|顺便")
TOPUP_VERB_RE = lazy_compile(r"充|储值|交")


# How long a top-up takes, asked in general (充100话费多久到账, 话费充值一般要多久到账): a question about the
# service, not one's own order (我充的话费怎么还没到账).
GENERAL_TOPUP_RE = lazy_compile(r"充[^，,。？?]{0,8}?(?:一般|通常|大概|大约|最快|最慢)?(?:要|需要|得)?多久(?:能|才能|可以|会)?到(?:账|帐)?")
OWN_TOPUP_RE = lazy_compile(r"充的|充了|还没|怎么还|刚才|刚刚|我的话费")
CARD_SLIP_RE = lazy_compile(r"(?:(?<=优惠)|(?<=代金)|(?<=卡))卷")
CARD_INTENTS = frozenset({"claim_card", "list_cards", "invite"})


# A question about a thing's rules before buying (如果买了门票能退吗, 订了以后能免费取消吗, 没吃完可以退吗):
# asked of the thing (intent info), not of one's own order.
HYPOTHETICAL_RE = lazy_compile(r"(?:如果|要是|万一|假如|假设|假若|若是)[^。？?]{0,14}?(?:退|取消|改)[^，,。]{0,6}(?:吗|么|嘛|[？?]|不)"
                               r"|(?:如果|要是|万一|假如)[^。？?]{0,14}?(?:能|可以|能不能|可不可以)(?:免费)?(?:退|取消)"
                               r"|(?:订|定|买|点|下单|预订|预定)(?:了|好)?(?:以后|之后)(?:还)?(?:能|可以|能不能|可不可以|支持)(?:免费)?(?:退|取消)"
                               r"|没(?:吃|喝|用|看|玩)完(?:的)?(?:话)?(?:能|可以|能不能|可不可以|支持)退")


def hypothetical(text: str) -> bool:
    """A refund or a cancellation asked about as a rule (如果买了…能退吗), not asked for."""
    return bool(HYPOTHETICAL_RE.search(text)) and not RECENT_RE.search(text) and not re.search(
        r"(?:我|刚|已经)(?:订|定|买|点)(?:的|了)", text.split("如果")[0])


def account_intent(text: str) -> str | None:
    """Return the account intent said, or None."""
    if GENERAL_TOPUP_RE.search(text) and not OWN_TOPUP_RE.search(text):
        return None
    text = CARD_SLIP_RE.sub("券", text)  # 优惠卷: the usual miswriting of 券
    if hypothetical(text):
        return None
    text = cues.PARCEL_ERRAND_RE.sub(lambda m: m.group()[0] + "东西", text)  # 去驿站取个快递: an errand, not one's own parcel asked after
    for intent, pattern in ACCOUNT_INTENTS:
        if pattern.search(text):
            return intent
    return None


def order_ref(piece: Piece) -> str | None:
    """Return the order the user refers to: the product or order noun, or 最近 for recency alone.

    Cards and invitations refer to no order (卡包里还有啥券)."""
    if account_intent(piece.text) in CARD_INTENTS:
        return None
    items = piece.entries("item")
    said = BOUGHT_RE.search(piece.text)
    if said and len(items) > 1:  # 晚上要去吃火锅，刚才点的奶茶取消了: the thing bought, not the plan told
        bought = [entry.value for mention, entry in items if mention.start == said.start(1)]
        if bought:
            return bought[0]
    if items:
        return items[0][1].value
    for noun in REF_NOUNS:
        if noun in piece.text and noun != "订单":
            return noun
    for kind in ("shop", "movie", "sight", "hotel_brand", "cinema"):
        found = piece.entries(kind)
        if found:
            return found[0][1].value
    if said and said.group(1) not in ("东西", "订单", "单"):
        return said.group(1)  # 淘宝买的那双鞋: the thing bought, as said
    dropped = DROPPED_RE.search(piece.text)
    if dropped and dropped.group(1) not in ("东西", "订单", "单", "个"):
        return dropped.group(1)  # 我不想要那双鞋了: the thing pointed at
    if RECENT_RE.search(piece.text):
        return "最近"
    return None


def _amount(masked: str) -> int | float | None:
    """The sum of a top-up: with 块/元 or after 充, else a bare number of at least 5 yuan (50就够)."""
    for pattern in (AMOUNT_RE, BARE_AMOUNT_RE):
        for m in pattern.finditer(masked):
            value = parse_number(next(g for g in m.groups() if g))
            if value and (pattern is AMOUNT_RE or 5 <= value <= 5000):
                return int(value) if value == int(value) else value
    return None


def recharge_slots(piece: Piece) -> tuple[dict[str, Any], tuple[str, ...]]:
    """Return recharge slots and the extra required slots (phone when topping up someone else)."""
    slots: dict[str, Any] = {}
    phone = phone_number(piece)
    if phone:
        slots["phone"] = phone
    amount = _amount(piece.masked(keep_mentions=True))
    if amount is not None:
        slots["amount"] = amount
    other = bool(OTHER_PERSON_RE.search(piece.text)) and not phone
    return slots, (("phone",) if other else ())


def recharge_tasks(text: str) -> list[str]:
    """Split 给我妈充100，给我爸也充100 into one text per top-up (a new top-up verb after a sum said)."""
    if len(TOPUP_VERB_RE.findall(text)) < 2:
        return [text]
    tasks: list[str] = []
    start = 0
    for m in [*RECHARGE_SPLIT_RE.finditer(text), None]:
        end = m.start() if m else len(text)
        part = text[start:end]
        if tasks and TOPUP_VERB_RE.search(part) and _amount(tasks[-1]) is not None and _amount(part) is not None:
            tasks.append(part)
        elif part:
            tasks[-1:] = [tasks[-1] + " " + part] if tasks else [part]
        start = m.end() if m else len(text)
    return tasks or [text]


# The number of a sequel said right after a known title (封神2, 误杀3): not a count, a clock time or a format.
SEQUEL_RE = lazy_compile(r"\d{1,2}(?![\d.:：]|\s*(?:张|个|位|人|点|号|D|d|场|部|排|座|:|块|元))")
FORMAT_TAIL_RE = lazy_compile(r"\s*(?:版本?|厅|场次?|巨幕)?\s*的?")
NEGATED_OPTION_RE = lazy_compile(r"(?:别太|不要|不想|别|不)[^|]{0,1}\||\|(?:不要|别|不行|不坐)")
# A subtitle said right after a known series title, up to a pause (熊出没|重启未来, 熊出没·逆转时空).
SUBTITLE_RE = lazy_compile(r"([·：:]?)((?:(?![的了吗呢吧票场张几点])[\u4e00-\u9fff]){2,6})(?=$|[，,。！!？?\s])")
SUBTITLE_NOT_RE = lazy_compile(r"好看|怎么样|什么|随便|推荐|电影|首映|[看想去要订买片那这啊呀哦哈嘛呗厅座位场排版]|(.)\1")
MOVIE_FILLER_RE = lazy_compile(r"^(?:[查搜问瞅瞧看]一下|查查|搜搜|问问|查|搜|看|重新|再|换成|订|买|要|去|来|预订|预定|购买|帮我|我想|想看|的|这部|那部|这个|那个|有就|有的话|那就|就|最[早晚]一?[场部]|"
                             r"(?:片名|名字)?(?:叫做|叫|名叫|是)(?=[\u4e00-\u9fff]{2})|"
                             r"[早晚午]场)+|(?:这部片子|这部电影|这部片|的票|的电影|电影|那场|那部|的场次|场次|"
                             r"的|票|有票吗|有票么|还有票吗|吧|就)+$")
MOVIE_NOT_TITLE_RE = lazy_compile(r"[看想去个那这我你他她们吧呢吗爸妈娃]|随便|哪部|哪些|档|什么|有啥|评分|[挑选]一?部|一部|几部|口碑|的话|推荐|好看|几部|方便|停车|好停|堵车|主演|导演|演员|配角|^(?:来|订|买|要|抢)?[一两二三四五六七八九十]?[张场部]$|"
                                r"^[一两二三四五六七八九十]大[一两二三四五六七八九十]小$|^(?:等|一|待)会儿?|朋友|对象|老婆|老公|^(?:孩子|小孩)|同事|^票|"
                                r"(?:喜剧|动画|恐怖|科幻|爱情|动作|悬疑|文艺)片?$|"
                                # what a showing is or where one sits, not a title (儿童场, 中间的位置, 最便宜的)
                                r"场$|位置|座位|位子|适合|最便宜|最贵|新片|大片|帮忙|^[张部场]|下班|上班|放学|"
                                r"^(?:稍微|再)?[早晚][一]?点(?:儿|的)?$|^(?:不对|不是|算了|错了|说错了|改成|换成|改到|换到)$")  # 早一点的场次: a bit earlier, not a title
# Words before a cinema that name none (查一下|附近的|电影院).
CINEMA_FILLER_RE = lazy_compile(r"^(?:[查搜看问找]一下|我?[查搜找选挑]个|附近的?|最近的?|周边的?|一家|一个|这家|那家|哪家|这个|那个|这|那|"
                              r"随便|任意|任何|不管|无所谓|哪个|哪一?家|什么|啥|"
                              r"离[^的，,]{1,8}?(?:近|最近|不远)(?:一点|一些|点)?的?)+")
# The area said right before a cinema chain's name, after a pause (，信义威秀, 京站威秀): part of the cinema's name.
CINEMA_AREA_RE = lazy_compile(r"(?:^|[，,。\s])([\u4e00-\u9fff]{2,4})$")
CINEMA_AREA_NOT_RE = lazy_compile(r"[在去到看的订买要张个场点号天晚早午和跟我你吧查搜问找]|一下|附近|最近|周边|哪|这|那|随便")
# A film introduced by its name (一部叫星河入梦的电影, 有部电影叫长夜将明, 叫破晓时分的片子, 片名是山海之间).
NAMED_TITLE_RE = lazy_compile(r"(?:(?:一|有|那|这)?部|那个|这个|电影|片子|影片|片名|名字)?(?:叫做|名叫|叫|片名是|名字是)\s*"
                              r"((?:(?!的(?:电影|片子|片|影片|票|场))[\u4e00-\u9fffA-Za-z0-9：:·]){2,12}?)"
                              r"(?=的(?:电影|片子|片|影片|票|场)|$|[，,。！!？?\s]|还有|有没有|几点|今[天晚]|明[天晚]|后天)")
MOVIE_STOP = frozenset({"电影", "看电影", "电影票", "票", "场次", "片子", "片", "首映", "首映日", "首映场", "晚场",
                        "早场", "那天", "那场", "随便什么片", "帮我", "今天", "一下", "最近的一场"})


def movie_slots(piece: Piece) -> dict[str, Any]:
    """Slots of a movie task except dates and times: title, cinema, count, seat, format, premiere, price."""
    slots: dict[str, Any] = {}
    titled: int | None = None
    if piece.titles:
        slots["movie"] = piece.titles[0][2]
    else:
        found = piece.entries("movie")
        if found:
            mention, entry = found[0]
            sequel = SEQUEL_RE.match(piece.text, mention.end)
            slots["movie"] = entry.value + (sequel.group(0) if sequel and not entry.value[-1].isdigit() else "")
            if sequel:
                piece.take(sequel.start(), sequel.end())
            titled = None if sequel else mention.end
    cinemas = piece.entries("cinema")
    if cinemas:
        mention = cinemas[0][0]
        area = CINEMA_AREA_RE.search(piece.text, 0, mention.start)
        own = area is not None and piece.free(area.start(1), mention.start) and not CINEMA_AREA_NOT_RE.search(area.group(1))
        slots["cinema"] = (area.group(1) if area is not None and own else "") + mention.surface  # 信义|威秀: its area is its name
        if area is not None and own:
            piece.take(area.start(1), mention.start)  # the area is the cinema's, no title
    else:
        said = re.search(r"((?:(?!去|到|在|打车|叫车|看)[\u4e00-\u9fffA-Za-z0-9]){2,8}?(?:影城|影院|电影院|影剧院))",
                         piece.masked(keep_mentions=True))
        name = CINEMA_FILLER_RE.sub("", said.group(1)) if said else ""
        if said and not options.find_all(piece, options.FORMAT, text=said.group(1)):  # 杜比影院 is a format
            if name not in ("影城", "影院", "电影院", "影剧院"):  # 搜一下附近的电影院: no cinema named
                slots["cinema"] = name
            piece.take(said.start(1), said.end(1))
    if re.search(r"首映", piece.text):
        slots["premiere"] = True
        piece.take(*re.search(r"首映(?:日|场|礼)?(?:的)?", piece.text).span())  # type: ignore[union-attr]
    for start, end, _ in options.find_all(piece, options.SEAT):
        if NEGATED_OPTION_RE.search(piece.text[max(0, start - 3):start] + "|" + piece.text[end:end + 3]):
            piece.take(start, end)  # 别太靠前, 前排不要: a seat not wanted is no seat slot
    for name, table in (("seat", options.SEAT), ("format", options.FORMAT)):
        value = options.find_option(piece, table)
        if value:
            slots[name] = value
    for _start, end, _ in options.find_all(piece, options.FORMAT, text=piece.text):
        tail = FORMAT_TAIL_RE.match(piece.text, end)
        if tail and tail.end() > end:
            piece.take(end, tail.end())  # IMAX版的星河入梦: the version words are no part of the title
    budget = max_price(piece)
    if budget is not None:
        slots["max_price"] = budget
    mixed = re.search(rf"({NUM})大({NUM})小", piece.text)
    count = (parse_int(mixed.group(1)) or 0) + (parse_int(mixed.group(2)) or 0) if mixed else tickets(piece)
    if count:
        slots["count"] = count
    subtitle = SUBTITLE_RE.match(piece.masked(), titled) if titled is not None else None
    if subtitle is not None and not SUBTITLE_NOT_RE.search(subtitle.group(2)):
        slots["movie"] += subtitle.group(1) + subtitle.group(2)  # 熊出没·逆转时空: the film's subtitle, after the options
        piece.take(subtitle.start(), subtitle.end())
    if "movie" not in slots:
        named = NAMED_TITLE_RE.search(piece.masked())
        if named is not None and not MOVIE_NOT_TITLE_RE.search(named.group(1)) and named.group(1) not in MOVIE_STOP:
            slots["movie"] = named.group(1)  # 一部叫星河入梦的电影, 有部电影叫长夜将明: the name given is the title
            piece.take(named.start(1), named.end(1))
    if "movie" not in slots:
        title = open_title(piece)
        if title:
            slots["movie"] = title
    return slots


def open_title(piece: Piece) -> str | None:
    """Return an unknown title said without 《》: the longest leftover chunk of a movie request."""
    masked = piece.masked()
    # 看完一部电影: a film finished, said with its count, names no title
    masked = re.sub(r"[看完]?完(?:了)?(?:[一两二三四五六七八九十几]|这|那)?[部场个]", lambda m: MASK * len(m.group(0)), masked)
    chunks = re.split(rf"[{MASK}\s，,。！!？?、]+|几点|有没有|能不能|给我|帮我|和|跟|带|然后|以后|之后|顺便|(?:那天|当天)?(?:想|去|要)?看", masked)
    best = None
    for chunk in chunks:
        cleaned = MOVIE_FILLER_RE.sub("", chunk)
        cleaned = re.sub(r"^(?:再|还|也)?(?:看|订|买|的|去|想看)+", "", cleaned)  # 然后|再买两张: no title
        plausible = len(cleaned) >= 2 and cleaned not in MOVIE_STOP and not MOVIE_NOT_TITLE_RE.search(cleaned)
        if plausible and re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9：:·]+", cleaned) and (
                best is None or len(cleaned) > len(best)):
            best = cleaned
    return best
