"""A scripted model behind a real HTTP server speaking the OpenAI chat-completions protocol (for tests).

Each request takes the next scripted step; the server records every request body, and ``assert_used_up``
checks that the script was consumed, like openai-agents' ``FakeModel``. A step may ``hang``: the server
holds the answer until ``close()``, so a client's timeout is a real timeout.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_ids = itertools.count(1)


@dataclass(frozen=True)
class Step:
    """One scripted answer: text, tool calls ``(name, arguments)``, a raw body, or a hang."""

    content: str | None = None
    calls: tuple[tuple[str, Any], ...] = ()
    raw: dict[str, Any] | None = None
    status: int = 200
    hang: bool = False
    prompt_tokens: int = 100
    completion_tokens: int = 20


def say(text: str) -> Step:
    return Step(content=text)


def call(name: str, arguments: Any) -> Step:
    """A tool call; ``arguments`` is JSON-encoded unless already a string (to script malformed JSON)."""
    return Step(calls=((name, arguments),))


def body_of(step: Step, model: str) -> dict[str, Any]:
    """The chat-completions JSON body for a step."""
    if step.raw is not None:
        return step.raw
    message: dict[str, Any] = {"role": "assistant", "content": step.content}
    if step.calls:
        message["tool_calls"] = [
            {"id": f"call_{next(_ids)}", "type": "function",
             "function": {"name": name, "arguments": args if isinstance(args, str) else json.dumps(args, ensure_ascii=False)}}
            for name, args in step.calls]
    return {"id": f"chatcmpl-{next(_ids)}", "object": "chat.completion", "model": model,
            "choices": [{"index": 0, "message": message,
                         "finish_reason": "tool_calls" if step.calls else "stop"}],
            "usage": {"prompt_tokens": step.prompt_tokens, "completion_tokens": step.completion_tokens,
                      "total_tokens": step.prompt_tokens + step.completion_tokens}}


@dataclass
class ScriptedServer:
    """The server state: the script, the requests received, the release of hanging steps."""

    steps: list[Step]
    model: str = "scripted-qwen"
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    released: threading.Event = field(default_factory=threading.Event)
    base_url: str = ""

    def next_step(self, body: dict[str, Any], headers: dict[str, str]) -> Step:
        self.requests.append(body)
        self.headers.append(headers)
        if not self.steps:
            return Step(status=500, raw={"error": {"message": "script exhausted: unexpected request"}})
        return self.steps.pop(0)

    def assert_used_up(self) -> None:
        assert not self.steps, f"{len(self.steps)} scripted answers were never asked for"


def _handler(server: ScriptedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            if self.path != "/v1/chat/completions":
                self.send_error(404, "only /v1/chat/completions is served")
                return
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            step = server.next_step(body, {k.lower(): v for k, v in self.headers.items()})
            if step.hang:
                server.released.wait()
                return
            payload = json.dumps(body_of(step, server.model), ensure_ascii=False).encode()
            self.send_response(step.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


@contextmanager
def serve(steps: list[Step], *, model: str = "scripted-qwen") -> Iterator[ScriptedServer]:
    """Run the scripted model on 127.0.0.1 (a free port) in a thread; ``base_url`` ends in /v1."""
    state = ScriptedServer(list(steps), model=model)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.base_url = f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.released.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join()
