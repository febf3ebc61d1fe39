"""The MCP server through the SDK's own client: in memory, and over stdio as `python -m bangwo.cli mcp`."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import ClientSession, StdioServerParameters, types
from mcp.client.stdio import stdio_client
from mcp.shared.context import RequestContext
from mcp.shared.memory import create_connected_server_and_client_session

from bangwo import bootstrap as boot
from bangwo import mcp_server
from bangwo.config import Settings
from bangwo.domain import payments
from bangwo.domain.clocks import FixedClock
from tests.builders import NOW

SECRET = b"test-secret"
Human = Callable[[RequestContext[ClientSession, Any], types.ElicitRequestParams], Awaitable[types.ElicitResult]]


@pytest.fixture
def app(tmp_path: Path) -> Iterator[boot.App]:
    application = boot.bootstrap(Settings(database_url=f"sqlite:///{tmp_path / 'bangwo.db'}"), clock=FixedClock(NOW))
    boot.seed_demo(application)
    yield application
    application.close()


def human(answer: bool | None, asked: list[str]) -> Human:
    """The person behind the MCP client: says yes, no, or closes the dialog (None)."""
    async def respond(context: RequestContext[ClientSession, Any], params: types.ElicitRequestParams) -> types.ElicitResult:
        asked.append(params.message)
        if answer is None:
            return types.ElicitResult(action="cancel")
        return types.ElicitResult(action="accept", content={"confirm": answer})
    return respond


def data(result: types.CallToolResult) -> Any:
    assert not result.isError, result.content
    structured = result.structuredContent
    assert structured is not None
    return structured.get("result", structured)


def balance(app: boot.App) -> int:
    with app.uow() as uow:
        return uow.ledger.balance(payments.wallet_account("alice"))


def session_run(app: boot.App, respond: Human, body: Callable[[ClientSession], Awaitable[None]]) -> None:
    server = mcp_server.build_server(app, secret=SECRET)

    async def main() -> None:
        async with create_connected_server_and_client_session(server, elicitation_callback=respond) as session:
            await body(session)
    anyio.run(main)


async def hold_tea(session: ClientSession) -> dict[str, Any]:
    found = data(await session.call_tool("search", {"domain": "takeout", "text": "珍珠奶茶", "user_id": "alice"}))
    offer: dict[str, Any] = data(await session.call_tool("order", {"user_id": "alice", "domain": "takeout",
                                                                  "ref": found[0]["ref"]}))
    return offer


def test_order_holds_and_only_the_persons_yes_with_the_bound_token_pays(app: boot.App) -> None:
    asked: list[str] = []
    start = balance(app)
    outcome: dict[str, Any] = {}

    async def body(session: ClientSession) -> None:
        tools = {t.name for t in (await session.list_tools()).tools}
        assert tools == {"search", "quote", "order", "confirm", "track"}
        offer = await hold_tea(session)
        wrong = await session.call_tool("confirm", {"user_id": "alice", "order_id": offer["order_id"],
                                                    "amount_fen": offer["pay_fen"] + 1,
                                                    "confirmation_token": offer["confirmation_token"]})
        forged = await session.call_tool("confirm", {"user_id": "alice", "order_id": offer["order_id"],
                                                     "amount_fen": offer["pay_fen"], "confirmation_token": "0" * 32})
        assert wrong.isError and forged.isError
        assert balance(app) == start
        outcome.update(offer=offer, paid=data(await session.call_tool("confirm", {
            "user_id": "alice", "order_id": offer["order_id"], "amount_fen": offer["pay_fen"],
            "confirmation_token": offer["confirmation_token"]})))
        outcome["tracked"] = data(await session.call_tool("track", {"user_id": "alice",
                                                                    "order_id": offer["order_id"]}))
    session_run(app, human(True, asked), body)
    offer, paid = outcome["offer"], outcome["paid"]
    assert offer["pay_fen"] == offer["total_fen"] - offer["discount_fen"]
    # a wrong amount or a forged token is refused before the person is bothered: asked once, for the real deal
    assert len(asked) == 1 and "确认支付" in asked[-1] and offer["title"] in asked[-1]
    assert paid["paid"] is True and paid["order"]["paid_fen"] == offer["pay_fen"]
    assert balance(app) == start - offer["pay_fen"]
    assert outcome["tracked"][0]["status"] == "fulfilling"     # paid, then preparing at the fixed clock


@pytest.mark.parametrize("answer", [False, None])
def test_a_declined_or_closed_confirmation_pays_nothing(app: boot.App, answer: bool | None) -> None:
    start = balance(app)
    outcome: dict[str, Any] = {}

    async def body(session: ClientSession) -> None:
        offer = await hold_tea(session)
        outcome.update(data(await session.call_tool("confirm", {
            "user_id": "alice", "order_id": offer["order_id"], "amount_fen": offer["pay_fen"],
            "confirmation_token": offer["confirmation_token"]})))
        outcome["status"] = data(await session.call_tool("track", {"user_id": "alice",
                                                                   "order_id": offer["order_id"]}))[0]["status"]
    session_run(app, human(answer, []), body)
    assert outcome["paid"] is False
    assert outcome["status"] == "held"
    assert balance(app) == start


def test_stdio_server_started_as_the_cli_answers_the_sdk_client(app: boot.App, tmp_path: Path) -> None:
    params = StdioServerParameters(command=sys.executable, args=["-m", "bangwo.cli", "mcp"],
                                   env={**os.environ, "BANGWO_DATABASE_URL": f"sqlite:///{tmp_path / 'bangwo.db'}"},
                                   cwd=str(Path(__file__).resolve().parents[2]))
    outcome: dict[str, Any] = {}

    async def main() -> None:
        async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
            await session.initialize()
            outcome["tools"] = sorted(t.name for t in (await session.list_tools()).tools)
            result = await session.call_tool("search", {"domain": "recharge", "limit": 2})
            outcome["found"] = json.loads(result.content[0].text) if isinstance(result.content[0], types.TextContent) \
                else None
    anyio.run(main)
    assert outcome["tools"] == ["confirm", "order", "quote", "search", "track"]
    assert outcome["found"]["domain"] == "recharge"


def test_with_client_approval_the_token_still_binds_offer_and_amount(app: boot.App) -> None:
    server = mcp_server.build_server(app, secret=SECRET, approval="client")
    start = balance(app)
    outcome: dict[str, Any] = {}

    async def main() -> None:
        async with create_connected_server_and_client_session(server) as session:
            offer = await hold_tea(session)
            args = {"user_id": "alice", "order_id": offer["order_id"], "amount_fen": offer["pay_fen"]}
            outcome["forged"] = await session.call_tool("confirm", {**args, "confirmation_token": "f" * 32})
            outcome["paid"] = data(await session.call_tool("confirm", {
                **args, "confirmation_token": offer["confirmation_token"]}))
            outcome["offer"] = offer
    anyio.run(main)
    assert outcome["forged"].isError
    assert outcome["paid"]["order"]["paid_fen"] == outcome["offer"]["pay_fen"]
    assert balance(app) == start - outcome["offer"]["pay_fen"]
