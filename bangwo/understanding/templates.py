"""Sentences generated from templates for training the domain weigher: every domain, asked and ordered.

Each template is written with ``{slot}`` holes filled from the built-in lexicon (or made-up names, so the
weigher learns the frame of a sentence rather than its words). They cover what the development set says
too rarely: questions about a thing, recommendations, grade words shared by rides and stays, rides to
hotels and restaurants, clauses about what is already done, brand-led goods, counts no order can take.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from bangwo.understanding import lexicon_food as food
from bangwo.understanding import lexicon_world as world
from bangwo.understanding.lazyregex import lazy_compile
from bangwo.understanding.vocabulary import Vocabulary

# domain, intent, template; a template may hold alternatives as (a|b|c).
TEMPLATES: tuple[tuple[str, str, str], ...] = (
    ("takeout", "order", "(帮我|给我|)(点|来|要)(一|两|三|)(杯|份|碗|个)(少糖|去冰|大杯|微辣|)的?{dish}"),
    ("takeout", "order", "{shop}的{dish}(来|要)(一|两|)(份|杯|个)(，送到{place}|)"),
    ("takeout", "order", "(想喝|想吃|馋)({dish}|{drink})了(，帮我点一(杯|份)|)"),
    ("takeout", "order", "(外卖|外送)(点|叫)(个|一份|)({dish}|{drink})"),
    ("takeout", "order", "{drink} (半糖|少冰|无糖|正常冰|热的) (两杯|一杯|)"),
    ("takeout", "order", "(推荐|有没有)(一家|个|)好(吃|喝)的({dish}|{drink})(推荐|)"),
    ("takeout", "order", "(附近|这边)哪家{dish}(好吃|评分高|比较好)"),
    ("takeout", "order", "(喝啥都行|随便来点吃的|你看着办|有什么推荐)(，|)(不要太甜|30以内|)"),
    ("takeout", "order", "来(-2|0|1e5|2.5)(杯|份){drink}"),
    ("takeout", "info", "{shop}(的|)(电话|电话是多少|地址在哪|几点开门|几点关门|营业时间|评分怎么样|在哪里)"),
    ("takeout", "info", "{shop}的{dish}(好吃吗|多少钱|多少钱一份|热量高吗|还有吗|贵吗)"),
    ("takeout", "info", "{shop}(今天|现在|)(还|)(开门吗|营业吗|送外卖吗)"),
    ("grocery", "order", "(买|来|要)(一|两|三)(箱|斤|袋|瓶|盒|桶){grocery}"),
    ("grocery", "order", "{brand}{grocery}(来|买)(一|两|)(箱|瓶|袋|桶)"),
    ("grocery", "order", "({place_brand}啤酒|{brand}牛奶)(来|要)(一|两)(箱|提)"),
    ("grocery", "order", "(盒马|超市|叮咚)(买|下单)(点|)({grocery})(，送到{place}|)"),
    ("grocery", "order", "买(2.5|-3|0)(斤|箱){grocery}"),
    ("grocery", "info", "({brand}|)({grocery})(多少钱一斤|现在什么价|还有货吗|有货吗|多少钱|贵吗)"),
    ("shopping", "order", "(淘宝|京东|网上|)(买|下单|来)(一|两|)(个|件|双|台|本)({brand_s}|)({goods})"),
    ("shopping", "order", "({goods}) ({brand_s}的|黑色|XL码|42码) (一|两)(件|双|个)"),
    ("shopping", "info", "(淘宝上|京东上|网上|)(的|)({brand_s}|)({goods})(多少钱|有货吗|还有货吗|评价怎么样|好用吗)"),
    ("movie", "order", "(帮我|)(买|订)(一|两|三)张({date}|)({time}|)的{title}(，|)(最后一排|中间|IMAX|)"),
    ("movie", "order", "(去|在){cinema}看{title}(，两张|)"),
    ("movie", "order", "(要|订)(IMAX|3D|杜比)(版|)的{title}(两张|)"),
    ("movie", "order", "(最近|今晚|周末)有什么好看的电影(推荐|)"),
    ("movie", "order", "看{title} (tonight|tomorrow|today)"),
    ("movie", "info", "{title}(还有票吗|有票吗|好看吗|片长多少|几点有场次|评分怎么样|最早一场几点|有IMAX场吗)"),
    ("movie", "info", "({date}|)({cinema}|){cinema}(在哪|电话多少|有没有IMAX场|几点关门)"),
    ("movie", "info", "{date}的{title}(还有票吗|还有位子吗|几点的)"),
    ("flight", "order", "(订|买|帮我订)(一张|两张|张|)({date}|){city}(飞|到){city2}的(机票|航班)"),
    ("flight", "order", "{date}(从|){city}飞{city2}(，经济舱|，最便宜的|，直飞|)"),
    ("flight", "order", "(买|订)(张|)(鸡票|飞鸡票)去{city}"),
    ("flight", "info", "({date}|){city}飞{city2}(的机票|的航班|)(多少钱|还有票吗|要多久|要飞几个小时|有几班)"),
    ("train", "order", "(订|买|帮我订)(一张|两张|张|)({date}|)(从|){city}(到|去){city2}的(高铁|动车|火车票|二等座)"),
    ("train", "order", "{date} {city}到{city2} (高铁|动车|硬卧|一等座)"),
    ("train", "order", "(高铁|火车)票-2张 {city}到{city2}"),
    ("train", "info", "({date}|){city}(到|去){city2}的(高铁|动车|火车)(还有票吗|要多久|几点发车|多少钱|还有没有票)"),
    ("train", "info", "(最早一班|末班)(去|到){city}的(高铁|动车)几点"),
    ("hotel", "order", "(帮我|)(订|定)(个|一间|两间)({city}|{landmark}(附近|边上|旁边))的(酒店|宾馆|民宿)({date}入住|，住两晚|)"),
    ("hotel", "order", "(经济型|舒适型|豪华型)(的|)(酒店|宾馆)({city}|，{date})"),
    ("hotel", "order", "{date}(住|入住){city}(，|){hotel_brand}(大床房|标间|)"),
    ("hotel", "order", "(订个|定个)(酒电|九店)(在|){city}"),
    ("hotel", "order", "{landmark}(附近|周边)哪家酒店(好|评分高|比较干净)"),
    ("hotel", "order", "(机票|高铁票)(已经|)(买好了|订好了)，(帮我|)(订|找)(一晚|个)(住的地方|酒店)"),
    ("hotel", "info", "{hotel_brand}(酒店|)(电话|电话多少|地址在哪|一晚多少钱|多少钱一晚|还有房吗|有停车场吗|评分怎么样|含早吗)"),
    ("hotel", "info", "{landmark}(附近|边)的(酒店|{hotel_brand})(还有房吗|一晚多少钱|怎么样)"),
    ("attraction", "order", "(买|订)(一|两|三|)张({date}|)(的|){sight}(门票|的票)(，学生票|，儿童票|)"),
    ("attraction", "order", "({date}|)(去|想去){sight}(玩|逛逛)(，|)(买两张票|门票两张|)"),
    ("attraction", "order", "{city}有什么好玩的景点(推荐|)"),
    ("attraction", "order", "(酒店定好了|定好酒店以后)，(我想|想)(找个景点玩|去{sight}逛逛)"),
    ("attraction", "info", "{sight}(几点开门|门票多少钱|要预约吗|几点关门|还有票吗|好玩吗|开放时间|在哪|学生票多少钱)"),
    ("taxi", "order", "(帮我|)(打车|叫车|叫个车|打个车|叫辆快车|叫个专车)(去|到|回){destination}"),
    ("taxi", "order", "(帮我叫车|打车)，从{eatery}到{hotel_brand}(酒店|)"),
    ("taxi", "order", "(打车|叫车)(从|){hotel_brand}酒店(去|到){destination}"),
    ("taxi", "order", "叫(个|辆)(经济型|舒适型|豪华型|六座)的车(去|到){destination}"),
    ("taxi", "order", "(酒店已经订好了|机票买好了)，(帮我|)叫个车去{destination}"),
    ("taxi", "order", "(叫一台計程車|叫台计程车)(到|去){destination}"),
    ("taxi", "info", "(打车|叫车)(去|到){destination}(要多久|大概多少钱|多少钱)"),
    ("recharge", "order", "(帮我|给我妈|给我|)(充|冲|储值)(50|100|二百|五十块)(话费|块话费|)"),
    ("recharge", "order", "(话费|手机)(充|冲|储值)(一百|100|200)"),
    ("recharge", "order", "(充|冲)(-100|0|1e3)(块|)话费"),
    ("account", "track_order", "我的({dish}|外卖|快递|{goods})(到哪了|怎么还没到|还要多久)"),
    ("account", "cancel_order", "(取消|退订)(刚才的|那个|)({dish}|电影票|酒店|订单)"),
    ("account", "refund", "(刚才的|昨天的|)({dish}|电影票|机票)(退款|能退吗|帮我退了)"),
    ("account", "list_cards", "(我还有几张免单卡|我的卡券|有什么优惠券)"),
    # Requests as people type them into search boxes and travel assistants: bare keywords, several wishes
    # at once (a rating, a price range, facilities, how long a visit takes), things pointed at (这家酒店).
    ("hotel", "order", "(你好，|请|麻烦|)(帮我|)(找|推荐)一(家|个)评分(在|)(4|4.5|4.6)分以上(的|、)(有|提供)(免费wifi|叫醒服务|"
                       "接机服务|健身房|早餐服务|国际长途电话|24小时热水|室内游泳池|会议室|洗衣服务)的(酒店|宾馆)"),
    ("hotel", "order", "(我想找|推荐|有没有|帮我找)一(家|个)价格在(200|300|400|500)(-|到)(400|600|800)元(之间|)的"
                       "(经济型|舒适型|高档型|豪华型|)(酒店|宾馆)"),
    ("hotel", "order", "(我需要|我要找|帮我找|请推荐)一家(有|提供)(接站服务|暖气|吹风机|看护小孩服务|行李寄存|残疾人设施|收费停车位|"
                       "商务中心|温泉|SPA)(和|、)(接机服务|暖气|洗衣服务|早餐服务)的(经济型|舒适型|高档型|豪华型|)酒店"),
    ("hotel", "order", "({sight}|{landmark})(附近|周边)(有没有|有什么|有哪些)(舒适型的|便宜的|评分高的|)(酒店|宾馆)"),
    ("hotel", "order", "(找|推荐)一家(周边|附近)有(景点|地铁站|餐馆|公园)的(酒店|宾馆)"),
    ("hotel", "order", "(我想|想|)在{city}(找个|找一家)(能住|住)(一晚|两晚|)的(酒店|地方)"),
    ("hotel", "info", "(请问|那|好的，|)(这家|那家|该)(酒店|宾馆)的(电话|地址|评分|价格|房价)(是多少|是什么|在哪|怎么样|)"),
    ("hotel", "info", "{city}(国际|友谊|和平|京伦|贵宾楼|香格里拉)(饭店|宾馆|大酒店)的(电话|地址|评分|价格)(是多少|在哪|是什么|)"),
    ("attraction", "order", "(你好，|请|麻烦|)(帮我|给我|)推荐一个(门票免费|评分4.5分以上|游玩时间1小时|游玩时间在2小时以上|"
                            "门票在50元以内)(、|，|的)(游玩时间1小时|门票免费|评分在4分以上|)的景点"),
    ("attraction", "order", "(我想去|有没有|想找)一个(评分|评分在)(4|4.5|4.7)分以上的(景点|公园|博物馆)"),
    ("attraction", "order", "{city}(有什么|有啥|有哪些)(好玩的|值得去的)(景点|地方|)"),
    ("attraction", "order", "(我想|想|)(带孩子|带爸妈|)去(看|逛逛|玩|爬){sight}"),
    ("attraction", "info", "(这个|那个|该)(景点|公园|博物馆)的(门票|评分|地址|电话|游玩时间|开放时间)(是多少|多少钱|是什么|在哪|是多久|)"),
    ("attraction", "info", "{sight}的(游玩时间|门票|评分|地址|电话|开放时间)(是多久|是多少|多少钱|在哪里|是什么)"),
    ("taxi", "order", "(我要|我想|帮我|请帮我)从{place_any}(打车|坐出租车|打个车)(去|到){place_any}"),
    ("taxi", "order", "(帮我|请帮我)(叫|订|约|预订)一辆从{place_any}(到|去){place_any}的(出租车|车)"),
    ("taxi", "order", "(我需要|我要|)从{place_any}(到|去){place_any}，(帮我叫个出租车|帮我叫辆车|打个车)"),
    ("taxi", "info", "(出租车的|那|)(车型|车牌|车型和车牌|车牌号)(是什么|是多少|)"),
    ("attraction", "info", "(那|好的，|请问|)(它|这个景点|那个景点|那里)的(门票|游玩时间|地址|电话|评分)(是多少|是什么|呢|多少钱)"),
    ("hotel", "info", "(那|好的，|请问|)(它|这家|那家)的(价格|房价|酒店类型|设施)(是多少|是什么|呢)"),
    ("movie", "order", "(最近|这周末|今天|今晚|国庆)(有什么|有啥|上映了什么|上映什么)(好看的|新|)(电影|大片|新片|片子)"),
    ("movie", "order", "(附近|这边|{city})(的|有什么|有哪些)(电影院|影院|影城)"),
    ("movie", "order", "(查一下|看看|){cinema}(今天|明天|)(的排片|有什么电影|放什么电影)"),
    ("movie", "order", "(推荐|推荐几部|有没有)(好看的|)(喜剧片|动作片|爱情片|科幻片|动画电影)"),
    ("flight", "order", "({date}|)(从|){city}(到|飞|飞往){city2}(的|)(机票|航班|飞机|飞机票)(查询|)"),
    ("flight", "order", "(查一下|帮我查|查询|看看)({date}|)(去|飞|到){city}的(航班|机票|飞机)"),
    ("flight", "order", "(机票|航班|飞机票) {city}(到|-){city2} {date}"),
    ("train", "order", "(查一下|帮我查|查询|看看)({date}|)(去|到){city}的(高铁|火车|动车|火车票)"),
    ("train", "order", "(火车票|高铁|动车) {city}(到|-){city2} {date}"),
    ("recharge", "order", "(帮我|给我妈|)(缴|交)(一下|)(手机费|电话费|话费)(，|)(100|五十|两百块|)"),
    ("recharge", "order", "(给|帮)(我|我妈|我爸|)(的|)手机(充点钱|充个值|交点钱|加值|充值)(100|五十|)"),
    ("hotel", "info", "(房间|酒店|{hotel_brand})(里|)(含早|含早餐|带早餐|有wifi|能洗澡|有热水)(吗|不)"),
    ("attraction", "info", "(学生票|儿童票|老人票|成人票)(半价吗|多少钱|怎么买|要带证件吗)"),
    ("taxi", "order", "(我下飞机了|刚下高铁|飞机快落地了|赶明早的飞机)，(帮我|)(叫个车|约个车|打个车)(回家|去酒店|去机场|)"),
    ("chat", "chat", "(最近有什么|推荐几部|有没有)(好看的|)(电视剧|美剧|韩剧|综艺)"),
    ("chat", "chat", "你(们|)(能|会|可以|喜欢|平时)(订机票|点外卖|看电影|打车|聊天|唱歌|订酒店)(吗|不)"),
    ("account", "track_order", "(我|)(点|买|订)的({dish}|{goods}|东西|外卖)(送哪去了|寄出了吗|发出了没|跑哪去了)"),
    ("account", "list_orders", "(我|)(上周|昨天|之前|最近)(订|买|点)了(什么|啥|哪些)(酒店|东西|外卖|)(来着|)"),
    ("account", "track_order", "(订单|包裹|骑手|外卖小哥)(状态怎么样了|到哪了|怎么还没到|在哪)"),
    ("account", "refund", "(申请|我要)(售后|退货|退款)"),
    ("account", "list_cards", "我(有|的)(什么|哪些|)(优惠|优惠券|卡券)"),
    ("chat", "chat", "({dish}|{drink}|{grocery})(喝多了|吃多了|)(会胖吗|健康吗|有营养吗)"),
    ("chat", "chat", "(高铁上|飞机上|电影院|酒店里)(能|可以)(吃|带)(泡面|吃的|零食|饮料)(吗|进去吗)"),
    ("chat", "chat", "(酒店|机票|电影|外卖|高铁|奶茶)(的英文|用英语)(怎么说|叫什么)"),
    ("chat", "chat", "(你好|在吗|谢谢|明天天气怎么样|讲个笑话|帮我写副春联|你是谁|今天会下雨吗|你能干嘛|晚安)"),
    ("chat", "chat", "(高铁上能带宠物吗|为什么飞机会晚点|电影院为什么那么贵|奶茶为什么叫奶茶|酒店的英文怎么说)"),
    # Round 6: a car to a trip's port, what is done at a ride's end, a trip told before the ride asked,
    # refused room counts, a phone out of credit, a bowl with an egg added, flights by number, toys and
    # goods bought on a shop app or for someone, things pointed at.
    ("taxi", "order", "({date}|)(早上|晚上|下午|)(6点|7点半|八点|十点|5点40)的车(，| |)(去|到|送我去)({port})"),
    ("taxi", "order", "(打车|叫车|叫个车|打个车|帮我叫辆车)(去|到){eatery}(吃火锅|吃饭|吃烤鸭|吃烧烤|喝咖啡|聚餐|吃个饭)"),
    ("taxi", "order", "(打车|叫车|叫个车|打个车|帮我叫辆车)(去|到){cinema}(看{title}|看电影|看个电影)"),
    ("taxi", "order", "({date}|)(早上|晚上|下午|)(8点|)的(飞机|航班|高铁|火车)，(帮我|)(约|叫|订)(个|辆|一辆)车(去{port}|)"),
    ("hotel", "order", "(订|定|要)(-1|0|-2|1e3|2.5)(间|个)(房|房间|大床房|标间)(，|)({date}|今晚|)"),
    ("recharge", "order", "(手机|话费)(没钱了|欠费了|停机了|没话费了)(，| )(充|冲|充个|帮我充|给我充)(50|100|二百|一百)"),
    ("takeout", "order", "来(碗|份)(面|米粉|馄饨|牛肉面|拉面|酸辣粉)(，| )(多加个蛋|加个蛋|加份肉|不要葱花|多放点辣|加个卤蛋)"),
    ("flight", "info", "(请问|)(那个|)({flight_no})(航班|)(几点起飞|几点到|准点吗|延误了吗|在哪个航站楼|还有票吗)"),
    ("flight", "order", "(帮我|)(订|买)(一张|张|两张|)({date}|)(的|){flight_no}(航班|)"),
    ("train", "info", "(这趟|这班|那趟)(高铁|动车|火车|车)(几点到|几点发车|还有票吗|要坐多久)"),
    ("flight", "info", "(这个|那个|这班)(航班|飞机)(几点起飞|延误了吗|几点落地|准点吗)"),
    ("shopping", "order", "(买|来|要)(一|两|)(只|个)(米老鼠|唐老鸭|熊猫|皮卡丘|小黄鸭|小猪佩奇|凯蒂猫|兔子|奥特曼)(玩偶|公仔|玩具|毛绒玩具)"),
    ("shopping", "order", "(帮我|)(在|)(淘宝|京东|拼多多|天猫)(上|)(买|下单|搜一下)(一|两|)(个|件|双|台|条|)({brand_s}的|)({goods})"),
    ("shopping", "order", "(给孩子|送女朋友|给我妈|送男朋友|给老公)(买|挑)(一|)(个|件|条|双|支)({brand_s}的|)({goods})"),
    ("shopping", "order", "(买|来)(一|两|)(个|件|双|台|条|)({goods}) ({brand_s}的) (黑色|白色|42码|L码|XL|)"),
    ("shopping", "order", "(买|来|帮我买)(个|一部|一台|部|)(苹果|华为|小米|荣耀|红米|OPPO)(13|14|15|16|70|K70)( Pro| Max|)"),
    ("shopping", "info", "(苹果|华为|小米|荣耀)(14|15|16|70)( Pro|)(多少钱|有货吗|什么时候发货|好用吗)"),
    ("chat", "chat", "(酒店和民宿|高铁和飞机|坐高铁还是坐飞机|淘宝和京东|外卖和堂食|打车和地铁|动车和高铁)(哪个|)(更|)(好|快|便宜|划算|方便)"),
    # Round 9: sentences told, not asked (someone's habits, what one did, how it was, thanks, a state told);
    # the user's points, membership, invoices and address; a facility, rooms left, a queue, a size asked.
    ("chat", "chat", "(我同事|我室友|我男朋友|我妈|我老公|我闺蜜)(每天|天天|又|总是|经常)(点|喝|吃)({dish}|{drink})(，说了也不听|了|)"),
    ("chat", "chat", "({shop}|{cinema}|{hotel_brand}酒店)的(服务|环境|味道|包装|早餐)(真的|也太|挺|超)(好|棒|贵|差|好吃)(了|啊|的|)"),
    ("chat", "chat", "({sight}|{city})我(去过|玩过)(好几次|两次|)了"),
    ("chat", "chat", "(昨天|周末|刚)(看了一部电影|坐了一天高铁|住了一晚{hotel_brand}|吃了一顿{dish})，(挺好的|一般般|太累了|好开心)"),
    ("chat", "chat", "(我最喜欢|我最爱)喝{drink}(了|)"),
    ("chat", "chat", "(我觉得|我最喜欢|我最爱)吃{dish}(了|)"),
    ("chat", "chat", "(谢谢你|谢谢)(上次|昨天|)帮我(订|点|叫)的(票|外卖|车|酒店)，(很准时|很好|不错)"),
    ("chat", "chat", "(楼下|公司旁边|我家附近)的{shop}(关门了|搬走了|涨价了)"),
    ("account", "list_cards", "(我|)(还有|还剩)(多少|几)积分"),
    ("account", "list_cards", "我的会员(什么时候|啥时候)到期"),
    ("account", "list_orders", "(帮我|麻烦|)(开|补开)(一下|一张|)(那单|上次那单|昨天那单)的发票"),
    ("account", "list_orders", "(收货|外卖|送货)地址(填错了|写错了)(，能改吗|，帮我改一下|)"),
    ("hotel", "info", "{hotel_brand}(酒店|)(还剩几间房|有没有停车场|今晚还剩几间)"),
    ("takeout", "info", "{shop}(要排队吗|现在排队吗|要排多久的队)"),
    ("shopping", "info", "({brand_s}|)({goods})有没有(42码|XL码|黑色|白色)(的|)"),
    ("hotel", "info", "{hotel_brand}(酒店|)(的|)(早餐|自助早餐)(几点开始|几点到几点|好吃吗|多少钱|几点结束)"),
    ("hotel", "info", "{hotel_brand}(酒店|)(有没有健身房|有没有洗衣房|离地铁站远不远|几点可以入住)"),
    ("attraction", "info", "{sight}(周一休息吗|要钱吗|离市区远不远|收钱吗)"),
    ("recharge", "info", "(充话费|话费充值|给手机充值)(要手续费吗|一般几分钟到账|收手续费吗)"),
)
PORTS = ("首都机场", "大兴机场", "浦东机场T2", "虹桥机场", "白云机场", "机场", "火车站", "北京南站", "虹桥火车站", "南站", "高铁站")
FLIGHT_NOS = ("MU5101", "CA1831", "CZ3101", "HU7181", "3U8888", "MF8101", "ZH9102", "FM9301", "HO1252", "CA 1501")
PLACES = ("公司", "家", "学校", "宿舍", "会议室", "前台", "楼下")
DESTINATIONS = ("机场", "火车站", "公司", "家", "西湖", "外滩", "人民广场", "万达广场", "地铁站", "医院", "{eatery}",
                "{hotel_brand}酒店")
EATERIES = ("海底捞", "外婆家", "必胜客", "西贝", "老王烤翅", "阿强烧烤", "小林面馆", "麦当劳", "全聚德")
MADE_UP_TITLES = ("星河入梦", "山海奇缘", "雾港来信", "北方的灯", "夏日逃亡", "长夜将尽", "雪夜归途", "风起南城")
PLACE_BRANDS = ("青岛", "哈尔滨", "燕京", "雪花")
# Ends of a ride as travellers name them: sights, hotels named after their city, restaurants with a branch.
PLACES_ANY = ("{sight}", "{city}饭店", "{city}(国际|友谊|香格里拉|京伦|和平里)(饭店|大酒店|宾馆)", "{eatery}",
              "{eatery}(前门店)", "{hotel_brand}酒店", "酒店", "景点", "餐厅", "{landmark}")
ALT_RE = lazy_compile(r"\(([^()]*)\)")
HOLE_RE = lazy_compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Sample:
    """A generated sentence and the domain and intent it asks for."""

    text: str
    domain: str
    intent: str


class Filler:
    """Fills the holes of a template from the vocabulary."""

    def __init__(self, vocabulary: Vocabulary, rng: random.Random) -> None:
        self.rng = rng
        cities = sorted({c for c in vocabulary.city_aliases.values() if len(c) >= 2})
        self.pools: dict[str, tuple[str, ...]] = {
            "dish": tuple(w for w in vocabulary.items.get("takeout", ()) if w not in food._DRINKS.split()),
            "drink": tuple(food._DRINKS.split()), "shop": vocabulary.shops, "place": PLACES,
            "grocery": vocabulary.items.get("grocery", ()), "brand": vocabulary.brands.get("grocery", ()),
            "goods": vocabulary.items.get("shopping", ()), "brand_s": vocabulary.brands.get("shopping", ()),
            "title": tuple(vocabulary.movies) + MADE_UP_TITLES, "cinema": vocabulary.cinemas,
            "city": tuple(cities), "city2": tuple(cities), "landmark": vocabulary.landmarks or ("外滩",),
            "hotel_brand": vocabulary.hotel_brands, "sight": vocabulary.sights, "eatery": EATERIES,
            "destination": DESTINATIONS, "place_brand": PLACE_BRANDS, "place_any": PLACES_ANY,
            "date": ("明天", "后天", "今晚", "周六", "下周一", "2月10号", "除夕", "这周五"),
            "time": ("晚上8点", "下午两点", "9点半", "中午"),
            "port": PORTS, "flight_no": FLIGHT_NOS,
        }
        self.pools["title"] = tuple(t for t in self.pools["title"] if t not in world.SIGHTS.split())

    def fill(self, template: str) -> str:
        text = ALT_RE.sub(lambda m: self.rng.choice(m.group(1).split("|")), template)
        for _ in range(3):  # a filled hole may name another hole ({destination} -> {eatery})
            text = HOLE_RE.sub(lambda m: self.rng.choice(self.pools[m.group(1)]), text)
            text = ALT_RE.sub(lambda m: self.rng.choice(m.group(1).split("|")), text)
        return text


def samples(vocabulary: Vocabulary, *, per_template: int = 30, seed: int = 7) -> Iterator[Sample]:
    """Yield ``per_template`` sentences per template, the same ones for the same seed."""
    filler = Filler(vocabulary, random.Random(seed))
    for domain, intent, template in TEMPLATES:
        seen: set[str] = set()
        for _ in range(per_template * 3):
            text = filler.fill(template)
            if text not in seen:
                seen.add(text)
                yield Sample(text, domain, intent)
            if len(seen) >= per_template:
                break
