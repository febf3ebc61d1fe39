"""The engine: one sentence in, frames out (clauses -> tasks -> slots -> inheritance -> missing)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bangwo.domain.frames import Frame, ProfileDefaults, missing_slots
from bangwo.understanding import classify, errands, inheritance, products, qualifiers, sights, travel
from bangwo.understanding.lexicon import Lexicon
from bangwo.understanding.normalize import Normalizer
from bangwo.understanding.pieces import Piece
from bangwo.understanding.product_frames import product_frames
from bangwo.understanding.timing import time_slots
from bangwo.understanding.vocabulary import Vocabulary, default_vocabulary

PARSE_LIMIT = 300
PRODUCT = frozenset({"takeout", "grocery", "shopping"})
CLAUSE_RE = re.compile(r"[，,。！!？?；;\n]+|\s+|\.{2,}|…+")
JOIN_RE = re.compile(r"顺便|然后|再|和|跟|还有|并且|同时|以及|另外")
BUY_RE = re.compile(r"买|購|购|下单")
REDO_RE = re.compile(r"重新|换成|再点|再来")
ORDER_VERB_RE = re.compile(r"点|来|买|订|定|要|叫|整|下单|帮我|换|充")
COUNTED_RE = re.compile(r"^[0-9一两二三四五六七八九十]+\s*[杯份碗个束瓶盒袋斤箱件双本张]")
CONNECTOR_RE = re.compile(r"^(?:再|然后|顺便|另外|还要|还有|并且|同时)")


@dataclass
class Understanding:
    """What a sentence asks for: the text as given, as normalized, and its frames."""

    text: str
    normalized: str
    frames: list[Frame]

    def to_json(self) -> dict[str, Any]:
        """Return the contract's JSON object (spec/frames.md)."""
        return {"text": self.text, "normalized": self.normalized, "frames": [f.to_json() for f in self.frames]}


@dataclass
class _Group:
    domain: str
    start: int
    end: int
    more: list[tuple[int, int]] = field(default_factory=list)

    def text(self, text: str) -> str:
        """The group's words: its span and the later clauses that elaborate it."""
        return " ".join([text[self.start:self.end], *(text[s:e] for s, e in self.more)])


# 电影是惊蛰无声, 酒店要大床房: a later clause naming a task's noun and then saying more about it.
ELABORATION_RE = re.compile(r"^(?:电影|片子|影片|酒店|房间|机票|航班|高铁|火车|车票|门票|外卖|奶茶|咖啡)(?:是|就是|选|要|的话|呢)")


