"""The engine: one sentence in, frames out (clauses -> tasks -> slots -> inheritance -> confidence)."""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from bangwo.domain.frames import Frame, ProfileDefaults, missing_slots
from bangwo.understanding import (
    asking,
    classify,
    confidence,
    cues,
    errands,
    evidence,
    inheritance,
    linear,
    qualifiers,
    sights,
    travel,
    wallet,
)
from bangwo.understanding.grouping import Group, Grouper
from bangwo.understanding.lazyregex import lazy_compile
from bangwo.understanding.lexicon import Lexicon
from bangwo.understanding.normalize import (
    Normalizer,
    join_spelled,
    strip_courtesy,
    strip_meal_done,
    strip_refused,
)
from bangwo.understanding.pieces import Piece
from bangwo.understanding.product_frames import product_frames
from bangwo.understanding.readings import Reading
from bangwo.understanding.timing import time_slots
from bangwo.understanding.vocabulary import Vocabulary, default_vocabulary
from bangwo.understanding.weighing import PRODUCT, Weigher, product_domain

PARSE_LIMIT = 300


@dataclass
class Understanding:
    """What a sentence asks for: the text as given, as normalized, and its frames."""

    text: str
    normalized: str
    frames: list[Frame]

    @property
    def refused(self) -> list[str]:
        """Counts and sums said in a form no order can take (-3张, 1e9杯), as said, in order."""
        return [said for f in self.frames if isinstance(f, Reading) for said in f.refused]

    def to_json(self) -> dict[str, Any]:
        """Return the contract's JSON object (spec/frames.md)."""
        return {"text": self.text, "normalized": self.normalized, "frames": [f.to_json() for f in self.frames]}


