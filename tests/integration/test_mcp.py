"""The MCP server through the SDK's own client: in memory, and over stdio as `python -m bangwo.cli mcp`."""

from __future__ import annotations

import json
import os
import subprocess
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
from bangwo.services.tokens import Role, TokenSigner
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
    server = mcp_server.build_server(app, secret=SECRET, user_id="alice")

    async def main() -> None:
        async with create_connected_server_and_client_session(server, elicitation_callback=respond) as session:
            await body(session)
    anyio.run(main)


async def hold_tea(session: ClientSession) -> dict[str, Any]:
    found = data(await session.call_tool("search", {"domain": "takeout", "text": "珍珠奶茶"}))
    offer: dict[str, Any] = data(await session.call_tool("order", {"domain": "takeout", "ref": found[0]["ref"]}))
    return offer


def test_order_holds_and_only_the_persons_yes_with_the_bound_token_pays(app: boot.App) -> None:
    asked: list[str] = []
    start = balance(app)
    outcome: dict[str, Any] = {}

    async def body(session: ClientSession) -> None:
        tools = {t.name for t in (await session.list_tools()).tools}
        assert tools == {"search", "quote", "order", "confirm", "track"}
        offer = await hold_tea(session)
        wrong = await session.call_tool("confirm", {"order_id": offer["order_id"],
                                                    "amount_fen": offer["pay_fen"] + 1,
                                                    "confirmation_token": offer["confirmation_token"]})
        forged = await session.call_tool("confirm", {"order_id": offer["order_id"],
                                                     "amount_fen": offer["pay_fen"], "confirmation_token": "0" * 32})
        assert wrong.isError and forged.isError
        assert balance(app) == start
        outcome.update(offer=offer, paid=data(await session.call_tool("confirm", {
            "order_id": offer["order_id"], "amount_fen": offer["pay_fen"],
            "confirmation_token": offer["confirmation_token"]})))
        outcome["tracked"] = data(await session.call_tool("track", {"order_id": offer["order_id"]}))
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
            "order_id": offer["order_id"], "amount_fen": offer["pay_fen"],
            "confirmation_token": offer["confirmation_token"]})))
        outcome["status"] = data(await session.call_tool("track", {"order_id": offer["order_id"]}))[0]["status"]
    session_run(app, human(answer, []), body)
    assert outcome["paid"] is False
    assert outcome["status"] == "held"
    assert balance(app) == start


def test_no_tool_takes_a_user_id_and_a_smuggled_one_acts_for_nobody_else(app: boot.App) -> None:
    outcome: dict[str, Any] = {}

    async def body(session: ClientSession) -> None:
        tools = (await session.list_tools()).tools
        outcome["params"] = {t.name: set(t.inputSchema.get("properties", {})) for t in tools}
        found = data(await session.call_tool("search", {"domain": "takeout", "text": "珍珠奶茶"}))
        smuggled = await session.call_tool("order", {"user_id": "bob", "domain": "takeout", "ref": found[0]["ref"]})
        outcome["order"] = None if smuggled.isError else data(smuggled)
        outcome["bob"] = data(await session.call_tool("track", {"user_id": "bob"}))
    session_run(app, human(True, []), body)
    assert all("user_id" not in names for names in outcome["params"].values()), outcome["params"]
    with app.uow.reader() as uow:
        assert uow.orders.list_for_user("bob", limit=10) == []
        if outcome["order"] is not None:       # the stray argument is ignored: the order is the token user's
            assert uow.orders.get(outcome["order"]["order_id"]).user_id == "alice"
    assert [o["id"] for o in outcome["bob"]] == ([outcome["order"]["order_id"]] if outcome["order"] else [])


def stdio_params(tmp_path: Path, **env: str) -> StdioServerParameters:
    base = {k: v for k, v in os.environ.items() if not k.startswith("BANGWO_")}
    return StdioServerParameters(command=sys.executable, args=["-m", "bangwo.cli", "mcp"],
                                 env={**base, "BANGWO_DATABASE_URL": f"sqlite:///{tmp_path / 'bangwo.db'}", **env},
                                 cwd=str(Path(__file__).resolve().parents[2]))


def test_stdio_server_started_as_the_cli_answers_the_sdk_client(app: boot.App, tmp_path: Path) -> None:
    token, _ = TokenSigner(b"mcp-secret", 3600).issue("alice", Role.USER)
    params = stdio_params(tmp_path, BANGWO_AUTH_SECRET="mcp-secret", BANGWO_MCP_TOKEN=token)
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


@pytest.mark.parametrize("token", ["", "forged", "another-key"])
def test_the_stdio_server_refuses_to_start_without_a_valid_user_token(app: boot.App, tmp_path: Path,
                                                                      token: str) -> None:
    if token == "another-key":
        token, _ = TokenSigner(b"another-secret", 3600).issue("alice", Role.USER)
    env = {"BANGWO_AUTH_SECRET": "mcp-secret", **({"BANGWO_MCP_TOKEN": token} if token else {})}
    done = subprocess.run([sys.executable, "-m", "bangwo.cli", "mcp"], env=stdio_params(tmp_path, **env).env,
                          cwd=str(Path(__file__).resolve().parents[2]), input="", capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode != 0
    assert "BANGWO_MCP_TOKEN" in done.stderr or "登录" in done.stderr, done.stderr


def test_with_client_approval_the_token_still_binds_offer_and_amount(app: boot.App) -> None:
    server = mcp_server.build_server(app, secret=SECRET, user_id="alice", approval="client")
    start = balance(app)
    outcome: dict[str, Any] = {}

    async def main() -> None:
        async with create_connected_server_and_client_session(server) as session:
            offer = await hold_tea(session)
            args = {"order_id": offer["order_id"], "amount_fen": offer["pay_fen"]}
            outcome["forged"] = await session.call_tool("confirm", {**args, "confirmation_token": "f" * 32})
            outcome["paid"] = data(await session.call_tool("confirm", {
                **args, "confirmation_token": offer["confirmation_token"]}))
            outcome["offer"] = offer
    anyio.run(main)
    assert outcome["forged"].isError
    assert outcome["paid"]["order"]["paid_fen"] == outcome["offer"]["pay_fen"]
    assert balance(app) == start - outcome["offer"]["pay_fen"]
