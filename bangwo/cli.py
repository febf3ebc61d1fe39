"""The `bangwo` command line: thin wrappers over bootstrap and the services."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from bangwo import bootstrap as boot
from bangwo import views
from bangwo.config import Settings
from bangwo.domain import fulfilment
from bangwo.domain.clocks import FixedClock, SystemClock, parse_now
from bangwo.domain.errors import BangwoError, InvalidRequestError
from bangwo.services import fulfilling
from bangwo.services.ports import Clock

app = typer.Typer(name="bangwo", help="帮我: one sentence in, a real errand done.", no_args_is_help=True,
                  pretty_exceptions_enable=False, add_completion=False)
catalog_app = typer.Typer(help="Browse the embedded service ecosystem.", no_args_is_help=True)
bench_app = typer.Typer(help="Benchmarks that print figures and a ratio against a baseline.", no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")
app.add_typer(bench_app, name="bench")

console = Console()
err = Console(stderr=True)
T = TypeVar("T")

NowOpt = Annotated[str | None, typer.Option("--now", help="Reference time, ISO-8601 (default: the clock).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for programs.")]
UserOpt = Annotated[str, typer.Option("--user", help="User id.")]


def make_clock(now: str | None) -> Clock:
    return FixedClock(parse_now(now)) if now else SystemClock()


@contextmanager
def friendly_errors() -> Iterator[None]:
    """Domain errors end the command with the Chinese message, never a stack trace."""
    try:
        yield
    except InvalidRequestError as exc:
        err.print(f"[red]{exc.user_message}[/red] ({exc.message})")
        raise typer.Exit(2) from None
    except BangwoError as exc:
        err.print(f"[red]{exc.user_message}[/red] ({exc.message})")
        raise typer.Exit(1) from None


def with_app(now: str | None, action: Callable[[boot.App], T]) -> T:
    with friendly_errors():
        application = boot.bootstrap(Settings(), clock=make_clock(now))
        try:
            return action(application)
        finally:
            application.close()


def emit_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, default=str) + "\n")


@app.command()
def seed(as_json: JsonOpt = False, now: NowOpt = None) -> None:
    """Create the database, load the generated catalog and the demo users."""
    report = with_app(now, boot.seed_demo)
    if as_json:
        emit_json(report)
        return
    table = Table(title="bangwo 服务生态已就绪")
    table.add_column("领域")
    table.add_column("条目", justify="right")
    for domain, count in report["catalog"].items():
        table.add_row(domain, str(count))
    console.print(table)
    console.print(f"数据库: {report['database']}  演示用户: {', '.join(report['users'])}")


@app.command()
def orders(user: UserOpt = "alice", as_json: JsonOpt = False, now: NowOpt = None,
           limit: Annotated[int, typer.Option(min=1, max=200)] = 20) -> None:
    """List a user's orders (fulfilment advanced to --now)."""
    def run(a: boot.App) -> list[dict[str, Any]]:
        fulfilling.advance_all(uow=a.uow, clock=a.clock)
        with a.uow.reader() as uow:
            uow.users.get(user)
            return [views.order_json(o, fulfilment.progress(o, a.clock.now()))
                    for o in uow.orders.list_for_user(user, limit=limit)]
    rows = with_app(now, run)
    if as_json:
        emit_json(rows)
        return
    console.print(views.orders_table(rows))


@app.command()
def cards(user: UserOpt = "alice", as_json: JsonOpt = False, now: NowOpt = None) -> None:
    """Show a user's free-order cards and wallet."""
    def run(a: boot.App) -> dict[str, Any]:
        with a.uow.reader() as uow:
            uow.users.get(user)
            return views.wallet_json(uow, user, a.clock.now())
    report = with_app(now, run)
    if as_json:
        emit_json(report)
        return
    console.print(views.wallet_panel(report))


@app.command()
def ledger(as_json: JsonOpt = False) -> None:
    """Balances of every ledger account; they always sum to zero."""
    def run(a: boot.App) -> dict[str, int]:
        with a.uow.reader() as uow:
            return uow.ledger.balances()
    balances = with_app(None, run)
    if as_json:
        emit_json({"balances_fen": balances, "sum_fen": sum(balances.values())})
        return
    table = Table(title="账本余额")
    table.add_column("账户")
    table.add_column("余额", justify="right")
    for account, amount in sorted(balances.items()):
        table.add_row(account, views.yuan(amount))
    table.add_row("[b]合计[/b]", views.yuan(sum(balances.values())))
    console.print(table)


def main() -> None:
    app()
