"""A real uvicorn server in a thread of the test process, on a free loopback port (our API, the reference
supplier, the fake Alipay): one way to start and stop them."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Literal

import uvicorn


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class _Server(uvicorn.Server):
    def install_signal_handlers(self) -> None:   # it runs in a thread
        pass


@contextmanager
def serve_in_thread(api: Any, port: int, *, name: str, lifespan: Literal["auto", "on", "off"] = "auto",
                    on_stop: Callable[[], None] | None = None) -> Iterator[int]:
    """``api`` served on 127.0.0.1:``port`` until the block ends (started within 30 s, or RuntimeError)."""
    server = _Server(uvicorn.Config(api, host="127.0.0.1", port=port, log_level="warning", access_log=False,
                                    lifespan=lifespan))
    thread = threading.Thread(target=server.run, name=name, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"{name} did not start")
        thread.join(0.02)
    try:
        yield port
    finally:
        if on_stop is not None:
            on_stop()
        server.should_exit = True
        thread.join(timeout=15)
