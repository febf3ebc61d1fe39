"""Exact Qwen token counts, offline: the Qwen BPE vocabulary shipped in the `dashscope` wheel, run by tiktoken.

Prompts are counted as a Qwen2.5 server renders them (ChatML with the tool block of its chat template),
so a count covers the system prompt, the tool schemas, the history and the reply.
"""

from __future__ import annotations

import base64
import importlib.metadata
import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import tiktoken

from bangwo.domain.completions import Completion, Message, ToolSchema

# The pre-tokenizer pattern and special tokens of Qwen (dashscope/tokenizers/qwen_tokenizer.py).
PAT_STR = (r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|"""
           r"""\s*[\r\n]+|\s+(?!\S)|\s+""")
SPECIAL_START_ID = 151643
SPECIAL = ("<|endoftext|>", "<|im_start|>", "<|im_end|>", *(f"<|extra_{i}|>" for i in range(205)))
TOOLS_HEADER = ("\n\n# Tools\n\nYou may call one or more functions to assist with the user query.\n\n"
                "You are provided with function signatures within <tools></tools> XML tags:\n<tools>")
TOOLS_FOOTER = ("\n</tools>\n\nFor each function call, return a json object with function name and arguments "
                "within <tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, "
                "\"arguments\": <args-json-object>}\n</tool_call>")


def vocabulary_file() -> Path:
    """Where the installed dashscope package keeps qwen.tiktoken (found without importing dashscope)."""
    for entry in importlib.metadata.files("dashscope") or []:
        if entry.name == "qwen.tiktoken":
            return Path(str(entry.locate()))
    raise FileNotFoundError("dashscope is installed without resources/qwen.tiktoken")


@cache
def encoding() -> tiktoken.Encoding:
    """The Qwen encoding (built once per process, ~0.5 s)."""
    ranks = {base64.b64decode(token): int(rank)
             for token, rank in (line.split() for line in vocabulary_file().read_bytes().splitlines() if line)}
    return tiktoken.Encoding(name="qwen", pat_str=PAT_STR, mergeable_ranks=ranks,
                             special_tokens={t: SPECIAL_START_ID + i for i, t in enumerate(SPECIAL)})


def render_chatml(messages: Sequence[Message], tools: Sequence[ToolSchema]) -> str:
    """The prompt text a Qwen2.5 chat template builds, ending with the open assistant turn."""
    parts: list[str] = []
    system = next((str(m.get("content") or "") for m in messages[:1] if m.get("role") == "system"), None)
    if tools:
        block = "".join("\n" + json.dumps(t, ensure_ascii=False) for t in tools)
        parts.append(f"<|im_start|>system\n{system or 'You are a helpful assistant.'}{TOOLS_HEADER}{block}"
                     f"{TOOLS_FOOTER}<|im_end|>\n")
    elif system is not None:
        parts.append(f"<|im_start|>system\n{system}<|im_end|>\n")
    for message in messages[1:] if system is not None else messages:
        parts.append(_render(message))
    parts.append("<|im_start|>assistant\n")
    return "".join(parts)


def _render(message: Message) -> str:
    role = message.get("role")
    content = str(message.get("content") or "")
    if role == "tool":
        return f"<|im_start|>user\n<tool_response>\n{content}\n</tool_response><|im_end|>\n"
    if role == "assistant":
        return f"<|im_start|>assistant\n{_assistant_body(content, message.get('tool_calls') or [])}<|im_end|>\n"
    return f"<|im_start|>{role}\n{content}<|im_end|>\n"


def _assistant_body(content: str, calls: Sequence[dict[str, object]]) -> str:
    body = content
    for call in calls:
        function = call.get("function")
        if not isinstance(function, dict):
            continue
        raw = function.get("arguments") or "{}"
        try:
            arguments = json.loads(raw) if isinstance(raw, str) else raw
        except ValueError:
            arguments = raw
        text = json.dumps({"name": function.get("name"), "arguments": arguments}, ensure_ascii=False)
        body += f"{chr(10) if body else ''}<tool_call>\n{text}\n</tool_call>"
    return body


class QwenTokenCounter:
    """TokenCounter for Qwen models (qwen-plus, qwen-max, Qwen2.5 on vLLM/Ollama share this vocabulary)."""

    def count_text(self, text: str) -> int:
        return len(encoding().encode(text, allowed_special="all"))

    def count_prompt(self, messages: Sequence[Message], tools: Sequence[ToolSchema]) -> int:
        return self.count_text(render_chatml(messages, tools))

    def count_reply(self, completion: Completion) -> int:
        """The assistant's reply as generated, with its end-of-turn token."""
        body = _assistant_body(completion.content or "", completion.as_message().get("tool_calls") or [])
        return self.count_text(body + "<|im_end|>")
