"""Any OpenAI-compatible chat-completions server (DashScope, vLLM, Ollama, llama.cpp) over httpx."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from bangwo.domain.completions import Completion, Message, ToolCall, ToolSchema, Usage
from bangwo.domain.errors import LlmError, LlmProtocolError, LlmTimeoutError


@dataclass
class OpenAICompatLlm:
    """POST {base_url}/chat/completions with tools; every failure becomes an LlmError."""

    base_url: str
    model_name: str
    api_key: str | None = None
    timeout_s: float = 30.0
    temperature: float = 0.0
    transport: httpx.BaseTransport | None = None

    def __post_init__(self) -> None:
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        self._client = httpx.Client(base_url=self.base_url.rstrip("/") + "/", headers=headers,
                                    timeout=httpx.Timeout(self.timeout_s), transport=self.transport)

    @property
    def model(self) -> str:
        return self.model_name

    def close(self) -> None:
        self._client.close()

    def complete(self, messages: Sequence[Message], *, tools: Sequence[ToolSchema],
                 max_tokens: int) -> Completion:
        body: dict[str, Any] = {"model": self.model_name, "messages": list(messages),
                                "max_tokens": max_tokens, "temperature": self.temperature}
        if tools:
            body["tools"] = list(tools)
            body["tool_choice"] = "auto"
        try:
            response = self._client.post("chat/completions", json=body)
        except httpx.TimeoutException as exc:
            raise LlmTimeoutError(f"{self.model_name}: no answer within {self.timeout_s}s") from exc
        except httpx.HTTPError as exc:
            raise LlmError(f"{self.model_name}: {type(exc).__name__}: {exc}") from exc
        if response.status_code != 200:
            raise LlmError(f"{self.model_name}: HTTP {response.status_code}: {response.text[:200]}")
        try:
            return parse_completion(response.json())
        except (ValueError, KeyError, TypeError, IndexError) as exc:
            raise LlmProtocolError(f"{self.model_name}: unreadable answer: {exc}") from exc


def parse_completion(data: Any) -> Completion:
    """Read the first choice of a chat-completions answer (raises KeyError/TypeError when malformed)."""
    choice = data["choices"][0]
    message = choice["message"]
    calls = tuple(ToolCall(id=str(c.get("id") or f"call_{i}"), name=str(c["function"]["name"]),
                           arguments=_arguments_text(c["function"].get("arguments")))
                  for i, c in enumerate(message.get("tool_calls") or []))
    usage = data.get("usage") or {}
    content = message.get("content")
    return Completion(content=content if isinstance(content, str) else None, tool_calls=calls,
                      usage=Usage(int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0)),
                      finish_reason=choice.get("finish_reason"))


def _arguments_text(raw: Any) -> str:
    """Arguments arrive as JSON text (the protocol); some servers send an object instead."""
    if raw is None:
        return "{}"
    return raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False)
