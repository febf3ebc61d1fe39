"""What a chat model answers: text or tool calls, and the tokens it spent (OpenAI chat-completions shape)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Message = dict[str, Any]          # one chat message in the OpenAI shape: role, content, tool_calls...
ToolSchema = dict[str, Any]       # {"type": "function", "function": {name, description, parameters}}


@dataclass(frozen=True)
class Usage:
    """Tokens of one or more model calls."""

    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        return Usage(self.prompt_tokens + other.prompt_tokens, self.completion_tokens + other.completion_tokens)


@dataclass(frozen=True)
class ToolCall:
    """A function the model asks to run; ``arguments`` is the raw JSON text, parsed and checked by code."""

    id: str
    name: str
    arguments: str


@dataclass(frozen=True)
class Completion:
    """One answer of the model."""

    content: str | None
    tool_calls: tuple[ToolCall, ...] = ()
    usage: Usage = field(default_factory=Usage)
    finish_reason: str | None = None

    def as_message(self) -> Message:
        """The assistant message to append to the history, as the protocol expects it back."""
        message: Message = {"role": "assistant", "content": self.content}
        if self.tool_calls:
            message["tool_calls"] = [{"id": c.id, "type": "function",
                                      "function": {"name": c.name, "arguments": c.arguments}}
                                     for c in self.tool_calls]
        return message
