"""Which domain a clause asks for: keyword cues, lexicon words, and the chat / injection guard."""

from __future__ import annotations

import re

from bangwo.domain import places, specs
from bangwo.understanding import asking, contexts, cues, errands, products, toppings
from bangwo.understanding import lexicon_world as world
from bangwo.understanding.errands import account_intent
from bangwo.understanding.lazyregex import lazy_compile
from bangwo.understanding.pieces import MASK, Piece

INJECTION_RE = lazy_compile(
    r"忽略|无视|無視|ignore\s+(?:all|previous|the|above)|system\s*[:：\]]|\[system|系统提示|系統提示|"
    r"你现在是|你現在是|管理员模式|开发者模式|开发者|developer mode|jailbreak|越狱|提示词|prompt|不用付钱|不用付款|"
    r"免费给我|跳过支付|绕过|别人的订单|所有免单卡|所有订单|改成\d+张|select\s.+\sfrom|drop\s+table|<script|"
    r"rm\s+-rf|sudo\s|\"role\"\s*:|数据库|所有(?:用户|手机号|人的)", re.IGNORECASE)
# General questions about eating, carrying or saying a thing (奶茶喝多了会胖吗, 高铁上能吃泡面吗, 酒店的英文怎么说).
GENERAL_QUESTION = (r"会(?:不会)?(?:胖|长胖|发胖|失眠|睡不着|上火|拉肚子|长痘|过敏|上瘾|伤胃|胃疼|闹肚子|长高|变[黑黄坏质软硬酸]|坏掉?|发芽|发霉)|"
                    # what food does or how it is handled at home (吃苹果有什么好处, 鸡蛋怎么煮, 大米生虫了怎么办)
                    r"有(?:什么|啥|哪些)(?:好处|坏处|营养|功效|作用|副作用)|怎么(?:煮|炒|烤|蒸|炖|泡|腌|剥|洗干净|存放|储存|冷冻)|"
                    r"(?:生虫|坏|发霉|过期|变质|化)了怎么办|"
                    # what someone acted in (成龙演过哪些电影, 他拍过什么片子)
                    r"(?:演|拍|导)过(?:哪些|什么|啥|几部)|"
                    # a musing asked (奶茶到底是奶还是茶)
                    r"到底是[^，,。？?]{1,4}还是|是不是越[\u4e00-\u9fff]{1,2}越|"
                    # a wish to become someone (我想当电影导演), a film watched at home (周末在家看电影吧)
                    r"(?:想|要)(?:当|成为)(?!天|日|晚|场)|在家(?:里)?(?:看|追)|"
                    # the platform itself asked about (你们平台的外卖靠谱吗, 你们app安全吗)
                    r"你们(?:的)?(?:平台|app|APP|软件|这个软件|这个app)[^，,。？?]{0,10}(?:靠谱|安全|正规|可靠|放心|好用|怎么样)|英[文语](?:怎么说|叫什么)|用英[文语]|(?:能|可以|能不能|可不可以)(?:吃|喝|带(?=(?:"
                    r"吃的|喝的|零食|食物|饮料|外食)(?![^，,。？?]{0,3}(?:进去|进园|入园|进场|进馆))))[^，,。？?]{0,8}(?:吗|么|嘛|$)|健康吗|有营养吗|对身体|哪个更(?:有营养|健康|好)|(?:飞机|高铁|火车|动车|地铁|航班|车)上?[^，,。？?]{0,3}(?:能|可以|能不能|可不可以|允许)(?:带|托运|吃)|电视剧|美剧|韩剧|日剧|英剧|泰剧|综艺|番剧|那首歌|好听的歌|怎么(?:挑|选|判断|保存|分辨|辨别)|"
                    r"怎么(?:改|修改|更改|开通|注销|绑定|解绑|设置|登录|注册)|有(?:什么|啥)区别|区别是什么|的区别|"
                    r"(?:软件|app|APP|应用)[^，,。]{0,4}(?:哪个|好用|推荐)|"
                    # 酒店和民宿哪个好, 高铁和飞机哪个快: two kinds of a domain compared, no thing asked for
                    r"^(?:酒店|民宿|宾馆|高铁|动车|火车|飞机|坐飞机|坐高铁|打车|地铁|外卖|堂食|网购|淘宝|京东|拼多多|电影院)"
                    r"(?:和|跟|与|还是)(?:酒店|民宿|宾馆|高铁|动车|火车|飞机|坐飞机|坐高铁|打车|地铁|外卖|堂食|网购|淘宝|京东|拼多多|"
                    r"电影院|自己做)(?:哪个|哪种|哪一个)?(?:更)?(?:好|快|便宜|划算|方便|舒服|省钱)")
# Asking the assistant what it can do or likes (你们能订机票吗, 你喜欢看电影吗): small talk, not an order.
ABOUT_YOU = r"^(?!你们?觉得[^，,。]{0,6}(?:吃|喝|看|去|住|买|点)(?:点)?(?:什么|啥|哪))你们?(?:都|还)?(?:能|会|可以|能不能|会不会|喜欢|爱|觉得|平时|知道|晓得|听说过|[看吃去用玩]过)(?!帮|给|替)[^，,。！!？?]{0,10}(?:吗|么|嘛|不|没)?[？?]*$"
CHAT_RE = lazy_compile(
    GENERAL_QUESTION + r"|" + ABOUT_YOU + r"|"
    r"^(?:你好|您好|在吗|在不在|谢谢|谢谢你|多谢|早上好|晚上好|早安|晚安|午安|好的|嗯+|哈+|ok|OK|好吧|是的|对|拜拜|再见)"
    r"[!！。.~]*$|天气|下雨|下雪|气温|笑话|你是谁|你叫什么|你能干|你会做|你会干|翻译|写(?:一|个|副|首|篇|封|段)?.{0,8}(?:春联|诗|总结|文章|"
    r"作文|文案|信|祝福|对联)|编一条|由来|习俗|为什么|怎么样$|如何$|什么时候开始|能带(?![^，,。？?]{0,6}(?:进去|进园|入园|进场|进馆)).*吗|几号$|星期几|等于|无聊|心情|"
    r"算一下|人工客服|是什么意思|怎么做|讲讲|聊聊|陪我聊|学做|教我|上联|下联|闹钟|叫醒我|叫我起床|提醒我")
# Small talk even when it asks about a domain's thing (明天北京天气怎么样, 高铁为什么晚点).
CHAT_ONLY_RE = lazy_compile(GENERAL_QUESTION + r"|" + ABOUT_YOU + r"|天气|下雨|下雪|气温|笑话|你是谁|你叫什么|你能干|你会|翻译|写(?:一|个|副|首|篇|封|段)?.{0,8}"
                          r"(?:春联|诗|总结|文章|作文|文案|信|祝福|对联)|由来|习俗|为什么|是什么意思|怎么做|教我|上联|下联")
