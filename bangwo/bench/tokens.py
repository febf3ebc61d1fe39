"""`bangwo bench tokens`: LLM tokens per order when the router sends only unconfident requests to the model,
against sending every turn to it. Counted exactly with the Qwen tokenizer over the real prompts and tools.

Each labelled utterance is a scripted conversation: the request, then (for orders) "第一个" and "确认".
A model turn costs its whole prompt (system prompt, tool schemas, history, the user's message with the
embedded reading) plus its reply: for the request, the ``propose_frames`` call with the labelled frames
(one step, no search: a lower bound for both designs); for the follow-ups, a short call reading the choice.
In the routed design follow-ups never reach the model (the dialogue reads them), and a request does only
when ``routing.route`` finds the embedded reading unconfident.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from bangwo.adapters.catalog import catalog as catalog_mod
from bangwo.adapters.catalog import generator
from bangwo.adapters.llm.qwen_tokens import QwenTokenCounter
from bangwo.conversation import planner, routing, tools
from bangwo.domain.completions import Completion, Message, ToolCall
from bangwo.domain.frames import ProfileDefaults
from bangwo.understanding.parse import Engine, build_engine
from bangwo.understanding.vocabulary import vocabulary_from_catalog

PROFILE = ProfileDefaults(address="杭州市西湖区文三路478号", home_city="杭州", phone="13800138000")
FOLLOW_UPS = ("第一个", "确认")
SHOWN = ("为你找到3个选项：1. 一点甜·珍珠奶茶(大杯) 实付0.01元（免单卡抵25元），约28分钟；2. 茶百道·珍珠奶茶 "
         "实付0.01元；3. 蜜雪冰城·珍珠奶茶 实付0.01元。回复序号选择。")


@dataclass
class Figures:
    """Totals of one run."""

    conversations: int = 0
    orders: int = 0
    turns: int = 0
    planner_requests: int = 0
    routes: Counter[str] = field(default_factory=Counter)
    all_llm_tokens: int = 0
    routed_tokens: int = 0
    all_llm_order_tokens: int = 0
    routed_order_tokens: int = 0
    fixed_prompt_tokens: int = 0

    def to_json(self) -> dict[str, Any]:
        per = max(self.orders, 1)
        return {
            "conversations": self.conversations, "orders": self.orders, "turns": self.turns,
            "planner_requests": self.planner_requests, "routes": dict(self.routes),
            "fixed_prompt_tokens": self.fixed_prompt_tokens,
            "all_llm": {"tokens": self.all_llm_tokens, "tokens_per_order": round(self.all_llm_order_tokens / per, 1),
                        "tokens_per_turn": round(self.all_llm_tokens / max(self.turns, 1), 1)},
            "routed": {"tokens": self.routed_tokens, "tokens_per_order": round(self.routed_order_tokens / per, 1)},
            "saving": round(1 - self.routed_tokens / max(self.all_llm_tokens, 1), 4),
        }


def default_engine(seed: int = 2026) -> Engine:
    catalog = catalog_mod.InMemoryCatalog(generator.generate(seed))
    return build_engine(vocabulary_from_catalog(catalog.vocabulary()))


def run(items: list[dict[str, Any]], *, engine: Engine, counter: QwenTokenCounter | None = None) -> Figures:
    counter = counter or QwenTokenCounter()
    figures = Figures()
    system: Message = {"role": "system", "content": planner.system_prompt()}
    figures.fixed_prompt_tokens = counter.count_prompt([system], tools.SCHEMAS)
    for item in items:
        text, now = str(item["text"]), datetime.fromisoformat(str(item["now"]))
        embedded = engine.understand(text, now=now, profile=PROFILE).frames
        decision = routing.route(embedded, text)
        figures.routes[decision.reason] += 1
        gold = [{"domain": f["domain"], "intent": f["intent"], "slots": f.get("slots", {})} for f in item["frames"]]
        is_order = any(f["intent"] == "order" for f in gold)
        costs = _conversation_costs(text, now, embedded, gold, is_order, counter, system)
        figures.conversations += 1
        figures.turns += len(costs)
        figures.all_llm_tokens += sum(costs)
        routed = costs[0] if decision.to == routing.PLANNER else 0
        figures.planner_requests += decision.to == routing.PLANNER
        figures.routed_tokens += routed
        if is_order:
            figures.orders += 1
            figures.all_llm_order_tokens += sum(costs)
            figures.routed_order_tokens += routed
    return figures


def _conversation_costs(text: str, now: datetime, embedded: Any, gold: list[dict[str, Any]], is_order: bool,
                        counter: QwenTokenCounter, system: Message) -> list[int]:
    """Tokens of each model turn of the scripted conversation (prompt + reply)."""
    history: list[Message] = [system, planner.user_message(text, now=now, profile=PROFILE, embedded=embedded)]
    first = _reply("propose_frames", {"frames": gold}) if is_order or gold[0]["domain"] == "account" else \
        Completion(content="你好，我可以帮你点外卖、买票、订酒店、打车和充话费。")
    costs = [counter.count_prompt(history, tools.SCHEMAS) + counter.count_reply(first)]
    if not is_order:
        return costs
    history.append(first.as_message())
    history.append({"role": "tool", "tool_call_id": "call_1", "content": tools.as_data(SHOWN)})
    for said, reading in zip(FOLLOW_UPS, ({"select": 1}, {"confirm": True}), strict=True):
        history.append({"role": "user", "content": json.dumps({"text": said}, ensure_ascii=False)})
        reply = Completion(content=json.dumps(reading))
        costs.append(counter.count_prompt(history, tools.SCHEMAS) + counter.count_reply(reply))
        history.append(reply.as_message())
    return costs


def _reply(name: str, arguments: dict[str, Any]) -> Completion:
    return Completion(content=None, tool_calls=(ToolCall("call_1", name, json.dumps(arguments, ensure_ascii=False)),))


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
