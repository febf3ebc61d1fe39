"""The `bangwo` command line: thin wrappers over bootstrap and the services.

Imports are lazy: this module loads typer and the standard library only, and each command imports what it
uses, so `bangwo --help` and `bangwo understand` start in a fraction of a second (docs/benchmarks.md).
A sub-app registered here must keep that: import its module at the top (cheap, typer only) and the heavy
modules inside its commands, e.g. ``cli_catalog.register(catalog_app)``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from bangwo import cli_catalog, cli_common, cli_llm, cli_ops, cli_understand
from bangwo.cli_common import JsonOpt, NowOpt, UserOpt, emit_json, make_clock, with_app
from bangwo.domain.domains import Domain

if TYPE_CHECKING:
    from rich.console import Console

    from bangwo import bootstrap as boot
    from bangwo.domain.frames import ProfileDefaults

__all__ = ["app", "emit_json", "main", "make_clock", "with_app"]

app = typer.Typer(name="bangwo", help="帮我: one sentence in, a real errand done.", no_args_is_help=True,
                  pretty_exceptions_enable=False, add_completion=False,
                  epilog="Exit codes: 0 done, 1 error, 2 usage error, 3 not found. With --json, errors are JSON "
                         "on stdout. Settings: BANGWO_* (docs/operations.md).")
catalog_app = typer.Typer(help="Browse the embedded service ecosystem.", no_args_is_help=True)
bench_app = typer.Typer(help="Benchmarks that print figures and a ratio against a baseline.", no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")
app.add_typer(bench_app, name="bench")
eval_app = typer.Typer(help="Evaluate components on labelled data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


def console() -> Console:
    from rich.console import Console

    return Console()


def err() -> Console:
    from rich.console import Console

    return Console(stderr=True)


@app.command()
def seed(as_json: JsonOpt = False, now: NowOpt = None) -> None:
    """Create the database, load the generated catalog and the demo users."""
    from rich.table import Table

    from bangwo import bootstrap as boot

    report = with_app(now, boot.seed_demo)
    if as_json:
        emit_json(report)
        return
    table = Table(title="bangwo 服务生态已就绪")
    table.add_column("领域")
    table.add_column("条目", justify="right")
    for domain, count in report["catalog"].items():
        table.add_row(domain, str(count))
    out = console()
    out.print(table)
    out.print(f"数据库: {report['database']}  演示用户: {', '.join(report['users'])}")


@app.command()
def orders(user: UserOpt = "alice", as_json: JsonOpt = False, now: NowOpt = None,
           limit: Annotated[int, typer.Option(min=1, max=200)] = 20) -> None:
    """List a user's orders (fulfilment advanced to --now)."""
    from bangwo import views
    from bangwo.domain.users import check_user_id
    from bangwo.services import fulfilling

    def run(a: boot.App) -> list[dict[str, Any]]:
        fulfilling.advance_all(uow=a.uow, clock=a.clock)
        with a.uow.reader() as uow:
            uow.users.get(check_user_id(user))
            return [views.order_json(o, a.clock.now())
                    for o in uow.orders.list_for_user(user, limit=limit)]
    rows = with_app(now, run)
    if as_json:
        emit_json(rows)
        return
    console().print(views.orders_table(rows))


@app.command()
def cards(user: UserOpt = "alice", as_json: JsonOpt = False, now: NowOpt = None) -> None:
    """Show a user's free-order cards and wallet."""
    from bangwo import views
    from bangwo.domain.users import check_user_id

    def run(a: boot.App) -> dict[str, Any]:
        with a.uow.reader() as uow:
            uow.users.get(check_user_id(user))
            return views.wallet_json(uow, user, a.clock.now())
    report = with_app(now, run)
    if as_json:
        emit_json(report)
        return
    console().print(views.wallet_panel(report))