# Words that name a domain outright, per domain (each spec's ``strong_cues``).
STRONG: dict[str, re.Pattern[str]] = {d.value: lazy_compile(s.strong_cues) for d, s in specs.SPECS.items()}
FLY_RE = lazy_compile(r"飞(?:往|去|到|回)?\s*")
# Which domain a clause naming several is about: account first, then by each spec's ``pick_rank``.
PRIORITY: tuple[str, ...] = ("account", *(s.domain.value for s in sorted(specs.SPECS.values(),
                                                                       key=lambda s: s.pick_rank)))
EMOJI_HINTS: dict[str, str] = {"✈": "flight", "🎬": "movie", "🍿": "movie", "🚕": "taxi", "🚗": "taxi", "🧋": "takeout",
                               "☕": "takeout", "🍔": "takeout", "🍗": "takeout", "🍎": "grocery", "📱": "recharge",
                               "🏨": "hotel", "🚄": "train", "🚆": "train"}


def is_injection(text: str) -> bool:
    """Prompt injection, code, or an attempt on other people's orders and cards."""
    return bool(INJECTION_RE.search(text))


# 这个景点, 这家酒店, 该酒店, 那部电影: a thing of a domain named by pointing at it (asked about, not small talk).
POINTED_THING_RE = lazy_compile(r"(?:这|那|该|此)(?:个|家|间|座|部|场|班|趟)?(?:景点|景区|公园|博物馆|酒店|宾馆|饭店|民宿|旅馆|餐馆|"
                              r"餐厅|饭馆|店|电影院|影院|影城|电影|片子|航班|飞机|班机|车次|高铁|动车|火车|出租车|司机)")


# A remark about a thing (今天的奶茶太甜了, 出租车司机都好热情啊, 飞机延误了好烦): how it was, no request.
REMARK_RE = lazy_compile(r"(?:太|好|真|超|特别|非常|挺|蛮|有点|实在|都好)[\u4e00-\u9fff]{1,3}(?:了|啊|呀|哦|喔|噢|呢|哇|耶|死了)+[!！。.~…]*$"
                         r"|(?:好烦|烦死了|气死了|累死了|无语|郁闷|难受|睡不好|不好用|难吃|难喝|不好吃|不好喝|太坑了|坑人)"
                         r"(?:了|啊|呀|哦)*[!！。.~…]*$"
                         # said of a thing already had (昨天那家火锅真好吃, 这家店的包装真好看), with no particle
                         r"|(?:的|那家|这家|上次|昨天|刚才)[^，,。]{0,8}(?:真|太|超|挺)(?:好吃|好喝|好看|难吃|难喝|贵|便宜|好用|方便)$")
# What makes a sentence a request or a question after all (太甜了，换一杯; 好饿啊 asks for food).
REQUEST_MARK_RE = lazy_compile(r"帮|给我|来|要|订|定|买|点(?!评)|叫|想|能不能|可以|请|麻烦|推荐|找|有没有|换|再|重新|退|取消|"
                               r"吗|么|[？?]|哪(?!吒)|啥|什么|([\u4e00-\u9fff])不\1|饿|渴|馋|打车|打个车|[0-9一两二三四五六七八九十几]\s*[杯份个张间晚位碗袋箱斤瓶]|不要|别")


# A sentence told rather than asked: someone else's habits (我同事每天都点黄焖鸡, 我老公说…), what one has
# done (故宫我去过好几次了, 周末看了部电影, 我刚看完流浪地球3), one's tastes (我最喜欢喝瑞幸的拿铁了, 我觉得…)
# and an opinion closing it (机场的咖啡贵得离谱, 上海的酒店也太贵了吧, 味道一般般).
# How a thing was found (贵, 好看, 准时, 难抢): not a wish said of it (超辣, 不要太甜, 要大杯的).
_EVALUATION = (r"贵|便宜|好吃|难吃|好喝|难喝|好看|难看|好玩|好用|难用|舒服|难受|方便|准时|热情|干净|脏|吵|挤|难抢|难买|难订|丰盛|震撼|"
               r"感动|紧张|开心|激动|期待|倒霉|倒楣|辛苦|麻烦|费劲|累|棒|赞|差|失望|满意|贴心|周到|划算|坑|无聊|好笑|感人|精彩|刺激|漂亮|美|"
               r"不好吃|不好喝|不好看|不好玩|不方便|不准时|不新鲜|不舒服|慢|好|撑|饱|软|硬|困")
