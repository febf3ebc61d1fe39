"""A lean HTTP/1.1 load generator on raw asyncio protocols (keep-alive, loopback only, bounded)."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable
from functools import partial
from typing import cast
from urllib.parse import urlsplit

import orjson

from bangwo.bench.loadgen import Tally, check_loopback, run_loop

# One request: its bytes, and what to do with (status, body) when the answer arrives.
Request = tuple[bytes, Callable[[int, bytes], None]]


class _Connection(asyncio.Protocol):
    """One keep-alive connection with up to ``depth`` requests in flight (HTTP/1.1 pipelining)."""

    def __init__(self, feed: Callable[[], Request | None], tally: Tally, done: asyncio.Future[None],
                 depth: int) -> None:
        self.feed = feed
        self.tally = tally
        self.done = done
        self.depth = depth
        self.buffer = b""
        self.waiting: deque[tuple[float, Callable[[int, bytes], None]]] = deque()
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)   # uvloop's transport is not a subclass
        self._fill()

    def _fill(self) -> None:
        assert self.transport is not None
        out = []
        while len(self.waiting) < self.depth:
            request = self.feed()
            if request is None:
                break
            out.append(request[0])
            self.waiting.append((time.perf_counter(), request[1]))
        if out:
            self.transport.write(b"".join(out))
        elif not self.waiting:
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        answered = False
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                break
            head = self.buffer[:end]
            length = _content_length(head)
            if len(self.buffer) < end + 4 + length:
                break
            body = self.buffer[end + 4:end + 4 + length]
            self.buffer = self.buffer[end + 4 + length:]
            sent_at, on_answer = self.waiting.popleft()
            self.tally.latencies_ms.append((time.perf_counter() - sent_at) * 1000)
            on_answer(int(head[9:12]), body)
            answered = True
        if answered:
            self._fill()

    def connection_lost(self, exc: Exception | None) -> None:
        self.tally.transport_errors += len(self.waiting)
        self.waiting.clear()
        if not self.done.done():
            self.done.set_result(None)


def _content_length(head: bytes) -> int:
    at = head.lower().find(b"content-length:")
    if at < 0:
        return 0
    stop = head.find(b"\r\n", at)
    return int(head[at + 15:stop if stop >= 0 else len(head)])


async def _drive(base: str, connections: int, depth: int, feed: Callable[[], Request | None],
                 tally: Tally, deadline_s: float) -> None:
    parts = urlsplit(check_loopback(base))
    loop = asyncio.get_running_loop()
    finished = [loop.create_future() for _ in range(connections)]
    transports = []
    for done in finished:
        transport, _ = await loop.create_connection(partial(_Connection, feed, tally, done, depth),
                                                    parts.hostname or "127.0.0.1", parts.port or 80)
        transports.append(transport)
    _, late = await asyncio.wait(finished, timeout=deadline_s)
    for transport in transports:
        transport.close()
    if late:
        await asyncio.wait(late, timeout=5)


def _claim_request(host: bytes, user: str, rid: str) -> bytes:
    body = orjson.dumps({"request_id": rid})
    return (b"POST /v1/cards/claims HTTP/1.1\r\nHost: " + host + b"\r\nX-Bangwo-User: " + user.encode()
            + b"\r\nContent-Type: application/json\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n"
            + body)


async def _claims(base: str, attempts: list[tuple[str, str]], connections: int, depth: int,
                  deadline_s: float) -> Tally:
    tally = Tally()
    answered: set[str] = set()
    host = (urlsplit(base).netloc or "127.0.0.1").encode()
    queue = [(_claim_request(host, user, rid), user, rid) for user, rid in reversed(attempts)]   # built up front
    start = time.perf_counter()
    stop_at = start + deadline_s

    def on_answer(user: str, rid: str) -> Callable[[int, bytes], None]:
        def settle(status: int, body: bytes) -> None:
            tally.statuses[status] += 1
            if status == 200:
                tally.acknowledged.append((rid, user, orjson.loads(body)["card_id"]))
                if rid not in answered:            # a retry's answer is not a new card
                    tally.last_success = time.perf_counter() - start
                answered.add(rid)
            else:
                tally.reasons[orjson.loads(body).get("error", "?")] += 1
        return settle

    def feed() -> Request | None:
        if not queue or time.perf_counter() > stop_at:
            return None
        request, user, rid = queue.pop()
        return request, on_answer(user, rid)

    await _drive(base, connections, depth, feed, tally, deadline_s)
    tally.elapsed_s = time.perf_counter() - start
    return tally


async def _ping(base: str, total: int, connections: int, depth: int, path: str) -> Tally:
    tally = Tally()
    left = [total]
    request = f"GET {path} HTTP/1.1\r\nHost: {urlsplit(base).netloc}\r\n\r\n".encode()

    def settle(status: int, _body: bytes) -> None:
        tally.statuses[status] += 1

    def feed() -> Request | None:
        if left[0] <= 0:
            return None
        left[0] -= 1
        return request, settle

    start = time.perf_counter()
    await _drive(base, connections, depth, feed, tally, 120.0)
    tally.elapsed_s = time.perf_counter() - start
    return tally


def run_claims(base: str, attempts: list[tuple[str, str]], connections: int, depth: int,
               deadline_s: float) -> Tally:
    """Every attempt once, in order, over ``connections`` keep-alive connections (stops at the deadline)."""
    return run_loop(_claims(base, attempts, connections, depth, deadline_s))


def run_ping(base: str, total: int, connections: int, depth: int, path: str = "/bench/ping") -> Tally:
    """``total`` GETs of ``path``: the bare-route baseline, with the same client as the claims."""
    return run_loop(_ping(base, total, connections, depth, path))