@app.command()
def places(
    user: UserOpt = "alice", as_json: JsonOpt = False,
    set_: Annotated[list[str] | None, typer.Option("--set", help="LABEL=ADDRESS, e.g. 公司=文三路478号")] = None,
    delete: Annotated[list[str] | None, typer.Option("--delete", help="Forget a label.")] = None,
) -> None:
    """The user's named places (家, 公司, 学校, 宿舍...): list, set and forget them."""
    from bangwo.domain.errors import InvalidRequestError
    from bangwo.services import placing

    def run(a: boot.App) -> None:
        for item in set_ or []:
            label, sep, text = item.partition("=")
            if not sep:
                raise InvalidRequestError(f"--set wants LABEL=ADDRESS, got {item!r}",
                                          user_message="格式：--set 公司=文三路478号")
            placing.set_place(user, label, text, uow=a.uow(), clock=a.clock, geocoder=a.geocoder())
        for label in delete or []:
            placing.delete_place(user, label, uow=a.uow())
        book = placing.places_of(user, uow=a.uow.reader())
        if as_json:
            emit_json([{"label": k, "text": v.text, "city": v.city} for k, v in book.items()])
            return
        out = console()
        for label, address in book.items():
            out.print(f"{label}：{address.text}", markup=False, highlight=False)
        if not book:
            out.print("还没有常用地址。用 --set 公司=文三路478号 添加。")
    with_app(None, run)


@app.command()
def ledger(as_json: JsonOpt = False) -> None:
    """Balances of every ledger account; they always sum to zero."""
    from rich.table import Table

    from bangwo import views

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
    console().print(table)


@app.command()
def demo(now: NowOpt = "2026-02-06T12:00:00+08:00") -> None:
    """A scripted walk through several domains: tea, cinema, rail, hotel, a refund."""
    from bangwo import demo as demo_mod

    with_app(now, lambda a: demo_mod.run(a, console()))