NARRATIVE_RE = lazy_compile(
    r"(?:^|[，,\s])(?:我(?:的)?)?(?:男朋友|女朋友|男友|女友|老公|老婆|媳妇|妈妈?|爸爸?|爸妈|同事|室友|舍友|朋友|同学|孩子|儿子|"
    r"女儿|闺蜜|他们?|她们?|大家|别人|家猫|家狗|猫咪?|狗狗?)(?:又|每天|天天|总是|经常|老是|一直|说|都|也|最近|昨天|上次|刚|已经|居然|竟然|"
    r"最爱|最喜欢|特别喜欢|很喜欢|超爱)"
    # what one bought told with its count (今天超市鸡蛋打折 我买了三十个), a sigh before a chore (唉 又要坐火车)
    # someone's advice told (我同事推荐我去看惊蛰无声, 朋友让我去吃那家)
    r"|(?:^|[，,\s])(?:我(?:的)?)?(?:男朋友|女朋友|老公|老婆|妈妈?|爸爸?|同事|室友|朋友|同学|闺蜜)(?:一直|总是|老是|也)?"
    r"(?:推荐|安利|建议|让|叫|劝)我"
    # the same done again, told (今天又点了外卖, 昨天又买了一堆零食)
    r"|(?:^|[，,\s我天午上刚])又(?:点|买|订|叫|吃|喝)了"
    # what is best, told (看电影的时候吃爆米花最爽了)
    r"|最(?:爽|舒服|幸福|开心|快乐|过瘾|惬意|香|巴适|带劲|治愈)(?:了|啦|的)?[!！。.~…]*$"
    # a taste of what one had (今天的咖啡有点苦, 这杯奶茶有点甜)
    # a crowd told (今天超市人好多, 电影院人太多了)
    r"|人(?:好|太|真|特别|超|很|也太|这么)多(?:啊|呀|了|哦|啦)*[!！。.~…]*$"
    r"|(?:的|这|那)[杯份碗]?[^，,。？?]{0,6}有点(?:儿)?(?:苦|咸|甜|酸|辣|淡|腻|油|凉|冷|烫|少|贵|慢|硬|软|难吃|难喝)"
    r"(?:了|啊|呀|哦)*[!！。.~…]*$"
    r"|(?:^|[，,\s])我(?:刚|刚刚|已经|今天|昨天|早上)?买了[一二两三四五六七八九十几0-9]+"
    # what one did today, told (跟你说，我今天看了哪吒2, 周末看了哪吒2)
    r"|(?:^|[，,\s])我(?:今天|昨天|前天|刚|刚刚|刚才|上周|周末|已经|早上|中午|晚上)(?:去)?(?:看|吃|喝|玩|逛)了"
    r"|(?:^|[，,\s])(?:我)?(?:昨天|前天|昨晚|周末|上周|上个?月|前几天|刚刚)(?:去)?(?:看|吃|喝|玩|逛)了"
    # one's own eating told (我今天减肥，不吃外卖了; 这个月外卖点太多了; 钱包空了)
    r"|(?:不|不再|再也不|戒)(?:吃|喝|点|叫)[^，,。？?]{0,5}了(?:啊|呀|哦)?[!！。.~…]*$|(?:点|买|吃|喝|花)(?:得|的)?太多了"
    # a stock told (过年家里准备了好多年货), a crowd missing (最近电影院都没什么人)
    r"|(?:准备|囤|备|买|点|订)了(?:好多|很多|一堆|不少|一大堆|那么多|这么多)|没(?:什么|啥)人(?:了|啊)?$"
    r"|钱包空了|没钱了|要吃土了|穷死了|戒(?!指|尺)[\u4e00-\u9fff]{1,3}(?:第|已经|了|的|好|中)"
    # what one liked as a child (小时候最喜欢吃大白兔奶糖)
    r"|(?:小时候|以前|从小|那时候|上学的时候)(?:我)?(?:就)?(?:最|很|特别|超|一直)?(?:喜欢|爱|常)"
    r"|^(?:唉+|哎+|哎呀|唉呀|害)[\s，,!！。]+(?:又|还)要"
    # a mishap told (把奶茶打翻了, 外卖洒了一地): what happened to a thing, no request
    r"|把[^，,。！!？?]{1,8}(?:打翻|碰翻|弄洒|洒|弄丢|弄坏|弄脏|咬坏|咬破|摔|摔坏|踩|偷吃|吃光|喝光)了"
    r"|(?:去|住|坐|吃|喝|看|玩|用|逛|爬|来)过(?!的|什么|哪|啥|几|吗|么|没)"
    r"|(?:看|坐|吃|喝|住|玩|逛|开|排|拍|听)(?:了|完)(?:[一两三四五六七八九十几半]|部|场|趟|家|顿|好|个|整)"
    r"|^(?:我|我们)?(?:觉得|感觉|最喜欢|最爱|最讨厌|一直觉得)|(?:不能|不敢|再也不)再?(?:喝|吃|点|买|坐|住)"
    r"|^(?:谢谢|多谢|感谢)"
    r"|(?<![最不只就])(?:真的?|是真的|也太|太|好|超级?|挺|蛮|很|特别|非常|越来越|那么|这么|总是那么|得)(?:" + _EVALUATION + r")"
    r"(?:的|了|啊|呀|吧|哦|呢|哇|欸|诶|耶|喔|啦)*[!！。.~…]*$"
    # a state of a thing told (楼下的麦当劳关门了, 飞机又延误了)
    r"|(?:关门|倒闭|搬走|停业|涨价|降价|下架|延误|晚点|满员)了(?:啊|呀|哦|耶)?[!！。.~…]*$"
    r"|[\u4e00-\u9fff]得(?:离谱|要命|不行|不得了|可怕)|(?:吓|气|累|笑|困|冷|热|烦|哭|感动)死(?:我)?了|比[^，,。]{1,10}多了|一般般|还不错")
# What makes a told sentence a request after all: asked of the assistant, a wish, an order verb counted.
ADDRESSED_RE = lazy_compile(r"帮|替我|(?<![好太真很挺])麻烦(?!了|死|啊|呀|$)|请|能不能|能否|可以|可不可以|[吗嘛？?]|(?<![那这怎])么|([\u4e00-\u9fff])[不没]\1|哪(?!吒)|啥|什么|多少|(?<![0-9一二三四五六七八九十])几[点张个杯份间位号]|"
                            r"我(?:要|想)|想(?:要|吃|喝|订|买|去|看|住|坐|点)|来(?:一|个|份|杯|点|两|俩)|"
                            r"(?:订|定|买|点|叫|充)(?:一|个|张|杯|份|两|[0-9])|再来|换|退|取消|催|不要了|(?<!特)别|赶紧|快点|饿|渴|馋|"
                            r"给我(?:来|点|订|定|买|叫|充|推荐|找|查|看|退)(?!了)|改签|"
                            # a ride asked after what is told (吃完一顿火锅打车回家, 看完一部电影叫车去火车站)
                            r"(?:打|叫|约|喊)(?:个|辆|一辆)?(?:车|出租|的士|专车|快车)|打的|"
                            # a clause opening with an order verb (订今晚的惊蛰无声，好期待)
                            r"(?:^|[，,\s。])(?:我)?(?:订|定|买|点|叫|充|冲|来|要|打个?车|约|查)(?![过了完])")


# Thanks for what was done (谢谢你上次帮我订的票，很准时): small talk unless something more is asked.
THANKS_RE = lazy_compile(r"^(?:谢谢|多谢|感谢)(?:你|您|你们)?[^？?吗么嘛]*$")
# 外卖到了，谢谢啊; 票收到了 多谢: an arrival reported with thanks, nothing asked.
ARRIVED_THANKS_RE = lazy_compile(r"[^，,。？?吗么嘛]{1,10}?(?:已经)?(?:送)?(?:到了|收到了|拿到了)[，,\s。!！~]*(?:谢谢|多谢|感谢|辛苦)"
                                 r"(?:你|您|你们)?(?:了|啦|啊|哈|呀|哦)*[。!！~]*")
THANKS_THEN_ASK_RE = lazy_compile(r"再|还要|请|麻烦|能不能|可以|顺便|(?:帮|给|替)我(?:们)?(?:订|定|点|买|叫|查|退|取消|找|推荐|挑|看看|安排)(?!的)|"
                                  r"我(?:们)?(?:想|要|打算)(?:订|定|找|去|买|点|叫|住|看|玩|换)")


HESITATION_RE = contexts.HESITATION_RE
NOBODY_TOLD_RE = lazy_compile(r"(?:都|也|已经|好像)?没(?:什么|啥|几个)人(?:了|啊|呀|哦)?[!！。.~…]*$")
# What was bought before (昨天买的草莓好甜啊): no request of its own in a remark.
BOUGHT_BEFORE_RE = lazy_compile(r"(?:买|点|订|定|叫)(?:了)?的")
# What makes a torn wish a request after all (…又怕胖，帮我点杯无糖的).
HESITANT_ASK_RE = lazy_compile(r"帮|给我|来[一两杯份个点]|点[一两杯份个]|[吗么嘛？?]|推荐|有没有|哪")


def is_remark(text: str) -> bool:
    """A remark on how something was (今天的奶茶太甜了, 高铁上信号好差啊) or a thing told (我同事每天都点
    黄焖鸡, 故宫我去过好几次了): small talk, no order."""
    said = text.strip()
    if HESITATION_RE.search(said) and not HESITANT_ASK_RE.search(said):
        return True
    if NOBODY_TOLD_RE.search(said) and not re.search(r"帮|[吗嘛？?]|(?<![什怎])么", said):
        return True  # 最近电影院都没什么人: how a place is, told
    if REMARK_RE.search(said) and not REQUEST_MARK_RE.search(BOUGHT_BEFORE_RE.sub("", said)):
        return True
    if THANKS_RE.match(said) or ARRIVED_THANKS_RE.fullmatch(said):
        return not THANKS_THEN_ASK_RE.search(said)
    return bool(NARRATIVE_RE.search(said)) and not ADDRESSED_RE.search(said)