class Engine:
    """The embedded understanding engine; build once (it indexes the vocabulary), call many times."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.lexicon = Lexicon(vocabulary)
        self.normalizer = Normalizer(self.lexicon)

    def understand(self, text: str, *, now: datetime, profile: ProfileDefaults | None = None) -> Understanding:
        """Return the frames of ``text`` resolved against ``now``; never raises on odd input."""
        normalized = self.normalizer.normalize(text)
        frames = self._frames(normalized[:PARSE_LIMIT], raw=text[:PARSE_LIMIT * 2], now=now)
        for frame in frames:
            frame.missing = missing_slots(frame, profile)
        return Understanding(text=text, normalized=normalized, frames=frames)

    def _piece(self, text: str, now: datetime) -> Piece:
        return Piece.build(text, lexicon=self.lexicon, now=now)

    def _frames(self, text: str, *, raw: str, now: datetime) -> list[Frame]:
        if not re.search(r"[\u4e00-\u9fffA-Za-z0-9]", text) or classify.is_injection(text):
            return [Frame("chat", "chat")]
        groups = self._groups(text, raw=raw, now=now)
        if not groups:
            return [Frame("chat", "chat")]
        frames: list[Frame] = []
        for group in groups:
            frames.extend(self._group_frames(group.text(text), group.domain, now))
        inheritance.inherit(frames)
        return frames or [Frame("chat", "chat")]

    def _clauses(self, text: str, now: datetime) -> list[tuple[int, int, str | None, bool]]:
        """Return (start, end, domain, strong) per clause; a clause naming two domains is split."""
        out: list[tuple[int, int, str | None, bool]] = []
        start = 0
        for m in [*CLAUSE_RE.finditer(text), None]:
            end = m.start() if m else len(text)
            if end > start:
                out.extend(self._split_clause(text, start, end, now))
            start = m.end() if m else len(text)
        return out

    def _split_clause(self, text: str, start: int, end: int, now: datetime) -> list[tuple[int, int, str | None, bool]]:
        piece = self._piece(text[start:end], now)
        domains = classify.strong_domains(piece)
        whole = classify.pick(domains)
        if whole in PRODUCT:
            whole = _product_domain(piece.text, domains & PRODUCT, piece)
        for m in JOIN_RE.finditer(piece.text):
            left, right = self._piece(piece.text[:m.start()], now), self._piece(piece.text[m.end():], now)
            a, b = classify.pick(classify.strong_domains(left)), classify.pick(classify.strong_domains(right))
            if (a and b and a != b and not ({a, b} <= PRODUCT and "shopping" not in {a, b})) or (a == b == "account"):
                return [(start, start + m.start(), a, True), (start + m.end(), end, b, True)]
        cut = _second_task(piece, domains)
        if cut is not None:  # 看完电影打车回家: two tasks back to back, in the order said
            left, right = self._piece(piece.text[:cut], now), self._piece(piece.text[cut:], now)
            a, b = classify.pick(classify.strong_domains(left)), classify.pick(classify.strong_domains(right))
            if a and b and a != b:
                return [(start, start + cut, a, True), (start + cut, end, b, True)]
        if whole == "movie" and piece.titles and not _movie_evidence(piece):
            return [(start, end, None, False)]  # 买本书 《三体》: a bare title joins the task around it
        return [(start, end, whole, whole is not None)]

    def _groups(self, text: str, *, raw: str, now: datetime) -> list[_Group]:
        clauses = _account_context(text, self._clauses(text, now))
        if classify.is_chat(text) and not any(d == "account" for _, _, d, _ in clauses):
            strong_orders = [d for _, _, d, _ in clauses if d is not None]
            if not strong_orders or (classify.CHAT_RE.search(text) and not re.search(r"帮我(?:订|点|买|叫)|来[一两]", text)):
                return []
        groups: list[_Group] = []
        pending: int | None = None
        elaborated: _Group | None = None
        for start, end, domain, _strong in clauses:
            current = groups[-1] if groups else None
            earlier = next((g for g in groups[:-1] if g.domain == domain), None)
            if earlier is not None and ELABORATION_RE.match(text[start:end]):
                elaborated = earlier
            if elaborated is not None and (domain is None or domain == elaborated.domain):
                elaborated.more.append((start, end))
                continue
            elaborated = None
            if len(clauses) > 1 and classify.STAR_BRAND_RE.fullmatch(text[start:end]):
                domain = None  # 布达拉宫附近 三星: stars of the stay said around it, not the phone brand
            if current is not None and current.domain in PRODUCT and qualifiers.is_qualifier_clause(text[start:end]):
                domain = None  # 买两罐奶粉 飞鹤的: the brand said after the product
            if domain is None:
                if current is not None:
                    current.end = end
                elif pending is None:
                    pending = start
                continue
            same = current is not None and domain == current.domain and not (
                domain in PRODUCT | {"account", "recharge"} and CONNECTOR_RE.match(text[start:end]))
            if same and current is not None:
                current.end = end
            else:
                groups.append(_Group(domain, pending if pending is not None else start, end))
                pending = None
        if not groups:  # no clause says its domain alone: the whole sentence may (去颐和园 学生 一张)
            piece = self._piece(text, now)
            whole = classify.pick(classify.strong_domains(piece))
            if whole in PRODUCT:
                whole = _product_domain(text, classify.strong_domains(piece) & PRODUCT, piece)
            guess = whole or classify.emoji_hint(raw) or classify.weak_domain(piece)
            if guess is None:
                return []
            groups = [_Group(guess, 0, len(text))]
        return groups

    def _group_frames(self, text: str, domain: str, now: datetime) -> list[Frame]:
        piece = self._piece(text, now)
        if domain == "account":
            intent = errands.account_intent(text) or "list_orders"
            ref = errands.order_ref(piece)
            return [Frame("account", intent, {"order_ref": ref} if ref else {})]
        if domain in PRODUCT:
            domain = _product_domain(text, classify.strong_domains(piece) & PRODUCT or {domain}, piece)
            timing = time_slots(piece, domain)
            products = product_frames(piece, domain, deliver_at=timing.get("deliver_at"))
            return [Frame(d, "order", slots) for d, slots in products]
        slots_list = self._domain_slots(piece, domain)
        timing = time_slots(piece, domain)
        frames: list[Frame] = []
        needs: tuple[str, ...] = ()
        if domain == "recharge":
            return [Frame(domain, "order", slots, needs=needs)
                    for task in errands.recharge_tasks(text)
                    for slots, needs in [errands.recharge_slots(self._piece(task, now))]]
        for slots in slots_list:
            frames.append(Frame(domain, "order", {**slots, **timing}, needs=needs))
        return frames

    @staticmethod
    def _domain_slots(piece: Piece, domain: str) -> list[dict[str, Any]]:
        if domain in ("train", "flight"):
            return [travel.trip_slots(piece, domain)]
        if domain == "hotel":
            return [travel.hotel_slots(piece)]
        if domain == "attraction":
            return sights.attraction_slots(piece)
        if domain == "taxi":
            return [travel.taxi_slots(piece)]
        if domain == "movie":
            return [errands.movie_slots(piece)]
        return [{}]


PLACE_RELATION_RE = re.compile(r"去|到|回|往|从|在|附近|旁边|边")


def _second_task(piece: Piece, domains: set[str]) -> int | None:
    """Where a second task starts in a clause naming two service domains by keyword (电影|打车, 高铁票加|一晚酒店).

    No cut when the first keyword leads to the second as a place (打车回酒店, 送我去电影院).
    """
    masked = piece.masked()
    cues = sorted((m.start(), m.end(), d) for d in domains - PRODUCT - {"account"}
                  if (m := classify.STRONG[d].search(masked)) is not None)
    if len(cues) != 2 or cues[0][2] == cues[1][2] or cues[1][0] <= cues[0][1] - 1:
        return None
    if PLACE_RELATION_RE.search(piece.text[cues[0][0]:cues[1][0]]):
        return None
    return cues[1][0]


def _movie_evidence(piece: Piece) -> bool:
    """Movie words or known titles and cinemas beyond a bare 《title》."""
    return bool(classify.STRONG["movie"].search(piece.masked())) or any(
        m.kinds() & {"movie", "cinema"} for m in piece.mentions)


def _account_context(text: str, clauses: list[tuple[int, int, str | None, bool]]
                     ) -> list[tuple[int, int, str | None, bool]]:
    """Next to another task (a refund, a top-up), a product named without an order verb is no order."""
    if not any(d is not None and d not in PRODUCT for _, _, d, _ in clauses):
        return clauses
    account = any(d == "account" for _, _, d, _ in clauses)
    out = []
    for start, end, domain, strong in clauses:
        said = text[start:end]
        demote = domain in PRODUCT or (account and domain != "account")
        if demote and not ORDER_VERB_RE.search(said) and not (start > 0 and COUNTED_RE.match(said)):
            domain, strong = None, False
        elif domain is None and REDO_RE.search(said):
            domain, strong = "takeout", True
        out.append((start, end, domain, strong))
    return out


GROCERY_UNIT_RE = re.compile(r"[0-9一两二三四五六七八九十几]\s*(?:箱|提|斤|公斤|罐|袋|桶|打|包)|买")
BULK_UNIT_RE = re.compile(r"[0-9一两二三四五六七八九十几]\s*(?:箱|提|斤|公斤|桶|打|包)|[箱提斤桶]")
CUPS_RE = re.compile(r"[0-9一两二三四五六七八九十几来点要]\s*杯")
TAKEOUT_UNIT_RE = re.compile(r"杯|碗|份|外卖|外送|点|叫")


def _product_domain(text: str, candidates: set[str], piece: Piece | None = None) -> str:
    """Takeout, grocery or shopping: items known only in one domain decide, then units and verbs."""
    if len(candidates) == 1 or piece is None:
        return next(iter(candidates)) if len(candidates) == 1 else classify.product_domain(candidates)
    score = dict.fromkeys(candidates, 0)
    starts = {m.start for m in piece.mentions if m.get("item")}
    for mention in piece.mentions:
        if mention.end in starts and mention.get("item"):  # 韭菜|鸡蛋|饺子: a modifier of the product after it
            continue
        domains = {e.domain for e in mention.entries if e.kind in ("item", "brand") and e.domain in candidates}
        if "takeout" in candidates and products.dish_head(text, mention.end):
            domains = {"takeout"}  # 排骨|饭, 牛肉|面: a goods word before 饭/面/粥/粉 names a dish
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
    order = ("takeout", "grocery", "shopping")
    return max(sorted(score, key=order.index), key=lambda d: score[d])


def build_engine(vocabulary: Vocabulary | None = None) -> Engine:
    """Return an engine over the built-in lexicon, extended with ``vocabulary`` (e.g. the catalog's)."""
    base = default_vocabulary()
    return Engine(base.merged(vocabulary) if vocabulary is not None else base)