@catalog_app.command("search")
def catalog_search(
    domain: Annotated[Domain, typer.Argument(help="领域 (the business domain).", case_sensitive=False)],
    text: Annotated[str | None, typer.Option("--text", "-q", help="Words to look for.")] = None,
    city: Annotated[str | None, typer.Option(help="City, e.g. 杭州.")] = None,
    on: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD.")] = None,
    user: Annotated[str | None, typer.Option(help="Search near this user's default address.")] = None,
    filters: Annotated[list[str] | None, typer.Option("--filter", "-f", help="slot=value (frames.md names).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=200)] = 10,
    as_json: JsonOpt = False, now: NowOpt = None,
) -> None:
    """Search one domain of the catalog; shows what is left in stock."""
    from bangwo import views
    from bangwo.services import quoting

    query = views.search_query(domain.value, text=text, city=city, on=on, filters=filters or [], limit=limit)

    def run(a: boot.App) -> list[dict[str, Any]]:
        q = query
        if user:
            with a.uow.reader() as uow:
                q = views.near_user(q, uow.users.get(user))
        return [views.listing_json(x) for x in
                quoting.search(q, catalog=a.catalog, uow=a.uow(), clock=a.clock)]
    rows = with_app(now, run)
    if as_json:
        emit_json(rows)
        return
    console().print(views.listings_table(rows))


@bench_app.command("core")
def bench_core(
    seconds: Annotated[float, typer.Option(min=1.0, max=120.0)] = 10.0,
    clients: Annotated[int, typer.Option(min=1, max=64)] = 8,
    processes: Annotated[int, typer.Option(min=1, max=8)] = 2,
    sqlite_url: Annotated[str | None, typer.Option(help="Default: a new file in a temp dir.")] = None,
    pg_url: Annotated[str | None, typer.Option(help="PostgreSQL URL; 'skip' to leave it out.")] =
        "postgresql+psycopg://postgres@127.0.0.1:5432/test",
    as_json: JsonOpt = False,
) -> None:
    """quote→hold→order→pay per second on SQLite and PostgreSQL vs the bare insert rate."""
    from bangwo import views
    from bangwo.bench import core as bench

    targets = [("sqlite", sqlite_url or bench.default_sqlite_url())]
    if pg_url and pg_url != "skip":
        targets.append(("postgresql", pg_url))
    results = []
    for name, url in targets:
        base, flow = bench.run(url, clients=clients, processes=processes, seconds=seconds)
        results.append(bench.summary(name, base, flow, clients))
    if as_json:
        emit_json(results)
        return
    console().print(views.bench_table(results, title=f"bench core: {clients} clients, {processes} processes, "
                                                    f"{seconds:.0f}s per run"))


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    workers: Annotated[int | None, typer.Option(min=1, max=64, help="Worker processes (default BANGWO_WORKERS).")] = None,
    now: NowOpt = None,
    journal: Annotated[bool, typer.Option("--journal/--no-journal", help=(
        "Run the card-claim journal writer next to the workers (with Redis); --no-journal when `bangwo journal` "
        "runs on its own (compose.yaml)."))] = True,
) -> None:
    """The HTTP service in production mode: several workers, /healthz, /readyz, /metrics."""
    import logging
    import os
    import shutil
    import tempfile

    import uvicorn

    from bangwo import bootstrap as boot
    from bangwo import observability
    from bangwo.config import Settings
    from bangwo.domain.clocks import parse_now
    from bangwo.journal_process import JournalProcess

    if now:
        os.environ["BANGWO_NOW"] = parse_now(now).isoformat()
    if workers:
        os.environ["BANGWO_WORKERS"] = str(workers)
    settings = Settings()
    observability.configure_logging(settings)
    boot.check_serving_secret(settings)   # production: a configured secret; else one kept in the database
    report = boot.prepare_serving(settings)
    os.environ.setdefault("BANGWO_AUTH_SECRET", boot.serving_token_secret(settings))   # every worker alike
    metrics_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or os.path.join(tempfile.gettempdir(), f"bangwo-metrics-{port}")
    shutil.rmtree(metrics_dir, ignore_errors=True)
    os.makedirs(metrics_dir, exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
    logging.getLogger("bangwo.serve").info("serving", extra={"host": host, "port": port,
                                                             "workers": settings.workers, **report})
    out = err()
    out.print(f"bangwo serve http://{host}:{port} workers={settings.workers} {json.dumps(report, ensure_ascii=False)}")
    out.print(f"网页 http://{host}:{port}/  运营看板 http://{host}:{port}/dashboard  API 文档 http://{host}:{port}/docs")
    writer = JournalProcess(settings) if settings.redis_url and journal else None
    if writer is not None:
        writer.start()
    try:
        uvicorn.run("bangwo.api.app:create_app_from_env", factory=True, host=host, port=port,
                    workers=settings.workers, loop="uvloop", http="httptools", access_log=False, log_level="warning",
                    backlog=4096, timeout_graceful_shutdown=10)
    finally:
        if writer is not None:
            writer.stop()


@bench_app.command("flash")
def bench_flash(
    stock: Annotated[int, typer.Option(min=1, max=1_000_000)] = 50_000,
    users: Annotated[int, typer.Option(min=1, max=100_000)] = 3_000,
    workers: Annotated[int, typer.Option(min=1, max=16)] = 2,
    concurrency: Annotated[int, typer.Option(min=1, max=1024, help="Keep-alive connections.")] = 128,
    depth: Annotated[int, typer.Option(min=1, max=16, help="Requests in flight per connection (pipelining).")] = 1,
    pg_url: Annotated[str, typer.Option()] = "postgresql+psycopg://postgres@127.0.0.1:5432/test",
    redis_url: Annotated[str, typer.Option()] = "redis://127.0.0.1:6379/0",
    as_json: JsonOpt = False,
) -> None:
    """A flash crowd claims STOCK cards through HTTP from a real `bangwo serve` (oversold, over cap, lost: 0)."""
    from bangwo import views
    from bangwo.bench import flash

    report = flash.run(pg_url=pg_url, redis_url=redis_url, stock=stock, users=users, workers=workers,
                       concurrency=concurrency, depth=depth)
    if as_json:
        emit_json(report)
        return
    console().print(views.report_table(report, title=f"bench flash: {stock} cards, {users} users, {workers} workers"))


@bench_app.command("start")
def bench_start(
    runs: Annotated[int, typer.Option(min=1, max=200, help="Runs per command (after one warm-up run).")] = 15,
    as_json: JsonOpt = False,
) -> None:
    """How long `bangwo --help` and `bangwo understand …` take from exec to exit, against `python -c pass`."""
    from bangwo.bench import start

    try:
        report = start.run(runs=runs)
    except RuntimeError as exc:
        cli_common.report_error(code="command_failed", message="被测命令执行失败", detail=str(exc), as_json=as_json)
        raise typer.Exit(1) from None
    if as_json:
        emit_json(report)
        return
    for name, value in report.items():
        if isinstance(value, dict):
            typer.echo(f"{name:45s} wall median {value['wall_median_s']:.3f} s (fastest {value['wall_min_s']:.3f} s), "
                       f"CPU {value['cpu_median_s']:.3f} s, {value['ratio_to_baseline']:.1f}x the interpreter")


@bench_app.command("storm")
def bench_storm(
    rate: Annotated[float, typer.Option(min=1.0, max=20_000.0, help="Target orders per second.")] = 1000.0,
    seconds: Annotated[float, typer.Option(min=1.0, max=600.0)] = 60.0,
    workers: Annotated[int, typer.Option(min=1, max=16)] = 2,
    users: Annotated[int, typer.Option(min=1, max=20_000)] = 500,
    profile: Annotated[int, typer.Option(min=0, max=1000, help="Orders to profile in-process afterwards.")] = 50,
    max_inflight: Annotated[int, typer.Option(min=1, max=1024, help="Admission: requests served at once per worker "
                                              "(BANGWO_MAX_INFLIGHT); the rest queue by priority.")] = 4,
    pg_url: Annotated[str, typer.Option()] = "postgresql+psycopg://postgres@127.0.0.1:5432/test",
    redis_url: Annotated[str, typer.Option(help="'off' runs card claims on the database alone.")] =
        "redis://127.0.0.1:6379/0",
    as_json: JsonOpt = False,
) -> None:
    """One-sentence orders (奶茶 → 第一个 → 确认) through HTTP at a target rate; orders/s, p50/p99, shed."""
    from bangwo import views
    from bangwo.bench import storm

    report = storm.run(pg_url=pg_url, redis_url=None if redis_url == "off" else redis_url, rate=rate,
                       seconds=seconds, workers=workers, users=users, profile=profile, max_inflight=max_inflight)
    if as_json:
        emit_json(report)
        return
    top = report.pop("profile_top", [])
    out = console()
    out.print(views.report_table(report, title=f"bench storm: {rate:.0f}/s for {seconds:.0f}s, {workers} workers"))
    for line in top:
        out.print(line, markup=False, highlight=False)


@app.command()
def chat(
    user: UserOpt = "alice", as_json: JsonOpt = False, now: NowOpt = None,
    conversation: Annotated[str, typer.Option("--conversation", help="Conversation id (resumable).")] = "default",
) -> None:
    """Talk to bangwo: one message per line; --json prints one turn per line for programs."""
    from rich.panel import Panel

    from bangwo import views
    from bangwo.conversation.replies import greeting as replies_greeting
    from bangwo.domain.users import check_user_id

    def run(a: boot.App) -> None:
        engine = a.conversation()
        check_user_id(user)
        with a.uow.reader() as uow:
            uow.users.get(user)
        interactive = sys.stdin.isatty() and not as_json
        out = console()
        if interactive:
            out.print(Panel(replies_greeting(), title="帮我", expand=False))
        while True:
            try:
                line = out.input("[bold cyan]你[/bold cyan]：") if interactive else sys.stdin.readline()
            except EOFError:
                break
            if not interactive and line == "":
                break
            turn = engine.handle(user, line.rstrip("\n"), conversation_id=conversation)
            if as_json:
                emit_json(turn.to_json())
                sys.stdout.flush()
            else:
                views.print_turn(out, turn.to_json())
    with_app(now, run)


def load_profile(user_id: str) -> ProfileDefaults | None:
    """The saved defaults of a user in the configured database (None when unknown)."""
    from bangwo.domain.frames import ProfileDefaults

    def run(a: boot.App) -> ProfileDefaults | None:
        with a.uow.reader() as uow:
            user = uow.users.find(user_id)
        if user is None:
            return None
        address = user.default_address
        return ProfileDefaults(address=address.text if address else None, home_city=user.home_city,
                               phone=user.phone)
    return with_app(None, run)


@eval_app.command("dialogue")
def eval_dialogue(
    file: Annotated[Path, typer.Argument(help="JSON-lines file of labelled utterances (as for eval understand).")],
    as_json: JsonOpt = False, now: NowOpt = "2026-02-06T12:00:00+08:00",
    dead_ends: Annotated[int, typer.Option("--dead-ends", help="How many dead ends to list.")] = 40,
) -> None:
    """Play each utterance as a new person's first turn: offers, a question, an answer or a dead end."""
    from bangwo.bench import dialogues
    from bangwo.domain.clocks import parse_now

    if not file.is_file():
        raise typer.BadParameter(f"no such file: {file}", param_hint="FILE")
    report = dialogues.run(file, now=parse_now(now or "2026-02-06T12:00:00+08:00"))
    if as_json:
        emit_json(report.to_json())
        return
    dialogues.print_report(console(), report, dead_ends=dead_ends)


cli_understand.register(app, bench_app=bench_app, eval_app=eval_app, profile_loader=load_profile)
cli_llm.register(app, bench_app=bench_app)
cli_catalog.register(catalog_app)
cli_ops.register(app)


cli_common.report_errors(app)   # keep last: every command above (and registered above) reports its errors


def main(argv: list[str] | None = None) -> int:
    """The `bangwo` entry point: runs one command and returns its exit code (docs/operations.md)."""
    return cli_common.run(app, list(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    sys.exit(main())