def is_chat(text: str) -> bool:
    """Small talk, questions and writing requests (even when they name a product); not a question
    about a thing pointed at (这个景点的消费水平怎么样)."""
    said = text.strip()
    if re.search(GENERAL_QUESTION, said) or re.search(ABOUT_YOU, said):
        return True
    return bool(CHAT_RE.search(said)) and not (POINTED_THING_RE.search(said) and not CHAT_ONLY_RE.search(said))


def emoji_hint(raw: str) -> str | None:
    """Return the domain an emoji in the raw text suggests (✈️ 三亚 初三 -> flight)."""
    return next((d for e, d in EMOJI_HINTS.items() if e in raw), None)


_PLACE_KINDS = frozenset({"city", "airport", "station"})


def flies(piece: Piece) -> bool:
    """飞 next to a place or a date (杭州飞三亚, 明天飞成都, 飞往东京), not inside a name (飞鹤, 飞利浦)."""
    ends = {m.end for m in piece.mentions if m.kinds() & _PLACE_KINDS} | {d.end for d in piece.scan.dates}
    starts = {m.start for m in piece.mentions if m.kinds() & _PLACE_KINDS}
    return any(m.start() in ends or m.end() in starts for m in FLY_RE.finditer(piece.text))


STAR_BRAND_RE = lazy_compile(r"[三四五]星")
# A stay's meal (酒店的早餐, 全季早餐几点开始, 亚朵酒店的自助餐): asked of the stay.
STAY_MEAL_RE = lazy_compile(r"(?:酒店|宾馆|饭店|民宿|客栈)?(?:的)?\s*(早餐|早饭|自助早餐|自助餐|下午茶)")
STAY_NOUN_RE = lazy_compile(r"(?:酒店|宾馆|民宿|客栈)(?:的)?\s*$")


def _stay_meals(piece: Piece) -> list[tuple[int, int]]:
    """The spans of meals said right after a stay or a hotel brand (the stay's, not a dish ordered)."""
    brand_ends = {m.end for m in piece.mentions if "hotel_brand" in m.kinds()}
    spans = []
    for m in STAY_MEAL_RE.finditer(piece.text):
        before = piece.text[:m.start()]
        said = piece.text[m.start():m.start(1)]
        if STAY_NOUN_RE.search(before + said) or m.start() in brand_ends:
            spans.append((m.start(1), m.end(1)))
    return spans
# What may follow a hotel brand (全季酒店, 如家的房间); any other character makes it part of a word (四季奶青).
HOTEL_BRAND_TAIL_RE = lazy_compile(r"$|[^\u4e00-\u9fff]|酒店|宾馆|饭店|连锁|的|住|入住|订|开|附近|旁边|那|在|大床|标间|双床|套房|"
                                 r"[一两二三四五六七八九十]|电话|地址|评分|怎么|在哪|几点|多少|有没有|还有|有[房停早]|贵|好不好|干净|含早|带早|早餐|"
                                 r"退房|发票|停车|能|可以|是不是|离")


# Hotel brands that are also everyday words (城际 trains, 假日, 四季): a hotel only with its noun after them.
SHARED_HOTEL_BRANDS = frozenset({"城际", "假日", "四季", "开元", "锦江", "秋果", "美居", "欢朋", "途家", "城市便捷", "7天",
                                 "半岛", "万丽", "华住", "铂涛", "雅高", "IU"})
HOTEL_NOUN_AFTER_RE = lazy_compile(r"\s*(?:酒店|宾馆|饭店|连锁|大酒店|的房|住)")


HOTEL_NOUN_END_RE = lazy_compile(r"(?:酒店|宾馆|饭店)$")


def _inside_word(text: str, end: int, surface: str = "") -> bool:
    """A hotel brand followed by what no stay is said with (四季奶青); a name ending in 酒店 is a stay."""
    return not HOTEL_NOUN_END_RE.search(surface) and not HOTEL_BRAND_TAIL_RE.match(text, end)


def _stay_context(piece: Piece) -> bool:
    """A place said, or hotel words, and no phone words: 三星 means stars."""
    if re.search(r"手机|电视|显示器|平板|耳机|手表|冰箱|洗衣机|Galaxy|galaxy|折叠屏", piece.text):
        return False
    return any(m.kinds() & {"city", "landmark", "sight", "station", "airport"} for m in piece.mentions) or bool(
        STRONG["hotel"].search(piece.masked()))


def strong_domains(piece: Piece) -> set[str]:
    """Return the domains a clause names outright (keywords, products, shops, titles...)."""
    key = ("strong", tuple(piece.taken))
    known = piece.memo.get(key)
    if not isinstance(known, frozenset):
        known = frozenset(_strong_domains(piece))
        piece.memo[key] = known
    return set(known)