class Engine:
    """The embedded understanding engine; build once (it indexes the vocabulary), call many times."""

    def __init__(self, vocabulary: Vocabulary, *, weigher: Weigher | None = None) -> None:
        self.lexicon = Lexicon(vocabulary)
        self.normalizer = Normalizer(self.lexicon)
        self.weigher = weigher or Weigher()
        self._pieces: ContextVar[dict[str, Piece] | None] = ContextVar("pieces", default=None)
        self.grouper = Grouper(self._piece, self.weigher)

    def understand(self, text: str, *, now: datetime, profile: ProfileDefaults | None = None) -> Understanding:
        """Return the frames of ``text`` resolved against ``now``; never raises on odd input."""
        normalized = self.normalizer.normalize(text)
        token = self._pieces.set({})
        try:
            spelled = join_spelled(normalized[:PARSE_LIMIT])
            said = strip_meal_done(strip_refused(strip_courtesy(spelled), self.lexicon))
            frames = self._frames(said, raw=text[:PARSE_LIMIT * 2], now=now, remark=classify.is_remark(spelled))
        finally:
            self._pieces.reset(token)
        for frame in frames:
            frame.missing = missing_slots(frame, profile)
        return Understanding(text=text, normalized=normalized, frames=list(frames))

    def _piece(self, text: str, now: datetime) -> Piece:
        """The piece of ``text`` (built once per sentence read; each use gets its own copy)."""
        cache = self._pieces.get()
        if cache is None:
            return Piece.build(text, lexicon=self.lexicon, now=now)
        built = cache.get(text)
        if built is None:
            built = cache[text] = Piece.build(text, lexicon=self.lexicon, now=now)
        return built.copy()

    def piece_of(self, text: str, now: datetime) -> Piece:
        """The piece of a whole sentence as the engine sees it (normalized, cut to the parse limit)."""
        said = strip_courtesy(join_spelled(self.normalizer.normalize(text)[:PARSE_LIMIT]))
        return self._piece(strip_meal_done(strip_refused(said, self.lexicon)), now)

    @property
    def threshold(self) -> float:
        """Readings below this confidence are for the LLM planner (calibrated with the weights)."""
        return self.weigher.threshold

    def _frames(self, text: str, *, raw: str, now: datetime, remark: bool = False) -> list[Reading]:
        if not re.search(r"[\u4e00-\u9fffA-Za-z0-9]", text) or classify.is_injection(text):
            refusal = Reading("chat", "chat", threshold=self.threshold)
            refusal.confidence = confidence.adjusted(refusal, text, 1.0, self.threshold)
            return [refusal]
        topup = wallet.reading(text)
        if topup is not None:   # the person's own wallet (钱包充100), never a phone top-up: understanding/wallet.py
            return [Reading(topup.domain, topup.intent, dict(topup.slots), threshold=self.threshold)]
        groups = self.grouper.groups(text, raw=raw, now=now, remark=remark)
        frames: list[Reading] = []
        told: list[str] = []
        for group in groups:
            said = evidence.features(self._piece(group.text(text), now))
            read = self._read(group, self._piece(group.text(text), now), now, said)
            frames.extend(self._weighed(read, said, text))
            told += [group.text(text)] * (len(frames) - len(told))
        _around_named(frames, told, text)
        inheritance.inherit(frames)
        # A count refused in a sentence read as small talk (订-1间房) is still said back (Understanding.refused).
        small_talk = [Reading("chat", "chat", refused=tuple(self._piece(text, now).refused))]
        return frames or self._weighed(small_talk, evidence.features(self._piece(text, now)), text)

    def _weighed(self, frames: list[Reading], said: list[str], sentence: str) -> list[Reading]:
        """Give each frame its confidence from the evidence (features) of the text it was read from."""
        for frame in frames:
            frame.raw = self.weigher.raw_confidence(said, frame.domain)
            calibrated = self.weigher.model.calibration.confidence(frame.raw)
            frame.confidence = confidence.adjusted(frame, sentence, calibrated, self.threshold)
            frame.threshold = self.threshold
        return frames

    def _read(self, group: Group, piece: Piece, now: datetime, said: list[str]) -> list[Reading]:
        """The frames of one task: its slots read, then made a question when it asks about a thing."""
        piece = self._foreground(group, piece, now)
        asks = group.asked and not group.ordered and group.domain != "account"
        ask = asking.ask_of(piece.text) if asks else None
        if ask is not None and ask.weak and not self.weigher.asks(said):
            ask = None  # …吗 said of an order (能帮我订张票吗): the evidence weighs for an order
        if ask is not None:
            for found in asking.asks(piece.text):
                for start, end in found.words:
                    piece.take(start, end)
        frames = self._order_frames(piece, group.domain, now)
        for frame in frames:
            frame.refused = tuple(piece.refused)
        return frames if ask is None else _asked(frames, ask, piece.text)

    def _foreground(self, group: Group, piece: Piece, now: datetime) -> Piece:
        """The task's own day wins over a background clause's (周五去深圳，订周四晚上的酒店), and a
        product is never read from the background (冰箱空了，买点鸡蛋)."""
        lead = group.lead
        if any(d.start >= lead for d in piece.scan.dates):
            piece.scan = replace(piece.scan, dates=[d for d in piece.scan.dates if d.start >= lead])
        own_item = any(m.start >= lead and m.get("item") for m in piece.mentions)
        if lead and group.domain in PRODUCT and own_item:
            return self._piece(piece.text[lead:], now)
        return piece

    def _order_frames(self, piece: Piece, domain: str, now: datetime) -> list[Reading]:
        text = piece.text
        if domain == "account":
            intent = errands.account_intent(text) or "list_orders"
            ref = errands.order_ref(piece)
            return [Reading("account", intent, {"order_ref": ref} if ref else {})]
        if domain in PRODUCT:
            domain = product_domain(text, classify.strong_domains(piece) & PRODUCT or {domain}, piece)
            timing = time_slots(piece, domain)
            found = product_frames(piece, domain, deliver_at=timing.get("deliver_at"))
            return [Reading(d, "order", slots) for d, slots in found]
        if domain == "recharge":
            return [Reading(domain, "order", slots, needs=needs)
                    for task in errands.recharge_tasks(text)
                    for slots, needs in [errands.recharge_slots(self._piece(task, now))]]
        slots_list = _domain_slots(piece, domain)
        timing = time_slots(piece, domain)
        return [Reading(domain, "order", {**slots, **timing}) for slots in slots_list]


