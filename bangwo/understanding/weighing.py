"""Which domain a piece of text is about, weighing every cue it holds rather than taking them in order."""

from __future__ import annotations

from bangwo.understanding import classify, evidence, products, toppings
from bangwo.understanding.lazyregex import lazy_compile
from bangwo.understanding.linear import LinearModel
from bangwo.understanding.pieces import Piece

PRODUCT = frozenset({"takeout", "grocery", "shopping"})
GROCERY_UNIT_RE = lazy_compile(r"[0-9一两二三四五六七八九十几]\s*(?:箱|提|斤|公斤|罐|袋|桶|打|包)|买")
BULK_UNIT_RE = lazy_compile(r"[0-9一两二三四五六七八九十几]\s*(?:箱|提|斤|公斤|桶|打|包)|[箱提斤桶]")
CUPS_RE = lazy_compile(r"[0-9一两二三四五六七八九十几来点要]\s*杯")
TAKEOUT_UNIT_RE = lazy_compile(r"杯|碗|份|外卖|外送|点|叫")
# Where goods are bought decides over how they are counted (淘宝上买一箱猫砂 is online shopping).
SHOP_PLATFORM_RE = lazy_compile(r"淘宝|京东|拼多多|天猫|网购|网上(?:买|下单|订)|唯品会|得物|亚马逊")
# A packed or instant form of a drink or food is bought as goods (一盒雀巢咖啡 速溶的, 挂耳咖啡, 速冻饺子).
PACKED_RE = lazy_compile(r"速溶|挂耳|冻干|胶囊咖啡|咖啡胶囊|速冻|瓶装|罐装|袋装|盒装|散装|整箱")
STORE_RE = lazy_compile(r"盒马|超市|叮咚|朴朴|美团买菜|多多买菜|便利店|菜市场")


class Weigher:
    """Weighs the evidence of a piece with a trained linear model (data/weigher.json).

    ``pick`` chooses among the domains a piece names outright: an account request first (its words are
    explicit), then the domain the evidence of the whole piece scores highest, products told apart by
    their items and units. ``confidence`` is the calibrated chance that a reading is right.
    """

    def __init__(self, model: LinearModel | None = None) -> None:
        self.model = model if model is not None else LinearModel()

    def pick(self, piece: Piece, candidates: set[str]) -> str | None:
        """The domain among ``candidates`` the piece is about (None when there is none)."""
        ruled = len(candidates) < 2 or "account" in candidates or candidates <= PRODUCT
        if ruled or not self.model.domain_weights:
            whole = classify.pick(candidates)
        else:
            scores = self.model.domain_scores(evidence.features(piece))
            whole = max(sorted(candidates, key=classify.PRIORITY.index), key=lambda d: scores[d])
        if whole in PRODUCT:
            return product_domain(piece.text, candidates & PRODUCT, piece)
        return whole

    def raw_confidence(self, features: list[str], domain: str) -> float:
        """The model's probability of a reading's domain, from the evidence of the whole piece."""
        if not self.model.domain_weights:
            return 1.0
        return self.model.domain_probabilities(features)[domain]

    def asks(self, features: list[str]) -> bool:
        """Whether the evidence weighs for a question about a thing (intent info) rather than an order."""
        return not self.model.info_weights or self.model.info_probability(features) >= 0.5

    def confidence(self, features: list[str], domain: str) -> float:
        """The calibrated confidence of a reading (0..1): the chance its domain is right."""
        return self.model.calibration.confidence(self.raw_confidence(features, domain))

    @property
    def threshold(self) -> float:
        """Readings below this confidence go to the LLM planner."""
        return self.model.calibration.threshold


# Ordering food by 点 with its portion (点一份, 点个, 点两碗): not 买点 / 一点 (some).
COLOUR_WORD_RE = lazy_compile(r"(?:咖啡|奶茶|巧克力|焦糖|抹茶)色")  # 咖啡色的大衣: a colour, no drink


def product_domain(text: str, candidates: set[str], piece: Piece | None = None) -> str:
    """Takeout, grocery or shopping: items known only in one domain decide, then units and verbs."""
    if len(candidates) == 1 or piece is None:
        return next(iter(candidates)) if len(candidates) == 1 else classify.product_domain(candidates)
    score = dict.fromkeys(candidates, 0)
    starts = {m.start for m in piece.mentions if m.get("item")}
    added = [(m.start(1), m.end(1)) for m in toppings.TOPPING_RE.finditer(text)]
    added += [(s, e) for s, e, _ in toppings.added(piece)]
    added += [m.span(2) for m in products.UNITS_TOLD_APART_RE.finditer(text)]  # 一份韭菜的一份白菜的
    branded = any(m.get("brand") and not m.get("shop") for m in piece.mentions)  # 康师傅红烧牛肉面: a maker's packed goods
    for mention in piece.mentions:
        if mention.end in starts and mention.get("item"):  # 韭菜|鸡蛋|饺子: a modifier of the product after it
            continue
        if any(s <= mention.start < e for s, e in added):  # 煲仔饭 多加一份青菜: what is added to a dish
            continue
        domains = {e.domain for e in mention.entries if e.kind in ("item", "brand") and e.domain in candidates}
        if "takeout" in candidates and (products.dish_head(text, mention.end) or products.cooked(text, mention.start)):
            domains = {"takeout"}  # 排骨|饭, 牛肉|面, 清炒|西兰花: goods made into a dish
        if "takeout" in domains and not branded and products.flavoured(text, mention.start, mention.end):
            score["takeout"] += 6  # 两斤麻辣小龙虾, 一斤小龙虾 蒜蓉的: weighed, but a dish by its flavour
        brand_only = not mention.get("item") and not mention.get("shop")
        for domain in domains:
            score[domain] += (4 if brand_only else 3) if len(domains) == 1 else 1
        if mention.get("shop") and "takeout" in score:
            score["takeout"] += 3
    if "grocery" in score and GROCERY_UNIT_RE.search(text):
        score["grocery"] += 2
    if "grocery" in score and BULK_UNIT_RE.search(text):
        score["grocery"] += 2
    if "takeout" in score and TAKEOUT_UNIT_RE.search(text):
        score["takeout"] += 2
    if "takeout" in score and CUPS_RE.search(text):
        score["takeout"] += 4  # 两杯冬瓜柠檬: what comes in cups is a drink
    if "shopping" in score and classify.STRONG["shopping"].search(text):
        score["shopping"] += 4
    if "grocery" in score and classify.STRONG["grocery"].search(text):
        score["grocery"] += 4
    if "takeout" in score and (classify.STRONG["takeout"].search(COLOUR_WORD_RE.sub("", text)) or products.ORDER_FOOD_RE.search(text)):
        score["takeout"] += 6  # 外卖点个牛肉丸, 帮我点一份青椒龙利鱼: a dish ordered, whatever the goods in it
    if "shopping" in score and any(m.get("brand") and m.get("item") and products.BRAND_MODEL_RE.match(text, m.end)
                                   for m in piece.mentions):
        score["shopping"] += 6  # 买个苹果16: the maker's model, not the fruit
    if "shopping" in score and SHOP_PLATFORM_RE.search(text):
        score["shopping"] += 6
    if "grocery" in score and PACKED_RE.search(text):
        score["grocery"] += 6
    if "grocery" in score and STORE_RE.search(text):
        score["grocery"] += 6
    order = ("takeout", "grocery", "shopping")
    return max(sorted(score, key=order.index), key=lambda d: score[d])