def _strong_domains(piece: Piece) -> set[str]:
    if cues.WHERE_I_AM_RE.match(piece.text) and not cues.ORDER_WORD_RE.search(piece.text):
        return set()  # 我在希尔顿酒店门口: where one is, no task
    said = piece.text
    grades = [(m.start(), m.end()) for pattern in (cues.SHARED_GRADE_RE, cues.TERMINAL_RE, cues.ON_THE_WAY_RE,
                                                  cues.RAIL_NAMED_STATION_RE)
              for m in pattern.finditer(said)]
    grades += [(m.start(1), m.end(1)) for m in cues.GOODS_OF_RE.finditer(said)]
    done = [(m.start(), m.end()) for m in contexts.DONE_PHRASE_RE.finditer(said)]  # 逛完景点 …: background
    facilities = [(m.start(), m.end()) for m in cues.FACILITY_RE.finditer(said)]  # 提供出租车的酒店: what a stay has
    places = [(s, e) for s, e, _ in cues.open_sight_ends(piece)]
    grades += done + facilities + [(s, e) for s, e in places if PUBLIC_PLACE_END_RE.search(said[s:e])]
    told = cues.blank(said, done)
    sight_rides = [(m.start(), m.end()) for m in SIGHT_RIDE_RE.finditer(said)]
    grades += sight_rides  # 黄山的缆车票: a ride inside a sight, no rail ticket
    if not POINTED_THING_RE.search(said):  # 这趟高铁几点到 asks of the train pointed at, no ride's reason
        grades += [(m.start(), m.end()) for m in cues.HURRY_RE.finditer(said)]
    purposes: list[tuple[int, int]] = []
    if STRONG["taxi"].search(piece.masked()) or cues.RIDE_CALL_RE.search(said):
        grades += [(m.start(), m.end()) for m in cues.CATCH_RE.finditer(said)]
        purposes = [(m.start(1), m.end(1)) for m in cues.RIDE_PURPOSE_RE.finditer(said)]
        grades += purposes
    masked = cues.blank(piece.masked(), grades + cues.modifiers(said))
    ends = cues.ride_ends(piece, masked, STRONG)
    hotel_masked = cues.blank(masked, ends)
    cinema_ends = [(s, e) for s, e in ends if cues.CINEMA_END_RE.fullmatch(said[s:e])]
    movie_masked = cues.blank(masked, cinema_ends)
    travelling = bool(STRONG["train"].search(masked) or STRONG["flight"].search(masked))
    found = {d for d, pattern in STRONG.items() if pattern.search(
        hotel_masked if d in ("hotel", "attraction", "grocery") else movie_masked if d == "movie" else masked)}
    if ends or cues.RIDE_CALL_RE.search(masked) or cues.CAR_TO_PORT_RE.search(said) or OWN_START_TO_PORT_RE.search(said):
        found.add("taxi")  # 家里到桃园机场: nobody flies from home; the ride to the airport is asked
    if MASK in said and REFUSED_ROOMS_RE.search(said):
        found.add("hotel")  # 订-1间房: the count is refused, the room is still asked for
    if cues.BOOK_RE.search(masked):
        found.add("shopping")
    if ROOM_WORD_RE.search(masked):
        found.add("hotel")  # 订一个家庭房, 订间上海外滩的房: a room asked for is a stay
    if cues.EATERY_RE.search(masked) and not ends:
        found.add("takeout")
    eatery = cues.named_eatery(said) if not ends and not found else None
    if eatery is not None and not any(m.kinds() & {"hotel_brand", "sight", "cinema", "store"} and m.start < eatery.end()
                                      and eatery.start() < m.end for m in piece.mentions):
        found.add("takeout")  # 大渔铁板烧(朝阳大悦城店)几点关门: a place to eat named as apps list it
    if flies(piece) or cues.FLIGHT_NO_RE.search(said):
        found.add("flight")
    if errands.hypothetical(said):
        pass  # 如果买了门票能退吗: a question about the thing's rules, not one's own order
    elif account_intent(piece.text) or any(p.search(masked) for p in (cues.SHIPPING_RE, cues.OWN_ORDERS_RE,
                                                                    cues.OWN_ACCOUNT_RE)):
        found.add("account")
    added = [(m.start(1), m.end(1)) for m in toppings.TOPPING_RE.finditer(piece.text)]
    added += [(s, e) for s, e, _ in toppings.added(piece)]
    added += _stay_meals(piece)  # 全季酒店早餐几点开始: the stay's breakfast, no takeout
    for mention in piece.mentions:
        kinds = mention.kinds()
        if any(s <= mention.start and mention.end <= e for s, e in done + facilities):
            continue  # 逛完两个景点…, 提供洗衣服务的: no thing of its own
        if kinds & {"item", "brand", "shop"} and not kinds & {"sight", "hotel_brand", "cinema"} and any(
                s <= mention.start and mention.end <= e and (s, e) != (mention.start, mention.end) for s, e in places):
            continue  # 光明文化广场, 篱苑图书馆: goods or a brand inside a place's name
        at_an_end = any(s <= mention.start and mention.end <= e for s, e in ends)
        if at_an_end and kinds & {"shop", "hotel_brand", "brand", "cinema", "store"}:
            continue  # 从海底捞到希尔顿酒店, 送我去万达影城: the ends of a ride name no order of their own
        if ends and any(s <= mention.start and mention.end <= e for s, e in purposes):
            continue  # 打车去海底捞吃火锅: what is done at the ride's end is no order either
        if at_an_end and "sight" in kinds and not STRONG["attraction"].search(hotel_masked):
            continue  # 打车去南京路步行街逛逛: a sight as a ride's end, no tickets asked
        if "item" in kinds and ((mention.start, mention.end) in added or products.negated(
                piece.text, mention.start, mention.end)):
            continue
        if "item" in kinds and (products.dish_head(piece.text, mention.end) or products.cooked(piece.text, mention.start)):
            found.add("takeout")  # 牛肉|粉, 排骨|饭, 清炒|西兰花: goods made into a dish
        elif "item" in kinds:
            found |= {e.domain for e in mention.entries if e.kind == "item" and e.domain}
        if "shop" in kinds:
            found.add("takeout")
        if kinds & {"movie", "cinema"}:
            found.add("movie")
        if "hotel_brand" in kinds and not _inside_word(piece.text, mention.end, mention.surface) and (
                mention.surface not in SHARED_HOTEL_BRANDS
                or HOTEL_NOUN_AFTER_RE.match(piece.text, mention.end)):
            found.add("hotel")
        if "store" in kinds:
            found.add("grocery")
        if "airline" in kinds:
            found.add("flight")
        asked = asking.ask_of(piece.text) is not None
        visits = bool(cues.SIGHT_VISIT_RE.search(piece.text)) and not STRONG["taxi"].search(masked)
        if {"sight", "city"} <= kinds and travelling and not STRONG["attraction"].search(masked) and not visits:
            continue  # 去黄山的高铁, 张家界的火车票: a sight named like its city, as a trip's end
        if "sight" in kinds and (SIGHT_TICKET_RE.search(told) or asked or visits or (
                piece.scan.dates and not piece.scan.clocks and not STRONG["taxi"].search(piece.text)
                and not STAY_HINT_RE.search(piece.text))):
            found.add("attraction")
        if "brand" in kinds and STAR_BRAND_RE.fullmatch(mention.surface) and _stay_context(piece):
            found.add("hotel")  # 布达拉宫附近 三星: a hotel's stars, not the phone brand
        elif "brand" in kinds:
            found |= {e.domain for e in mention.entries if e.kind == "brand" and e.domain}
    found |= {i.domain for i in products.single_items(piece) if i.domain}
    if OPEN_SIGHT_RE.search(told) and SIGHT_TICKET_RE.search(told):
        found.add("attraction")
    if any(not any(s <= a and b <= e for s, e in ends) for a, b, _ in cues.open_sight_ends(piece)) and (
            SIGHT_TICKET_RE.search(told) or asking.ask_of(piece.text) is not None or cues.SIGHT_VISIT_RE.search(told)):
        found.add("attraction")  # 鲁迅故居门票多少钱, 白马寺的门票: a sight the lexicon lacks, by its last word
    if sight_rides:
        found.add("attraction")
    if not travelling and not STRONG["movie"].search(masked) and _gone_with_tickets(piece):
        found.add("attraction")  # 周日去白水寨，订两张票: a place gone to, tickets asked after it
    if cues.PHONE_BILL_RE.search(said):
        found.add("recharge")
    if not found and not ends and any("landmark" in m.kinds() for m in piece.mentions) and asking.ask_of(said) is not None and (
            not cues.trip_cities(piece)):
        found.add("attraction")  # 三里屯的评分高吗, 后海几点热闹: a place to visit asked about
    if OPEN_STAY_RE.search(said) and asking.ask_of(said) is not None and not ends and "attraction" not in found:
        found.add("hotel")  # 湖南大厦的电话, 国家会议中心的地址: a stay the lexicon lacks, asked about
    if not found and STAY_FACILITY_RE.search(said) and asking.ask_of(said) is not None and not GENERAL_ON_BOARD_RE.search(said):
        found.add("hotel")  # 格兰云天有wifi吗: a stay's facility asked of a name the lexicon lacks
    if PRICED_PLACE_RE.search(said) and not found - {"takeout", "grocery", "shopping"}:
        found = {"attraction"}  # 找个票价100元以内的地方: a place with an admission price is a sight
    if cues.STAY_WORD_RE.search(said) and not account_intent(said):
        found.add("hotel")
    if ((cues.ADMISSION_RE.search(said) and asking.ask_of(said) is not None) or SIGHT_ONLY_TICKET_RE.search(said)) and not (
            travelling or STRONG["movie"].search(masked) or len(cues.trip_cities(piece)) >= 2):
        found.add("attraction")  # 学生票半价吗, 订一张成人票: a sight's tickets (学生票 alone: the clauses around it decide)
    if cues.VISIT_LENGTH_RE.search(said) and not (travelling or STRONG["movie"].search(masked)):
        found.add("attraction")  # 找一个能玩1小时的地方, 中国古动物馆能玩多长时间: a visit's length
    if not found and WHERE_TO_PLAY_RE.search(said):
        found.add("attraction")  # 周末想带娃去哪儿玩: a place to visit wished for, none named
    if cues.MOVIE_WORD_RE.search(masked):
        found.add("movie")
    if piece.titles and "shopping" not in found:
        found.add("movie")
    if "grocery" in found and products.ORDER_FOOD_RE.search(masked):
        found.add("takeout")  # 帮我点一份香菇青菜: goods ordered by the portion are a dish; the weighing decides
    if products.ANY_RE.search(piece.text) and not found - {"takeout"} and not SIGHTSEEING_RE.search(piece.text):
        found.add("takeout")
    return found