# 周边有, 附近有哪些: what is around a thing asked, said without naming it (周边有酒店吗, 它附近有哪些酒店).
AROUND_RE = lazy_compile(r"(?:周边|附近|周围|四周|就近)[^，,。？?！!]{0,6}有")


def _around_named(frames: list[Reading], told: list[str], sentence: str) -> None:
    """北京欢乐谷的地址在哪，周边有酒店吗 (X的周边有哪些景点和酒店): a stay asked around nothing named is near the
    sight named before it."""
    if not AROUND_RE.search(sentence):
        return
    named = None
    for frame, said in zip(frames, told, strict=False):
        if frame.domain == "attraction" and frame.slots.get("name") and said:
            named = frame.slots["name"]
        elif frame.domain == "hotel" and named and frame.slots.get("near") in (None, "景点", "景区") and (
                "city" not in frame.slots):
            frame.slots["near"] = named  # 想去古北水镇转转，这个景点周边有啥酒店: the sight pointed at


def _asked(frames: list[Reading], ask: asking.Ask, text: str) -> list[Reading]:
    """A question about a thing: each frame becomes intent info with ``ask``; naming no thing, small talk."""
    for frame in frames:
        if frame.domain == "takeout" and ask.value in asking.PLACE_ASKS and "shop" not in frame.slots:
            _shop_asked(frame, text)
    pointed = bool(classify.POINTED_THING_RE.search(text) or POINTER_RE.search(text)) or any(
        asking.store_asked(f.domain, ask.value, text) for f in frames)
    if not pointed and not asking.rule_asked(text) and not any(asking.names_thing(f.domain, f.slots, ask.value) for f in frames):
        return [Reading("chat", "chat")] if classify.is_chat(text) else frames
    for frame in frames:
        frame.intent = "info"
        frame.slots["ask"] = ask.value
    return frames


# A thing pointed at rather than named (它的地址, 这里的门票, 那边几点关门): asked about all the same.
POINTER_RE = lazy_compile(r"^(?:请问)?(?:它家|他家|它|它们|这里|那里|这边|那边|这儿|那儿|这个|那个|这家|那家)(?:的|几点|多少|在哪|怎么|有没有|还有|要|是)")
EATERY_NAME_RE = lazy_compile(r"([\u4e00-\u9fff]{2,8}?)(?=电话|地址|在哪|几点|营业|开门|关门|的电话|的地址|怎么走)")


def _shop_asked(frame: Reading, text: str) -> None:
    """老王烤翅电话多少, 小林面馆在哪: a phone, an address or hours are a shop's; the name said is the shop."""
    said = EATERY_NAME_RE.search(re.sub(r"^(?:请问|楼下|附近|那家|这家|楼下那家|附近那家)+", "", text))
    if said is None:
        return
    name = said.group(1).removesuffix("的")
    item = frame.slots.get("item")
    if item and name.endswith(str(item)) and (qualifiers.is_name(name[:-len(str(item))]) or name == item):
        frame.slots.pop("item")
        frame.slots["shop"] = name
    elif "item" not in frame.slots and cues.EATERY_RE.fullmatch(name):
        frame.slots["shop"] = name


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


def build_engine(vocabulary: Vocabulary | None = None) -> Engine:
    """Return an engine over the built-in lexicon, extended with ``vocabulary`` (e.g. the catalog's)."""
    base = default_vocabulary()
    return Engine(base.merged(vocabulary) if vocabulary is not None else base, weigher=Weigher(linear.load()))