# Where one goes, said whole before a pause (去|白水寨，帮忙订票), and tickets asked after it: a sight the lexicon
# lacks (a trip's tickets name a train, a plane or a city; a film is seen, not gone to).
GONE_PLACE_RE = lazy_compile(r"(?<![回出过进失下上来])去(?:一趟|趟)?([\u4e00-\u9fff]{2,6}?)(?:玩|逛逛?|转转?|看看|耍|玩玩)?(?=[，,\s。])")
TICKETS_AFTER_RE = lazy_compile(r"(?:订|定|买|抢|约|预约|购)[^，,。？?]{0,5}票")
GONE_NOT_PLACE_RE = lazy_compile(r"^(?:这|那|哪|个|一个|一家)|景点|景区|地方|旅游|哪里|哪儿|郊区|郊外|海边|乡下|市区|城里|外地|国外|"
                                 r"附近|周边|出差|上班|公司|学校|医院|机场|车站|火车站|高铁站|电影院|影院|影城|看电影|演唱会|"
                                 r"[玩游吃逛走看买订]")


def _gone_with_tickets(piece: Piece) -> bool:
    """去白水寨，帮忙订票: tickets asked after a place gone to that is no city, no cinema and nothing known."""
    said = piece.text
    if "票" not in said or "去" not in said:
        return False
    gone = GONE_PLACE_RE.search(said)
    if gone is None or GONE_NOT_PLACE_RE.search(gone.group(1)) or not TICKETS_AFTER_RE.search(said, gone.end()):
        return False
    if any(d.start < gone.end(1) and gone.start(1) < d.end for d in piece.scan.dates):
        return False
    return not any(m.start < gone.end(1) and gone.start(1) < m.end and not m.kinds() <= {"sight", "landmark"}
                   for m in piece.mentions)


TAXI_PLACE_RE = lazy_compile(r"(?:从|去|到|回)(?!老家)(?:家|公司|医院|学校|单位|机场|车站|火车站|酒店|小区|地铁站|商场|[^\s，,]{0,8}"
                           r"(?:家|医院|广场|大厦|中心|站|公园|小区|大学|学院|路|街|号|商场|门口))")
HOTEL_HINT_RE = lazy_compile(r"那边|附近|旁边|周边|边上")
TRIP_TICKET_RE = lazy_compile(r"票|班次|车次|[0-9一两二三四五六七八九十]\s*张")
STAY_HINT_RE = lazy_compile(r"那边|附近|旁边|周边|边上|今晚|[三四五]星")


# Public places named by their last word (篱苑图书馆, 光明文化广场): no goods or brand inside the name is asked for.
PUBLIC_PLACE_END_RE = lazy_compile(r"(?:图书馆|大学|广场|大街|大会堂)$")
# On board a train, a plane or a bus (高铁上有wifi吗): no stay asked about.
GENERAL_ON_BOARD_RE = lazy_compile(r"(?:飞机|高铁|火车|动车|地铁|航班|车|公交|大巴|船)上")
# Places the lexicon lacks that put up guests (湖南大厦, 国家会议中心, 远望楼宾馆): a stay when asked about.
OPEN_STAY_RE = lazy_compile(r"[\u4e00-\u9fff]{2,8}(?:大厦|会议中心|招待所|宾馆|公寓|旅舍|青旅|客栈|快捷)")
# What a stay has, asked of a name the lexicon lacks (北京王府半岛有wifi吗, …有没有暖气).
STAY_FACILITY_RE = lazy_compile(r"wifi|WiFi|WIFI|无线网|叫醒服务|暖气|热水|吹风机|接机服务|接站服务|行李寄存|无烟房")
# A place asked for by its admission price (票价100元以内的地方, 门票免费的去处): a sight.
PRICED_PLACE_RE = lazy_compile(r"(?:票价|门票)[^，,。！!？?]{0,14}的(?:地方|地儿|去处)|(?:地方|地儿|去处)[^，,。！!？?]{0,6}(?:票价|门票)")
# Kinds of ticket only sights sell (成人票, 老人票, 亲子票; trains sell 学生票 and 儿童票 too, films none).
SIGHT_ONLY_TICKET_RE = lazy_compile(r"(?:成人|老人|大人|亲子|家庭|团体|套|联)票")
REFUSED_ROOMS_RE = lazy_compile(rf"{MASK}\s*(?:间|晚)")
# Rides inside a sight (缆车, 索道, 游船): their tickets are the sight's.
SIGHT_RIDE_RE = lazy_compile(r"(?:缆车|索道|观光车|观光小火车|游船|摆渡车|电瓶车)票?")
SIGHT_TICKET_RE = lazy_compile(r"票|玩|逛|游|参观|爬|看看|[0-9一两二三四五六七八九十]\s*张|学生|儿童|成人|大人|小孩|老人")
OPEN_SIGHT_RE = cues.OPEN_SIGHT_RE
MEASURE_DOMAIN: dict[str, str] = {**dict.fromkeys("斤箱瓶袋桶提罐打盒包", "grocery"), **dict.fromkeys("件双台部条套副本把顶", "shopping"),
                                  **dict.fromkeys("杯碗份", "takeout")}
OPEN_PRODUCT_RE = lazy_compile(r"^(?:买|来|要)?\s*[\u4e00-\u9fff]{2,6}\s*[0-9一两二三四五六七八九十]+\s*([斤箱瓶袋桶提罐打盒包件双台部条套副本把顶杯碗份])"
                             r"|买\s*(?:[0-9一两二三四五六七八九十]+)?\s*([斤箱瓶袋桶提罐打盒包件双台部条套副本把顶个])")
MEASURE_LED_RE = lazy_compile(r"(?:来|点|要)\s*(?:[0-9一两二三四五六七八九十]+)?\s*[杯碗份]")
FOOD_CHARS_RE = lazy_compile(r"食|菜|肉|果|蛋|奶|米|面|油|鱼|虾|蟹|贝|参|鸡|鸭|鹅|排|酥|饼|糖|茶|酒|水|粮|薯|瓜|豆|笋|菇|枣|梨|桃|橙|柑|橘|莓|蕉")


# 北京有什么好玩的, 找个景点玩, 去哪玩: a wish to go sightseeing.
OWN_START_TO_PORT_RE = lazy_compile(r"(?:^|[\s，,])(?:从)?(?:家里|家|公司|学校|单位|宿舍|小区)(?:门口|楼下)?(?:到|去)[^\s，,。]{0,8}?"
                                   r"(?:机场|火车站|高铁站|航站楼|航厦|[东南西北]站)")
WHERE_TO_PLAY_RE = lazy_compile(r"去哪(?:里|儿)?(?:玩|逛|转转?|耍)|哪(?:里|儿)(?:好玩|可以玩|能玩)|有(?:什么|啥)好玩的")
SIGHTSEEING_RE = lazy_compile(r"好玩|景点|玩的地方|去的地方|夜景|看风景|看日出|看日落|古迹|名胜|打卡|拍照|自然风光|人文景观|"
                            r"遗址|园林|值得去|去哪(?:里|儿)?玩|哪里玩|逛逛|旅游景区|(?:地方|地儿|去处)(?:去)?(?:玩|游玩|逛|转转|走走)")
# Tickets counted or seats chosen for an unknown name: a film's screening.
SCREENING_RE = lazy_compile(r"[0-9一两二三四五六七八九十俩仨]\s*张(?!\S{0,3}(?:桌|床|纸|卡|画|照|椅|图|票据))|张票|的票|"
                          r"还有票|有票吗|后排|前排|最后一排|第一排|正中间|中间的位")
RIDE_FROM_RE = lazy_compile(r"(?:从|我在)\s*(?:家|公司|学校|单位|宿舍|小区|酒店|餐厅|门口|楼下)")
DELIVERED_HERE_RE = lazy_compile(r"送(?:过来|过去|上来|到|来)|外卖|外送|配送")
# Going to an airport (晚8点去首都机场, 下午三点到虹桥机场T2) said with no flight word: a ride to it.
PORT_GONE_TO_RE = lazy_compile(r"(?:去|到|回|送我去|送我到)\s*[^\s，,。！!？?去到]{0,6}机场(?:\s*[Tt]\d)?(?:\s*(?:航站楼|吧|啊))?\s*$")
FLYING_WORD_RE = lazy_compile(r"飞|航班|机票|票|舱|航空|登机|起飞|落地|降落|转机")
# A room by its kind (家庭房, 海景房, 亲子房) or a room of a place (订间上海外滩的房): a stay.
ROOM_WORD_RE = lazy_compile(r"(?:家庭|亲子|豪华|高级|行政|商务|海景|江景|湖景|山景|园景|景观|无烟|情侣|主题|电竞|单人|双人|三人|榻榻米)"
                            r"(?:大床|双床)?房(?!租|费|价|东|产|贷)|标准间|标准房|单人间|双人间|三人间|"
                            r"(?:订|定|开|要)一?[个间][^，,。！!？?]{1,12}?的房(?:间|子)?(?![租费价东产贷])")
RIDE_TO_RE = lazy_compile(r"(?:回|到|去)(?:家|公司|学校|单位|宿舍)(?=$|[\s，,])")


# Going somewhere, then a question about it pointed at (我要去宋庄艺术区，这里的电话是多少).
GO_THEN_ASK_RE = lazy_compile(r"去[^\s，,。！!？?]{2,12}?(?:吧|玩玩|转转|看看|逛逛)?[，,\s][^。]*?(?:这里|那里|那儿|这儿|这个地方|那个地方|它|该地|该景点)的?"
                              r"(?:具体)?(?:电话|地址|评分|门票|票价|开放时间|游玩时间)")


# A city said as the first word of a name the lexicon lacks (北京蜡像馆, 北京古观象台): more of the name follows it.
_CITY_HEADS_NAME_RE = lazy_compile(r"[\u4e00-\u9fffA-Za-z]{2,}(?=[，,\s]|吧|$)")


def weak_domain(piece: Piece) -> str | None:
    """A domain guessed from places alone: stations, airports, sights, two cities; or from what a follow-up
    question about a thing said before asks (它的门票多少钱, 那家的房价呢, 车牌号是多少)."""
    kinds = [m.kinds() for m in piece.mentions]
    went = GO_THEN_ASK_RE.search(piece.text)
    if went and not any(m.kinds() & {"station", "airport", "hotel_brand"} or (
            "city" in m.kinds() and not cues.city_in_name(piece.text, m) and not _CITY_HEADS_NAME_RE.match(piece.text, m.end))
            for m in piece.mentions):
        return "attraction"  # 就去珍宝馆吧，这里的地址是多少: a place to visit, then a question about it
    if not kinds:
        followed = cues.follow_up_domain(piece.text)
        if followed is not None:
            return followed
    ride_from = RIDE_FROM_RE.search(piece.text)
    if ride_from and ride_from.group(0).startswith("我在") and (
            MEASURE_LED_RE.search(piece.text) or DELIVERED_HERE_RE.search(piece.text)):
        ride_from = None  # 我在公司 帮我点份饭送过来: where the food goes, no ride from there
    if ride_from or (RIDE_TO_RE.search(piece.text) and not any("city" in k for k in kinds)):
        return "taxi"
    if len(piece.scan.dates) >= 2 and re.search(r"到|至|-", piece.text[piece.scan.dates[0].end:piece.scan.dates[1].start]):
        return "hotel"
    if HOTEL_HINT_RE.search(piece.text) and cues.head_domain(piece.text) not in (None, "hotel"):
        return cues.head_domain(piece.text)  # 民宿附近的公园: the thing said last is asked for
    if HOTEL_HINT_RE.search(piece.text) and not re.search(r"去|到", piece.text) and not SIGHTSEEING_RE.search(piece.text):
        return "hotel"
    stations = sum("station" in k for k in kinds)
    if stations and (stations >= 2 or TRIP_TICKET_RE.search(piece.text)):
        return "train"
    if not any("city" in k for k in kinds) and TAXI_PLACE_RE.search(piece.text):
        return "taxi"
    if (any("sight" in k for k in kinds) or OPEN_SIGHT_RE.search(piece.text)) and cues.SIGHT_VISIT_RE.search(piece.text):
        return "attraction"  # 我想去看兵马俑, 带孩子去动物园: going there to see it
    if any(k & {"landmark", "sight"} for k in kinds) and re.search(r"^(?:去|到)|[^出]去|到", piece.text) and not any(
            "city" in k for k in kinds):
        return "taxi"
    if any("airport" in k for k in kinds):
        if PORT_GONE_TO_RE.search(piece.text) and not any("city" in k for k in kinds) and not FLYING_WORD_RE.search(piece.text):
            return "taxi"  # 晚8点去首都机场: going to the airport, no flight named; the ride there is asked
        return "flight"
    if cues.HOMEWARD_RE.search(piece.text):
        return "train"  # 回老家的票帮我抢一张: tickets home are rail tickets unless a flight is said
    if not kinds and not OPEN_SIGHT_RE.search(piece.text) and SCREENING_RE.search(piece.text):
        return "movie"  # 订三张下午的逆光飞翔, 两张长夜将尽 后排: tickets or seats for a name unknown
    if LOOK_RE.search(piece.text) or (piece.scan.clocks and not kinds) or (
            piece.scan.dates and not kinds and DATED_TITLE_RE.search(piece.masked())
            and not re.search(r"[吗嘛呢么吧?？]|会|下雨|下雪", piece.text)):
        return "movie"
    added = {(s, e) for s, e, _ in toppings.added(piece)}  # 一份麻辣锅 加豆腐: a food put into the dish names no goods
    if MEASURE_LED_RE.search(piece.text) and not any(m.kinds() for m in piece.mentions if (m.start, m.end) not in added):
        return "takeout"
    opened = OPEN_PRODUCT_RE.search(piece.text)
    if opened and not any(k & {"city", "landmark", "sight", "station"} for k in kinds):
        measure = opened.group(1) or opened.group(2)
        if measure in MEASURE_DOMAIN:
            return MEASURE_DOMAIN[measure]
        return "grocery" if FOOD_CHARS_RE.search(piece.text) else "shopping"
    if re.match(r"^(?:帮我)?买", piece.text) and not any(k & {"city", "station"} for k in kinds):
        return "grocery" if FOOD_CHARS_RE.search(piece.text) else "shopping"
    if any("station" in k for k in kinds):
        return "train"
    if any("sight" in k for k in kinds) or OPEN_SIGHT_RE.search(piece.text) or SIGHTSEEING_RE.search(
            piece.text):
        return "attraction"
    named = NAME_ASKED_RE.search(piece.text)
    if named and not kinds and not NOT_A_PLACE_RE.search(named.group(1)):
        return "attraction"  # 潘家园的地址是什么: a place the lexicon lacks asked about, most often a sight
    if any("city" in m.kinds() and CITY_PLACE_VISITED_RE.match(piece.text, m.end) for m in piece.mentions) and len(
            cues.trip_cities(piece)) == 1 and not TRIP_TICKET_RE.search(piece.text):
        return "attraction"  # 去北京麋鹿苑玩: a place in the city, visited
    if sum("city" in k for k in kinds) >= 1 and re.search(r"到|去|回|飞|从|-|→", piece.text):
        return trip_domain([e.value for _, e in piece.entries("city")])
    return None


# More of a name after a city, then a visit (北京麋鹿苑玩, 苏州平江路逛逛): a place in the city.
CITY_PLACE_VISITED_RE = lazy_compile(r"(?:(?!旅游|旅行|出差|度假|一趟|过年|探亲|住|待|呆|玩|逛|看|转|走|游|[0-9一两三四五六七八九十几]天)"
                                     r"[\u4e00-\u9fff]){2,8}?(?:玩|逛|游玩|看看|参观|转转|走走)")
# A name the lexicon lacks, asked about as a place is (潘家园的地址, 小汤山镇的电话): a guess, kept below the threshold.
NAME_ASKED_RE = lazy_compile(r"(?:^|[，,\s]|请问|告诉我|查一下|问一下|一下)([\u4e00-\u9fff]{2,8}?)的(?:具体)?(?:电话|地址|评分|开放时间|门票|票价|游玩时[间长])")
# Who or what has a phone or an address without being a place to visit (我妈的电话, 客服电话, 公司地址).
NOT_A_PLACE_RE = lazy_compile(r"[我你他她它这那哪谁]|妈|爸|老婆|老公|朋友|同事|客服|骑手|司机|师傅|快递|外卖|商家|店家|老板|医院|学校|"
                              r"公司|单位|银行|物业|小区|派出所|收货|家里|酒店|宾馆|饭店|餐厅|饭馆|店|车站|机场|什么|怎么|"
                              r"^[老小阿][\u4e00-\u9fff]$|先生|女士|老师|经理|总$|阿姨|叔叔|哥|姐|弟|妹|医生|律师|房东|中介")
# 看 of watching (看哪吒, 想看个片), not of checking (帮我看看去天津的车, 看下有没有票).
LOOK_RE = lazy_compile(r"(?<!帮我)(?<!给我)(?<![查再先看])看(?![看下一]|夜景|风景|日出|日落|海|花灯|灯会)")
# 下周一的星河入梦: a date, then an unknown name of a few characters and nothing else is a film.
DATED_TITLE_RE = lazy_compile(r"^[□\s]*的?\s*[\u4e00-\u9fff]{3,8}(?:[□\s]+(?:中间|后排|前排|两张|一张|[0-9一两三四五]张|IMAX|3D))?[□\s]*$")
FLY_KM = 1200


def trip_domain(cities: list[str]) -> str:
    """A trip said without 机票/高铁: flown abroad, across the strait or farther than FLY_KM, else by rail."""
    if any(c in world.OVERSEAS_CITIES for c in cities):
        return "flight"
    if len(cities) < 2:
        return "train"
    a, b = cities[0], cities[1]
    if (a in world.TAIWAN_CITIES) != (b in world.TAIWAN_CITIES):
        return "flight"
    ca, cb = (places.city_by_name(c) or places.city_by_name(world.CAPITAL_OF.get(c, "")) for c in (a, b))
    if ca is not None and cb is not None and places.distance_m(ca.lat, ca.lng, cb.lat, cb.lng) > FLY_KM * 1000:
        return "flight"
    return "train"


def pick(domains: set[str]) -> str | None:
    """Return the domain a clause is about when it names several (酒店 near 首都机场 is a hotel)."""
    product = domains & {"takeout", "grocery", "shopping"}
    others = [d for d in PRIORITY if d in domains and d not in product]
    if others:
        return others[0]
    return product_domain(product) if product else None


def product_domain(domains: set[str]) -> str:
    for domain in ("takeout", "grocery", "shopping"):
        if domain in domains:
            return domain
    return "takeout"
